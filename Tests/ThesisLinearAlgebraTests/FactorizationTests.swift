import XCTest
import ThesisTestSupport
@testable import ThesisLinearAlgebra

/// Cholesky, LU and QR routines: identities, closed forms and error reporting.
/// Relative tolerances mean `max |difference| ≤ tol · max(1, max |expected|)`.
final class FactorizationTests: XCTestCase {
    // MARK: - Identities

    /// A·A⁻¹ = I and A⁻¹·A = I for a random 40×40 matrix (condition number ~1e2): 1e-12.
    func testInverseTimesMatrixIsIdentity() throws {
        let a = randomMatrix(40, 40, seed: 101)
        let inv = try inverse(a)
        assertClose(try multiply(a, inv), .identity(40), tolerance: 1e-12)
        assertClose(try multiply(inv, a), .identity(40), tolerance: 1e-12)
        let x = try Matrix(rowMajor: [[4, 7], [2, 6]])
        // Closed form: 1/10 · [[6, -7], [-2, 4]], to 1e-15.
        assertClose(try inverse(x), try Matrix(rowMajor: [[0.6, -0.7], [-0.2, 0.4]]), tolerance: 1e-15)
    }

    /// L·L' = A (1e-13 relative), L lower triangular with a positive diagonal; closed form for 2×2.
    func testCholeskyReconstructs() throws {
        let a = randomSPD(30, seed: 102)
        let l = try cholesky(a)
        for j in 0..<30 {
            XCTAssertGreaterThan(l[j, j], 0)
            for i in 0..<j { XCTAssertEqual(l[i, j], 0, "strict upper triangle is zero") }
        }
        assertClose(try multiply(l, l, transposeB: true), a, tolerance: 1e-13)
        // [[4, 2], [2, 5]] = [[2, 0], [1, 2]]·[[2, 1], [0, 2]], exactly.
        XCTAssertEqual(try cholesky(try Matrix(rowMajor: [[4, 2], [2, 5]])), try Matrix(rowMajor: [[2, 0], [1, 2]]))
    }

    /// The SPD inverse is exactly symmetric and inverts (1e-12).
    func testInverseSymmetricPositiveDefinite() throws {
        let a = randomSPD(25, seed: 103)
        let inv = try inverseSymmetricPositiveDefinite(a)
        XCTAssertEqual(inv, inv.transposed)
        assertClose(try multiply(a, inv), .identity(25), tolerance: 1e-12)
        assertClose(inv, try inverse(a), tolerance: 1e-12)
    }

    /// A·X = B for several right-hand sides, general (dgesv) and SPD (dposv): residual 1e-12.
    func testSolveGeneralAndSymmetricPositiveDefinite() throws {
        let a = randomMatrix(35, 35, seed: 104), b = randomMatrix(35, 3, seed: 105)
        let x = try solve(a, b)
        assertClose(try multiply(a, x), b, tolerance: 1e-12)
        assertClose(try solve(a, b.column(1)), x.column(1), tolerance: 1e-14)

        let s = randomSPD(35, seed: 106)
        let y = try solveSymmetricPositiveDefinite(s, b)
        assertClose(try multiply(s, y), b, tolerance: 1e-12)
        assertClose(y, try solve(s, b), tolerance: 1e-12)
        assertClose(try solveSymmetricPositiveDefinite(s, b.column(2)), y.column(2), tolerance: 1e-14)
    }

    // MARK: - Least squares

    /// QR least squares equals the normal-equations solution (X'X)⁻¹X'Y on a well-conditioned
    /// problem (condition number of X'X ≈ 3), to 1e-12, for a multi-column Y; and recovers an
    /// exact linear relation to 1e-13.
    func testLeastSquaresMatchesNormalEquations() throws {
        let t = 200
        var x = randomMatrix(t, 5, seed: 107)
        for i in 0..<t { x[i, 0] = 1 }  // constant
        let y = randomMatrix(t, 3, seed: 108)
        let b = try leastSquares(x, y)
        XCTAssertEqual(b.rows, 5)
        XCTAssertEqual(b.columns, 3)
        let normal = try solveSymmetricPositiveDefinite(gram(x), multiply(x, y, transposeA: true))
        assertClose(b, normal, tolerance: 1e-12)
        // Residuals are orthogonal to the regressors: X'(Y − XB) ≈ 0 (relative to X'Y).
        let residuals = try y - multiply(x, b)
        let xty = try multiply(x, y, transposeA: true)
        assertClose(try multiply(x, residuals, transposeA: true), Matrix(rows: 5, columns: 3),
                    tolerance: 1e-12 * scale(xty))
        // One column at a time gives the same coefficients.
        assertClose(try leastSquares(x, y.column(1)), b.column(1), tolerance: 1e-14)
        // Exact fit: y = X·β.
        let beta = Matrix(column: [0.5, -1, 2, 0.25, 3])
        assertClose(try leastSquares(x, try multiply(x, beta)), beta, tolerance: 1e-13)
        // Square X: the solution of the linear system.
        let sq = randomMatrix(6, 6, seed: 109), rhs = randomMatrix(6, 2, seed: 110)
        assertClose(try leastSquares(sq, rhs), try solve(sq, rhs), tolerance: 1e-12)
    }

