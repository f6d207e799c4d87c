import Foundation
import ThesisLinearAlgebra

/// The deterministic terms of a unit-root regression (statsmodels' `regression`).
public enum UnitRootTrend: String, CaseIterable, Sendable {
    /// None.
    case n
    /// A constant.
    case c
    /// A constant and a linear trend 1, 2, …
    case ct

    var termCount: Int { self == .n ? 0 : rawValue.count }
}

/// How the augmented Dickey-Fuller test chooses its lags (statsmodels' `autolag`).
public enum UnitRootLagChoice: String, CaseIterable, Sendable {
    /// The smallest AIC over 0…maxlag lags, all on the sample of maxlag lags.
    case aic = "AIC"
    /// The smallest BIC, the same way.
    case bic = "BIC"
    /// maxlag lags.
    case fixed
}

/// The augmented Dickey-Fuller test as statsmodels' `adfuller` computes it:
///
///     Δx_t = [deterministic terms] + γ x_{t−1} + Σ_{j=1..p} φ_j Δx_{t−j} + e_t,
///
/// the statistic is the t value of γ; p by AIC or BIC over 0…maxlag on a common sample (ties go to
/// the fewer lags), then the regression is run again on every observation p lags allow; maxlag
/// defaults to ⌈12 (n/100)^{1/4}⌉, at most n/2 − terms − 1. The p-value is MacKinnon's (1994)
/// response surface and the critical values MacKinnon's (2010), for one variable.
public struct ADFTest: Sendable {
    public let statistic: Double
    public let pValue: Double
    /// p, the lags of Δx used.
    public let usedLag: Int
    /// Observations of the final regression.
    public let nobs: Int
    /// The 1%, 5% and 10% critical values for `nobs`.
    public let criticalValues: [Double]
    /// The smallest information criterion (nil with `.fixed`).
    public let icBest: Double?
    public let trend: UnitRootTrend

    /// - Throws: `VARError.invalidArgument` (missing values, a sample too short for maxlag), and the
    ///   regressions' rank errors (a constant series).
    public init(_ x: [Double], trend: UnitRootTrend = .c, lags: UnitRootLagChoice = .aic, maxlag: Int? = nil) throws {
        guard x.allSatisfy(\.isFinite) else {
            throw VARError.invalidArgument("the series has missing values: the test needs an unbroken sample")
        }
        let n = x.count, terms = trend.termCount
        let limit = n / 2 - terms - 1
        let maxlag = maxlag ?? min(limit, Int((12 * pow(Double(n) / 100, 0.25)).rounded(.up)))
        guard maxlag >= 0, limit >= 0 else {
            throw VARError.invalidArgument("\(n) observations are too few for the test with trend '\(trend.rawValue)'")
        }
        guard maxlag <= limit else {
            throw VARError.invalidArgument("maxlag must be at most n/2 − 1 − \(terms) = \(limit) for \(n) observations, got \(maxlag)")
        }
        let dx = (1..<n).map { x[$0] - x[$0 - 1] }

        /// Δx_{t+1} on [terms…, x_t, Δx_t … Δx_{t−p+1}] for the rows that `sampleLag` lags allow.
        func regression(lags p: Int, sampleLag: Int, termsFirst: Bool) throws -> OLSModel {
            let rows = Array(sampleLag..<dx.count)
            var columns: [[Double]] = [rows.map { x[$0] }]
            for j in 1...max(p, 1) where p > 0 { columns.append(rows.map { dx[$0 - j] }) }
            var deterministic: [[Double]] = []
            if terms >= 1 { deterministic.append(Array(repeating: 1, count: rows.count)) }
            if terms == 2 { deterministic.append((1...rows.count).map(Double.init)) }
            let all = termsFirst ? deterministic + columns : columns + deterministic
            var names = (0..<all.count).map { "x\($0)" }
            if terms >= 1 { names[termsFirst ? 0 : columns.count] = "const" }
            let design = try VARError.wrap { try Matrix(columns: all, context: "the ADF regression") }
            return try OLSModel(y: rows.map { dx[$0] }, x: design, names: names, hasConstant: terms >= 1)
        }

        var p = maxlag
        var best: Double?
        if lags != .fixed {
            var chosen: (ic: Double, lag: Int)?
            for lag in 0...maxlag {
                let fit = try regression(lags: lag, sampleLag: maxlag, termsFirst: true)
                let ic = lags == .aic ? fit.aic : fit.bic
                if chosen == nil || ic < chosen!.ic { chosen = (ic, lag) }
            }
            p = chosen?.lag ?? 0
            best = chosen?.ic
        }
        let final = try regression(lags: p, sampleLag: p, termsFirst: false)
        statistic = final.tvalues[0]
        pValue = MacKinnon.pValue(statistic, trend: trend)
        usedLag = p
        nobs = final.nobs
        criticalValues = MacKinnon.criticalValues(trend: trend, nobs: final.nobs)
        icBest = best
        self.trend = trend
    }
}

