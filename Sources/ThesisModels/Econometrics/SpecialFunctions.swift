import Foundation

/// Special functions and the distributions the VAR tests need (F, chi-squared, normal), in pure
/// Swift.
///
/// Sources: the regularised incomplete gamma integral follows Stephen L. Moshier's Cephes Math
/// Library (`igam.c`: power series and Legendre's continued fraction), the algorithm scipy used
/// for `gammainc` until 1.x and whose accuracy Cephes documents as ~1e-14 relative over the tested
/// domains. The regularised incomplete beta is `IncompleteBeta` (Statistics; Lentz's continued
/// fraction with a cancellation-free `ln B`, and DiDonato & Morris's BGRAT for `b = ½`, large `a`). The normal quantile is Wichura's AS 241 (`PPND16`, Applied Statistics 37,
/// 1988), accurate to about 1e-16. Quantiles of F and chi-squared invert the distribution function
/// by bracketing and bisection to full double precision.
///
/// Every routine is checked against scipy in `SpecialFunctionTests`
/// (`Tests/Fixtures/var/special-functions.json`).
public enum SpecialFunctions {
    // Cephes constants (IEEE double).
    static let machineEpsilon = 1.11022302462515654042e-16 // 2^-53
    static let maxLog = 7.09782712893383996843e2 // log(DBL_MAX)
    static let big = 4.503599627370496e15
    static let bigInverse = 2.22044604925031308085e-16

    // MARK: - Gamma

