import ArgumentParser
import Foundation
import ThesisKit

/// `thesis retrain`: the build a scheduled job runs after a data update. It builds as `thesis
/// build` does (exactly the directives whose inputs changed re-execute: the models that read the
/// new data, and the promotions and monitors on them), then prints each promotion decision, and
/// exits non-zero when the job should act: 3 when a promotion was refused, 2 when an alert fired
/// (warnings included, unless --allow-warnings), 1 on errors.
struct Retrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild after a data update and report promotions; exit 3 if one is refused, 2 on an alert.",
        discussion: """
            Exit status: 0 every promotion went through (or there was none) and no alert fired; \
            1 a directive failed; 2 an alert fired (including those marked warn=true, unless \
            --allow-warnings); 3 a challenger was refused (it keeps the alias challenger and the \
            champion stays). A refusal takes precedence over an alert.
            """)

    @OptionGroup var project: ProjectOptions

    @Option(name: .shortAndLong, help: "Directives run in parallel on this many workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Alerts of monitors marked warn=true do not change the exit status.")
    var allowWarnings = false

    @Flag(help: "Print the decisions as JSON on standard output.")
    var json = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let project = try self.project.load()
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        var options = BuildOptions()
        options.jobs = jobs
        let report = Pipeline(project: project, store: store).build(options)
        Console.print(report.diagnostics.filter { $0.severity != .note })
        if json {
            Console.out(Self.json(report))
        } else {
            Console.out("thesis retrain: " + report.summaryLine)
            for entry in report.promotions { Console.out(Self.line(entry)) }
            if report.promotions.isEmpty { Console.out("  no model promote directive in the thesis") }
        }
        guard report.succeeded else { throw ExitCode.failure }
        if report.refusedPromotion {
            Console.error("thesis retrain: a challenger was refused (exit 3); the champion stays")
            throw ExitCode(3)
        }
        let alerted = allowWarnings ? report.alerted : !report.alerts.isEmpty
        if alerted {
            Console.error("thesis retrain: an alert fired (exit 2)")
            throw ExitCode(2)
        }
    }

    /// `  unemployment  promoted  v3 over v2  (chapters/07.md:120:1): the challenger's RMSE …`
    static func line(_ entry: BuildPromotion) -> String {
        let p = entry.promotion
        let versions =
            entry.applied.map { a in "v\(a.challengerVersion)" + (a.championVersion.map { " over v\($0)" } ?? "") }
            ?? "not applied"
        return "  \(p.name)  \(p.promoted ? "promoted" : "refused")  \(versions)  (\(entry.directive)): \(p.reason)"
    }

    /// The decisions as a JSON document (`promotions`, `alerts`, `succeeded`), sorted keys.
    static func json(_ report: BuildReport) -> String {
        struct Entry: Encodable {
            var name, decision, directive, rule, reason, challenger: String
            var champion: String?
            var challengerVersion, championVersion: Int?
            var challengerMetrics, championMetrics: [String: Double]
        }
        struct Document: Encodable {
            var succeeded: Bool
            var promotions: [Entry]
            var alerts: [String]
        }
        let document = Document(
            succeeded: report.succeeded,
            promotions: report.promotions.map { e in
                Entry(
                    name: e.promotion.name, decision: e.promotion.promoted ? "promoted" : "refused",
                    directive: e.directive, rule: e.promotion.rule, reason: e.promotion.reason,
                    challenger: e.promotion.challengerID, champion: e.promotion.championID,
                    challengerVersion: e.applied?.challengerVersion, championVersion: e.applied?.championVersion,
                    challengerMetrics: e.promotion.challengerMetrics, championMetrics: e.promotion.championMetrics)
            },
            alerts: report.alerts.map { "\($0.monitor): \($0.alert.summary)" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self)
    }
}
