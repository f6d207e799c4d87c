import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// Timings of the neural engine for `thesis bench neural`; the Python peers measuring the same
/// work are in `Benchmarks/neural/` (scikit-learn's `MLPClassifier`, a numpy LSTM).
public enum NeuralBenchmark {
    /// The cases `run` times: `mlp.digits.float64`, `mlp.digits.float32`, `lstm.unemployment.float64`,
    /// `lstm.unemployment.float32`, `gru.unemployment.float64`, `gru.unemployment.float32`.
    public static let cases = ["mlp.digits.float64", "mlp.digits.float32", "lstm.unemployment.float64",
                               "lstm.unemployment.float32", "gru.unemployment.float64", "gru.unemployment.float32"]

    /// Median seconds per training epoch over `runs` fits (after one warm-up fit), keyed by case:
    /// - `mlp.digits.*`: `MLPClassifier` with one hidden layer of 100 ReLU units on all 1797
    ///   digits (pixels / 16, not standardised), Adam at 1e-3, batches of 200, L2 `alpha = 1e-4`
    ///   as scikit-learn applies it (`weightDecay = alpha / 200`), `mlpEpochs` epochs per fit —
    ///   scikit-learn's `MLPClassifier((100,))` with `max_iter = mlpEpochs`;
    /// - `lstm.unemployment.*`, `gru.unemployment.*`: `RecurrentRegressor` with one layer of 32
    ///   units and a linear output, on every 12-month window of the monthly unemployment rate
    ///   1948–2016 (816 windows, the next month as target, standardised), Adam at 1e-3,
    ///   batches of 32, `recurrentEpochs` epochs per fit.
    /// BLAS runs with the caller's thread count (`BLASThreads.set`). Only `cases` are run.
    /// With `cpuTime`, the clock is the process's CPU time (`CLOCK_PROCESS_CPUTIME_ID`) instead
    /// of wall time: steadier on a machine shared with other work.
    public static func run(digits: URL, unemployment: URL, runs: Int = 7, mlpEpochs: Int = 20, recurrentEpochs: Int = 20,
                           cases: [String] = NeuralBenchmark.cases, cpuTime: Bool = false) throws -> [String: Double] {
        var results: [String: Double] = [:]
        let (pixels, labels) = try loadDigits(digits)
        let scaled = try Matrix(rows: pixels.rows, columns: pixels.columns, columnMajor: pixels.elements.map { $0 / 16 })
        let series = try loadUnemployment(unemployment)
        let windows = try Neural.slidingWindows(series, length: 12)
        for name in cases {
            let parts = name.split(separator: ".")
            guard parts.count == 3, let precision = Neural.Precision(rawValue: String(parts[2])) else {
                throw NeuralError("NeuralBenchmark: unknown case \(name)")
            }
            let fit: () throws -> Void
            let epochs: Int
            switch parts[0] {
            case "mlp":
                epochs = mlpEpochs
                let options = Neural.ModelOptions(hiddenSizes: [100], activation: .relu, epochs: epochs, batchSize: 200,
                                                  learningRate: 1e-3, optimizer: .adam, weightDecay: 1e-4 / 200,
                                                  seed: 1, precision: precision, standardize: false)
                fit = { var model = MLPClassifier(options: options); try model.fit(scaled, labels) }
            case "lstm", "gru":
                epochs = recurrentEpochs
                var options = Neural.ModelOptions.recurrent
                options.epochs = epochs
                options.precision = precision
                options.seed = 1
                let cell: RecurrentRegressor.Cell = parts[0] == "lstm" ? .lstm : .gru
                fit = { var model = RecurrentRegressor(cell: cell, options: options); try model.fit(windows.inputs, windows.targets) }
            default:
                throw NeuralError("NeuralBenchmark: unknown case \(name)")
            }
            var times: [Double] = []
            for r in 0...max(1, runs) {
                let start = now(cpuTime)
                try fit()
                let seconds = now(cpuTime) - start
                if r > 0 { times.append(seconds / Double(max(1, epochs))) }
            }
            results[name] = median(times)
        }
        return results
    }

    /// Test accuracy of `MLPClassifier((100,))` on a seeded 75/25 split of the digits: the
    /// 1797 row indices are shuffled by stream 0 of `splitSeed` (`Neural.Random.shuffle`) and
    /// the first 450 are the test set. Pixels are standardised on the training rows (the
    /// model's default); Adam at 1e-3; model seed `splitSeed + 1`.
    public static func digitsAccuracy(digits: URL, splitSeed: UInt64 = 0, epochs: Int = 200, batchSize: Int = 200,
                                      precision: Neural.Precision = .float64) throws -> Double {
        let (pixels, labels) = try loadDigits(digits)
        var order = Array(0..<pixels.rows)
        var random = Neural.Random(seed: splitSeed, stream: 0)
        random.shuffle(&order)
        let testCount = (pixels.rows + 3) / 4
        let test = Array(order.prefix(testCount)), train = Array(order.dropFirst(testCount))
        var model = MLPClassifier(options: .init(hiddenSizes: [100], epochs: epochs, batchSize: batchSize, seed: splitSeed + 1,
                                                 precision: precision))
        try model.fit(pixels.selectingRows(train), train.map { labels[$0] })
        let predicted = try model.predict(pixels.selectingRows(test))
        return Double(zip(predicted, test.map { labels[$0] }).filter { $0 == $1 }.count) / Double(test.count)
    }

    /// The digits CSV (64 pixel columns, then the label) as a `1797 × 64` matrix and labels.
    static func loadDigits(_ url: URL) throws -> (pixels: Matrix, labels: [Int]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [[Double]] = [], labels: [Int] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let values = line.split(separator: ",").compactMap { Double($0) }
            guard values.count == 65 else { throw NeuralError("\(url.lastPathComponent) line \(number + 1): expected 65 numbers") }
            rows.append(Array(values.prefix(64)))
            labels.append(Int(values[64]))
        }
        return (try Matrix(rowMajor: rows), labels)
    }

    /// The unemployment table (`Year,Jan,…,Dec,Annual`) read row by row without `Annual`.
    static func loadUnemployment(_ url: URL) throws -> [Double] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var series: [Double] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 13 else { throw NeuralError("\(url.lastPathComponent) line \(number + 1): expected 14 fields") }
            for field in fields[1...12] {
                guard let value = Double(field) else {
                    throw NeuralError("\(url.lastPathComponent) line \(number + 1): '\(field)' is not a number")
                }
                series.append(value)
            }
        }
        return series
    }

    /// Seconds on the wall clock or of process CPU time.
    static func now(_ cpuTime: Bool) -> Double {
        var spec = timespec()
        clock_gettime(cpuTime ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n == 0 ? .nan : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
