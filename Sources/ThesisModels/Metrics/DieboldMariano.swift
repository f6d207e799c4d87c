import Foundation

/// The Diebold-Mariano test of equal predictive accuracy with the Harvey-Leybourne-Newbold
/// small-sample correction, exactly as R's `forecast::dm.test` and PyPI `dieboldmariano.dm_test`.
///
/// Sources: Diebold, F. X. and Mariano, R. S. (1995), "Comparing predictive accuracy", *Journal of
/// Business and Economic Statistics* 13, 253–263; Harvey, D., Leybourne, S. and Newbold, P. (1997),
/// "Testing the equality of prediction mean squared errors", *International Journal of Forecasting*
/// 13, 281–291; Hyndman et al., R package `forecast`, function `dm.test`.
///
/// With forecast errors `e₁ₜ, e₂ₜ` (t = 1…n) and loss `g(e) = |e|^power`:
///
///     dₜ  = g(e₁ₜ) − g(e₂ₜ),   d̄ = Σ dₜ / n
///     γₖ  = Σ_{t=k+1..n} (dₜ − d̄)(dₜ₋ₖ − d̄) / n                     (autocovariance, divisor n)
///     V̂   = (γ₀ + 2 Σ_{k=1..h−1} γₖ) / n                           ("acf"; R's default)
///         = (γ₀ + 2 Σ_{k=1..h−1} (1 − k/h) γₖ) / n                 ("bartlett")
///     DM  = d̄ / √V̂
///     S   = DM · √((n + 1 − 2h + h(h − 1)/n) / n)                  (HLN; reported statistic)
///
/// and the p-value comes from Student's t with `n − 1` degrees of freedom: two-sided `P(|T| ≥ |S|)`,
/// `.less` `P(T ≤ S)`, `.greater` `P(T ≥ S)` (R's `alternative`). The statistic is negative when
/// forecast 1 has the smaller loss. The arithmetic follows `dieboldmariano` 1.1.0 operation by
/// operation (left-to-right sums), so statistics agree to the last bits; its p-values use an
/// incomplete beta with a 1e-10 stopping rule, ours `StudentT` (about 1e-15), so p-values agree with
/// it to about 1e-10 and with scipy's t distribution to 1e-12.
///
/// R's `dm.test` differs in one corner: when `V̂ ≤ 0` with `h > 1` it warns and recomputes with
/// `h = 1`; `dieboldmariano` and this function report an error instead (`MetricsError`), and so
/// does `V̂ = 0`. Call again with `horizon: 1` to reproduce R there.
public enum DieboldMariano {
    /// The alternative hypothesis (R's `alternative`).
    public enum Alternative: String, Hashable, Sendable, CaseIterable {
        /// The two forecasts differ in accuracy (`E dₜ ≠ 0`).
        case twoSided = "two.sided"
        /// Forecast 1 is more accurate (`E dₜ < 0`); `dieboldmariano`'s `one_sided=True`.
        case less
        /// Forecast 2 is more accurate (`E dₜ > 0`).
        case greater
    }

    /// The long-run variance estimator (R's `varestimator`).
    public enum VarianceEstimator: String, Hashable, Sendable, CaseIterable {
        /// Truncated autocovariances up to lag h − 1 with unit weights (the default).
        case acf
        /// Bartlett weights `1 − k/h`; never negative.
        case bartlett
    }

    /// The outcome of a test.
    public struct Result: Hashable, Sendable {
        /// The (HLN-corrected, unless switched off) statistic `S`.
        public let statistic: Double
        /// The p-value for the chosen alternative.
        public let pValue: Double
        /// `n − 1`.
        public let degreesOfFreedom: Int
        /// Number of loss differentials `n`.
        public let count: Int
        /// The horizon `h` used for the truncation and the correction.
        public let horizon: Int
        /// `d̄`: mean loss of forecast 1 minus that of forecast 2.
        public let meanDifference: Double
        /// `V̂`, the estimated variance of `d̄`.
        public let variance: Double
        public let alternative: Alternative
    }

