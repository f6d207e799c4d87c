import Foundation
import ThesisDocument
import ThesisProcess

/// Where monitors' alerts go, from thesis.toml:
///
///     [alerts]
///     command = ["scripts/notify.sh", "--channel", "thesis"]   # a program in the project or on PATH
///     webhook = "https://hooks.example.org/T000/B000"          # POSTed as JSON (curl from Debian)
///
/// Both receive the same JSON, `{"project": TITLE, "alerts": [{"monitor": "FILE:LINE:COLUMN",
/// "rule", "subject", "value", "threshold", "warn"}]}`, written to .thesis/alerts.json first; the
/// command finds it as `THESIS_ALERTS_FILE`. They are called when a monitor executes and a rule
/// fires; a cached monitor's alerts fire again in the report and the exit code, but are not sent
/// again. A sink that fails is a warning: the build's outcome does not depend on a network.
public struct AlertSinks: Hashable, Sendable {
    /// The program and its arguments.
    public var command: [String]?
    /// An http or https URL.
    public var webhook: String?
    /// Rules on the request log that `thesis monitor` checks (`p99_latency_ms > 20; error_rate > 0.05`).
    public var serving: String?
    /// How long a sink may take, in seconds.
    public static let timeout = 10.0

    public init(command: [String]? = nil, webhook: String? = nil) {
        self.command = command
        self.webhook = webhook
    }

    static func load(_ config: TOMLDocument, problems: inout [Diagnostic]) -> AlertSinks {
        var sinks = AlertSinks()
        guard let value = config.value("alerts") else { return sinks }
        let start = SourceLocation(file: Project.configFile, line: 1, column: 1)
        guard case .table(let table) = value else {
            problems.append(.error("'alerts' must be a table: [alerts] with command = [\"notify.sh\"] or webhook = \"https://…\"", at: config.locations["alerts"] ?? start))
            return sinks
        }
        for (key, entry) in table.sorted(by: { $0.key < $1.key }) {
            let at = config.locations["alerts.\(key)"] ?? start
            switch (key, entry) {
            case ("command", .string(let program)) where !program.isEmpty:
                sinks.command = [program]
            case ("command", .array(let items)):
                let words = items.compactMap { if case .string(let s) = $0 { return s }; return nil }
                if words.count == items.count, let first = words.first, !first.isEmpty {
                    sinks.command = words
                } else {
                    problems.append(.error("alerts.command must be a program and its arguments, all strings: [\"scripts/notify.sh\", \"--flag\"]", at: at))
                }
            case ("webhook", .string(let url)):
                if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil {
                    sinks.webhook = url
                } else {
                    problems.append(.error("alerts.webhook must be an http:// or https:// URL, got '\(url)'", at: at))
                }
            case ("serving", .string(let rules)):
                do {
                    _ = try ServingMonitor.parseRules(rules)
                    sinks.serving = rules
                } catch {
                    problems.append(.error("alerts.serving: \(error)", at: at))
                }
            case ("command", _), ("webhook", _), ("serving", _):
                problems.append(.error("alerts.\(key) must be \(key == "command" ? "a program (string) or a list of strings" : "a URL string"), found \(entry.typeName)", at: at))
            default:
                problems.append(Diagnostic(.warning, at: config.keyLocations["alerts.\(key)"] ?? at,
                    "unknown key '\(key)' in [alerts]\(Suggestions.didYouMean(key, in: ["command", "serving", "webhook"])) (keys: command, serving, webhook)"))
            }
        }
        return sinks
    }

    /// The JSON the sinks receive.
    static func payload(_ alerts: [FiredAlert], title: String) -> Data {
        var text = "{\"project\":" + JSONText.quoted(title) + ",\"alerts\":["
        text += alerts.map { fired in
            let a = fired.alert
            return "{\"monitor\":" + JSONText.quoted(fired.monitor) + ",\"rule\":"
                + JSONText.quoted(a.rule) + ",\"subject\":" + JSONText.quoted(a.subject)
                + ",\"value\":\(a.value.isFinite ? "\(a.value)" : "null"),\"threshold\":\(a.threshold.isFinite ? "\(a.threshold)" : "null"),\"warn\":\(a.warn)}"
        }.joined(separator: ",")
        return Data((text + "]}\n").utf8)
    }

    /// Sends `alerts` to every configured sink; returns a warning for each sink that failed.
    public func deliver(_ alerts: [FiredAlert], project: Project) -> [Diagnostic] {
        guard !alerts.isEmpty, command != nil || webhook != nil else { return [] }
        let state = project.root.appendingPathComponent(Project.stateDirectory)
        let file = state.appendingPathComponent("alerts.json")
        var problems: [Diagnostic] = []
        let at = SourceLocation(file: Project.configFile, line: 1, column: 1)
        do {
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            try Self.payload(alerts, title: project.metadata.title).write(to: file, options: .atomic)
        } catch {
            return [Diagnostic(.warning, at: at, "alerts not sent: cannot write \(Project.stateDirectory)/alerts.json: \(error)")]
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        if let command, let program = command.first {
            if let executable = resolve(program, root: project.root, path: path) {
                let outcome = run(executable, Array(command.dropFirst()), root: project.root, path: path, alerts: file.path)
                if let outcome { problems.append(Diagnostic(.warning, at: at, "alerts.command \(program): \(outcome)")) }
            } else {
                problems.append(Diagnostic(.warning, at: at, "alerts.command: no program '\(program)' in the project or on PATH"))
            }
        }
        if let webhook {
            if let curl = Subprocess.lookUp("curl", path: path) {
                let arguments = [
                    "--silent", "--show-error", "--fail", "--max-time", String(Int(Self.timeout)), "-X", "POST", "-H",
                    "Content-Type: application/json", "--data-binary", "@" + file.path, webhook,
                ]
                if let outcome = run(curl, arguments, root: project.root, path: path, alerts: file.path) {
                    problems.append(Diagnostic(.warning, at: at, "alerts.webhook: \(outcome)"))
                }
            } else {
                problems.append(Diagnostic(.warning, at: at, "alerts.webhook: curl is not installed (Scripts/setup.sh installs it)"))
            }
        }
        return problems
    }

    /// A path inside the project, or a name on PATH.
    private func resolve(_ program: String, root: URL, path: String) -> String? {
        guard program.contains("/") else { return Subprocess.lookUp(program, path: path) }
        let url = root.appendingPathComponent(program).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path.hasPrefix(root.path + "/"), FileManager.default.isExecutableFile(atPath: url.path) else { return nil }
        return url.path
    }

    /// Runs a sink; nil when it succeeded, else what went wrong (with the end of its stderr).
    private func run(_ executable: String, _ arguments: [String], root: URL, path: String, alerts: String) -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-alert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let out = folder.appendingPathComponent("out").path, err = folder.appendingPathComponent("err").path
            let (termination, _) = try Subprocess.run(
                executable: executable, arguments: arguments,
                environment: ["PATH": path, "THESIS_ALERTS_FILE": alerts, "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/"],
                workingDirectory: root.path, standardOutput: out, standardError: err, timeout: Self.timeout + 5)
            let stderr = (try? String(contentsOfFile: err, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            switch termination {
            case .exited(0): return nil
            case .exited(let code): return "exited with \(code)" + (stderr.isEmpty ? "" : ": " + String(stderr.suffix(300)))
            case .signalled(let signal): return "stopped by signal \(signal)"
            case .timedOut: return "took longer than \(Int(Self.timeout)) s and was stopped"
            }
        } catch {
            return "\(error)"
        }
    }
}
