import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels

/// What `thesis bench …` and `thesis gallery` run: each returns the figures to print, so the
/// command-line tool only parses arguments and formats lines. The peers are timed by the scripts
/// in Benchmarks/.
public enum BenchCommands {
    /// Median seconds per figure by format (`png`, `pdf`, `svg`), in that order.
    public static func figures(iterations: Int) -> [(format: String, seconds: Double)] {
        let medians = FigureBenchmark.run(iterations: iterations)
        return FigureFormat.allCases.compactMap { format in medians[format.rawValue].map { (format.rawValue, $0) } }
    }

    /// Writes one example of every chart type (SVG, PNG, PDF) and an index page into `directory`;
    /// returns the number of figures.
    public static func writeGallery(to directory: URL) throws -> Int {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
                try FigureRenderer.render(spec, format: format)
                    .write(to: directory.appendingPathComponent("\(name).\(format.rawValue)"), options: .atomic)
            }
            let escaped = name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            html +=
                "<figure><img src=\"\(escaped).svg\" alt=\"\(escaped)\"><figcaption>\(escaped) (<a href=\"\(escaped).png\">PNG</a>, <a href=\"\(escaped).pdf\">PDF</a>)</figcaption></figure>\n"
        }
        html += "</body></html>\n"
        try Data(html.utf8).write(to: directory.appendingPathComponent("index.html"), options: .atomic)
        return FigureGallery.examples.count
    }

    /// The preparation benchmark's table and notes, with OpenBLAS pinned to `threads`.
    public static func prepare(file: URL, runs: Int, threads: Int?) throws -> [String] {
        if let threads { BLASThreads.set(threads) }
        let result = try PreparationBenchmark.run(file: file, runs: max(1, runs))
        return [result.table, "swift BLAS: \(result.blas); factors k = \(result.factors)"]
    }

    /// The VAR benchmark's medians by task.
    public static func var_(repetitions: Int, replications: Int, bandRepetitions: Int) throws -> [String: Double] {
        try VARBenchmark.run(repetitions: repetitions, replications: replications, bandRepetitions: bandRepetitions)
    }

    /// The FAVAR benchmark on a FRED-MD file (1960-01..2019-12, McCracken-Ng, K = 3, VAR(13)); the
    /// preparation is not timed.
    public static func favar(file: URL, replications: Int) throws -> [String: Double] {
        let raw = try DataLoader.load(Data(contentsOf: file), file: file.path, format: .fredMD)
        let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
        let prepared = try Preparation.prepare(
            raw, sample: sample, options: PreparationOptions(estimateFactors: false, exclude: ["FEDFUNDS"]))
        guard let policy = try raw.slice(sample).column(named: "FEDFUNDS") else {
            throw Diagnostic.error("\(file.lastPathComponent) has no FEDFUNDS")
        }
        let codes = prepared.report.codes
        return try FAVARBenchmark.run(
            panel: try Matrix(columns: prepared.frame.columns), names: prepared.frame.names,
            policyRate: policy, codes: prepared.frame.names.map { codes[$0] ?? 1 },
            repetitions: 21, replications: replications, bandRepetitions: 5)
    }

    /// The estimators benchmark (OLS with HAC, ADF and KPSS over every series, local projections)
    /// on a FRED-MD file; medians by task.
    public static func estimators(file: URL, repetitions: Int) throws -> [String: Double] {
        try EstimatorBenchmark.run(file: file, repetitions: repetitions)
    }

    /// Digits test accuracy after 200 epochs, by precision.
    public static func neuralAccuracy(digits: URL) throws -> [(precision: String, accuracy: Double)] {
        BLASThreads.set(1)
        return try Neural.Precision.allCases.map {
            ($0.rawValue, try NeuralBenchmark.digitsAccuracy(digits: digits, precision: $0))
        }
    }

    /// Milliseconds per epoch by case, wall and CPU, with the BLAS configuration.
    public static func neural(
        data root: URL, runs: Int, epochs: Int
    ) throws
        -> (cases: [(name: String, wall: Double, cpu: Double)], blas: String)
    {
        BLASThreads.set(1)
        let digits = root.appendingPathComponent("sklearn/digits.csv")
        let unemployment = root.appendingPathComponent("unemployment/unemployment1948.csv")
        let wall = try NeuralBenchmark.run(
            digits: digits, unemployment: unemployment, runs: runs, mlpEpochs: epochs, recurrentEpochs: epochs)
        let cpu = try NeuralBenchmark.run(
            digits: digits, unemployment: unemployment, runs: runs, mlpEpochs: epochs,
            recurrentEpochs: epochs, cpuTime: true)
        let cases = NeuralBenchmark.cases.map { ($0, (wall[$0] ?? .nan) * 1000, (cpu[$0] ?? .nan) * 1000) }
        return (cases, "\(BLASThreads.configuration), \(BLASThreads.current) thread(s)")
    }
}
