import CSQLite
import Foundation
import ThesisDocument

/// Where a cached result came from. Kept in the cache only, never in outputs.
public struct Provenance: Codable, Hashable, Sendable {
    public var directive: String
    public var durationSeconds: Double
    public var engineVersion: String
    public var blasThreads: Int

    public init(directive: String, durationSeconds: Double, engineVersion: String, blasThreads: Int) {
        self.directive = directive
        self.durationSeconds = durationSeconds
        self.engineVersion = engineVersion
        self.blasThreads = blasThreads
    }
}

/// One stored result: the directive's output and where it came from.
public struct CachedResult: Sendable {
    /// The result; its object is left out unless asked for (`lookup(_:withObject:)`).
    public var result: DirectiveResult
    public var provenance: Provenance
    /// SHA-256 of the whole result's canonical JSON (object included), as the manifest records it.
    public var resultHash: String
    /// Whether the result has an object that was left out.
    public var hasDeferredObject: Bool
}

/// Directive results keyed by content hash, in SQLite at `.thesis/cache.sqlite`.
///
/// Schema (`PRAGMA user_version` 3; version 2 adds experiment tracking, see `RunStore.swift`;
/// version 3 drops the unused per-result `outputs` column):
/// - `results(key TEXT PRIMARY KEY, directive TEXT, payload BLOB, provenance TEXT, run_id INTEGER)`:
///   `payload` is the canonical JSON of `DirectiveResult`, `provenance` a JSON `Provenance`.
/// - `drawings(spec_key TEXT PRIMARY KEY, hashes TEXT)`: for a drawn figure spec (hash of the
///   spec and the renderer version), the SHA-256 of each drawn format, so a build redraws a
///   figure only when its file is missing or was changed by hand.
/// - `file_hashes(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER, sha256 TEXT)`:
///   memoised input hashes so a no-op build does not re-read large data files.
/// - `durations(site TEXT PRIMARY KEY, seconds REAL)` (version 6): how long the directive at a
///   place of the chapters took when it last executed, for the progress line's estimate.
/// - `results.model_id` (version 7): the saved model a result names (see `ModelRegistry.swift`).
///
/// The database runs in WAL mode; every write is one transaction, so a build killed at any
/// moment leaves the cache consistent. Access is serialised by an internal lock.
public final class ResultStore: @unchecked Sendable {
    public static let schemaVersion = 7
    private var database: SQLiteDatabase
    let path: String
    private let lock = NSLock()
    /// Messages about recoveries (e.g. a corrupt cache set aside), for the caller to print.
    public private(set) var notes: [String] = []

    private static let migrations: [String] = [
        """
        CREATE TABLE IF NOT EXISTS results(
            key TEXT PRIMARY KEY,
            directive TEXT NOT NULL,
            payload BLOB NOT NULL,
            outputs TEXT NOT NULL,
            provenance TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS file_hashes(
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            sha256 TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS drawings(
            spec_key TEXT PRIMARY KEY,
            hashes TEXT NOT NULL);
        """,
        runMigration,
        // Drawn files are tracked per figure spec in `drawings`; the per-result list went unused.
        "ALTER TABLE results DROP COLUMN outputs;",
        // A result's object (a prepared panel, a fitted model: often megabytes) apart from its
        // payload, read only by a dependent that executes; the whole result's hash stored with it.
        "ALTER TABLE results ADD COLUMN object BLOB; ALTER TABLE results ADD COLUMN result_hash TEXT;",
        // Runs are the author's records, not cache: they move to their own file (runs.sqlite,
        // attached as `history`), so clearing the cache keeps them.
        """
        INSERT OR IGNORE INTO history.experiments(id, name) SELECT id, name FROM main.experiments;
        INSERT OR IGNORE INTO history.runs(id, experiment_id, directive, location, cache_key, data_hash, seed, engine, duration,
                                           finished_at, params, metrics, tags)
            SELECT id, experiment_id, directive, location, cache_key, data_hash, seed, engine, duration, finished_at, params,
                   metrics, tags FROM main.runs;
        INSERT OR IGNORE INTO history.run_metrics SELECT * FROM main.run_metrics;
        DROP TABLE main.run_metrics; DROP TABLE main.runs; DROP TABLE main.experiments;
        """,
        // How long each directive of the chapters took when it last executed, by its place (not
        // its key, which changes with every edit): the estimate of a build's progress line.
        "CREATE TABLE IF NOT EXISTS durations(site TEXT PRIMARY KEY, seconds REAL NOT NULL);",
        // The saved model a result names (its artifact in .thesis/models/), so `thesis gc` keeps it.
        "ALTER TABLE results ADD COLUMN model_id TEXT;",
    ]

