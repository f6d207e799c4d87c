import ArgumentParser
import Foundation
import ThesisBench
import ThesisKit

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark of the engine and print medians (peers are timed by the scripts in Benchmarks/).",
        subcommands: [BenchFigures.self, BenchPrepare.self, BenchVAR.self, BenchFAVAR.self, BenchEstimators.self, BenchNeural.self, BenchCNN.self])
}

struct BenchFigures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Draw a 12-panel impulse-response grid with bands as PNG, PDF and SVG; median seconds per figure.",
        discussion: "Benchmarks/figures/run.sh runs this and matplotlib side by side and prints the ratios.")

    @Option(help: "Renders per format.")
    var iterations = 100

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
        let medians = BenchCommands.figures(iterations: iterations)
        if json {
            let object = Dictionary(uniqueKeysWithValues: medians.map { ($0.format, $0.seconds) })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            for (format, seconds) in medians { Console.out(String(format: "%@  %8.2f ms per figure", format, seconds * 1000)) }
        }
    }
}

struct Gallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw one example of every chart type into a gallery page (default reports/gallery/index.html).")

    @Option(help: "Output directory.")
    var output = "reports/gallery"

    func run() throws {
        let count = try BenchCommands.writeGallery(to: URL(fileURLWithPath: output))
        Console.out("thesis gallery: wrote \(count) figures and \(output)/index.html")
    }
}

struct BenchPrepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Read + transform + outliers + EM + PCA on a FRED-MD file (McCracken-Ng defaults); medians per stage.",
        discussion: "Benchmarks/prepare/run.sh runs this and the numpy reference side by side.")

    @Argument(help: "A FRED-MD CSV file.")
    var file: String

    @Option(help: "Timed runs after one warm-up.")
    var runs = 21

    func run() throws {
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init)
        for line in try BenchCommands.prepare(file: URL(fileURLWithPath: file), runs: runs, threads: threads) { Console.out(line) }
    }
}

struct BenchVAR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "var",
        abstract: "VAR(12), K = 4, T = 720: fit + IRF(48) + FEVD(48), and 1,000-replication IRF bands; median seconds.",
        discussion: "Benchmarks/var/run.sh runs this and statsmodels side by side.")

    @Option(help: "Replications of the bands.")
    var replications = 1000

    @Option(help: "Repetitions of the fit.")
    var repetitions = 21

    @Option(help: "Repetitions of each band method.")
    var bandRepetitions = 5

    func run() throws {
        let results = try BenchCommands.var_(repetitions: repetitions, replications: replications, bandRepetitions: bandRepetitions)
        for key in results.keys.sorted() { Console.out("\(key) " + String(format: "%.17g", results[key] ?? .nan)) }
    }
}

struct BenchFAVAR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "favar",
        abstract: "FAVAR on a FRED-MD file (1960-01..2019-12, McCracken-Ng, K = 3, VAR(13)): fit, 20 responses, 1,000-replication bands; median seconds.",
        discussion: "Benchmarks/favar/run.sh runs this and the numpy/statsmodels script side by side. The preparation is not timed.")

    @Argument(help: "A FRED-MD CSV file.")
    var file: String

    @Option(help: "Replications of the bands.")
    var replications = 1000

    func run() throws {
        let results = try BenchCommands.favar(file: URL(fileURLWithPath: file), replications: replications)
        for key in results.keys.sorted() { Console.out("\(key) " + String(format: "%.17g", results[key] ?? .nan)) }
    }
}

struct BenchNeural: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neural",
        abstract: "Time per epoch of an MLP(100) on digits and an LSTM(32) forecaster on unemployment (wall and CPU medians, ms).",
        discussion: "Benchmarks/neural/run.sh runs this, scikit-learn and a numpy LSTM side by side.")

    @Argument(help: "The shared data directory (holding sklearn/digits.csv and unemployment/unemployment1948.csv).")
    var data: String

    @Option(help: "Timed runs.")
    var runs = 7

    @Option(help: "Epochs per run.")
    var epochs = 20

    @Flag(help: "Report the digits test accuracy after 200 epochs instead of timings.")
    var accuracy = false

    func run() throws {
        let root = URL(fileURLWithPath: data)
        if accuracy {
            for (precision, value) in try BenchCommands.neuralAccuracy(digits: root.appendingPathComponent("sklearn/digits.csv")) {
                Console.out(String(format: "ACCURACY swift mlp.digits.%@ %.4f (200 epochs, batches of 200)", precision, value))
            }
            return
        }
        let (cases, blas) = try BenchCommands.neural(data: root, runs: runs, epochs: epochs)
        for (name, wall, cpu) in cases { Console.out(String(format: "RESULT swift %@ %.3f %.3f", name, wall, cpu)) }
        Console.out("# swift BLAS: \(blas)")
    }
}

struct BenchEstimators: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimators",
        abstract: "OLS with HAC errors, ADF and KPSS on every series, local projections, on a FRED-MD file; medians.",
        discussion: "Benchmarks/estimators/run.sh runs this and statsmodels side by side and prints the ratios.")

    @Argument(help: "A FRED-MD CSV file.")
    var file: String

    @Option(help: "Timed runs per task.")
    var repetitions = 21

    func run() throws {
        guard repetitions > 0 else { throw ValidationError("--repetitions must be positive") }
        let results = try BenchCommands.estimators(file: URL(fileURLWithPath: file), repetitions: repetitions)
        for key in results.keys.sorted() { Console.out("\(key) " + String(format: "%.17g", results[key] ?? .nan)) }
    }
}

struct BenchCNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "Train the small CNN (conv 16, pool, conv 32, pool, dense 10; Adam, batch 64) on mnist5k; seconds per epoch, accuracy.",
        discussion: "Benchmarks/cnn/run.sh runs this and the same network in JAX side by side.")

    @Argument(help: "An image folder with train/CLASS/*.png and test/CLASS/*.png (mnist5k).")
    var folder: String

    @Option(help: "Epochs.")
    var epochs = 10

    @Option(help: "BLAS threads.")
    var threads = 1

    @Option(help: "Seed of the weights and the batch order.")
    var seed = 0

    @Option(help: "Parts of each batch trained in parallel, on as many cores.")
    var shards = 1

    func run() throws {
        let result = try CNNBenchmark.run(folder: URL(fileURLWithPath: folder), epochs: epochs, seed: UInt64(seed), threads: threads, shards: shards)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        Console.out(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
