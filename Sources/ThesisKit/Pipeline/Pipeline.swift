import Foundation
import ThesisCache
import ThesisData
import ThesisDirectives
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisMarkdown
import ThesisModels
import ThesisWriters

/// How to run a build.
public struct BuildOptions: Sendable {
    /// Directives run in parallel on this many workers; outputs do not depend on it.
    public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Read results from the cache (false re-executes everything, as `verify` does).
    public var useCache = true
    /// Where figures/ and reports/ are written; the project root unless verifying.
    public var outputRoot: URL?
    /// Write figures and reports (false for `status`-like dry runs).
    public var writeOutputs = true
    /// Execute only these directives and what they build on (`verify --sample`).
    public var only: Set<Int>?
    /// Draft mode (`thesis build --draft`): the reports are written even when something fails;
    /// a failing directive is an error box at its place, other problems are listed at the top.
    public var draft = false
    /// The live preview's first pass: a directive without a cached result is not executed but
    /// shown as pending (with what builds on it), so a prose edit is on screen at once.
    public var pendingIfStale = false
    /// Called from worker threads as directives execute (the terminal's progress line).
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// Directives, by key, that must not execute in this build when they have no cached result,
    /// with the diagnostics to report instead (the Slurm executor's failed jobs).
    public var unavailable: [String: [Diagnostic]] = [:]

    public init() {}
}

/// What a build did.
public struct BuildReport: Sendable {
    public var plan: BuildPlan
    public var document: Document
    public var results: [Int: DirectiveResult] = [:]
    /// SHA-256 of each result's canonical JSON (for the manifest).
    public var resultHashes: [Int: String] = [:]
    public var executed: Set<Int> = []
    public var fromCache: Set<Int> = []
    public var failed: Set<Int> = []
    /// Not executed because `pendingIfStale` was set: no cached result, or building on one without.
    public var pending: Set<Int> = []
    public var figuresDrawn = 0
    /// Drawn figure files per directive (path → SHA-256).
    public var outputHashes: [Int: [String: String]] = [:]
    public var manifest: Manifest?
    public var diagnostics: [Diagnostic] = []
    public var writtenReports: [String] = []
    public var seconds: Double = 0
    /// Wall time of each stage, in order (for `thesis build --timings`).
    public var stageSeconds: [(stage: String, seconds: Double)] = []

    /// Monitoring rules that fired, with the monitor that checked them.
    public var alerts: [FiredAlert] = []
    /// Promotion decisions (`model promote`), in document order.
    public var promotions: [BuildPromotion] = []
    /// Whether a promotion was refused: `thesis retrain` then exits 3.
    public var refusedPromotion: Bool { promotions.contains { !$0.promotion.promoted } }

    /// The programs the build's scripts ran (for the build stamp).
    public var programs: [ProgramIdentity] = []

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var succeeded: Bool { errorCount == 0 }
    /// Whether an alert not marked `warn` fired: `thesis build` then exits 2 (after writing).
    public var alerted: Bool { alerts.contains { !$0.alert.warn } }

    /// One line for the end of `thesis build`.
    public var summaryLine: String { summaryText + String(format: " (%.2f s)", seconds) }