    func testLeastSquaresErrors() throws {
        let x = randomMatrix(10, 3, seed: 111)
        let rows = linearAlgebraError { try leastSquares(x, Matrix(rows: 9, columns: 1), context: "regressing INDPRO") }
        XCTAssertEqual(rows?.description, "leastSquares while regressing INDPRO: X has 10 rows (observations) but Y has 9")
        let under = linearAlgebraError { try leastSquares(x.transposed, Matrix(rows: 3, columns: 1)) }
        XCTAssertEqual(under?.kind, .dimensionMismatch)
        XCTAssertTrue(under?.reason.contains("underdetermined") ?? false)
        var deficient = x
        for i in 0..<10 { deficient[i, 1] = 0 }  // a zero regressor: R(2,2) is exactly 0
        let rank = linearAlgebraError { try leastSquares(deficient, randomMatrix(10, 1, seed: 112), context: "fitting VAR 'fav'") }
        XCTAssertEqual(rank?.kind, .numericalFailure)
        XCTAssertEqual(rank?.info, 2)
        XCTAssertEqual(rank?.description, "LAPACKE_dgels info=2 while fitting VAR 'fav': the diagonal element 2 of the "
                       + "triangular factor R of X is zero, so X does not have full column rank")
    }

    // MARK: - Determinants

    /// ln det via Cholesky and via LU agree with Σ ln λ of the eigenvalues (1e-12 relative);
    /// closed forms for a diagonal and a permutation matrix are exact.
    func testLogDeterminants() throws {
        let s = randomSPD(20, seed: 113)
        let fromEigen = try symmetricEigenvalues(s).map { log($0) }.reduce(0, +)
        let viaCholesky = try logDeterminantSymmetricPositiveDefinite(s)
        let viaLU = try logDeterminant(s)
        XCTAssertEqual(viaCholesky, fromEigen, accuracy: 1e-12 * max(1, abs(fromEigen)))
        XCTAssertEqual(viaLU.sign, 1)
        XCTAssertEqual(viaLU.logAbsoluteValue, fromEigen, accuracy: 1e-12 * max(1, abs(fromEigen)))

        let d = try logDeterminant(Matrix.diagonal([2, -3, 4]))
        XCTAssertEqual(d.sign, -1)
        XCTAssertEqual(d.logAbsoluteValue, log(2) + log(3) + log(4), accuracy: 1e-15)
        let swap = try logDeterminant(try Matrix(rowMajor: [[0, 1], [1, 0]]))
        XCTAssertEqual(swap.sign, -1)
        XCTAssertEqual(swap.logAbsoluteValue, 0)
        let singular = try logDeterminant(try Matrix(rowMajor: [[1, 2], [2, 4]]))
        XCTAssertEqual(singular.sign, 0)
        XCTAssertEqual(singular.logAbsoluteValue, -.infinity)

        // A general matrix with negative determinant: the product of its complex eigenvalues.
        var a = randomMatrix(7, 7, seed: 114)
        if try logDeterminant(a).sign > 0 { for j in 0..<7 { a[0, j] = -a[0, j] } }
        var re = 1.0, im = 0.0
        for z in try eigenvalues(a) { (re, im) = (re * z.real - im * z.imaginary, re * z.imaginary + im * z.real) }
        let general = try logDeterminant(a)
        XCTAssertEqual(general.sign, -1)
        XCTAssertEqual(im, 0, accuracy: 1e-12 * abs(re))
        XCTAssertEqual(general.logAbsoluteValue, log(abs(re)), accuracy: 1e-12)
        XCTAssertLessThan(re, 0)
    }

    // MARK: - Errors

