import XCTest
@testable import ThesisLinearAlgebra

/// Symmetric eigen (dsyevd), thin SVD (dgesdd) and general eigenvalues (dgeev).
final class EigenTests: XCTestCase {
    /// A·v = λ·v for every pair (1e-12 × max(1, |λ|max)), V'V = I (1e-13), eigenvalues descending,
    /// and the values-only call gives the same values (1e-13).
    func testSymmetricEigenPairsInDescendingOrder() throws {
        let x = randomMatrix(90, 24, seed: 201)
        let a = gram(x, alpha: 1 / 90)
        let e = try symmetricEigen(a)
        XCTAssertEqual(e.values.count, 24)
        for j in 1..<24 { XCTAssertGreaterThanOrEqual(e.values[j - 1], e.values[j], "descending at \(j)") }
        XCTAssertGreaterThan(e.values[0], e.values[23], "not all equal")
        let av = try multiply(a, e.vectors)
        let vl = try multiply(e.vectors, .diagonal(e.values))
        assertClose(av, vl, tolerance: 1e-12 * max(1, e.values[0]))
        assertClose(try multiply(e.vectors, e.vectors, transposeA: true), .identity(24), tolerance: 1e-13)
        assertClose(try symmetricEigenvalues(a), e.values, tolerance: 1e-13)
    }

    /// The `largest: k` variant (dsyevr) equals the leading k pairs of the full decomposition (dsyevd):
    /// values to 1e-13 relative, sign-normalised vectors to 1e-12 (measured: 2e-15 and 2e-14).
    func testLargestEigenpairsMatchTheFullDecomposition() throws {
        let a = gram(randomMatrix(200, 40, seed: 211), alpha: 1 / 200)
        let full = try symmetricEigen(a).withLargestComponentPositive()
        for k in [1, 8, 40] {
            let top = try symmetricEigen(a, largest: k).withLargestComponentPositive()
            XCTAssertEqual(top.vectors.columns, k)
            assertClose(top.values, Array(full.values.prefix(k)), tolerance: 1e-13, "k=\(k)")
            assertClose(top.vectors, full.vectors.columnSlice(0..<k), tolerance: 1e-12, "k=\(k)")
        }
        XCTAssertEqual(try symmetricEigen(a, largest: 0).values, [])
        let e = linearAlgebraError { try symmetricEigen(a, largest: 41, context: "extracting factors") }
        XCTAssertEqual(e?.description, "symmetricEigen while extracting factors: asked for the 41 largest eigenpairs of a 40×40 matrix")
    }

    /// Closed form: [[2, 1], [1, 3]] has eigenvalues λ = (5 ± √5)/2 with eigenvectors ∝ (1, λ − 2);
    /// to 1e-15 after the sign rule (largest-magnitude component positive).
    func testSymmetricEigenClosedForm() throws {
        let e = try symmetricEigen(try Matrix(rowMajor: [[2, 1], [1, 3]])).withLargestComponentPositive()
        let root5 = 5.0.squareRoot()
        let lambda = [(5 + root5) / 2, (5 - root5) / 2]
        assertClose(e.values, lambda, tolerance: 1e-15)
        var expected = Matrix(rows: 2, columns: 2)
        for j in 0..<2 {
            let norm = (1 + (lambda[j] - 2) * (lambda[j] - 2)).squareRoot()
            expected[0, j] = 1 / norm
            expected[1, j] = (lambda[j] - 2) / norm
        }
        // Column 0 ∝ (1, 1.618): already positive; column 1 ∝ (1, −0.618): first component largest, positive.
        assertClose(e.vectors, expected, tolerance: 1e-15)
        let flipped = SymmetricEigendecomposition(values: e.values, vectors: -e.vectors)
        XCTAssertEqual(flipped.withLargestComponentPositive(), e)
    }

    /// U·diag(s)·V' = A (1e-13), U'U = V'V = I (1e-13), s descending, and s² = eigenvalues of A'A
    /// (1e-12 relative to s₁²), for a tall and a wide matrix.
    func testThinSVDReconstructsAndMatchesEigenvaluesOfGram() throws {
        for (m, n) in [(80, 12), (12, 30)] {
            let a = randomMatrix(m, n, seed: UInt64(300 + m))
            let d = try svd(a)
            let k = min(m, n)
            XCTAssertEqual([d.u.rows, d.u.columns, d.vt.rows, d.vt.columns, d.singularValues.count], [m, k, k, n, k])
            for j in 1..<k { XCTAssertGreaterThanOrEqual(d.singularValues[j - 1], d.singularValues[j]) }
            let usv = try multiply(multiply(d.u, .diagonal(d.singularValues)), d.vt)
            assertClose(usv, a, tolerance: 1e-13, "\(m)×\(n)")
            assertClose(try multiply(d.u, d.u, transposeA: true), .identity(k), tolerance: 1e-13)
            assertClose(try multiply(d.v, d.v, transposeA: true), .identity(k), tolerance: 1e-13)
            let lambda = try symmetricEigenvalues(gram(a)).prefix(k)
            let s2 = d.singularValues.map { $0 * $0 }
            assertClose(s2, Array(lambda), tolerance: 1e-12, "\(m)×\(n)")
        }
    }

