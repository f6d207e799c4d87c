import Foundation
import ThesisLinearAlgebra

/// Percentile bands for the responses of observed series to the policy shock.
public struct FAVARResponseBands: Sendable {
    /// The series, in the order asked.
    public let names: [String]
    /// The last horizon.
    public let steps: Int
    /// The shock size in R's units.
    public let shockSize: Double
    /// The scale of every path.
    public let scale: FAVARResponseScale
    /// The options used (orthogonalised, not cumulative, whatever was passed).
    public let options: VARBandOptions
    /// `point[s][h]`: the estimates (`FAVARModel.responses`).
    public let point: [[Double]]
    /// `lower[s][h]`: order statistic round(N·(1 − level)/2) of the N replications (the VAR bands' rule).
    public let lower: [[Double]]
    /// `upper[s][h]`: order statistic round(N·(1 + level)/2).
    public let upper: [[Double]]
}

extension FAVARModel {
    /// Default band options for a FAVAR: BBE's 90% bands, residual bootstrap, 1,000 replications.
    public static var defaultBandOptions: VARBandOptions { VARBandOptions(level: 0.90) }

    /// Percentile bands for the responses of `series` to a policy shock of `shockSize`, on `scale`.
    ///
    /// The replications are those of the factor VAR's `impulseResponseBands` (the same random
    /// streams: residual bootstrap by default, or parametric Monte Carlo / asymptotic draws as
    /// `options.method` says; seeded, and identical for any worker count). In each replication the
    /// responses of [F̂, R] to the policy shock are rescaled by that replication's own Θ_0[R, R]
    /// (so R moves by `shockSize` on impact), mapped to the series with the estimated loadings Λ̂
    /// HELD FIXED, and converted to `scale`; the bands are percentiles over replications, path by
    /// path. The factors are not re-extracted inside the replications (so the bands omit
    /// factor-estimation uncertainty, which Bai 2003 shows vanishes as N grows; Yamamoto's
    /// re-extraction is not implemented), and the factors themselves are treated as data.
    /// `options.orthogonalized` and `options.cumulative` are ignored (orthogonalised, not cumulative).
    /// - Throws: as `responses` and `VARModel.impulseResponseBands`.
    public func responseBands(of series: [String], steps: Int = 48, shockSize: Double = 0.25,
                              scale: FAVARResponseScale = .level,
                              options: VARBandOptions = FAVARModel.defaultBandOptions) throws -> FAVARResponseBands {
        guard shockSize != 0, shockSize.isFinite else {
            throw VARError.invalidArgument("the shock size must be finite and non-zero, got \(shockSize)")
        }
        var options = options
        options.orthogonalized = true
        options.cumulative = false
        let plans = try series.map { try responsePlan($0, scale: scale) }
        let point = try responses(of: series, steps: steps, shockSize: shockSize, scale: scale).responses
        let draws = try varModel.impulseResponseDraws(steps: steps, options: options)
        let k = factorCount + 1, kk = k * k, last = k - 1
        let stride = (steps + 1) * kk
        let r = options.replications
        let signif = 1 - options.level
        let lowIndex = min(max(Int((signif / 2 * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)
        let highIndex = min(max(Int(((1 - signif / 2) * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)

        // paths[s][rep·(steps+1) + h]
        let horizons = steps + 1
        var paths = [[Double]](repeating: [Double](repeating: 0, count: r * horizons), count: series.count)
        var psi = [Double](repeating: 0, count: horizons * k)
        var standardized = [Double](repeating: 0, count: horizons)
        draws.withUnsafeBufferPointer { d in
            for rep in 0..<r {
                let base = rep * stride
                let impact = shockSize / d[base + last + last * k]
                for h in 0...steps {
                    for l in 0..<k { psi[h * k + l] = d[base + h * kk + l + last * k] * impact }
                }
                for (s, plan) in plans.enumerated() {
                    for h in 0...steps {
                        var v = 0.0
                        for l in 0..<k { v += plan.loading[l] * psi[h * k + l] }
                        standardized[h] = v
                    }
                    let finished = plan.finish(standardized)
                    paths[s].withUnsafeMutableBufferPointer { p in
                        for h in 0...steps { p[rep * horizons + h] = finished[h] }
                    }
                }
            }
        }
        var lower = [[Double]](), upper = [[Double]]()
        var column = [Double](repeating: 0, count: r)
        for s in 0..<series.count {
            var lo = [Double](repeating: 0, count: horizons), hi = lo
            column.withUnsafeMutableBufferPointer { col in
                for h in 0...steps {
                    for rep in 0..<r { col[rep] = paths[s][rep * horizons + h] }
                    lo[h] = VARModel.select(col, lowIndex)
                    hi[h] = VARModel.select(col, highIndex)
                }
            }
            lower.append(lo)
            upper.append(hi)
        }
        return FAVARResponseBands(names: series, steps: steps, shockSize: shockSize, scale: scale, options: options,
                                  point: point, lower: lower, upper: upper)
    }
}
