import CBLAS

// Element-wise arithmetic, norms and the Kronecker product. Plain loops: each result entry is
// one IEEE operation, so these are exact-rounding and independent of the BLAS kernel.

extension Matrix {
    /// `A + B`, element-wise.
    /// - Throws: `LinearAlgebraError` when the shapes differ.
    public static func + (a: Matrix, b: Matrix) throws -> Matrix {
        try elementwise(a, b, "+") { $0 + $1 }
    }

    /// `A − B`, element-wise.
    /// - Throws: `LinearAlgebraError` when the shapes differ.
    public static func - (a: Matrix, b: Matrix) throws -> Matrix {
        try elementwise(a, b, "-") { $0 - $1 }
    }

    /// `s · A`.
    public static func * (s: Double, a: Matrix) -> Matrix {
        Matrix(uncheckedRows: a.rows, columns: a.columns, storage: a.storage.map { s * $0 })
    }

    /// `−A`.
    public static prefix func - (a: Matrix) -> Matrix {
        Matrix(uncheckedRows: a.rows, columns: a.columns, storage: a.storage.map { -$0 })
    }

    /// The Frobenius norm `sqrt(Σ a_ij²)` (`cblas_dnrm2`, which avoids overflow).
    public var frobeniusNorm: Double {
        if storage.isEmpty { return 0 }
        return storage.withUnsafeBufferPointer { cblas_dnrm2(int32(storage.count), $0.baseAddress, 1) }
    }

    /// The largest `|a_ij − b_ij|`, e.g. for a convergence check or a test.
    /// - Throws: `LinearAlgebraError` when the shapes differ.
    public func maxAbsoluteDifference(_ other: Matrix, context: @autoclosure () -> String = "") throws -> Double {
        guard rows == other.rows, columns == other.columns else {
            throw LinearAlgebraError.dimensions("maxAbsoluteDifference", context(),
                "shapes differ: \(shape(rows, columns)) and \(shape(other.rows, other.columns))")
        }
        var worst = 0.0
        for k in storage.indices {
            let d = abs(storage[k] - other.storage[k])
            if d > worst || d.isNaN { worst = d; if d.isNaN { break } }
        }
        return worst
    }

    private static func elementwise(_ a: Matrix, _ b: Matrix, _ symbol: String,
                                    _ op: (Double, Double) -> Double) throws -> Matrix {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw LinearAlgebraError.dimensions("Matrix \(symbol)", "",
                "shapes differ: \(shape(a.rows, a.columns)) \(symbol) \(shape(b.rows, b.columns))")
        }
        return Matrix(uncheckedRows: a.rows, columns: a.columns, storage: zip(a.storage, b.storage).map(op))
    }
}

/// The Kronecker product `A ⊗ B`, `(a.rows·b.rows) × (a.columns·b.columns)`: block `(i, j)` is `a[i, j]·B`.
public func kronecker(_ a: Matrix, _ b: Matrix) -> Matrix {
    let rows = a.rows * b.rows, columns = a.columns * b.columns
    var result = Matrix(rows: rows, columns: columns)
    if rows == 0 || columns == 0 { return result }
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            result.withUnsafeMutableBufferPointer { pc in
                for ja in 0..<a.columns {
                    for jb in 0..<b.columns {
                        let outColumn = (ja * b.columns + jb) * rows
                        for ia in 0..<a.rows {
                            let s = pa[ia + ja * a.rows]
                            let base = outColumn + ia * b.rows
                            for ib in 0..<b.rows { pc[base + ib] = s * pb[ib + jb * b.rows] }
                        }
                    }
                }
            }
        }
    }
    return result
}
