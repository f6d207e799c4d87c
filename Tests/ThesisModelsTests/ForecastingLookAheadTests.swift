import Foundation
import XCTest
@testable import ThesisModels

/// A forecaster that records every window it is shown, to prove what the protocol hands over.
final class RecordingForecaster: Forecaster {
    struct Event: Hashable {
        let kind: String      // "fit" or "predict"
        let horizon: Int
        let periods: ClosedRange<Int>
        let values: [Double]
    }

    let name = "recorder"
    private(set) var events: [Event] = []

    func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        events.append(Event(kind: "fit", horizon: horizon, periods: training.periods, values: training.target))
        return Fitted(owner: self, horizon: horizon)
    }

    struct Fitted: FittedForecaster {
        let owner: RecordingForecaster
        let horizon: Int
        func predict(from information: ForecastWindow) throws -> Double {
            owner.events.append(Event(kind: "predict", horizon: horizon, periods: information.periods,
                                      values: information.target))
            return information.target(at: information.end)
        }
    }
}

/// No look-ahead: models see only data up to each origin.
final class ForecastingLookAheadTests: XCTestCase {
    private let plans: [ForecastPlan] = [
        ForecastPlan(horizons: [1, 3, 6, 12], firstOrigin: 80, window: .expanding, reestimationStep: 1),
        ForecastPlan(horizons: [1, 3, 6, 12], firstOrigin: 80, window: .rolling(length: 60), reestimationStep: 5),
        ForecastPlan(horizons: [1, 6], firstOrigin: 90, window: .expanding, sampleStart: 10, reestimationStep: 12,
                     commonOrigins: true),
    ]

