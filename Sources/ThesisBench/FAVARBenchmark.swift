import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// The FAVAR benchmark, mirrored by `Benchmarks/favar/bench_statsmodels.py` (same model, same
/// steps; `Benchmarks/favar/run.sh` runs both in one go). The caller passes the prepared FRED-MD
/// panel (ThesisModels reads no files): 2023-06, 1960-01..2019-12, McCracken-Ng preparation with
/// FEDFUNDS left out, FEDFUNDS in levels.
///
/// Tasks (median wall-clock seconds):
/// 1. `fit`: `FAVARModel` with BBE's baseline, K = 3, 13 lags, no rotation (standardize,
///    principal components, VAR(13) on [F, R], loadings of every series);
/// 2. `responses`: level responses of the 20 series of `series` to a 25 bp shock, 48 months;
/// 3. `fit_responses`: 1 and 2 together;
/// 4. `bands_bootstrap` / `bands_mc`: 90% bands of those responses from `replications`
///    residual-bootstrap / parametric Monte Carlo replications (loadings fixed);
/// 5. `bands_bootstrap_reextract`: the same bootstrap with the panel rebuilt and the factors,
///    VAR and loadings re-estimated in every replication (Swift only; once, not `bandRepetitions`
///    times). `check_indpro_width_24` / `check_indpro_width_24_reextract`: the widths of INDPRO's
///    level band at 24 months.
public enum FAVARBenchmark {
    /// BBE's Figure II variables in FRED-MD mnemonics (20, the policy rate included): FFR, IP, CPI,
    /// 3-month and 5-year Treasury rates, monetary base, M2, yen exchange rate, commodity prices,
    /// capacity utilization, consumption, durable and nondurable consumer goods (IP), unemployment,
    /// employment, average hourly earnings, housing starts, new orders, dividend yield, consumer
    /// expectations.
    public static let series = ["FEDFUNDS", "INDPRO", "CPIAUCSL", "TB3MS", "GS5", "BOGMBASE", "M2SL", "EXJPUSx",
                                "PPICMM", "CUMFNS", "DPCERA3M086SBEA", "IPDCONGD", "IPNCONGD", "UNRATE", "PAYEMS",
                                "CES0600000008", "HOUST", "AMDMNOx", "S&P div yield", "UMCSENTx"]
    /// K.
    public static let factors = 3
    /// p.
    public static let lags = 13
    /// Response horizon.
    public static let steps = 48

    /// Runs the benchmark on the given panel and returns median seconds per task plus
    /// `data_checksum` (Σ panel + Σ R, to check both sides used the same numbers; not a time) and
    /// `check_indpro_level_24` (INDPRO's level response at 24 months, a result check). Pins
    /// OpenBLAS to one thread for the run and restores it; the bands use `workers` threads (nil:
    /// all cores).
    public static func run(panel: Matrix, names: [String], policyRate: [Double], codes: [Int],
                           repetitions: Int = 21, replications: Int = 1000, bandRepetitions: Int = 3,
                           workers: Int? = nil) throws -> [String: Double] {
        let previousThreads = BLASThreads.current
        BLASThreads.set(1)
        defer { BLASThreads.set(previousThreads) }
        var results: [String: Double] = ["data_checksum": panel.elements.reduce(0, +) + policyRate.reduce(0, +)]
        func fit() throws -> FAVARModel {
            try FAVARModel(panel: panel, names: names, policyRate: policyRate, factors: factors, lags: lags,
                           transformationCodes: codes)
        }
        func time(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<max(1, count) {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return VARBenchmark.median(times)
        }
        var sink = 0.0
        results["fit"] = try time(repetitions) { sink += try fit().varModel.aic }
        let model = try fit()
        results["responses"] = try time(repetitions) {
            sink += try model.responses(of: series, steps: steps, scale: .level).responses[1][steps]
        }
        results["fit_responses"] = try time(repetitions) {
            sink += try fit().responses(of: series, steps: steps, scale: .level).responses[1][steps]
        }
        results["check_indpro_level_24"] = try model.responses(of: ["INDPRO"], steps: 24, scale: .level).responses[0][24]
        for (key, method) in [("bands_bootstrap", VARBandMethod.residualBootstrap), ("bands_mc", .parametricMonteCarlo)] {
            results[key] = try time(bandRepetitions) {
                let bands = try model.responseBands(
                    of: series, steps: steps, scale: .level,
                    options: VARBandOptions(method: method, replications: replications, level: 0.9, workers: workers))
                sink += bands.lower[1][steps]
                if key == "bands_bootstrap" { results["check_indpro_width_24"] = bands.upper[1][24] - bands.lower[1][24] }
            }
        }
        results["bands_bootstrap_reextract"] = try time(1) {
            let bands = try model.responseBands(
                of: series, steps: steps, scale: .level,
                options: VARBandOptions(replications: replications, level: 0.9, workers: workers), reextractFactors: true)
            results["check_indpro_width_24_reextract"] = bands.upper[1][24] - bands.lower[1][24]
        }
        if sink.isNaN { results["nan"] = 1 }  // keeps the work observable
        return results
    }
}
