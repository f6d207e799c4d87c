import Foundation
import XCTest
@testable import ThesisModels

/// US civilian unemployment rate 1948-01 … 2016-12 (../shared/data/unemployment, beside the
/// repository; skipped when absent): AR(12) and random-walk 1-step forecasts from an expanding
/// window, forecasts of 2000-01 … 2016-12.
final class ForecastingRealDataTests: XCTestCase {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/unemployment/unemployment1948.csv")

    /// The wide table `Year,Jan,…,Dec,Annual` read row by row, `Annual` left out (see its README).
    static func monthlySeries() throws -> (firstYear: Int, values: [Double]) {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw XCTSkip("shared data not found at \(file.path)")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        XCTAssertEqual(header, ["Year", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                                "Annual"])
        var firstYear: Int?, previousYear: Int?
        var values = [Double]()
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 14, let year = Int(cells[0]) else {
                throw ForecastingError("unexpected row: \(line)")
            }
            if let previousYear, year != previousYear + 1 { throw ForecastingError("years jump at \(year)") }
            firstYear = firstYear ?? year
            previousYear = year
            for cell in cells[1...12] {
                guard let v = Double(cell) else { throw ForecastingError("not a number: \(cell) in \(year)") }
                values.append(v)
            }
        }
        return (try XCTUnwrap(firstYear), values)
    }

    func testAR12AndRandomWalkFrom2000() throws {
        let (firstYear, y) = try Self.monthlySeries()
        XCTAssertEqual(firstYear, 1948)
        XCTAssertEqual(y.count, 828)
        XCTAssertEqual(y.first, 4.0)  // 1948-01
        XCTAssertEqual(y.last, 4.5)   // 2016-12
        func period(_ year: Int, _ month: Int) -> Int { (year - firstYear) * 12 + month - 1 }

        let plan = ForecastPlan(horizons: [1], firstOrigin: period(1999, 12), window: .expanding)
        let models: [any Forecaster] = [DirectARForecaster(lags: 12), DirectARForecaster(lags: 12, target: .change),
                                        RandomWalkForecaster()]
        let result = try ForecastEvaluation.run(target: y, plan: plan, models: models)
        let ar = try result.forecasts(model: "AR(12)", horizon: 1)
        let arChange = try result.forecasts(model: "AR(12) Δ", horizon: 1)
        let rw = try result.forecasts(model: "RW", horizon: 1)
        XCTAssertEqual(ar.periods.first, period(2000, 1))
        XCTAssertEqual(ar.periods.last, period(2016, 12))
        XCTAssertEqual(ar.forecasts.count, 204)

        let rmseAR = try ar.rootMeanSquaredError(), rmseChange = try arChange.rootMeanSquaredError()
        let rmseRW = try rw.rootMeanSquaredError()
        let dm = try result.dieboldMariano(model: "AR(12)", benchmark: "RW", horizon: 1)
        let dmChange = try result.dieboldMariano(model: "AR(12) Δ", benchmark: "RW", horizon: 1)
        print(String(format: "unemployment 2000-01..2016-12, 1-step, expanding: RMSE AR(12) levels %.4f pp, "
                     + "AR(12) on changes %.4f pp, random walk %.4f pp; DM vs RW: levels S = %.3f p = %.3g, "
                     + "changes S = %.3f p = %.3g", rmseAR, rmseChange, rmseRW, dm.statistic, dm.pValue,
                     dmChange.statistic, dmChange.pValue))

        // Loose bounds (what a reader of the thesis should see).
        XCTAssertTrue((0.25...0.33).contains(rmseAR), "AR(12) in levels: \(rmseAR)")
        XCTAssertTrue((0.18...0.25).contains(rmseChange), "AR(12) on changes: \(rmseChange)")
        XCTAssertTrue((0.33...0.40).contains(rmseRW), "random walk: \(rmseRW)")
        XCTAssertLessThan(dm.statistic, 0)
        XCTAssertLessThan(dm.pValue, 0.01)
        XCTAssertLessThan(dmChange.pValue, 0.01)

        // Tight: the numpy computation of the same forecasts (fixture `unemployment`).
        guard let reference = MetricsFixture.root["unemployment"] as? [String: Any] else {
            throw XCTSkip("the fixture was generated without the shared data")
        }
        for (name, forecasts) in [("RW", rw), ("AR(12)", ar), ("AR(12) change", arChange)] {
            let entry = try MetricsFixture.dictionary(reference[name])
            assertRelative(try forecasts.rootMeanSquaredError(), try MetricsFixture.number(entry["rmse"]), 1e-10,
                           group: "unrate", name)
            assertRelative(forecasts.forecasts.first!, try MetricsFixture.number(entry["first"]), 1e-10, group: "unrate", name)
            assertRelative(forecasts.forecasts.last!, try MetricsFixture.number(entry["last"]), 1e-10, group: "unrate", name)
        }
        for (name, test) in [("AR(12)", dm), ("AR(12) change", dmChange)] {
            let entry = try MetricsFixture.dictionary(reference[name])
            assertRelative(test.statistic, try MetricsFixture.number(entry["dmStatistic"]), 1e-9, group: "unrate", name)
            assertRelative(test.pValue, try MetricsFixture.number(entry["dmPValue"]), 1e-8, group: "unrate", name)
        }
        print("unemployment vs numpy: largest relative difference \(MetricsDifferenceLog.shared.largest("unrate"))")
    }
}
