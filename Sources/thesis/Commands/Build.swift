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
        let clock = DispatchTime.now()
        // A strict build through the cache may find nothing changed since the last (BuildStamp).
        let stamper = noCache || draft ? nil : BuildStamper(project: project, options: self.project.dataOverrides.sorted())
        if let stamp = stamper?.unchanged(store: store) {
            for message in stamp.messages { Console.error(message) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
            Console.out("thesis build: " + stamp.summary + String(format: " (%.2f s)", seconds))
            if timings {
                Console.error(String(format: "  %-14@ %8.1f ms", "unchanged", seconds * 1000))
                Console.error("  openblas       " + (Pipeline.isOpenBLASLoaded ? "loaded" : "not loaded"))
            }
            try finish(project, alerted: stamp.alerted)
            return
        }
        var options = BuildOptions()
        options.jobs = jobs
        options.useCache = !noCache
        options.draft = draft
        let line = ProgressLine(enabled: !quiet && ProgressLine.isTerminal(), write: Console.errorRaw)
        // Only a listener makes the build ask the cache which directives will execute.
        if line.isEnabled { options.progress = line.report }
        let report = Pipeline(project: project, store: store).build(options)
        line.clear()
        let messages = report.diagnostics.map(\.rendered)
        for message in messages { Console.error(message) }
        Console.out("thesis build: " + report.summaryLine)
        stamper?.record(report, messages: messages, store: store)
        if timings {
            for (stage, seconds) in report.stageSeconds { Console.error(String(format: "  %-14@ %8.1f ms", stage, seconds * 1000)) }
            Console.error("  openblas       " + (Pipeline.isOpenBLASLoaded ? "loaded" : "not loaded"))
        }
        if draft, !report.succeeded, !report.writtenReports.isEmpty {
            Console.error("thesis build --draft: the reports were written with the failures shown in place; a plain `thesis build` stays strict")
        }
        guard report.succeeded else { throw ExitCode.failure }
        try finish(project, alerted: report.alerted)
    }

    /// After a successful build: the PDF when asked for, and exit 2 when an alert fired.
    private func finish(_ project: Project, alerted: Bool) throws {
        if pdf { try compilePDF(project) }
        if alerted {
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
