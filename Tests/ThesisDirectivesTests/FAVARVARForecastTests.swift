import Foundation
import ThesisData
import ThesisDocument
import ThesisModels
import ThesisTestSupport
import XCTest
@testable import ThesisDirectives

/// `forecast evaluate model=favar-var`: the FAVAR's own forecasts, re-prepared, re-extracted and
/// re-fitted from the raw data at each origin. Parity with numpy and statsmodels on FRED-MD
/// (generate_favar_forecast.py), and no look-ahead (poisoned future values change nothing).
final class FAVARVARForecastTests: XCTestCase {
    /// A forecaster over `raw`, evaluating from `first` (the months before are the pre-sample),
    /// with the target's transformed series as the actuals.
    private func setUp(
        _ raw: TimeSeriesFrame, first: Month, target: String, factors: Int, lags: Int, policy: String = "FEDFUNDS"
    ) throws -> (FAVARVARForecaster, actuals: [Double], columns: [[Double]], periods: [Month]) {
        let start = try XCTUnwrap(raw.periods.firstIndex(of: first))
        let periods = Array(raw.periods[start...])
        let names = raw.names.filter { $0 != policy } + [policy]
        let indices = names.map { raw.index(of: $0)! }
        let forecaster = FAVARVARForecaster(
            factors: factors, lags: lags, target: target, policy: policy, seriesNames: names,
            codes: indices.map { raw.transformCodes[$0] }, periods: periods,
            preSample: (Array(raw.periods[..<start]), indices.map { Array(raw.columns[$0][..<start]) }))
        let transformed = try raw.transformed()
        let actuals = Array(try XCTUnwrap(transformed.column(named: target))[start...])
        return (forecaster, actuals, indices.map { Array(raw.columns[$0][start...]) }, periods)
    }

