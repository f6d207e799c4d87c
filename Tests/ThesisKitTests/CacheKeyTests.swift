import Foundation
import XCTest
import ThesisCache
import ThesisDocument
import ThesisTestSupport
@testable import ThesisKit

/// The cache key is a contract: an accidental change to what goes into it (a default, an option's
/// name or type, the encoding) re-executes every thesis's results and must show up here. To change
/// it on purpose, bump `CacheKeyMaterial.schemaVersion` (or the directive's version) and re-pin.
final class CacheKeyTests: XCTestCase {
    private let inputs = ["data/raw/macro.csv": String(repeating: "0", count: 64)]

    private func key(_ text: String, dependencies: [String: String] = [:]) throws -> String {
        let resolved = try DirectiveHarness.resolve(text)
        return try BuildPlan.keyMaterial(resolved, inputs: inputs, dependencies: dependencies, engine: "thesis-test-engine").key
    }

    func testPinnedKeys() throws {
        XCTAssertEqual(try key("<<data describe data=macro>>"), "254133e64009770abf504bbee030552f9551f63583bd0b51d6eccb80096e171b")
        XCTAssertEqual(try key("<<var irf data=macro series=inflation,policy_rate lags=4 reps=100 seed=3>>"), "64f17c79cda0815d8c140e8109dd7bcbbefc497c7bfcbd64643f3c7b2d6322fc")
        XCTAssertEqual(try key("<<favar irf lags=12 slow=default>>"), "82e73e898629b605ac5a8765ea3e9e41c70ece7bc725ddeb7ecde008c8156083")
        XCTAssertEqual(try key("<<nn train data=macro target=inflation hidden=16,8 epochs=5>>"), "13d21a9f3848e2e1b6835b2ed468ab1218b8f867a5535e8f005ac58957252aa5")
    }

    /// The options part of the key, as text: every option that changes the result by name, its
    /// typed value with defaults filled in, absent options null, members sorted.
    func testCanonicalArgumentsText() throws {
        XCTAssertEqual(try DirectiveHarness.resolve("<<data describe data=macro digits=2 caption=\"x\">>").argumentsJSON(),
                       #"{"data":"macro","digits":2,"sample":null,"series":null,"transform":null,"transformed":false}"#)
        XCTAssertEqual(try DirectiveHarness.resolve("<<factors data=p sample=1960-01..2019-12 k=4>>").argumentsJSON(),
                       #"{"data":"p","k":4,"kmax":8,"sample":["1960-01","2019-12"],"top":5}"#)
    }

    func testPresentationAndIdAreNotInTheKey() throws {
        XCTAssertEqual(try key("<<var irf data=macro lags=4>>"),
                       try key("<<var irf data=macro lags=4 width=300 height=200 title=T ylabel=Y legend=top caption=\"C\" id=x>>"))
    }

    func testEveryComputingInputChangesTheKey() throws {
        let base = try key("<<var irf data=macro lags=4>>")
        XCTAssertNotEqual(base, try key("<<var irf data=macro lags=5>>"))
        // Writing a default explicitly is the same computation, so the same key.
        XCTAssertEqual(base, try key("<<var irf data=macro lags=4 horizon=24>>"))
        XCTAssertNotEqual(base, try key("<<var irf data=macro lags=4>>", dependencies: ["x": "y"]))
        let resolved = try DirectiveHarness.resolve("<<var irf data=macro lags=4>>")
        XCTAssertNotEqual(try BuildPlan.keyMaterial(resolved, inputs: inputs, dependencies: [:], engine: "a").key,
                          try BuildPlan.keyMaterial(resolved, inputs: inputs, dependencies: [:], engine: "b").key)
        XCTAssertNotEqual(try BuildPlan.keyMaterial(resolved, inputs: inputs, dependencies: [:], engine: "a").key,
                          try BuildPlan.keyMaterial(resolved, inputs: ["data/raw/macro.csv": "1"], dependencies: [:], engine: "a").key)
    }

    /// The default seed of a directive with bands comes from its content, not from the build of
    /// the tool: the same chapter and data give the same bands with every build of thesis.
    func testDefaultSeedIsIndependentOfTheEngine() throws {
        let p = try TempProject()
        let pipeline = Pipeline(project: try p.project(), store: try p.store())
        let diagnostics = DiagnosticCollector()
        var plan = pipeline.planOnly(diagnostics: diagnostics)
        XCTAssertFalse(diagnostics.hasErrors, "\(diagnostics.diagnostics)")
        let seeds = plan.directives.map(\.seed)
        let keys = plan.directives.map(\.key)
        // Re-key the same plan as a different engine would: keys change, content keys and seeds do not.
        for i in plan.directives.indices {
            let material = try BuildPlan.keyMaterial(plan.directives[i].resolved, inputs: plan.directives[i].inputHashes,
                                                     dependencies: plan.directives[i].dependencyKeys, engine: "another-engine")
            XCTAssertNotEqual(material.key, keys[i])
            plan.directives[i].key = material.key
        }
        XCTAssertEqual(plan.directives.map(\.seed), seeds)
        XCTAssertEqual(Set(seeds).count, seeds.count, "directives get different seeds")
    }
}

/// Data files are read once per build, and the bytes parsed are the bytes hashed.
final class InputFilesTests: XCTestCase {
    func testBytesHashedAreBytesParsed() throws {
        let p = try TempProject()
        let project = try p.project(), store = try p.store()
        let path = "data/raw/macro.csv"
        let original = try XCTUnwrap(p.read(path))
        // A memo miss reads the file to hash it and keeps those bytes for execution ...
        let first = InputFiles(project: project, store: store)
        let hash = try first.hash(path)
        XCTAssertEqual(hash, SHA256.hex(Data(original.utf8)))
        try p.write(path, original + "\n")
        XCTAssertEqual(try first.contents(path), Data(original.utf8), "execution parses the bytes that were hashed")
        // ... and a memo hit (no read while planning) checks the bytes it reads against the hash.
        try p.write(path, original)
        let second = InputFiles(project: project, store: store)
        _ = try second.hash(path)
        let third = InputFiles(project: project, store: store)
        XCTAssertEqual(try third.hash(path), hash)
        try p.write(path, original.replacingOccurrences(of: "1", with: "2"))
        XCTAssertThrowsError(try third.contents(path)) { error in
            XCTAssertTrue(error is InputFiles.Changed, "\(error)")
        }
    }
}
