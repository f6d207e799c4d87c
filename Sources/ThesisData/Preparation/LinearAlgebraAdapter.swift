import ThesisLinearAlgebra

/// The dense linear algebra the preparation engine needs, in one place (the backend is
/// `ThesisLinearAlgebra`; swapping it is a one-file change). Matrices are column-major `[Double]`
/// wrapped in `Matrix` without copying. Products cannot fail here: every shape is fixed by the
/// caller, so a dimension error would be a bug (`try!`).
enum PrepLinearAlgebra {
    /// AᵀA (cols × cols, both triangles filled) of A (rows × cols).
    static func gram(_ a: [Double], rows: Int, cols: Int) -> [Double] {
        ThesisLinearAlgebra.gram(matrix(a, rows, cols)).elements
    }

    /// A·B with A (m × k) and B (k × n), or Aᵀ·B when `transposeA` (A is k × m).
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool = false) -> [Double] {
        let left = transposeA ? matrix(a, k, m) : matrix(a, m, k)
        return try! ThesisLinearAlgebra.multiply(left, matrix(b, k, n), transposeA: transposeA).elements
    }

    /// A·Bᵀ with A (m × k) and B (n × k).
    static func multiplyTransposed(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        try! ThesisLinearAlgebra.multiply(matrix(a, m, k), matrix(b, n, k), transposeB: true).elements
    }

    /// c ← A·Bᵀ with A (m × k) and B (n × k), reusing c's storage (m × n) so loops do not allocate.
    static func multiplyTransposed(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, into c: inout [Double]) {
        var product = matrix(c, m, n)
        c = []                                    // `product` now owns the storage: no copy on write
        try! ThesisLinearAlgebra.multiply(matrix(a, m, k), matrix(b, n, k), transposeB: true, beta: 0, into: &product)
        c = product.elements
    }

    /// c ← Aᵀ·B with A (k × m) and B (k × n), reusing c's storage (m × n).
    static func multiplyTransposedA(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, into c: inout [Double]) {
        var product = matrix(c, m, n)
        c = []
        try! ThesisLinearAlgebra.multiply(matrix(a, k, m), matrix(b, k, n), transposeA: true, beta: 0, into: &product)
        c = product.elements
    }

    private static func matrix(_ values: [Double], _ rows: Int, _ cols: Int) -> Matrix {
        try! Matrix(rows: rows, columns: cols, columnMajor: values)
    }
}
