import Dispatch
import Foundation
import ThesisLinearAlgebra

/// How IRF uncertainty bands are simulated.
public enum VARBandMethod: String, Sendable, CaseIterable {
    /// Residual bootstrap (the default; Runkle 1987, Lütkepohl 2005 appendix D.3): draw n rows of
    /// the centred OLS residuals iid with replacement, rebuild the series recursively from the
    /// actual first p observations with the estimated coefficients, refit the VAR(p) and
    /// recompute the responses (with the replication's own Cholesky factor).
    case residualBootstrap
    /// Parametric Monte Carlo, as statsmodels `irf_errband_mc` / `irf_resim`: simulate the fitted
    /// VAR with Gaussian innovations N(0, Σu) for `burn` + T periods starting from the
    /// deterministic term, drop the first `burn`, refit the VAR(p) and recompute the responses.
    /// (With trend "ct" the trend term is included in the simulation; statsmodels keeps only
    /// the constant.)
    case parametricMonteCarlo
    /// Asymptotic-normal draws of the coefficients: vec(B*) ~ N(vec(B̂), Σu ⊗ (Z'Z)⁻¹), i.e.
    /// B* = B̂ + C E P' with CC' = (Z'Z)⁻¹ and E iid N(0, 1); Σu and P are held at their
    /// estimates. No refitting, so it is by far the cheapest.
    case asymptoticNormal
}

/// Options of `VARModel.impulseResponseBands`.
public struct VARBandOptions: Sendable {
    /// Simulation method (default: residual bootstrap).
    public var method: VARBandMethod
    /// Number of replications N.
    public var replications: Int
    /// Coverage of the percentile band, e.g. 0.95 (statsmodels' signif = 1 − level).
    public var level: Double
    /// Seed of the random streams: replication i uses `Xoshiro256StarStar(seed: seed, stream: i)`,
    /// so the bands depend on (seed, N) only, never on the number of workers.
    public var seed: UInt64
    /// Worker threads (nil: the number of active processors). Replications are split into
    /// contiguous chunks, one per worker.
    public var workers: Int?
    /// Bands for orthogonalised responses Θ_h (default) or for Φ_h.
    public var orthogonalized: Bool
    /// Bands for cumulative responses.
    public var cumulative: Bool
    /// Burn-in periods of `.parametricMonteCarlo` (statsmodels' default 100).
    public var burn: Int

    /// Options with the defaults: residual bootstrap, 1,000 replications, 95% bands, a fixed seed,
    /// all cores, orthogonalised, not cumulative, burn-in 100.
    public init(method: VARBandMethod = .residualBootstrap, replications: Int = 1000, level: Double = 0.95,
                seed: UInt64 = 20_240_601, workers: Int? = nil, orthogonalized: Bool = true,
                cumulative: Bool = false, burn: Int = 100) {
        self.method = method
        self.replications = replications
        self.level = level
        self.seed = seed
        self.workers = workers
        self.orthogonalized = orthogonalized
        self.cumulative = cumulative
        self.burn = burn
    }
}

/// Percentile bands for impulse responses over horizons 0…steps. `[h][i, j]` is the response of
/// variable i at horizon h to shock j, as in `VARImpulseResponses`.
public struct VARImpulseResponseBands: Sendable {
    /// Series names.
    public let names: [String]
    /// The last horizon (every array has steps + 1 matrices).
    public let steps: Int
    /// The options used.
    public let options: VARBandOptions
    /// The point estimates (the fitted model's responses of the banded kind).
    public let point: [Matrix]
    /// Lower band: order statistic round(N·(1 − level)/2) of the N replications (1-based, ties
    /// to even), statsmodels' `irf_errband_mc` rule.
    public let lower: [Matrix]
    /// Upper band: order statistic round(N·(1 + level)/2).
    public let upper: [Matrix]
}

