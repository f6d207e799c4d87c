import ThesisLinearAlgebra

/// Why a VAR could not be estimated or analysed. Every failure of the VAR engine is one of these
/// (thrown, never a trap); `description` is a complete sentence for a diagnostic.
public enum VARError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Not enough observations for `lags` lags: estimating a VAR(p) with K series, `trendTerms`
    /// deterministic terms and T rows leaves T − p observations for K·p + trendTerms coefficients
    /// per equation, and at least K residual degrees of freedom are needed (Σu positive definite).
    case tooManyLags(lags: Int, rows: Int, series: Int, trendTerms: Int, maximum: Int)
    /// The regressor matrix Z has (numerically) linearly dependent columns, e.g. two series that
    /// are multiples of each other or a constant series next to the constant term. `regressors`
    /// names the columns involved (`name.L1`, `const`, …); `condition` is the ratio of the extreme
    /// eigenvalues of the column-scaled Z'Z.
    case singularDesign(regressors: [String], condition: Double)
    /// The residual covariance Σu is not positive definite (needed for the Cholesky factor).
    case singularCovariance(String)
    /// A value in the data is NaN or infinite.
    case nonFinite(series: String, row: Int, value: Double)
    /// A series name that the model does not have.
    case unknownVariable(String, available: [String])
    /// An argument out of its range (steps, alpha, replications, names, …).
    case invalidArgument(String)
    /// A linear-algebra routine failed (shapes or LAPACK), with its context.
    case linearAlgebra(String)

    /// A complete sentence saying what is wrong and, where it helps, what to do.
    public var description: String {
        switch self {
        case let .tooManyLags(lags, rows, series, trendTerms, maximum):
            let n = rows - lags
            return "too many lags for the sample: a VAR(\(lags)) on \(series) series with \(trendTerms) deterministic "
                + "term(s) has \(series * lags + trendTerms) coefficients per equation but only \(max(n, 0)) usable "
                + "observations out of \(rows) rows, and \(series) residual degrees of freedom are needed; "
                + "at most \(maximum) lag(s) can be estimated"
        case let .singularDesign(regressors, condition):
            let which = regressors.isEmpty ? "" : " (involving \(regressors.joined(separator: ", ")))"
            return "singular design: the regressors are collinear\(which); scaled Z'Z has eigenvalue ratio "
                + "\(condition). Remove a series that is a linear combination of the others (or constant)"
        case let .singularCovariance(detail):
            return "the residual covariance Σu is not positive definite: \(detail)"
        case let .nonFinite(series, row, value):
            return "series '\(series)' has the non-finite value \(value) at row \(row + 1); "
                + "drop or fill missing values before fitting a VAR"
        case let .unknownVariable(name, available):
            return "unknown series '\(name)'; the model has: \(available.joined(separator: ", "))"
        case let .invalidArgument(text):
            return text
        case let .linearAlgebra(text):
            return "linear algebra failed: \(text)"
        }
    }

    /// Wraps a `LinearAlgebraError` (or any other error) thrown by ThesisLinearAlgebra.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VARError {
            throw error
        } catch {
            throw VARError.linearAlgebra(String(describing: error))
        }
    }
}
