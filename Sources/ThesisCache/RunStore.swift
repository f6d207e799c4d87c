import Foundation
import ThesisDocument

/// A recorded run as read back from the store.
public struct StoredRun: Sendable {
    public var id: Int
    public var experiment: String
    public var directive: String
    public var location: String
    public var cacheKey: String
    public var dataHash: String
    public var seed: UInt64?
    public var engine: String
    public var durationSeconds: Double
    /// Wall-clock time the run finished (the store only; never in outputs).
    public var finishedAt: String
    public var params: [String: String]
    public var metrics: [String: Double]
    public var tags: [String: String]
    /// Metric values by step.
    public var history: [String: [Double]]
    /// `finished`, or `failed` for a run whose directive failed (its `error` says why).
    public var status: String = "finished"
    public var error: String? = nil
    /// For a trial of a search: the search's run.
    public var parentID: Int? = nil
}

/// Experiment tracking in the run history, .thesis/runs.sqlite (attached to the cache as `history`, so clearing the cache keeps it; MLflow's concepts: experiment, run, params,
/// metrics with steps, tags). Schema version 2 adds:
/// - `experiments(id INTEGER PRIMARY KEY, name TEXT UNIQUE)`
/// - `runs(id INTEGER PRIMARY KEY, experiment_id, directive, location, cache_key, data_hash, seed,
///   engine, duration, finished_at, params, metrics, tags)` (JSON objects in TEXT columns)
/// - `run_metrics(run_id, key, step, value)`: metrics by step
/// - `results.run_id`: the run that produced a cached result.
extension ResultStore {
    static let runMigration = """
        CREATE TABLE IF NOT EXISTS experiments(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS runs(
            id INTEGER PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            directive TEXT NOT NULL, location TEXT NOT NULL, cache_key TEXT NOT NULL,
            data_hash TEXT NOT NULL, seed INTEGER, engine TEXT NOT NULL, duration REAL NOT NULL,
            finished_at TEXT NOT NULL, params TEXT NOT NULL, metrics TEXT NOT NULL, tags TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS run_metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id), key TEXT NOT NULL, step INTEGER NOT NULL, value REAL,
            PRIMARY KEY(run_id, key, step));
        ALTER TABLE results ADD COLUMN run_id INTEGER;
        """