extension VARModel {
    /// Percentile bands for the impulse responses over horizons 0…steps (see `VARBandMethod`).
    ///
    /// Replication i draws from its own stream `Xoshiro256StarStar(seed:stream: i)` and writes
    /// its own slot, so the bands are bit-for-bit identical for any worker count. Replications
    /// refit by the normal equations (Cholesky of Z'Z, `dposv`) with Z'Z assembled from lagged
    /// cross-products (`VARReplicationKernel.swift`) rather than by QR of Z: a fraction of the
    /// flops, and the refitted designs are as well conditioned as the original one. Callers should pin
    /// OpenBLAS to one thread (`BLASThreads.set(1)`, as the tool does): the workers already use
    /// the cores.
    /// - Throws: `VARError.invalidArgument` (steps, replications < 2, level outside (0, 1), p = 0
    ///   for the bootstrap), or the error of a replication whose refit failed (e.g. a singular
    ///   simulated design), naming the replication.
    public func impulseResponseBands(steps: Int, options: VARBandOptions = VARBandOptions()) throws
        -> VARImpulseResponseBands {
        let draws = try impulseResponseDraws(steps: steps, options: options)
        let k = seriesCount, kk = k * k
        let stride = (steps + 1) * kk
        let r = options.replications
        let signif = 1 - options.level
        let lowIndex = min(max(Int((signif / 2 * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)
        let highIndex = min(max(Int(((1 - signif / 2) * Double(r)).rounded(.toNearestOrEven)) - 1, 0), r - 1)
        var lowerFlat = [Double](repeating: 0, count: stride)
        var upperFlat = [Double](repeating: 0, count: stride)
        var column = [Double](repeating: 0, count: r)
        draws.withUnsafeBufferPointer { d in
            column.withUnsafeMutableBufferPointer { col in
                for position in 0..<stride {
                    for rep in 0..<r { col[rep] = d[rep * stride + position] }
                    lowerFlat[position] = VARModel.select(col, lowIndex)
                    upperFlat[position] = VARModel.select(col, highIndex)
                }
            }
        }
        let responses = try impulseResponses(steps: steps)
        let point: [Matrix]
        switch (options.orthogonalized, options.cumulative) {
        case (true, false): point = responses.orthIRFs
        case (true, true): point = responses.orthCumulativeEffects
        case (false, false): point = responses.irfs
        case (false, true): point = responses.cumulativeEffects
        }
        func split(_ flat: [Double]) -> [Matrix] {
            (0...steps).map { h in try! Matrix(rows: k, columns: k, columnMajor: Array(flat[(h * kk)..<((h + 1) * kk)])) }
        }
        return VARImpulseResponseBands(names: names, steps: steps, options: options, point: point,
                                       lower: split(lowerFlat), upper: split(upperFlat))
    }

    /// The `index`-th smallest value (0-based) of `values`, reordering them (Hoare's quickselect
    /// with median-of-three pivots; expected O(N)). Equal to `values.sorted()[index]`.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, _ index: Int) -> Double {
        var lo = 0, hi = values.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            // Median of three as pivot.
            if values[mid] < values[lo] { values.swapAt(mid, lo) }
            if values[hi] < values[lo] { values.swapAt(hi, lo) }
            if values[hi] < values[mid] { values.swapAt(hi, mid) }
            let pivot = values[mid]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if index <= j { hi = j } else if index >= i { lo = i } else { return values[index] }
        }
        return values[index]
    }

    /// The N simulated response paths, flattened: replication r, horizon h, entry (i, j) at
    /// r·(steps+1)·K² + h·K² + i + j·K. Exposed to the tests (determinism across workers).
    func impulseResponseDraws(steps: Int, options: VARBandOptions) throws -> [Double] {
        try checkSteps(steps, allowZero: true)
        guard options.replications >= 2, options.replications <= 10_000_000 else {
            throw VARError.invalidArgument("the number of replications must be ≥ 2, got \(options.replications)")
        }
        guard options.level > 0, options.level < 1 else {
            throw VARError.invalidArgument("the band level must be in (0, 1), got \(options.level)")
        }
        guard options.burn >= 0 else { throw VARError.invalidArgument("burn must be ≥ 0, got \(options.burn)") }
        if options.method != .asymptoticNormal && lags == 0 {
            throw VARError.invalidArgument("a VAR(0) has no dynamics to bootstrap")
        }
        let k = seriesCount, kk = k * k, p = lags, kt = trend.termCount, t = rowCount
        let stride = (steps + 1) * kk
        let total = options.replications
        guard total * stride <= 1 << 27 else {
            throw VARError.invalidArgument("\(total) replications of \(steps + 1) horizons × \(kk) responses need "
                + "\(total * stride * 8 / 1_000_000) MB; reduce the replications or the steps (limit 1 GB)")
        }
        let workers = max(1, min(options.workers ?? ProcessInfo.processInfo.activeProcessorCount, total))

        // Shared read-only inputs.
        let centered: [Double] = {
            // Residuals row-major (n × K), centred per series.
            let n = observationCount
            var out = [Double](repeating: 0, count: n * k)
            for c in 0..<k {
                var mean = 0.0
                for i in 0..<n { mean += residuals[i, c] }
                mean /= Double(n)
                for i in 0..<n { out[i * k + c] = residuals[i, c] - mean }
            }
            return out
        }()
        let dataFlat = data.elements
        let cholFlat = choleskySigmaU.elements
        let inverseGramChol: [Double] = options.method == .asymptoticNormal
            ? try VARError.wrap { try cholesky(inverseGram, context: "factoring (Z'Z)⁻¹ for coefficient draws").elements }
            : []
        let constant: [Double] = (0..<k).map { kt >= 1 ? params[0, $0] : 0 }
        let trendSlope: [Double] = (0..<k).map { kt == 2 ? params[1, $0] : 0 }
        let paramsFlat = params.elements
        let paddedLag = VARModel.paddedLagCoefficients(lagCoefficients, k: k, p: p)
        let seriesRows = options.method == .parametricMonteCarlo ? t + options.burn : t

        let output = UnsafeMutablePointer<Double>.allocate(capacity: total * stride)
        defer { output.deallocate() }
        let shared = ReplicationOutputBuffer(base: output)
        let failures = ReplicationFailureLog()
        let chunk = (total + workers - 1) / workers
        let method = options.method, seed = options.seed, burn = options.burn
        let orthogonalized = options.orthogonalized, cumulative = options.cumulative
        let dfResid = self.dfResid

        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk, end = min(total, start + chunk)
            if start >= end { return }
            var ws = ReplicationWorkspace(t: t, k: k, p: p, kt: kt, steps: steps, seriesRows: seriesRows)
            for rep in start..<end {
                var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(rep))
                do {
                    switch method {
                    case .residualBootstrap:
                        dataFlat.withUnsafeBufferPointer { d in
                            centered.withUnsafeBufferPointer { u in
                                paddedLag.withUnsafeBufferPointer { a in
                                    constant.withUnsafeBufferPointer { c in
                                        trendSlope.withUnsafeBufferPointer { sl in
                                            VARModel.simulateBootstrap(&ws, data: d.baseAddress!, centered: u.baseAddress!,
                                                                       lag: a.baseAddress!, constant: c.baseAddress!,
                                                                       slope: sl.baseAddress!, rng: &rng)
                                        }
                                    }
                                }
                            }
                        }
                        try VARModel.refitByCrossProducts(&ws, base: 0, dfResid: dfResid)
                    case .parametricMonteCarlo:
                        cholFlat.withUnsafeBufferPointer { ch in
                            paddedLag.withUnsafeBufferPointer { a in
                                constant.withUnsafeBufferPointer { c in
                                    trendSlope.withUnsafeBufferPointer { sl in
                                        VARModel.simulateGaussian(&ws, chol: ch.baseAddress!, lag: a.baseAddress!,
                                                                  constant: c.baseAddress!, slope: sl.baseAddress!,
                                                                  burn: burn, rng: &rng)
                                    }
                                }
                            }
                        }
                        try VARModel.refitByCrossProducts(&ws, base: burn, dfResid: dfResid)
                    case .asymptoticNormal:
                        let m = ws.m
                        for i in 0..<(m * k) { ws.draw[i] = rng.nextNormal() }
                        // B* = B̂ + C (E P'), C lower m × m, P lower k × k; only the lag rows are kept.
                        for e in 0..<k {
                            for row in 0..<m {
                                var acc = 0.0
                                for c in 0...e { acc += ws.draw[row + c * m] * cholFlat[e + c * k] }
                                ws.scratch[row + e * m] = acc
                            }
                        }
                        for j in 0..<p {
                            for c in 0..<k {
                                let row = kt + j * k + c
                                for e in 0..<k {
                                    var acc = paramsFlat[row + e * m]
                                    for l in 0...row { acc += inverseGramChol[row + l * m] * ws.scratch[l + e * m] }
                                    ws.lagCoefficients[j * kk + e + c * k] = acc
                                }
                            }
                        }
                        for i in 0..<kk { ws.chol[i] = cholFlat[i] }
                    }
                    VARModel.replicationResponses(&ws, orthogonalized: orthogonalized, cumulative: cumulative,
                                                  into: shared.base + rep * stride)
                } catch {
                    failures.record(rep, error)
                    return
                }
            }
        }
        if let (rep, error) = failures.first {
            if let varError = error as? VARError {
                throw VARError.invalidArgument("replication \(rep) of \(total) failed: \(varError.description)")
            }
            throw VARError.linearAlgebra("replication \(rep) of \(total): \(error)")
        }
        return Array(UnsafeBufferPointer(start: output, count: total * stride))
    }
}
