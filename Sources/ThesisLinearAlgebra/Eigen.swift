import CBLAS
import Foundation

// Eigenvalue problems: symmetric (dsyevd, divide and conquer) and general (dgeev).

/// Eigenvalues and eigenvectors of a symmetric matrix, largest eigenvalue first.
public struct SymmetricEigendecomposition: Hashable, Sendable {
    /// Eigenvalues in DESCENDING order.
    public var values: [Double]
    /// Orthonormal eigenvectors: column `j` belongs to `values[j]`.
    public var vectors: Matrix

    /// Creates a decomposition from its parts.
    public init(values: [Double], vectors: Matrix) {
        self.values = values
        self.vectors = vectors
    }

    /// The same decomposition with each eigenvector's sign chosen so that its largest-magnitude
    /// component is positive (the first such component on ties) — the factor-model sign rule,
    /// which makes eigen and SVD results agree.
    public func withLargestComponentPositive() -> SymmetricEigendecomposition {
        var copy = self
        copy.vectors.normaliseColumnSigns()
        return copy
    }
}

/// Eigenvalues (descending) and orthonormal eigenvectors of a symmetric matrix (`LAPACKE_dsyevd`,
/// uplo `L`: only the lower triangle of `a` is read).
/// - Throws: `LinearAlgebraError` if `a` is not square or the algorithm does not converge.
public func symmetricEigen(_ a: Matrix, context: @autoclosure () -> String = "") throws -> SymmetricEigendecomposition {
    try requireSquare(a, "symmetricEigen", context)
    let n = a.rows
    var vectors = a
    var values = [Double](repeating: 0, count: n)
    if n == 0 { return SymmetricEigendecomposition(values: values, vectors: vectors) }
    try syevd(&vectors, &values, jobz: "V", context)
    // LAPACK returns ascending order: reverse the values and the columns in place.
    values.reverse()
    vectors.reverseColumnOrder()
    return SymmetricEigendecomposition(values: values, vectors: vectors)
}

/// The `count` largest eigenvalues (descending) and their orthonormal eigenvectors (`n × count`)
/// of a symmetric matrix (`LAPACKE_dsyevr`, range `I`, uplo `L`: only the lower triangle is read),
/// e.g. the first k principal components without the full decomposition.
/// - Throws: `LinearAlgebraError` if `a` is not square, `count` is not in `0...n`, or LAPACK fails.
public func symmetricEigen(_ a: Matrix, largest count: Int,
                           context: @autoclosure () -> String = "") throws -> SymmetricEigendecomposition {
    try requireSquare(a, "symmetricEigen", context)
    let n = a.rows
    guard count >= 0 && count <= n else {
        throw LinearAlgebraError.dimensions("symmetricEigen", context(),
            "asked for the \(count) largest eigenpairs of a \(shape(n, n)) matrix")
    }
    var vectors = Matrix(rows: n, columns: count)
    var values = [Double](repeating: 0, count: n)
    if count == 0 { return SymmetricEigendecomposition(values: [], vectors: vectors) }
    var work = a
    var found: Int32 = 0
    var support = [Int32](repeating: 0, count: 2 * count)
    let info = work.withUnsafeMutableBufferPointer { p in
        vectors.withUnsafeMutableBufferPointer { z in
            LAPACKE_dsyevr(columnMajorLayout, lapackChar("V"), lapackChar("I"), lapackChar("L"), int32(n),
                           p.baseAddress, leading(n), 0, 0, int32(n - count + 1), int32(n), 0,
                           &found, &values, z.baseAddress, leading(n), &support)
        }
    }
    try checkInfo(info, "LAPACKE_dsyevr", context) { _ in "internal error in the MRRR algorithm (DSTEMR)" }
    precondition(Int(found) == count, "internal: dsyevr returned \(found) of \(count) eigenpairs")
    // Ascending → descending.
    values = Array(values.prefix(count).reversed())
    vectors.reverseColumnOrder()
    return SymmetricEigendecomposition(values: values, vectors: vectors)
}

/// Eigenvalues of a symmetric matrix in DESCENDING order, without eigenvectors
/// (`LAPACKE_dsyevd`, jobz `N`; only the lower triangle is read).
/// - Throws: `LinearAlgebraError` if `a` is not square or the algorithm does not converge.
public func symmetricEigenvalues(_ a: Matrix, context: @autoclosure () -> String = "") throws -> [Double] {
    try requireSquare(a, "symmetricEigenvalues", context)
    var work = a
    var values = [Double](repeating: 0, count: a.rows)
    if a.rows == 0 { return values }
    try syevd(&work, &values, jobz: "N", context)
    values.reverse()
    return values
}

