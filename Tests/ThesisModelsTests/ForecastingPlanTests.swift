import XCTest
@testable import ThesisModels

/// Test series: an AR(2) target with an AR(1) predictor, from the documented SplitMix64 generator.
enum ForecastingSeries {
    static func make(count: Int, seed: UInt64) -> (target: [Double], predictor: [Double]) {
        var g = HyperparameterSearch.Generator(seed: seed)
        func normal() -> Double {
            let u1 = 1 - g.unit(), u2 = g.unit()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        var y = [Double](repeating: 0, count: count), x = y
        for t in 2..<count {
            x[t] = 0.6 * x[t - 1] + normal()
            y[t] = 0.5 + 0.5 * y[t - 1] - 0.2 * y[t - 2] + 0.3 * x[t - 1] + normal()
        }
        return (y, x)
    }
}

/// The plan's origin and window arithmetic, by hand.
final class ForecastingPlanTests: XCTestCase {
    func testExpandingOriginsAndWindows() throws {
        let plan = ForecastPlan(horizons: [1, 3], firstOrigin: 10, window: .expanding, sampleStart: 2)
        let steps = try plan.steps(horizon: 3, count: 20)
        // origins 10 … 20 − 1 − 3 = 16
        XCTAssertEqual(steps.map(\.origin), Array(10...16))
        XCTAssertEqual(steps.map(\.target), Array(13...19))
        XCTAssertTrue(steps.allSatisfy(\.reestimates))
        XCTAssertEqual(steps.first?.training, 2...10)
        XCTAssertEqual(steps.last?.training, 2...16)
        XCTAssertEqual(steps.last?.information, 2...16)
        XCTAssertEqual(try plan.steps(horizon: 1, count: 20).map(\.origin), Array(10...18))
    }

    func testRollingWindowsAndReestimationStep() throws {
        let plan = ForecastPlan(horizons: [1], firstOrigin: 5, window: .rolling(length: 4), reestimationStep: 3)
        let steps = try plan.steps(horizon: 1, count: 13)  // origins 5 … 11
        XCTAssertEqual(steps.map(\.origin), [5, 6, 7, 8, 9, 10, 11])
        XCTAssertEqual(steps.map(\.estimatedAt), [5, 5, 5, 8, 8, 8, 11])
        XCTAssertEqual(steps.map(\.reestimates), [true, false, false, true, false, false, true])
        XCTAssertEqual(steps.map(\.training), [2...5, 2...5, 2...5, 5...8, 5...8, 5...8, 8...11])
        XCTAssertEqual(steps.map(\.information), [2...5, 3...6, 4...7, 5...8, 6...9, 7...10, 8...11])
        for step in steps {
            XCTAssertLessThanOrEqual(step.training.upperBound, step.origin)
            XCTAssertEqual(step.information.upperBound, step.origin)
            XCTAssertEqual(step.information.count, 4)
        }
    }

    func testCommonOriginsAndLastOrigin() throws {
        var plan = ForecastPlan(horizons: [1, 3, 6, 12], firstOrigin: 30, commonOrigins: true)
        for h in plan.horizons {
            XCTAssertEqual(try plan.steps(horizon: h, count: 60).map(\.origin), Array(30...47), "h=\(h)")  // 60 − 1 − 12
        }
        plan.commonOrigins = false
        XCTAssertEqual(try plan.steps(horizon: 6, count: 60).last?.origin, 53)
        plan.lastOrigin = 40
        XCTAssertEqual(try plan.steps(horizon: 1, count: 60).map(\.origin), Array(30...40))
        XCTAssertEqual(try plan.steps(horizon: 12, count: 60).map(\.origin), Array(30...40))
    }

    func testInvalidPlans() {
        XCTAssertThrowsError(try ForecastPlan(firstOrigin: 3, window: .rolling(length: 5)).steps(horizon: 1, count: 20)) {
            XCTAssertTrue("\($0)".contains("does not fit"), "\($0)")
        }
        XCTAssertThrowsError(try ForecastPlan(firstOrigin: 18).steps(horizon: 3, count: 20)) {
            XCTAssertTrue("\($0)".contains("no forecast origin"), "\($0)")
        }
        XCTAssertThrowsError(try ForecastPlan(firstOrigin: 5).steps(horizon: 0, count: 20))
        XCTAssertThrowsError(try ForecastPlan(firstOrigin: 5, reestimationStep: 0).steps(horizon: 1, count: 20))
        XCTAssertThrowsError(try ForecastPlan(firstOrigin: 1, sampleStart: 2).steps(horizon: 1, count: 20))
        let series = ForecastingSeries.make(count: 50, seed: 1).target
        XCTAssertThrowsError(try ForecastEvaluation.run(target: series, plan: ForecastPlan(horizons: [1, 1], firstOrigin: 30),
                                                        models: [RandomWalkForecaster()]))
        XCTAssertThrowsError(try ForecastEvaluation.run(target: series, plan: ForecastPlan(firstOrigin: 30),
                                                        models: [RandomWalkForecaster(), RandomWalkForecaster()]))
        XCTAssertThrowsError(try ForecastEvaluation.run(target: series, predictors: [[1, 2]], plan: ForecastPlan(firstOrigin: 30),
                                                        models: [RandomWalkForecaster()]))
    }

    /// Every model gets the same origins and periods; the random walk is the value at the origin.
    func testSameOriginsForEveryModel() throws {
        let (y, x) = ForecastingSeries.make(count: 120, seed: 7)
        let plan = ForecastPlan(horizons: [1, 3, 6, 12], firstOrigin: 60, window: .rolling(length: 50), reestimationStep: 4)
        let comparison = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: [
            DirectARForecaster(lags: 4), DirectARForecaster(lags: 2, predictorLags: 2), RandomWalkForecaster(),
        ])
        XCTAssertEqual(comparison.models.map(\.name), ["AR(4)", "ARX(2,2)", "RW"])
        for h in plan.horizons {
            let all = try comparison.models.map { try comparison.forecasts(model: $0.name, horizon: h) }
            XCTAssertEqual(all[0].origins, Array(60...(119 - h)))
            for other in all.dropFirst() {
                XCTAssertEqual(other.origins, all[0].origins)
                XCTAssertEqual(other.periods, all[0].periods)
                XCTAssertEqual(other.actuals, all[0].actuals)
            }
            XCTAssertEqual(all[0].periods, all[0].origins.map { $0 + h })
            XCTAssertEqual(all[0].actuals, all[0].periods.map { y[$0] })
            XCTAssertEqual(all[2].forecasts, all[2].origins.map { y[$0] })
            XCTAssertEqual(all[0].errors, zip(all[0].actuals, all[0].forecasts).map { $0 - $1 })
        }
        XCTAssertThrowsError(try comparison.forecasts(model: "LSTM", horizon: 1))
        XCTAssertThrowsError(try comparison.forecasts(model: "RW", horizon: 2))
        let relative = try comparison.relativeRootMeanSquaredError(model: "AR(4)", benchmark: "RW", horizon: 1)
        let ar = try comparison.forecasts(model: "AR(4)", horizon: 1), rw = try comparison.forecasts(model: "RW", horizon: 1)
        XCTAssertEqual(relative, try ar.rootMeanSquaredError() / rw.rootMeanSquaredError())
        let dm = try comparison.dieboldMariano(model: "AR(4)", benchmark: "RW", horizon: 6)
        XCTAssertEqual(dm.horizon, 6)
        XCTAssertEqual(dm.count, 120 - 6 - 60)
    }
}
