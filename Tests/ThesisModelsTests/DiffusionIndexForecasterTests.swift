import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

final class DiffusionIndexForecasterTests: XCTestCase {
    /// A panel driven by one AR(1) factor that leads the target by one period.
    private func data(_ count: Int) -> (target: [Double], panel: [[Double]]) {
        var rng = SplitMix64(state: 11)
        func noise() -> Double { Double(rng.next() >> 11) / Double(1 << 53) - 0.5 }
        var f = [0.0]
        for _ in 1..<count { f.append(0.8 * f.last! + noise()) }
        let target = (0..<count).map { t in t == 0 ? 0 : 0.9 * f[t - 1] + 0.05 * noise() }
        let panel = (0..<12).map { i in f.map { (0.5 + 0.1 * Double(i)) * $0 + 0.1 * noise() } }
        return (target, panel)
    }

    func testUsesTheFactorsAndNoFutureData() throws {
        let (target, panel) = data(300)
        let plan = ForecastPlan(horizons: [1], firstOrigin: 200, window: .expanding, reestimationStep: 10)
        let models: [any Forecaster] = [DiffusionIndexForecaster(factors: 1, lags: 1), DirectARForecaster(lags: 1)]
        let result = try ForecastEvaluation.run(target: target, predictors: panel, plan: plan, models: models)
        let di = try result.forecasts(model: "DI(1)", horizon: 1), ar = try result.forecasts(model: "AR(1)", horizon: 1)
        XCTAssertLessThan(try di.rootMeanSquaredError(), 0.5 * (try ar.rootMeanSquaredError()), "the factor carries the signal")
        // Poisoning everything after period 250 leaves the forecasts from origins before it unchanged.
        var poisonedPanel = panel, poisonedTarget = target
        for i in poisonedPanel.indices { for t in 251..<300 { poisonedPanel[i][t] = 1e300 } }
        for t in 251..<300 { poisonedTarget[t] = .nan }
        let poisoned = try ForecastEvaluation.run(target: poisonedTarget, predictors: poisonedPanel,
                                                  plan: ForecastPlan(horizons: [1], firstOrigin: 200, lastOrigin: 249, window: .expanding, reestimationStep: 10),
                                                  models: [DiffusionIndexForecaster(factors: 1, lags: 1)])
        let clean = Array(di.forecasts.prefix(50)), dirty = try poisoned.forecasts(model: "DI(1)", horizon: 1).forecasts
        XCTAssertEqual(clean, dirty)
    }
}
