import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// Bad inputs give typed `VARError`s with useful messages, never a trap.
final class VARErrorTests: XCTestCase {
    /// A small stable bivariate series (deterministic, no file needed).
    static func simulated(rows: Int, seed: UInt64 = 7) -> Matrix {
        var rng = Xoshiro256StarStar(seed: seed)
        var y = Matrix(rows: rows, columns: 2)
        for t in 1..<rows {
            y[t, 0] = 0.1 + 0.5 * y[t - 1, 0] + 0.1 * y[t - 1, 1] + rng.nextNormal()
            y[t, 1] = -0.2 + 0.2 * y[t - 1, 0] + 0.3 * y[t - 1, 1] + rng.nextNormal()
        }
        return y
    }

    private func expectError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line,
                             _ check: (VARError) -> Bool) {
        do {
            try body()
            XCTFail("expected a VARError", file: file, line: line)
        } catch let error as VARError {
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertFalse(error.description.isEmpty)
        } catch {
            XCTFail("expected a VARError, got \(error)", file: file, line: line)
        }
    }

    func testTooManyLags() {
        let y = Self.simulated(rows: 20)
        // T = 20, K = 2, constant: T − p − (2p + 1) ≥ K = 2  ⇔  p ≤ 5 (statsmodels' bound).
        XCTAssertEqual(VARModel.maximumLags(rows: 20, series: 2, trend: .constant), 5)
        XCTAssertNoThrow(try VARModel(data: y, names: ["a", "b"], lags: 5))
        XCTAssertNoThrow(try VARModel.selectOrder(data: y, names: ["a", "b"], maxLags: 5))
        expectError({ _ = try VARModel(data: y, names: ["a", "b"], lags: 6) }) {
            if case .tooManyLags(6, 20, 2, 1, 5) = $0 { return $0.description.contains("at most 5") }
            return false
        }
        expectError({ _ = try VARModel(data: y, names: ["a", "b"], lags: 50) }) {
            if case .tooManyLags = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel.selectOrder(data: y, names: ["a", "b"], maxLags: 6) }) {
            if case .tooManyLags = $0 { return true } else { return false }
        }
    }

    func testCollinearSeriesAreASingularDesign() throws {
        var y = Matrix(rows: 100, columns: 3)
        let base = Self.simulated(rows: 100)
        for t in 0..<100 {
            y[t, 0] = base[t, 0]
            y[t, 1] = base[t, 1]
            y[t, 2] = 2 * base[t, 0] - base[t, 1]
        }
        expectError({ _ = try VARModel(data: y, names: ["a", "b", "c"], lags: 2) }) {
            if case .singularDesign(let regressors, _) = $0 {
                return regressors.contains("L1.c") && $0.description.contains("collinear")
            }
            return false
        }
        expectError({ _ = try VARModel.selectOrder(data: y, names: ["a", "b", "c"], maxLags: 3) }) {
            if case .singularDesign = $0 { return true } else { return false }
        }
        // A constant series next to the constant term.
        var flat = base
        for t in 0..<100 { flat[t, 1] = 3 }
        expectError({ _ = try VARModel(data: flat, names: ["a", "b"], lags: 1) }) {
            if case .singularDesign(let regressors, _) = $0 { return regressors.contains("L1.b") }
            return false
        }
    }

    func testNonFiniteValues() {
        var y = Self.simulated(rows: 50)
        y[17, 1] = .nan
        expectError({ _ = try VARModel(data: y, names: ["a", "b"], lags: 1) }) {
            if case .nonFinite("b", 17, _) = $0 { return $0.description.contains("row 18") }
            return false
        }
        y[17, 1] = .infinity
        expectError({ _ = try VARModel.selectOrder(data: y, names: ["a", "b"], maxLags: 2) }) {
            if case .nonFinite = $0 { return true } else { return false }
        }
    }

    func testUnknownNamesAndBadArguments() throws {
        let y = Self.simulated(rows: 80)
        let model = try VARModel(data: y, names: ["a", "b"], lags: 2)
        expectError({ _ = try model.testCausality(caused: ["z"], causing: ["a"]) }) {
            if case .unknownVariable("z", let available) = $0 { return available == ["a", "b"] }
            return false
        }
        expectError({ _ = try model.testCausality(caused: ["a"], causing: ["nope"]) }) {
            if case .unknownVariable = $0 { return true } else { return false }
        }
        expectError({ _ = try model.testCausality(caused: ["a"], causing: ["a"]) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.index(of: "q") }) {
            if case .unknownVariable = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel(data: y, names: ["a"], lags: 1) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel(data: y, names: ["a", "a"], lags: 1) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel(data: y, names: ["a", "b"], lags: -1) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel(data: y, names: ["a", "b"], lags: 0, trend: .none) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.forecastInterval(steps: 3, alpha: 1.5) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.forecast(steps: 0) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.forecast(steps: 2, presample: Matrix(rows: 1, columns: 2)) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.fevd(periods: 0) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.impulseResponseBands(steps: 5, options: VARBandOptions(replications: 1)) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try model.impulseResponseBands(steps: 5, options: VARBandOptions(level: 1)) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        expectError({ _ = try VARModel(data: Matrix(rows: 0, columns: 0), names: [], lags: 1) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        let zeroLags = try VARModel(data: y, names: ["a", "b"], lags: 0)
        expectError({ _ = try zeroLags.testCausality(caused: ["a"], causing: ["b"]) }) {
            if case .invalidArgument = $0 { return true } else { return false }
        }
        XCTAssertTrue(try zeroLags.isStable())
        XCTAssertEqual(try zeroLags.impulseResponses(steps: 3).irfs.count, 4)
    }
}
