import Foundation
import ThesisLinearAlgebra

/// The scale a FAVAR response of an observed series is shown on. With ψ_h the responses of
/// [F̂, R] to the policy shock and Λ̂_i series i's loadings on [F̂, R]:
///
/// | scale | value at horizon h |
/// |---|---|
/// | `.standardized` | Λ̂_i'ψ_h (standard deviations of the transformed series) |
/// | `.transformed` | sd_i · Λ̂_i'ψ_h (units of the transformed series, e.g. Δ ln x) |
/// | `.growth` | the transformed response cumulated to a growth rate |
/// | `.level` | the transformed response cumulated to the level |
///
/// Cumulation by FRED-MD code (the response is zero before the shock):
///
/// | code | `.growth` | `.level` |
/// |---|---|---|
/// | 1 x, 4 ln x | Δr (r₋₁ = 0) | r |
/// | 2 Δx, 5 Δln x | r | Σr (one cumulation) |
/// | 3 Δ²x, 6 Δ²ln x, 7 Δ(x_t/x_{t−1} − 1) | Σr | ΣΣr (two cumulations) |
///
/// For the log codes 4-6 and for code 7 the growth and level scales are multiplied by 100: percent
/// (100 × log points; for code 7, 100 × the proportional change, to first order). Codes 1-3 stay in
/// the series' own units. Note for prices and money (code 6, Δ² ln x): `.level` is the response of
/// the price LEVEL in percent (a double cumulation, as BBE plot CPI), `.growth` the response of
/// monthly inflation in percent (a single cumulation); the transformed scale is the change in
/// inflation. The policy rate itself is shown in its own units on every scale except `.growth`
/// (its first difference).
public enum FAVARResponseScale: String, CaseIterable, Sendable {
    /// Λ̂_i'ψ_h, in standard deviations of the transformed series.
    case standardized
    /// × sd_i: the transformed series' units.
    case transformed
    /// Growth rate (inflation for a code-6 price index), percent for log codes.
    case growth
    /// Level (the price level for a code-6 price index), percent for log codes.
    case level

    /// Converts a response of the transformed series (`r[h]`, h = 0…) with FRED-MD `code` to this
    /// scale (`.standardized` and `.transformed` return it unchanged; see the type's table).
    public static func convert(_ r: [Double], code: Int, to scale: FAVARResponseScale) -> [Double] {
        let percent: Double = (4...7).contains(code) ? 100 : 1
        let order: Int
        switch code {
        case 2, 5: order = 1
        case 3, 6, 7: order = 2
        default: order = 0
        }
        func cumulate(_ x: [Double]) -> [Double] {
            var sum = 0.0
            return x.map { sum += $0; return sum }
        }
        switch scale {
        case .standardized, .transformed:
            return r
        case .level:
            var out = r
            for _ in 0..<order { out = cumulate(out) }
            return out.map { $0 * percent }
        case .growth:
            if order == 0 {
                var previous = 0.0
                return r.map { let d = ($0 - previous) * percent; previous = $0; return d }
            }
            var out = r
            for _ in 0..<(order - 1) { out = cumulate(out) }
            return out.map { $0 * percent }
        }
    }
}

/// Responses of observed series to the policy shock, `responses[s][h]` for series `names[s]` and
/// horizon h = 0…steps.
public struct FAVARPolicyResponses: Sendable {
    /// The series, in the order asked.
    public let names: [String]
    /// The last horizon (each path has steps + 1 values).
    public let steps: Int
    /// The shock size in the units of the policy rate (0.25 = 25 bp when R is in percent).
    public let shockSize: Double
    /// The scale of the responses.
    public let scale: FAVARResponseScale
    /// `responses[s][h]`.
    public let responses: [[Double]]

    /// The path of series `name`.
    /// - Throws: `VARError.unknownVariable`.
    public func path(_ name: String) throws -> [Double] {
        guard let i = names.firstIndex(of: name) else { throw VARError.unknownVariable(name, available: names) }
        return responses[i]
    }
}

/// BBE's Table I for the observed series: the share of the forecast-error variance of each
/// series' common component Λ̂_i'[F̂; R] due to each orthogonal shock at a horizon, and the R² of
/// the common component.
public struct FAVARVarianceDecomposition: Sendable {
    /// The series.
    public let names: [String]
    /// The horizon h: shares are of the h-step forecast error, Σ_{s<h} (Λ̂_i'Θ_s)_j² / Σ_j Σ_{s<h} (Λ̂_i'Θ_s)_j².
    public let horizon: Int
    /// N × (K + 1): row s, column j is series s's share due to orthogonal shock j (F1…FK, then the policy shock).
    public let shares: Matrix
    /// The share due to the policy shock (the last column of `shares`; BBE Table I's "variance decomposition").
    public let policyShare: [Double]
    /// R² of each series on [1, F̂, R] (BBE Table I's R²).
    public let rSquared: [Double]
}

