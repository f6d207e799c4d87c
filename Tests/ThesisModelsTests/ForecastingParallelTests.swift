import Foundation
import XCTest
@testable import ThesisModels

/// The estimation origins of an evaluation run side by side; the forecasts must not depend on
/// how many threads run them.
final class ForecastingParallelTests: XCTestCase {
    func testForecastsAreTheSameBitsForAnyWorkerCount() throws {
        let (y, x) = ForecastingSeries.make(count: 120, seed: 5)
        let options = Neural.ModelOptions(hiddenSizes: [8], epochs: 15, batchSize: 16, seed: 7)
        let models: [any Forecaster] = [
            MLPForecaster(lags: 3, options: options),
            RecurrentForecaster(cell: .lstm, lags: 4, options: Neural.ModelOptions(hiddenSizes: [4], epochs: 5, batchSize: 16, seed: 3)),
        ]
        let plan = ForecastPlan(horizons: [1, 3], firstOrigin: 90, window: .expanding, reestimationStep: 4)
        func run(_ workers: Int) throws -> [[Double]] {
            var finals: [String] = []
            let comparison = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: models,
                                                        workers: workers) { model, h, _ in finals.append("\(model) \(h)") }
            XCTAssertEqual(finals, ["\(models[0].name) 1", "\(models[0].name) 3", "\(models[1].name) 1", "\(models[1].name) 3"])
            return comparison.models.flatMap { $0.horizons.map(\.forecasts) }
        }
        let serial = try run(1)
        XCTAssertTrue(serial.allSatisfy { $0.count > 20 && $0.allSatisfy(\.isFinite) })
        for workers in [2, 3, 8] {
            let parallel = try run(workers)
            XCTAssertEqual(parallel.map { $0.map(\.bitPattern) }, serial.map { $0.map(\.bitPattern) }, "\(workers) workers")
        }
    }

    /// A failing origin is reported as a serial run reports it: the first in origin order.
    func testTheFirstFailingOriginIsReported() throws {
        struct Failing: Forecaster {
            let name = "failing"
            func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
                if training.periods.upperBound >= 95 { throw ForecastingError("too late at \(training.periods.upperBound)") }
                return Mean()
            }
            struct Mean: FittedForecaster {
                func predict(from information: ForecastWindow) throws -> Double { 0 }
            }
        }
        let (y, _) = ForecastingSeries.make(count: 120, seed: 5)
        let plan = ForecastPlan(horizons: [1], firstOrigin: 90, window: .expanding, reestimationStep: 1)
        for workers in [1, 4] {
            XCTAssertThrowsError(try ForecastEvaluation.run(target: y, plan: plan, models: [Failing()], workers: workers)) {
                XCTAssertTrue("\($0)".contains("origin 95: too late at 95"), "\($0)")
            }
        }
    }

    /// Warm starts carry each origin's weights to the next: the first fit is the cold one, later
    /// ones differ, and the bits still do not depend on the worker count. Progress counts every fit.
    func testWarmStartsAreOrderedAndDeterministic() throws {
        let (y, x) = ForecastingSeries.make(count: 120, seed: 5)
        let models: [any Forecaster] = [
            MLPForecaster(lags: 3, options: Neural.ModelOptions(hiddenSizes: [8], epochs: 10, batchSize: 16, seed: 7)),
            RecurrentForecaster(cell: .gru, lags: 4, options: Neural.ModelOptions(hiddenSizes: [4], epochs: 4, batchSize: 16, seed: 3)),
        ]
        let plan = ForecastPlan(horizons: [1, 2], firstOrigin: 90, window: .expanding, reestimationStep: 5)
        final class Heard: @unchecked Sendable {
            let lock = NSLock()
            var events: [(Int, Int)] = []
            func add(_ done: Int, _ total: Int) { lock.lock(); events.append((done, total)); lock.unlock() }
        }
        func run(_ workers: Int, warm: Bool) throws -> (forecasts: [[Double]], heard: [(Int, Int)]) {
            let heard = Heard()
            let comparison = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: models, workers: workers,
                                                        warm: warm, progress: { heard.add($0, $1) })
            return (comparison.models.flatMap { $0.horizons.map(\.forecasts) }, heard.events)
        }
        let cold = try run(2, warm: false)
        let warm = try run(1, warm: true)
        // 29 or 30 origins per horizon, a fit every 5: 6 fits per model and horizon, 24 in all.
        let fits = 24
        XCTAssertEqual(cold.heard.map(\.1), Array(repeating: fits, count: fits))
        XCTAssertEqual(cold.heard.map(\.0).sorted(), Array(1...fits))
        XCTAssertEqual(warm.heard.map(\.0), Array(1...fits))
        for (c, w) in zip(cold.forecasts, warm.forecasts) {
            XCTAssertEqual(Array(c.prefix(5)).map(\.bitPattern), Array(w.prefix(5)).map(\.bitPattern), "the first fit is cold")
            XCTAssertNotEqual(Array(c.dropFirst(5)), Array(w.dropFirst(5)), "later fits start warm")
            XCTAssertTrue(w.allSatisfy(\.isFinite))
        }
        for workers in [2, 4] {
            XCTAssertEqual(try run(workers, warm: true).forecasts.map { $0.map(\.bitPattern) },
                           warm.forecasts.map { $0.map(\.bitPattern) }, "\(workers) workers")
        }
    }
}
