import Foundation
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
        try twice("dsyevr") { let e = try symmetricEigen(s(), largest: 5); return e.values + e.vectors.elements }
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

    /// Calls from several threads at once (the engine parallelises at task level with one BLAS
    /// thread each) give the same bits as serial calls.
    func testConcurrentCallsAgreeWithSerialCalls() throws {
        let inputs = (0..<8).map { randomMatrix(150, 12, seed: 600 + UInt64($0)) }
        let serial = try inputs.map { x -> [UInt64] in
            let d = try svd(x)
            return bits(d.singularValues + d.u.elements) + bits(try leastSquares(x, x.columnSlice(0..<2)).elements)
        }
        let results = ResultBox(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count * 4) { index in
            let i = index % inputs.count
            let x = inputs[i]
            let d = try? svd(x)
            let b = try? leastSquares(x, x.columnSlice(0..<2))
            if let d, let b {
                results.set(i, bits(d.singularValues + d.u.elements) + bits(b.elements))
            }
        }
        for i in inputs.indices { XCTAssertEqual(results.values[i], serial[i], "input \(i)") }
        XCTAssertFalse(results.disagreed, "two concurrent runs of the same input differed")
    }
}

/// Thread-safe collection of per-input results; records any disagreement between repeated runs.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [[UInt64]?]
    private(set) var disagreed = false
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: [UInt64]) {
        lock.lock(); defer { lock.unlock() }
        if let old = values[i], old != value { disagreed = true }
        values[i] = value
    }
}
