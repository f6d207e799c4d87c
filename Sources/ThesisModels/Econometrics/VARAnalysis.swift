import Foundation
import ThesisLinearAlgebra

// MA representation, impulse responses, FEVD, forecasts and stability of a fitted VAR, following
// statsmodels' `VARResults` / `IRAnalysis` / `FEVD` (Lütkepohl 2005, sections 2.2-2.3, 3.5, 3.7).
// All K × K products here are tiny (K is a handful of series), so they are plain loops over flat
// column-major arrays: BLAS call overhead would dominate.

/// Impulse responses of a VAR over horizons 0…steps (statsmodels `VARResults.irf(steps)`).
/// Entry `[h][i, j]` of each array is the response of variable i at horizon h to a shock in
/// variable j at horizon 0.
public struct VARImpulseResponses: Sendable {
    /// Series names (rows and columns of every matrix).
    public let names: [String]
    /// The last horizon; every array has `steps + 1` matrices.
    public let steps: Int
    /// Φ_h: responses to a unit shock in u_j (the MA(∞) coefficients, `ma_rep`).
    public let irfs: [Matrix]
    /// Θ_h = Φ_h P, P = chol(Σu): responses to a one-standard-deviation orthogonal shock (`orth_irfs`).
    public let orthIRFs: [Matrix]
    /// Σ_{s≤h} Φ_s (`cum_effects`).
    public let cumulativeEffects: [Matrix]
    /// Σ_{s≤h} Θ_s (`orth_cum_effects`).
    public let orthCumulativeEffects: [Matrix]
    /// Ψ_∞ = (I − A_1 − … − A_p)⁻¹ (`lr_effects`); nil when I − ΣA_j is singular (a unit root).
    public let longRunEffects: Matrix?
    /// Ψ_∞ P (`orth_lr_effects`); nil with `longRunEffects`.
    public let orthLongRunEffects: Matrix?
}

/// Forecast error variance decomposition (statsmodels `VARResults.fevd(periods).decomp`):
/// ω_ij(h) = Σ_{s<h} Θ_s[i, j]² / MSE_ii(h), the share of variable i's h-step forecast error
/// variance due to orthogonal shock j, h = 1…periods.
public struct VARFEVD: Sendable {
    /// Series names.
    public let names: [String]
    /// Number of horizons.
    public let periods: Int
    /// One periods × K matrix per variable i: row h−1, column j is ω_ij(h) (statsmodels'
    /// `decomp[i]`). Each row sums to 1.
    public let decomposition: [Matrix]

    /// ω_ij(h) for variable i, shock j, horizon h in 1…periods (indices out of range trap, like an
    /// Array subscript).
    public func share(variable i: Int, shock j: Int, horizon h: Int) -> Double {
        decomposition[i][h - 1, j]
    }
}

/// Point forecasts with Gaussian MSE intervals (statsmodels `forecast_interval`): for each step h
/// and variable i, point ± z_{1−α/2} · sqrt(MSE_ii(h)), MSE(h) = Σ_{s<h} Φ_s Σu Φ_s' (parameter
/// uncertainty ignored, as statsmodels' default "mse" method).
public struct VARForecastInterval: Sendable {
    /// steps × K point forecasts.
    public let point: Matrix
    /// steps × K lower bounds.
    public let lower: Matrix
    /// steps × K upper bounds.
    public let upper: Matrix
    /// The significance level α (coverage 1 − α).
    public let alpha: Double
}

extension VARModel {
    // MARK: - MA representation

