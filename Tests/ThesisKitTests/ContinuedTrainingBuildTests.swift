import Foundation
import XCTest
import ThesisCache
import ThesisDocument
import ThesisDirectives
import ThesisModels
@testable import ThesisKit

/// `nn train from=ID` continues an earlier network on new rows: its saved model names the model
/// it continued (lineage), its run is tagged with it, it is registered as a new version, and a
/// directive that describes another network is a located error at from=.
final class ContinuedTrainingBuildTests: XCTestCase {
    private static func chapter(_ update: String) -> String {
        """
        # Updates

        <<nn train data=macro target=output features=rate,prices hidden=8 epochs=20 seed=3 sample=2000-01..2002-12 id=base>>

        \(update)

        <<model register of=base name=output-net alias=champion>>

        <<model register of=upd name=output-net alias=challenger>>
        """
    }

    func testAnUpdatedNetworkRecordsItsLineageAndBecomesANewVersion() throws {
        var files = TempProject.standardFiles
        files["chapters/03-upd.md"] = Self.chapter(
            "<<nn train data=macro target=output features=rate,prices hidden=8 epochs=10 lr=0.0005 seed=3 sample=2002-01..2003-12 from=base id=upd>>")
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func result(_ id: String) throws -> DirectiveResult { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]) }
        let baseID = try XCTUnwrap(try result("base").model?.id), updID = try XCTUnwrap(try result("upd").model?.id)
        XCTAssertNotEqual(baseID, updID)
        let store = try ResultStore(path: p.root.appendingPathComponent(".thesis/cache.sqlite").path)
        let artifact = try ModelFile.decode(try store.modelBytes(updID))
        XCTAssertEqual(artifact.training.parent, baseID, "the lineage points to the old model")
        XCTAssertNil(try ModelFile.decode(try store.modelBytes(baseID)).training.parent)
        XCTAssertEqual(artifact.training.options["from"], baseID)
        let base = try ModelFile.decode(try store.modelBytes(baseID))
        XCTAssertEqual(artifact.weights?.inputScaling, base.weights?.inputScaling, "the update keeps the first fit's scales")
        XCTAssertEqual(try result("upd").run?.tags["parent_model"], baseID)
        let registered = try XCTUnwrap(try store.registeredModels().first { $0.name == "output-net" })
        XCTAssertEqual(registered.versions.map(\.modelID), [baseID, updID], "a new version of the same name")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("Continued from model") && html.contains(String(baseID.prefix(12))))
    }

    func testContinuingAnotherNetworkIsALocatedError() throws {
        var files = TempProject.standardFiles
        files["chapters/03-upd.md"] = Self.chapter(
            "<<nn train data=macro target=output features=rate,prices hidden=16 epochs=10 seed=3 from=base id=upd>>")
        let p = try TempProject(files: files)
        let report = try p.build()
        let messages = report.diagnostics.filter { $0.severity == .error }.map { "\($0.location?.description ?? ""): \($0.message)" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("chapters/03-upd.md:5:") && $0.contains("another network") }, "\(messages)")
        try p.write("chapters/03-upd.md", Self.chapter(
            "<<nn train data=macro target=output features=rate hidden=8 epochs=10 seed=3 from=base id=upd>>"))
        let columns = try p.build().diagnostics.filter { $0.severity == .error }.map(\.message)
        XCTAssertTrue(columns.contains { $0.contains("cannot continue 'base': it reads rate, prices, this directive rate") }, "\(columns)")
    }
}
