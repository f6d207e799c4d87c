import Foundation

/// How far one feature's distribution in new data has moved from its reference (training) data:
/// the statistics a monitor compares with its rules. Each is checked against scipy/numpy
/// (Tests/Fixtures/generate_drift.py).
public struct FeatureDrift: Hashable, Sendable {
    /// The feature (column) name.
    public var name: String
    /// Observations in the reference and the new data.
    public var referenceCount: Int, currentCount: Int
    /// Population stability index over the reference's deciles (`DriftStatistics.psi`).
    public var psi: Double
    /// The two-sample Kolmogorov-Smirnov statistic (scipy `ks_2samp(...).statistic`) and its
    /// asymptotic p-value (`DriftStatistics.kolmogorovSF`).
    public var ks: Double, ksPValue: Double
    /// Means, and Welch's t-test of equal means (scipy `ttest_ind(equal_var=False)`).
    public var referenceMean: Double, currentMean: Double, meanPValue: Double
    /// Sample variances (ddof 1), and the Brown-Forsythe test of equal variances (scipy `levene`,
    /// its default `center="median"`).
    public var referenceVariance: Double, currentVariance: Double, variancePValue: Double

    /// The statistic a rule names: `psi`, `ks`, `ks_p`, `mean_p`, `var_p`, `mean_shift` (in
    /// reference standard deviations) or `var_ratio`; nil for another name.
    public func value(_ statistic: String) -> Double? {
        switch statistic {
        case "psi": return psi
        case "ks": return ks
        case "ks_p": return ksPValue
        case "mean_p": return meanPValue
        case "var_p": return variancePValue
        case "mean_shift": return (currentMean - referenceMean) / referenceVariance.squareRoot()
        case "var_ratio": return currentVariance / referenceVariance
        default: return nil
        }
    }

    /// The names `value` answers.
    public static let statistics = ["psi", "ks", "ks_p", "mean_p", "var_p", "mean_shift", "var_ratio"]
}

/// Drift statistics between a reference sample and a current sample of one feature.
public enum DriftStatistics {
    /// A problem with the samples (too few values, or values that are not finite).
    public struct Problem: Error, CustomStringConvertible, Hashable, Sendable {
        public var description: String
    }

    /// Every statistic of `FeatureDrift` for `name`.
    /// - Throws: `Problem` when either sample has fewer than 2 values or a value that is not finite,
    ///   or the reference is constant (no deciles, no scale).
    public static func compare(name: String, reference: [Double], current: [Double]) throws -> FeatureDrift {
        for (label, sample) in [("reference", reference), ("new", current)] {
            guard sample.count >= 2 else {
                throw Problem(description: "'\(name)': the \(label) data has \(sample.count) value(s); drift needs at least 2")
            }
            if let bad = sample.first(where: { !$0.isFinite }) {
                throw Problem(description: "'\(name)': the \(label) data holds \(bad), not a finite number")
            }
        }
        let referenceVariance = variance(reference)
        guard referenceVariance > 0 else {
            throw Problem(description: "'\(name)' is constant in the reference data: its drift is not defined")
        }
        let (d, p) = kolmogorovSmirnov(reference, current)
        return FeatureDrift(
            name: name, referenceCount: reference.count, currentCount: current.count,
            psi: psi(reference: reference, current: current), ks: d, ksPValue: p,
            referenceMean: NumpySummation.mean(reference), currentMean: NumpySummation.mean(current),
            meanPValue: welch(reference, current),
            referenceVariance: referenceVariance, currentVariance: variance(current),
            variancePValue: brownForsythe(reference, current))
    }

