import Foundation
import ThesisLinearAlgebra

/// A synthetic monthly panel in FRED-MD format, generated from a FAVAR whose true impulse
/// responses are known, so that the repository can ship example data that is not FRED-MD and a
/// chapter can plot estimated against true responses.
///
/// # The data-generating process
///
/// **State.** s_t = [F1_t, F2_t, F3_t, R_t]' follows a stable VAR(2) (largest companion root
/// modulus ≈ 0.974), identified recursively with the policy rate R (FEDFUNDS, percent) last:
///
///     s_t − μ = A_1 (s_{t−1} − μ) + A_2 (s_{t−2} − μ) + P ε_t,   ε_t ~ iid N(0, I_4),
///     μ = [0, 0, 0, 5],
///
///            F1     F2     F3     R                       F1     F2    F3     R
///     A_1 = [0.80   0      0     −1.00 ]         A_2 = [−0.10   0     0      0.992]
///           [0.15  −0.40   0     −1.20 ]               [ 0     −0.20  0      1.20 ]
///           [0      0      0.30   0.70 ]               [ 0      0     0      0    ]
///           [0.06   0.04   0      1.22 ]               [ 0      0     0     −0.245]
///
///     P = [0.80 0 0 0; 0.10 0.90 0 0; 0.02 0 0.10 0; 0.05 0.02 0 0.20]  (lower triangular)
///
/// (intercept c = (I − A_1 − A_2)μ = [0.04, 0, −3.5, 0.125]). The factors are:
/// - **F1, real activity** on a growth scale (the common part of Δ ln IP, payrolls, …):
///   F1_t = 0.8 F1_{t−1} − 0.1 F1_{t−2} − 1.0 (R_{t−1} − R_{t−2}) − 0.008 (R_{t−2} − 5) + 0.8 ε_1t.
///   A tightening lowers activity growth for a few months and then lets it recover, so the level
///   of real activity falls with a lag (trough after about six months) and mostly recovers; the
///   0.008 term leaves a small permanent level loss.
/// - **F2, nominal** on the scale of changes in inflation (the common part of Δ² ln P):
///   F2_t = −0.4 F2_{t−1} − 0.2 F2_{t−2} + 0.15 F1_{t−1} − 1.2 (R_{t−1} − R_{t−2}) + 0.1 ε_1t + 0.9 ε_2t.
///   A tightening lowers inflation from the next month on and inflation recovers slowly, so the
///   price level falls slowly and stays lower (no price puzzle).
/// - **F3, market rate anchor**: F3_t = 0.3 F3_{t−1} + 0.7 (R_{t−1} − 5) + 0.02 ε_1t + 0.10 ε_3t, a
///   smoothed lag of the policy rate plus term-premium shocks. The *rate surprise*
///   U_t = (R_t − 5) − F3_t has no long-run component from R (0.7/(1 − 0.3) = 1), so the market
///   rates, whose changes load on U, follow the policy rate without inheriting its persistence.
/// - **R, policy rate**: R_t = 0.125 + 1.22 R_{t−1} − 0.245 R_{t−2} + 0.06 F1_{t−1} + 0.04 F2_{t−1}
///   + 0.05 ε_1t + 0.02 ε_2t + 0.20 ε_4t: a persistent Taylor-type rule (mean 5, standard
///   deviation ≈ 1.4). ε_4 is the policy shock; 0.20 is one standard deviation, so the 25 bp
///   shock of the truth is 1.25 ε_4.
/// Because R is ordered last, no factor moves on impact of the policy shock. Activity and prices
/// respond to the policy rate itself (observed), not to F3, so a FAVAR on [F̂, R] can recover
/// their responses; F3 matters only for the fast market-rate, exchange-rate and stock series.
///
/// **Observed series.** `series` lists 124 series (plus FEDFUNDS) with FRED-MD mnemonics for the
/// series chapters cite and generic names (`OUT01`, `LAB01`, `HOU01`, `CON01`, `MON01`, `PRC01`)
/// for the rest, in FRED-MD's eight groups, each with a FRED-MD transformation code. On its
/// transformed scale series i is
///
///     x_it = μ_i + λ_i'(s_t − μ) + σ_i √(1 − R²_i) e_it,   e_it = ρ_i e_{i,t−1} + √(1 − ρ_i²) η_it,
///
/// η_it ~ iid N(0, 1), e_i0 ~ N(0, 1) (stationary). The loading is built from five signals,
/// λ̃_i = a·F1 + n·F2 + f·F3 + r·(R − 5) + u·U with the weights of the table, then scaled so the
/// common component has variance R²_i σ_i²: λ_i = σ_i √R²_i · λ̃_i / √(λ̃_i' Γ_0 λ̃_i), with Γ_0 the
/// unconditional covariance of s_t. So μ_i, σ_i and R²_i are the population mean, standard
/// deviation and common share of x_it. Slow series (BBE's: output and income, labour market,
/// prices, and the consumption series DPCERA3M086SBEA, CMRMTSPLx and RETAILx) load only on F1 and
/// F2, so they do not move on impact of a policy shock. Fast series may load on F1 and F2 and on
/// R_t: housing starts and permits (log levels) and the spreads over FEDFUNDS (levels) on R − 5;
/// market-rate changes, exchange rates and stock returns on U. Orders, money and credit respond
/// to policy only through F1 and F2. `seriesTable` renders every series' parameters as Markdown.
///
/// **What the principal components see.** The population factor space of the panel is
/// four-dimensional (F1, F2, F3 and R); IC_p2 picks 4 on the default panel. The first three
/// principal components span F1, F2 and the R-level direction (spreads and housing); the rate
/// surprise U is the fourth (about 4% of the variance). A BBE FAVAR with K = 3 and the slow/fast
/// rotation recovers the responses of activity and prices up to the sampling error of its VAR
/// (the tests check this on the default panel).
///
/// **Raw levels.** The file holds the raw series, the inverse of each code applied to x_it:
/// - code 1: x; code 4: e^x;
/// - code 2: a cumulated sum; the starting level makes the sample mean of the level equal to the
///   table's `level`, raised if needed so that the minimum is `floor`;
/// - code 5: exp of the cumulated sum of x from ln `level` (the first month);
/// - code 6: π_t = π_{t−1} + x_t, ln X_t = ln X_{t−1} + π_t from ln `level`, with π_1 chosen so
///   that the middle of the range of π over the sample is the table's `growth`;
/// - code 7: g_t = g_{t−1} + x_t, X_t = X_{t−1}(1 + g_t) from `level`, the middle of the range of
///   g at `growth`;
/// - FEDFUNDS: R_t itself (code 2 in the file, as FRED-MD), in percent.
/// Applying the code to the raw column therefore recovers x_it exactly up to the file's rounding
/// (x_it for t below the code's lost periods only fixes the starting levels).
///
/// **Realism for the preparation step.** Five outliers (raw spikes of 25-40 σ_i, far beyond
/// McCracken-Ng's 10·IQR) in OUT03 (rows 200 and 620), LAB05 (330), CLAIMSx (512, i.e.
/// 2001-09 from 1959-01) and PRC02 (600); ANDENOx starts late (its first min(108, T/5) months
/// are empty: 1968-01 from 1959-01); a ragged edge: the last month of UMCSENTx and
/// TWEXAFEGSMTHx, the last two of NONREVSL and CONSPI and the last three of HOU04 are empty.
///
/// **Simulation.** The state starts at μ 600 months before `start` (burn-in); its shocks are the
/// normals of `Xoshiro256StarStar(seed: seed, stream: 0)`, ε_t's four components in order. Series
/// i draws e_i0 and then η_i1, η_i2, … from `Xoshiro256StarStar(seed: seed, stream: h)`, h the
/// FNV-1a 64-bit hash of its name (so adding a series changes no other series). The transformed
/// values of a month do not depend on `end`; code 2, 6 and 7 levels do (their anchors use the
/// whole sample).
///
/// **The truth** (`SyntheticTruth`): Θ_h = Φ_h P with Φ_0 = I, Φ_h = Σ_j Φ_{h−j} A_j; the
/// response of s to a 25 bp policy shock is Θ_h e_4 · 0.25 / 0.20 and that of series i on its
/// transformed scale is λ_i' Θ_h e_4 · 0.25 / 0.20, h = 0 … 60. Also the loadings, the simulated
/// factors and policy rate, and the clean transformed panel.
///
/// # Byte-identical files
/// All of the arithmetic is IEEE-754 double operations in a fixed order (no BLAS, no threads)
/// except three libm calls: `log` in the normal sampler and `log`/`exp` in the inverse
/// transformations. Libms may differ in the last bit, so every value is written rounded to **8
/// significant digits** by `DecimalText` (integer digits, exact powers of ten, no `printf`, no
/// locale, never an exponent). A last-bit difference can then only change the file when a value
/// lies within ~1e-16 (relative) of a rounding boundary, odds of roughly 1e-8 per value: the
/// same seed gives the same bytes on every machine in practice, and the tests check it on this one.
public enum SyntheticFREDMD {
    /// Horizons of the true responses (0 … 60).
    public static let horizons = 60
    /// The policy shock of the truth, in percentage points on impact.
    public static let shockSize = 0.25
    /// Burn-in months simulated before `start`.
    public static let burnIn = 600
    /// Significant digits of the numbers in the file.
    public static let significantDigits = 8

