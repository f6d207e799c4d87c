import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// The VAR benchmark behind `thesis bench var`, mirrored by `Benchmarks/var/bench_statsmodels.py`
/// (same data, same model, same steps):
///
/// 1. `fit_irf_fevd`: fit a VAR(12) with a constant to K = 4 series of T = 720 rows, then
///    orthogonalised IRFs (48 steps) and FEVD (48 periods).
/// 2. `bands_<method>`: 1,000-replication percentile bands of the orthogonalised IRFs (48 steps)
///    of the same model, for the residual bootstrap (default method), the parametric Monte Carlo
///    of statsmodels' `irf_errband_mc`, and asymptotic-normal coefficient draws.
///
/// The data are a simulated stable VAR(1) (see `data()`): SplitMix64 uniforms turned into normals
/// by Box-Muller with glibc's log/cos, so Python's `math` module produces the same doubles.
public enum VARBenchmark {
    /// Series count K of the benchmark system.
    public static let seriesCount = 4
    /// Rows T.
    public static let rows = 720
    /// Lag order p.
    public static let lags = 12
    /// IRF / FEVD horizon.
    public static let steps = 48

    /// The T × K benchmark data: y_t = c + A y_{t−1} + e_t from y = 0, 100 burn-in periods
    /// dropped, e_t iid N(0, I) from SplitMix64(seed 42): u1 = ((x >> 11) + 1)·2⁻⁵³,
    /// u2 = (x' >> 11)·2⁻⁵³, e = sqrt(−2 ln u1)·cos(2π u2), one normal per pair of draws.
    public static func data() -> Matrix {
        let k = seriesCount, burn = 100
        let a: [[Double]] = [[0.5, 0.1, 0.0, 0.0],
                             [0.1, 0.4, 0.1, 0.0],
                             [0.0, 0.1, 0.3, 0.1],
                             [0.05, 0.0, 0.1, 0.2]]
        let c: [Double] = [0.1, 0.2, -0.1, 0.05]
        var rng = ThesisModels.SplitMix64(state: 42)
        func normal() -> Double {
            let u1 = Double((rng.next() >> 11) + 1) * 0x1.0p-53
            let u2 = Double(rng.next() >> 11) * 0x1.0p-53
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        var previous = [Double](repeating: 0, count: k)
        var out = Matrix(rows: rows, columns: k)
        for t in 0..<(burn + rows) {
            var e = [Double](repeating: 0, count: k)
            for i in 0..<k { e[i] = normal() }
            var next = [Double](repeating: 0, count: k)
            for r in 0..<k {
                var v = c[r]
                for j in 0..<k { v += a[r][j] * previous[j] }
                v += e[r]
                next[r] = v
            }
            previous = next
            if t >= burn { for r in 0..<k { out[t - burn, r] = next[r] } }
        }
        return out
    }

    /// Runs the benchmark and returns median wall-clock seconds per task:
    /// `fit_irf_fevd` (median of `repetitions` runs), `bands_bootstrap`, `bands_mc`, `bands_asymptotic`
    /// (median of `bandRepetitions` runs each, `replications` replications on `workers` threads,
    /// nil = all cores), and `data_checksum` (the sum of the data, to check both sides used the
    /// same numbers; not a time). Pins OpenBLAS to one thread for the run and restores it.
    public static func run(repetitions: Int = 21, replications: Int = 1000, bandRepetitions: Int = 3,
                           workers: Int? = nil) throws -> [String: Double] {
        let previousThreads = BLASThreads.current
        BLASThreads.set(1)
        defer { BLASThreads.set(previousThreads) }
        let y = data()
        let names = (1...seriesCount).map { "y\($0)" }
        var results: [String: Double] = ["data_checksum": y.elements.reduce(0, +)]

        var sink = 0.0
        var times: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            let model = try VARModel(data: y, names: names, lags: lags)
            let irf = try model.impulseResponses(steps: steps)
            let fevd = try model.fevd(periods: steps)
            sink += irf.orthIRFs[steps][0, 0] + fevd.decomposition[0][steps - 1, 0]
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        results["fit_irf_fevd"] = median(times)

        let model = try VARModel(data: y, names: names, lags: lags)
        for (key, method) in [("bands_bootstrap", VARBandMethod.residualBootstrap),
                              ("bands_mc", .parametricMonteCarlo), ("bands_asymptotic", .asymptoticNormal)] {
            var bandTimes: [Double] = []
            for _ in 0..<max(1, bandRepetitions) {
                let start = DispatchTime.now().uptimeNanoseconds
                let bands = try model.impulseResponseBands(
                    steps: steps, options: VARBandOptions(method: method, replications: replications, workers: workers))
                sink += bands.lower[1][0, 0]
                bandTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            results[key] = median(bandTimes)
        }
        if sink.isNaN { results["nan"] = 1 }  // keeps the work observable
        return results
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        if s.isEmpty { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
