import ArgumentParser
import Foundation
import ThesisFigures
import ThesisKit

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark of the engine and print medians (peers are timed by the scripts in Benchmarks/).",
        subcommands: [BenchFigures.self])
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