    func testCholeskyOfNonPositiveDefiniteNamesInfoAndContext() throws {
        let a = try Matrix(rowMajor: [[2, 0, 0], [0, 1, 0], [0, 0, -1]])
        let e = linearAlgebraError { try cholesky(a, context: "factoring sigma_u of VAR 'fav'") }
        XCTAssertEqual(e?.kind, .numericalFailure)
        XCTAssertEqual(e?.routine, "LAPACKE_dpotrf")
        XCTAssertEqual(e?.info, 3)
        XCTAssertEqual(e?.context, "factoring sigma_u of VAR 'fav'")
        XCTAssertEqual(e?.description, "LAPACKE_dpotrf info=3 while factoring sigma_u of VAR 'fav': the leading minor "
                       + "of order 3 is not positive definite, so the matrix is not positive definite")
        // Rank-1 (positive semi-definite) fails at order 2 — or later, if rounding leaves a tiny positive pivot.
        let v = Matrix(column: [1, 2, 3])
        let rank1 = try multiply(v, v, transposeB: true)
        XCTAssertGreaterThanOrEqual(linearAlgebraError { try cholesky(rank1) }?.info ?? 0, 2)
        for call in [{ try solveSymmetricPositiveDefinite(a, [1, 2, 3]) as Any },
                     { try logDeterminantSymmetricPositiveDefinite(a) as Any },
                     { try inverseSymmetricPositiveDefinite(a) as Any }] {
            XCTAssertEqual(linearAlgebraError(call)?.info, 3)
        }
    }

    func testSingularSolveNamesThePivot() throws {
        let a = try Matrix(rowMajor: [[1, 2], [2, 4]])
        let e = linearAlgebraError { try solve(a, [1, 1], context: "computing the long-run multiplier") }
        XCTAssertEqual(e?.kind, .numericalFailure)
        XCTAssertEqual(e?.description, "LAPACKE_dgesv info=2 while computing the long-run multiplier: "
                       + "U(2,2) of the LU factorization is exactly zero, so the matrix is singular")
        XCTAssertEqual(linearAlgebraError { try inverse(a) }?.routine, "LAPACKE_dgetrf")
    }

    func testShapeErrors() throws {
        let rect = Matrix(rows: 2, columns: 3)
        let calls: [(String, () throws -> Any)] = [
            ("cholesky", { try cholesky(rect) }),
            ("inverse", { try inverse(rect) }),
            ("logDeterminant", { try logDeterminant(rect) }),
            ("symmetricEigen", { try symmetricEigen(rect) }),
            ("eigenvalues", { try eigenvalues(rect) }),
        ]
        for (name, call) in calls {
            let e = linearAlgebraError(call)
            XCTAssertEqual(e?.description, "\(name): the matrix must be square, got 2×3")
        }
        let e = linearAlgebraError { try solve(.identity(3), Matrix(rows: 2, columns: 1), context: "x") }
        XCTAssertEqual(e?.description, "solve while x: A is 3×3 but B has 2 rows")
    }

    /// LAPACKE's NaN check reports a NaN entry as an illegal argument (the matrix is argument 4 of dpotrf).
    func testNaNInputIsAnIllegalArgument() throws {
        var a = Matrix.identity(3)
        a[2, 1] = .nan
        let e = linearAlgebraError { try cholesky(a, context: "factoring sigma_u") }
        XCTAssertEqual(e?.kind, .illegalArgument)
        XCTAssertEqual(e?.info, -4)
        XCTAssertTrue(e?.description.contains("NaN") ?? false, e?.description ?? "")
    }
}

/// The one rank check of every least-squares path: collinear designs are errors, whatever the
/// units of the columns; strongly correlated but full-rank designs are solved.
final class LeastSquaresRankTests: XCTestCase {
    func testCollinearDesignsAreRejectedInAnyUnits() throws {
        let t = (0..<50).map(Double.init)
        for scale in [1e-6, 1.0, 1e8] {
            // A constant, a trend, and twice the trend (scaled): exactly collinear.
            let x = try Matrix(columns: [t.map { _ in 1 }, t, t.map { 2 * $0 * scale }])
            XCTAssertThrowsError(try leastSquares(x, t.map { sin($0) })) { error in
                let e = error as? LinearAlgebraError
                XCTAssertEqual(e?.info, 3)
                XCTAssertTrue(e?.reason.contains("regressor 3 of 3 is a linear combination") ?? false, "\(error)")
            }
        }
        let zero = try Matrix(columns: [t.map { _ in 1 }, t.map { _ in 0 }])
        // An exactly zero column: LAPACK itself reports the zero diagonal element of R.
        XCTAssertThrowsError(try leastSquares(zero, t)) { error in
            XCTAssertEqual((error as? LinearAlgebraError)?.kind, .numericalFailure, "\(error)")
        }
    }

    func testCorrelatedFullRankDesignsAreSolved() throws {
        let t = (0..<200).map(Double.init)
        // Two regressors with correlation ≈ 1 − 1e-6 (|R_jj|/‖x_j‖ ≈ 1e-3): legitimate, solved.
        let a = t.map { sin($0 / 7) }, b = t.map { sin($0 / 7) + 1e-3 * cos($0 * 1.3) }
        let x = try Matrix(columns: [t.map { _ in 1 }, a, b])
        let y = (0..<200).map { 1 + 2 * a[$0] - 3 * b[$0] }
        let beta = try leastSquares(x, y)
        assertClose(beta, [1, 2, -3], Tolerance(absolute: 1e-8, relative: 1e-8))
    }
}