    /// The summary line without the build's time.
    public var summaryText: String {
        var parts = ["\(plan.directives.count) directives: \(executed.count) executed, \(fromCache.count) from cache"]
        if !failed.isEmpty || errorCount > 0 { parts[0] += ", \(failed.count) failed" }
        if !pending.isEmpty { parts[0] += ", \(pending.count) pending" }
        if !alerts.isEmpty {
            let warnings = alerts.filter(\.alert.warn).count
            parts[0] += ", \(alerts.count) alert\(alerts.count == 1 ? "" : "s")" + (warnings > 0 ? " (\(warnings) as warnings)" : "")
        }
        parts.append("\(figuresDrawn) figures drawn")
        if errorCount > 0 {
            let written = writtenReports.isEmpty ? "reports/ left unchanged" : "draft written: " + writtenReports.joined(separator: ", ")
            parts.append("\(errorCount) error\(errorCount == 1 ? "" : "s"); \(written)")
        } else if !writtenReports.isEmpty {
            parts.append("wrote " + writtenReports.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}

/// parse → resolve → execute (with cache) → draw → write. Throws only when the build cannot
/// continue at all; everything else becomes a diagnostic, and one failing directive does not
/// stop the others.
public final class Pipeline: @unchecked Sendable {
    public let project: Project
    public let store: ResultStore
    public let registry: [any Directive.Type]
    public let writers: [any Writer]

    private let lock = NSLock()
    /// The data files of the current build (see `InputFiles`).
    private var inputFiles: InputFiles
    /// The programs of the current build's scripts.
    private var programs: Programs?
    private var frames: [String: Result<TimeSeriesFrame, Diagnostic>] = [:]
    private var reportedCacheRecovery = false
    /// `gitState()`'s answer, once asked.
    private var git: GitState??
    /// Frames decoded from data-holding results (prepared panels), by the result's hash: a panel
    /// used by several directives is decoded once per build.
    private var resultFrames: [String: TimeSeriesFrame] = [:]
    /// Model files saved in this build, by id: what a directive reading a model (`monitor of=`)
    /// gets when the store keeps no files (verify's and exec's in-memory stores).
    private var savedModels: [String: Data] = [:]
    /// Where registry references (`model promote`'s champion) are looked up; nil: `store`.
    /// `thesis verify` points it at the project's store, so a decision is checked against the
    /// registry it was made with.
    public var modelRegistry: ResultStore?
    /// When set, registry references resolve to these model ids (`NAME@ALIAS` → id) instead of
    /// the registry's aliases: verify re-executes a decision against the champion the build saw.
    public var registeredSnapshot: [String: String]?
    /// Registry changes of one build are applied one at a time (a directive's several steps together).
    private let registryLock = NSLock()
    /// The promotions applied in the current build, by directive index.
    private var appliedPromotions: [Int: AppliedPromotion] = [:]
    private var actorName: String?
    /// Directives that must not execute here (`BuildOptions.unavailable`), with why.
    private var unavailable: [String: [Diagnostic]] = [:]
    /// The threads a directive may use itself (`DirectiveContext.workers`): the build's `jobs`.
    private var directiveWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Whether OpenBLAS has been loaded in this process (it loads on the first BLAS call; a
    /// build in which nothing executes should not load it).
    public static var isOpenBLASLoaded: Bool { BLASThreads.isLoaded }

    public init(project: Project, store: ResultStore, registry: [any Directive.Type] = DirectiveRegistry.all,
                writers: [any Writer] = WriterRegistry.all) {
        self.project = project
        self.store = store
        BLASThreads.set(Engine.blasThreads)
        Engine.identify(store: store, components: [ModelEngine.version])
        self.registry = registry
        self.writers = writers
        inputFiles = InputFiles(project: project, store: store)
    }

    /// Parses, resolves and keys the document: the plan of a build. Starts a new build's view of
    /// the data files (each read at most once, see `InputFiles`).
    func plan(diagnostics: DiagnosticCollector) -> (Document, Bibliography?, BuildPlan, unkeyed: Set<Int>) {
        let (document, bibliography) = parse(diagnostics: diagnostics)
        var plan = BuildPlan.make(document: document, project: project, bibliography: bibliography,
                                  registry: registry, diagnostics: diagnostics)
        let unkeyed = computeKeys(&plan, diagnostics: diagnostics)
        return (document, bibliography, plan, unkeyed)
    }

    /// Keys `plan` against a fresh view of the data files, which execution then reads.
    func computeKeys(_ plan: inout BuildPlan, diagnostics: DiagnosticCollector) -> Set<Int> {
        lock.lock()
        inputFiles = InputFiles(project: project, store: store)
        frames = [:]
        resultFrames = [:]
        savedModels = [:]
        appliedPromotions = [:]
        let files = inputFiles
        lock.unlock()
        let registry = modelRegistry ?? store
        let programs = Programs(project: project, store: store)
        lock.lock()
        self.programs = programs
        lock.unlock()
        return plan.computeKeys(inputs: files, programs: programs,
                                registry: { [registeredSnapshot] reference in
                                    if let snapshot = registeredSnapshot { return snapshot[reference] }
                                    guard let at = reference.firstIndex(of: "@") else { return nil }
                                    return try? registry.aliasedModel(String(reference[reference.index(after: at)...]),
                                                                      of: String(reference[..<at]))
                                }, diagnostics: diagnostics)
    }

    // MARK: - Stage 1: parse

    /// Reads every chapter and the bibliography.
    public func parse(diagnostics: DiagnosticCollector) -> (Document, Bibliography?) {
        var chapters: [Chapter] = []
        let files: [String]
        do { files = try project.chapterFiles() } catch {
            diagnostics.emit(.error("cannot list \(Project.chaptersDirectory)/: \(FileSystemError.describe(error))"))
            files = []
        }
        if files.isEmpty {
            diagnostics.emit(.error("no chapters: add Markdown files such as \(Project.chaptersDirectory)/01-introduction.md"))
        }
        for (index, file) in files.enumerated() {
            // A chapter that is a link to a file outside the project would publish that file.
            if let problem = Project.checkInside(file, root: project.root, mustExist: true, what: "chapter",
                                                 remedy: "chapters are read only from inside the project; replace the link with the file itself") {
                diagnostics.emit(.error(problem, at: SourceLocation(file: file, line: 1, column: 1)))
                continue
            }
            guard var chapter = readMarkdown(file, number: index + 1, diagnostics: diagnostics) else { continue }
            if file.hasPrefix(Project.appendixDirectory + "/") { chapter.isAppendix = true }
            chapters.append(chapter)
        }
        var document = Document(chapters: chapters)
        document.front = readFrontMatter(diagnostics: diagnostics)
        var bibliography: Bibliography?
        if let bib = project.bibliographyFile {
            if let data = FileManager.default.contents(atPath: project.url(bib).path) {
                if let text = String(data: data, encoding: .utf8) {
                    let (parsed, problems) = Bibliography.parse(text.replacingOccurrences(of: "\r\n", with: "\n"), file: bib)
                    diagnostics.emit(contentsOf: problems)
                    bibliography = parsed
                } else {
                    diagnostics.emit(UTF8Validation.diagnostic(data, file: bib))
                }
            } else {
                diagnostics.emit(.error("cannot read bibliography \(bib)", at: SourceLocation(file: bib, line: 1, column: 1)))
            }
        }
        return (document, bibliography)
    }

    /// A Markdown file of the project read as a chapter, its problems reported; nil (with the
    /// reason reported) when it cannot be read or is not UTF-8.
    private func readMarkdown(_ file: String, number: Int, diagnostics: DiagnosticCollector) -> Chapter? {
        guard let data = FileManager.default.contents(atPath: project.url(file).path) else {
            diagnostics.emit(.error("cannot read \(file)", at: SourceLocation(file: file, line: 1, column: 1)))
            return nil
        }
        // The reader owns the bytes and lets them go once its prepass is done.
        var bytes = [UInt8](data)
        guard UTF8Validation.firstInvalid(in: bytes) == nil else {
            diagnostics.emit(UTF8Validation.diagnostic(data, file: file))
            return nil
        }
        let (chapter, problems) = MarkdownReader.read(utf8: &bytes, file: file, number: number)
        diagnostics.emit(contentsOf: problems)
        return chapter
    }

    /// The abstract, acknowledgements and dedication: Markdown without directives (they are
    /// printed before the first chapter, so nothing in them is computed).
    private func readFrontMatter(diagnostics: DiagnosticCollector) -> FrontMatter {
        var front = FrontMatter()
        for key in project.frontFiles.keys.sorted() {
            guard let text = readMarkdown(project.frontFiles[key]!, number: 0, diagnostics: diagnostics) else { continue }
            var blocks: [Block] = []
            for block in text.blocks {
                switch block {
                case .directive(let call):
                    diagnostics.emit(Diagnostic(.error, at: call.location, directive: call.kind,
                        "the front matter (\(key)) cannot run directives; put <<\(call.kind) …>> in a chapter and refer to its results there"))
                case .heading(1, _, _):
                    continue  // the section has its own title
                default:
                    blocks.append(block)
                }
            }
            switch key {
            case "abstract": front.abstract = blocks
            case "acknowledgements": front.acknowledgements = blocks
            default: front.dedication = blocks
            }
        }
        return front
    }

    // MARK: - Whole build

    /// Runs every stage. Figures and reports are written only when there are no errors, so a
    /// failed build leaves the previous outputs intact.
    public func build(_ options: BuildOptions = BuildOptions()) -> BuildReport {
        let start = DispatchTime.now()
        var stages: [(String, Double)] = []
        var lap = start
        func mark(_ stage: String) {
            let now = DispatchTime.now()
            stages.append((stage, Double(now.uptimeNanoseconds - lap.uptimeNanoseconds) / 1e9))
            lap = now
        }
        let diagnostics = DiagnosticCollector()
        diagnostics.emit(contentsOf: project.warnings)
        let (document, bibliography) = parse(diagnostics: diagnostics)
        mark("parse")
        var plan = BuildPlan.make(document: document, project: project, bibliography: bibliography,
                                  registry: registry, diagnostics: diagnostics)
        mark("plan")
        let unkeyed = computeKeys(&plan, diagnostics: diagnostics)
        mark("keys")
        var report = BuildReport(plan: plan, document: document)
        execute(plan: plan, skipping: unkeyed, options: options, diagnostics: diagnostics, report: &report)
        mark("execute")
        collectAlerts(&report, diagnostics: diagnostics)
        collectPromotions(&report, diagnostics: diagnostics)
        if options.writeOutputs, options.outputRoot == nil {
            let fresh = report.alerts.filter(\.fresh)
            diagnostics.emit(contentsOf: project.alerts.deliver(fresh, project: project))
        }
        // Numbers first (they name the figure files), then the figures, then the document is
        // assembled once: results, ids, captions and inline values in place.
        let nodes = plan.indexByNode
        let shown = shownResults(plan: plan, results: report.results)
        let numbering = Numbering(document, groupingFigures: project.metadata.latex.subfigures) { call in
            guard let index = nodes[call.node] else { return (nil, nil) }
            return (plan.directives[index].id, shown[index])
        }
        let outputRoot = options.outputRoot ?? project.root
        checkInlineValues(document, plan: plan, results: report.results, diagnostics: diagnostics)
        checkLaterOutputReferences(document, plan: plan, numbering: numbering, results: shown, diagnostics: diagnostics)
        var figures = PlacedFigures()
        // Strict builds write nothing when anything failed; a draft writes what it has.
        let canWrite = !diagnostics.hasErrors || options.draft
        if canWrite {
            figures = drawFigures(&report, results: shown, numbering: numbering, outputRoot: outputRoot,
                                  write: options.writeOutputs, diagnostics: diagnostics)
            if options.writeOutputs, options.outputRoot == nil { recordRunFigures(report, outputRoot: outputRoot) }
        }
        mark("figures")
        report.document = assemble(document, plan: plan, results: shown, figures: figures)
        var draftProblems: [String]?
        if options.draft, diagnostics.hasErrors {
            let (placed, others) = Self.placeProblems(diagnostics.diagnostics, in: document)
            report.document = report.document.mapped(block: { block in
                guard case .directive(var call) = block, call.output == nil, let problem = placed[call.node] else { return block }
                call.problem = problem
                return .directive(call)
            })
            draftProblems = others
        }
        if !report.pending.isEmpty {
            let pending = Set(report.pending.map { plan.directives[$0].node })
            let estimates = report.pending.reduce(into: [DirectiveID: Double]()) { out, i in
                if let seconds = try? store.lastDuration(site: ProgressTracker.site(of: plan.directives[i])) {
                    out[plan.directives[i].node] = seconds
                }
            }
            report.document = report.document.mapped(block: { block in
                guard case .directive(var call) = block, pending.contains(call.node) else { return block }
                call.pending = estimates[call.node].map { "(it took \(Self.describe(seconds: $0)) last time)" } ?? ""
                return .directive(call)
            })
        }
        if canWrite, options.writeOutputs, options.only == nil {
            writeReports(&report, numbering: numbering, bibliography: bibliography ?? Bibliography(), outputRoot: outputRoot,
                         draftProblems: draftProblems, diagnostics: diagnostics)
        }
        mark("reports")
        report.stageSeconds = stages
        report.programs = programs?.consulted ?? []
        report.diagnostics = withSourceLines(diagnostics.diagnostics)
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return report
    }

    /// A draft's errors: those inside a directive (its lines) by the directive, to be shown in
    /// its place; the others as "file:line: message", for a list at the top of the report.
    static func placeProblems(_ diagnostics: [Diagnostic], in document: Document) -> ([DirectiveID: String], [String]) {
        var spans: [(DirectiveID, String, ClosedRange<Int>)] = []
        for call in document.directiveCalls {
            let lines = call.source.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            spans.append((call.node, call.location.file, call.location.line...(call.location.line + lines)))
        }
        var placed: [DirectiveID: String] = [:]
        var others: [String] = []
        for diagnostic in diagnostics where diagnostic.severity == .error {
            let location = diagnostic.location
            if let location, let span = spans.first(where: { $0.1 == location.file && $0.2.contains(location.line) }) {
                placed[span.0] = (placed[span.0].map { $0 + "\n" } ?? "") + "\(location): \(diagnostic.message)"
            } else {
                others.append((location.map { "\($0): " } ?? "") + diagnostic.message)
            }
        }
        return (placed, others)
    }

    // MARK: - Stage 3: execute

    func executeForExec(plan: BuildPlan, skipping unkeyed: Set<Int>, options: BuildOptions, diagnostics: DiagnosticCollector, report: inout BuildReport) {
        execute(plan: plan, skipping: unkeyed, options: options, diagnostics: diagnostics, report: &report)
    }

    private func execute(plan: BuildPlan, skipping unkeyed: Set<Int>, options: BuildOptions,
                         diagnostics: DiagnosticCollector, report: inout BuildReport) {
        var needed = Set(plan.order)
        if let only = options.only {
            needed = []
            var stack = Array(only)
            while let i = stack.popLast() {
                if needed.insert(i).inserted { stack.append(contentsOf: plan.directives[i].dependencies) }
            }
        }
        directiveWorkers = max(1, options.jobs)
        unavailable = options.unavailable
        let state = ExecutionState(failed: unkeyed)
        // How many directives will execute is asked of the cache only when someone listens (a
        // first pass of the preview executes none: a cache miss is pending, see `run`).
        let tracker = options.progress.map { report -> ProgressTracker in
            let stale = options.pendingIfStale ? [] : needed.filter {
                !unkeyed.contains($0) && !(options.useCache && ((try? store.contains(plan.directives[$0].key)) ?? false))
            }
            return ProgressTracker(total: stale.count, store: store, report: report)
        }
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, options.jobs)
        for wave in plan.waves {
            let (results, failed) = state.snapshot()
            for i in wave where needed.contains(i) {
                let node = plan.directives[i]
                if node.dependencies.contains(where: { failed.contains($0) }) || unkeyed.contains(i) {
                    state.record(i, .failed)
                    continue
                }
                if options.pendingIfStale, node.dependencies.contains(where: { state.isPending($0) }) {
                    state.record(i, .pending)
                    continue
                }
                let dependencyResults = node.dependencies.reduce(into: [Int: DirectiveResult]()) { $0[$1] = results[$1] }
                // Objects of cached results are read only if this directive executes.
                let deferred = node.dependencies.reduce(into: [Int: String]()) { keys, j in
                    if state.isDeferred(j) { keys[j] = plan.directives[j].key }
                }
                queue.addOperation { [self] in
                    state.record(i, run(node, dependencyResults: dependencyResults, deferredObjects: deferred,
                                        useCache: options.useCache, pendingIfStale: options.pendingIfStale, tracker: tracker,
                                        diagnostics: diagnostics))
                }
            }
            queue.waitUntilAllOperationsAreFinished()
        }
        (report.results, report.resultHashes, report.executed, report.fromCache, report.failed) = state.final()
        report.pending = state.pendingSet()
    }

    /// "25 s", "3 min 10 s": a duration for people.
    static func describe(seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }

    /// Outcomes of the directives of one build, recorded from worker threads.
    private final class ExecutionState: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Int: DirectiveResult] = [:]
        private var hashes: [Int: String] = [:]
        private var executed = Set<Int>(), fromCache = Set<Int>(), failed: Set<Int>
        /// Cached results whose object was not read (see `ResultStore.lookup(_:withObject:)`).
        private var deferred = Set<Int>()
        private var pending = Set<Int>()

        init(failed: Set<Int>) { self.failed = failed }

        func isPending(_ index: Int) -> Bool {
            lock.lock(); defer { lock.unlock() }
            return pending.contains(index)
        }

        func pendingSet() -> Set<Int> {
            lock.lock(); defer { lock.unlock() }
            return pending
        }

        func isDeferred(_ index: Int) -> Bool {
            lock.lock(); defer { lock.unlock() }
            return deferred.contains(index)
        }

        func record(_ index: Int, _ outcome: Outcome) {
            lock.lock(); defer { lock.unlock() }
            switch outcome {
            case .cached(let r, let hash, let deferredObject):
                results[index] = r; hashes[index] = hash; fromCache.insert(index)
                if deferredObject { deferred.insert(index) }
            case .executed(let r, let hash): results[index] = r; hashes[index] = hash; executed.insert(index)
            case .failed: failed.insert(index)
            case .pending: pending.insert(index)
            }
        }

        func snapshot() -> ([Int: DirectiveResult], Set<Int>) {
            lock.lock(); defer { lock.unlock() }
            return (results, failed)
        }

        func final() -> ([Int: DirectiveResult], [Int: String], Set<Int>, Set<Int>, Set<Int>) {
            lock.lock(); defer { lock.unlock() }
            return (results, hashes, executed, fromCache, failed)
        }
    }

    enum Outcome {
        case cached(DirectiveResult, hash: String, deferredObject: Bool)
        case executed(DirectiveResult, hash: String)
        case failed
        case pending
    }

    private func run(_ node: PlannedDirective, dependencyResults: [Int: DirectiveResult], deferredObjects: [Int: String], useCache: Bool,
                     pendingIfStale: Bool, tracker: ProgressTracker?, diagnostics: DiagnosticCollector) -> Outcome {
        if useCache {
            do {
                // A result whose model artifact was deleted executes again to make it.
                if let hit = try store.lookup(node.key, withObject: false), hit.result.model.map({ store.hasModelFile($0.id) }) ?? true {
                    return applyingRegistration(
                        .cached(hit.result, hash: hit.resultHash, deferredObject: hit.hasDeferredObject), of: node, diagnostics: diagnostics)
                }
            } catch {
                cacheFailed(error, at: node, diagnostics: diagnostics, doing: "cache lookup failed")
            }
        }
        if pendingIfStale { return .pending }
        if let reasons = unavailable[node.key] {
            for reason in reasons { diagnostics.emit(reason) }
            return .failed
        }
        let activity = tracker?.start(node)
        let clock = DispatchTime.now()
        var progress: (@Sendable (Int, Int, String) -> Void)?
        if let activity, let tracker {
            progress = { done, total, unit in tracker.advance(activity, done: done, total: total, unit: unit) }
        }
        let outcome = execute(node, dependencyResults: dependencyResults, deferredObjects: deferredObjects,
                              progress: progress, diagnostics: diagnostics)
        if let activity {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
            if case .failed = outcome { tracker?.finish(activity, seconds: seconds, succeeded: false) } else {
                tracker?.finish(activity, seconds: seconds, succeeded: true)
            }
        }
        return applyingRegistration(outcome, of: node, diagnostics: diagnostics)
    }

    /// Applies a `model register` result's registration to the project's registry, at every
    /// build (cached or not): the model becomes the newest version of the name unless it already
    /// is, and the alias points at that version.
    private func applyingRegistration(_ outcome: Outcome, of node: PlannedDirective, diagnostics: DiagnosticCollector) -> Outcome {
        let result: DirectiveResult
        switch outcome {
        case .cached(let r, _, _), .executed(let r, _): result = r
        case .failed, .pending: return outcome
        }
        if let promotion = result.promotion { return applyingPromotion(promotion, outcome, of: node, diagnostics: diagnostics) }
        guard let registration = result.registration else { return outcome }
        do {
            guard store.hasModelFile(registration.modelID) else {
                throw ModelReferenceError(description: "its file \(Project.stateDirectory)/models/\(registration.modelID).json is missing; rebuild the directive that saved it")
            }
            let source = "[\(node.call.kind)] at \(node.call.location.description)"
            registryLock.lock()
            defer { registryLock.unlock() }
            let (version, created) = try store.register(registration.modelID, as: registration.name, source: source)
            // The alias follows a new version, or is set when missing; an alias moved since (by
            // `model promote` or `thesis models alias`) is not moved back.
            let aliased = try registration.alias.flatMap { try store.aliasedModel($0, of: registration.name) }
            if let alias = registration.alias, created || aliased == nil {
                try store.setAlias(alias, of: registration.name, to: version, reason: source)
            }
            return outcome
        } catch {
            diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: node.call.kind, "cannot register the model: \(error)"))
            return .failed
        }
    }

    /// Applies a `model promote` decision to the registry (see `ResultStore.apply(_:source:who:)`)
    /// and keeps it for the report.
    private func applyingPromotion(_ promotion: Promotion, _ outcome: Outcome, of node: PlannedDirective,
                                   diagnostics: DiagnosticCollector) -> Outcome {
        do {
            for id in [promotion.challengerID] + (promotion.championID.map { [$0] } ?? []) where !store.hasModelFile(id) {
                lock.lock()
                let kept = savedModels[id]
                lock.unlock()
                guard kept != nil || store.modelsDirectory == nil else {
                    throw ModelReferenceError(description: "the file \(Project.stateDirectory)/models/\(id).json is missing; rebuild the directive that saved it")
                }
            }
            let source = "[\(node.call.kind)] at \(node.call.location.description)"
            registryLock.lock()
            defer { registryLock.unlock() }
            let applied = try store.apply(promotion, source: source, who: actor())
            lock.lock()
            appliedPromotions[node.index] = applied
            lock.unlock()
            return outcome
        } catch {
            diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: node.call.kind, "cannot apply the promotion: \(error)"))
            return .failed
        }
    }

    /// Who runs the build, for the registry's promotion records: git's `user.name <user.email>`
    /// when set, else the login name.
    private func actor() -> String {
        if let known = actorName { return known }
        let name = GitState.config("user.name", root: project.root), email = GitState.config("user.email", root: project.root)
        let login = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
        let who = name.map { n in email.map { "\(n) <\($0)>" } ?? n } ?? login ?? "unknown"
        actorName = who
        return who
    }

    /// Executes a directive that has no cached result, and stores what it made.
    private func execute(_ node: PlannedDirective, dependencyResults: [Int: DirectiveResult], deferredObjects: [Int: String],
                         progress: (@Sendable (Int, Int, String) -> Void)? = nil, diagnostics: DiagnosticCollector) -> Outcome {
        guard let computed = compute(node, dependencyResults: dependencyResults, deferredObjects: deferredObjects,
                                     progress: progress, diagnostics: diagnostics) else { return .failed }
        return persist(computed, of: node, diagnostics: diagnostics)
    }

    /// What executing a directive made, before anything is stored: the result as the directive
    /// returned it (its model artifact inline), how long it took and the hash of what it read.
    struct Computed {
        var result: DirectiveResult
        var seconds: Double
        var dataHash: String
    }

    /// Runs a directive in its context: data, results it builds on, files, programs. Failures
    /// are diagnostics (and a failed run in the store); nothing else is stored.
    func compute(_ node: PlannedDirective, dependencyResults: [Int: DirectiveResult], deferredObjects: [Int: String],
                 progress: (@Sendable (Int, Int, String) -> Void)? = nil, diagnostics: DiagnosticCollector) -> Computed? {
        let kind = node.call.kind
        var dependencyResults = dependencyResults
        for (j, key) in deferredObjects.sorted(by: { $0.key < $1.key }) {
            do {
                dependencyResults[j]?.object = try store.object(for: key)
            } catch {
                diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: kind,
                                            "cannot read the result it builds on from the cache (\(error)); build with --no-cache"))
                return nil
            }
        }
        var context = DirectiveContext(seed: node.seed)
        context.progress = progress
        context.workers = directiveWorkers
        context.dataHash = dataHash(of: node)
        for (option, source) in node.dataSources {
            switch source {
            case .file(let declaration) where declaration.format == .images:
                lock.lock()
                let files = inputFiles
                lock.unlock()
                guard let settings = declaration.images, let folder = try? files.imageFolder(declaration.path) else {
                    diagnostics.emit(Diagnostic(.note, at: node.resolved.location(of: option), directive: kind,
                                                "not run: image data set '\(declaration.name)' (\(declaration.path)) could not be read"))
                    return nil
                }
                context.imageSets[option] = ImageSet(
                    name: declaration.name, folder: folder, channels: settings.channels, width: settings.width,
                    height: settings.height, read: { try files.contents($0) })
                context.inputPaths[option] = declaration.path
                context.dataSetNames[option] = declaration.name
            case .file(let declaration):
                switch frame(declaration, diagnostics: diagnostics) {
                case .success(let frame):
                    context.data[option] = frame
                    context.inputHashes[option] = node.inputHashes[declaration.path]
                    context.inputPaths[option] = declaration.path
                    context.dataSetNames[option] = declaration.name
                case .failure:
                    diagnostics.emit(Diagnostic(.note, at: node.resolved.location(of: option), directive: kind,
                                                "not run: data set '\(declaration.name)' (\(declaration.path)) could not be read"))
                    return nil
                }
            case .result(let j):
                guard let object = dependencyResults[j]?.object, let frame = frame(of: object) else {
                    let id = node.resolved.values[option]?.description ?? "?"
                    diagnostics.emit(Diagnostic(.error, at: node.resolved.location(of: option), directive: kind,
                                                "'\(id)' holds no data (it is a table or figure); use a declared data set or the id of a prepared panel"))
                    return nil
                }
                context.data[option] = frame
                context.objects[option] = object
                if let declaration = node.rawSources[option] {
                    context.rawSources[option] = RawDataSource(name: declaration.name) { [self] in
                        try self.frame(declaration, diagnostics: DiagnosticCollector()).get()
                    }
                }
            }
        }
        lock.lock()
        let files = inputFiles
        lock.unlock()
        for (option, path) in node.projectFiles {
            do {
                context.files[option] = try files.contents(path)
            } catch {
                diagnostics.emit(Diagnostic(.error, at: node.resolved.location(of: option), directive: kind,
                                            "cannot read '\(path)': \(FileSystemError.describe(error))"))
                return nil
            }
        }
        for (option, paths) in node.projectFileLists {
            do {
                context.fileLists[option] = try paths.map { ProjectFileContents(path: $0, bytes: try files.contents($0)) }
            } catch {
                diagnostics.emit(Diagnostic(.error, at: node.resolved.location(of: option), directive: kind,
                                            "cannot read '\(option)=' files: \(FileSystemError.describe(error))"))
                return nil
            }
        }
        for (option, declarations) in node.dataSetLists {
            do {
                context.dataSetFiles[option] = try declarations.map {
                    DataSetFile(name: $0.name, path: $0.path, bytes: try files.contents($0.path))
                }
            } catch {
                diagnostics.emit(Diagnostic(.error, at: node.resolved.location(of: option), directive: kind,
                                            "cannot read a data set of '\(option)=': \(FileSystemError.describe(error))"))
                return nil
            }
        }
        context.programs = node.programs
        for (option, j) in node.resultSources {
            context.results[option] = dependencyResults[j]
            if let id = dependencyResults[j]?.model?.id, !id.isEmpty {
                context.modelFileLoaders[option] = { [self] in
                    lock.lock()
                    let kept = savedModels[id]
                    lock.unlock()
                    return kept ?? (try? store.modelBytes(id))
                }
            }
        }
        for (option, indices) in node.resultListSources { context.resultLists[option] = indices.compactMap { dependencyResults[$0] } }
        if !node.registeredModels.isEmpty || node.resolved.directive.requestedRegistryReferences(node.resolved.arguments).count > 0 {
            let registry = modelRegistry ?? store
            context.registeredModels = node.registeredModels
            context.modelFileByID = { [self] id in
                lock.lock()
                let kept = savedModels[id]
                lock.unlock()
                return kept ?? (try? registry.modelBytes(id)) ?? (try? store.modelBytes(id))
            }
            context.displacedChampion = { name, model in try? registry.displacedChampion(of: name, by: model) }
        }
        let clock = DispatchTime.now()
        var result: DirectiveResult
        do {
            result = try node.resolved.run(context: context)
        } catch {
            let diagnostic: Diagnostic
            switch error {
            case let failure as DirectiveFailure:
                diagnostic = Diagnostic(.error, at: node.resolved.location(of: failure.option), directive: kind, failure.message)
            case let located as Diagnostic: diagnostic = located
            default: diagnostic = Diagnostic(.error, at: node.call.location, directive: kind, "\(error)")
            }
            diagnostics.emit(diagnostic)
            recordFailedRun(node, dataHash: context.dataHash, error: diagnostic.message,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9)
            return nil
        }
        for figure in result.figures {
            let problems = FigureRenderer.validate(figure.spec)
            if !problems.isEmpty {
                diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: kind, "cannot draw the figure: " + problems.joined(separator: "; ")))
                return nil
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
        return Computed(result: result, seconds: seconds, dataHash: context.dataHash)
    }

    /// Keeps a model file's bytes for the directives of this build that read it (a worker's
    /// in-memory store keeps no files).
    func rememberModel(_ bytes: Data) -> String {
        let id = SHA256.hex(bytes)
        lock.lock()
        savedModels[id] = bytes
        lock.unlock()
        return id
    }

    /// Stores what `compute` made, as a build does: the model file, the result in the cache,
    /// the run and the duration. The Slurm executor's ingest calls it with a job's result.
    func persist(_ computed: Computed, of node: PlannedDirective, diagnostics: DiagnosticCollector) -> Outcome {
        let kind = node.call.kind
        var result = computed.result
        let seconds = computed.seconds
        let dataHash = computed.dataHash
        recordDuration(seconds, of: node, in: store)
        // A fitted model goes to .thesis/models/ID.json; the result keeps only its id.
        var modelBytes: Data?
        if var model = result.model, let bytes = model.artifact {
            do {
                model.id = try store.saveModelFile(bytes)
            } catch {
                diagnostics.emit(Diagnostic(.error, at: node.call.location, directive: kind,
                                            "cannot save the fitted model in \(Project.stateDirectory)/models: \(FileSystemError.describe(error))"))
                return .failed
            }
            model.artifact = nil
            result.model = model
            modelBytes = bytes
            lock.lock()
            savedModels[model.id] = bytes
            lock.unlock()
        }
        do {
            let hash = try store.store(result, provenance: Provenance(directive: kind, durationSeconds: seconds,
                                                                                          engineVersion: Engine.version, blasThreads: Engine.blasThreads), for: node.key)
            var runID: Int?
            if var run = result.run {
                // The commit is the run history's, not the result's (results do not change with it).
                if let git = gitState() {
                    if run.tags["git_commit"] == nil { run.tags["git_commit"] = git.commit }
                    if run.tags["git_dirty"] == nil { run.tags["git_dirty"] = git.dirty ? "true" : "false" }
                }
                let trials = run.trials ?? []
                run.trials = nil
                let parent = try store.recordRun(run, directive: kind, location: node.call.location.description, cacheKey: node.key,
                                                 dataHash: dataHash, engine: Engine.version, durationSeconds: seconds)
                runID = parent
                for var trial in trials {
                    trial.tags.merge(run.tags.filter { $0.key.hasPrefix("git_") }) { own, _ in own }
                    try store.recordRun(trial, directive: kind, location: node.call.location.description, cacheKey: node.key,
                                        dataHash: dataHash, engine: Engine.version, durationSeconds: trial.durationSeconds ?? 0,
                                        status: trial.metrics.values.allSatisfy(\.isFinite) ? "finished" : "failed",
                                        error: trial.tags["error"], parentID: parent)
                }
            }
            if let model = result.model, let bytes = modelBytes {
                try store.recordModel(id: model.id, kind: model.kind, directive: kind, location: node.call.location.description,
                                      experiment: result.run?.experiment, runID: runID, dataHash: dataHash,
                                      metrics: result.run?.metrics ?? (try? ModelFile.decode(bytes))?.training.metrics ?? [:],
                                      size: bytes.count)
            }
            return .executed(result, hash: hash)
        } catch {
            cacheFailed(error, at: node, diagnostics: diagnostics, doing: "result not cached")
            return .executed(result, hash: SHA256.hex((try? CanonicalJSON.encode(result)) ?? Data()))
        }
    }

    /// Alerts of every result in the report (fresh or cached): listed as warnings at their
    /// monitor and kept in the report; `fresh` says whether the monitor executed in this build.
    private func collectAlerts(_ report: inout BuildReport, diagnostics: DiagnosticCollector) {
        for node in report.plan.directives {
            guard let alerts = report.results[node.index]?.alerts else { continue }
            for alert in alerts {
                report.alerts.append(
                    FiredAlert(
                        monitor: node.call.location.description, alert: alert, fresh: report.executed.contains(node.index)))
                diagnostics.emit(
                    Diagnostic(.warning, at: node.call.location, directive: node.call.kind,
                               "alert\(alert.warn ? " (warning)" : ""): \(alert.summary)"))
            }
        }
    }

    /// Promotion decisions of every result in the report (fresh or cached), with what applying
    /// them changed in the registry; each is a note at its directive.
    private func collectPromotions(_ report: inout BuildReport, diagnostics: DiagnosticCollector) {
        lock.lock()
        let applied = appliedPromotions
        lock.unlock()
        for node in report.plan.directives {
            guard let promotion = report.results[node.index]?.promotion else { continue }
            let change = applied[node.index]
            report.promotions.append(
                BuildPromotion(directive: node.call.location.description, promotion: promotion, applied: change))
            let version = change.map { " (version \($0.challengerVersion))" } ?? ""
            diagnostics.emit(
                Diagnostic(.note, at: node.call.location, directive: node.call.kind,
                           "\(promotion.name): challenger\(version) \(promotion.promoted ? "is the champion" : "not promoted"): \(promotion.reason)"))
        }
    }

    /// The figures of a directive that records runs are artifacts of its run: each drawn file is
    /// kept in .thesis/artifacts under its SHA-256 and listed with the run (every build, so a run
    /// whose result came from the cache still gains a figure drawn differently now).
    private func recordRunFigures(_ report: BuildReport, outputRoot: URL) {
        for node in report.plan.directives where report.results[node.index]?.run != nil {
            guard let files = report.outputHashes[node.index], !files.isEmpty,
                let runID = try? store.runID(forResult: node.key)
            else { continue }
            try? store.recordRunFigures(
                files.sorted(by: { $0.key < $1.key }).map { path, hash in
                    ResultStore.DrawnFile(sha256: hash, fileExtension: (path as NSString).pathExtension) {
                        FileManager.default.contents(atPath: outputRoot.appendingPathComponent(path).path)
                    }
                }, runID: runID)
        }
    }

    /// A directive that records runs and failed records the run as `failed`, with its error (its
    /// experiment, parameters and tags as the directive gives them for a failure).
    func recordFailedRun(_ node: PlannedDirective, dataHash: String, error: String, seconds: Double) {
        guard var run = node.resolved.directive.failedRunRecord(node.resolved.arguments) else { return }
        if let git = gitState() {
            run.tags["git_commit"] = git.commit
            run.tags["git_dirty"] = git.dirty ? "true" : "false"
        }
        _ = try? store.recordRun(run, directive: node.call.kind, location: node.call.location.description, cacheKey: node.key,
                                 dataHash: dataHash, engine: Engine.version, durationSeconds: seconds, status: "failed", error: error)
    }

    /// The exact data a directive reads: SHA-256 over its input files' and the results' hashes
    /// (a run's and a saved model's `data_hash`).
    func dataHash(of node: PlannedDirective) -> String {
        let material = node.inputHashes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + node.dependencyKeys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return SHA256.hex(material.joined(separator: "\n"))
    }

    /// The project's git state, asked once per pipeline and only when a run is recorded.
    private func gitState() -> GitState? {
        lock.lock()
        defer { lock.unlock() }
        if let known = git { return known }
        let state = GitState.read(root: project.root)
        git = .some(state)
        return state
    }

    /// A cache operation failed: a damaged file is set aside once (and said so once); any other
    /// failure is a warning at the directive, which runs anyway.
    private func cacheFailed(_ error: Error, at node: PlannedDirective, diagnostics: DiagnosticCollector, doing: String) {
        if store.recover(from: error) {
            lock.lock()
            let first = !reportedCacheRecovery
            reportedCacheRecovery = true
            lock.unlock()
            if first {
                diagnostics.emit(Diagnostic(.warning, at: nil, "the cache database was damaged (\(error)); it was moved to .thesis/cache.sqlite.corrupt and this build starts a new one"))
            }
        } else {
            diagnostics.emit(Diagnostic(.warning, at: node.call.location, directive: node.call.kind, "\(doing) (\(error)); executing"))
        }
    }

    /// Adds the source line (for the caret excerpt) to diagnostics that point into a project file.
    func withSourceLines(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var files: [String: [Substring]] = [:]
        return diagnostics.map { diagnostic in
            guard diagnostic.sourceLine == nil, let location = diagnostic.location else { return diagnostic }
            if files[location.file] == nil {
                let text = FileManager.default.contents(atPath: project.url(location.file).path).map { String(decoding: $0, as: UTF8.self) } ?? ""
                // "\r\n" is one Character in Swift: normalise line ends before splitting.
                files[location.file] = text.replacingOccurrences(of: "\r\n", with: "\n")
                    .split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let lines = files[location.file], lines.indices.contains(location.line - 1) else { return diagnostic }
            let line = lines[location.line - 1]
            guard line.utf8.count <= 240 else { return diagnostic }
            var copy = diagnostic
            copy.sourceLine = String(line).replacingOccurrences(of: "\r", with: "")
            return copy
        }
    }

    /// The frame a result object holds, decoded once per build.
    private func frame(of object: ResultObject) -> TimeSeriesFrame? {
        let key = object.kind + ":" + SHA256.hex(object.payload)
        lock.lock()
        if let cached = resultFrames[key] { lock.unlock(); return cached }
        lock.unlock()
        guard let frame = DataObjects.frame(from: object) else { return nil }
        lock.lock(); defer { lock.unlock() }
        resultFrames[key] = frame
        return frame
    }

    /// Loads a declared data set once per build; a read error is reported once, at the file.
    private func frame(_ declaration: DataSetDeclaration, diagnostics: DiagnosticCollector) -> Result<TimeSeriesFrame, Diagnostic> {
        // Two data sets may read one file differently (format, header, categorical columns).
        let memo = declaration.path + "\u{0}" + declaration.format.rawValue + "\u{0}" + declaration.layout.fingerprint
        lock.lock()
        if let cached = frames[memo] { lock.unlock(); return cached }
        let files = inputFiles
        lock.unlock()
        let outcome: Result<TimeSeriesFrame, Diagnostic>
        do {
            let data = try files.contents(declaration.path)
            outcome = .success(try DataLoader.load(data, file: declaration.path, format: declaration.format, layout: declaration.layout))
        } catch let diagnostic as Diagnostic {
            outcome = .failure(diagnostic)
        } catch let changed as InputFiles.Changed {
            outcome = .failure(.error(changed.description, at: declaration.location))
        } catch {
            outcome = .failure(.error("cannot read data file \(declaration.path)", at: declaration.location))
        }
        lock.lock(); defer { lock.unlock() }
        if let cached = frames[memo] { return cached }
        frames[memo] = outcome
        if case .failure(let diagnostic) = outcome { diagnostics.emit(diagnostic) }
        return outcome
    }

    // MARK: - Assemble the document

    /// Every inline value must name a scalar of its result (checked before anything is drawn, so
    /// a build with a wrong name leaves figures/ and reports/ as they were).
    func checkInlineValues(_ document: Document, plan: BuildPlan, results: [Int: DirectiveResult],
                           diagnostics: DiagnosticCollector) {
        document.forEachInline { _, inline in
            guard case .inlineValue(let call) = inline, let index = plan.ids[call.id] else { return }
            guard let result = results[index] else { return }  // its directive failed: already reported
            guard result.scalars[call.name] == nil else { return }
            let names = result.scalars.keys.sorted()
            let close = Suggestions.closest(to: call.name, in: names, limit: 2)
            let hint = close.isEmpty ? "; available: " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
                : "; did you mean " + close.map { "'\(call.id).\($0)'" }.joined(separator: " or ") + "?"
            diagnostics.emit(Diagnostic(.error, at: call.location, "'\(call.id)' has no value '\(call.name)'\(hint)"))
        }
    }

    /// `@tbl:ID-2` and `@fig:ID-3` name later outputs of a directive: once it has run, the output
    /// must exist.
    func checkLaterOutputReferences(_ document: Document, plan: BuildPlan, numbering: Numbering,
                                    results: [Int: DirectiveResult], diagnostics: DiagnosticCollector) {
        document.forEachInline { _, inline in
            guard case .crossReference(let kind, let id, let location) = inline, kind == .figure || kind == .table,
                  numbering.target(kind, id) == nil, let (index, n) = BuildPlan.laterOutput(id, ids: plan.ids),
                  results[index] != nil  // a directive that failed is reported already
            else { return }
            let labels = (numbering.contentTargets[plan.directives[index].node] ?? []).compactMap { $0 }
                .filter { $0.kind == kind }.map { "@\(kind.rawValue):" + $0.label.dropFirst(4) }
            let what = kind == .figure ? "figure" : "table"
            diagnostics.emit(Diagnostic(.error, at: location,
                "'\(plan.directives[index].id ?? "?")' has no output \(n) that is a \(what); its \(what)s are "
                    + (labels.isEmpty ? "none" : labels.joined(separator: ", "))))
        }
    }

    /// The results as the chapters show them (`Presentation.shown`: outputs turned off with
    /// figure=/table= left out, figure options, labels= over thesis.toml's [labels], table-caption=),
    /// which numbering, the figures and the writers see. `report.results` keeps the directives' own
    /// results, which the cache, the manifest and verify hash.
    func shownResults(plan: BuildPlan, results: [Int: DirectiveResult]) -> [Int: DirectiveResult] {
        let labels = SeriesLabels(project.metadata.labels)
        return results.reduce(into: [:]) { out, entry in
            out[entry.key] = plan.directives[entry.key].resolved.presentation.shown(entry.value, projectLabels: labels)
        }
    }

    /// The document as writers see it, built in one pass: each directive with its shown result
    /// (figures with their files), id and caption; each inline value rendered.
    func assemble(_ document: Document, plan: BuildPlan, results: [Int: DirectiveResult], figures: PlacedFigures) -> Document {
        // Without directives there is nothing to put in (inline values would name unknown ids).
        guard !plan.directives.isEmpty else { return document }
        let nodes = plan.indexByNode
        return document.mapped(block: { block in
            guard case .directive(var call) = block, let index = nodes[call.node] else { return block }
            let resolved = plan.directives[index].resolved
            call.id = resolved.id
            call.caption = resolved.presentation.caption
            call.captionInlines = plan.directives[index].caption
            call.tableCaptionInlines = plan.directives[index].tableCaption
            if var result = results[index] {
                for (position, content) in result.content.enumerated() {
                    switch content {
                    case .figure(var figure):
                        figure.files = figures.files[call.node]?[position] ?? [:]
                        result.content[position] = .figure(figure)
                    case .externalFigure(var figure):
                        // Writers link the written files; the bytes stay in the cache.
                        figure.files = figures.files[call.node]?[position] ?? [:]
                        figure.formats = [:]
                        result.content[position] = .externalFigure(figure)
                    default:
                        continue
                    }
                }
                call.output = result
            }
            return .directive(call)
        }, inline: { inline in
            guard case .inlineValue(var call) = inline, let index = plan.ids[call.id],
                  let scalar = results[index]?.scalars[call.name] else { return inline }
            switch scalar {
            case .number(let v): call.rendered = ValueFormat.format(v, spec: call.format)
            case .text(let s): call.rendered = s
            }
            return .inlineValue(call)
        })
    }
}

/// An alert with the monitor that raised it.
/// A `model promote` decision of the build and what it changed in the registry.
public struct BuildPromotion: Hashable, Sendable {
    /// The directive's `FILE:LINE:COLUMN`.
    public var directive: String
    public var promotion: Promotion
    /// What applying it did (nil when it could not be applied).
    public var applied: AppliedPromotion?
}

public struct FiredAlert: Hashable, Sendable {
    /// The monitor: a directive's `FILE:LINE:COLUMN`, or `thesis monitor` on the request log.
    public var monitor: String
    public var alert: Alert
    /// The monitor executed in this build (a cached monitor's alerts fire again but are not new).
    public var fresh: Bool

    public init(monitor: String, alert: Alert, fresh: Bool) {
        self.monitor = monitor
        self.alert = alert
        self.fresh = fresh
    }
}
