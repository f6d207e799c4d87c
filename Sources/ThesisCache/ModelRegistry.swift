import Foundation
import ThesisDocument

/// A saved model as the store knows it: the artifact's id and where it came from.
public struct StoredModel: Sendable, Hashable {
    /// SHA-256 of the artifact file, .thesis/models/ID.json.
    public var id: String
    /// The artifact's kind, e.g. `lstm`.
    public var kind: String
    public var directive: String
    public var location: String
    public var experiment: String?
    /// The run that first made it.
    public var runID: Int?
    public var dataHash: String
    public var metrics: [String: Double]
    /// The artifact's size in bytes.
    public var size: Int
    /// When it was first saved (the store only; never in outputs).
    public var createdAt: String
}

/// One version of a registered model name.
public struct ModelVersion: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var modelID: String
    public var createdAt: String
    /// How it was registered, e.g. `thesis models register`.
    public var source: String
}

/// A registered name: its versions (oldest first) and aliases.
public struct RegisteredModel: Sendable, Hashable {
    public var name: String
    public var versions: [ModelVersion]
    /// Alias → version, e.g. `champion` → 3.
    public var aliases: [String: Int]

    /// The newest version.
    public var latest: ModelVersion? { versions.last }
}

/// A change to the registry, kept for the record (what, when, why).
public struct RegistryEvent: Sendable, Hashable {
    public var at: String
    public var name: String
    /// `register`, `alias`, `unalias`.
    public var action: String
    public var version: Int?
    public var alias: String?
    public var reason: String
}

/// What a model reference named: the artifact, and the registered version when it was a name.
public struct ResolvedModel: Sendable, Hashable {
    public var modelID: String
    public var name: String?
    public var version: Int?
}

/// A reference that names no model, with what would be valid.
public struct ModelReferenceError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) { self.description = description }
}

/// The model registry (MLflow's model registry: names, numbered versions, movable aliases), in
/// the run history (.thesis/runs.sqlite), so it survives `thesis clean --cache`. Artifacts are
/// files in .thesis/models/, named by their SHA-256. History schema version 2 adds:
/// - `models(id TEXT PRIMARY KEY, kind, directive, location, experiment, run_id, data_hash,
///   metrics, size, created_at)`: every saved artifact;
/// - `model_versions(name, version, model_id, created_at, source)`, primary key (name, version);
/// - `model_aliases(name, alias, version)`, primary key (name, alias);
/// - `registry_events(id, at, name, action, version, alias, reason)`: every change, in order;
/// - `run_artifacts(run_id, kind, ref)`: what a run made (`model` and the artifact id, or
///   `figure` and `SHA256.EXT`, a file in .thesis/artifacts);
/// - `request_log(id, at, model, version, model_id, input_hash, rows, latency_ms, status)`: every
///   prediction request `thesis serve` answered, for monitoring.
extension ResultStore {
    static let registryMigration = """
        CREATE TABLE IF NOT EXISTS history.models(
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, directive TEXT NOT NULL, location TEXT NOT NULL,
            experiment TEXT, run_id INTEGER, data_hash TEXT NOT NULL, metrics TEXT NOT NULL,
            size INTEGER NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS history.model_versions(
            name TEXT NOT NULL, version INTEGER NOT NULL, model_id TEXT NOT NULL, created_at TEXT NOT NULL,
            source TEXT NOT NULL, PRIMARY KEY(name, version));
        CREATE TABLE IF NOT EXISTS history.model_aliases(
            name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY(name, alias));
        CREATE TABLE IF NOT EXISTS history.registry_events(
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, name TEXT NOT NULL, action TEXT NOT NULL,
            version INTEGER, alias TEXT, reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS history.run_artifacts(
            run_id INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, PRIMARY KEY(run_id, kind, ref));
        """

    /// The request log of model serving (history version 3).
    static let requestLogMigration = """

        CREATE TABLE IF NOT EXISTS history.request_log(
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, model TEXT NOT NULL, version INTEGER, model_id TEXT,
            input_hash TEXT NOT NULL, rows INTEGER NOT NULL, latency_ms REAL NOT NULL, status INTEGER NOT NULL);
        """

