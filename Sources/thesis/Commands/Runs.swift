import ArgumentParser
import Foundation
import enum ThesisDirectives.RunTags
import ThesisKit
import ThesisServer

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and compare the training and tuning runs recorded in the project's store.",
        discussion: """
        Every execution of a training or tuning directive records a run (MLflow's concepts: experiment, \
        run, params, metrics by step, tags) with its seed, the hash of the data it saw, its duration and \
        the engine version. A cached result points to the run that made it.
        """,
        subcommands: [RunsList.self, RunsShow.self, RunsCompare.self, RunsTag.self],
        defaultSubcommand: RunsList.self)
}

/// Opens the store read-only-ish (the lock still serialises with builds).
private func openStore(_ options: ProjectOptions) throws -> (ResultStore, ProjectLock) {
    try openProject(try options.load())
}

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Recorded runs, newest first.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Only runs of this experiment.")
    var experiment: String?

    @Option(help: "At most this many runs.")
    var limit = 50

    @Flag(help: "Print the runs as JSON (an array; schema in the README).")
    var json = false

    @Flag(help: "Print the runs as CSV: one row each, with param.*, metric.* and tag.* columns.")
    var csv = false

    func validate() throws {
        if json, csv { throw ValidationError("--json and --csv: choose one") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let (store, lock) = try openStore(project)
        defer { withExtendedLifetime(lock) {} }
        let runs = try store.runs(experiment: experiment, limit: limit)
        if json { return FileHandle.standardOutput.write(try RunExport.json(runs)) }
        if csv { return FileHandle.standardOutput.write(Data(RunExport.csv(runs).utf8)) }
        guard !runs.isEmpty else { Console.out("thesis runs: no runs recorded" + (experiment.map { " for experiment '\($0)'" } ?? "")); return }
        Console.out("id  experiment  directive  location  duration  metrics")
        for run in runs {
            let metrics = run.status == "failed" ? "FAILED: " + String((run.error ?? "").prefix(80))
                : run.metrics.keys.sorted().prefix(4).map { "\($0)=\(String(format: "%.4g", run.metrics[$0] ?? .nan))" }.joined(separator: " ")
            Console.out("\(run.id)  \(run.experiment)  [\(run.directive)]\(run.parentID.map { " trial of run \($0)" } ?? "")  \(run.location)  \(String(format: "%.2f s", run.durationSeconds))  \(metrics)")
        }
    }
}

struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: parameters, metrics, tags and metrics by step.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The run id.")
    var id: Int

    @Flag(help: "Print the run as JSON, with its metrics by step.")
    var json = false

    func run() throws {
        let (store, lock) = try openStore(project)
        defer { withExtendedLifetime(lock) {} }
        guard let run = try store.run(id: id) else {
            Console.error("thesis runs show: no run \(id); `thesis runs` lists them")
            throw ExitCode.failure
        }
        if json { return FileHandle.standardOutput.write(try RunExport.json(run, artifacts: try store.artifacts(ofRun: run.id))) }
        Console.out("run \(run.id) of experiment '\(run.experiment)': [\(run.directive)] at \(run.location)")
        Console.out("  finished \(run.finishedAt) in \(String(format: "%.3f", run.durationSeconds)) s; engine \(run.engine); seed \(run.seed.map(String.init) ?? "none")")
        Console.out("  data hash \(run.dataHash)\n  cache key \(run.cacheKey)")
        if run.status == "failed" { Console.out("  FAILED: \(run.error ?? "")") }
        for (title, values) in [("params", run.params.mapValues { $0 }), ("tags", run.tags)] where !values.isEmpty {
            Console.out("  \(title): " + values.keys.sorted().map { "\($0)=\(values[$0] ?? "")" }.joined(separator: ", "))
        }
        if !run.metrics.isEmpty {
            Console.out("  metrics: " + run.metrics.keys.sorted().map { "\($0)=\(String(format: "%.6g", run.metrics[$0] ?? .nan))" }.joined(separator: ", "))
        }
        let artifacts = try store.artifacts(ofRun: run.id)
        if !artifacts.isEmpty {
            Console.out(
                "  artifacts: "
                    + artifacts.map { $0.kind == "figure" ? "figure .thesis/artifacts/\($0.ref)" : "\($0.kind) \($0.ref.prefix(12))" }
                    .joined(separator: ", "))
        }
        for key in run.history.keys.sorted() {
            let values = run.history[key] ?? []
            Console.out("  \(key) by step (\(values.count)): " + values.map { String(format: "%.4g", $0) }.joined(separator: " "))
        }
    }
}

