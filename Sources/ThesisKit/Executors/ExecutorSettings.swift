import Foundation

/// Where a build executes its stale directives: here (the default), or as Slurm jobs
/// (`thesis build --executor slurm`, or `[executor]` in thesis.toml):
///
///     [executor]
///     kind = "slurm"
///     partition = "short"     # sbatch --partition
///     time = "02:00:00"       # sbatch --time, per directive
///     memory = "4G"           # sbatch --mem, per directive
///     cpus = 2                # sbatch --cpus-per-task (the directive's own threads)
///     max-jobs = 50           # at most this many array tasks run at once (the %N of --array)
///     array-size = 1000       # most tasks in one job array (the cluster's MaxArraySize - 1);
///                             # a larger wave gives each task several directives
///
/// Command-line options override the file, key by key.
public struct ExecutorSettings: Equatable, Sendable {
    /// The executors there are.
    public enum Kind: String, Sendable, CaseIterable {
        case local, slurm
    }

    public var kind = Kind.local
    public var partition: String?
    public var time: String?
    public var memory: String?
    public var cpus = 1
    public var maxJobs: Int?
    public var arraySize = 1000

    public init() {}

    /// The keys `[executor]` takes.
    static let keys = ["kind", "partition", "time", "memory", "cpus", "max-jobs", "array-size"]

    /// Reads `[executor]`; problems are located at their keys.
    static func load(_ config: TOMLDocument, problems: inout [Diagnostic]) -> ExecutorSettings {
        var settings = ExecutorSettings()
        guard let value = config.value("executor") else { return settings }
        let start = SourceLocation(file: Project.configFile, line: 1, column: 1)
        guard case .table(let table) = value else {
            problems.append(
                .error(
                    "'executor' must be a table: [executor] with kind = \"slurm\"",
                    at: config.locations["executor"] ?? start))
            return settings
        }
        for key in table.keys.sorted() {
            let at = config.locations["executor.\(key)"] ?? start
            let entry = table[key]!
            do {
                switch (key, entry) {
                case ("kind", .string(let text)): settings.kind = try parseKind(text)
                case ("partition", .string(let text)):
                    settings.partition = try validated(text, what: "executor.partition")
                case ("time", .string(let text)): settings.time = try parseTime(text)
                case ("memory", .string(let text)): settings.memory = try parseMemory(text)
                case ("cpus", .integer(let n)): settings.cpus = try count(n, what: "executor.cpus", range: 1...1024)
                case ("max-jobs", .integer(let n)):
                    settings.maxJobs = try count(n, what: "executor.max-jobs", range: 1...100_000)
                case ("array-size", .integer(let n)):
                    settings.arraySize = try count(n, what: "executor.array-size", range: 1...4_000_000)
                case ("cpus", _), ("max-jobs", _), ("array-size", _):
                    throw SettingError("executor.\(key) must be a whole number, found \(entry.typeName)")
                case ("kind", _), ("partition", _), ("time", _), ("memory", _):
                    throw SettingError("executor.\(key) must be a string, found \(entry.typeName)")
                default:
                    problems.append(
                        Diagnostic(
                            .warning, at: config.keyLocations["executor.\(key)"] ?? at,
                            "unknown key '\(key)' in [executor]\(Suggestions.didYouMean(key, in: keys)) (keys: \(keys.joined(separator: ", ")))"
                        ))
                }
            } catch let error as SettingError {
                problems.append(.error(error.message, at: at))
            } catch {
                problems.append(.error("\(error)", at: at))
            }
        }
        return settings
    }

    /// A problem with one setting, in words a user can act on.
    public struct SettingError: Error, CustomStringConvertible {
        public var message: String
        init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// `local` or `slurm`.
    public static func parseKind(_ text: String) throws -> Kind {
        guard let kind = Kind(rawValue: text) else {
            throw SettingError(
                "unknown executor '\(text)'; valid: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    /// Slurm's time formats: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
    public static func parseTime(_ text: String) throws -> String {
        let pattern = #"^([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else {
            throw SettingError(
                "executor time '\(text)' is not a Slurm time limit: MINUTES, HH:MM:SS or D-HH:MM:SS (e.g. \"02:00:00\")"
            )
        }
        return text
    }

    /// A size as sbatch --mem takes it: a number with an optional K, M, G or T.
    public static func parseMemory(_ text: String) throws -> String {
        guard text.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) != nil else {
            throw SettingError(
                "executor memory '\(text)' is not a size such as \"4G\" or \"500M\" (a number, then K, M, G or T)")
        }
        return text
    }

    /// A partition name: letters, digits, '-', '_' and '.' (sbatch would read anything else as options).
    public static func validated(_ text: String, what: String) throws -> String {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else {
            throw SettingError("\(what) '\(text)' must be a partition name: letters, digits, '-', '_' and '.'")
        }
        return text
    }

    static func count(_ n: Int, what: String, range: ClosedRange<Int>) throws -> Int {
        guard range.contains(n) else {
            throw SettingError("\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(n)")
        }
        return n
    }
}
