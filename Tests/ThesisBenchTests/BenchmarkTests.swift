import XCTest
@testable import ThesisBench

/// The benchmark runners behind `thesis bench` (their timings are measured by Benchmarks/*/run.sh).
final class BenchmarkTests: XCTestCase {
    func testBenchmarkRunnerReportsEveryTask() throws {
        let results = try VARBenchmark.run(repetitions: 1, replications: 8, bandRepetitions: 1, workers: 2)
        for key in ["fit_irf_fevd", "bands_bootstrap", "bands_mc", "bands_asymptotic"] {
            let value = try XCTUnwrap(results[key], key)
            XCTAssertTrue(value > 0 && value.isFinite, key)
        }
        // The data are the ones bench_statsmodels.py generates (its checksum, printed with repr()).
        XCTAssertEqual(try XCTUnwrap(results["data_checksum"]), 295.94282159692517)
        XCTAssertEqual(VARBenchmark.data().rows, 720)
    }
}
