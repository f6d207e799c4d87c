import CBLAS

// Internal helpers shared by the CBLAS/LAPACKE wrappers. Every call uses column-major layout,
// which is `Matrix`'s own, so LAPACKE never transposes (copies) behind our back.

/// `LAPACK_COL_MAJOR`.
let columnMajorLayout = Int32(LAPACK_COL_MAJOR)

/// A LAPACK character argument (`jobz`, `uplo`, …).
@inline(__always)
func lapackChar(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

/// A dimension or leading dimension as `blasint`/`lapack_int` (32-bit in Debian's build).
/// Larger values are a programming error (a single column would need 16 GiB).
@inline(__always)
func int32(_ value: Int) -> Int32 {
    precondition(value >= 0 && value <= Int(Int32.max), "dimension \(value) does not fit a 32-bit BLAS integer")
    return Int32(truncatingIfNeeded: value)
}

/// A leading dimension: LAPACK requires at least 1 even for empty matrices.
@inline(__always)
func leading(_ rows: Int) -> Int32 { int32(max(1, rows)) }

/// `CblasTrans` or `CblasNoTrans`.
@inline(__always)
func cblasTranspose(_ transpose: Bool) -> CBLAS_TRANSPOSE { transpose ? CblasTrans : CblasNoTrans }

/// Throws when a LAPACKE routine returned `info != 0`.
/// - Parameter positive: the routine-specific meaning of `info > 0`.
func checkInfo(_ info: Int32, _ routine: String, _ context: () -> String,
               positive: (Int) -> String) throws {
    if info == 0 { return }
    let code = Int(info)
    if code > 0 {
        throw LinearAlgebraError(kind: .numericalFailure, routine: routine, info: code,
                                 context: context(), reason: positive(code))
    }
    let reason: String
    switch info {
    case Int32(LAPACK_WORK_MEMORY_ERROR):
        reason = "LAPACKE could not allocate its workspace (out of memory)"
    case Int32(LAPACK_TRANSPOSE_MEMORY_ERROR):
        reason = "LAPACKE could not allocate memory for a transposed copy (out of memory)"
    default:
        reason = "argument \(-code) had an illegal value (LAPACKE reports an input matrix containing NaN this way)"
    }
    throw LinearAlgebraError(kind: .illegalArgument, routine: routine, info: code, context: context(), reason: reason)
}

/// Throws unless `a` is square.
func requireSquare(_ a: Matrix, _ operation: String, _ context: () -> String) throws {
    guard a.rows == a.columns else {
        throw LinearAlgebraError.dimensions(operation, context(),
                                            "the matrix must be square, got \(shape(a.rows, a.columns))")
    }
}

/// Copies the lower triangle of a column-major n×n buffer onto its upper triangle.
func mirrorLowerToUpper(_ p: UnsafeMutableBufferPointer<Double>, _ n: Int) {
    for j in 0..<n {
        for i in (j + 1)..<n {
            p[j + i * n] = p[i + j * n]
        }
    }
}

/// Sets the strict upper triangle of a column-major n×n buffer to zero.
func zeroStrictUpper(_ p: UnsafeMutableBufferPointer<Double>, _ n: Int) {
    for j in 1..<max(1, n) {
        for i in 0..<j { p[i + j * n] = 0 }
    }
}
