import Foundation

/// Recorded runs as data for other tools: JSON (`thesis runs … --json`) and CSV (`--csv`).
///
/// JSON keys are snake_case and sorted; numbers are written at full precision, and a value that
/// is not finite (a metric step that diverged) is `null`. The CSV has one row per run: the fixed
/// columns, then `param.NAME`, `metric.NAME` and `tag.NAME` for every name any of the runs has
/// (empty where a run has none), quoted as RFC 4180 says.
public enum RunExport {
    /// One run as JSON sees it.
    struct Run: Encodable {
        var id: Int
        var experiment: String
        var directive: String
        var location: String
        var cacheKey: String
        var dataHash: String
        var seed: UInt64?
        var engine: String
        var durationSeconds: Double
        var finishedAt: String
        var params: [String: String]
        var metrics: [String: Double?]
        var tags: [String: String]
        var history: [String: [Double?]]?
        var status: String
        var error: String?
        var parentID: Int?
        var artifacts: [Artifact]?

        struct Artifact: Encodable {
            var kind: String
            var ref: String
        }

        enum CodingKeys: String, CodingKey {
            case id, experiment, directive, location, seed, engine, params, metrics, tags, history, status, error,
                artifacts
            case parentID = "parent_id"
            case cacheKey = "cache_key", dataHash = "data_hash", durationSeconds = "duration_seconds", finishedAt =
                "finished_at"
        }

        init(_ run: StoredRun, withHistory: Bool) {
            func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
            id = run.id
            experiment = run.experiment
            directive = run.directive
            location = run.location
            cacheKey = run.cacheKey
            dataHash = run.dataHash
            seed = run.seed
            engine = run.engine
            durationSeconds = run.durationSeconds
            finishedAt = run.finishedAt
            params = run.params
            metrics = run.metrics.mapValues(finite)
            tags = run.tags
            history = withHistory ? run.history.mapValues { $0.map(finite) } : nil
            status = run.status
            error = run.error
            parentID = run.parentID
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(experiment, forKey: .experiment)
            try container.encode(directive, forKey: .directive)
            try container.encode(location, forKey: .location)
            try container.encode(cacheKey, forKey: .cacheKey)
            try container.encode(dataHash, forKey: .dataHash)
            try container.encode(seed, forKey: .seed)  // null when the run had none
            try container.encode(engine, forKey: .engine)
            try container.encode(durationSeconds, forKey: .durationSeconds)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(params, forKey: .params)
            try container.encode(metrics, forKey: .metrics)
            try container.encode(tags, forKey: .tags)
            try container.encodeIfPresent(history, forKey: .history)
            try container.encode(status, forKey: .status)
            try container.encode(error, forKey: .error)  // null unless the run failed
            try container.encode(parentID, forKey: .parentID)  // a trial's search, else null
            try container.encodeIfPresent(artifacts, forKey: .artifacts)
        }
    }

    /// The runs as a JSON array (`withHistory`: with each run's metrics by step).
    public static func json(_ runs: [StoredRun], withHistory: Bool = false) throws -> Data {
        try CanonicalJSON.encode(runs.map { Run($0, withHistory: withHistory) }, pretty: true) + Data("\n".utf8)
    }

    /// One run as a JSON object, with its metrics by step and what it made (`artifacts`: `model`
    /// and the model id, `figure` and the file in .thesis/artifacts).
    public static func json(_ run: StoredRun, artifacts: [(kind: String, ref: String)] = []) throws -> Data {
        var value = Run(run, withHistory: true)
        value.artifacts = artifacts.map { Run.Artifact(kind: $0.kind, ref: $0.ref) }
        return try CanonicalJSON.encode(value, pretty: true) + Data("\n".utf8)
    }

    /// The runs as CSV, one row each.
    public static func csv(_ runs: [StoredRun]) -> String {
        let params = Set(runs.flatMap { $0.params.keys }).sorted()
        let metrics = Set(runs.flatMap { $0.metrics.keys }).sorted()
        let tags = Set(runs.flatMap { $0.tags.keys }).sorted()
        let header =
            [
                "id", "experiment", "directive", "location", "cache_key", "data_hash", "seed", "engine",
                "duration_seconds", "finished_at", "status", "error", "parent_id",
            ]
            + params.map { "param." + $0 } + metrics.map { "metric." + $0 } + tags.map { "tag." + $0 }
        var lines = [header.map(field).joined(separator: ",")]
        for run in runs {
            var row = [
                String(run.id), run.experiment, run.directive, run.location, run.cacheKey, run.dataHash,
                run.seed.map(String.init) ?? "", run.engine, number(run.durationSeconds), run.finishedAt, run.status,
                run.error ?? "", run.parentID.map(String.init) ?? "",
            ]
            row += params.map { run.params[$0] ?? "" }
            row += metrics.map { run.metrics[$0].map(number) ?? "" }
            row += tags.map { run.tags[$0] ?? "" }
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A number that reads back to the same Double (`description` is the shortest such text);
    /// empty when not finite.
    static func number(_ value: Double) -> String { value.isFinite ? value.description : "" }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character and would match neither.
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