    /// Deliberate outliers: (series, row from the start, spike in units of σ_i).
    static let outlierPlan: [(series: String, row: Int, size: Double)] = [
        ("OUT03", 200, 30), ("OUT03", 620, -30), ("LAB05", 330, -30), ("CLAIMSx", 512, 25), ("PRC02", 600, 40),
    ]
    /// The late-starting series and its empty months (at most T/5).
    static let lateStart = (series: "ANDENOx", months: 108)
    /// The ragged edge: series and empty final months.
    static let raggedPlan: [(series: String, months: Int)] = [
        ("UMCSENTx", 1), ("TWEXAFEGSMTHx", 1), ("NONREVSL", 2), ("CONSPI", 2), ("HOU04", 3),
    ]
    /// FEDFUNDS is written after this column (FRED-MD's order: stock market, then rates).
    static let fedFundsAfter = "VIXCLSx"

    /// Generates the panel for months `start` … `end` (inclusive; at least 36 months).
    public static func generate(seed: UInt64 = 2005, start: (year: Int, month: Int) = (1959, 1),
                                end: (year: Int, month: Int) = (2019, 12)) -> SyntheticPanel {
        precondition((1...12).contains(start.month) && (1...12).contains(end.month), "months are 1…12")
        let first = start.year * 12 + start.month - 1, last = end.year * 12 + end.month - 1
        let t = last - first + 1
        precondition(t >= 36, "the panel needs at least 36 months, got \(t)")
        let periods = (0..<t).map { SyntheticPanel.Period(year: (first + $0) / 12, month: (first + $0) % 12 + 1) }

        let system = SyntheticVAR.standard
        let k = system.names.count
        let mu = system.mean

        // State: deviations d_t = s_t − μ, burn-in from 0.
        var stateRNG = Xoshiro256StarStar(seed: seed, stream: 0)
        var d1 = [Double](repeating: 0, count: k), d2 = d1
        var states = [[Double]]()
        states.reserveCapacity(t)
        let a1 = system.coefficients[0], a2 = system.coefficients[1], p = system.impact
        for step in 0..<(burnIn + t) {
            var shock = [Double](repeating: 0, count: k)
            for j in 0..<k { shock[j] = stateRNG.nextNormal() }
            var d = [Double](repeating: 0, count: k)
            for r in 0..<k {
                var v = 0.0
                for c in 0..<k { v += a1[r, c] * d1[c] }
                for c in 0..<k { v += a2[r, c] * d2[c] }
                for c in 0...r { v += p[r, c] * shock[c] }
                d[r] = v
            }
            d2 = d1
            d1 = d
            if step >= burnIn { states.append(d) }
        }

        // Loadings.
        let gamma = system.unconditionalCovariance
        let w = system.surpriseWeight
        let specs = series
        let loadings: [[Double]] = specs.map { s in
            let raw = [s.activity, s.nominal, s.anchor - w * s.rateSurprise, s.rateLevel + s.rateSurprise]
            var v = 0.0
            for r in 0..<k { for c in 0..<k { v += raw[r] * gamma[r * k + c] * raw[c] } }
            precondition(v > 0, "series \(s.name) has no common component")
            let scale = s.standardDeviation * s.commonShare.squareRoot() / v.squareRoot()
            return raw.map { $0 * scale }
        }

        // Transformed series.
        var transformed = [[Double]]()
        transformed.reserveCapacity(specs.count)
        for (i, s) in specs.enumerated() {
            var rng = Xoshiro256StarStar(seed: seed, stream: fnv1a(s.name))
            let idioScale = s.standardDeviation * (1 - s.commonShare).squareRoot()
            let rho = s.idiosyncraticAR, innovation = (1 - rho * rho).squareRoot()
            var e = rng.nextNormal()
            var x = [Double](repeating: 0, count: t)
            for row in 0..<t {
                if row > 0 { e = rho * e + innovation * rng.nextNormal() }
                var common = 0.0
                for j in 0..<k { common += loadings[i][j] * states[row][j] }
                x[row] = s.mean + common + idioScale * e
            }
            transformed.append(x)
        }

        // Raw levels.
        var raw = zip(specs, transformed).map { rawLevels(spec: $0, x: $1) }
        var outliers: [SyntheticPanel.Outlier] = []
        for plan in outlierPlan {
            guard let i = specs.firstIndex(where: { $0.name == plan.series }), plan.row + 2 < t else { continue }
            let spec = specs[i]
            let shift = plan.size * spec.standardDeviation
            switch spec.code {
            case 1, 2: raw[i][plan.row] += shift
            default: raw[i][plan.row] *= Foundation.exp(shift)
            }
            outliers.append(SyntheticPanel.Outlier(series: spec.name, row: plan.row, period: periods[plan.row],
                                                   shift: shift))
        }

        // File columns: the table's order with FEDFUNDS inserted.
        var names = specs.map(\.name), codes = specs.map(\.code), groups = specs.map(\.group)
        let policyRate = states.map { $0[k - 1] + mu[k - 1] }
        let insertAt = (names.firstIndex(of: fedFundsAfter) ?? names.count - 1) + 1
        names.insert("FEDFUNDS", at: insertAt)
        codes.insert(2, at: insertAt)
        groups.insert(6, at: insertAt)
        raw.insert(policyRate, at: insertAt)

        // Missing values.
        var lateStarts: [String: Int] = [:], ragged: [String: Int] = [:]
        if let i = names.firstIndex(of: lateStart.series) {
            let months = min(lateStart.months, t / 5)
            for row in 0..<months { raw[i][row] = .nan }
            lateStarts[lateStart.series] = months
        }
        for plan in raggedPlan {
            guard let i = names.firstIndex(of: plan.series) else { continue }
            for row in (t - plan.months)..<t { raw[i][row] = .nan }
            ragged[plan.series] = plan.months
        }

        // Text.
        var text = "sasdate," + names.joined(separator: ",") + "\r\n"
        text += "Transform:," + codes.map(String.init).joined(separator: ",") + "\r\n"
        var written = raw
        for row in 0..<t {
            var line = periods[row].sasdate
            for c in 0..<names.count {
                line += ","
                let v = raw[c][row]
                if v.isNaN { continue }
                line += DecimalText.significant(v, digits: significantDigits)
                written[c][row] = DecimalText.rounded(v, digits: significantDigits)
            }
            text += line + "\r\n"
        }

        let responsesOfState = system.policyResponses(steps: horizons, shockSize: shockSize)
        let responses = loadings.map { l in
            responsesOfState.map { r in (0..<k).reduce(0.0) { $0 + l[$1] * r[$1] } }
        }
        let truth = SyntheticTruth(
            factorCount: k - 1, system: system, shockSize: shockSize, horizons: horizons,
            stateResponses: responsesOfState, names: specs.map(\.name), codes: specs.map(\.code),
            loadings: loadings, means: specs.map(\.mean),
            idiosyncraticScales: specs.map { $0.standardDeviation * (1 - $0.commonShare).squareRoot() },
            idiosyncraticAR: specs.map(\.idiosyncraticAR), responses: responses,
            factors: (0..<(k - 1)).map { j in states.map { $0[j] } }, policyRate: policyRate,
            transformed: transformed)
        return SyntheticPanel(seed: seed, csv: text, names: names, codes: codes, groups: groups, periods: periods,
                              values: written, slowSeries: specs.filter(\.isSlow).map(\.name),
                              lateStarts: lateStarts, raggedEdge: ragged, outliers: outliers, truth: truth)
    }

