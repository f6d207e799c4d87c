import XCTest
import ThesisDocument
@testable import ThesisCache

final class ResultStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testSHA256KnownVectors() throws {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let file = directory.appendingPathComponent("big.bin")
        let data = Data((0..<3_000_000).map { UInt8($0 % 251) })
        try data.write(to: file)
        XCTAssertEqual(try SHA256.hex(fileAt: file.path), SHA256.hex(data))
    }

    func testCanonicalJSONIsOrderInsensitive() throws {
        let a = try CanonicalJSON.encode(["b": 1, "a": 2, "c": 3])
        let b = try CanonicalJSON.encode(["c": 3, "a": 2, "b": 1])
        XCTAssertEqual(a, b)
        XCTAssertEqual(String(decoding: a, as: UTF8.self), #"{"a":2,"b":1,"c":3}"#)
    }

    func testStoreRoundTripAndPersistence() throws {
        let path = directory.appendingPathComponent("cache.sqlite").path
        let result = DirectiveResult(content: [.text("hello")], scalars: ["x.mean": .number(1.5), "name": .text("n")])
        let provenance = Provenance(directive: "data describe", durationSeconds: 0.01, engineVersion: "t", blasThreads: 1)
        do {
            let store = try ResultStore(path: path)
            XCTAssertNil(try store.lookup("k1"))
            try store.store(result, provenance: provenance, for: "k1")
        }
        let reopened = try ResultStore(path: path)
        let hit = try XCTUnwrap(try reopened.lookup("k1"))
        XCTAssertEqual(hit.result, result)
        XCTAssertEqual(hit.provenance, provenance)
        XCTAssertEqual(try reopened.count(), 1)
        XCTAssertEqual(try SQLiteDatabase(path: path).userVersion, ResultStore.schemaVersion)
    }

    /// Objects (prepared panels, fitted models) are kept apart and read only when asked for; the
    /// hash is of the whole result, as before schema 4; rows of older schemas still read.
    func testObjectsAreReadOnlyWhenAskedFor() throws {
        let path = directory.appendingPathComponent("cache.sqlite").path
        let object = ResultObject(kind: "prepared", payload: Data(repeating: 7, count: 100_000))
        let result = DirectiveResult(content: [.text("t")], scalars: ["n": .number(2)], object: object)
        let provenance = Provenance(directive: "data prepare", durationSeconds: 0.1, engineVersion: "t", blasThreads: 1)
        let store = try ResultStore(path: path)
        let hash = try store.store(result, provenance: provenance, for: "k")
        XCTAssertEqual(hash, SHA256.hex(try CanonicalJSON.encode(result)))
        let light = try XCTUnwrap(try store.lookup("k", withObject: false))
        XCTAssertNil(light.result.object)
        XCTAssertTrue(light.hasDeferredObject)
        XCTAssertEqual(light.resultHash, hash)
        XCTAssertEqual(light.result.scalars, result.scalars)
        XCTAssertEqual(try store.object(for: "k"), object)
        XCTAssertEqual(try store.lookup("k")?.result, result)
        // A row written by schema 3: the object inside the payload, no hash column.
        let legacy = try CanonicalJSON.encode(result)
        try store.withDatabase { db in
            try db.query("INSERT INTO results(key, directive, payload, provenance) VALUES(?, ?, ?, ?)",
                         [.text("old"), .text("data prepare"), .blob(legacy), .text(String(decoding: try CanonicalJSON.encode(provenance), as: UTF8.self))])
        }
        let old = try XCTUnwrap(try store.lookup("old", withObject: false))
        XCTAssertEqual(old.result, result)
        XCTAssertFalse(old.hasDeferredObject)
        XCTAssertEqual(old.resultHash, SHA256.hex(legacy))
    }

    func testCorruptDatabaseIsSetAsideNotFatal() throws {
        let path = directory.appendingPathComponent("cache.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let store = try ResultStore(path: path)
        XCTAssertEqual(try store.count(), 0)
        XCTAssertEqual(store.notes.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".corrupt"))
    }

    func testFileHashIsMemoisedAndNoticesChanges() throws {
        let store = try ResultStore.inMemory()
        let file = directory.appendingPathComponent("data.csv")
        try Data("a,b\n1,2\n".utf8).write(to: file)
        let first = try store.fileHash(absolutePath: file.path, key: "data.csv")
        XCTAssertEqual(first, SHA256.hex(Data("a,b\n1,2\n".utf8)))
        XCTAssertEqual(try store.fileHash(absolutePath: file.path, key: "data.csv"), first)
        try Data("a,b\n1,3\n".utf8).write(to: file)
        XCTAssertEqual(try store.fileHash(absolutePath: file.path, key: "data.csv"), SHA256.hex(Data("a,b\n1,3\n".utf8)))
    }
}

/// Partial damage is found once and the file set aside, not met on every build forever.
final class CacheDamageTests: XCTestCase {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-damage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func testADroppedTableIsSetAsideOnOpen() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cache.sqlite").path
        do { _ = try ResultStore(path: path) }
        try SQLiteDatabase(path: path).execute("DROP TABLE drawings")
        let damaged = try ResultStore(path: path)
        XCTAssertEqual(damaged.notes.count, 1, "\(damaged.notes)")
        XCTAssertTrue(damaged.notes[0].contains("table drawings is missing"), damaged.notes[0])
        XCTAssertNil(try damaged.drawing("x"), "the fresh cache works")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".corrupt"))
        XCTAssertEqual(try ResultStore(path: path).notes, [], "once, not on every build")
    }

    func testADamagedPageFoundDuringUseIsSetAside() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cache.sqlite").path
        do {
            let store = try ResultStore(path: path)
            let provenance = Provenance(directive: "d", durationSeconds: 0, engineVersion: "e", blasThreads: 1)
            for k in 0..<300 { try store.store(DirectiveResult(content: [.text(String(repeating: "x", count: 500))]), provenance: provenance, for: "k\(k)") }
            try SQLiteDatabase(path: path).query("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        // Overwrite pages in the middle of the file.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 40_960)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 16_384))
        try handle.close()
        let store = try ResultStore(path: path)
        var failure: Error?
        for k in 0..<300 {
            do { _ = try store.lookup("k\(k)") } catch { failure = error; break }
        }
        let error = try XCTUnwrap(failure, "a lookup meets the damage")
        XCTAssertTrue(store.recover(from: error))
        XCTAssertNil(try store.lookup("k0"), "a fresh, empty cache")
        XCTAssertEqual(try ResultStore(path: path).notes, [])
    }
}
