import Foundation

/// The forecasts of one model at one horizon, aligned with the realised values: ready for
/// `RegressionMetrics` and `DieboldMariano`.
public struct HorizonForecasts: Hashable, Sendable {
    /// Periods ahead.
    public let horizon: Int
    /// Forecast origins (last period of data used), one per forecast.
    public let origins: [Int]
    /// Periods forecast (`origin + horizon`): the "dates" of the forecasts.
    public let periods: [Int]
    /// The forecasts.
    public let forecasts: [Double]
    /// The realised values at `periods` (NaN if the data have a gap there).
    public let actuals: [Double]

    /// Forecast errors `actual − forecast`, the convention of `DieboldMariano`.
    public var errors: [Double] { zip(actuals, forecasts).map { $0 - $1 } }
    /// Root mean squared error.
    public func rootMeanSquaredError() throws -> Double {
        try RegressionMetrics.rootMeanSquaredError(actual: actuals, predicted: forecasts)
    }
    /// Mean absolute error.
    public func meanAbsoluteError() throws -> Double {
        try RegressionMetrics.meanAbsoluteError(actual: actuals, predicted: forecasts)
    }
}

/// All forecasts of one model.
public struct ModelForecasts: Hashable, Sendable {
    /// The forecaster's name.
    public let name: String
    /// One entry per horizon of the plan, in the plan's order.
    public let horizons: [HorizonForecasts]

    /// The forecasts at horizon `h`, if the plan has it.
    public func at(horizon h: Int) -> HorizonForecasts? { horizons.first { $0.horizon == h } }
}

/// The outcome of `ForecastEvaluation.run`: every model's forecasts on the same origins, with the
/// usual comparisons.
public struct ForecastComparison: Hashable, Sendable {
    /// The plan that produced the forecasts.
    public let plan: ForecastPlan
    /// The plan's steps per horizon (same for every model).
    public let steps: [Int: [ForecastPlan.Step]]
    /// One entry per model, in the order given.
    public let models: [ModelForecasts]

    /// The forecasts of the model called `name` at horizon `h`.
    public func forecasts(model name: String, horizon h: Int) throws -> HorizonForecasts {
        guard let model = models.first(where: { $0.name == name }) else {
            throw ForecastingError("no model named '\(name)'; the models are \(models.map(\.name).joined(separator: ", "))")
        }
        guard let result = model.at(horizon: h) else {
            throw ForecastingError("model '\(name)' has no forecasts at horizon \(h)")
        }
        return result
    }

    /// RMSE of `model` divided by RMSE of `benchmark` at horizon `h` (below 1: the model is better).
    public func relativeRootMeanSquaredError(model: String, benchmark: String, horizon h: Int) throws -> Double {
        let a = try forecasts(model: model, horizon: h), b = try forecasts(model: benchmark, horizon: h)
        return try RegressionMetrics.relativeRootMeanSquaredError(actual: a.actuals, predicted: a.forecasts,
                                                                  benchmark: b.forecasts)
    }

    /// The Diebold-Mariano test of `model` (forecast 1) against `benchmark` (forecast 2) at horizon
    /// `h`, with the autocovariance truncation at `h − 1` (R's `dm.test(e1, e2, h = h, power = power)`).
    /// A negative statistic means `model` has the smaller loss.
    public func dieboldMariano(model: String, benchmark: String, horizon h: Int, power: Double = 2,
                               alternative: DieboldMariano.Alternative = .twoSided) throws -> DieboldMariano.Result {
        let a = try forecasts(model: model, horizon: h), b = try forecasts(model: benchmark, horizon: h)
        return try DieboldMariano.test(errors1: a.errors, errors2: b.errors, horizon: h, power: power,
                                       alternative: alternative)
    }
}

