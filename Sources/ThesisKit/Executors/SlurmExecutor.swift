import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument
import ThesisProcess

/// `thesis build --executor slurm`: plans as a local build does, then executes every stale
/// directive as a Slurm job instead of here, and leaves their results in the project's cache so
/// that the build which follows draws and writes from the cache alone.
///
/// 1. Stale directives are grouped in waves (a directive's wave is one more than the latest of
///    the stale directives it builds on). Each wave is one job array, each task
///    `thesis exec --key KEY` for one directive (or, past `arrayLimit` tasks, for a few, so a
///    wave stays one array); a wave's array waits for the previous wave's with
///    `--dependency=afterany:…`.
/// 2. Cached results the jobs build on are exported to the shared store first; jobs read only
///    that store and the project's files, and write one file per result (`SharedResultStore`).
/// 3. When no job is pending or running, the coordinator ingests every result into the cache
///    (as if it had executed it) and turns every failed or missing one into a located error.
///    A result already in the shared store is ingested without a job, so `thesis build` again
///    resubmits only what is missing.
///
/// Directives that read the model registry (`model promote` with a champion) run here: the
/// registry lives in the project's SQLite file, which jobs never open.
public struct SlurmExecutor {
    public let pipeline: Pipeline
    public let settings: ExecutorSettings
    public let shared: SharedResultStore
    /// The thesis binary the jobs run (this one).
    public var executable: String
    /// Where `sbatch` and `squeue` are looked up.
    public var searchPath: String
    /// Most tasks in one job array (Slurm's `MaxArraySize` is 1001 by default); a larger wave
    /// gives each task several directives.
    public var arrayLimit: Int
    /// Seconds between two looks at the queue.
    public var pollInterval = 0.5
    /// Progress lines ("slurm: …"), to standard error.
    public var log: (String) -> Void

    public init(
        pipeline: Pipeline, settings: ExecutorSettings, executable: String,
        searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        log: @escaping (String) -> Void
    ) {
        self.pipeline = pipeline
        self.settings = settings
        self.shared = SharedResultStore(project: pipeline.project)
        self.arrayLimit = settings.arraySize
        self.executable = executable
        self.searchPath = searchPath
        self.log = log
    }

    /// What the executor did, for the build's summary.
    public struct Summary: Sendable, Equatable {
        /// Directives submitted as jobs, and the job arrays they were in.
        public var submitted = 0
        public var jobIDs: [String] = []
        public var waves = 0
        /// Results ingested into the cache (including ones a previous run's jobs left).
        public var ingested = 0
        /// Directives whose job failed or left no result.
        public var failed = 0
        /// Stale directives left to run here (they read the model registry).
        public var local = 0
        /// Seconds from the first submission until the last job ended, and for ingesting.
        public var waitSeconds = 0.0
        public var ingestSeconds = 0.0

        /// "slurm: 12 directives in 3 job arrays (2 waves), 12 results ingested".
        public var line: String {
            var text = "slurm: \(submitted) directive\(submitted == 1 ? "" : "s") submitted"
            if submitted > 0 {
                text +=
                    " in \(jobIDs.count) job array\(jobIDs.count == 1 ? "" : "s") (\(waves) wave\(waves == 1 ? "" : "s"))"
            }
            text += ", \(ingested) result\(ingested == 1 ? "" : "s") ingested"
            if failed > 0 { text += ", \(failed) failed" }
            if local > 0 { text += ", \(local) left to run here" }
            return text
        }
    }