    /// ln Γ(x) for x > 0 (glibc's `lgamma`).
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0.
    /// Returns NaN outside the domain.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).lower
    }

    /// The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed directly
    /// (not as 1 − P) where it is small, so tail probabilities keep their relative accuracy.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        incompleteGamma(a, x).upper
    }

    /// (P(a, x), Q(a, x)); the smaller of the two is computed directly, the other as its complement.
    static func incompleteGamma(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        if x > 1 && x > a {
            let q = gammaContinuedFraction(a, x)
            return (1 - q, q)
        }
        let p = gammaSeries(a, x)
        return (p, 1 - p)
    }

    /// x^a e^-x / Γ(a), or 0 on underflow. Cephes `igam` prefactor.
    private static func gammaPrefactor(_ a: Double, _ x: Double) -> Double {
        let ax = a * log(x) - x - lgamma(a)
        if ax < -maxLog { return 0 }
        return exp(ax)
    }

    /// P(a, x) by its power series (Cephes `igam`), for x ≤ 1 or x ≤ a.
    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        let ax = gammaPrefactor(a, x)
        if ax == 0 { return 0 }
        var r = a, c = 1.0, ans = 1.0
        repeat {
            r += 1
            c *= x / r
            ans += c
        } while c / ans > machineEpsilon
        return ans * ax / a
    }

    /// Q(a, x) by Legendre's continued fraction (Cephes `igamc`), for x > 1 and x > a.
    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let ax = gammaPrefactor(a, x)
        if ax == 0 { return 0 }
        var y = 1 - a, z = x + y + 1, c = 0.0
        var pkm2 = 1.0, qkm2 = x, pkm1 = x + 1, qkm1 = z * x
        var ans = pkm1 / qkm1
        var t: Double
        var iterations = 0
        repeat {
            c += 1; y += 1; z += 2
            let yc = y * c
            let pk = pkm1 * z - pkm2 * yc
            let qk = qkm1 * z - qkm2 * yc
            if qk != 0 {
                let r = pk / qk
                t = abs((ans - r) / r)
                ans = r
            } else {
                t = 1
            }
            pkm2 = pkm1; pkm1 = pk; qkm2 = qkm1; qkm1 = qk
            if abs(pk) > big {
                pkm2 *= bigInverse; pkm1 *= bigInverse; qkm2 *= bigInverse; qkm1 *= bigInverse
            }
            iterations += 1
        } while t > machineEpsilon && iterations < 10_000
        return ans * ax
    }

    // MARK: - Beta

    /// The regularised incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1.
    /// Returns NaN outside the domain.
    public static func regularizedBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        incompleteBeta(a, b, x).lower
    }

    /// (I_x(a, b), 1 − I_x(a, b)), the smaller computed directly: `IncompleteBeta.pair`
    /// (Statistics), the package's one incomplete beta.
    static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> (lower: Double, upper: Double) {
        IncompleteBeta.pair(x, a: a, b: b)
    }

    // MARK: - Normal

    /// Standard normal distribution function Φ(x) = erfc(−x/√2)/2.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Standard normal survival function 1 − Φ(x) = erfc(x/√2)/2 (accurate in the upper tail).
    public static func normalSF(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// The standard normal quantile Φ⁻¹(p), 0 < p < 1 (±∞ at 0 and 1, NaN outside).
    /// Wichura (1988), algorithm AS 241 `PPND16`, relative accuracy about 1e-16.
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r
                + 67265.770927008700853) * r + 45921.953931549871457) * r
                + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
            let den = (((((((5226.495278852545925 * r + 28729.085735721942674) * r
                + 39307.89580009271061) * r + 21213.794301586595867) * r
                + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1.0)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
                + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
                + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0)
        } else {
            r -= 5
            value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0)
        }
        return q < 0 ? -value : value
    }

    // MARK: - F and chi-squared

    /// The F(d1, d2) distribution function at x: I_{d1 x/(d1 x + d2)}(d1/2, d2/2).
    public static func fCDF(_ x: Double, _ d1: Double, _ d2: Double) -> Double { fBoth(x, d1, d2).cdf }

    /// The F(d1, d2) survival function 1 − CDF at x, computed as I_{d2/(d2 + d1 x)}(d2/2, d1/2)
    /// so small p-values keep their relative accuracy.
    public static func fSF(_ x: Double, _ d1: Double, _ d2: Double) -> Double { fBoth(x, d1, d2).sf }

    private static func fBoth(_ x: Double, _ d1: Double, _ d2: Double) -> (cdf: Double, sf: Double) {
        guard d1 > 0, d2 > 0, !x.isNaN else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        // Choose the argument that is not close to 1, to avoid cancellation in 1 − z.
        let num = d1 * x
        if num > d2 {
            let z = d2 / (d2 + num) // small
            let r = incompleteBeta(d2 / 2, d1 / 2, z)
            return (r.upper, r.lower)
        }
        let z = num / (d2 + num)
        let r = incompleteBeta(d1 / 2, d2 / 2, z)
        return (r.lower, r.upper)
    }

    /// The chi-squared(df) distribution function at x: P(df/2, x/2).
    public static func chiSquaredCDF(_ x: Double, _ df: Double) -> Double {
        guard df > 0, !x.isNaN else { return .nan }
        return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2)
    }

    /// The chi-squared(df) survival function at x: Q(df/2, x/2).
    public static func chiSquaredSF(_ x: Double, _ df: Double) -> Double {
        guard df > 0, !x.isNaN else { return .nan }
        return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2)
    }

    /// The q-quantile of F(d1, d2), 0 < q < 1 (e.g. the critical value at level α is q = 1 − α).
    public static func fQuantile(_ q: Double, _ d1: Double, _ d2: Double) -> Double {
        invertIncreasing(q) { fCDF($0, d1, d2) }
    }

    /// The q-quantile of chi-squared(df), 0 < q < 1.
    public static func chiSquaredQuantile(_ q: Double, _ df: Double) -> Double {
        invertIncreasing(q) { chiSquaredCDF($0, df) }
    }

    /// Solves cdf(x) = q on (0, ∞) for an increasing distribution function, by doubling a bracket
    /// and bisecting until the bracket is one ulp wide.
    private static func invertIncreasing(_ q: Double, _ cdf: (Double) -> Double) -> Double {
        guard q > 0, q < 1 else { return q == 0 ? 0 : (q == 1 ? .infinity : .nan) }
        var lo = 0.0, hi = 1.0
        var guardCount = 0
        while cdf(hi) < q && guardCount < 2000 { lo = hi; hi *= 2; guardCount += 1 }
        for _ in 0..<2200 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            if cdf(mid) < q { lo = mid } else { hi = mid }
        }
        return lo + (hi - lo) / 2
    }
}
