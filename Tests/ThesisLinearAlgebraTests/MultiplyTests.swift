import XCTest
@testable import ThesisLinearAlgebra

/// dgemm, dgemv and dsyrk wrappers against a textbook triple loop.
/// Tolerance: 1e-13 × max(1, max |expected|); sums of ≤ 200 products of N(0,1) entries
/// differ from the naive loop's rounding by a few 1e-15.
final class MultiplyTests: XCTestCase {
    func testMatrixProductAllTransposeFlags() throws {
        let a = randomMatrix(37, 23, seed: 11), b = randomMatrix(23, 41, seed: 12)
        let expected = naiveProduct(a, b)
        let at = a.transposed, bt = b.transposed
        assertClose(try multiply(a, b), expected, tolerance: 1e-13, "NN")
        assertClose(try multiply(at, b, transposeA: true), expected, tolerance: 1e-13, "TN")
        assertClose(try multiply(a, bt, transposeB: true), expected, tolerance: 1e-13, "NT")
        assertClose(try multiply(at, bt, transposeA: true, transposeB: true), expected, tolerance: 1e-13, "TT")
        assertClose(try multiply(a, b, alpha: -0.5), -0.5 * expected, tolerance: 1e-13, "alpha")
    }

    func testSmallProductExactly() throws {
        let a = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]]), b = try Matrix(rowMajor: [[1, 0, -1], [2, 1, 0]])
        XCTAssertEqual(try multiply(a, b), try Matrix(rowMajor: [[5, 2, -1], [11, 4, -3], [17, 6, -5]]))
        XCTAssertEqual(try multiply(a, Matrix.identity(2)), a)
    }

    func testAccumulatingIntoExistingOutput() throws {
        let a = randomMatrix(5, 4, seed: 21), b = randomMatrix(4, 3, seed: 22)
        let c0 = randomMatrix(5, 3, seed: 23)
        var c = c0
        try multiply(a, b, alpha: 2, beta: 0.5, into: &c)
        assertClose(c, try (2 * naiveProduct(a, b)) + 0.5 * c0, tolerance: 1e-13)
        var wrong = Matrix(rows: 4, columns: 3)
        let e = linearAlgebraError { try multiply(a, b, beta: 0, into: &wrong, context: "updating chat") }
        XCTAssertEqual(e?.description,
                       "multiply while updating chat: the output is 4×3, the product A (5×4) · B (4×3) is 5×3")
    }

    func testEmptyInnerDimensionGivesZeros() throws {
        let c = try multiply(Matrix(rows: 3, columns: 0), Matrix(rows: 0, columns: 2))
        XCTAssertEqual(c, Matrix(rows: 3, columns: 2))
    }

    func testMismatchedShapesAreErrorsWithContext() {
        let a = Matrix(rows: 3, columns: 4), b = Matrix(rows: 3, columns: 2)
        let e = linearAlgebraError { try multiply(a, b, context: "computing loadings") }
        XCTAssertEqual(e?.kind, .dimensionMismatch)
        XCTAssertNil(e?.info)
        XCTAssertEqual(e?.description, "multiply while computing loadings: inner dimensions differ: A is 3×4, B is 3×2")
        XCTAssertNoThrow(try multiply(a, b, transposeA: true))
        let v = linearAlgebraError { try multiply(a, [1, 2, 3]) }
        XCTAssertEqual(v?.description, "multiply: the vector has 3 values, A is 3×4")
    }

    func testMatrixVector() throws {
        let a = randomMatrix(30, 12, seed: 31)
        let x = randomMatrix(12, 1, seed: 32).elements, z = randomMatrix(30, 1, seed: 33).elements
        assertClose(try multiply(a, x), naiveProduct(a, Matrix(column: x)).elements, tolerance: 1e-13)
        assertClose(try multiply(a, z, transposeA: true, alpha: 3),
                    (3 * naiveProduct(naiveTranspose(a), Matrix(column: z))).elements, tolerance: 1e-13)
    }

    func testGramIsExactlySymmetricAndMatchesProduct() throws {
        let x = randomMatrix(120, 17, seed: 41)
        let g = gram(x, alpha: 1 / 120)
        XCTAssertEqual(g, g.transposed, "dsyrk's lower triangle is mirrored: exactly symmetric")
        assertClose(g, (1 / 120) * naiveProduct(naiveTranspose(x), x), tolerance: 1e-13)
        assertClose(g, try multiply(x, x, transposeA: true, alpha: 1 / 120), tolerance: 1e-13)
        XCTAssertEqual(gram(Matrix(rows: 0, columns: 3)), Matrix(rows: 3, columns: 3))
    }
}