    /// Opens the store at `path`; a damaged database is moved aside and a fresh one started.
    public init(path: String) throws {
        self.path = path
        var notes: [String] = []
        do {
            database = try Self.open(path, notes: &notes)
            try Self.checkSchema(database)
        } catch let error as SQLiteError where error.isCorruption {
            let aside = Self.setAside(path)
            database = try Self.open(path, notes: &notes)
            notes.append("the cache database was damaged (\(error.message)); moved it to \(aside) and started a new one")
        }
        self.notes = notes
    }

    /// The run history's tables (experiment tracking), in runs.sqlite beside the cache.
    private static let runsMigrations = [
        """
        CREATE TABLE IF NOT EXISTS history.experiments(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS history.runs(
            id INTEGER PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            directive TEXT NOT NULL, location TEXT NOT NULL, cache_key TEXT NOT NULL,
            data_hash TEXT NOT NULL, seed INTEGER, engine TEXT NOT NULL, duration REAL NOT NULL,
            finished_at TEXT NOT NULL, params TEXT NOT NULL, metrics TEXT NOT NULL, tags TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS history.run_metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id), key TEXT NOT NULL, step INTEGER NOT NULL, value REAL,
            PRIMARY KEY(run_id, key, step));
        """,
        registryMigration,
        // 3: failed runs, with their error; trials under their search (parent_id).
        """
        ALTER TABLE history.runs ADD COLUMN status TEXT NOT NULL DEFAULT 'finished';
        ALTER TABLE history.runs ADD COLUMN error TEXT;
        ALTER TABLE history.runs ADD COLUMN parent_id INTEGER;
        """ + requestLogMigration,
        // 4: promotion decisions (see Promotions.swift).
        promotionsMigration,
    ]

    /// Attaches the run history as `history`, creating or migrating it; a damaged history file is
    /// moved aside (and said so) rather than stopping the build.
    private static func attachRuns(_ database: SQLiteDatabase, path: String, notes: inout [String]) throws {
        func attach() throws -> Int {
            try database.query("ATTACH DATABASE ? AS history", [.text(path)])
            return Int(try database.query("PRAGMA history.user_version").first?.first?.integer ?? 0)
        }
        var version: Int
        do {
            version = try attach()
        } catch let error as SQLiteError where error.isCorruption && path != ":memory:" {
            try? database.query("DETACH DATABASE history")
            let aside = Self.setAside(path)
            version = try attach()
            notes.append("the run history was damaged (\(error.message)); moved it to \(aside) and started a new one")
        }
        for (index, migration) in runsMigrations.enumerated() where index >= version {
            try database.transaction {
                try database.execute(migration)
                try database.execute("PRAGMA history.user_version = \(index + 1)")
            }
        }
    }

