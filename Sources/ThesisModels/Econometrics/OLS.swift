import Foundation
import ThesisLinearAlgebra

/// The covariance of OLS coefficients (statsmodels' `cov_type`).
public enum OLSCovariance: String, CaseIterable, Sendable {
    /// σ̂²(X'X)⁻¹, t tests.
    case nonrobust
    /// White's heteroskedasticity-robust sandwich (X'X)⁻¹ X' diag(e²) X (X'X)⁻¹.
    case hc0 = "HC0"
    /// HC0 × n/(n − k).
    case hc1 = "HC1"
    /// e²/(1 − h) in the middle, h the leverages.
    case hc2 = "HC2"
    /// e²/(1 − h)² in the middle.
    case hc3 = "HC3"
    /// Newey-West: Bartlett weights 1 − j/(L + 1) up to `maxlags` L, no small-sample correction.
    case hac = "HAC"

    /// statsmodels' default: t tests for the classical covariance, normal tests for the robust ones.
    public var usesT: Bool { self == .nonrobust }
}

/// Ordinary least squares with statsmodels' conventions (`sm.OLS(y, X).fit(cov_type=…)`): the
/// coefficients by a rank-checked QR solve, their covariance of the chosen type, t or z tests,
/// R², adjusted R², the Wald F test that every coefficient but the constant is zero (with the
/// chosen covariance, as statsmodels), and the Gaussian log likelihood, AIC and BIC.
public struct OLSModel: Sendable {
    /// Regressor names, in the columns' order (`const` first when there is a constant).
    public let names: [String]
    public let hasConstant: Bool
    public let covariance: OLSCovariance
    public let params: [Double]
    /// The covariance of `params` (statsmodels' `cov_params()`).
    public let covParams: Matrix
    public let bse: [Double]
    public let tvalues: [Double]
    public let pvalues: [Double]
    public let residuals: [Double]
    public let fitted: [Double]
    public let nobs: Int
    /// k − 1 with a constant, k without.
    public let dfModel: Int
    /// n − k.
    public let dfResid: Int
    public let ssr: Double
    public let rsquared: Double
    public let rsquaredAdj: Double
    public let fvalue: Double
    public let fPValue: Double
    public let llf: Double
    public let aic: Double
    public let bic: Double