    func testMatchesNumpyAndStatsmodelsAtEachOrigin() throws {
        let csv = RepositoryPaths.sharedData.appendingPathComponent("fred-md/2023-06.csv")
        guard FileManager.default.fileExists(atPath: csv.path) else { throw XCTSkip("FRED-MD not found at \(csv.path)") }
        let fixture = try XCTUnwrap(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: RepositoryPaths.fixtures.appendingPathComponent(
                    "favar/fred-md-2023-06-favar-forecast.json"))) as? [String: Any])
        let raw = try DataLoader.load(Data(contentsOf: csv), file: "2023-06.csv", format: .fredMD)
        for case let item as [String: Any] in try XCTUnwrap(fixture["cases"] as? [Any]) {
            let origin = try XCTUnwrap(Month(XCTUnwrap(item["origin"] as? String)))
            let k = try XCTUnwrap(item["factors"] as? Int), p = try XCTUnwrap(item["lags"] as? Int)
            let forecasts = try XCTUnwrap(item["forecasts"] as? [String: [Double]])
            for (target, expected) in forecasts.sorted(by: { $0.key < $1.key }) {
                let (forecaster, actuals, columns, periods) = try setUp(
                    raw, first: Month(year: 1960, month: 1), target: target, factors: k, lags: p)
                let end = try XCTUnwrap(periods.firstIndex(of: origin))
                let window = try ForecastWindow(
                    start: 0, target: Array(actuals[0...end]), predictors: columns.map { Array($0[0...end]) })
                let got = try (1...expected.count).map { h in
                    try forecaster.fit(window, horizon: h).predict(from: window)
                }
                // Relative to the path's scale: the two ports agree to about 1e-13.
                let scale = expected.map(abs).max() ?? 1
                assertClose(got, expected, Tolerance(absolute: 1e-12 * scale, relative: 1e-10), "\(target) \(origin) K=\(k) p=\(p)")
            }
        }
    }

    /// A small raw panel in FRED-MD's style: two factors, series in levels (code 1), differences
    /// (2) and log differences (5), and a policy rate in levels that follows the factors.
    static func syntheticPanel(months: Int = 216) -> TimeSeriesFrame {
        var state: UInt64 = 0x5EED
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var f = [0.0, 0.0], rate = 4.0
        var columns = Array(repeating: [Double](), count: 19)
        var levels = Array(repeating: 100.0, count: 18)
        for _ in 0..<months {
            f = [0.8 * f[0] + noise(), 0.5 * f[1] - 0.2 * f[0] + noise()]
            rate = max(0, 0.95 * rate + 0.2 + 0.3 * f[0] + 0.1 * noise())
            for i in 0..<18 {
                let common = (0.3 + 0.05 * Double(i)) * f[0] + (i % 3 == 0 ? -0.4 : 0.25) * f[1] - 0.05 * rate
                let shock = common + 0.5 * noise()
                switch i % 3 {
                case 0: columns[i].append(shock)  // a level
                case 1:
                    levels[i] += shock
                    columns[i].append(levels[i])  // a random walk: code 2
                default:
                    levels[i] *= exp(0.01 * shock)
                    columns[i].append(levels[i])  // a log random walk: code 5
                }
            }
            columns[18].append(rate)
        }
        let start = Month(year: 1990, month: 1)
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<months).map { Month(index: start.index + $0) },
            names: (0..<18).map { "S\($0)" } + ["FEDFUNDS"], columns: columns,
            transformCodes: (0..<18).map { [1, 2, 5][$0 % 3] } + [1])
    }

    private let plans = [
        ForecastPlan(horizons: [1, 6], firstOrigin: 120, window: .expanding, reestimationStep: 1),
        ForecastPlan(horizons: [1, 3], firstOrigin: 110, window: .expanding, reestimationStep: 7),
        ForecastPlan(horizons: [2], firstOrigin: 130, window: .rolling(length: 90), reestimationStep: 4),
    ]

    func testPoisonedFutureChangesNoForecast() throws {
        let raw = Self.syntheticPanel()
        for plan in plans {
            let (forecaster, actuals, columns, _) = try setUp(
                raw, first: Month(year: 1991, month: 1), target: "S2", factors: 2, lags: 2)
            let clean = try ForecastEvaluation.run(target: actuals, predictors: columns, plan: plan, models: [forecaster])
            for cut in [140, 171] {
                for poison in [Double.nan, 1e300, -1e300] {
                    let (fresh, _, _, _) = try setUp(
                        raw, first: Month(year: 1991, month: 1), target: "S2", factors: 2, lags: 2)
                    var target = actuals, predictors = columns
                    for t in (cut + 1)..<target.count {
                        target[t] = poison
                        for j in predictors.indices { predictors[j][t] = poison }
                    }
                    var truncated = plan
                    truncated.lastOrigin = cut
                    let poisoned = try ForecastEvaluation.run(
                        target: target, predictors: predictors, plan: truncated, models: [fresh])
                    for h in plan.horizons {
                        let a = try clean.forecasts(model: forecaster.name, horizon: h)
                        let b = try poisoned.forecasts(model: fresh.name, horizon: h)
                        XCTAssertEqual(b.origins.last, cut)
                        XCTAssertEqual(
                            Array(a.forecasts.prefix(b.forecasts.count)).map(\.bitPattern), b.forecasts.map(\.bitPattern),
                            "h=\(h) cut=\(cut) poison=\(poison) plan=\(plan.window)")
                    }
                }
            }
        }
    }

    /// The check has teeth: a changed raw value inside the information sets changes later forecasts
    /// and none before it; and between re-estimations the forecasts still move with new data.
    func testAChangeBeforeTheOriginIsSeen() throws {
        let raw = Self.syntheticPanel()
        let plan = plans[1]
        let (forecaster, actuals, columns, _) = try setUp(
            raw, first: Month(year: 1991, month: 1), target: "S2", factors: 2, lags: 2)
        let clean = try ForecastEvaluation.run(target: actuals, predictors: columns, plan: plan, models: [forecaster])
        var changed = columns
        changed[5][150] *= 1.5
        let (fresh, _, _, _) = try setUp(raw, first: Month(year: 1991, month: 1), target: "S2", factors: 2, lags: 2)
        let other = try ForecastEvaluation.run(target: actuals, predictors: changed, plan: plan, models: [fresh])
        let a = try clean.forecasts(model: forecaster.name, horizon: 1), b = try other.forecasts(model: fresh.name, horizon: 1)
        let first = try XCTUnwrap(a.origins.firstIndex(of: 150))
        XCTAssertEqual(Array(a.forecasts[..<first]), Array(b.forecasts[..<first]))
        XCTAssertNotEqual(a.forecasts[first], b.forecasts[first], "the origin's own month enters (projected factors)")
        let steps = try plan.steps(horizon: 1, count: actuals.count)
        let between = steps.indices.filter { !steps[$0].reestimates }
        XCTAssertFalse(between.isEmpty)
        XCTAssertTrue(between.contains { a.forecasts[$0] != a.forecasts[$0 - 1] }, "forecasts move between re-estimations")
    }
}
