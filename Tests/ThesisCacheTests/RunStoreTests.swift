import XCTest
import ThesisDocument
@testable import ThesisCache

final class RunStoreTests: XCTestCase {
    func testRecordsRunsWithMetricsByStepAndLinksTheResult() throws {
        let store = try ResultStore.inMemory()
        let provenance = Provenance(directive: "nn train", durationSeconds: 1, engineVersion: "e", blasThreads: 1)
        try store.store(DirectiveResult(), provenance: provenance, for: "key1")
        let record = RunRecord(experiment: "digits", params: ["hidden": "100", "lr": "0.001"], metrics: ["accuracy": 0.975],
                               history: ["loss": [1.0, 0.5, 0.25], "val_loss": [1.1, 0.6, 0.4]], tags: ["model": "mlp"], seed: 42)
        let id = try store.recordRun(record, directive: "nn train", location: "chapters/05.md:3:1", cacheKey: "key1",
                                     dataHash: "abc", engine: "e", durationSeconds: 2.5)
        XCTAssertEqual(try store.runID(forResult: "key1"), id)
        let second = try store.recordRun(RunRecord(experiment: "digits", params: ["hidden": "50"], metrics: ["accuracy": 0.96]),
                                         directive: "nn train", location: "x", cacheKey: "key2", dataHash: "abc", engine: "e", durationSeconds: 1)
        let listed = try store.runs(experiment: "digits")
        XCTAssertEqual(listed.map(\.id), [second, id])
        let run = try XCTUnwrap(try store.run(id: id))
        XCTAssertEqual(run.params, ["hidden": "100", "lr": "0.001"])
        XCTAssertEqual(run.metrics, ["accuracy": 0.975])
        XCTAssertEqual(run.history["loss"], [1.0, 0.5, 0.25])
        XCTAssertEqual(run.history["val_loss"], [1.1, 0.6, 0.4])
        XCTAssertEqual(run.seed, 42)
        XCTAssertEqual(run.dataHash, "abc")
        XCTAssertEqual(try store.runs(experiment: "other").count, 0)
    }

    func testFailedRunsAreRecordedWithTheirErrorAndLinkNoResult() throws {
        let store = try ResultStore.inMemory()
        let id = try store.recordRun(RunRecord(experiment: "u", params: ["hidden": "4"]), directive: "nn train", location: "x:1:1",
                                     cacheKey: "k", dataHash: "d", engine: "e", durationSeconds: 0.5, status: "failed",
                                     error: "no column 'nope'")
        let run = try XCTUnwrap(try store.run(id: id))
        XCTAssertEqual(run.status, "failed")
        XCTAssertEqual(run.error, "no column 'nope'")
        XCTAssertNil(try store.runID(forResult: "k"), "a failed run made no result")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: RunExport.json(run)) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "failed")
        XCTAssertEqual(json["error"] as? String, "no column 'nope'")
        XCTAssertTrue(RunExport.csv([run]).contains(",failed,no column 'nope',"), RunExport.csv([run]))
        let finished = try store.recordRun(RunRecord(experiment: "u", params: [:]), directive: "nn train", location: "x:1:1",
                                           cacheKey: "k2", dataHash: "d", engine: "e", durationSeconds: 0.5)
        XCTAssertEqual(try store.run(id: finished)?.status, "finished")
        XCTAssertNil(try store.run(id: finished)?.error)
    }

    func testVersionOneCacheIsMigrated() throws {
        // Its own directory: the run history is created beside the cache, as runs.sqlite.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("""
                CREATE TABLE results(key TEXT PRIMARY KEY, directive TEXT NOT NULL, payload BLOB NOT NULL, outputs TEXT NOT NULL, provenance TEXT NOT NULL);
                CREATE TABLE file_hashes(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL);
                CREATE TABLE drawings(spec_key TEXT PRIMARY KEY, hashes TEXT NOT NULL);
                PRAGMA user_version = 1;
                """)
        }
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path).userVersion, ResultStore.schemaVersion)
        XCTAssertEqual(try store.runs().count, 0)
    }

    /// Runs are the author's records: removing the cache (`thesis clean --cache`) keeps them.
    func testRunsLiveApartFromTheCache() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        do {
            let store = try ResultStore(path: path)
            try store.recordRun(RunRecord(experiment: "digits", params: [:], metrics: ["accuracy": 0.9]), directive: "nn train",
                                location: "x", cacheKey: "k", dataHash: "d", engine: "e", durationSeconds: 1)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs.sqlite").path))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let fresh = try ResultStore(path: path)
        XCTAssertEqual(try fresh.runs().map(\.experiment), ["digits"])
    }

    /// A schema-4 cache holding runs moves them into the run history.
    func testRunsOfAnOlderCacheMoveToTheHistory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cache.sqlite").path
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("""
                CREATE TABLE results(key TEXT PRIMARY KEY, directive TEXT NOT NULL, payload BLOB NOT NULL, provenance TEXT NOT NULL,
                                     run_id INTEGER, object BLOB, result_hash TEXT);
                CREATE TABLE file_hashes(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL);
                CREATE TABLE drawings(spec_key TEXT PRIMARY KEY, hashes TEXT NOT NULL);
                \(ResultStore.runMigration.replacingOccurrences(of: "ALTER TABLE results ADD COLUMN run_id INTEGER;", with: ""))
                INSERT INTO experiments(id, name) VALUES(1, 'old');
                INSERT INTO runs VALUES(7, 1, 'nn train', 'chapters/05.md:3:1', 'k', 'd', 3, 'e', 1.5, '2026-01-01T00:00:00Z', '{}', '{"accuracy":0.5}', '{}');
                INSERT INTO run_metrics VALUES(7, 'loss', 0, 1.0);
                PRAGMA user_version = 4;
                """)
        }
        let store = try ResultStore(path: path)
        let run = try XCTUnwrap(try store.run(id: 7))
        XCTAssertEqual(run.experiment, "old")
        XCTAssertEqual(run.history["loss"], [1.0])
        let tables = try SQLiteDatabase(path: path).query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'runs'")
        XCTAssertTrue(tables.isEmpty, "the cache file holds no runs any more")
    }
}