    /// The population stability index Σ (c_i − r_i) ln(c_i / r_i) over `bins` bins whose inner
    /// edges are the reference's quantiles k/bins (numpy's linear `quantile`); a value equal to
    /// an edge falls in the bin above it (numpy `digitize`). Shares below 1e-4 count as 1e-4, so
    /// an empty bin gives a large but finite index. Below 0.1 is usually read as stable, above 0.25
    /// as a major shift.
    public static func psi(reference: [Double], current: [Double], bins: Int = 10) -> Double {
        let sorted = reference.sorted()
        let edges = (1..<bins).map { quantile(sorted, Double($0) / Double(bins)) }
        func shares(_ values: [Double]) -> [Double] {
            var counts = [Int](repeating: 0, count: bins)
            for v in values {
                // Number of edges ≤ v: the bin of v.
                var lo = 0, hi = edges.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if edges[mid] <= v { lo = mid + 1 } else { hi = mid }
                }
                counts[lo] += 1
            }
            return counts.map { max(Double($0) / Double(values.count), 1e-4) }
        }
        let r = shares(reference), c = shares(current)
        var total = 0.0
        for i in 0..<bins { total += (c[i] - r[i]) * log(c[i] / r[i]) }
        return total
    }

    /// The two-sample Kolmogorov-Smirnov statistic D = sup |F_ref − F_cur| and the p-value of the
    /// limiting Kolmogorov distribution at √(nm/(n+m))·D (scipy `kstwobign.sf`; scipy's
    /// `ks_2samp` gives the same D and, for samples of a few hundred, nearly the same p-value).
    public static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> (statistic: Double, pValue: Double) {
        // In integers: D · lcm(n, m) is the largest |i·lcm/n − j·lcm/m| (scipy divides it back, so
        // D is the correctly rounded fraction).
        let x = a.sorted(), y = b.sorted()
        func gcd(_ p: Int, _ q: Int) -> Int { q == 0 ? p : gcd(q, p % q) }
        let lcm = x.count / gcd(x.count, y.count) * y.count
        let stepX = lcm / x.count, stepY = lcm / y.count
        var i = 0, j = 0, largest = 0
        while i < x.count, j < y.count {
            let v = min(x[i], y[j])
            while i < x.count, x[i] <= v { i += 1 }
            while j < y.count, y[j] <= v { j += 1 }
            largest = max(largest, abs(i * stepX - j * stepY))
        }
        let d = Double(largest) / Double(lcm)
        let n = Double(x.count), m = Double(y.count)
        let en = (n * m / (n + m)).squareRoot()
        return (d, kolmogorovSF(en * d))
    }

    /// P(K > λ) for the Kolmogorov distribution (scipy `kstwobign.sf`): the Jacobi theta form
    /// below λ = 1.18, the alternating series above, each to full double precision.
    public static func kolmogorovSF(_ lambda: Double) -> Double {
        guard lambda > 0 else { return 1 }
        if lambda < 1.18 {
            // P(K ≤ λ) = √(2π)/λ Σ_{k≥1} exp(−(2k−1)²π²/(8λ²))
            let w = -Double.pi * Double.pi / (8 * lambda * lambda)
            var sum = 0.0
            for k in 1...12 {
                let odd = Double(2 * k - 1)
                sum += exp(odd * odd * w)
            }
            return 1 - (2 * Double.pi).squareRoot() / lambda * sum
        }
        var sum = 0.0, sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            if term < 1e-300 { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }

    /// Welch's two-sided t-test p-value for equal means (Welch-Satterthwaite degrees of freedom).
    public static func welch(_ a: [Double], _ b: [Double]) -> Double {
        let n1 = Double(a.count), n2 = Double(b.count)
        let v1 = variance(a) / n1, v2 = variance(b) / n2
        guard v1 + v2 > 0 else { return NumpySummation.mean(a) == NumpySummation.mean(b) ? 1 : 0 }
        let t = (NumpySummation.mean(a) - NumpySummation.mean(b)) / (v1 + v2).squareRoot()
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        return StudentT.twoSidedPValue(t, degreesOfFreedom: df)
    }

    /// The Brown-Forsythe test p-value for equal variances: a one-way ANOVA F test on the absolute
    /// deviations from each sample's median (scipy `levene(a, b)`).
    public static func brownForsythe(_ a: [Double], _ b: [Double]) -> Double {
        let groups = [a, b].map { sample -> [Double] in
            let sorted = sample.sorted(), half = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2  // np.median
            return sample.map { abs($0 - median) }
        }
        let total = Double(a.count + b.count)
        let means = groups.map(NumpySummation.mean)
        let grand = (means[0] * Double(a.count) + means[1] * Double(b.count)) / total  // as scipy weighs it
        var between = 0.0, within = 0.0
        for (g, z) in groups.enumerated() {
            between += Double(z.count) * (means[g] - grand) * (means[g] - grand)
            for v in z { within += (v - means[g]) * (v - means[g]) }
        }
        guard within > 0 else { return between > 0 ? 0 : 1 }
        let w = (total - 2) * between / within
        return SpecialFunctions.fSF(w, 1, total - 2)
    }

    /// Sample variance with ddof 1 (two-pass).
    static func variance(_ x: [Double]) -> Double {
        let mean = NumpySummation.mean(x)
        var sum = 0.0
        for v in x { sum += (v - mean) * (v - mean) }
        return sum / Double(x.count - 1)
    }

    /// numpy's default (linear) quantile of sorted values, with numpy's interpolation (from the
    /// upper neighbour when the fraction is at least one half).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        let difference = sorted[upper] - sorted[lower]
        return fraction >= 0.5 ? sorted[upper] - difference * (1 - fraction) : sorted[lower] + difference * fraction
    }
}
