import ArgumentParser
import Foundation
import ThesisKit

/// Opens the project's cache and takes the project lock.
func openProject(_ project: Project) throws -> (ResultStore, ProjectLock) {
    let state = project.url(Project.stateDirectory)
    let lock = try ProjectLock(stateDirectory: state) {
        Console.error("thesis: another thesis command is running in this project; waiting for it to finish…")
    }
    let store = try ResultStore(path: state.appendingPathComponent("cache.sqlite").path)
    for note in store.notes { Console.error("warning: \(note)") }
    return (store, lock)
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Execute directives (cached), draw figures, write reports/html and reports/latex.")

    @OptionGroup var project: ProjectOptions

    @Option(name: .shortAndLong, help: "Directives run in parallel on this many workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Re-execute every directive, ignoring cached results.")
    var noCache = false

    @Flag(help: "Draft: write the reports even when something fails, each failing directive shown as an error box in its place (exits 1 if anything failed).")
    var draft = false

    @Flag(help: "Also compile reports/latex/thesis.tex to PDF with latexmk.")
    var pdf = false

    @Flag(help: "No progress line while directives run (there is none when standard error is not a terminal).")
    var quiet = false

    @Flag(help: .hidden)
    var timings = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let project = try self.project.load()
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        var options = BuildOptions()
        options.jobs = jobs
        options.useCache = !noCache
        options.draft = draft
        let line = ProgressLine(enabled: !quiet && ProgressLine.isTerminal(), write: Console.errorRaw)
        // Only a listener makes the build ask the cache which directives will execute.
        if line.isEnabled { options.progress = line.report }
        let report = Pipeline(project: project, store: store).build(options)
        line.clear()
        Console.print(report.diagnostics)
        Console.out("thesis build: " + report.summaryLine)
        if timings {
            for (stage, seconds) in report.stageSeconds { Console.error(String(format: "  %-14@ %8.1f ms", stage, seconds * 1000)) }
        }
        if draft, !report.succeeded, !report.writtenReports.isEmpty {
            Console.error("thesis build --draft: the reports were written with the failures shown in place; a plain `thesis build` stays strict")
        }
        guard report.succeeded else { throw ExitCode.failure }
        if pdf { try compilePDF(project) }
        if report.alerted {
            Console.error("thesis build: an alert fired (exit 2); mark the monitor warn=true to report it without failing")
            throw ExitCode(2)
        }
    }

    /// Compiles the LaTeX with latexmk; LaTeX's errors and wide overfull boxes are shown at
    /// the chapter line they came from.
    private func compilePDF(_ project: Project) throws {
        let outcome = PDFStage.compile(root: project.root)
        Console.print(outcome.diagnostics)
        guard outcome.succeeded else { throw ExitCode.failure }
        Console.out("thesis build: wrote reports/latex/thesis.pdf")
    }
}
