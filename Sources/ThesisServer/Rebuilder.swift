import Foundation
import ThesisKit

/// Rebuilds the book when the project changes, one build at a time, through the same pipeline
/// and cache as `thesis build --draft`.
///
/// A rebuild is two passes. The first executes nothing: every directive whose result is cached
/// is shown, the others are pending boxes, and the book is written at once, so a prose edit is
/// on screen in milliseconds even when a directive of the same chapter takes minutes. If
/// anything was pending, the second pass executes it and writes the book again. Changes that
/// arrive during a build are gathered and built next, together.
public final class Rebuilder: @unchecked Sendable {
    /// What one rebuild did, for the terminal.
    public struct Outcome: Sendable {
        public var diagnostics: [Diagnostic]
        public var summary: String
        public var pending: Int
        public var seconds: Double
    }

    public let root: URL
    /// `--data NAME=PATH`, applied to every rebuild.
    private let dataOverrides: [String: String]
    private let store: ResultStore
    private let events: LiveReload
    private let jobs: Int
    private let progress: (@Sendable (BuildProgress) -> Void)?
    private let report: @Sendable (Outcome) -> Void
    private let queue = DispatchQueue(label: "thesis-rebuild")
    private let lock = NSLock()
    private var waiting: [String] = []
    private var scheduled = false
    private var finishedBuilds = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(
        root: URL, dataOverrides: [String: String] = [:], store: ResultStore, events: LiveReload, jobs: Int,
        progress: (@Sendable (BuildProgress) -> Void)? = nil, report: @escaping @Sendable (Outcome) -> Void
    ) {
        self.root = root
        self.dataOverrides = dataOverrides
        self.store = store
        self.events = events
        self.jobs = jobs
        self.progress = progress
        self.report = report
    }

    /// Asks for a rebuild because `paths` changed (empty: the first build).
    public func request(_ paths: [String]) {
        lock.lock()
        waiting.append(contentsOf: paths)
        let start = !scheduled
        scheduled = true
        lock.unlock()
        if start { queue.async { [self] in drain() } }
    }

    /// Builds until no change is waiting.
    private func drain() {
        while true {
            lock.lock()
            let paths = waiting
            waiting = []
            lock.unlock()
            rebuild(changed: paths)
            lock.lock()
            if waiting.isEmpty {
                scheduled = false
                events.idle()
                finishedBuilds += 1
                let waiters = idleWaiters
                idleWaiters = []
                lock.unlock()
                for waiter in waiters { waiter.resume() }
                return
            }
            lock.unlock()
        }
    }

    /// Whether a build runs or waits now.
    public var isBusy: Bool {
        lock.lock()
        defer { lock.unlock() }
        return scheduled
    }

    /// Returns once no build runs or waits (tests, and the first build before serving).
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if !scheduled {
                lock.unlock()
                continuation.resume()
                return
            }
            idleWaiters.append(continuation)
            lock.unlock()
        }
    }

    private func rebuild(changed paths: [String]) {
        let start = DispatchTime.now()
        let what = paths.isEmpty ? "" : Self.describe(paths)
        events.building(what)
        let project: Project
        switch Project.load(root: root, dataOverrides: dataOverrides) {
        case .success(let loaded):
            project = loaded
        case .failure(let list):
            events.problem(list.diagnostics.map(\.rendered).joined(separator: "\n"))
            report(
                Outcome(
                    diagnostics: list.diagnostics, summary: "the book was not rebuilt", pending: 0,
                    seconds: Self.seconds(since: start)))
            return
        }
        let lock: ProjectLock
        do {
            lock = try ProjectLock(stateDirectory: project.url(Project.stateDirectory)) {}
        } catch {
            events.problem("cannot lock the project: \(error)")
            return
        }
        defer { withExtendedLifetime(lock) {} }
        let pipeline = Pipeline(project: project, store: store)
        var options = BuildOptions()
        options.jobs = jobs
        options.draft = true
        options.pendingIfStale = true
        let first = pipeline.build(options)
        if !first.writtenReports.isEmpty { events.bookWritten() }
        var final = first
        if !first.pending.isEmpty {
            report(
                Outcome(
                    diagnostics: [], summary: first.summaryLine, pending: first.pending.count,
                    seconds: Self.seconds(since: start)))
            options.pendingIfStale = false
            options.progress = progress
            final = pipeline.build(options)
            if !final.writtenReports.isEmpty { events.bookWritten() }
        }
        // Even a draft writes nothing when the document itself is missing (no chapters, say).
        if final.writtenReports.isEmpty, !final.succeeded {
            events.problem(final.diagnostics.filter { $0.severity == .error }.map(\.rendered).joined(separator: "\n"))
        }
        report(
            Outcome(
                diagnostics: final.diagnostics, summary: final.summaryLine, pending: final.pending.count,
                seconds: Self.seconds(since: start)))
    }

    /// "chapters/03-data.md", or "chapters/03-data.md and 2 more".
    static func describe(_ paths: [String]) -> String {
        let unique = Array(Set(paths)).sorted()
        guard let first = unique.first else { return "" }
        return unique.count == 1 ? first : "\(first) and \(unique.count - 1) more"
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