    /// The raw levels of one series from its transformed values (see the type's documentation).
    static func rawLevels(spec s: SyntheticSeriesSpec, x: [Double]) -> [Double] {
        let t = x.count
        var out = [Double](repeating: 0, count: t)
        switch s.code {
        case 1:
            out = x
        case 4:
            out = x.map { Foundation.exp($0) }
        case 2:
            // c_t = Σ_{1…t} x; level_t = L0 + c_t, L0 from the target mean and the floor.
            var c = [Double](repeating: 0, count: t)
            for row in 1..<t { c[row] = c[row - 1] + x[row] }
            let meanC = c.reduce(0, +) / Double(t)
            var l0 = (s.level ?? 0) - meanC
            if let floor = s.floor, let lowest = c.min(), l0 + lowest < floor { l0 = floor - lowest }
            out = c.map { l0 + $0 }
        case 5:
            var logLevel = Foundation.log(s.level ?? 1)
            out[0] = s.level ?? 1
            for row in 1..<t {
                logLevel += x[row]
                out[row] = Foundation.exp(logLevel)
            }
        case 6:
            // π_t = π_1 + Σ_{2…t} x, t ≥ 1; π_1 puts the middle of the range of π_1…π_{T−1} at
            // `growth`. (Centring the mean instead would pin the last level to level·e^{(T−1)·growth}
            // whatever the seed.)
            var c = [Double](repeating: 0, count: t)
            for row in 2..<t { c[row] = c[row - 1] + x[row] }
            let pi1 = (s.growth ?? 0) - midRange(c[1...])
            var logLevel = Foundation.log(s.level ?? 1)
            out[0] = s.level ?? 1
            for row in 1..<t {
                logLevel += pi1 + c[row]
                out[row] = Foundation.exp(logLevel)
            }
        case 7:
            var c = [Double](repeating: 0, count: t)
            for row in 2..<t { c[row] = c[row - 1] + x[row] }
            let g1 = (s.growth ?? 0) - midRange(c[1...])
            var level = s.level ?? 1
            out[0] = level
            for row in 1..<t {
                level *= 1 + g1 + c[row]
                out[row] = level
            }
        default:
            preconditionFailure("series \(s.name): code \(s.code) is not generated")
        }
        return out
    }

    /// Every parameter of every observed series as a Markdown table (name, group, code, speed,
    /// mean, sd, R², AR, the five signal weights and the level anchors), for an appendix.
    public static var seriesTable: String {
        func number(_ x: Double?) -> String {
            guard let x else { return "" }
            return x == 0 ? "" : DecimalText.significant(x, digits: 6)
        }
        var lines = ["| series | group | code | speed | mean | sd | R² | AR | a (F1) | n (F2) | f (F3) | r (R − 5) | u (U) | level | growth | floor |",
                     "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for s in series {
            let cells = [s.name.replacingOccurrences(of: "|", with: "\\|"), "\(s.group)", "\(s.code)",
                         s.isSlow ? "slow" : "fast", number(s.mean), number(s.standardDeviation),
                         number(s.commonShare), number(s.idiosyncraticAR), number(s.activity), number(s.nominal),
                         number(s.anchor), number(s.rateLevel), number(s.rateSurprise), number(s.level),
                         number(s.growth), number(s.floor)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// (min + max) / 2.
    static func midRange(_ values: ArraySlice<Double>) -> Double {
        (values.min()! + values.max()!) / 2
    }

    /// FNV-1a, 64 bit, of the UTF-8 bytes: the random stream of a series.
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
