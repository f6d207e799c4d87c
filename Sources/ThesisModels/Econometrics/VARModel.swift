import Foundation
import ThesisLinearAlgebra

/// The deterministic terms of a VAR, as statsmodels' `trend` argument.
public enum VARTrend: String, CaseIterable, Sendable {
    /// No deterministic term (`"n"`).
    case none = "n"
    /// A constant (`"c"`, the default).
    case constant = "c"
    /// A constant and a linear time trend (`"ct"`). The trend regressor of observation t
    /// (1-based row of the data) is t, as statsmodels (which shifts it by the lag order so it
    /// counts rows of the data, not rows of the regression).
    case constantAndTrend = "ct"

    /// Number of deterministic regressors (0, 1 or 2).
    public var termCount: Int {
        switch self {
        case .none: return 0
        case .constant: return 1
        case .constantAndTrend: return 2
        }
    }

    /// statsmodels' names of the deterministic regressors.
    var termNames: [String] {
        switch self {
        case .none: return []
        case .constant: return ["const"]
        case .constantAndTrend: return ["const", "trend"]
        }
    }
}

/// A vector autoregression estimated by OLS, equation by equation (Lütkepohl 2005, ch. 3):
///
///     y_t = ν + δ·t + A_1 y_{t−1} + … + A_p y_{t−p} + u_t,   u_t iid (0, Σu)
///
/// with the deterministic terms chosen by `trend`. Creating a `VARModel` fits it; every number
/// follows statsmodels' `VAR(...).fit(p, trend=...)` (`VARResults`), to which the parity tests
/// compare at 1e-9 relative:
///
/// - `params`: (k_trend + K·p) × K, rows `const[, trend], L1.y1 … L1.yK, L2.y1 …`, one column
///   per equation; least squares by Householder QR (LAPACK `dgels`), where statsmodels uses an
///   SVD (`lstsq`): the same solution for a full-rank design.
/// - `sigmaU` = U'U / (n − K·p − k_trend), degrees-of-freedom adjusted (used for IRFs, FEVD,
///   forecast intervals, standard errors and tests), and `sigmaUMLE` = U'U / n (likelihood and
///   information criteria), with n = T − p effective observations.
/// - `logLikelihood` = −(nK/2) ln 2π − (n/2)(ln|Σ̂_mle| + K) (Gaussian likelihood at the MLE).
/// - Information criteria without the 2π constant, with f = p·K² + K·k_trend free parameters:
///   AIC = ln|Σ̂_mle| + 2f/n, BIC = ln|Σ̂_mle| + f·ln(n)/n, HQ = ln|Σ̂_mle| + 2f·ln(ln n)/n,
///   FPE = ((n + K·p + k_trend)/(n − K·p − k_trend))^K · |Σ̂_mle| (Lütkepohl pp. 146-150).
///
/// Assumptions: the series are observed without gaps (non-finite values are rejected), the
/// design has full column rank (collinear series are rejected with the regressors named), and the
/// errors are white noise; stationarity is not imposed (check `isStable`), but IRF and FEVD
/// interpretations and the asymptotic standard errors assume it.
public struct VARModel: Sendable {
    /// Series names, in the column order of `data` (also the Cholesky ordering).
    public let names: [String]
    /// The lag order p.
    public let lags: Int
    /// The deterministic terms.
    public let trend: VARTrend
    /// The T × K data the model was fitted on (one column per series).
    public let data: Matrix
    /// Effective observations n = T − p.
    public let observationCount: Int
    /// Coefficients, (k_trend + K·p) × K, statsmodels' layout (see the type's documentation).
    public let params: Matrix
    /// OLS residuals, n × K (row i is observation p + i of the data).
    public let residuals: Matrix
    /// Σu = U'U / (n − K·p − k_trend).
    public let sigmaU: Matrix
    /// Σ̂_mle = U'U / n.
    public let sigmaUMLE: Matrix
    /// The Gaussian log-likelihood at the estimates.
    public let logLikelihood: Double
    /// Akaike's information criterion (statsmodels' `aic`).
    public let aic: Double
    /// Schwarz's Bayesian criterion (statsmodels' `bic`).
    public let bic: Double
    /// Hannan-Quinn (statsmodels' `hqic`).
    public let hqic: Double
    /// Final prediction error (statsmodels' `fpe`).
    public let fpe: Double
    /// Standard errors of `params` (same layout): sqrt of the diagonal of (Z'Z)⁻¹ ⊗ Σu.
    public let standardErrors: Matrix
    /// P = chol(Σu), lower triangular with Σu = PP' (orthogonalisation in the order of `names`).
    public let choleskySigmaU: Matrix
    /// (Z'Z)⁻¹, for the coefficient covariance (Z'Z)⁻¹ ⊗ Σu.
    let inverseGram: Matrix
    /// A_1 … A_p, flattened: A_j[r, c] at (j−1)·K² + r + c·K.
    let lagCoefficients: [Double]