    /// Every window a model receives ends at (fit) or exactly at (predict) the origin, holds the
    /// series' own values for its periods, and fits happen exactly at the re-estimation origins.
    func testRecordedWindowsNeverPassTheOrigin() throws {
        let (y, x) = ForecastingSeries.make(count: 160, seed: 11)
        for plan in plans {
            let recorder = RecordingForecaster()
            _ = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: [recorder], workers: 1)
            var events = recorder.events[...]
            for h in plan.horizons {
                for step in try plan.steps(horizon: h, count: y.count) {
                    if step.reestimates {
                        let fit = try XCTUnwrap(events.popFirst())
                        XCTAssertEqual(fit.kind, "fit")
                        XCTAssertEqual(fit.horizon, h)
                        XCTAssertEqual(fit.periods, step.training)
                        XCTAssertEqual(fit.periods.upperBound, step.origin)
                        XCTAssertEqual(fit.values, Array(y[fit.periods]))
                    }
                    let predict = try XCTUnwrap(events.popFirst())
                    XCTAssertEqual(predict.kind, "predict")
                    XCTAssertEqual(predict.periods, step.information)
                    XCTAssertEqual(predict.periods.upperBound, step.origin, "the information ends at the origin")
                    XCTAssertLessThan(predict.periods.upperBound, step.target)
                    XCTAssertEqual(predict.values, Array(y[predict.periods]))
                }
            }
            XCTAssertTrue(events.isEmpty, "unexpected extra calls")
        }
    }

    /// The direct regressions' latest training target is at most the estimation origin.
    func testRegressionsUseNoTargetAfterTheOrigin() throws {
        let (y, x) = ForecastingSeries.make(count: 140, seed: 12)
        for h in [1, 3, 6, 12] {
            for end in [60, 97, 139] {
                let window = try ForecastWindow(start: 0, target: Array(y[0...end]), predictors: [Array(x[0...end])])
                let fitted = try DirectARForecaster(lags: 3, predictorLags: 2).fitted(window, horizon: h)
                XCTAssertEqual(fitted.lastTrainingTarget, end, "h=\(h): the last pair is (y_{T−h}, y_T)")
                XCTAssertEqual(fitted.observations, end - h - 2 + 1)
            }
        }
    }

    /// Poisoning every value after a cut (NaN, or ±1e300) in the target and the predictor leaves
    /// every forecast made at an origin up to the cut bit-for-bit unchanged, for AR, ARX (levels and
    /// changes, standardised or not) and the random walk, under each plan. A model that touched a
    /// poisoned value would throw (non-finite regressors are rejected) or change its forecasts.
    func testPoisonedFutureChangesNoForecast() throws {
        let (y, x) = ForecastingSeries.make(count: 170, seed: 13)
        let models: [any Forecaster] = [
            DirectARForecaster(lags: 4), DirectARForecaster(lags: 3, predictorLags: 2),
            DirectARForecaster(lags: 2, target: .change, standardize: true), RandomWalkForecaster(),
        ]
        for plan in plans {
            let clean = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: models)
            for cut in [95, 120, 150] {
                for poison in [Double.nan, 1e300, -1e300] {
                    var py = y, px = x
                    for t in (cut + 1)..<y.count { py[t] = poison; px[t] = poison }
                    var truncated = plan
                    truncated.lastOrigin = cut
                    let poisoned = try ForecastEvaluation.run(target: py, predictors: [px], plan: truncated, models: models)
                    for model in models {
                        for h in plan.horizons {
                            let a = try clean.forecasts(model: model.name, horizon: h)
                            let b = try poisoned.forecasts(model: model.name, horizon: h)
                            XCTAssertFalse(b.origins.isEmpty)
                            XCTAssertEqual(b.origins.last, min(cut, a.origins.last!))
                            XCTAssertEqual(Array(a.origins.prefix(b.origins.count)), b.origins)
                            XCTAssertEqual(Array(a.forecasts.prefix(b.forecasts.count)).map(\.bitPattern),
                                           b.forecasts.map(\.bitPattern),
                                           "\(model.name) h=\(h) cut=\(cut) poison=\(poison)")
                        }
                    }
                }
            }
        }
    }

    /// The check has teeth: poisoning a value at or before the cut does change (or break) forecasts.
    func testPoisonBeforeTheCutIsDetected() throws {
        let (y, x) = ForecastingSeries.make(count: 170, seed: 13)
        let plan = plans[0]
        var py = y
        py[100] = 1e3  // an outlier inside the information sets of later origins
        let clean = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: [DirectARForecaster(lags: 4)])
        let changed = try ForecastEvaluation.run(target: py, predictors: [x], plan: plan, models: [DirectARForecaster(lags: 4)])
        let a = try clean.forecasts(model: "AR(4)", horizon: 1), b = try changed.forecasts(model: "AR(4)", horizon: 1)
        let firstAffected = a.origins.firstIndex(of: 100)!
        XCTAssertEqual(Array(a.forecasts[..<firstAffected]), Array(b.forecasts[..<firstAffected]))
        XCTAssertNotEqual(a.forecasts[firstAffected], b.forecasts[firstAffected])
        py[100] = .nan
        XCTAssertThrowsError(try ForecastEvaluation.run(target: py, predictors: [x], plan: plan,
                                                        models: [DirectARForecaster(lags: 4)])) { error in
            XCTAssertTrue("\(error)".contains("model 'AR(4)', horizon 1, origin 100"), "\(error)")
        }
    }

    /// With re-estimation every k origins, the forecast at a non-estimation origin T is the model
    /// fitted at R applied to the information up to T.
    func testReestimationUsesTheOlderFitWithNewerInformation() throws {
        let (y, _) = ForecastingSeries.make(count: 130, seed: 14)
        let plan = ForecastPlan(horizons: [3], firstOrigin: 70, window: .rolling(length: 50), reestimationStep: 6)
        let model = DirectARForecaster(lags: 2)
        let result = try ForecastEvaluation.run(target: y, plan: plan, models: [model])
        let forecasts = try result.forecasts(model: model.name, horizon: 3)
        for (k, step) in try plan.steps(horizon: 3, count: y.count).enumerated() {
            let training = try ForecastWindow(start: step.training.lowerBound, target: Array(y[step.training]))
            let information = try ForecastWindow(start: step.information.lowerBound, target: Array(y[step.information]))
            let expected = try model.fitted(training, horizon: 3).predict(from: information)
            XCTAssertEqual(forecasts.forecasts[k], expected, "origin \(step.origin)")
        }
    }
}
