import CBLAS

/// A thin singular value decomposition `A = U · diag(s) · V'` of an `m × n` matrix, `k = min(m, n)`.
public struct SingularValueDecomposition: Hashable, Sendable {
    /// Left singular vectors, `m × k`, orthonormal columns.
    public var u: Matrix
    /// Singular values `s`, `k` of them, DESCENDING and non-negative.
    public var singularValues: [Double]
    /// Right singular vectors transposed, `k × n` (row `j` is `v_j'`), as LAPACK returns them.
    public var vt: Matrix

    /// Creates a decomposition from its parts.
    public init(u: Matrix, singularValues: [Double], vt: Matrix) {
        self.u = u
        self.singularValues = singularValues
        self.vt = vt
    }

    /// Right singular vectors `V`, `n × k` (column `j` is `v_j`; a transposed copy of `vt`).
    public var v: Matrix { vt.transposed }

    /// The same decomposition with each pair `(u_j, v_j)` negated where needed so that the
    /// largest-magnitude component of `v_j` (of `u_j` with `basedOnLeftVectors`) is positive: the
    /// factor-model sign rule, under which `v` matches `symmetricEigen(A'A).withLargestComponentPositive()`.
    public func withLargestComponentPositive(basedOnLeftVectors: Bool = false) -> SingularValueDecomposition {
        var copy = self
        let reference = basedOnLeftVectors ? u : vt.transposed
        for j in 0..<singularValues.count where reference.withUnsafeColumn(j, largestComponentIsNegative) {
            copy.u.withUnsafeMutableColumn(j) { c in for i in c.indices { c[i] = -c[i] } }
            for i in 0..<copy.vt.columns { copy.vt[j, i] = -copy.vt[j, i] }
        }
        return copy
    }
}

/// The thin SVD by divide and conquer (`LAPACKE_dgesdd`, jobz `S`).
/// - Throws: `LinearAlgebraError` if the algorithm does not converge.
public func svd(_ a: Matrix, context: @autoclosure () -> String = "") throws -> SingularValueDecomposition {
    let m = a.rows, n = a.columns, k = min(m, n)
    var work = a
    var s = [Double](repeating: 0, count: k)
    var u = Matrix(rows: m, columns: k), vt = Matrix(rows: k, columns: n)
    if k == 0 { return SingularValueDecomposition(u: u, singularValues: s, vt: vt) }
    let info = work.withUnsafeMutableBufferPointer { pa in
        u.withUnsafeMutableBufferPointer { pu in
            vt.withUnsafeMutableBufferPointer { pvt in
                LAPACKE_dgesdd(columnMajorLayout, lapackChar("S"), int32(m), int32(n), pa.baseAddress, leading(m),
                               &s, pu.baseAddress, leading(m), pvt.baseAddress, leading(k))
            }
        }
    }
    try checkInfo(info, "LAPACKE_dgesdd", context) { _ in
        "the bidiagonal divide-and-conquer iteration (DBDSDC) did not converge"
    }
    return SingularValueDecomposition(u: u, singularValues: s, vt: vt)
}
