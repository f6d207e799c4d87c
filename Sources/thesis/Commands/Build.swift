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

    @Option(help: "Where stale directives execute: local, or slurm (one job per directive; also [executor] in thesis.toml).")
    var executor: String?

    @Option(help: "slurm: the partition to submit to (sbatch --partition).")
    var partition: String?

    @Option(help: "slurm: the time limit of each directive's job, e.g. 02:00:00 (sbatch --time).")
    var time: String?

    @Option(help: "slurm: the memory of each directive's job, e.g. 4G (sbatch --mem).")
    var memory: String?

    @Option(help: "slurm: at most this many jobs run at once.")
    var maxJobs: Int?

    @Flag(help: .hidden)
    var timings = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let maxJobs, maxJobs < 1 { throw ValidationError("--max-jobs must be at least 1") }
        do {
            if let executor { _ = try ExecutorSettings.parseKind(executor) }
            if let time { _ = try ExecutorSettings.parseTime(time) }
            if let memory { _ = try ExecutorSettings.parseMemory(memory) }
            if let partition { _ = try ExecutorSettings.validated(partition, what: "--partition") }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// thesis.toml's `[executor]`, with the command line's options over it.
    private func executorSettings(_ project: Project) throws -> ExecutorSettings {
        var settings = project.executor
        if let executor { settings.kind = try ExecutorSettings.parseKind(executor) }
        if let partition { settings.partition = partition }
        if let time { settings.time = time }
        if let memory { settings.memory = memory }
        if let maxJobs { settings.maxJobs = maxJobs }
        return settings
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
        let pipeline = Pipeline(project: project, store: store)
        let settings = try executorSettings(project)
        var remote: SlurmExecutor.Summary?
        if settings.kind == .slurm {
            guard !noCache else {
                throw ValidationError("--no-cache executes everything here; with --executor slurm, remove the results with `thesis clean --cache` and .thesis/store instead")
            }
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let slurm = SlurmExecutor(pipeline: pipeline, settings: settings, executable: executable, log: Console.error)
            let collector = DiagnosticCollector()
            do {
                let (summary, unavailable) = try slurm.run(diagnostics: collector)
                options.unavailable = unavailable
                remote = summary
                Console.error(summary.line)
            } catch let error as SlurmExecutor.SlurmError {
                for message in collector.diagnostics.map(\.rendered) { Console.error(message) }
                Console.error("thesis build: \(error)")
                throw ExitCode.failure
            }
            for message in collector.diagnostics.map(\.rendered) { Console.error(message) }
        }
        let report = pipeline.build(options)
        line.clear()
        let messages = report.diagnostics.map(\.rendered)
        for message in messages { Console.error(message) }
        Console.out("thesis build: " + report.summaryLine)
        stamper?.record(report, messages: messages, store: store)
        if timings {
            if let remote {
                Console.error(String(format: "  %-14@ %8.1f ms", "slurm jobs", remote.waitSeconds * 1000))
                Console.error(String(format: "  %-14@ %8.1f ms", "slurm ingest", remote.ingestSeconds * 1000))
            }
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