private func syevd(_ a: inout Matrix, _ values: inout [Double], jobz: Unicode.Scalar,
                   _ context: () -> String) throws {
    let n = a.rows
    let info = a.withUnsafeMutableBufferPointer { p in
        values.withUnsafeMutableBufferPointer { w in
            LAPACKE_dsyevd(columnMajorLayout, lapackChar(jobz), lapackChar("L"), int32(n),
                           p.baseAddress, leading(n), w.baseAddress)
        }
    }
    try checkInfo(info, "LAPACKE_dsyevd", context) { i in
        jobz == "N"
            ? "the algorithm failed to converge: \(i) off-diagonal elements of an intermediate tridiagonal form did not converge to zero"
            : "the algorithm failed to compute an eigenvalue while working on the submatrix in rows and columns \(i / (n + 1)) through \(i % (n + 1))"
    }
}

// MARK: - General (non-symmetric) matrices

/// A complex number `real + imaginary·i` (an eigenvalue of a real matrix).
public struct ComplexValue: Hashable, Sendable, CustomStringConvertible {
    /// The real part.
    public var real: Double
    /// The imaginary part.
    public var imaginary: Double

    /// Creates `real + imaginary·i`.
    public init(real: Double, imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    /// `|z| = sqrt(real² + imaginary²)` (`hypot`, no overflow); below 1 for every eigenvalue of a
    /// stable VAR's companion matrix.
    public var modulus: Double { hypot(real, imaginary) }

    /// `0.5+0.25i`.
    public var description: String {
        imaginary == 0 ? "\(real)" : "\(real)\(imaginary < 0 ? "-" : "+")\(abs(imaginary))i"
    }
}

/// The eigenvalues of a general square real matrix (`LAPACKE_dgeev`, no eigenvectors), e.g. of a
/// VAR companion matrix for the stability check. Sorted by DESCENDING modulus (then real part,
/// then imaginary part, descending), so a complex-conjugate pair lists `+i` first.
/// - Throws: `LinearAlgebraError` if `a` is not square or the QR algorithm does not converge.
public func eigenvalues(_ a: Matrix, context: @autoclosure () -> String = "") throws -> [ComplexValue] {
    try requireSquare(a, "eigenvalues", context)
    let n = a.rows
    if n == 0 { return [] }
    var work = a
    var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
    let info = work.withUnsafeMutableBufferPointer { p in
        LAPACKE_dgeev(columnMajorLayout, lapackChar("N"), lapackChar("N"), int32(n), p.baseAddress, leading(n),
                      &wr, &wi, nil, 1, nil, 1)
    }
    try checkInfo(info, "LAPACKE_dgeev", context) { i in
        "the QR algorithm failed to compute all the eigenvalues; only eigenvalues \(i + 1) through \(n) converged"
    }
    let values = (0..<n).map { ComplexValue(real: wr[$0], imaginary: wi[$0]) }
    return values.sorted { x, y in
        let mx = x.modulus, my = y.modulus
        if mx != my { return mx > my }
        if x.real != y.real { return x.real > y.real }
        return x.imaginary > y.imaginary
    }
}

// MARK: - Sign normalisation

/// `true` when the largest-magnitude entry of `v` (the first on ties) is negative.
func largestComponentIsNegative(_ v: UnsafeBufferPointer<Double>) -> Bool {
    guard !v.isEmpty else { return false }
    var best = 0
    for i in v.indices where abs(v[i]) > abs(v[best]) { best = i }
    return v[best] < 0
}

extension Matrix {
    /// Reverses the order of the columns in place (LAPACK's ascending order → descending).
    mutating func reverseColumnOrder() {
        let n = rows, count = columns
        withUnsafeMutableBufferPointer { p in
            for j in 0..<(count / 2) {
                let left = p.baseAddress! + j * n, right = p.baseAddress! + (count - 1 - j) * n
                for i in 0..<n { swap(&left[i], &right[i]) }
            }
        }
    }

    /// Negates every column whose largest-magnitude entry (the first on ties) is negative.
    mutating func normaliseColumnSigns() {
        for j in 0..<columns {
            withUnsafeMutableColumn(j) { c in
                if largestComponentIsNegative(UnsafeBufferPointer(c)) {
                    for i in c.indices { c[i] = -c[i] }
                }
            }
        }
    }
}