    /// Moves a damaged SQLite file (and its -wal and -shm files) to `PATH.corrupt`, replacing an
    /// older copy there; returns the new path.
    private static func setAside(_ path: String) -> String {
        let aside = path + ".corrupt"
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: aside + suffix)
            try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
        return aside
    }

    /// The tables a cache of this schema has; one missing (dropped by hand or by damage) makes
    /// the file count as damaged, so it is set aside once instead of failing every build.
    private static func checkSchema(_ database: SQLiteDatabase) throws {
        let present = Set(try database.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.first?.text })
        let missing = ["results", "file_hashes", "drawings"].filter { !present.contains($0) }
        if !missing.isEmpty {
            throw SQLiteError(code: SQLITE_CORRUPT, message: "table \(missing.joined(separator: ", ")) is missing", sql: nil)
        }
    }

    /// After a query failed with `error`: when the file is damaged (SQLite says so, or its
    /// integrity check fails), it is moved aside and a fresh cache takes its place, so the next
    /// build does not meet the damage again. Returns whether the cache was replaced.
    @discardableResult
    public func recover(from error: Error) -> Bool {
        guard path != ":memory:" else { return false }
        return locked {
            let damaged: Bool
            if let error = error as? SQLiteError, error.isCorruption {
                damaged = true
            } else {
                let result = (try? database.query("PRAGMA quick_check").first?.first?.text) ?? nil
                damaged = result != "ok"
            }
            guard damaged else { return false }
            let aside = Self.setAside(path)
            var notes: [String] = []
            guard let fresh = try? Self.open(path, notes: &notes) else { return false }
            database = fresh
            self.notes.append("the cache database was damaged (\(error)); moved it to \(aside) and started a new one")
            self.notes.append(contentsOf: notes)
            return true
        }
    }

    /// An in-memory store, for tests and `verify`.
    public static func inMemory() throws -> ResultStore { try ResultStore(path: ":memory:") }

    /// The file of the run history beside a cache file (`:memory:` for an in-memory cache).
    public static func runsPath(forCache path: String) -> String {
        path == ":memory:" ? ":memory:" : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("runs.sqlite").path
    }

    private static func open(_ path: String, notes: inout [String]) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path)
        if path != ":memory:" {
            try database.query("PRAGMA journal_mode=WAL")
        }
        try database.execute("PRAGMA synchronous=NORMAL")
        try attachRuns(database, path: runsPath(forCache: path), notes: &notes)
        let version = try database.userVersion
        guard version <= migrations.count else {
            throw SQLiteError(code: 0, message: "cache schema version \(version) is newer than this thesis tool understands (\(migrations.count)); run `thesis clean --cache`", sql: nil)
        }
        for (index, migration) in migrations.enumerated() where index >= version {
            try database.transaction {
                try database.execute(migration)
                try database.execute("PRAGMA user_version = \(index + 1)")
            }
        }
        return database
    }

    @discardableResult
    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` with the database, serialised with every other access.
    func withDatabase<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try locked { try body(database) }
    }

    /// The stored result for `key`, or nil. A row that fails to decode counts as a miss.
    /// The cached result of `key`. Its object is read only `withObject` (a cache hit whose
    /// dependents are cache hits too never needs it); `object(for:)` reads it later.
    public func lookup(_ key: String, withObject: Bool = true) throws -> CachedResult? {
        let columns = "payload, provenance, result_hash, object IS NOT NULL" + (withObject ? ", object" : "")
        let rows = try locked { try database.query("SELECT \(columns) FROM results WHERE key = ?", [.text(key)]) }
        guard let row = rows.first, row.count >= 4,
              let payload = row[0].blob, let provenance = row[1].blob,
              var result = try? CanonicalJSON.decode(DirectiveResult.self, from: payload),
              let origin = try? CanonicalJSON.decode(Provenance.self, from: provenance) else { return nil }
        // Rows written before schema 4 hold the object in the payload and no hash.
        guard let hash = row[2].text else {
            return CachedResult(result: result, provenance: origin, resultHash: SHA256.hex(payload), hasDeferredObject: false)
        }
        let hasObject = row[3].integer == 1
        if withObject, hasObject {
            guard let data = row[4].blob, let object = try? CanonicalJSON.decode(ResultObject.self, from: data) else { return nil }
            result.object = object
        }
        return CachedResult(result: result, provenance: origin, resultHash: hash, hasDeferredObject: hasObject && !withObject)
    }

    /// The object of the cached result of `key`, if it has one.
    public func object(for key: String) throws -> ResultObject? {
        try lookup(key, withObject: true)?.result.object
    }

    /// Whether a result is stored for `key`, without decoding it.
    public func contains(_ key: String) throws -> Bool {
        try locked { try !database.query("SELECT 1 FROM results WHERE key = ?", [.text(key)]).isEmpty }
    }

    /// Stores a good result (failures are never stored); returns the SHA-256 of its canonical JSON.
    @discardableResult
    public func store(_ result: DirectiveResult, provenance: Provenance, for key: String) throws -> String {
        let hash = SHA256.hex(try CanonicalJSON.encode(result))
        var bare = result
        bare.object = nil
        let payload = try CanonicalJSON.encode(bare)
        let object: SQLiteValue = try result.object.map { .blob(try CanonicalJSON.encode($0)) } ?? .null
        let origin = try CanonicalJSON.encode(provenance)
        try locked {
            try database.transaction {
                try database.query(
                    "INSERT OR REPLACE INTO results(key, directive, payload, provenance, object, result_hash, model_id) VALUES(?, ?, ?, ?, ?, ?, ?)",
                    [.text(key), .text(provenance.directive), .blob(payload), .text(String(decoding: origin, as: UTF8.self)),
                     object, .text(hash), result.model.map { .text($0.id) } ?? .null])
            }
        }
        return hash
    }

    /// How long the directive at `site` took when it last executed (see `recordDuration`).
    public func lastDuration(site: String) throws -> Double? {
        try locked { try database.query("SELECT seconds FROM durations WHERE site = ?", [.text(site)]).first?.first?.real }
    }

    /// Records how long the directive at `site` (its file and id, or its file, kind and place)
    /// took to execute, for the next build's estimate.
    public func recordDuration(_ seconds: Double, site: String) throws {
        try locked {
            try database.query("INSERT OR REPLACE INTO durations(site, seconds) VALUES(?, ?)", [.text(site), .real(seconds)])
        }
    }

    /// The file hashes by format recorded when the spec with this key was drawn.
    public func drawing(_ specKey: String) throws -> [String: String]? {
        let row = try locked { try database.query("SELECT hashes FROM drawings WHERE spec_key = ?", [.text(specKey)]).first }
        guard let data = row?.first?.blob else { return nil }
        return try? CanonicalJSON.decode([String: String].self, from: data)
    }

    /// Records the file hashes by format of a drawn spec.
    public func storeDrawing(_ hashes: [String: String], for specKey: String) throws {
        let data = try CanonicalJSON.encode(hashes)
        try locked {
            try database.query("INSERT OR REPLACE INTO drawings(spec_key, hashes) VALUES(?, ?)",
                               [.text(specKey), .text(String(decoding: data, as: UTF8.self))])
        }
    }

    /// Deletes every stored result and drawing (file hashes are kept).
    public func removeAll() throws {
        try locked { try database.execute("DELETE FROM results; DELETE FROM drawings;") }
    }

    /// Number of stored results.
    public func count() throws -> Int {
        try locked { Int(try database.query("SELECT COUNT(*) FROM results").first?.first?.integer ?? 0) }
    }

    // MARK: - Memoised file hashes

    /// The SHA-256 of the file at `absolutePath`, re-read only when its size, mtime or inode changed.
    public func fileHash(absolutePath: String, key path: String) throws -> String {
        let stamp = try FileStamp(of: absolutePath, key: path)
        if let hash = try memoisedHash(key: path, stamp: stamp) { return hash }
        let hash = try SHA256.hex(fileAt: absolutePath)
        try recordHash(hash, key: path, stamp: stamp)
        return hash
    }

    /// The recorded SHA-256 of the file at `path` if its size, mtime and inode are unchanged.
    public func memoisedHash(key path: String, stamp: FileStamp) throws -> String? {
        let row = try locked {
            try database.query("SELECT size, mtime_ns, inode, sha256 FROM file_hashes WHERE path = ?", [.text(path)]).first
        }
        if let row, row.count == 4, row[0].integer == stamp.size, row[1].integer == stamp.mtime,
           row[2].integer == stamp.inode, let hash = row[3].text {
            return hash
        }
        return nil
    }

    /// Records the SHA-256 of bytes read from `path` when it had `stamp`.
    public func recordHash(_ hash: String, key path: String, stamp: FileStamp) throws {
        try locked {
            try database.query("INSERT OR REPLACE INTO file_hashes(path, size, mtime_ns, inode, sha256) VALUES(?, ?, ?, ?, ?)",
                               [.text(path), .integer(stamp.size), .integer(stamp.mtime), .integer(stamp.inode), .text(hash)])
        }
    }
}

/// A file's size, modification time and inode: when all three are unchanged, its recorded hash is.
public struct FileStamp: Hashable, Sendable {
    public var size: Int64
    public var mtime: Int64
    public var inode: Int64

    /// Stats `absolutePath`; `key` names the file in the error.
    public init(of absolutePath: String, key: String) throws {
        var info = stat()
        guard stat(absolutePath, &info) == 0 else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: key])
        }
        size = Int64(info.st_size)
        mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = Int64(bitPattern: UInt64(info.st_ino))
    }
}
