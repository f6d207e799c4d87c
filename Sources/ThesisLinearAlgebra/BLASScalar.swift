import CBLAS

/// Pointer-level BLAS for both precisions: `Float` calls the `cblas_s*` routines, `Double` the
/// `cblas_d*` ones. For hot loops that work on their own buffers (the neural-network engine),
/// where `Matrix`'s allocating wrappers would copy. Callers guarantee the pointers cover the
/// strided ranges BLAS reads and writes; dimensions must fit in 32 bits (OpenBLAS's `blasint`).
///
/// **Layout: column-major**, like `Matrix`: element `(i, j)` of a matrix with leading dimension
/// `ld` is `p[i + j * ld]`, and `ld >= max(1, rows)`. A buffer holding a row-major `r × c` array
/// is the column-major `c × r` matrix with `ld = c`, so row-major callers swap the roles.
public protocol BLASScalar: BinaryFloatingPoint, Sendable {
    /// `C ← alpha · op(A) · op(B) + beta · C` with `op(A)` `m × k`, `op(B)` `k × n`, `C` `m × n`
    /// (`gemm`). With `beta == 0`, `C` is not read (it may hold NaN).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// `y ← alpha · op(A) · x + beta · y` for the `m × n` matrix `A` (`gemv`).
    static func gemv(transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     x: UnsafePointer<Self>, incx: Int, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int)
    /// `y ← alpha · x + y` over `n` elements (`axpy`).
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, incx: Int, y: UnsafeMutablePointer<Self>, incy: Int)
    /// `x ← alpha · x` over `n` elements (`scal`).
    static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>, incx: Int)
    /// `Σ x_i y_i` over `n` elements (`dot`; `sdot` accumulates in single precision).
    static func dot(n: Int, x: UnsafePointer<Self>, incx: Int, y: UnsafePointer<Self>, incy: Int) -> Self
    /// The Euclidean norm of `n` elements, without overflow (`nrm2`).
    static func nrm2(n: Int, x: UnsafePointer<Self>, incx: Int) -> Self
    /// `B ← op(A)` for the `rows × columns` matrix `A` (`omatcopy`, OpenBLAS's extension): with
    /// `transpose`, `B` is `columns × rows` with leading dimension `ldb`.
    static func copyMatrix(transpose: Bool, rows: Int, columns: Int, a: UnsafePointer<Self>, lda: Int,
                           b: UnsafeMutablePointer<Self>, ldb: Int)
}

extension Double: BLASScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasColMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    int32(m), int32(n), int32(k), alpha, a, int32(lda), b, int32(ldb), beta, c, int32(ldc))
    }

    public static func gemv(transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int) {
        cblas_dgemv(CblasColMajor, cblasTranspose(transpose), int32(m), int32(n), alpha, a, int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, incx: Int,
                            y: UnsafeMutablePointer<Double>, incy: Int) {
        cblas_daxpy(int32(n), alpha, x, Int32(incx), y, Int32(incy))
    }

    public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>, incx: Int) {
        cblas_dscal(int32(n), alpha, x, Int32(incx))
    }

    public static func dot(n: Int, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int) -> Double {
        cblas_ddot(int32(n), x, Int32(incx), y, Int32(incy))
    }

    public static func nrm2(n: Int, x: UnsafePointer<Double>, incx: Int) -> Double {
        cblas_dnrm2(int32(n), x, Int32(incx))
    }

    public static func copyMatrix(transpose: Bool, rows: Int, columns: Int, a: UnsafePointer<Double>, lda: Int,
                                  b: UnsafeMutablePointer<Double>, ldb: Int) {
        cblas_domatcopy(CblasColMajor, cblasTranspose(transpose), int32(rows), int32(columns), 1.0,
                        a, int32(lda), b, int32(ldb))
    }
}

extension Float: BLASScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasColMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    int32(m), int32(n), int32(k), alpha, a, int32(lda), b, int32(ldb), beta, c, int32(ldc))
    }

    public static func gemv(transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int) {
        cblas_sgemv(CblasColMajor, cblasTranspose(transpose), int32(m), int32(n), alpha, a, int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, incx: Int,
                            y: UnsafeMutablePointer<Float>, incy: Int) {
        cblas_saxpy(int32(n), alpha, x, Int32(incx), y, Int32(incy))
    }

    public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>, incx: Int) {
        cblas_sscal(int32(n), alpha, x, Int32(incx))
    }

    public static func dot(n: Int, x: UnsafePointer<Float>, incx: Int, y: UnsafePointer<Float>, incy: Int) -> Float {
        cblas_sdot(int32(n), x, Int32(incx), y, Int32(incy))
    }

    public static func nrm2(n: Int, x: UnsafePointer<Float>, incx: Int) -> Float {
        cblas_snrm2(int32(n), x, Int32(incx))
    }

    public static func copyMatrix(transpose: Bool, rows: Int, columns: Int, a: UnsafePointer<Float>, lda: Int,
                                  b: UnsafeMutablePointer<Float>, ldb: Int) {
        cblas_somatcopy(CblasColMajor, cblasTranspose(transpose), int32(rows), int32(columns), 1.0,
                        a, int32(lda), b, int32(ldb))
    }
}