    /// Number of series K.
    public var seriesCount: Int { names.count }
    /// Rows of data T.
    public var rowCount: Int { data.rows }
    /// Coefficients per equation, K·p + k_trend (statsmodels' `df_model`).
    public var dfModel: Int { seriesCount * lags + trend.termCount }
    /// n − K·p − k_trend (statsmodels' `df_resid`).
    public var dfResid: Int { observationCount - dfModel }

    /// statsmodels' row names of `params`: `const`, `trend`, then `L1.name`, `L2.name`, ….
    public var paramNames: [String] {
        trend.termNames + (1...max(lags, 1)).prefix(lags).flatMap { j in names.map { "L\(j).\($0)" } }
    }

    /// Fits a VAR(`lags`) by OLS to the T × K `data` (one column per series, named by `names`).
    /// - Throws: `VARError.invalidArgument` (names or lags), `.nonFinite`, `.tooManyLags`,
    ///   `.singularDesign` (collinear regressors), `.singularCovariance`.
    public init(data: Matrix, names: [String], lags: Int, trend: VARTrend = .constant) throws {
        try VARModel.validate(data: data, names: names)
        guard lags >= 0 else { throw VARError.invalidArgument("the lag order must be ≥ 0, got \(lags)") }
        if lags == 0 && trend == .none {
            throw VARError.invalidArgument("a VAR(0) without deterministic terms has no regressors")
        }
        try VARModel.checkSampleSize(rows: data.rows, series: names.count, lags: lags, trend: trend)

        let fit = try VAREstimation.estimate(data: data, names: names, offset: 0, lags: lags, trend: trend,
                                             checkRank: true)
        self.names = names
        self.lags = lags
        self.trend = trend
        self.data = data
        self.observationCount = fit.n
        self.params = fit.params
        self.residuals = fit.residuals
        self.sigmaU = fit.sigmaU
        self.sigmaUMLE = fit.sigmaUMLE
        let criteria = fit.criteria
        self.logLikelihood = criteria.llf
        self.aic = criteria.aic
        self.bic = criteria.bic
        self.hqic = criteria.hqic
        self.fpe = criteria.fpe

        let k = names.count
        let m = fit.params.rows
        let inverse = try VARError.wrap {
            try inverseSymmetricPositiveDefinite(fit.gram, context: "inverting Z'Z of a VAR(\(lags))")
        }
        self.inverseGram = inverse
        var se = Matrix(rows: m, columns: k)
        for e in 0..<k {
            for r in 0..<m { se[r, e] = (inverse[r, r] * fit.sigmaU[e, e]).squareRoot() }
        }
        self.standardErrors = se
        do {
            self.choleskySigmaU = try cholesky(fit.sigmaU, context: "factoring sigma_u of a VAR(\(lags))")
        } catch {
            throw VARError.singularCovariance(String(describing: error))
        }
        self.lagCoefficients = VAREstimation.flattenLagCoefficients(fit.params, k: k, lags: lags,
                                                                    trendTerms: trend.termCount)
    }

    /// Fits a VAR to the named columns of a T × K matrix given as one array per series.
    public init(series: [[Double]], names: [String], lags: Int, trend: VARTrend = .constant) throws {
        let matrix = try VARError.wrap { try Matrix(columns: series, context: "VAR data") }
        try self.init(data: matrix, names: names, lags: lags, trend: trend)
    }

    /// The coefficient matrix A_j (K × K, row = equation, column = lagged variable), j = 1…p.
    /// - Throws: `VARError.invalidArgument` when j is outside 1…p.
    public func coefficients(lag j: Int) throws -> Matrix {
        guard j >= 1 && j <= lags else {
            throw VARError.invalidArgument("lag \(j) is outside 1…\(lags) of this VAR(\(lags))")
        }
        let k = seriesCount
        var a = Matrix(rows: k, columns: k)
        for c in 0..<k { for r in 0..<k { a[r, c] = lagCoefficients[(j - 1) * k * k + r + c * k] } }
        return a
    }

    /// The deterministic coefficients, k_trend × K (row 0 the constant ν, row 1 the trend δ).
    public var deterministicCoefficients: Matrix { params.rowSlice(0..<trend.termCount) }