    /// Φ_0 … Φ_steps flattened ((steps + 1)·K² values, Φ_h[r, c] at h·K² + r + c·K):
    /// Φ_0 = I, Φ_h = Σ_{j=1}^{min(h,p)} Φ_{h−j} A_j (statsmodels `ma_rep`).
    static func maCoefficients(lagCoefficients a: UnsafeBufferPointer<Double>, k: Int, lags p: Int, steps: Int,
                               into phi: UnsafeMutableBufferPointer<Double>) {
        let kk = k * k
        for i in 0..<((steps + 1) * kk) { phi[i] = 0 }
        for d in 0..<k { phi[d + d * k] = 1 }
        if steps == 0 || p == 0 { return }
        // Accumulate each Φ_h in a separate buffer: reads of Φ_{h−j} and writes of Φ_h then
        // cannot alias, so the inner loop over rows vectorises.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: kk) { acc in
            for h in 1...steps {
                for e in 0..<kk { acc[e] = 0 }
                for j in 1...min(h, p) {
                    let left = (h &- j) &* kk, right = (j &- 1) &* kk
                    // acc += Φ_{h−j} · A_j
                    for c in 0..<k {
                        let oc = c &* k
                        for l in 0..<k {
                            let b = a[right &+ l &+ oc]
                            let lc = left &+ l &* k
                            for r in 0..<k { acc[oc &+ r] += phi[lc &+ r] * b }
                        }
                    }
                }
                let out = h &* kk
                for e in 0..<kk { phi[out &+ e] = acc[e] }
            }
        }
    }

    /// Θ_h = Φ_h P for every h (P lower triangular, K × K, column-major).
    static func orthogonalize(_ phi: UnsafeBufferPointer<Double>, p chol: UnsafeBufferPointer<Double>, k: Int,
                              count: Int, into theta: UnsafeMutableBufferPointer<Double>) {
        let kk = k * k
        for h in 0..<count {
            let base = h * kk
            for c in 0..<k {
                for r in 0..<k {
                    var s = 0.0
                    for l in c..<k { s += phi[base + r + l * k] * chol[l + c * k] }
                    theta[base + r + c * k] = s
                }
            }
        }
    }

    private func matrices(_ flat: [Double], count: Int) -> [Matrix] {
        let k = seriesCount, kk = k * k
        return (0..<count).map { h in
            // The slice has exactly kk values, so the initializer cannot throw.
            try! Matrix(rows: k, columns: k, columnMajor: Array(flat[(h * kk)..<((h + 1) * kk)]))
        }
    }

    private func maFlat(steps: Int) -> [Double] {
        let k = seriesCount
        var phi = [Double](repeating: 0, count: (steps + 1) * k * k)
        lagCoefficients.withUnsafeBufferPointer { a in
            phi.withUnsafeMutableBufferPointer { out in
                VARModel.maCoefficients(lagCoefficients: a, k: k, lags: lags, steps: steps, into: out)
            }
        }
        return phi
    }

    private func orthFlat(_ phi: [Double], count: Int) -> [Double] {
        var theta = [Double](repeating: 0, count: phi.count)
        phi.withUnsafeBufferPointer { ph in
            choleskySigmaU.withUnsafeBufferPointer { pc in
                theta.withUnsafeMutableBufferPointer { out in
                    VARModel.orthogonalize(ph, p: pc, k: seriesCount, count: count, into: out)
                }
            }
        }
        return theta
    }

    /// The MA(∞) coefficients Φ_0 … Φ_steps (statsmodels `ma_rep(steps)`).
    public func maRepresentation(steps: Int) throws -> [Matrix] {
        try checkSteps(steps, allowZero: true)
        return matrices(maFlat(steps: steps), count: steps + 1)
    }

    /// Orthogonalised MA coefficients Θ_h = Φ_h P, h = 0…steps (statsmodels `orth_ma_rep(steps)`).
    public func orthogonalizedMARepresentation(steps: Int) throws -> [Matrix] {
        try checkSteps(steps, allowZero: true)
        return matrices(orthFlat(maFlat(steps: steps), count: steps + 1), count: steps + 1)
    }

    /// Impulse responses for horizons 0…steps, plain and orthogonalised, with their cumulative and
    /// long-run effects (statsmodels `irf(steps)`).
    public func impulseResponses(steps: Int) throws -> VARImpulseResponses {
        try checkSteps(steps, allowZero: true)
        let phi = maFlat(steps: steps)
        let theta = orthFlat(phi, count: steps + 1)
        let kk = seriesCount * seriesCount
        func cumulate(_ x: [Double]) -> [Double] {
            var out = x
            if steps > 0 { for h in 1...steps { for e in 0..<kk { out[h * kk + e] += out[(h - 1) * kk + e] } } }
            return out
        }
        var longRun: Matrix?
        var orthLongRun: Matrix?
        let k = seriesCount
        var charMatrix = Matrix.identity(k)
        for j in 0..<lags {
            for c in 0..<k { for r in 0..<k { charMatrix[r, c] -= lagCoefficients[j * kk + r + c * k] } }
        }
        if let inv = try? inverse(charMatrix, context: "long-run effects (I − ΣA_j)⁻¹") {
            longRun = inv
            orthLongRun = try VARError.wrap { try multiply(inv, choleskySigmaU) }
        }
        return VARImpulseResponses(
            names: names, steps: steps,
            irfs: matrices(phi, count: steps + 1),
            orthIRFs: matrices(theta, count: steps + 1),
            cumulativeEffects: matrices(cumulate(phi), count: steps + 1),
            orthCumulativeEffects: matrices(cumulate(theta), count: steps + 1),
            longRunEffects: longRun, orthLongRunEffects: orthLongRun)
    }

    /// MSE(h) = Σ_{s<h} Φ_s Σu Φ_s', h = 1…steps: the forecast error covariances
    /// (statsmodels `mse(steps)` / `forecast_cov`).
    public func forecastMSE(steps: Int) throws -> [Matrix] {
        try checkSteps(steps, allowZero: false)
        let k = seriesCount, kk = k * k
        let phi = maFlat(steps: steps - 1)
        var out = [Double](repeating: 0, count: steps * kk)
        var temp = [Double](repeating: 0, count: kk)
        sigmaU.withUnsafeBufferPointer { s in
            for h in 0..<steps {
                let base = h * kk
                // temp = Φ_h Σu
                for c in 0..<k {
                    for r in 0..<k {
                        var acc = 0.0
                        for l in 0..<k { acc += phi[base + r + l * k] * s[l + c * k] }
                        temp[r + c * k] = acc
                    }
                }
                for c in 0..<k {
                    for r in 0..<k {
                        var acc = 0.0
                        for l in 0..<k { acc += temp[r + l * k] * phi[base + c + l * k] }
                        out[base + r + c * k] = (h > 0 ? out[base - kk + r + c * k] : 0) + acc
                    }
                }
            }
        }
        return matrices(out, count: steps)
    }

    /// Forecast error variance decomposition for horizons 1…periods (statsmodels `fevd(periods)`).
    public func fevd(periods: Int) throws -> VARFEVD {
        try checkSteps(periods, allowZero: false)
        let k = seriesCount, kk = k * k
        let theta = orthFlat(maFlat(steps: periods - 1), count: periods)
        let mse = try forecastMSE(steps: periods)
        var decomposition = [Matrix](repeating: Matrix(rows: periods, columns: k), count: k)
        for i in 0..<k {
            var cumulative = [Double](repeating: 0, count: k)
            for h in 0..<periods {
                let denominator = mse[h][i, i]
                for j in 0..<k {
                    let v = theta[h * kk + i + j * k]
                    cumulative[j] += v * v
                    decomposition[i][h, j] = cumulative[j] / denominator
                }
            }
        }
        return VARFEVD(names: names, periods: periods, decomposition: decomposition)
    }

    // MARK: - Forecasts

    /// Point forecasts for steps 1…`steps` after the end of the sample (statsmodels
    /// `forecast(y, steps)`): y_{T+h} = ν + δ·(T + h) + Σ_j A_j y_{T+h−j}, with `presample`
    /// (at least p rows, the last p used; default: the last p rows of the data) as y_{T−p+1…T}.
    /// - Throws: `VARError.invalidArgument` for steps < 1 or a presample with too few rows or the
    ///   wrong number of columns.
    public func forecast(steps: Int, presample: Matrix? = nil) throws -> Matrix {
        try checkSteps(steps, allowZero: false)
        let k = seriesCount, p = lags, kt = trend.termCount
        let y = presample ?? data.rowSlice(max(0, data.rows - p)..<data.rows)
        guard y.columns == k, y.rows >= p else {
            throw VARError.invalidArgument("the forecast presample must be at least \(p) × \(k), got "
                + "\(y.rows) × \(y.columns)")
        }
        return VARModel.recurse(
            params: params, lagCoefficients: lagCoefficients, k: k, lags: p, trendTerms: kt, presample: y,
            lastRow: Double(data.rows), steps: steps)
    }

    /// The forecast recursion y_{T+h} = ν + δ·(T + h) + Σ_j A_j y_{T+h−j}, h = 1…steps, from the
    /// last p rows of `presample`, with T = `lastRow` (the 1-based row of the presample's last row in
    /// the fit's sample, for the trend). `forecast` and saved models (`ModelArtifact`) both call it,
    /// so a saved VAR forecasts the same bits as the fitted one.
    static func recurse(params: Matrix, lagCoefficients: [Double], k: Int, lags p: Int, trendTerms kt: Int,
                        presample y: Matrix, lastRow tTotal: Double, steps: Int) -> Matrix {
        // history[t] for t = 0..<p is y[rows − p + t], then the forecasts.
        var history = [Double](repeating: 0, count: (p + steps) * k)
        for t in 0..<p { for c in 0..<k { history[t * k + c] = y[y.rows - p + t, c] } }
        var out = Matrix(rows: steps, columns: k)
        for h in 1...steps {
            let row = p + h - 1
            for r in 0..<k {
                var f = 0.0
                if kt >= 1 { f += params[0, r] }
                if kt == 2 { f += params[1, r] * (tTotal + Double(h)) }
                for j in 1...max(p, 1) where j <= p {
                    let prior = (row - j) * k
                    let base = (j - 1) * k * k
                    for c in 0..<k { f += lagCoefficients[base + r + c * k] * history[prior + c] }
                }
                history[row * k + r] = f
                out[h - 1, r] = f
            }
        }
        return out
    }

    /// Forecasts with (1 − α) Gaussian MSE intervals (statsmodels `forecast_interval(y, steps, alpha)`).
    public func forecastInterval(steps: Int, alpha: Double = 0.05, presample: Matrix? = nil) throws
        -> VARForecastInterval {
        guard alpha > 0, alpha < 1 else {
            throw VARError.invalidArgument("alpha must be in (0, 1), got \(alpha)")
        }
        let point = try forecast(steps: steps, presample: presample)
        let mse = try forecastMSE(steps: steps)
        let q = SpecialFunctions.normalQuantile(1 - alpha / 2)
        var lower = point, upper = point
        for h in 0..<steps {
            for i in 0..<seriesCount {
                let half = q * mse[h][i, i].squareRoot()
                lower[h, i] = point[h, i] - half
                upper[h, i] = point[h, i] + half
            }
        }
        return VARForecastInterval(point: point, lower: lower, upper: upper, alpha: alpha)
    }

    // MARK: - Stability

    /// The Kp × Kp companion matrix [A_1 … A_p; I 0] of the VAR(1) representation.
    public var companionMatrix: Matrix {
        let k = seriesCount, kp = k * lags
        var c = Matrix(rows: kp, columns: kp)
        for j in 0..<lags {
            for col in 0..<k { for r in 0..<k { c[r, j * k + col] = lagCoefficients[j * k * k + r + col * k] } }
        }
        if kp > k { for i in k..<kp { c[i, i - k] = 1 } }
        return c
    }

    /// Eigenvalues of the companion matrix; the VAR is stable when all moduli are < 1.
    public func companionEigenvalues() throws -> [ComplexValue] {
        if lags == 0 { return [] }
        return try VARError.wrap { try eigenvalues(companionMatrix, context: "companion matrix of a VAR(\(lags))") }
    }

    /// statsmodels' `roots`: the inverses of the companion eigenvalues (the roots of
    /// det(I − A_1 z − … − A_p z^p)), sorted by decreasing modulus. Stability: all moduli > 1.
    public func roots() throws -> [ComplexValue] {
        try companionEigenvalues().map { e in
            let d = e.real * e.real + e.imaginary * e.imaginary
            return ComplexValue(real: e.real / d, imaginary: -e.imaginary / d)
        }.sorted { $0.modulus > $1.modulus }
    }

    /// statsmodels' `is_stable()`: every companion eigenvalue has modulus ≤ 1.
    public func isStable() throws -> Bool {
        try companionEigenvalues().allSatisfy { $0.modulus <= 1 }
    }

    func checkSteps(_ steps: Int, allowZero: Bool) throws {
        guard steps >= (allowZero ? 0 : 1), steps <= 100_000 else {
            throw VARError.invalidArgument("the number of steps must be in \(allowZero ? 0 : 1)…100000, got \(steps)")
        }
    }
}
