import ArgumentParser
import Foundation
import ThesisKit
import struct ThesisDirectives.ThresholdRule

struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Check the serving rules against the request log, without a build (exit 2 when one fires).",
        discussion: """
        Reads the newest requests `thesis serve` logged (.thesis/runs.sqlite, table request_log) and, \
        per model name, the number of requests, the error rate (status 400 or more) and the latency's \
        median, 99th percentile and mean. Rules come from --rules or from `serving = "…"` in the \
        [alerts] table of thesis.toml (e.g. "p99_latency_ms > 20; error_rate > 0.05"). An alert that \
        fires is printed, sent to the [alerts] command and webhook, and makes the exit status 2 \
        (0 with --warn), so a scheduled job can act on it.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "Rules, separated by ';' (default: [alerts] serving in thesis.toml).")
    var rules: String?

    @Option(help: "Only this model name.")
    var model: String?

    @Option(help: "The newest this many requests (1-1000000).")
    var last = 10_000

    @Flag(help: "Report alerts as warnings: exit 0.")
    var warn = false

    func validate() throws {
        guard (1...1_000_000).contains(last) else { throw ValidationError("--last must be between 1 and 1000000") }
        if let rules { _ = try parsed(rules) }
    }

    private func parsed(_ text: String) throws -> [ThresholdRule] {
        do { return try ServingMonitor.parseRules(text) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let project = try self.project.load()
        guard let text = rules ?? project.alerts.serving, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            Console.error("thesis monitor: no rules; give --rules \"p99_latency_ms > 20\" or serving = \"…\" under [alerts] in thesis.toml")
            throw ExitCode.failure
        }
        let rules = try parsed(text)
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        let statistics = ServingMonitor.statistics(try store.requestLog(model: model, limit: last))
        if statistics.isEmpty {
            Console.out("thesis monitor: the request log is empty\(model.map { " for '\($0)'" } ?? ""); nothing to check")
            return
        }
        Console.out("model  requests  error rate  p50 ms  p99 ms  mean ms")
        for s in statistics {
            Console.out(String(
                format: "%@  %d  %.4f  %.3f  %.3f  %.3f", s.model, s.requests, s.errorRate, s.p50LatencyMilliseconds,
                s.p99LatencyMilliseconds, s.meanLatencyMilliseconds))
        }
        let alerts = ServingMonitor.alerts(rules, statistics, warn: warn)
        for fired in alerts { Console.error("\(warn ? "warning" : "alert"): \(fired.alert.summary)") }
        for problem in project.alerts.deliver(alerts, project: project) { Console.print([problem]) }
        if alerts.isEmpty {
            Console.out("thesis monitor: \(rules.count) rule\(rules.count == 1 ? "" : "s"), none fired")
        } else if !warn {
            throw ExitCode(2)
        }
    }
}
