/// A failed linear-algebra operation: a LAPACK routine that reported a nonzero `info`, or operands
/// whose shapes do not fit. The message names the routine, `info`, what the caller was doing and
/// what `info` means for that routine, e.g.
///
///     LAPACKE_dpotrf info=3 while factoring sigma_u of VAR 'fav': the leading minor of order 3
///     is not positive definite, so the matrix is not positive definite
public struct LinearAlgebraError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The broad kind of failure, for callers that react differently to each.
    public enum Kind: String, Hashable, Sendable {
        /// Operand shapes do not fit (checked before any library call).
        case dimensionMismatch
        /// LAPACK reported `info > 0`: singular, not positive definite, no convergence, rank deficient.
        case numericalFailure
        /// LAPACK reported `info < 0`: an illegal argument; LAPACKE reports NaN entries this way.
        case illegalArgument
    }

    /// The kind of failure.
    public let kind: Kind
    /// The LAPACKE routine (`LAPACKE_dpotrf`, …) or the Swift operation (`multiply`, …) that failed.
    public let routine: String
    /// LAPACK's `info`, or `nil` when the failure was found before calling LAPACK.
    public let info: Int?
    /// What the caller was doing, a phrase that reads after "while", e.g.
    /// `factoring sigma_u of VAR 'fav'` (may be empty).
    public let context: String
    /// What went wrong, in words (for LAPACK: the meaning of `info` for this routine).
    public let reason: String

    /// Creates an error; the library creates these, tests and callers may too.
    public init(kind: Kind, routine: String, info: Int?, context: String, reason: String) {
        self.kind = kind
        self.routine = routine
        self.info = info
        self.context = context
        self.reason = reason
    }

    /// `routine [info=N] [while context]: reason`.
    public var description: String {
        var text = routine
        if let info { text += " info=\(info)" }
        if !context.isEmpty { text += " while \(context)" }
        return text + ": " + reason
    }

    /// A shape error of `operation`.
    static func dimensions(_ operation: String, _ context: String, _ reason: String) -> LinearAlgebraError {
        LinearAlgebraError(kind: .dimensionMismatch, routine: operation, info: nil, context: context, reason: reason)
    }
}

/// `3×4`, for messages.
func shape(_ rows: Int, _ columns: Int) -> String { "\(rows)×\(columns)" }
