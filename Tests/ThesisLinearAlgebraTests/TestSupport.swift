import Foundation
import XCTest
@testable import ThesisLinearAlgebra

/// A small deterministic generator (SplitMix64) so test matrices are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = 1 - uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A `rows × columns` matrix of standard normal entries from `seed`.
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var g = SplitMix64(seed: seed)
    var m = Matrix(rows: rows, columns: columns)
    for j in 0..<columns { for i in 0..<rows { m[i, j] = g.normal() } }
    return m
}

/// A well-conditioned symmetric positive definite `n × n` matrix: `X'X/m + I` for a random X.
func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
    let x = randomMatrix(3 * n, n, seed: seed)
    var s = gram(x, alpha: 1 / Double(3 * n))
    for i in 0..<n { s[i, i] += 1 }
    return s
}

/// Textbook triple loop, independent of BLAS.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.columns == b.rows)
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var s = 0.0
            for k in 0..<a.columns { s += a[i, k] * b[k, j] }
            c[i, j] = s
        }
    }
    return c
}

/// Element-wise transpose, independent of BLAS.
func naiveTranspose(_ a: Matrix) -> Matrix {
    var t = Matrix(rows: a.columns, columns: a.rows)
    for i in 0..<a.rows { for j in 0..<a.columns { t[j, i] = a[i, j] } }
    return t
}

/// The largest |entry|, at least 1: the scale for "relative" tolerances.
func scale(_ m: Matrix) -> Double { max(1, m.elements.map(abs).max() ?? 0) }

/// Asserts `max |actual − expected| ≤ tolerance · max(1, max |expected|)` with equal shapes.
func assertClose(_ actual: Matrix, _ expected: Matrix, tolerance: Double, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    guard actual.rows == expected.rows, actual.columns == expected.columns else {
        XCTFail("shape \(actual.rows)×\(actual.columns) ≠ \(expected.rows)×\(expected.columns) \(message)",
                file: file, line: line)
        return
    }
    let difference = (try? actual.maxAbsoluteDifference(expected)) ?? .infinity
    XCTAssertLessThanOrEqual(difference, tolerance * scale(expected),
                             "max difference \(difference) \(message)", file: file, line: line)
}

/// Vector version of `assertClose(_:_:tolerance:)`.
func assertClose(_ actual: [Double], _ expected: [Double], tolerance: Double, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    assertClose(Matrix(column: actual), Matrix(column: expected), tolerance: tolerance, message, file: file, line: line)
}

/// Bit patterns, for determinism checks (distinguishes -0.0, NaN payloads).
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// The error `body` throws as a `LinearAlgebraError`; fails the test when nothing or something else is thrown.
func linearAlgebraError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line)
    -> LinearAlgebraError? {
    do {
        let value = try body()
        XCTFail("expected a LinearAlgebraError, got \(value)", file: file, line: line)
    } catch let error as LinearAlgebraError {
        return error
    } catch {
        XCTFail("expected a LinearAlgebraError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}