    /// A problem with Slurm itself (no sbatch, a refused submission): the build stops before
    /// anything is lost.
    public struct SlurmError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Submits, waits and ingests. Returns the summary and the directives (by key) that must not
    /// execute here, with their located errors: pass them as `BuildOptions.unavailable`.
    public func run(diagnostics: DiagnosticCollector) throws -> (summary: Summary, unavailable: [String: [Diagnostic]])
    {
        var summary = Summary()
        // Planning errors (a duplicate id, an unknown option) are the build's to report; as in a
        // local build, every directive they leave keyed still executes.
        let plan = pipeline.planOnly(diagnostics: DiagnosticCollector())
        let directives = plan.directives
        var stale = Set<Int>()
        for node in directives where !node.key.isEmpty && !((try? pipeline.store.contains(node.key)) ?? false) {
            stale.insert(node.index)
        }
        // Registry readers, and what builds on them, stay here.
        var local = Set<Int>()
        for i in plan.order where stale.contains(i) {
            let node = directives[i]
            let readsRegistry =
                !node.registeredModels.isEmpty
                || !node.resolved.directive.requestedRegistryReferences(node.resolved.arguments).isEmpty
            if readsRegistry || node.dependencies.contains(where: local.contains) { local.insert(i) }
        }
        summary.local = local.count
        let remote = plan.order.filter { stale.contains($0) && !local.contains($0) }
        let submit = remote.filter { !shared.hasEntry(directives[$0].key) }

        var unavailable: [String: [Diagnostic]] = [:]
        var taskNames: [String: String] = [:]  // key → JOB_TASK
        var states: [String: String] = [:]  // JOB_TASK → last state seen
        if !submit.isEmpty {
            let sbatch = try tool("sbatch"), squeue = try tool("squeue")
            try exportDependencies(of: submit, plan: plan)
            let waves = Self.waves(submit, plan: plan)
            summary.waves = waves.count
            let script = try writeScript()
            var previous: [String] = []
            let clock = DispatchTime.now()
            for (w, wave) in waves.enumerated() {
                let keys = wave.map { directives[$0].key }
                for key in keys { shared.clearFailure(key) }
                let perTask = Self.directivesPerTask(keys.count, arrayLimit: arrayLimit)
                let keyFile = shared.jobs.appendingPathComponent(
                    "wave-\(w + 1)-\(SHA256.hex(Data(keys.joined(separator: "\n").utf8)).prefix(16)).keys")
                try SharedResultStore.writeAtomically(Data((keys.joined(separator: "\n") + "\n").utf8), to: keyFile)
                let tasks = (keys.count + perTask - 1) / perTask
                let id = try submitArray(
                    sbatch, script: script, keys: keyFile, tasks: tasks, perTask: perTask, wave: w + 1, after: previous)
                for (t, key) in keys.enumerated() { taskNames[key] = "\(id)_\(t / perTask)" }
                summary.jobIDs.append(id)
                previous = [id]
            }
            summary.submitted = submit.count
            log(
                "slurm: submitted \(submit.count) directive\(submit.count == 1 ? "" : "s") as job\(summary.jobIDs.count == 1 ? "" : "s") "
                    + summary.jobIDs.joined(separator: ", ") + " (\(waves.count) wave\(waves.count == 1 ? "" : "s"))")
            states = try wait(for: summary.jobIDs, squeue: squeue, keys: submit.map { directives[$0].key })
            summary.waitSeconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
        }

        let clock = DispatchTime.now()
        for i in remote {
            let node = directives[i]
            if let entry = shared.entry(node.key) {
                if pipeline.ingest(entry, of: node, diagnostics: diagnostics) {
                    summary.ingested += 1
                    continue
                }
                summary.failed += 1
                unavailable[node.key] = [
                    Diagnostic(
                        .error, at: node.call.location, directive: node.call.kind,
                        "its result from Slurm could not be stored in the cache")
                ]
            } else if let failure = shared.failure(node.key) {
                summary.failed += 1
                pipeline.recordRemoteFailure(failure, of: node)
                unavailable[node.key] = failure.dependencyMissing ? [] : failure.located(kind: node.call.kind)
            } else {
                summary.failed += 1
                let task = taskNames[node.key]
                let state = task.flatMap { states[$0] } ?? "ended"
                var message = "its Slurm job"
                if let task {
                    message +=
                        " \(task) ended \(state) without a result; its output is in "
                        + "\(Project.stateDirectory)/store/logs/\(task).out"
                } else {
                    message += " left no result"
                }
                message += "; thesis build --executor slurm again resubmits it"
                unavailable[node.key] = [Diagnostic(.error, at: node.call.location, directive: node.call.kind, message)]
            }
        }
        summary.ingestSeconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
        return (summary, unavailable)
    }

    /// The waves of `submit`: a directive's wave is one after the latest wave of the submitted
    /// directives it builds on.
    static func waves(_ submit: [Int], plan: BuildPlan) -> [[Int]] {
        let members = Set(submit)
        var wave: [Int: Int] = [:]
        for i in plan.order where members.contains(i) {
            wave[i] = plan.directives[i].dependencies.compactMap { wave[$0] }.max().map { $0 + 1 } ?? 0
        }
        let count = (wave.values.max() ?? -1) + 1
        var waves = Array(repeating: [Int](), count: count)
        for i in plan.order where members.contains(i) { waves[wave[i]!].append(i) }
        return waves
    }

    /// Cached results the submitted directives build on go to the shared store.
    private func exportDependencies(of submit: [Int], plan: BuildPlan) throws {
        let members = Set(submit)
        var exported = Set<Int>()
        for i in submit {
            for j in plan.directives[i].dependencies where !members.contains(j) && !exported.contains(j) {
                exported.insert(j)
                let dependency = plan.directives[j]
                if shared.hasEntry(dependency.key) { continue }
                guard try pipeline.export(dependency, to: shared) else {
                    throw SlurmError(
                        description:
                            "\(dependency.call.location): [\(dependency.call.kind)] has no cached result to give the jobs that build on it"
                    )
                }
            }
        }
    }

