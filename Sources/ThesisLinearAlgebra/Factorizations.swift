import CBLAS
import Foundation

// Cholesky, LU and QR based routines. Inputs are copied once (LAPACK overwrites its arguments;
// `Matrix` is a value), then passed to LAPACKE in column-major layout with no further copies.

private let notPositiveDefinite: (Int) -> String = { info in
    "the leading minor of order \(info) is not positive definite, so the matrix is not positive definite"
}

private let exactlySingular: (Int) -> String = { info in
    "U(\(info),\(info)) of the LU factorization is exactly zero, so the matrix is singular"
}

// MARK: - Cholesky

/// The lower-triangular Cholesky factor `L` with `A = L·L'` (`LAPACKE_dpotrf`, uplo `L`).
/// Only the lower triangle of `a` is read; the strict upper triangle of the result is zero.
/// - Throws: `LinearAlgebraError` if `a` is not square or not positive definite
///   (`info = k`: the leading minor of order k is not positive definite).
public func cholesky(_ a: Matrix, context: @autoclosure () -> String = "") throws -> Matrix {
    try requireSquare(a, "cholesky", context)
    var l = a
    let n = a.rows
    if n == 0 { return l }
    let info = l.withUnsafeMutableBufferPointer { p in
        LAPACKE_dpotrf(columnMajorLayout, lapackChar("L"), int32(n), p.baseAddress, leading(n))
    }
    try checkInfo(info, "LAPACKE_dpotrf", context, positive: notPositiveDefinite)
    l.withUnsafeMutableBufferPointer { zeroStrictUpper($0, n) }
    return l
}

// MARK: - Linear systems

/// The solution `X` of `A·X = B` for square `A` by LU with partial pivoting (`LAPACKE_dgesv`);
/// `B` may have several columns.
/// - Throws: `LinearAlgebraError` if the shapes do not fit or `A` is exactly singular
///   (`info = i`: `U(i,i)` is zero). Near-singular `A` is not detected.
public func solve(_ a: Matrix, _ b: Matrix, context: @autoclosure () -> String = "") throws -> Matrix {
    try requireSquare(a, "solve", context)
    guard b.rows == a.rows else {
        throw LinearAlgebraError.dimensions("solve", context(),
            "A is \(shape(a.rows, a.columns)) but B has \(b.rows) rows")
    }
    let n = a.rows
    var lu = a, x = b
    if n == 0 || b.columns == 0 { return x }
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.withUnsafeMutableBufferPointer { pa in
        x.withUnsafeMutableBufferPointer { pb in
            LAPACKE_dgesv(columnMajorLayout, int32(n), int32(b.columns), pa.baseAddress, leading(n),
                          &pivots, pb.baseAddress, leading(n))
        }
    }
    try checkInfo(info, "LAPACKE_dgesv", context, positive: exactlySingular)
    return x
}

/// The solution `x` of `A·x = b` (`LAPACKE_dgesv`); see `solve(_:_:context:)` for matrices.
public func solve(_ a: Matrix, _ b: [Double], context: @autoclosure () -> String = "") throws -> [Double] {
    try solve(a, Matrix(column: b), context: context()).elements
}

/// The solution `X` of `A·X = B` for symmetric positive definite `A` by Cholesky
/// (`LAPACKE_dposv`, uplo `L`: only the lower triangle of `A` is read).
/// - Throws: `LinearAlgebraError` if the shapes do not fit or `A` is not positive definite.
public func solveSymmetricPositiveDefinite(_ a: Matrix, _ b: Matrix,
                                          context: @autoclosure () -> String = "") throws -> Matrix {
    try requireSquare(a, "solveSymmetricPositiveDefinite", context)
    guard b.rows == a.rows else {
        throw LinearAlgebraError.dimensions("solveSymmetricPositiveDefinite", context(),
            "A is \(shape(a.rows, a.columns)) but B has \(b.rows) rows")
    }
    let n = a.rows
    var factor = a, x = b
    if n == 0 || b.columns == 0 { return x }
    let info = factor.withUnsafeMutableBufferPointer { pa in
        x.withUnsafeMutableBufferPointer { pb in
            LAPACKE_dposv(columnMajorLayout, lapackChar("L"), int32(n), int32(b.columns),
                          pa.baseAddress, leading(n), pb.baseAddress, leading(n))
        }
    }
    try checkInfo(info, "LAPACKE_dposv", context, positive: notPositiveDefinite)
    return x
}

/// The solution `x` of `A·x = b` for symmetric positive definite `A` (`LAPACKE_dposv`).
public func solveSymmetricPositiveDefinite(_ a: Matrix, _ b: [Double],
                                          context: @autoclosure () -> String = "") throws -> [Double] {
    try solveSymmetricPositiveDefinite(a, Matrix(column: b), context: context()).elements
}

// MARK: - Least squares

