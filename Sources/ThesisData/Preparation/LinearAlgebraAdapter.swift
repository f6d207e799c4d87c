import CBLAS

/// The dense linear algebra the preparation engine needs, in one place so the backend can be
/// swapped with a one-file change (TEMPORARY: calls OpenBLAS/LAPACKE directly until
/// `ThesisLinearAlgebra.Matrix` is merged). All matrices are column-major `[Double]`.
enum PrepLinearAlgebra {
    /// AᵀA (cols × cols, both triangles filled) of A (rows × cols).
    static func gram(_ a: [Double], rows: Int, cols: Int) -> [Double] {
        var g = [Double](repeating: 0, count: cols * cols)
        guard rows > 0, cols > 0 else { return g }
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(cols), Int32(rows), 1, a, Int32(rows),
                    0, &g, Int32(cols))
        for j in 0..<cols { for i in (j + 1)..<cols { g[i + j * cols] = g[j + i * cols] } }
        return g
    }

    /// A·B with A (m × k) and B (k × n), or Aᵀ·B when `transposeA` (A is k × m).
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool = false) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(transposeA ? k : m), b, Int32(k), 0, &c, Int32(m))
        return c
    }

    /// A·Bᵀ with A (m × k) and B (n × k).
    static func multiplyTransposed(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(m), b, Int32(n), 0, &c, Int32(m))
        return c
    }

    /// Eigenvalues in descending order and their eigenvectors (n × count, column-major) of the
    /// symmetric n × n matrix `a`; the `count` largest (all when nil). Signs are as LAPACK returns them.
    static func symmetricEigen(_ a: [Double], n: Int, count: Int? = nil) -> (values: [Double], vectors: [Double]) {
        let want = min(count ?? n, n)
        guard n > 0, want > 0 else { return ([], []) }
        var matrix = a
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * want)
        var support = [Int32](repeating: 0, count: 2 * max(1, want))
        let info: Int32
        if want == n {
            info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "A")),
                                  Int8(UInt8(ascii: "U")), Int32(n), &matrix, Int32(n), 0, 0, 0, 0, 0,
                                  &found, &w, &z, Int32(n), &support)
        } else {
            info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "I")),
                                  Int8(UInt8(ascii: "U")), Int32(n), &matrix, Int32(n), 0, 0,
                                  Int32(n - want + 1), Int32(n), 0, &found, &w, &z, Int32(n), &support)
        }
        precondition(info == 0, "LAPACKE_dsyevr failed (info \(info))")
        // LAPACK returns ascending order: reverse.
        let m = Int(found)
        var values = [Double](repeating: 0, count: m)
        var vectors = [Double](repeating: 0, count: n * m)
        for j in 0..<m {
            values[j] = w[m - 1 - j]
            for i in 0..<n { vectors[i + j * n] = z[i + (m - 1 - j) * n] }
        }
        return (values, vectors)
    }
}