    /// Directives per array task: one, until a wave has more than `arrayLimit`; then as many as
    /// keep the wave in one array of at most `arrayLimit` tasks (each task plans the project
    /// once for all of its directives).
    static func directivesPerTask(_ count: Int, arrayLimit: Int) -> Int {
        max(1, (count + arrayLimit - 1) / max(1, arrayLimit))
    }

    /// The batch script: task N of an array runs the directives on lines N·P+1 … N·P+P of the key file.
    private func writeScript() throws -> URL {
        let url = shared.jobs.appendingPathComponent("run-directive.sh")
        let text = """
            #!/bin/sh
            # Written by thesis build --executor slurm: array task N executes the P directives whose
            # cache keys are on lines N*P+1 to N*P+P of the key file, into the shared store.
            # Arguments: KEY_FILE PROJECT_ROOT THESIS_BINARY P
            first=$((SLURM_ARRAY_TASK_ID * $4 + 1))
            keys=$(sed -n "${first},$((first + $4 - 1))p" "$1" | sed 's/^/--key /')
            [ -n "$keys" ] || { echo "no key for task $SLURM_ARRAY_TASK_ID in $1" >&2; exit 1; }
            cd "$2" || exit 1
            # Keys are hexadecimal digests: splitting $keys into words is safe.
            exec "$3" exec $keys

            """
        try SharedResultStore.writeAtomically(Data(text.utf8), to: url)
        chmod(url.path, 0o755)
        return url
    }

    private func submitArray(
        _ sbatch: String, script: URL, keys: URL, tasks: Int, perTask: Int, wave: Int, after: [String]
    ) throws -> String {
        try FileManager.default.createDirectory(at: shared.logs, withIntermediateDirectories: true)
        var arguments = [
            "--parsable", "--job-name=thesis-wave-\(wave)",
            "--array=0-\(tasks - 1)" + (settings.maxJobs.map { "%\($0)" } ?? ""),
            "--output=\(shared.logs.path)/%A_%a.out", "--chdir=\(pipeline.project.root.path)",
            "--cpus-per-task=\(settings.cpus)", "--ntasks=1",
        ]
        if let partition = settings.partition { arguments.append("--partition=\(partition)") }
        if let time = settings.time { arguments.append("--time=\(time)") }
        if let memory = settings.memory { arguments.append("--mem=\(memory)") }
        if !after.isEmpty { arguments.append("--dependency=afterany:" + after.joined(separator: ":")) }
        arguments += [script.path, keys.path, pipeline.project.root.path, executable, String(perTask)]
        let (status, out, err) = try Self.capture(sbatch, arguments)
        let id = out.split(separator: "\n").first.map { String($0.split(separator: ";").first ?? "") } ?? ""
        guard status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SlurmError(
                description: "sbatch refused wave \(wave): \(err.isEmpty ? out : err)".trimmingCharacters(
                    in: .whitespacesAndNewlines))
        }
        return id
    }

    /// States in which a job may still make its result.
    static let activeStates: Set<String> = [
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
        "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED",
    ]

    /// Polls the queue until none of `ids`' tasks is active; returns each task's last state.
    private func wait(for ids: [String], squeue: String, keys: [String]) throws -> [String: String] {
        var states: [String: String] = [:]
        var lastDone = -1
        var failures = 0
        while true {
            let (status, out, err) = try Self.capture(
                squeue, ["-h", "-r", "-t", "all", "-j", ids.joined(separator: ","), "-o", "%i %T"])
            if status != 0 {
                // Jobs that left the controller's memory are "invalid"; anything else is retried a while.
                if err.contains("Invalid job id") { break }
                failures += 1
                if failures > 20 { throw SlurmError(description: "squeue keeps failing: \(err)") }
                Thread.sleep(forTimeInterval: pollInterval)
                continue
            }
            failures = 0
            var active = 0
            for line in out.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count >= 2 else { continue }
                let state = String(parts[1]).split(separator: "+").first.map(String.init) ?? String(parts[1])
                states[String(parts[0])] = state
                if Self.activeStates.contains(state) { active += 1 }
            }
            let done = keys.reduce(0) { $0 + (shared.hasEntry($1) || shared.failure($1) != nil ? 1 : 0) }
            if done != lastDone {
                log(
                    "slurm: \(done) of \(keys.count) directive\(keys.count == 1 ? "" : "s") done, \(active) job\(active == 1 ? "" : "s") queued or running"
                )
                lastDone = done
            }
            if active == 0 { break }
            Thread.sleep(forTimeInterval: pollInterval)
        }
        return states
    }

    private func tool(_ name: String) throws -> String {
        guard let path = Subprocess.lookUp(name, path: searchPath) else {
            throw SlurmError(
                description: "\(name) is not on PATH: --executor slurm needs Slurm's client commands (sbatch, squeue)")
        }
        return path
    }

    /// Runs a Slurm command and returns its exit status, output and errors.
    static func capture(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
        )
    }
}