/// Ordinary least squares by QR (`LAPACKE_dgels`): the `n × k` coefficients `B` minimising
/// `‖Y − X·B‖` column by column, for an `m × n` regressor matrix `X` of full column rank with
/// `m ≥ n` and an `m × k` matrix `Y` (one regression per column of `Y`, sharing one QR of `X`).
/// - Throws: `LinearAlgebraError` if the row counts differ, `m < n` (underdetermined), or `X` is
///   exactly rank deficient (`info = i`: the i-th diagonal element of R is zero). Near-collinear
///   regressors are not detected.
public func leastSquares(_ x: Matrix, _ y: Matrix, context: @autoclosure () -> String = "") throws -> Matrix {
    let m = x.rows, n = x.columns, k = y.columns
    guard y.rows == m else {
        throw LinearAlgebraError.dimensions("leastSquares", context(),
            "X has \(m) rows (observations) but Y has \(y.rows)")
    }
    guard m >= n else {
        throw LinearAlgebraError.dimensions("leastSquares", context(),
            "X is \(shape(m, n)): fewer observations than regressors, the problem is underdetermined")
    }
    if n == 0 || k == 0 { return Matrix(rows: n, columns: k) }
    // dgels without its two input scans (LAPACKE's NaN check, dlange's norm for scaling, which
    // dgels skips for data of ordinary magnitude anyway): dgeqrf, dormqr (Q'Y), dtrtrs (R B = Q'Y),
    // with optimal workspaces, as dgels calls them. The `_work` entry points check nothing.
    if !x.elements.allSatisfy(\.isFinite) || !y.elements.allSatisfy(\.isFinite) {
        throw LinearAlgebraError(kind: .illegalArgument, routine: "leastSquares", info: x.elements.allSatisfy(\.isFinite) ? -6 : -4,
                                 context: context(), reason: "an input matrix contains NaN or an infinity")
    }
    var qr = x, rhs = y  // rhs is m×k with ldb = m ≥ n; on exit its first n rows hold B
    var tau = [Double](repeating: 0, count: n)
    var query = 0.0
    let info = qr.withUnsafeMutableBufferPointer { pa -> Int32 in
        rhs.withUnsafeMutableBufferPointer { pb -> Int32 in
            tau.withUnsafeMutableBufferPointer { pt -> Int32 in
                var code = LAPACKE_dgeqrf_work(columnMajorLayout, int32(m), int32(n), pa.baseAddress, leading(m),
                                               pt.baseAddress, &query, -1)
                guard code == 0 else { return code }
                var work = [Double](repeating: 0, count: max(1, Int(query)))
                code = LAPACKE_dgeqrf_work(columnMajorLayout, int32(m), int32(n), pa.baseAddress, leading(m),
                                           pt.baseAddress, &work, int32(work.count))
                guard code == 0 else { return code }
                code = LAPACKE_dormqr_work(columnMajorLayout, lapackChar("L"), lapackChar("T"), int32(m), int32(k),
                                           int32(n), pa.baseAddress, leading(m), pt.baseAddress, pb.baseAddress,
                                           leading(m), &query, -1)
                guard code == 0 else { return code }
                if Int(query) > work.count { work = [Double](repeating: 0, count: Int(query)) }
                code = LAPACKE_dormqr_work(columnMajorLayout, lapackChar("L"), lapackChar("T"), int32(m), int32(k),
                                           int32(n), pa.baseAddress, leading(m), pt.baseAddress, pb.baseAddress,
                                           leading(m), &work, int32(work.count))
                guard code == 0 else { return code }
                return LAPACKE_dtrtrs_work(columnMajorLayout, lapackChar("U"), lapackChar("N"), lapackChar("N"),
                                           int32(n), int32(k), pa.baseAddress, leading(m), pb.baseAddress, leading(m))
            }
        }
    }
    try checkInfo(info, "LAPACKE_dgels", context) { i in
        "the diagonal element \(i) of the triangular factor R of X is zero, so X does not have full column rank"
    }
    try checkColumnRank(x, factored: qr, context: context())
    return m == n ? rhs : rhs.rowSlice(0..<n)
}

/// The relative size below which a regressor counts as a linear combination of the earlier ones:
/// |R_jj| / ‖x_j‖ is the sine of the angle between column j and the span of columns 0..<j,
/// independent of the units of every column. Below 1e-9 a coefficient would carry fewer than
/// about 7 correct digits of the data's 16 (cond(X) ≳ 1e9); exact collinearity (a constant
/// series, a duplicated predictor) gives values near 1e-16.
public let rankTolerance = 1e-9

/// Rejects an `X` whose QR factor (LAPACK's `dgels` layout: R in the upper triangle) shows a
/// column (nearly) in the span of the earlier columns: the one rank check of every least-squares
/// path (AR, ARX, VAR, FAVAR, diffusion indexes), so a collinear design is an error, never a
/// silently wrong number.
func checkColumnRank(_ x: Matrix, factored qr: Matrix, context: String) throws {
    let n = x.columns
    for j in 0..<n {
        var norm = 0.0
        x.withUnsafeColumn(j) { column in norm = cblas_dnrm2(int32(column.count), column.baseAddress, 1) }
        let ratio = norm > 0 ? abs(qr[j, j]) / norm : 0
        if !(ratio >= rankTolerance) {
            throw LinearAlgebraError(kind: .numericalFailure, routine: "leastSquares", info: j + 1, context: context,
                reason: norm > 0
                    ? "regressor \(j + 1) of \(n) is a linear combination of the regressors before it (|R_jj|/‖x_j‖ = \(String(format: "%.1e", ratio)) < \(rankTolerance)), so X does not have full column rank; a constant or duplicated series, or too many lags for the sample?"
                    : "regressor \(j + 1) of \(n) is zero in every observation, so X does not have full column rank")
        }
    }
}