    /// The index of series `name`.
    /// - Throws: `VARError.unknownVariable`.
    public func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw VARError.unknownVariable(name, available: names)
        }
        return i
    }

    // MARK: - Validation

    static func validate(data: Matrix, names: [String]) throws {
        guard data.columns >= 1, data.rows >= 1 else {
            throw VARError.invalidArgument("the VAR data are empty (\(data.rows)×\(data.columns))")
        }
        guard names.count == data.columns else {
            throw VARError.invalidArgument("\(names.count) names for \(data.columns) series")
        }
        if let empty = names.firstIndex(where: { $0.isEmpty }) {
            throw VARError.invalidArgument("series \(empty + 1) has an empty name")
        }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw VARError.invalidArgument("the series name '\(name)' appears twice")
        }
        let t = data.rows
        try data.withUnsafeBufferPointer { p in
            for c in 0..<data.columns {
                for r in 0..<t where !p[r + c * t].isFinite {
                    throw VARError.nonFinite(series: names[c], row: r, value: p[r + c * t])
                }
            }
        }
    }

    /// The largest lag order estimable with a positive definite Σu, i.e. with at least K residual
    /// degrees of freedom: T − p − (K·p + k_trend) ≥ K, p ≤ (T − K − k_trend)/(K + 1) (statsmodels'
    /// `select_order` bound). Negative when not even p = 0 fits.
    public static func maximumLags(rows: Int, series: Int, trend: VARTrend) -> Int {
        let free = rows - series - trend.termCount
        return free < 0 ? -1 : free / (series + 1)
    }

    static func checkSampleSize(rows: Int, series: Int, lags: Int, trend: VARTrend) throws {
        let maximum = maximumLags(rows: rows, series: series, trend: trend)
        if lags > maximum {
            throw VARError.tooManyLags(lags: lags, rows: rows, series: series, trendTerms: trend.termCount,
                                       maximum: max(maximum, 0))
        }
    }
}

/// The fitting arithmetic shared by `VARModel`, lag selection and the bootstrap.
enum VAREstimation {
    struct Fit {
        var n: Int
        var params: Matrix
        var residuals: Matrix
        var sigmaU: Matrix
        var sigmaUMLE: Matrix
        var gram: Matrix
        var criteria: (llf: Double, aic: Double, bic: Double, hqic: Double, fpe: Double)
    }

    /// Fills the regressor matrix Z (n × m, column-major) and the regressand Y (n × K) of a VAR(p)
    /// on rows `offset ..< T` of the column-major T × K `data`. Row i of Z belongs to observation
    /// s = offset + p + i: [1, (p + i + 1) for the trend, y_{s−1}', …, y_{s−p}'].
    static func fillDesign(data: UnsafeBufferPointer<Double>, rows t: Int, k: Int, offset: Int, lags p: Int,
                           trend: VARTrend, z: UnsafeMutableBufferPointer<Double>,
                           y: UnsafeMutableBufferPointer<Double>) {
        let n = t - offset - p
        let kt = trend.termCount
        if kt >= 1 { for i in 0..<n { z[i] = 1 } }
        if kt == 2 { for i in 0..<n { z[n + i] = Double(p + i + 1) } }
        for j in 1...max(p, 1) where j <= p {
            for c in 0..<k {
                let column = kt + (j - 1) * k + c
                let source = c * t + offset + p - j
                let target = column * n
                for i in 0..<n { z[target + i] = data[source + i] }
            }
        }
        for c in 0..<k {
            let source = c * t + offset + p
            for i in 0..<n { y[c * n + i] = data[source + i] }
        }
    }

    /// Builds the design of a VAR(p) on rows offset..<T and runs `checkFullRank` on it.
    static func checkDesign(data: Matrix, names: [String], offset: Int, lags p: Int, trend: VARTrend) throws {
        let t = data.rows, k = data.columns
        let n = t - offset - p
        var z = Matrix(rows: n, columns: trend.termCount + k * p)
        var y = Matrix(rows: n, columns: k)
        data.withUnsafeBufferPointer { pd in
            z.withUnsafeMutableBufferPointer { pz in
                y.withUnsafeMutableBufferPointer { py in
                    fillDesign(data: pd, rows: t, k: k, offset: offset, lags: p, trend: trend, z: pz, y: py)
                }
            }
        }
        try checkFullRank(gram(z), regressorNames: trend.termNames
            + (0..<p).flatMap { j in names.map { "L\(j + 1).\($0)" } })
    }