/// MacKinnon's response surfaces for the Dickey-Fuller distribution with one variable: p-values
/// from MacKinnon (1994, JBES 12(2), Table 3: Φ of a polynomial in τ, one below τ*, another above,
/// 0 and 1 beyond the tabulated range) and critical values from MacKinnon (2010, Queen's Economics
/// Working Paper 1227, Table 2: β∞ + β₁/T + β₂/T² + β₃/T³).
public enum MacKinnon {
    private struct Surface {
        var maximum: Double, minimum: Double, star: Double
        var small: [Double], large: [Double]
        var critical: [[Double]]
    }

    private static func surface(_ trend: UnitRootTrend) -> Surface {
        switch trend {
        case .n:
            return Surface(
                maximum: .infinity, minimum: -19.04, star: -1.04, small: [0.6344, 1.2378, 0.032496],
                large: [0.4797, 0.93557, -0.06999, 0.033066],
                critical: [[-2.56574, -2.2358, -3.627, 0], [-1.941, -0.2686, -3.365, 31.223],
                           [-1.61682, 0.2656, -2.714, 25.364]])
        case .c:
            return Surface(
                maximum: 2.74, minimum: -18.83, star: -1.61, small: [2.1659, 1.4412, 0.038269],
                large: [1.7339, 0.93202, -0.12745, -0.010368],
                critical: [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.04],
                           [-2.56677, -1.5384, -2.809, 0]])
        case .ct:
            return Surface(
                maximum: 0.7, minimum: -16.18, star: -2.89, small: [3.2512, 1.6047, 0.049588],
                large: [2.5261, 0.61654, -0.37956, -0.060285],
                critical: [[-3.95877, -9.0531, -28.428, -134.155], [-3.41049, -4.3904, -9.036, -45.374],
                           [-3.12705, -2.5856, -3.925, -22.38]])
        }
    }

    /// Horner's rule: c₀ + c₁x + c₂x² + …
    private static func polynomial(_ c: [Double], _ x: Double) -> Double {
        c.reversed().reduce(0) { $0 * x + $1 }
    }

    /// The approximate p-value of a Dickey-Fuller statistic.
    public static func pValue(_ tau: Double, trend: UnitRootTrend) -> Double {
        let s = surface(trend)
        if tau > s.maximum { return 1 }
        if tau < s.minimum { return 0 }
        return SpecialFunctions.normalCDF(polynomial(tau <= s.star ? s.small : s.large, tau))
    }

    /// The 1%, 5% and 10% critical values for a regression with `nobs` observations.
    public static func criticalValues(trend: UnitRootTrend, nobs: Int) -> [Double] {
        surface(trend).critical.map { polynomial($0, 1 / Double(nobs)) }
    }
}

/// How KPSS chooses the lags of its long-run variance (statsmodels' `nlags`).
public enum KPSSLags: Equatable, Sendable {
    /// Hobijn, Franses and Ooms (1998), statsmodels' default.
    case auto
    /// ⌈12 (n/100)^{1/4}⌉, statsmodels' former default.
    case legacy
    case fixed(Int)
}

