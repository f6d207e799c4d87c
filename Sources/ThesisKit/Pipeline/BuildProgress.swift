import Foundation
import ThesisCache
import ThesisDocument

/// What a build reports while it executes directives (`BuildOptions.progress`): the terminal's
/// progress line and the live preview listen to it. Cached directives are not reported; only
/// those that execute count.
public enum BuildProgress: Sendable {
    /// Execution begins; `total` directives have no cached result and will execute.
    case planned(total: Int)
    /// A directive starts executing.
    case started(DirectiveActivity)
    /// A running directive got through `done` of its `total` steps (`unit`: "fits", …), as
    /// a long directive such as `forecast evaluate` reports it.
    case advanced(DirectiveActivity, done: Int, total: Int, unit: String)
    /// A directive finished (`succeeded` false when it failed), after `seconds`.
    case finished(DirectiveActivity, seconds: Double, succeeded: Bool)
}

/// One executing directive, as progress reports it.
public struct DirectiveActivity: Sendable, Equatable {
    /// Its position among the executing directives (1-based) and their number.
    public var number: Int
    public var total: Int
    public var kind: String
    public var id: String?
    public var location: SourceLocation
    /// How long it took when it last executed, if it ever did.
    public var estimate: Double?
}

/// Counts the directives of one build as they start, and keeps their last durations.
final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private let report: @Sendable (BuildProgress) -> Void
    private let store: ResultStore
    let total: Int
    private var started = 0

    init(total: Int, store: ResultStore, report: @escaping @Sendable (BuildProgress) -> Void) {
        self.total = total
        self.store = store
        self.report = report
        if total > 0 { report(.planned(total: total)) }
    }

    /// Where a directive is, for its recorded duration: its file and id, or its file, kind and
    /// position in the chapter (a key changes with every edit; the place does not).
    static func site(of node: PlannedDirective) -> String {
        node.call.location.file + "#" + (node.id ?? "\(node.call.kind)@\(node.call.node.ordinal)")
    }

    func start(_ node: PlannedDirective) -> DirectiveActivity {
        let estimate = try? store.lastDuration(site: Self.site(of: node))
        lock.lock()
        started += 1
        let activity = DirectiveActivity(
            number: started, total: max(total, started), kind: node.call.kind, id: node.id,
            location: node.call.location, estimate: estimate ?? nil)
        lock.unlock()
        report(.started(activity))
        return activity
    }

    func advance(_ activity: DirectiveActivity, done: Int, total: Int, unit: String) {
        report(.advanced(activity, done: done, total: total, unit: unit))
    }

    func finish(_ activity: DirectiveActivity, seconds: Double, succeeded: Bool) {
        report(.finished(activity, seconds: seconds, succeeded: succeeded))
    }
}

/// Records how long an executed directive took at its place, for the next build's estimate.
func recordDuration(_ seconds: Double, of node: PlannedDirective, in store: ResultStore) {
    try? store.recordDuration(seconds, site: ProgressTracker.site(of: node))
}