    /// With the sign rule, SVD's V matches the eigenvectors of A'A (1e-9: eigenvectors of the Gram
    /// matrix carry an error ~ε·κ(A)², here κ ≈ 3), and U·s = A·V keeps holding (1e-13).
    func testSignRuleMakesSVDAndEigenAgree() throws {
        let a = randomMatrix(150, 8, seed: 401)
        let d = try svd(a).withLargestComponentPositive()
        let e = try symmetricEigen(gram(a)).withLargestComponentPositive()
        assertClose(d.v, e.vectors, tolerance: 1e-9)
        assertClose(try multiply(d.u, .diagonal(d.singularValues)), try multiply(a, d.v), tolerance: 1e-13)
        for j in 0..<8 {
            let column = d.v.column(j)
            let largest = column.max { abs($0) < abs($1) }!
            XCTAssertGreaterThan(largest, 0, "column \(j)")
        }
        let left = try svd(a).withLargestComponentPositive(basedOnLeftVectors: true)
        for j in 0..<8 { XCTAssertGreaterThan(left.u.column(j).max { abs($0) < abs($1) }!, 0) }
    }

    /// dgeev on the companion matrix of (λ − 0.9)(λ + 0.6)(λ − 0.2 − 0.4i)(λ − 0.2 + 0.4i):
    /// the roots to 1e-12, sorted by descending modulus with +i first in the conjugate pair.
    func testCompanionMatrixHasTheKnownRoots() throws {
        let roots = [ComplexValue(real: 0.9, imaginary: 0), ComplexValue(real: -0.6, imaginary: 0),
                     ComplexValue(real: 0.2, imaginary: 0.4), ComplexValue(real: 0.2, imaginary: -0.4)]
        // Expand Π(λ − r) = λ⁴ + c₁λ³ + c₂λ² + c₃λ + c₄ with complex arithmetic.
        var coefficients = [ComplexValue(real: 1, imaginary: 0)]
        for r in roots {
            var next = coefficients + [ComplexValue(real: 0, imaginary: 0)]
            for i in 1..<next.count {
                let c = coefficients[i - 1]
                next[i].real -= r.real * c.real - r.imaginary * c.imaginary
                next[i].imaginary -= r.real * c.imaginary + r.imaginary * c.real
            }
            coefficients = next
        }
        // Companion (VAR) form: first row −c₁ … −c₄, ones below the diagonal.
        var companion = Matrix(rows: 4, columns: 4)
        for j in 0..<4 { companion[0, j] = -coefficients[j + 1].real }
        for i in 1..<4 { companion[i, i - 1] = 1 }
        let values = try eigenvalues(companion)
        let expected = [roots[0], roots[1], roots[2], roots[3]]  // moduli 0.9, 0.6, 0.447, 0.447
        XCTAssertEqual(values.count, 4)
        for (v, x) in zip(values, expected) {
            XCTAssertEqual(v.real, x.real, accuracy: 1e-12, "\(values)")
            XCTAssertEqual(v.imaginary, x.imaginary, accuracy: 1e-12, "\(values)")
        }
        XCTAssertEqual(values[2].modulus, 0.2.squareRoot(), accuracy: 1e-12)
    }

    /// A bivariate VAR(2) with diagonal A₁ = diag(1.1, 0.2), A₂ = diag(−0.28, 0.15): companion roots are
    /// those of λ² − 1.1λ + 0.28 (0.7, 0.4) and λ² − 0.2λ − 0.15 (0.5, −0.3), to 1e-12; stable.
    func testVARCompanionStability() throws {
        let companion = try Matrix(rowMajor: [
            [1.1, 0, -0.28, 0],
            [0, 0.2, 0, 0.15],
            [1, 0, 0, 0],
            [0, 1, 0, 0],
        ])
        let values = try eigenvalues(companion)
        assertClose(values.map(\.real), [0.7, 0.5, 0.4, -0.3], tolerance: 1e-12)
        assertClose(values.map(\.imaginary), [0, 0, 0, 0], tolerance: 1e-12)
        XCTAssertLessThan(values.map(\.modulus).max()!, 1)
        // A unit root: A₁ = 1 for the first variable (random walk).
        var unit = companion
        unit[0, 0] = 1; unit[0, 2] = 0
        XCTAssertEqual(try eigenvalues(unit)[0].modulus, 1, accuracy: 1e-12)
    }
}