/// OLS coefficients of one regression `y ≈ X·b` by QR (`LAPACKE_dgels`); see the matrix version.
public func leastSquares(_ x: Matrix, _ y: [Double], context: @autoclosure () -> String = "") throws -> [Double] {
    try leastSquares(x, Matrix(column: y), context: context()).elements
}

// MARK: - Inverses

/// `A⁻¹` by LU (`LAPACKE_dgetrf` + `LAPACKE_dgetri`). Prefer `solve` when the inverse is only
/// applied to a right-hand side.
/// - Throws: `LinearAlgebraError` if `A` is not square or is exactly singular.
public func inverse(_ a: Matrix, context: @autoclosure () -> String = "") throws -> Matrix {
    try requireSquare(a, "inverse", context)
    let n = a.rows
    var result = a
    if n == 0 { return result }
    var pivots = [Int32](repeating: 0, count: n)
    try result.withUnsafeMutableBufferPointer { p in
        let info = LAPACKE_dgetrf(columnMajorLayout, int32(n), int32(n), p.baseAddress, leading(n), &pivots)
        try checkInfo(info, "LAPACKE_dgetrf", context, positive: exactlySingular)
        let info2 = LAPACKE_dgetri(columnMajorLayout, int32(n), p.baseAddress, leading(n), &pivots)
        try checkInfo(info2, "LAPACKE_dgetri", context, positive: exactlySingular)
    }
    return result
}

/// `A⁻¹` of a symmetric positive definite `A` by Cholesky (`LAPACKE_dpotrf` + `LAPACKE_dpotri`),
/// e.g. `(X'X)⁻¹`; exactly symmetric. Only the lower triangle of `a` is read.
/// - Throws: `LinearAlgebraError` if `A` is not square or not positive definite.
public func inverseSymmetricPositiveDefinite(_ a: Matrix, context: @autoclosure () -> String = "") throws -> Matrix {
    try requireSquare(a, "inverseSymmetricPositiveDefinite", context)
    let n = a.rows
    var result = a
    if n == 0 { return result }
    try result.withUnsafeMutableBufferPointer { p in
        let info = LAPACKE_dpotrf(columnMajorLayout, lapackChar("L"), int32(n), p.baseAddress, leading(n))
        try checkInfo(info, "LAPACKE_dpotrf", context, positive: notPositiveDefinite)
        let info2 = LAPACKE_dpotri(columnMajorLayout, lapackChar("L"), int32(n), p.baseAddress, leading(n))
        try checkInfo(info2, "LAPACKE_dpotri", context) { i in
            "the diagonal element \(i) of the Cholesky factor is zero, so the matrix is singular"
        }
        mirrorLowerToUpper(p, n)
    }
    return result
}

// MARK: - Determinants

/// `ln det A` of a symmetric positive definite `A`, as `2 Σ ln L_ii` of its Cholesky factor
/// (`LAPACKE_dpotrf`; e.g. `ln |Σ̂|` in information criteria). Only the lower triangle is read.
/// - Throws: `LinearAlgebraError` if `A` is not square or not positive definite.
public func logDeterminantSymmetricPositiveDefinite(_ a: Matrix,
                                                   context: @autoclosure () -> String = "") throws -> Double {
    let l = try cholesky(a, context: context())
    var sum = 0.0
    for i in 0..<l.rows { sum += log(l[i, i]) }
    return 2 * sum
}

/// `(sign, ln |det A|)` of a general square `A` by LU (`LAPACKE_dgetrf`), like `numpy.linalg.slogdet`:
/// `det A = sign · exp(logAbsoluteValue)`; an exactly singular `A` gives `(0, -infinity)`.
/// - Throws: `LinearAlgebraError` if `A` is not square (or LAPACK rejects an argument, e.g. NaN).
public func logDeterminant(_ a: Matrix, context: @autoclosure () -> String = "") throws
    -> (sign: Double, logAbsoluteValue: Double) {
    try requireSquare(a, "logDeterminant", context)
    let n = a.rows
    if n == 0 { return (1, 0) }
    var lu = a
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.withUnsafeMutableBufferPointer { p in
        LAPACKE_dgetrf(columnMajorLayout, int32(n), int32(n), p.baseAddress, leading(n), &pivots)
    }
    if info > 0 { return (0, -.infinity) }
    try checkInfo(info, "LAPACKE_dgetrf", context, positive: exactlySingular)
    var sign = 1.0, sum = 0.0
    for i in 0..<n {
        let u = lu[i, i]
        if u < 0 { sign = -sign }
        if pivots[i] != Int32(i + 1) { sign = -sign }  // pivots are 1-based row interchanges
        sum += log(abs(u))
    }
    return (sign, sum)
}
