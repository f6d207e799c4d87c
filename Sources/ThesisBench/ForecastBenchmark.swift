import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// Times the pseudo-out-of-sample protocol, for a `thesis bench forecast` command: direct AR(p)
/// and random-walk forecasts at the given horizons from an expanding window, every origin
/// re-estimated (the heaviest plan), plus RMSE and Diebold-Mariano for each horizon.
public enum ForecastBenchmark {
    public struct Result: Codable, Hashable, Sendable {
        /// Series length, first origin, AR order, horizons.
        public var count: Int
        public var firstOrigin: Int
        public var lags: Int
        public var horizons: [Int]
        /// Number of OLS fits per run (origins × horizons).
        public var fits: Int
        public var runs: Int
        /// Median and minimum wall time of one full evaluation, milliseconds.
        public var median: Double
        public var minimum: Double

        /// One line.
        public var line: String {
            String(format: "swift AR(%d)+RW, %d fits: median %.2f ms, min %.2f ms (%d runs)", lags, fits, median, minimum, runs)
        }
    }

    /// Runs the evaluation `runs` times after one warm-up and returns the median and minimum.
    public static func run(series: [Double], firstOrigin: Int, lags: Int = 12, horizons: [Int] = [1, 3, 6, 12],
                           runs: Int = 11) throws -> Result {
        let plan = ForecastPlan(horizons: horizons, firstOrigin: firstOrigin, window: .expanding)
        let models: [any Forecaster] = [DirectARForecaster(lags: lags), RandomWalkForecaster()]
        var times = [Double]()
        var fits = 0
        for r in 0...max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            let comparison = try ForecastEvaluation.run(target: series, plan: plan, models: models)
            for h in horizons {
                _ = try comparison.forecasts(model: models[0].name, horizon: h).rootMeanSquaredError()
                _ = try comparison.dieboldMariano(model: models[0].name, benchmark: models[1].name, horizon: h)
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            fits = comparison.steps.values.reduce(0) { $0 + $1.count }
            if r > 0 { times.append(elapsed) }
        }
        times.sort()
        return Result(count: series.count, firstOrigin: firstOrigin, lags: lags, horizons: horizons, fits: fits,
                      runs: times.count, median: times[times.count / 2], minimum: times[0])
    }
}