    /// Tests forecast errors `errors1` against `errors2` (each `actual − forecast`, same periods).
    ///
    /// - Parameters:
    ///   - horizon: the forecast horizon `h ≥ 1`; autocovariances up to lag `h − 1` enter `V̂`.
    ///   - power: the loss `|e|^power`: 2 squared (default), 1 absolute.
    ///   - harveyCorrection: apply the HLN factor (default, as R and `dieboldmariano`).
    /// - Throws: `MetricsError` when the lengths differ, `h` is not in `1…n`, a value is not finite,
    ///   or `V̂ ≤ 0` (e.g. identical forecasts).
    public static func test(errors1: [Double], errors2: [Double], horizon: Int = 1, power: Double = 2,
                            alternative: Alternative = .twoSided, varianceEstimator: VarianceEstimator = .acf,
                            harveyCorrection: Bool = true) throws -> Result {
        let metric = "dieboldMariano"
        try requireSameLength(metric, errors1.count, errors2.count, ("errors1", "errors2"))
        try requireFinite(metric, errors1, "errors1")
        try requireFinite(metric, errors2, "errors2")
        guard power > 0, power.isFinite else {
            throw MetricsError(metric: metric, reason: "the loss power must be positive, got \(power)")
        }
        let n = errors1.count
        guard horizon >= 1, horizon <= n else {
            throw MetricsError(metric: metric, reason: "the horizon must be between 1 and the \(n) observations, got \(horizon)")
        }
        func loss(_ e: Double) -> Double {
            if power == 2 { return e * e }
            if power == 1 { return abs(e) }
            return pow(abs(e), power)
        }
        var d = [Double]()
        d.reserveCapacity(n)
        var mean = 0.0
        for (e1, e2) in zip(errors1, errors2) {
            let difference = loss(e1) - loss(e2)
            d.append(difference)
            mean += difference
        }
        mean /= Double(n)
        func autocovariance(_ k: Int) -> Double {
            var sum = 0.0
            for t in k..<n { sum += (d[t] - mean) * (d[t - k] - mean) }
            return sum / Double(n)
        }
        var variance = 0.0
        for k in 0..<horizon {
            let gamma = autocovariance(k)
            switch varianceEstimator {
            case .acf: variance += k == 0 ? gamma : 2 * gamma
            case .bartlett: variance += k == 0 ? gamma : gamma * 2 * (1 - Double(k) / Double(horizon))
            }
        }
        variance /= Double(n)
        guard variance > 0 else {
            throw MetricsError(metric: metric, reason: variance == 0
                ? "the variance of the loss differential is zero (identical forecasts?)"
                : "the estimated variance is negative (\(variance)); use the Bartlett estimator or horizon 1")
        }
        let nn = Double(n), hh = Double(horizon)
        let statistic: Double
        if harveyCorrection {
            let adjustment = ((nn + 1 - 2 * hh + hh * (hh - 1) / nn) / nn).squareRoot()
            statistic = adjustment / variance.squareRoot() * mean
        } else {
            statistic = mean / variance.squareRoot()
        }
        let df = Double(n - 1)
        let p: Double
        if n == 1 {
            p = .nan  // no degrees of freedom
        } else {
            switch alternative {
            case .twoSided: p = StudentT.twoSidedPValue(statistic, degreesOfFreedom: df)
            case .less: p = StudentT.cdf(statistic, degreesOfFreedom: df)
            case .greater: p = StudentT.sf(statistic, degreesOfFreedom: df)
            }
        }
        return Result(statistic: statistic, pValue: p, degreesOfFreedom: n - 1, count: n, horizon: horizon,
                      meanDifference: mean, variance: variance, alternative: alternative)
    }

    /// Tests two forecasts of the same realised values (errors `actual − forecast`).
    public static func test(actual: [Double], forecast1: [Double], forecast2: [Double], horizon: Int = 1,
                            power: Double = 2, alternative: Alternative = .twoSided,
                            varianceEstimator: VarianceEstimator = .acf, harveyCorrection: Bool = true) throws -> Result {
        try requireSameLength("dieboldMariano", actual.count, forecast1.count, ("actual", "forecast1"))
        try requireSameLength("dieboldMariano", actual.count, forecast2.count, ("actual", "forecast2"))
        return try test(errors1: zip(actual, forecast1).map { $0 - $1 }, errors2: zip(actual, forecast2).map { $0 - $1 },
                        horizon: horizon, power: power, alternative: alternative,
                        varianceEstimator: varianceEstimator, harveyCorrection: harveyCorrection)
    }
}