struct RunsTag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Set or remove your tags on a recorded run (KEY=VALUE; --remove KEY).",
        discussion: """
        Tags written in a directive (`tags=stage:draft`) are recorded with its run; this labels a \
        run afterwards without executing anything (e.g. `thesis runs tag 12 reviewed=yes`). The \
        tags the tool sets itself (kind, model, target, trial, script, error, git_commit, \
        git_dirty, …) cannot be changed.
        """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The run id.")
    var id: Int

    @Argument(help: "Tags to set, KEY=VALUE.")
    var tags: [String] = []

    @Option(help: "A tag to remove (repeatable).")
    var remove: [String] = []

    func parsed() throws -> [String: String] {
        var set: [String: String] = [:]
        for entry in tags {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("'\(entry)' is not KEY=VALUE (e.g. reviewed=yes)")
            }
            let key = String(entry[..<equals])
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
                throw ValidationError("tag key '\(key)' must be letters, digits, '_', '-' or '.'")
            }
            set[key] = String(entry[entry.index(after: equals)...])
        }
        if let key = (Array(set.keys) + remove).first(where: RunTags.automatic.contains) {
            throw ValidationError("'\(key)' is a tag the tool sets itself; choose another key")
        }
        return set
    }

    func validate() throws {
        guard !tags.isEmpty || !remove.isEmpty else { throw ValidationError("give KEY=VALUE tags to set or --remove KEY") }
        _ = try parsed()
    }

    func run() throws {
        let (store, lock) = try openStore(project)
        defer { withExtendedLifetime(lock) {} }
        guard let after = try store.tagRun(id, set: try parsed(), remove: remove) else {
            Console.error("thesis runs tag: no run \(id); `thesis runs` lists them")
            throw ExitCode.failure
        }
        Console.out("run \(id) tags: " + after.keys.sorted().map { "\($0)=\(after[$0] ?? "")" }.joined(separator: ", "))
    }
}

struct RunsCompare: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Parameters and final metrics of several runs side by side.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "Run ids.")
    var ids: [Int]

    @Flag(help: "Print the runs as JSON (an array, with metrics by step).")
    var json = false

    @Flag(help: "Print the runs as CSV, one row each.")
    var csv = false

    func validate() throws {
        if json, csv { throw ValidationError("--json and --csv: choose one") }
        if ids.isEmpty { throw ValidationError("name the runs to compare, e.g. `thesis runs compare 3 4`") }
    }

    func run() throws {
        let (store, lock) = try openStore(project)
        defer { withExtendedLifetime(lock) {} }
        let runs = try ids.map { id -> StoredRun in
            guard let run = try store.run(id: id) else { throw ValidationError("no run \(id); `thesis runs` lists them") }
            return run
        }
        if json { return FileHandle.standardOutput.write(try RunExport.json(runs, withHistory: true)) }
        if csv { return FileHandle.standardOutput.write(Data(RunExport.csv(runs).utf8)) }
        let params = Set(runs.flatMap { $0.params.keys }).sorted(), metrics = Set(runs.flatMap { $0.metrics.keys }).sorted()
        Console.out((["", ] + runs.map { "run \($0.id)" }).joined(separator: "\t"))
        for p in params { Console.out(([p] + runs.map { $0.params[p] ?? "–" }).joined(separator: "\t")) }
        for m in metrics { Console.out(([m] + runs.map { $0.metrics[m].map { String(format: "%.6g", $0) } ?? "–" }).joined(separator: "\t")) }
    }
}

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a static copy of the tracking dashboard (runs, curves, models) to reports/dashboard/.",
        discussion: """
        The page `thesis serve` offers at /dashboard, with the project's runs and models written into \
        it, each run's curves beside it as SVG and its figures, to open without a server (the prediction form \
        needs `thesis serve`). Not part of `thesis build`: the run history changes with every run, \
        and the build's outputs do not.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The folder to write, relative to the project.")
    var out = "reports/dashboard"

    func run() throws {
        let project = try self.project.load()
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        let folder = project.root.appendingPathComponent(out)
        let files = try DashboardPage.staticCopy(store: store)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try AtomicFile.write(bytes, to: folder.appendingPathComponent(path), inside: project.root)
        }
        let curves = files.keys.filter { $0.hasPrefix("curves/") }.count
        let figures = files.keys.filter { $0.hasPrefix("artifacts/") }.count
        Console.out(
            "thesis dashboard: wrote \(out)/index.html (\(curves) run curve\(curves == 1 ? "" : "s")"
                + (figures > 0 ? ", \(figures) figure file\(figures == 1 ? "" : "s")" : "") + ")")
    }
}