extension FAVARModel {
    /// ψ_h, the responses of [F̂_1 … F̂_K, R] to the policy shock over h = 0…steps, as a
    /// (steps + 1) × (K + 1) matrix: Θ_h[:, K] · shockSize / Θ_0[K, K] with Θ_h = Φ_h P the
    /// orthogonalised responses (P = chol(Σu), R last), so R's impact response is `shockSize`.
    /// - Throws: `VARError.invalidArgument` for steps outside 0…100000 or a shock of 0.
    public func systemResponses(steps: Int = 48, shockSize: Double = 0.25) throws -> Matrix {
        guard shockSize != 0, shockSize.isFinite else {
            throw VARError.invalidArgument("the shock size must be finite and non-zero, got \(shockSize)")
        }
        let theta = try varModel.orthogonalizedMARepresentation(steps: steps)
        let k = factorCount + 1, last = factorCount
        let scale = shockSize / theta[0][last, last]
        var out = Matrix(rows: steps + 1, columns: k)
        for h in 0...steps { for i in 0..<k { out[h, i] = theta[h][i, last] * scale } }
        return out
    }

    /// Responses of observed series (or of the policy rate, by its name) to a policy shock of
    /// `shockSize` in R's units (default 0.25: 25 bp when R is in percent), h = 0…steps, on `scale`
    /// (see `FAVARResponseScale`). The responses on the standardized scale are Λ̂_i'ψ_h.
    /// - Throws: `VARError.unknownVariable`, `.invalidArgument` (steps, shock; `.growth`/`.level`
    ///   without transformation codes).
    public func responses(of series: [String], steps: Int = 48, shockSize: Double = 0.25,
                          scale: FAVARResponseScale = .level) throws -> FAVARPolicyResponses {
        let psi = try systemResponses(steps: steps, shockSize: shockSize)
        let plans = try series.map { try responsePlan($0, scale: scale) }
        let k = factorCount + 1
        let paths: [[Double]] = plans.map { plan in
            let standardized = (0...steps).map { h in
                var v = 0.0
                for l in 0..<k { v += plan.loading[l] * psi[h, l] }
                return v
            }
            return plan.finish(standardized)
        }
        return FAVARPolicyResponses(names: series, steps: steps, shockSize: shockSize, scale: scale, responses: paths)
    }

    /// BBE's variance decomposition of the common components at `horizon` (default 60 months, as
    /// their Table I) for `series` (default: every panel series).
    /// - Throws: `VARError.unknownVariable`, `.invalidArgument` (horizon < 1).
    public func commonComponentFEVD(horizon: Int = 60, series: [String]? = nil) throws -> FAVARVarianceDecomposition {
        guard horizon >= 1, horizon <= 100_000 else {
            throw VARError.invalidArgument("the FEVD horizon must be in 1…100000, got \(horizon)")
        }
        let selected = series ?? names
        let indices = try selected.map { try index(of: $0) }
        let theta = try varModel.orthogonalizedMARepresentation(steps: horizon - 1)
        let k = factorCount + 1
        var shares = Matrix(rows: selected.count, columns: k)
        for (row, i) in indices.enumerated() {
            let lambda = loadingVector(i)
            var contribution = [Double](repeating: 0, count: k)
            for h in 0..<horizon {
                for j in 0..<k {
                    var v = 0.0
                    for l in 0..<k { v += lambda[l] * theta[h][l, j] }
                    contribution[j] += v * v
                }
            }
            let total = contribution.reduce(0, +)
            for j in 0..<k { shares[row, j] = contribution[j] / total }
        }
        return FAVARVarianceDecomposition(names: selected, horizon: horizon, shares: shares,
                                          policyShare: (0..<selected.count).map { shares[$0, k - 1] },
                                          rSquared: indices.map { rSquared[$0] })
    }

    // MARK: - Internals shared with the bands

    /// How one series' standardized response path becomes the requested scale.
    struct ResponsePlan {
        /// The panel index of the series; nil for the policy rate.
        let index: Int?
        /// Λ̂_i on [F̂, R] (for the policy rate: the unit vector of R).
        let loading: [Double]
        let sd: Double
        let code: Int
        let scale: FAVARResponseScale

        func finish(_ standardized: [Double]) -> [Double] {
            if scale == .standardized { return standardized }
            let transformed = sd == 1 ? standardized : standardized.map { $0 * sd }
            return FAVARResponseScale.convert(transformed, code: code, to: scale)
        }
    }

    func responsePlan(_ name: String, scale: FAVARResponseScale) throws -> ResponsePlan {
        let k = factorCount + 1
        if name == policyName {
            var unit = [Double](repeating: 0, count: k)
            unit[k - 1] = 1
            return ResponsePlan(index: nil, loading: unit, sd: 1, code: 1, scale: scale)
        }
        let i = try index(of: name)
        let code: Int
        if scale == .growth || scale == .level {
            guard let codes = transformationCodes else {
                throw VARError.invalidArgument("the \(scale.rawValue) scale needs the series' transformation codes "
                                               + "(transformationCodes); use .standardized or .transformed")
            }
            code = codes[i]
        } else {
            code = transformationCodes?[i] ?? 1
        }
        return ResponsePlan(index: i, loading: loadingVector(i), sd: standardDeviations[i], code: code, scale: scale)
    }
}