    /// The folder of the artifacts beside the cache file, nil for an in-memory store.
    public var modelsDirectory: URL? {
        path == ":memory:"
            ? nil : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("models")
    }

    /// The artifact file of `id`.
    public func modelFile(_ id: String) -> URL? { modelsDirectory?.appendingPathComponent(id + ".json") }

    /// Whether the artifact file of `id` exists (always true in memory, where none is written).
    public func hasModelFile(_ id: String) -> Bool {
        guard let url = modelFile(id) else { return true }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// Writes an artifact's bytes as .thesis/models/ID.json (to a temporary name, then renamed);
    /// returns the id, their SHA-256. Equal bytes are written once.
    @discardableResult
    public func saveModelFile(_ bytes: Data) throws -> String {
        let id = SHA256.hex(bytes)
        guard let directory = modelsDirectory, !hasModelFile(id) else { return id }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try bytes.write(to: directory.appendingPathComponent(id + ".json"), options: .atomic)
        return id
    }

    /// The folder of a run's other artifacts (its figures), beside the models: .thesis/artifacts.
    public var artifactsDirectory: URL? {
        modelsDirectory?.deletingLastPathComponent().appendingPathComponent("artifacts")
    }

    /// A drawn file for `recordRunFigures`: its SHA-256, its extension, and how to read it.
    public struct DrawnFile {
        public var sha256: String
        public var fileExtension: String
        public var bytes: () -> Data?

        public init(sha256: String, fileExtension: String, bytes: @escaping () -> Data?) {
            self.sha256 = sha256
            self.fileExtension = fileExtension
            self.bytes = bytes
        }
    }

    /// Keeps the drawn files of run `runID` as .thesis/artifacts/SHA256.EXT (content-addressed, so
    /// they outlive a renumbered or deleted figure and `thesis clean --cache`) and lists them among
    /// the run's artifacts as `figure SHA256.EXT`. One look at what the run lists already; a file is
    /// read only when its artifact is not kept yet. Doing it again changes nothing.
    public func recordRunFigures(_ files: [DrawnFile], runID: Int) throws {
        let listed = Set(try artifacts(ofRun: runID).filter { $0.kind == "figure" }.map(\.ref))
        var missing: [String] = []
        for file in files {
            let name = file.sha256 + "." + file.fileExtension
            if let directory = artifactsDirectory {
                let url = directory.appendingPathComponent(name)
                if !FileManager.default.fileExists(atPath: url.path) {
                    guard let data = file.bytes(), SHA256.hex(data) == file.sha256 else { continue }
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try data.write(to: url, options: .atomic)
                }
            }
            if !listed.contains(name) { missing.append(name) }
        }
        guard !missing.isEmpty else { return }
        try withDatabase { database in
            try database.transaction {
                for name in missing {
                    try database.query(
                        "INSERT OR IGNORE INTO history.run_artifacts(run_id, kind, ref) VALUES(?, 'figure', ?)",
                        [.integer(Int64(runID)), .text(name)])
                }
            }
        }
    }

    /// The bytes of the artifact `id`.
    public func modelBytes(_ id: String) throws -> Data {
        guard let url = modelFile(id) else {
            throw ModelReferenceError(description: "an in-memory store keeps no model files")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelReferenceError(
                description:
                    "the artifact of model \(id.prefix(12)) is missing (.thesis/models/\(id).json); rebuild with --no-cache to make it again"
            )
        }
        return data
    }

    /// Records a saved artifact and links it to the run that made it (a model made again by a
    /// later run keeps its first record; the run still lists it).
    public func recordModel(
        id: String, kind: String, directive: String, location: String, experiment: String?, runID: Int?,
        dataHash: String, metrics: [String: Double], size: Int
    ) throws {
        let metricsJSON = String(decoding: try CanonicalJSON.encode(metrics), as: UTF8.self)
        try withDatabase { database in
            try database.transaction {
                try database.query(
                    """
                    INSERT OR IGNORE INTO history.models(id, kind, directive, location, experiment, run_id, data_hash, metrics, size, created_at)
                    VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(id), .text(kind), .text(directive), .text(location),
                        experiment.map { .text($0) } ?? .null,
                        runID.map { .integer(Int64($0)) } ?? .null, .text(dataHash), .text(metricsJSON),
                        .integer(Int64(size)),
                        .text(Self.now()),
                    ])
                if let runID {
                    try database.query(
                        "INSERT OR IGNORE INTO history.run_artifacts(run_id, kind, ref) VALUES(?, 'model', ?)",
                        [.integer(Int64(runID)), .text(id)])
                }
            }
        }
    }

    /// Saved models, newest first.
    public func models(limit: Int = 100) throws -> [StoredModel] {
        try withDatabase { database in
            try database.query(
                """
                SELECT id, kind, directive, location, experiment, run_id, data_hash, metrics, size, created_at
                FROM history.models ORDER BY created_at DESC, rowid DESC LIMIT ?
                """, [.integer(Int64(limit))]
            ).map(Self.storedModel)
        }
    }

    /// The saved model `id`.
    public func model(id: String) throws -> StoredModel? {
        try withDatabase { database in
            try database.query(
                """
                SELECT id, kind, directive, location, experiment, run_id, data_hash, metrics, size, created_at
                FROM history.models WHERE id = ?
                """, [.text(id)]
            ).first.map(Self.storedModel)
        }
    }

    /// The artifacts a run made, by kind.
    public func artifacts(ofRun runID: Int) throws -> [(kind: String, ref: String)] {
        try withDatabase { database in
            try database.query(
                "SELECT kind, ref FROM history.run_artifacts WHERE run_id = ? ORDER BY kind, ref",
                [.integer(Int64(runID))]
            )
            .map { ($0[0].text ?? "", $0[1].text ?? "") }
        }
    }

    /// Registers model `id` as the next version of `name`; when a version already is that model
    /// (the same file, rebuilt or promoted earlier), nothing changes and its number is returned.
    @discardableResult
    public func register(_ id: String, as name: String, source: String) throws -> (version: Int, created: Bool) {
        try Self.checkName(name, what: "model name")
        return try withDatabase { database in
            try database.transaction { try Self.registerVersion(database, id: id, name: name, source: source) }
        }
    }

    static func registerVersion(
        _ database: SQLiteDatabase, id: String, name: String, source: String
    ) throws -> (version: Int, created: Bool) {
        if let existing = try database.query(
            "SELECT version FROM history.model_versions WHERE name = ? AND model_id = ? ORDER BY version DESC LIMIT 1",
            [.text(name), .text(id)]
        ).first?.first?.integer {
            return (Int(existing), false)
        }
        let latest = try database.query(
            "SELECT MAX(version) FROM history.model_versions WHERE name = ?", [.text(name)]
        ).first?.first?.integer
        let version = Int(latest ?? 0) + 1
        try database.query(
            "INSERT INTO history.model_versions(name, version, model_id, created_at, source) VALUES(?, ?, ?, ?, ?)",
            [.text(name), .integer(Int64(version)), .text(id), .text(Self.now()), .text(source)])
        try Self.logEvent(database, name: name, action: "register", version: version, alias: nil, reason: source)
        return (version, true)
    }

    /// Points `alias` of `name` at `version` (moving it from another version), with the reason.
    public func setAlias(_ alias: String, of name: String, to version: Int, reason: String) throws {
        guard Int(alias) == nil else {
            throw ModelReferenceError(
                description: "an alias cannot be a number ('\(alias)'), which would read as a version")
        }
        try Self.checkName(alias, what: "alias")
        try withDatabase { database in
            try database.transaction {
                guard
                    !(try database.query(
                        "SELECT 1 FROM history.model_versions WHERE name = ? AND version = ?",
                        [.text(name), .integer(Int64(version))]
                    ).isEmpty)
                else {
                    throw ModelReferenceError(description: "'\(name)' has no version \(version)")
                }
                try Self.moveAlias(database, alias, of: name, to: version, action: "alias", reason: reason)
            }
        }
    }

    /// The version `alias` of `name` points at, nil when it has no such alias.
    static func aliasVersion(_ database: SQLiteDatabase, _ alias: String, of name: String) throws -> Int? {
        try database.query(
            "SELECT version FROM history.model_aliases WHERE name = ? AND alias = ?", [.text(name), .text(alias)]
        ).first?.first?.integer.map(Int.init)
    }

    /// Moves `alias` to `version` and logs it as `action`; false when it already pointed there.
    @discardableResult
    static func moveAlias(
        _ database: SQLiteDatabase, _ alias: String, of name: String, to version: Int, action: String, reason: String
    ) throws -> Bool {
        guard try aliasVersion(database, alias, of: name) != version else { return false }
        try database.query(
            "INSERT OR REPLACE INTO history.model_aliases(name, alias, version) VALUES(?, ?, ?)",
            [.text(name), .text(alias), .integer(Int64(version))])
        try Self.logEvent(database, name: name, action: action, version: version, alias: alias, reason: reason)
        return true
    }

    /// Removes `alias` of `name`.
    public func removeAlias(_ alias: String, of name: String, reason: String) throws {
        try withDatabase { database in
            try database.transaction {
                guard
                    !(try database.query(
                        "SELECT 1 FROM history.model_aliases WHERE name = ? AND alias = ?", [.text(name), .text(alias)]
                    ).isEmpty)
                else {
                    throw ModelReferenceError(description: "'\(name)' has no alias '\(alias)'")
                }
                try database.query(
                    "DELETE FROM history.model_aliases WHERE name = ? AND alias = ?", [.text(name), .text(alias)])
                try Self.logEvent(database, name: name, action: "unalias", version: nil, alias: alias, reason: reason)
            }
        }
    }

    /// Every registered name with its versions and aliases, by name.
    public func registeredModels() throws -> [RegisteredModel] {
        try withDatabase { database in
            let versions = try database.query(
                "SELECT name, version, model_id, created_at, source FROM history.model_versions ORDER BY name, version")
            let aliases = try database.query(
                "SELECT name, alias, version FROM history.model_aliases ORDER BY name, alias")
            var byName: [String: RegisteredModel] = [:]
            for row in versions {
                let name = row[0].text ?? ""
                byName[name, default: RegisteredModel(name: name, versions: [], aliases: [:])].versions.append(
                    ModelVersion(
                        name: name, version: Int(row[1].integer ?? 0), modelID: row[2].text ?? "",
                        createdAt: row[3].text ?? "",
                        source: row[4].text ?? ""))
            }
            for row in aliases { byName[row[0].text ?? ""]?.aliases[row[1].text ?? ""] = Int(row[2].integer ?? 0) }
            return byName.keys.sorted().compactMap { byName[$0] }
        }
    }

    /// The registry's changes, oldest first, optionally for one name.
    public func registryEvents(name: String? = nil) throws -> [RegistryEvent] {
        try withDatabase { database in
            try database.query(
                "SELECT at, name, action, version, alias, reason FROM history.registry_events WHERE (? IS NULL OR name = ?) ORDER BY id",
                [name.map { .text($0) } ?? .null, name.map { .text($0) } ?? .null]
            ).map {
                RegistryEvent(
                    at: $0[0].text ?? "", name: $0[1].text ?? "", action: $0[2].text ?? "",
                    version: $0[3].integer.map(Int.init),
                    alias: $0[4].text, reason: $0[5].text ?? "")
            }
        }
    }

    /// Resolves `NAME` (its newest version), `NAME@ALIAS`, `NAME:VERSION`, or an artifact id or
    /// a unique prefix of one (at least 6 characters).
    public func resolveModel(_ reference: String) throws -> ResolvedModel {
        let registered = try registeredModels()
        func named(_ name: String) throws -> RegisteredModel {
            guard let model = registered.first(where: { $0.name == name }) else {
                let known = registered.map(\.name)
                throw ModelReferenceError(
                    description: "no registered model '\(name)'"
                        + (known.isEmpty
                            ? "; register one with `thesis models register NAME --from ID`"
                            : " (registered: \(known.joined(separator: ", ")))"))
            }
            return model
        }
        if let at = reference.firstIndex(of: "@") {
            let model = try named(String(reference[..<at]))
            let alias = String(reference[reference.index(after: at)...])
            guard let version = model.aliases[alias], let entry = model.versions.first(where: { $0.version == version })
            else {
                let known = model.aliases.keys.sorted()
                throw ModelReferenceError(
                    description: "'\(model.name)' has no alias '\(alias)'"
                        + (known.isEmpty ? " (it has none)" : " (aliases: \(known.joined(separator: ", ")))"))
            }
            return ResolvedModel(modelID: entry.modelID, name: model.name, version: version)
        }
        if let colon = reference.lastIndex(of: ":") {
            let model = try named(String(reference[..<colon]))
            let text = reference[reference.index(after: colon)...]
            guard let version = Int(text), let entry = model.versions.first(where: { $0.version == version }) else {
                throw ModelReferenceError(
                    description: "'\(model.name)' has no version '\(text)' (versions 1 to \(model.versions.count))")
            }
            return ResolvedModel(modelID: entry.modelID, name: model.name, version: version)
        }
        if let model = registered.first(where: { $0.name == reference }), let latest = model.latest {
            return ResolvedModel(modelID: latest.modelID, name: model.name, version: latest.version)
        }
        let lowered = reference.lowercased()
        if lowered.count >= 6, lowered.allSatisfy(\.isHexDigit) {
            let matches = try withDatabase {
                try $0.query("SELECT id FROM history.models WHERE id LIKE ? || '%'", [.text(lowered)])
            }.compactMap { $0.first?.text }
            if matches.count == 1 { return ResolvedModel(modelID: matches[0], name: nil, version: nil) }
            if matches.count > 1 {
                throw ModelReferenceError(
                    description: "'\(reference)' is the start of \(matches.count) model ids; give more of it")
            }
        }
        let known = registered.map(\.name)
        throw ModelReferenceError(
            description: "no registered model '\(reference)'"
                + (known.isEmpty ? "" : " (registered: \(known.joined(separator: ", ")))")
                + " and no model id starting so: give NAME, NAME@ALIAS, NAME:VERSION or a model id from `thesis models list`"
        )
    }

    /// Artifacts nothing refers to: no registered version and no cached result names them.
    public func unreferencedModels() throws -> [String] {
        try withDatabase { database in
            let referenced = Set(
                try database.query(
                    "SELECT model_id FROM history.model_versions UNION SELECT model_id FROM main.results WHERE model_id IS NOT NULL"
                )
                .compactMap { $0.first?.text })
            return try database.query("SELECT id FROM history.models ORDER BY id").compactMap { $0.first?.text }.filter
            { !referenced.contains($0) }
        }
    }

    /// Deletes the artifact `id` and its record (the runs keep their records).
    public func removeModel(_ id: String) throws {
        if let url = modelFile(id) { try? FileManager.default.removeItem(at: url) }
        _ = try withDatabase { try $0.query("DELETE FROM history.models WHERE id = ?", [.text(id)]) }
    }

    static func checkName(_ name: String, what: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        guard let first = name.first, first.isLetter, name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw ModelReferenceError(
                description:
                    "'\(name)' is not a valid \(what): use a letter, then letters, digits, '_', '-' or '.' (at most 64)"
            )
        }
    }

    static func logEvent(
        _ database: SQLiteDatabase, name: String, action: String, version: Int?, alias: String?, reason: String
    ) throws {
        try database.query(
            "INSERT INTO history.registry_events(at, name, action, version, alias, reason) VALUES(?, ?, ?, ?, ?, ?)",
            [
                .text(now()), .text(name), .text(action), version.map { .integer(Int64($0)) } ?? .null,
                alias.map { .text($0) } ?? .null, .text(reason),
            ])
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    private static func storedModel(_ row: [SQLiteValue]) -> StoredModel {
        StoredModel(
            id: row[0].text ?? "", kind: row[1].text ?? "", directive: row[2].text ?? "", location: row[3].text ?? "",
            experiment: row[4].text, runID: row[5].integer.map(Int.init), dataHash: row[6].text ?? "",
            metrics: row[7].blob.flatMap { try? CanonicalJSON.decode([String: Double].self, from: $0) } ?? [:],
            size: Int(row[8].integer ?? 0), createdAt: row[9].text ?? "")
    }
}