    /// OLS of a VAR(p) on rows offset..<T (statsmodels `_estimate_var(lags, offset, trend)`).
    static func estimate(data: Matrix, names: [String], offset: Int, lags p: Int, trend: VARTrend,
                         checkRank: Bool) throws -> Fit {
        let t = data.rows, k = data.columns
        let n = t - offset - p
        let m = trend.termCount + k * p
        var z = Matrix(rows: n, columns: m)
        var y = Matrix(rows: n, columns: k)
        data.withUnsafeBufferPointer { pd in
            z.withUnsafeMutableBufferPointer { pz in
                y.withUnsafeMutableBufferPointer { py in
                    fillDesign(data: pd, rows: t, k: k, offset: offset, lags: p, trend: trend, z: pz, y: py)
                }
            }
        }
        let gramMatrix = gram(z)
        if checkRank {
            try checkFullRank(gramMatrix, regressorNames: trend.termNames
                + (0..<p).flatMap { j in names.map { "L\(j + 1).\($0)" } })
        }
        let params = try VARError.wrap {
            try leastSquares(z, y, context: "estimating a VAR(\(p)) by least squares")
        }
        var residuals = y
        try VARError.wrap {
            try multiply(z, params, alpha: -1, beta: 1, into: &residuals, context: "VAR residuals")
        }
        let sse = gram(residuals)
        let dfResid = n - m
        let sigmaU = (1 / Double(dfResid)) * sse
        // statsmodels: sigma_u_mle = sigma_u * df_resid / nobs (same arithmetic, same rounding).
        var sigmaUMLE = sigmaU
        sigmaUMLE.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = p[i] * Double(dfResid) / Double(n) }
        }
        let criteria = try informationCriteria(sigmaUMLE: sigmaUMLE, n: n, k: k, lags: p, trendTerms: trend.termCount)
        return Fit(n: n, params: params, residuals: residuals, sigmaU: sigmaU, sigmaUMLE: sigmaUMLE,
                   gram: gramMatrix, criteria: criteria)
    }

    /// llf and the information criteria from Σ̂_mle, as statsmodels `VARResults.info_criteria` / `llf`.
    static func informationCriteria(sigmaUMLE: Matrix, n: Int, k: Int, lags p: Int, trendTerms kt: Int) throws
        -> (llf: Double, aic: Double, bic: Double, hqic: Double, fpe: Double) {
        let ld: Double
        do {
            ld = try logDeterminantSymmetricPositiveDefinite(sigmaUMLE, context: "log|Σ̂_mle| of a VAR(\(p))")
        } catch {
            throw VARError.singularCovariance(String(describing: error))
        }
        let nd = Double(n), kd = Double(k)
        let freeParams = Double(p * k * k + k * kt)
        let aic = ld + (2.0 / nd) * freeParams
        let bic = ld + (log(nd) / nd) * freeParams
        let hqic = ld + (2.0 * log(log(nd)) / nd) * freeParams
        let dfModel = Double(k * p + kt)
        let dfResid = nd - dfModel
        let fpe = pow((nd + dfModel) / dfResid, kd) * exp(ld)
        let llf = -(nd * kd / 2) * log(2 * Double.pi) - (nd / 2) * (ld + kd)
        return (llf, aic, bic, hqic, fpe)
    }

    /// Rejects a design whose column-scaled Gram matrix D^-½ Z'Z D^-½ has eigenvalue ratio below
    /// 1e-13 (cond(Z) above ~3e6 after scaling each column to unit length), naming the regressors
    /// that load on the null direction. Scaling makes the test independent of units.
    static func checkFullRank(_ g: Matrix, regressorNames: [String]) throws {
        let m = g.rows
        if m == 0 { return }
        var scaled = g
        var d = [Double](repeating: 0, count: m)
        for i in 0..<m {
            d[i] = g[i, i].squareRoot()
            if !(d[i] > 0) {
                throw VARError.singularDesign(regressors: [regressorNames[i]], condition: 0)
            }
        }
        for j in 0..<m { for i in 0..<m { scaled[i, j] = g[i, j] / (d[i] * d[j]) } }
        // Eigenvalues alone decide; the vectors (several times the work) only name the culprits.
        let values = try VARError.wrap { try symmetricEigenvalues(scaled, context: "rank check of a VAR design") }
        guard let lo = values.min(), let hi = values.max(), hi > 0 else { return }
        if lo / hi < 1e-13 {
            // The decomposition with vectors names the regressors and gives the ratio reported (the
            // unit diagonal makes its largest eigenvalue at least 1).
            let eig = try VARError.wrap { try symmetricEigen(scaled, context: "rank check of a VAR design") }
            let index = eig.values.indices.min { eig.values[$0] < eig.values[$1] }!
            let ratio = eig.values[index] / eig.values.max()!
            let v = (0..<m).map { eig.vectors[$0, index] }
            let top = v.map(abs).max() ?? 1
            let involved = (0..<m).filter { abs(v[$0]) >= 0.1 * top }.map { regressorNames[$0] }
            throw VARError.singularDesign(regressors: involved, condition: ratio)
        }
    }

    /// A_1 … A_p from params, flattened column-major: A_j[r, c] = params[kt + (j−1)K + c, r].
    static func flattenLagCoefficients(_ params: Matrix, k: Int, lags p: Int, trendTerms kt: Int) -> [Double] {
        var out = [Double](repeating: 0, count: p * k * k)
        params.withUnsafeBufferPointer { b in
            let m = params.rows
            for j in 0..<p {
                for c in 0..<k {
                    for r in 0..<k { out[j * k * k + r + c * k] = b[(kt + j * k + c) + r * m] }
                }
            }
        }
        return out
    }
}
