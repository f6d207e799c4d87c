import Dispatch
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
    /// path. By default the factors are not re-extracted inside the replications: the factors are
    /// treated as data and the bands omit factor-estimation uncertainty (which vanishes as N grows,
    /// Bai 2003).
    ///
    /// With `reextractFactors` (residual bootstrap only; after Yamamoto 2019, "Bootstrap inference
    /// for impulse response functions in factor-augmented vector autoregressions", J. Applied
    /// Econometrics) each replication instead rebuilds the whole panel and re-estimates the FAVAR:
    /// [F̂*, R*] from the VAR with iid resampled centred VAR residuals (the first p rows actual),
    /// the standardized panel X* = [1, F̂*, R*]Λ̂ + e* with e* whole periods (rows) of the
    /// idiosyncratic residuals Z − [1, F̂, R]Λ̂ drawn iid with replacement (keeping their
    /// cross-sectional correlation), then standardization, principal components (and the same
    /// rotation), VAR(p) and loadings re-estimated on X*; the response of series i is
    /// s*_i·Λ̂*_i'ψ*_h on the original standardized scale. About 25 times the cost of the default.
    ///
    /// `options.orthogonalized` and `options.cumulative` are ignored (orthogonalised, not cumulative).
    /// - Throws: as `responses` and `VARModel.impulseResponseBands`; `.invalidArgument` for
    ///   `reextractFactors` with another method than the residual bootstrap.
    public func responseBands(of series: [String], steps: Int = 48, shockSize: Double = 0.25,
                              scale: FAVARResponseScale = .level,
                              options: VARBandOptions = FAVARModel.defaultBandOptions,
                              reextractFactors: Bool = false) throws -> FAVARResponseBands {
        guard shockSize != 0, shockSize.isFinite else {
            throw VARError.invalidArgument("the shock size must be finite and non-zero, got \(shockSize)")
        }
        var options = options
        options.orthogonalized = true
        options.cumulative = false
        let plans = try series.map { try responsePlan($0, scale: scale) }
        let point = try responses(of: series, steps: steps, shockSize: shockSize, scale: scale).responses
        if reextractFactors {
            guard options.method == .residualBootstrap else {
                throw VARError.invalidArgument("factor re-extraction is implemented for the residual bootstrap only, "
                                               + "not \(options.method.rawValue)")
            }
            let paths = try reextractionPaths(plans: plans, steps: steps, shockSize: shockSize, options: options)
            let (lower, upper) = FAVARModel.percentiles(paths, series: series.count, steps: steps, options: options)
            return FAVARResponseBands(names: series, steps: steps, shockSize: shockSize, scale: scale,
                                      options: options, point: point, lower: lower, upper: upper)
        }
        let draws = try varModel.impulseResponseDraws(steps: steps, options: options)
        let k = factorCount + 1, kk = k * k, last = k - 1
        let stride = (steps + 1) * kk
        let r = options.replications

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
        let (lower, upper) = FAVARModel.percentiles(paths, series: series.count, steps: steps, options: options)
        return FAVARResponseBands(names: series, steps: steps, shockSize: shockSize, scale: scale, options: options,
                                  point: point, lower: lower, upper: upper)
    }

    /// Percentile bands of `paths[s][rep·(steps+1) + h]` with the VAR bands' order-statistic rule.
    static func percentiles(_ paths: [[Double]], series: Int, steps: Int, options: VARBandOptions)
        -> (lower: [[Double]], upper: [[Double]]) {
        let r = options.replications, horizons = steps + 1
        let signif = 1 - options.level
        let lowIndex = min(max(Int((signif / 2 * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)
        let highIndex = min(max(Int(((1 - signif / 2) * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)
        var lower = [[Double]](), upper = [[Double]]()
        var column = [Double](repeating: 0, count: r)
        for s in 0..<series {
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
        return (lower, upper)
    }

    /// The replications of the re-extraction bootstrap: `paths[s][rep·(steps+1) + h]`.
    func reextractionPaths(plans: [ResponsePlan], steps: Int, shockSize: Double, options: VARBandOptions) throws
        -> [[Double]] {
        guard options.replications >= 2, options.replications <= 1_000_000 else {
            throw VARError.invalidArgument("the number of replications must be in 2…1000000, got \(options.replications)")
        }
        guard options.level > 0, options.level < 1 else {
            throw VARError.invalidArgument("the band level must be in (0, 1), got \(options.level)")
        }
        let t = periodCount, n = names.count, k = factorCount + 1, p = varModel.lags
        let horizons = steps + 1, total = options.replications
        guard p >= 1 else { throw VARError.invalidArgument("a VAR(0) has no dynamics to bootstrap") }
        let system = varModel.data
        // A_j[e, c] at (j−1)·K² + e + c·K.
        let lagFlat = varModel.lagCoefficients
        // Deterministic terms of period s (row-major T × K).
        var deterministic = [Double](repeating: 0, count: t * k)
        for s in 0..<t {
            for e in 0..<k {
                switch varModel.trend {
                case .none: deterministic[s * k + e] = 0
                case .constant: deterministic[s * k + e] = varModel.params[0, e]
                case .constantAndTrend:
                    deterministic[s * k + e] = varModel.params[0, e] + varModel.params[1, e] * Double(s + 1)
                }
            }
        }
        // Centred VAR residuals, row-major (n × K).
        let u = varModel.residuals
        let nu = u.rows
        var centered = [Double](repeating: 0, count: nu * k)
        for c in 0..<k {
            let mean = (0..<nu).reduce(0.0) { $0 + u[$1, c] } / Double(nu)
            for row in 0..<nu { centered[row * k + c] = u[row, c] - mean }
        }
        // Idiosyncratic residuals e = Z − [1, Y]Λ̂ (T × N, column-major); loadings (K + 2) × N flat.
        let design = try! Matrix(horizontallyStacking: [Matrix(rows: t, columns: 1, repeating: 1), system])
        let common = try VARError.wrap { try multiply(design, loadings) }
        let idiosyncraticFlat = try VARError.wrap { try standardizedPanel - common }.elements
        let loadingFlat = loadings.elements

        let workers = max(1, min(options.workers ?? ProcessInfo.processInfo.activeProcessorCount, total))
        let chunk = (total + workers - 1) / workers
        let series = plans.count
        let output = UnsafeMutablePointer<Double>.allocate(capacity: total * series * horizons)
        defer { output.deallocate() }
        let shared = ReplicationOutputBuffer(base: output)
        let failures = ReplicationFailureLog()
        let seed = options.seed
        let slow = rotation?.slowSeries
        let policyName = self.policyName, factorCount = self.factorCount, trend = varModel.trend
        let names = self.names

        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk, end = min(total, start + chunk)
            if start >= end { return }
            // Flat column-major buffers: y (T × K), the panel X* (T × N), the drawn periods.
            var y = system.elements
            var rows = [Int](repeating: 0, count: t)
            for rep in start..<end {
                var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(rep))
                y.withUnsafeMutableBufferPointer { yp in
                    for s in p..<t {
                        let draw = rng.nextInt(below: nu)
                        for e in 0..<k {
                            var v = deterministic[s * k + e] + centered[draw * k + e]
                            for j in 0..<p {
                                let a = j * k * k, back = s - j - 1
                                for c in 0..<k { v += lagFlat[a + e + c * k] * yp[back + c * t] }
                            }
                            yp[s + e * t] = v
                        }
                    }
                }
                for s in 0..<t { rows[s] = rng.nextInt(below: t) }
                var xFlat = [Double](repeating: 0, count: t * n)
                xFlat.withUnsafeMutableBufferPointer { xp in
                    y.withUnsafeBufferPointer { yp in
                        idiosyncraticFlat.withUnsafeBufferPointer { ep in
                            for i in 0..<n {
                                let col = i * t, lb = i * (k + 1)
                                let constant = loadingFlat[lb]
                                for s in 0..<t { xp[col + s] = constant + ep[col + rows[s]] }
                                for l in 0..<k {
                                    let weight = loadingFlat[lb + l + 1], yc = l * t
                                    for s in 0..<t { xp[col + s] += weight * yp[yc + s] }
                                }
                            }
                        }
                    }
                }
                let x = try! Matrix(rows: t, columns: n, columnMajor: xFlat)
                let rate = Array(y[((k - 1) * t)..<(k * t)])
                do {
                    let refit = try FAVARModel(panel: x, names: names, policyRate: rate, policyName: policyName,
                                               factors: factorCount, lags: p, trend: trend, slowSeries: slow)
                    let psi = try refit.systemResponses(steps: steps, shockSize: shockSize)
                    for (s, plan) in plans.enumerated() {
                        let standardized: [Double]
                        if let i = plan.index {
                            let lambda = refit.loadingVector(i)
                            let scale = refit.standardDeviations[i]
                            standardized = (0...steps).map { h in
                                var v = 0.0
                                for l in 0..<k { v += lambda[l] * psi[h, l] }
                                return v * scale
                            }
                        } else {
                            standardized = (0...steps).map { psi[$0, k - 1] }
                        }
                        let finished = plan.finish(standardized)
                        let base = shared.base + (rep * series + s) * horizons
                        for h in 0...steps { base[h] = finished[h] }
                    }
                } catch {
                    failures.record(rep, error)
                    return
                }
            }
        }
        if let (rep, error) = failures.first {
            throw VARError.invalidArgument("re-extraction replication \(rep) of \(total) failed: \(error)")
        }
        return (0..<series).map { s in
            var path = [Double](repeating: 0, count: total * horizons)
            for rep in 0..<total {
                for h in 0..<horizons { path[rep * horizons + h] = output[(rep * series + s) * horizons + h] }
            }
            return path
        }
    }
}
