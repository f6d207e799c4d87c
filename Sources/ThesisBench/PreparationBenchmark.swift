import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// Times the preparation pipeline (read + transform + outliers + EM + PCA), for `thesis bench
/// prepare`; the numpy reference is `Benchmarks/prepare/bench_numpy.py`, the same stages.
public enum PreparationBenchmark {
    /// One stage's times over the runs, in milliseconds.
    public struct Timing: Codable, Hashable, Sendable {
        public var stage: String
        public var median: Double
        public var minimum: Double
    }

    public struct Result: Codable, Hashable, Sendable {
        public var file: String
        public var sample: ClosedRange<Month>
        public var runs: Int
        /// read, transform+cut, outliers, EM, factors, total.
        public var stages: [Timing]
        public var emIterations: Int
        public var factors: Int
        /// OpenBLAS configuration and thread count.
        public var blas: String

        /// The total's median in milliseconds.
        public var totalMedian: Double { stages.last?.median ?? .nan }

        /// One line per stage.
        public var table: String {
            stages.map { t in
                let name = t.stage == "EM" ? "EM (\(emIterations) it.)" : t.stage
                return String(format: "swift %-14@ median %8.2f ms   min %8.2f ms", name as NSString, t.median, t.minimum)
            }.joined(separator: "\n")
        }
    }

    /// Runs the pipeline `runs` times after one warm-up on `file` (a FRED-MD CSV), McCracken-Ng's
    /// defaults, and returns the median and minimum of each stage.
    public static func run(file: URL, sample: ClosedRange<Month> = Month(year: 1960, month: 1)...Month(year: 2019, month: 12),
                           runs: Int = 11) throws -> Result {
        var samples: [[Double]] = []
        var iterations = 0, k = 0
        for r in 0...max(1, runs) {
            var times: [Double] = []
            var clock = DispatchTime.now().uptimeNanoseconds
            let start = clock
            func lap() {
                let now = DispatchTime.now().uptimeNanoseconds
                times.append(Double(now - clock) / 1e6)
                clock = now
            }
            let frame = try DataLoader.load(try Data(contentsOf: file), file: file.lastPathComponent, format: .fredMD)
            lap()
            let panel = try frame.transformed().slice(sample)
            lap()
            let (cleaned, _) = OutlierRule().apply(to: panel)
            lap()
            let (imputed, em) = try EMImputation.impute(cleaned)
            lap()
            let model = try FactorModel(imputed, kmax: 8)
            lap()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            iterations = em.iterations
            k = model.k
            if r > 0 { samples.append(times) }
        }
        let names = ["read", "transform+cut", "outliers", "EM", "factors", "total"]
        let stages = names.indices.map { i -> Timing in
            let values = samples.map { $0[i] }.sorted()
            let n = values.count
            let median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
            return Timing(stage: names[i], median: median, minimum: values[0])
        }
        return Result(file: file.path, sample: sample, runs: samples.count, stages: stages, emIterations: iterations,
                      factors: k, blas: "\(BLASThreads.configuration), \(BLASThreads.current) thread(s)")
    }
}
