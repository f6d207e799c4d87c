import CBLAS

// Level-2/3 BLAS products. Transposes are passed to BLAS as flags; operands are never copied.

/// `alpha · op(A) · op(B)` where `op(X)` is `X'` when its flag is set (`cblas_dgemm`).
/// - Throws: `LinearAlgebraError` when the inner dimensions differ.
public func multiply(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                     alpha: Double = 1, context: @autoclosure () -> String = "") throws -> Matrix {
    let m = transposeA ? a.columns : a.rows
    let n = transposeB ? b.rows : b.columns
    var c = Matrix(rows: m, columns: n)
    try multiply(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0, into: &c,
                 context: context())
    return c
}

/// `C ← alpha · op(A) · op(B) + beta · C` in place (`cblas_dgemm`); with `beta == 0` the old
/// contents of `C` are ignored. Reuses `C`'s storage: no allocation in loops.
/// - Throws: `LinearAlgebraError` when the shapes do not fit.
public func multiply(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                     alpha: Double = 1, beta: Double, into c: inout Matrix,
                     context: @autoclosure () -> String = "") throws {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    guard k == kb, c.rows == m, c.columns == n else {
        let lhs = shape(a.rows, a.columns) + (transposeA ? " transposed" : "")
        let rhs = shape(b.rows, b.columns) + (transposeB ? " transposed" : "")
        let reason = k != kb
            ? "inner dimensions differ: A is \(lhs), B is \(rhs)"
            : "the output is \(shape(c.rows, c.columns)), the product A (\(lhs)) · B (\(rhs)) is \(shape(m, n))"
        throw LinearAlgebraError.dimensions("multiply", context(), reason)
    }
    if m == 0 || n == 0 { return }
    if k == 0 {  // empty inner dimension: op(A)·op(B) = 0
        c.withUnsafeMutableBufferPointer { pc in for i in pc.indices { pc[i] = beta == 0 ? 0 : beta * pc[i] } }
        return
    }
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                cblas_dgemm(CblasColMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                            int32(m), int32(n), int32(k), alpha,
                            pa.baseAddress, leading(a.rows), pb.baseAddress, leading(b.rows),
                            beta, pc.baseAddress, leading(m))
            }
        }
    }
}

/// `alpha · op(A) · x` for a vector `x` (`cblas_dgemv`).
/// - Throws: `LinearAlgebraError` when `x` has the wrong length.
public func multiply(_ a: Matrix, _ x: [Double], transposeA: Bool = false, alpha: Double = 1,
                     context: @autoclosure () -> String = "") throws -> [Double] {
    let outLength = transposeA ? a.columns : a.rows
    let inLength = transposeA ? a.rows : a.columns
    guard x.count == inLength else {
        throw LinearAlgebraError.dimensions("multiply", context(),
            "the vector has \(x.count) values, A\(transposeA ? "'" : "") is \(shape(outLength, inLength))")
    }
    var y = [Double](repeating: 0, count: outLength)
    if outLength == 0 || inLength == 0 { return y }
    a.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_dgemv(CblasColMajor, cblasTranspose(transposeA), int32(a.rows), int32(a.columns), alpha,
                            pa.baseAddress, leading(a.rows), px.baseAddress, 1, 0, py.baseAddress, 1)
            }
        }
    }
    return y
}

/// The Gram matrix `alpha · X'X` (`columns × columns`), e.g. `gram(z, alpha: 1 / Double(t))` for
/// a correlation matrix. Uses `cblas_dsyrk` (half the flops of `dgemm`) on the lower triangle and
/// mirrors it, so the result is exactly symmetric.
public func gram(_ x: Matrix, alpha: Double = 1) -> Matrix {
    let n = x.columns, k = x.rows
    var g = Matrix(rows: n, columns: n)
    if n == 0 || k == 0 { return g }
    x.withUnsafeBufferPointer { px in
        g.withUnsafeMutableBufferPointer { pg in
            cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, int32(n), int32(k), alpha,
                        px.baseAddress, leading(k), 0, pg.baseAddress, leading(n))
            mirrorLowerToUpper(pg, n)
        }
    }
    return g
}