    /// Records a run and links it to the cached result `cacheKey`; returns the run id.
    @discardableResult
    public func recordRun(_ run: RunRecord, directive: String, location: String, cacheKey: String, dataHash: String,
                          engine: String, durationSeconds: Double, status: String = "finished", error: String? = nil,
                          parentID: Int? = nil) throws -> Int {
        let formatter = ISO8601DateFormatter()
        // A metric that is not finite (a diverged fit) is kept as "nan"/"inf", never as a number.
        let encode = { (value: Encodable) throws -> String in String(decoding: try CanonicalJSON.encode(AnyEncodable(value)), as: UTF8.self) }
        let params = try encode(run.params), metrics = try encode(run.metrics), tags = try encode(run.tags)
        return try withDatabase { database in
            try database.transaction {
                try database.query("INSERT OR IGNORE INTO experiments(name) VALUES(?)", [.text(run.experiment)])
                guard let experiment = try database.query("SELECT id FROM experiments WHERE name = ?", [.text(run.experiment)]).first?.first?.integer else {
                    throw SQLiteError(code: 0, message: "experiment '\(run.experiment)' was not created", sql: nil)
                }
                try database.query("""
                    INSERT INTO runs(experiment_id, directive, location, cache_key, data_hash, seed, engine, duration, finished_at, params, metrics, tags,
                                     status, error, parent_id)
                    VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.integer(experiment), .text(directive), .text(location), .text(cacheKey), .text(dataHash),
                          run.seed.map { .integer(Int64(bitPattern: $0)) } ?? .null, .text(engine), .real(durationSeconds),
                          .text(formatter.string(from: Date())), .text(params), .text(metrics), .text(tags), .text(status),
                          error.map { .text($0) } ?? .null, parentID.map { .integer(Int64($0)) } ?? .null])
                guard let id = try database.query("SELECT last_insert_rowid()").first?.first?.integer else {
                    throw SQLiteError(code: 0, message: "no run id", sql: nil)
                }
                for (key, values) in run.history {
                    for (step, value) in values.enumerated() {
                        try database.query("INSERT INTO run_metrics(run_id, key, step, value) VALUES(?, ?, ?, ?)",
                                           [.integer(id), .text(key), .integer(Int64(step)), value.isFinite ? .real(value) : .null])
                    }
                }
                if status == "finished", parentID == nil { try database.query("UPDATE results SET run_id = ? WHERE key = ?", [.integer(id), .text(cacheKey)]) }
                return Int(id)
            }
        }
    }

    /// The run that produced the cached result `cacheKey`, if it was recorded.
    public func runID(forResult cacheKey: String) throws -> Int? {
        try withDatabase { try $0.query("SELECT run_id FROM results WHERE key = ?", [.text(cacheKey)]).first?.first?.integer.map(Int.init) }
    }

    /// Recorded runs, newest first, optionally of one experiment.
    public func runs(experiment: String? = nil, limit: Int = 100) throws -> [StoredRun] {
        let rows = try withDatabase { database in
            try database.query("""
                SELECT r.id, e.name, r.directive, r.location, r.cache_key, r.data_hash, r.seed, r.engine, r.duration,
                       r.finished_at, r.params, r.metrics, r.tags, r.status, r.error, r.parent_id
                FROM runs r JOIN experiments e ON e.id = r.experiment_id
                WHERE (? IS NULL OR e.name = ?) ORDER BY r.id DESC LIMIT ?
                """, [experiment.map { .text($0) } ?? .null, experiment.map { .text($0) } ?? .null, .integer(Int64(limit))])
        }
        return try rows.map { try storedRun($0) }
    }

    /// Sets and removes tags of run `id` after the fact (`thesis runs tag`); returns the run's tags
    /// afterwards, or nil when there is no such run.
    @discardableResult
    public func tagRun(_ id: Int, set: [String: String], remove: [String]) throws -> [String: String]? {
        try withDatabase { database in
            try database.transaction {
                guard let row = try database.query("SELECT tags FROM runs WHERE id = ?", [.integer(Int64(id))]).first
                else { return nil }
                var tags = row[0].text.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
                for key in remove { tags[key] = nil }
                tags.merge(set) { _, new in new }
                let text = String(decoding: try CanonicalJSON.encode(tags), as: UTF8.self)
                try database.query("UPDATE runs SET tags = ? WHERE id = ?", [.text(text), .integer(Int64(id))])
                return tags
            }
        }
    }

    /// One run with its metric history.
    public func run(id: Int) throws -> StoredRun? {
        let row = try withDatabase { database in
            try database.query("""
                SELECT r.id, e.name, r.directive, r.location, r.cache_key, r.data_hash, r.seed, r.engine, r.duration,
                       r.finished_at, r.params, r.metrics, r.tags, r.status, r.error, r.parent_id
                FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?
                """, [.integer(Int64(id))]).first
        }
        guard let row else { return nil }
        var run = try storedRun(row)
        let steps = try withDatabase { try $0.query("SELECT key, step, value FROM run_metrics WHERE run_id = ? ORDER BY key, step", [.integer(Int64(id))]) }
        for step in steps {
            guard let key = step[0].text else { continue }
            run.history[key, default: []].append(step[2].real ?? .nan)
        }
        return run
    }

    private func storedRun(_ row: [SQLiteValue]) throws -> StoredRun {
        func json<T: Decodable>(_ value: SQLiteValue, _ type: T.Type) -> T? { value.blob.flatMap { try? CanonicalJSON.decode(type, from: $0) } }
        return StoredRun(id: Int(row[0].integer ?? 0), experiment: row[1].text ?? "", directive: row[2].text ?? "",
                         location: row[3].text ?? "", cacheKey: row[4].text ?? "", dataHash: row[5].text ?? "",
                         seed: row[6].integer.map { UInt64(bitPattern: $0) }, engine: row[7].text ?? "",
                         durationSeconds: row[8].real ?? 0, finishedAt: row[9].text ?? "",
                         params: json(row[10], [String: String].self) ?? [:], metrics: json(row[11], [String: Double].self) ?? [:],
                         tags: json(row[12], [String: String].self) ?? [:], history: [:], status: row[13].text ?? "finished",
                         error: row[14].text, parentID: row[15].integer.map(Int.init))
    }
}

/// Type erasure so `CanonicalJSON` can encode an existential.
private struct AnyEncodable: Encodable {
    let value: Encodable
    init(_ value: Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