    /// Fits y on the columns of x (n × k, the constant column included when `hasConstant`).
    /// - Throws: `VARError.invalidArgument` (shapes, too few observations, maxlags), and the
    ///   located rank error of `leastSquares` for a singular design.
    public init(
        y: [Double], x: Matrix, names: [String], hasConstant: Bool, covariance: OLSCovariance = .nonrobust,
        maxlags: Int = 0
    ) throws {
        let n = x.rows, k = x.columns
        guard y.count == n, names.count == k else {
            throw VARError.invalidArgument("\(y.count) observations of y, \(n) rows and \(k) columns of X, \(names.count) names")
        }
        guard n > k else {
            throw VARError.invalidArgument("\(n) observations for \(k) coefficients: OLS needs more observations than coefficients")
        }
        guard maxlags >= 0, maxlags < n else { throw VARError.invalidArgument("maxlags must be in 0…\(n - 1), got \(maxlags)") }
        let beta = try VARError.wrap { try leastSquares(x, y, context: "estimating the regression") }
        let fittedValues = try VARError.wrap { try multiply(x, beta) }
        let e = (0..<n).map { y[$0] - fittedValues[$0] }
        let ssr = e.reduce(0) { $0 + $1 * $1 }
        let xtxInverse = try VARError.wrap { try inverseSymmetricPositiveDefinite(gram(x), context: "inverting X'X") }
        let dfResid = n - k, dfModel = hasConstant ? k - 1 : k
        let scale = ssr / Double(dfResid)

        // The covariance: scale·(X'X)⁻¹ or the sandwich (X'X)⁻¹ S (X'X)⁻¹.
        var cov: Matrix
        switch covariance {
        case .nonrobust:
            cov = scale * xtxInverse
        case .hc0, .hc1, .hc2, .hc3, .hac:
            var weights = e.map { $0 * $0 }
            if covariance == .hc2 || covariance == .hc3 {
                let xa = try VARError.wrap { try multiply(x, xtxInverse) }
                for i in 0..<n {
                    var h = 0.0
                    for j in 0..<k { h += xa[i, j] * x[i, j] }
                    weights[i] /= covariance == .hc2 ? (1 - h) : (1 - h) * (1 - h)
                }
            }
            // Scores u_i = x_i·√w_i, so that S = U'U; for HAC the raw scores x_t e_t and
            // S = Σ_{t,s} w(|t − s|) u_t u_s' = U'(W U), W the banded Bartlett matrix: W U costs
            // n·k per lag instead of the n·k² of each lag's Γ_j = Σ_t u_t u_{t−j}'.
            var u = [Double](repeating: 0, count: n * k)
            for a in 0..<k {
                for i in 0..<n {
                    u[i + a * n] = x[i, a] * (covariance == .hac ? e[i] : weights[i].squareRoot())
                }
            }
            var wu = u
            if covariance == .hac, maxlags > 0 {
                u.withUnsafeBufferPointer { source in
                    wu.withUnsafeMutableBufferPointer { target in
                        for lag in 1...maxlags {
                            let w = 1 - Double(lag) / Double(maxlags + 1)
                            for a in 0..<k {
                                let base = a * n
                                for t in lag..<n {
                                    target[base + t] += w * source[base + t - lag]
                                    target[base + t - lag] += w * source[base + t]
                                }
                            }
                        }
                    }
                }
            }
            let scores = try VARError.wrap { try Matrix(rows: n, columns: k, columnMajor: u) }
            let weighted = try VARError.wrap { try Matrix(rows: n, columns: k, columnMajor: wu) }
            var s = try VARError.wrap { try multiply(scores, weighted, transposeA: true) }
            // Symmetric in exact arithmetic; make it so in floating point.
            for a in 0..<k {
                for b in (a + 1)..<k {
                    let mean = (s[a, b] + s[b, a]) / 2
                    s[a, b] = mean
                    s[b, a] = mean
                }
            }
            cov = try VARError.wrap { try multiply(multiply(xtxInverse, s), xtxInverse) }
            if covariance == .hc1 { cov = (Double(n) / Double(dfResid)) * cov }
        }
        let bse = (0..<k).map { cov[$0, $0].squareRoot() }
        let t = (0..<k).map { beta[$0] / bse[$0] }
        let p = t.map { value in
            covariance.usesT
                ? StudentT.twoSidedPValue(value, degreesOfFreedom: Double(dfResid))
                : 2 * SpecialFunctions.normalSF(abs(value))
        }

        // R² against the mean with a constant, against zero without.
        let mean = hasConstant ? y.reduce(0, +) / Double(n) : 0
        let tss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r2 = 1 - ssr / tss
        let adjusted = 1 - Double(n - (hasConstant ? 1 : 0)) / Double(dfResid) * (1 - r2)

        // Wald F of the non-constant coefficients, with the chosen covariance.
        let tested = (0..<k).filter { !(hasConstant && names[$0] == "const") }
        let q = tested.count
        var f = Double.nan, fp = Double.nan
        if q > 0 {
            var v = Matrix(rows: q, columns: q)
            for (a, i) in tested.enumerated() { for (b, j) in tested.enumerated() { v[a, b] = cov[i, j] } }
            let rb = tested.map { beta[$0] }
            let solved = try VARError.wrap { try solve(v, rb, context: "the F test") }
            f = zip(rb, solved).reduce(0) { $0 + $1.0 * $1.1 } / Double(q)
            fp = SpecialFunctions.fSF(f, Double(q), Double(dfResid))
        }

        let nd = Double(n)
        let llf = -nd / 2 * log(2 * Double.pi) - nd / 2 * log(ssr / nd) - nd / 2
        self.names = names
        self.hasConstant = hasConstant
        self.covariance = covariance
        self.params = beta
        self.covParams = cov
        self.bse = bse
        self.tvalues = t
        self.pvalues = p
        self.residuals = e
        self.fitted = fittedValues
        self.nobs = n
        self.dfModel = dfModel
        self.dfResid = dfResid
        self.ssr = ssr
        self.rsquared = r2
        self.rsquaredAdj = adjusted
        self.fvalue = f
        self.fPValue = fp
        self.llf = llf
        self.aic = -2 * llf + 2 * Double(k)
        self.bic = -2 * llf + log(nd) * Double(k)
    }
}
