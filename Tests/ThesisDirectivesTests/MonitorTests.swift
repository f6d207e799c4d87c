import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `<<monitor>>`: drift by feature (the statistics of DriftStatisticsTests), the model's
/// prediction drift and performance against what it recorded, and rules that fire as alerts.
final class MonitorTests: XCTestCase {
    private func frame(_ n: Int, start: Int, shift: Double = 0, scale: Double = 1) -> TimeSeriesFrame {
        let x = (0..<n).map { k in shift + scale * (sin(1.37 * Double(k + start)) + 0.6 * sin(0.291 * Double((k + start) * (k + start)))) }
        let z = (0..<n).map { k in cos(0.77 * Double(k + start)) }
        let y = zip(x, z).map { 0.5 + 2 * $0 - $1 }
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<n).map { Month(index: Month(year: 1990, month: 1).index + start + $0) },
            names: ["x", "z", "y"], columns: [x, z, y])
    }

    func testDriftByFeatureMatchesTheStatistics() throws {
        let old = frame(240, start: 0), new = frame(120, start: 240, shift: 0.5)
        let result = try DirectiveHarness.run(
            "<<monitor reference=old data=new series=x,z rules=\"psi > 0.25; mean_p < 0.001\">>",
            data: ["reference": old, "data": new])
        let expected = try DriftStatistics.compare(name: "x", reference: old.columns[0], current: new.columns[0])
        XCTAssertEqual(result.scalars["x.psi"]?.number, expected.psi)
        XCTAssertEqual(result.scalars["x.ks_p"]?.number, expected.ksPValue)
        let alerts = try XCTUnwrap(result.alerts)
        XCTAssertEqual(Set(alerts.map(\.subject)), ["x"], "only the shifted feature")
        XCTAssertEqual(Set(alerts.map(\.rule)), ["psi > 0.25", "mean_p < 0.001"])
        XCTAssertTrue(alerts.allSatisfy { !$0.warn })
        XCTAssertEqual(result.figures.count, 1)
        let warned = try DirectiveHarness.run(
            "<<monitor reference=old data=new series=x rules=\"psi > 0.25\" warn=true>>", data: ["reference": old, "data": new])
        XCTAssertEqual(warned.alerts?.map(\.warn), [true])
        let quiet = try DirectiveHarness.run(
            "<<monitor reference=old data=new series=z rules=\"psi > 0.25\">>", data: ["reference": old, "data": new])
        XCTAssertEqual(quiet.alerts, [])
    }

    /// With a saved model: its predictions drift, and its RMSE on the new data is compared with
    /// the RMSE it recorded (`rmse > 1.25 * registered`).
    func testAModelsPerformanceAgainstItsRecordedPerformance() throws {
        let old = frame(240, start: 0)
        var degraded = frame(120, start: 240)
        degraded.columns[2] = degraded.columns[2].enumerated().map { $0.element + (($0.offset % 2 == 0) ? 0.8 : -0.8) }
        let fit = try DirectiveHarness.run("<<ols data=macro formula=\"y ~ x + z\">>", data: ["data": old])
        let bytes = try XCTUnwrap(fit.model?.artifact)
        let result = try DirectiveHarness.run(
            "<<monitor reference=old data=new of=fit rules=\"mae > 0.5; rmse > 1.25 * registered\" warn=true>>",
            data: ["reference": old, "data": degraded], results: ["of": fit], modelFiles: ["of": bytes])
        XCTAssertEqual(result.scalars["rmse"]?.number ?? 0, 0.8, accuracy: 1e-9, "the noise added is ±0.8 on an exact fit")
        XCTAssertNotNil(result.scalars["prediction.psi"], "predictions compared too")
        let alerts = try XCTUnwrap(result.alerts)
        XCTAssertEqual(alerts.map(\.subject), ["mae", "rmse"])
        XCTAssertTrue(alerts.allSatisfy(\.warn))
        // Without a model, a performance rule is an error naming what it needs.
        XCTAssertThrowsError(
            try DirectiveHarness.run("<<monitor reference=old data=new rules=\"rmse > 1\">>", data: ["reference": old, "data": degraded])
        ) { XCTAssertTrue("\($0)".contains("needs the model's performance"), "\($0)") }
    }

    func testBadRulesAreLocatedErrorsSayingWhatIsValid() throws {
        let old = frame(50, start: 0), new = frame(50, start: 50)
        for (rules, message) in [
            ("psi 0.2", "write STATISTIC OP NUMBER"), ("pis > 0.2", "did you mean 'psi'"), ("psi => 0.2", "not a comparison"),
            ("psi > x", "'x' is not a number"), ("psi > 0.2 * registered", "only rmse and mae"),
        ] {
            XCTAssertThrowsError(
                try DirectiveHarness.run("<<monitor reference=old data=new rules=\"\(rules)\">>", data: ["reference": old, "data": new]),
                rules
            ) { XCTAssertTrue("\($0)".contains(message), "\(rules): \($0)") }
        }
        XCTAssertThrowsError(try DirectiveHarness.run("<<monitor reference=old data=new series=w>>", data: ["reference": old, "data": new])) {
            XCTAssertTrue("\($0)".contains("'w' is not a column"), "\($0)")
        }
    }
}