/// The KPSS test of stationarity (Kwiatkowski, Phillips, Schmidt and Shin 1992) as statsmodels'
/// `kpss`: η = Σ S_t² / n² of the partial sums of the residuals from a constant (level
/// stationarity) or a constant and trend, over the Newey-West long-run variance with Bartlett
/// weights; the p-value is interpolated in the paper's table (Table 1) and held at its bounds
/// (0.10, 0.01) outside it, where `pValueAtBound` is set.
public struct KPSSTest: Sendable {
    public let statistic: Double
    public let pValue: Double
    /// True when the statistic is outside the table: the p-value is then at most (or at least) shown.
    public let pValueAtBound: Bool
    public let lags: Int
    public let nobs: Int
    /// The 10%, 5%, 2.5% and 1% critical values.
    public let criticalValues: [Double]
    public let trend: UnitRootTrend

    public static let pValues = [0.10, 0.05, 0.025, 0.01]

    /// - Throws: `VARError.invalidArgument` for `.n` (KPSS tests around a constant or a trend),
    ///   missing values, too few observations, lags ≥ n.
    public init(_ x: [Double], trend: UnitRootTrend = .c, lags: KPSSLags = .auto) throws {
        guard trend != .n else { throw VARError.invalidArgument("KPSS tests stationarity around a constant (c) or a trend (ct)") }
        guard x.allSatisfy(\.isFinite) else {
            throw VARError.invalidArgument("the series has missing values: the test needs an unbroken sample")
        }
        let n = x.count
        guard n >= 3 else { throw VARError.invalidArgument("\(n) observations are too few for the test") }
        var residuals: [Double]
        if trend == .ct {
            let design = try VARError.wrap {
                try Matrix(columns: [Array(repeating: 1, count: n), (1...n).map(Double.init)], context: "the KPSS trend")
            }
            residuals = try OLSModel(y: x, x: design, names: ["const", "trend"], hasConstant: true).residuals
            criticalValues = [0.119, 0.146, 0.176, 0.216]
        } else {
            let mean = x.reduce(0, +) / Double(n)
            residuals = x.map { $0 - mean }
            criticalValues = [0.347, 0.463, 0.574, 0.739]
        }
        func product(_ lag: Int) -> Double {
            var s = 0.0
            for t in lag..<n { s += residuals[t] * residuals[t - lag] }
            return s
        }
        let nd = Double(n)
        let chosen: Int
        switch lags {
        case .fixed(let l):
            guard l >= 0, l < n else { throw VARError.invalidArgument("lags must be in 0…\(n - 1), got \(l)") }
            chosen = l
        case .legacy:
            chosen = min(Int((12 * pow(nd / 100, 0.25)).rounded(.up)), n - 1)
        case .auto:
            let covlags = Int(pow(nd, 2.0 / 9.0))
            var s0 = residuals.reduce(0) { $0 + $1 * $1 } / nd, s1 = 0.0
            if covlags >= 1 {
                for i in 1...covlags {
                    let p = product(i) / (nd / 2)
                    s0 += p
                    s1 += Double(i) * p
                }
            }
            let ratio = s1 / s0
            chosen = min(Int(1.1447 * pow(ratio * ratio, 1.0 / 3.0) * pow(nd, 1.0 / 3.0)), n - 1)
        }
        var partial = 0.0, eta = 0.0
        for r in residuals {
            partial += r
            eta += partial * partial
        }
        eta /= nd * nd
        var longRun = residuals.reduce(0) { $0 + $1 * $1 }
        if chosen >= 1 {
            for i in 1...chosen { longRun += 2 * product(i) * (1 - Double(i) / Double(chosen + 1)) }
        }
        longRun /= nd
        let stat = eta / longRun
        // np.interp over the table, held at its ends.
        let c = criticalValues, p = Self.pValues
        var value: Double
        if stat <= c[0] {
            value = p[0]
        } else if stat >= c[3] {
            value = p[3]
        } else {
            var k = 0
            while stat > c[k + 1] { k += 1 }
            value = p[k] + (p[k + 1] - p[k]) * (stat - c[k]) / (c[k + 1] - c[k])
        }
        statistic = stat
        pValue = value
        pValueAtBound = stat <= c[0] || stat >= c[3]
        self.lags = chosen
        nobs = n
        self.trend = trend
    }
}
