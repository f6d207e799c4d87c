import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// The estimators benchmark behind `thesis bench estimators`, mirrored by
/// `Benchmarks/estimators/bench_statsmodels.py` (same data, same specifications): on FRED-MD,
/// 1960-01..2019-12, each series transformed with its file code (no outlier cleaning),
///
/// 1. `ols_hac`: INDPRO on a constant and 12 lags each of INDPRO, FEDFUNDS and UNRATE (37
///    regressors, 708 rows), Newey-West with 12 lags: coefficients, standard errors, R², F, AIC;
/// 2. `adf_all`: the ADF test with a constant and the lag chosen by AIC, for every series observed
///    in every month of the sample;
/// 3. `kpss_all`: the KPSS test with a constant and Hobijn et al.'s lags, for the same series;
/// 4. `lp_irf`: local projections of 100·log INDPRO on FEDFUNDS (levels) with 12 lags of both and
///    of UNRATE, horizons 0…48, Newey-West with h + 1 lags.
///
/// Medians of `repetitions` runs; `check_*` values (not times) let the script compare both sides.
public enum EstimatorBenchmark {
    public static func run(file: URL, repetitions: Int = 21) throws -> [String: Double] {
        let previousThreads = BLASThreads.current
        BLASThreads.set(1)
        defer { BLASThreads.set(previousThreads) }
        let raw = try DataLoader.load(Data(contentsOf: file), file: file.path, format: .fredMD)
        let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
        let transformed = try raw.transformed().slice(sample)
        let levels = try raw.slice(sample)
        func column(_ frame: TimeSeriesFrame, _ name: String) throws -> [Double] {
            guard let values = frame.column(named: name) else { throw Diagnostic.error("no series \(name)") }
            return values
        }
        let complete = transformed.names.indices.filter { transformed.columns[$0].allSatisfy(\.isFinite) }
        var results: [String: Double] = [
            "series_tested": Double(complete.count),
            "data_checksum": complete.reduce(0.0) { $0 + transformed.columns[$1].reduce(0, +) },
        ]
        func median(_ work: () throws -> Double) rethrows -> (seconds: Double, check: Double) {
            var times: [Double] = []
            var check = 0.0
            for _ in 0..<max(1, repetitions) {
                let start = DispatchTime.now().uptimeNanoseconds
                check = try work()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return (times.sorted()[times.count / 2], check)
        }

        // 1. OLS with HAC standard errors.
        let y = try column(transformed, "INDPRO"), r = try column(transformed, "FEDFUNDS")
        let u = try column(transformed, "UNRATE")
        let p = 12
        let rows = Array(p..<y.count)
        var columns: [[Double]] = [Array(repeating: 1, count: rows.count)]
        for series in [y, r, u] { for l in 1...p { columns.append(rows.map { series[$0 - l] }) } }
        let design = try Matrix(columns: columns)
        let names = ["const"] + (1..<columns.count).map { "x\($0)" }
        let ols = try median {
            let fit = try OLSModel(
                y: rows.map { y[$0] }, x: design, names: names, hasConstant: true, covariance: .hac, maxlags: 12)
            return fit.bse[1] + fit.rsquared + fit.fvalue + fit.aic
        }
        results["ols_hac"] = ols.seconds
        results["check_ols"] = ols.check

        // 2-3. Unit-root tests of every complete series.
        let adf = try median {
            try complete.reduce(0.0) { $0 + (try ADFTest(transformed.columns[$1], trend: .c, lags: .aic)).statistic }
        }
        results["adf_all"] = adf.seconds
        results["check_adf"] = adf.check
        let kpss = try median {
            try complete.reduce(0.0) { $0 + (try KPSSTest(transformed.columns[$1], trend: .c, lags: .auto)).statistic }
        }
        results["kpss_all"] = kpss.seconds
        results["check_kpss"] = kpss.check

        // 4. Local projections.
        let logIP = try column(levels, "INDPRO").map { 100 * log($0) }
        let rate = try column(levels, "FEDFUNDS"), unemployment = try column(levels, "UNRATE")
        let lp = try median {
            let fit = try LocalProjection(
                response: logIP, shock: rate, controls: [unemployment], lags: 12, horizon: 48)
            return fit.coefficients[24] + fit.standardErrors[24]
        }
        results["lp_irf"] = lp.seconds
        results["check_lp"] = lp.check
        return results
    }
}
