import Foundation
import XCTest
@testable import ThesisModels

/// Drift statistics against numpy and scipy (Tests/Fixtures/generate_drift.py): the same, a
/// shifted, a scaled and a small sample against a reference.
final class DriftStatisticsTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            var name: String
            var reference: [Double], current: [Double]
            var psi: Double, ks: Double, ks_p: Double, mean_p: Double, var_p: Double
            var reference_mean: Double, current_mean: Double, reference_variance: Double, current_variance: Double
        }
        var cases: [Case]
        var kolmogorov_sf: [[Double]]
    }

    private func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/drift/reference.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    private func close(_ x: Double, _ y: Double, _ rtol: Double, _ what: String, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(x - y), rtol * max(abs(y), 1e-300), "\(what): \(x) vs \(y)", line: line)
    }

    func testEveryStatisticMatchesNumpyAndScipy() throws {
        let fixture = try fixture()
        XCTAssertEqual(fixture.cases.count, 4)
        for c in fixture.cases {
            let drift = try DriftStatistics.compare(name: c.name, reference: c.reference, current: c.current)
            close(drift.psi, c.psi, 1e-12, "\(c.name) psi")
            XCTAssertEqual(drift.ks, c.ks, "\(c.name) ks statistic, exactly")
            close(drift.ksPValue, c.ks_p, 1e-10, "\(c.name) ks p")
            close(drift.meanPValue, c.mean_p, 1e-10, "\(c.name) welch p")
            close(drift.variancePValue, c.var_p, 1e-9, "\(c.name) levene p")
            close(drift.referenceMean, c.reference_mean, 1e-14, "\(c.name) mean")
            close(drift.currentMean, c.current_mean, 1e-14, "\(c.name) mean")
            close(drift.referenceVariance, c.reference_variance, 1e-13, "\(c.name) variance")
            close(drift.currentVariance, c.current_variance, 1e-13, "\(c.name) variance")
        }
        // The shifted sample drifts by every measure of location; the scaled one by scale only.
        let byName = Dictionary(uniqueKeysWithValues: try fixture.cases.map {
            ($0.name, try DriftStatistics.compare(name: $0.name, reference: $0.reference, current: $0.current))
        })
        XCTAssertLessThan(byName["same"]!.psi, 0.1)
        XCTAssertGreaterThan(byName["shifted"]!.psi, 0.25)
        XCTAssertLessThan(byName["shifted"]!.meanPValue, 1e-6)
        XCTAssertLessThan(byName["scaled"]!.variancePValue, 1e-6)
        XCTAssertGreaterThan(byName["scaled"]!.meanPValue, 0.1)
    }

    func testKolmogorovDistributionMatchesScipyOnBothBranches() throws {
        for pair in try fixture().kolmogorov_sf {
            close(DriftStatistics.kolmogorovSF(pair[0]), pair[1], 1e-12, "kstwobign.sf(\(pair[0]))")
        }
        XCTAssertEqual(DriftStatistics.kolmogorovSF(0), 1)
    }

    func testBadSamplesAreRefusedWithTheReason() {
        XCTAssertThrowsError(try DriftStatistics.compare(name: "x", reference: [1], current: [1, 2])) {
            XCTAssertTrue("\($0)".contains("at least 2"), "\($0)")
        }
        XCTAssertThrowsError(try DriftStatistics.compare(name: "x", reference: [1, 2], current: [1, .nan])) {
            XCTAssertTrue("\($0)".contains("not a finite number"), "\($0)")
        }
        XCTAssertThrowsError(try DriftStatistics.compare(name: "x", reference: [3, 3, 3], current: [1, 2])) {
            XCTAssertTrue("\($0)".contains("constant in the reference"), "\($0)")
        }
    }
}
