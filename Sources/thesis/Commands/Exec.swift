import ArgumentParser
import Foundation
import ThesisKit

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one directive in the project's context (its data sets and ids), through the cache.",
        discussion: """
            Example: thesis exec '<<data describe data=macro>>' --json

            With --key KEY (what a Slurm job of `thesis build --executor slurm` runs; repeat it for several
            independent directives), it executes the chapters' directive whose cache key is KEY into the
            shared store .thesis/store, reading the results it builds on from there and never opening the
            cache; it exits 1 when a directive fails.
            """)

    @Argument(help: "The directive, e.g. '<<data describe data=macro series=inflation>>'.")
    var directive: String?

    @Option(help: "Execute the chapters' directive with this cache key into the shared store (a Slurm job's work); repeatable.")
    var key: [String] = []

    @Flag(help: "Print the result as JSON (tables, figure specs, scalars).")
    var json = false

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        if (directive == nil) == key.isEmpty { throw ValidationError("give a directive, or --key KEY (not both)") }
    }

    func run() throws {
        let project = try self.project.load()
        if !key.isEmpty {
            // A job: the project's cache is the coordinator's; this process keeps its own in memory.
            let pipeline = Pipeline(project: project, store: try ResultStore.inMemory())
            let diagnostics = DiagnosticCollector()
            let outcomes = pipeline.executeForStore(keys: key, shared: SharedResultStore(project: project), diagnostics: diagnostics)
            Console.print(diagnostics.diagnostics.filter { $0.severity == .error })
            let stored = outcomes.filter { $0 == .stored }.count
            Console.out("thesis exec: stored \(stored) of \(key.count) result\(key.count == 1 ? "" : "s")")
            if stored < key.count { throw ExitCode.failure }
            return
        }
        guard let directive else { throw ExitCode.failure }
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        let diagnostics = DiagnosticCollector()
        let result = Pipeline(project: project, store: store).exec(directive, diagnostics: diagnostics, jobs: ProcessInfo.processInfo.activeProcessorCount)
        Console.print(diagnostics.diagnostics.filter { $0.severity == .error || $0.location?.file == "<exec>" })
        guard let result else { throw ExitCode.failure }
        if json {
            Console.out(try Self.json(result))
        } else {
            Console.out(TextRendering.render(result))
        }
    }
}

extension Exec {
    /// The result as JSON: content and scalars, with the model object (statsmodels names such as
    /// params, sigma_u, irfs, orth_irfs, fevd, forecast, lower, upper) inlined as JSON.
    static func json(_ result: DirectiveResult) throws -> String {
        var stripped = result
        stripped.object = nil
        var top = try JSONSerialization.jsonObject(with: try CanonicalJSON.encode(stripped)) as? [String: Any] ?? [:]
        if let object = result.object {
            var inlined = (try? JSONSerialization.jsonObject(with: object.payload)) as? [String: Any] ?? [:]
            inlined["kind"] = object.kind
            top["object"] = inlined
        }
        let data = try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// Plain-text rendering of a result for the terminal.
enum TextRendering {
    static func render(_ result: DirectiveResult) -> String {
        var out: [String] = []
        for content in result.content {
            switch content {
            case .text(let text): out.append(text)
            case .figure(let figure):
                let series = figure.spec.panels.flatMap(\.layers).count
                out.append("[figure: \(figure.spec.panels.count) panel(s), \(series) layer(s); use thesis build to draw it]")
            case .externalFigure(let figure):
                let formats = figure.formats.keys.sorted().joined(separator: ", ")
                out.append("[figure '\(figure.name)' (\(formats)) made by the script; use thesis build to place it]")
            case .table(let table):
                let rows = [table.columns.map(\.title)] + table.rows.map { $0.map(\.display) }
                var widths = Array(repeating: 0, count: table.columns.count)
                for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
                for (r, row) in rows.enumerated() {
                    out.append(row.enumerated().map { i, cell in
                        let pad = String(repeating: " ", count: max(0, widths[min(i, widths.count - 1)] - cell.count))
                        return table.columns[min(i, table.columns.count - 1)].alignment == .right ? pad + cell : cell + pad
                    }.joined(separator: "  "))
                    if r == 0 { out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
                }
                out.append(contentsOf: table.notes)
            }
        }
        return out.joined(separator: "\n")
    }
}
