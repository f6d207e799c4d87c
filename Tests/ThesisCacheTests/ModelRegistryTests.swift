import XCTest
import ThesisDocument
@testable import ThesisCache

/// The registry: artifacts saved once under their SHA-256, names with numbered versions and
/// movable aliases, every change logged, references resolved with clear errors, and garbage
/// collection that keeps whatever a registered version or a cached result names.
final class ModelRegistryTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func store() throws -> ResultStore { try ResultStore(path: directory.appendingPathComponent("cache.sqlite").path) }

    private func save(_ store: ResultStore, _ text: String, key: String? = nil) throws -> String {
        let id = try store.saveModelFile(Data(text.utf8))
        try store.recordModel(id: id, kind: "lstm", directive: "nn train", location: "chapters/07.md:3:1", experiment: "u", runID: nil,
                              dataHash: "d", metrics: ["rmse": 0.25], size: text.utf8.count)
        if let key {
            var model = SavedModel(kind: "lstm", artifact: Data())
            (model.id, model.artifact) = (id, nil)
            try store.store(DirectiveResult(model: model),
                            provenance: Provenance(directive: "nn train", durationSeconds: 0, engineVersion: "e", blasThreads: 1), for: key)
        }
        return id
    }

    func testArtifactsAreContentAddressedAndWrittenOnce() throws {
        let store = try store()
        let id = try save(store, "{\"a\":1}")
        XCTAssertEqual(id, SHA256.hex(Data("{\"a\":1}".utf8)))
        XCTAssertEqual(try store.modelBytes(id), Data("{\"a\":1}".utf8))
        XCTAssertEqual(try store.saveModelFile(Data("{\"a\":1}".utf8)), id)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("models").path), [id + ".json"])
        XCTAssertEqual(try store.model(id: id)?.metrics, ["rmse": 0.25])
        XCTAssertThrowsError(try store.modelBytes(String(repeating: "0", count: 64))) { XCTAssertTrue("\($0)".contains("is missing"), "\($0)") }
    }

    func testVersionsAliasesAndReferences() throws {
        let store = try store()
        let first = try save(store, "one"), second = try save(store, "two")
        XCTAssertEqual(try store.register(first, as: "unemployment", source: "test").version, 1)
        let again = try store.register(first, as: "unemployment", source: "test")
        XCTAssertEqual(again.version, 1)
        XCTAssertFalse(again.created, "registering the newest version's model again adds no version")
        XCTAssertEqual(try store.register(second, as: "unemployment", source: "test").version, 2)
        try store.setAlias("champion", of: "unemployment", to: 1, reason: "best holdout RMSE")
        try store.setAlias("challenger", of: "unemployment", to: 2, reason: "retrained")
        try store.setAlias("champion", of: "unemployment", to: 2, reason: "promoted")

        XCTAssertEqual(try store.resolveModel("unemployment"), ResolvedModel(modelID: second, name: "unemployment", version: 2))
        XCTAssertEqual(try store.resolveModel("unemployment:1").modelID, first)
        XCTAssertEqual(try store.resolveModel("unemployment@champion").version, 2)
        XCTAssertEqual(try store.resolveModel(String(first.prefix(8))).modelID, first)
        XCTAssertNil(try store.resolveModel(first).name)

        let registered = try XCTUnwrap(try store.registeredModels().first)
        XCTAssertEqual(registered.versions.map(\.modelID), [first, second])
        XCTAssertEqual(registered.aliases, ["champion": 2, "challenger": 2])
        let events = try store.registryEvents(name: "unemployment")
        XCTAssertEqual(events.map(\.action), ["register", "register", "alias", "alias", "alias"])
        XCTAssertEqual(events.last?.reason, "promoted")
        try store.removeAlias("challenger", of: "unemployment", reason: "done")
        XCTAssertEqual(try store.registryEvents().last?.action, "unalias")

        func refused(_ reference: String, _ expected: String, line: UInt = #line) {
            XCTAssertThrowsError(try store.resolveModel(reference), line: line) { XCTAssertTrue("\($0)".contains(expected), "\($0)", line: line) }
        }
        refused("unemployment@challenger", "has no alias 'challenger' (aliases: champion)")
        refused("unemployment:3", "has no version '3' (versions 1 to 2)")
        refused("inflation@champion", "no registered model 'inflation' (registered: unemployment)")
        refused("nothing", "no registered model 'nothing' (registered: unemployment) and no model id")
        XCTAssertThrowsError(try store.setAlias("best", of: "unemployment", to: 9, reason: "")) { XCTAssertTrue("\($0)".contains("no version 9")) }
        XCTAssertThrowsError(try store.setAlias("2", of: "unemployment", to: 1, reason: "")) { XCTAssertTrue("\($0)".contains("cannot be a number")) }
        XCTAssertThrowsError(try store.register(first, as: "1bad name", source: "")) { XCTAssertTrue("\($0)".contains("not a valid model name")) }
    }

    /// The registry lives in the run history, so it and the artifacts outlive the result cache;
    /// `unreferencedModels` spares what a registered version or a cached result names.
    func testRegistrySurvivesTheCacheAndGarbageCollectionSparesReferences() throws {
        var store: ResultStore? = try self.store()
        let registered = try save(store!, "kept by name"), cached = try save(store!, "kept by cache", key: "k1"), loose = try save(store!, "loose")
        try store!.register(registered, as: "m", source: "test")
        XCTAssertEqual(try store!.unreferencedModels(), [loose])
        try store!.removeModel(loose)
        XCTAssertFalse(store!.hasModelFile(loose))
        XCTAssertTrue(store!.hasModelFile(cached))
        store = nil
        for name in ["cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"] { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        let reopened = try self.store()
        XCTAssertEqual(try reopened.resolveModel("m").modelID, registered)
        XCTAssertEqual(try reopened.modelBytes(registered), Data("kept by name".utf8))
        XCTAssertEqual(try reopened.unreferencedModels(), [cached], "without the cache, only the registry refers to a model")
    }
}
