import XCTest
@testable import ThesisLinearAlgebra

/// The `Matrix` type itself: layout, initialisers, access, slicing, arithmetic. All checks here
/// are exact (no floating-point rounding is involved) unless a tolerance is stated.
final class MatrixTests: XCTestCase {
    func testStorageIsColumnMajor() throws {
        let m = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.rows, 2)
        XCTAssertEqual(m.columns, 3)
        XCTAssertEqual(m.elements, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(m[1, 2], 6)
        XCTAssertEqual(m.column(1), [2, 5])
        XCTAssertEqual(m.row(1), [4, 5, 6])
        XCTAssertEqual(try Matrix(columns: [[1, 4], [2, 5], [3, 6]]), m)
        XCTAssertEqual(try Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6]), m)
        m.withUnsafeColumn(2) { XCTAssertEqual(Array($0), [3, 6]) }
        m.withUnsafeBufferPointer { XCTAssertEqual($0[1 + 2 * 2], 6) }
    }

    func testMutationAndValueSemantics() throws {
        var a = try Matrix(rowMajor: [[1, 2], [3, 4]])
        let b = a
        a[0, 1] = 9
        a.withUnsafeMutableColumn(0) { $0[1] = -3 }
        a.withUnsafeMutableBufferPointer { $0[3] = 40 }
        XCTAssertEqual(a, try Matrix(rowMajor: [[1, 9], [-3, 40]]))
        XCTAssertEqual(b, try Matrix(rowMajor: [[1, 2], [3, 4]]), "copies are independent")
        XCTAssertNotEqual(a.hashValue, b.hashValue)
        XCTAssertEqual(Set([a, b, a]).count, 2)
    }

    func testEmptyAndDegenerateShapes() throws {
        XCTAssertEqual(try Matrix(columns: []).rows, 0)
        XCTAssertEqual(try Matrix(rowMajor: []).columns, 0)
        let wide = Matrix(rows: 0, columns: 3)
        XCTAssertEqual(wide.transposed.rows, 3)
        XCTAssertEqual(wide.transposed.columns, 0)
        XCTAssertEqual(Matrix.identity(0).elements, [])
    }

    func testRaggedInputIsAnErrorWithContext() throws {
        let e1 = linearAlgebraError { try Matrix(columns: [[1, 2], [3]], context: "loading panel 'fred'") }
        XCTAssertEqual(e1?.kind, .dimensionMismatch)
        XCTAssertEqual(e1?.description,
                       "Matrix(columns:) while loading panel 'fred': column 1 has 1 values, column 0 has 2")
        let e2 = linearAlgebraError { try Matrix(rowMajor: [[1, 2], [3, 4, 5]]) }
        XCTAssertEqual(e2?.description, "Matrix(rowMajor:): row 1 has 3 values, row 0 has 2")
        let e3 = linearAlgebraError { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        XCTAssertNil(e3?.info)
        XCTAssertEqual(e3?.description, "Matrix(rows:columns:columnMajor:): 3 values cannot fill a 2×2 matrix")
    }

    func testIdentityDiagonalTranspose() throws {
        XCTAssertEqual(Matrix.identity(3), Matrix.diagonal([1, 1, 1]))
        XCTAssertEqual(Matrix.diagonal([2, 3]).diagonal, [2, 3])
        for (r, c) in [(1, 1), (3, 7), (7, 3), (64, 33), (200, 129)] {
            let a = randomMatrix(r, c, seed: UInt64(r * 1000 + c))
            XCTAssertEqual(a.transposed, naiveTranspose(a), "\(r)×\(c)")  // exact: a copy
            XCTAssertEqual(a.transposed.transposed, a)
        }
    }

    func testSlicingAndStacking() throws {
        let a = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
        XCTAssertEqual(a.submatrix(rows: 1..<3, columns: 1..<3), try Matrix(rowMajor: [[5, 6], [8, 9]]))
        XCTAssertEqual(a.rowSlice(2..<4), try Matrix(rowMajor: [[7, 8, 9], [10, 11, 12]]))
        XCTAssertEqual(a.columnSlice(1..<2), Matrix(column: [2, 5, 8, 11]))
        XCTAssertEqual(a.selectingColumns([2, 0, 2]).row(0), [3, 1, 3])
        XCTAssertEqual(a.selectingRows([3, 3, 0]).column(0), [10, 10, 1])
        XCTAssertEqual(a.submatrix(rows: 0..<0, columns: 0..<2).rows, 0)

        let left = a.columnSlice(0..<1), right = a.columnSlice(1..<3)
        XCTAssertEqual(try Matrix(horizontallyStacking: [left, right]), a)
        XCTAssertEqual(try Matrix(verticallyStacking: [a.rowSlice(0..<1), a.rowSlice(1..<4)]), a)
        let e = linearAlgebraError { try Matrix(horizontallyStacking: [a, a.rowSlice(0..<2)], context: "building lags") }
        XCTAssertEqual(e?.description, "Matrix(horizontallyStacking:) while building lags: block 1 has 2 rows, block 0 has 4")
        XCTAssertNotNil(linearAlgebraError { try Matrix(verticallyStacking: [a, left]) })
    }

    func testArithmetic() throws {
        let a = try Matrix(rowMajor: [[1, 2], [3, 4]]), b = try Matrix(rowMajor: [[0.5, -1], [2, 0]])
        XCTAssertEqual(try a + b, try Matrix(rowMajor: [[1.5, 1], [5, 4]]))
        XCTAssertEqual(try a - b, try Matrix(rowMajor: [[0.5, 3], [1, 4]]))
        XCTAssertEqual(2 * a, try Matrix(rowMajor: [[2, 4], [6, 8]]))
        XCTAssertEqual(-a, try Matrix(rowMajor: [[-1, -2], [-3, -4]]))
        XCTAssertEqual(try a.maxAbsoluteDifference(b), 4)
        // sqrt(30) to 1 ulp-level (1e-15 relative): dnrm2 scales, so it need not be correctly rounded.
        XCTAssertEqual(a.frobeniusNorm, 30.0.squareRoot(), accuracy: 1e-15 * 30.0.squareRoot())
        let e = linearAlgebraError { try a + Matrix(rows: 2, columns: 3) }
        XCTAssertEqual(e?.kind, .dimensionMismatch)
        XCTAssertTrue(e?.description.contains("2×2 + 2×3") ?? false, e?.description ?? "")
    }

    func testKroneckerClosedFormAndMixedProduct() throws {
        let a = try Matrix(rowMajor: [[1, 2], [3, 4]]), b = try Matrix(rowMajor: [[0, 5, 1], [6, 7, 2]])
        let expected = try Matrix(rowMajor: [
            [0, 5, 1, 0, 10, 2],
            [6, 7, 2, 12, 14, 4],
            [0, 15, 3, 0, 20, 4],
            [18, 21, 6, 24, 28, 8],
        ])
        XCTAssertEqual(kronecker(a, b), expected)  // exact: small integers
        // (A⊗B)(C⊗D) = AC ⊗ BD, to 1e-13 relative.
        let c = randomMatrix(2, 3, seed: 1), d = randomMatrix(3, 2, seed: 2)
        let left = try multiply(kronecker(a, b), kronecker(c, d))
        let right = kronecker(try multiply(a, c), try multiply(b, d))
        assertClose(left, right, tolerance: 1e-13)
    }

    func testDescriptionShowsRowsAsOnPaper() throws {
        XCTAssertEqual(try Matrix(rowMajor: [[1, 2], [3, 4]]).description, "2×2 [[1.0, 2.0], [3.0, 4.0]]")
    }
}