/// Runs the pseudo-out-of-sample protocol: for every horizon of the plan and every model, fit on
/// the training window at each estimation origin and forecast from every origin, with the same
/// origins and windows for all models.
public enum ForecastEvaluation {
    /// Evaluates `models` on `target` (and optional `predictors`, each as long as `target`) under `plan`.
    ///
    /// Windows are copied out of the series before a model sees them, so a model can use only data
    /// up to the origin. Model errors are rethrown as `ForecastingError` naming model, horizon and origin.
    ///
    /// Every estimation origin (a fit, then the forecasts until the next) is a task; the tasks run
    /// on `workers` threads and the forecasts are the same bits for any count. With `warm`, each
    /// fit starts from the previous origin's fit (`Forecaster.fit(_:horizon:continuing:)`), so the
    /// origins of one model and horizon run in order (different models and horizons still run side
    /// by side). `progress` hears the fits done of the total, from any thread. `finalFit` receives,
    /// per model and horizon, the fit that made the last forecast (a model file saves it).
    /// - Throws: `ForecastingError` for an invalid plan, duplicate model names or horizons, or a
    ///   model that fails (the first failure in model, horizon and origin order, as a serial run).
    public static func run(target: [Double], predictors: [[Double]] = [], plan: ForecastPlan,
                           models: [any Forecaster], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           warm: Bool = false, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
                           finalFit: ((_ model: String, _ horizon: Int, _ fitted: any FittedForecaster) -> Void)? = nil)
        throws -> ForecastComparison {
        if let bad = predictors.firstIndex(where: { $0.count != target.count }) {
            throw ForecastingError("predictor \(bad) has \(predictors[bad].count) values; the target has \(target.count)")
        }
        guard !plan.horizons.isEmpty, Set(plan.horizons).count == plan.horizons.count else {
            throw ForecastingError("the plan needs distinct horizons, got \(plan.horizons)")
        }
        let names = models.map(\.name)
        guard Set(names).count == names.count else {
            throw ForecastingError("model names must be unique, got \(names.joined(separator: ", "))")
        }
        var allSteps = [Int: [ForecastPlan.Step]]()
        for h in plan.horizons { allSteps[h] = try plan.steps(horizon: h, count: target.count) }

        func window(_ range: ClosedRange<Int>) -> ForecastWindow {
            ForecastWindow(uncheckedStart: range.lowerBound, target: Array(target[range]),
                           predictors: predictors.map { Array($0[range]) })
        }

        // One series of forecasts per model and horizon; each estimation origin starts a segment
        // of it (one fit, then its forecasts).
        struct Series {
            let model: Int, horizon: Int, steps: [ForecastPlan.Step], segments: [Range<Int>]
        }
        var series = [Series]()
        for m in models.indices {
            for h in plan.horizons {
                let steps = allSteps[h]!
                var starts = steps.indices.filter { steps[$0].reestimates }
                if starts.first != steps.startIndex, !steps.isEmpty { starts.insert(steps.startIndex, at: 0) }
                let segments = starts.indices.map { k in starts[k]..<(k + 1 < starts.count ? starts[k + 1] : steps.endIndex) }
                series.append(Series(model: m, horizon: h, steps: steps, segments: segments))
            }
        }
        // The tasks: cold, every segment alone; warm, every series' segments in order.
        let chains: [(series: Int, segments: Range<Int>)] = series.indices.flatMap { s in
            warm ? [(s, series[s].segments.indices)] : series[s].segments.indices.map { (s, $0..<($0 + 1)) }
        }
        let totalFits = series.reduce(0) { $0 + $1.segments.count }
        var forecasts = series.map { [Double](repeating: .nan, count: $0.steps.count) }
        var lastFits = [(any FittedForecaster)?](repeating: nil, count: series.count)
        var failures = [Int: [Int: Error]]()  // series → segment → error
        var fitsDone = 0
        let lock = NSLock()

        func runChain(_ chain: (series: Int, segments: Range<Int>)) {
            let s = series[chain.series], model = models[s.model], h = s.horizon
            var previous: (any FittedForecaster)?
            for k in chain.segments {
                var local = [Double]()
                var fitted: (any FittedForecaster)?
                do {
                    for i in s.segments[k] {
                        let step = s.steps[i]
                        do {
                            if fitted == nil {
                                fitted = try model.fit(window(step.training), horizon: h, continuing: previous)
                            }
                            local.append(try fitted!.predict(from: window(step.information)))
                        } catch {
                            throw ForecastingError("model '\(model.name)', horizon \(h), origin \(step.origin): \(error)")
                        }
                    }
                } catch {
                    lock.lock()
                    failures[chain.series, default: [:]][k] = error
                    lock.unlock()
                    return
                }
                previous = fitted
                lock.lock()
                for (offset, value) in local.enumerated() { forecasts[chain.series][s.segments[k].lowerBound + offset] = value }
                if k == s.segments.count - 1 { lastFits[chain.series] = fitted }
                fitsDone += 1
                let done = fitsDone
                lock.unlock()
                progress?(done, totalFits)
            }
        }
        let threads = max(1, min(workers, chains.count))
        if threads == 1 {
            for chain in chains { runChain(chain) }
        } else {
            // `threads` workers take the tasks in turn.
            var next = 0
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    lock.lock()
                    let k = next
                    next += 1
                    lock.unlock()
                    guard k < chains.count else { return }
                    runChain(chains[k])
                }
            }
        }
        // The first failure in model, horizon and origin order, as a serial run would report it.
        for s in series.indices {
            if let failed = failures[s], let first = failed.keys.min() { throw failed[first]! }
        }
        var results = [ModelForecasts]()
        for m in models.indices {
            var perHorizon = [HorizonForecasts]()
            for s in series.indices where series[s].model == m {
                let steps = series[s].steps, h = series[s].horizon
                if let fitted = lastFits[s] { finalFit?(models[m].name, h, fitted) }
                perHorizon.append(HorizonForecasts(horizon: h, origins: steps.map(\.origin), periods: steps.map(\.target),
                                                   forecasts: forecasts[s], actuals: steps.map { target[$0.target] }))
            }
            results.append(ModelForecasts(name: models[m].name, horizons: perHorizon))
        }
        return ForecastComparison(plan: plan, steps: allSteps, models: results)
    }
}
