import XCTest
@testable import ThesisLinearAlgebra

/// The same inputs give bit-identical outputs (with the thread count pinned, as the tool runs).
/// Each input is rebuilt from its seed for the second run, so no storage is shared between runs.
final class DeterminismTests: XCTestCase {
    override func setUp() {
        BLASThreads.set(1)
    }

    private func twice(_ name: String, _ body: () throws -> [Double]) throws {
        let first = try body(), second = try body()
        XCTAssertEqual(first.count, second.count, name)
        XCTAssertEqual(bits(first), bits(second), "\(name) differs between two identical calls")
    }

    func testEveryOperationIsBitReproducible() throws {
        let x = { randomMatrix(300, 40, seed: 501) }
        let y = { randomMatrix(300, 3, seed: 502) }
        let s = { randomSPD(40, seed: 503) }
        let g = { randomMatrix(40, 40, seed: 504) }
        try twice("dgemm") { try multiply(x(), y(), transposeA: true).elements }
        try twice("dgemv") { try multiply(x(), y().column(0), transposeA: true) }
        try twice("dsyrk") { gram(x()).elements }
        try twice("dpotrf") { try cholesky(s()).elements }
        try twice("dgesv") { try solve(g(), x().rowSlice(0..<40)).elements }
        try twice("dposv") { try solveSymmetricPositiveDefinite(s(), g()).elements }
        try twice("dgels") { try leastSquares(x(), y()).elements }
        try twice("dgetri") { try inverse(g()).elements }
        try twice("dpotri") { try inverseSymmetricPositiveDefinite(s()).elements }
        try twice("slogdet") { let d = try logDeterminant(g()); return [d.sign, d.logAbsoluteValue] }
        try twice("dsyevd") { let e = try symmetricEigen(s()); return e.values + e.vectors.elements }
        try twice("dgesdd") { let d = try svd(x()); return d.u.elements + d.singularValues + d.vt.elements }
        try twice("dgeev") { try eigenvalues(g()).flatMap { [$0.real, $0.imaginary] } }
        try twice("kronecker") { kronecker(s(), g().submatrix(rows: 0..<3, columns: 0..<3)).elements }
    }

    /// Thousands of repeated small solves (a bootstrap-like loop) agree bit for bit.
    func testRepeatedCallsInALoopAgree() throws {
        let x = randomMatrix(120, 9, seed: 505), y = randomMatrix(120, 4, seed: 506)
        let reference = try leastSquares(x, y)
        for _ in 0..<500 {
            XCTAssertEqual(bits(try leastSquares(x, y).elements), bits(reference.elements))
        }
    }
}
