import ThesisLinearAlgebra

/// The multivariate portmanteau test of residual autocorrelation (Lütkepohl 2005, section 4.4.3;
/// statsmodels `VARResults.test_whiteness(nlags, adjusted)`): with C_i the residual
/// autocovariances (mean removed, divided by T),
///
///     Q_h = T Σ_{i=1..h} tr(C_i' C_0⁻¹ C_i C_0⁻¹),   Q*_h = T² Σ_{i=1..h} tr(…)/(T − i),
///
/// against χ²(K²(h − p)). H0: no residual autocorrelation up to lag h.
public struct VARPortmanteauTest: Sendable {
    public let lags: Int
    public let adjusted: Bool
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
}

/// The Jarque-Bera-type test of normal residuals on the Cholesky-standardized residuals
/// (Lütkepohl 2005, section 4.5; statsmodels `VARResults.test_normality`): w = P⁻¹(u − ū) with
/// PP' = (u − ū)'(u − ū)/T, skewness b₁ and excess kurtosis b₂ per component, λ_s = T b₁'b₁/6,
/// λ_k = T b₂'b₂/24, joint λ_s + λ_k against χ²(2K). H0: Gaussian errors.
public struct VARNormalityTest: Sendable {
    /// Skewness of each standardized component.
    public let skewness: [Double]
    /// Excess kurtosis of each standardized component.
    public let excessKurtosis: [Double]
    /// λ_s, against χ²(K).
    public let skewnessStatistic: Double
    /// λ_k, against χ²(K).
    public let kurtosisStatistic: Double
    /// λ_s + λ_k, against χ²(2K) (statsmodels' statistic).
    public let statistic: Double
    public let pValue: Double
    public let observationCount: Int

    /// T(b₁ᵢ²/6 + b₂ᵢ²/24) of component i, against χ²(2).
    public func componentStatistic(_ i: Int) -> Double {
        Double(observationCount) * (skewness[i] * skewness[i] / 6 + excessKurtosis[i] * excessKurtosis[i] / 24)
    }
}

extension VARModel {
    /// The portmanteau test up to lag `lags` (> p), plain or small-sample adjusted.
    public func portmanteauTest(lags h: Int, adjusted: Bool = false) throws -> VARPortmanteauTest {
        guard h > lags else {
            throw VARError.invalidArgument("the portmanteau test needs more lags than the VAR's \(lags), got \(h)")
        }
        let t = residuals.rows, k = residuals.columns
        guard h < t else { throw VARError.invalidArgument("\(h) lags for \(t) residuals") }
        let u = centered(residuals)
        func autocovariance(_ lag: Int) -> [Double] {
            // C_lag[a, b] = Σ_t u[t, a] u[t − lag, b] / T (statsmodels: x[lag:].T @ x[:-lag] / T).
            var c = [Double](repeating: 0, count: k * k)
            for s in lag..<t {
                for a in 0..<k {
                    let ua = u[s * k + a]
                    for b in 0..<k { c[a * k + b] += ua * u[(s - lag) * k + b] }
                }
            }
            return c.map { $0 / Double(t) }
        }
        let c0 = try Matrix(rowMajor: stride(from: 0, to: k * k, by: k).map { Array(autocovariance(0)[$0..<($0 + k)]) })
        let c0Inverse = try inverse(c0, context: "portmanteau test: the residual covariance")
        var statistic = 0.0
        for i in 1...h {
            let ci = try Matrix(rowMajor: stride(from: 0, to: k * k, by: k).map { Array(autocovariance(i)[$0..<($0 + k)]) })
            // tr(C_i' C_0⁻¹ C_i C_0⁻¹)
            let product = try multiply(multiply(multiply(ci, c0Inverse, transposeA: true), ci), c0Inverse)
            var trace = 0.0
            for d in 0..<k { trace += product[d, d] }
            statistic += adjusted ? trace / Double(observationCount - i) : trace
        }
        let n = Double(observationCount)
        statistic *= adjusted ? n * n : n
        let df = k * k * (h - lags)
        return VARPortmanteauTest(
            lags: h, adjusted: adjusted, statistic: statistic, degreesOfFreedom: df,
            pValue: SpecialFunctions.chiSquaredSF(statistic, Double(df)))
    }

    /// The Jarque-Bera-type normality test of the residuals.
    public func normalityTest() throws -> VARNormalityTest {
        let t = residuals.rows, k = residuals.columns
        let u = centered(residuals)
        var sigma = Matrix(rows: k, columns: k)
        for a in 0..<k {
            for b in 0..<k {
                var s = 0.0
                for r in 0..<t { s += u[r * k + a] * u[r * k + b] }
                sigma[a, b] = s / Double(observationCount)
            }
        }
        let p = try cholesky(sigma, context: "normality test: the residual covariance")
        let pInverse = try inverse(p, context: "normality test: the Cholesky factor")
        var b1 = [Double](repeating: 0, count: k), b2 = [Double](repeating: 0, count: k)
        for r in 0..<t {
            for a in 0..<k {
                var w = 0.0
                for b in 0..<k { w += pInverse[a, b] * u[r * k + b] }
                let w2 = w * w
                b1[a] += w2 * w
                b2[a] += w2 * w2
            }
        }
        let n = Double(observationCount)
        b1 = b1.map { $0 / n }
        b2 = b2.map { $0 / n - 3 }
        let skew = n * b1.reduce(0) { $0 + $1 * $1 } / 6
        let kurt = n * b2.reduce(0) { $0 + $1 * $1 } / 24
        return VARNormalityTest(
            skewness: b1, excessKurtosis: b2, skewnessStatistic: skew, kurtosisStatistic: kurt,
            statistic: skew + kurt, pValue: SpecialFunctions.chiSquaredSF(skew + kurt, Double(2 * k)),
            observationCount: observationCount)
    }

    /// The residuals minus their column means, row-major T × K.
    private func centered(_ m: Matrix) -> [Double] {
        let t = m.rows, k = m.columns
        var means = [Double](repeating: 0, count: k)
        for r in 0..<t { for c in 0..<k { means[c] += m[r, c] } }
        means = means.map { $0 / Double(t) }
        var out = [Double](repeating: 0, count: t * k)
        for r in 0..<t { for c in 0..<k { out[r * k + c] = m[r, c] - means[c] } }
        return out
    }
}
