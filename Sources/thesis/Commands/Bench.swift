import ArgumentParser
import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisKit
import ThesisLinearAlgebra
import ThesisModels

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark of the engine and print medians (peers are timed by the scripts in Benchmarks/).",
        subcommands: [BenchFigures.self, BenchPrepare.self, BenchVAR.self, BenchFAVAR.self, BenchNeural.self])
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
        let medians = FigureBenchmark.run(iterations: iterations)
        if json {
            let data = try JSONSerialization.data(withJSONObject: medians, options: [.sortedKeys])
            Console.out(String(decoding: data, as: UTF8.self))
        } else {
            for format in FigureFormat.allCases {
                if let seconds = medians[format.rawValue] { Console.out(String(format: "%@  %8.2f ms per figure", format.rawValue, seconds * 1000)) }
            }
        }
    }
}

struct Gallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw one example of every chart type into a gallery page (default reports/gallery/index.html).")

    @Option(help: "Output directory.")
    var output = "reports/gallery"

    func run() throws {
        let directory = URL(fileURLWithPath: output)
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>thesis figure gallery</title>
        <style>body{font-family:"DejaVu Sans",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
        figure{margin:2rem 0}img{max-width:100%;border:1px solid #ddd}figcaption{color:#555}</style></head>
        <body><h1>Figure gallery</h1>
        <p>One example of every chart type, drawn by thesis with Cairo (SVG; PNG and PDF beside it).</p>

        """
        for (name, spec) in FigureGallery.examples {
            for format in FigureFormat.allCases {
                try AtomicFile.write(try FigureRenderer.render(spec, format: format), to: directory.appendingPathComponent("\(name).\(format.rawValue)"))
            }
            let escaped = name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            html += "<figure><img src=\"\(escaped).svg\" alt=\"\(escaped)\"><figcaption>\(escaped) (<a href=\"\(escaped).png\">PNG</a>, <a href=\"\(escaped).pdf\">PDF</a>)</figcaption></figure>\n"
        }
        html += "</body></html>\n"
        try AtomicFile.write(Data(html.utf8), to: directory.appendingPathComponent("index.html"))
        Console.out("thesis gallery: wrote \(FigureGallery.examples.count) figures and \(output)/index.html")
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
        if let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init) { BLASThreads.set(threads) }
        let result = try PreparationBenchmark.run(file: URL(fileURLWithPath: file), runs: max(1, runs))
        Console.out(result.table)
        Console.out("swift BLAS: \(result.blas); factors k = \(result.factors)")
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
        let results = try VARBenchmark.run(repetitions: repetitions, replications: replications, bandRepetitions: bandRepetitions)
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
        let raw = try DataLoader.load(Data(contentsOf: URL(fileURLWithPath: file)), file: file, format: .fredMD)
        let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
        let prepared = try Preparation.prepare(raw, sample: sample, options: PreparationOptions(estimateFactors: false, exclude: ["FEDFUNDS"]))
        guard let policy = try raw.slice(sample).column(named: "FEDFUNDS") else { throw ValidationError("\(file) has no FEDFUNDS") }
        let codes = prepared.report.codes
        let results = try FAVARBenchmark.run(panel: try Matrix(columns: prepared.frame.columns), names: prepared.frame.names,
                                             policyRate: policy, codes: prepared.frame.names.map { codes[$0] ?? 1 },
                                             repetitions: 21, replications: replications, bandRepetitions: 5)
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
        BLASThreads.set(1)
        let root = URL(fileURLWithPath: data)
        let digits = root.appendingPathComponent("sklearn/digits.csv")
        let unemployment = root.appendingPathComponent("unemployment/unemployment1948.csv")
        if accuracy {
            for precision in Neural.Precision.allCases {
                let value = try NeuralBenchmark.digitsAccuracy(digits: digits, precision: precision)
                Console.out(String(format: "ACCURACY swift mlp.digits.%@ %.4f (200 epochs, batches of 200)", precision.rawValue, value))
            }
            return
        }
        let wall = try NeuralBenchmark.run(digits: digits, unemployment: unemployment, runs: runs, mlpEpochs: epochs, recurrentEpochs: epochs)
        let cpu = try NeuralBenchmark.run(digits: digits, unemployment: unemployment, runs: runs, mlpEpochs: epochs, recurrentEpochs: epochs, cpuTime: true)
        for name in NeuralBenchmark.cases {
            Console.out(String(format: "RESULT swift %@ %.3f %.3f", name, (wall[name] ?? .nan) * 1000, (cpu[name] ?? .nan) * 1000))
        }
        Console.out("# swift BLAS: \(BLASThreads.configuration), \(BLASThreads.current) thread(s)")
    }
}
