import Foundation
import XCTest
@testable import ThesisKit

final class VerifyTests: XCTestCase {
    private func verify(_ p: TempProject, sample: Int? = nil, seed: UInt64? = nil) throws -> VerifyReport {
        try Verifier.verify(project: try p.project(), sample: sample, seed: seed, jobs: 2)
    }

    func testVerifyPassesAfterABuildAndLeavesOutputsAlone() throws {
        let p = try TempProject()
        try p.build()
        let before = p.outputs()
        let report = try verify(p)
        XCTAssertTrue(report.passed, "\(report.entries) \(report.projectProblems) \(report.diagnostics)")
        XCTAssertEqual(report.count(.match), 3)
        XCTAssertTrue(report.reportsChecked)
        XCTAssertEqual(p.outputs(), before)
    }

    func testTamperedFigureFailsAndIsNamed() throws {
        let p = try TempProject()
        try p.build()
        let svg = p.root.appendingPathComponent("figures/01-intro-plot.svg")
        try Data("<svg/>".utf8).write(to: svg)
        let report = try verify(p)
        XCTAssertFalse(report.passed)
        let entry = try XCTUnwrap(report.entries.first { $0.status == .mismatch })
        XCTAssertEqual(entry.location, "chapters/01-intro.md:7:1")
        XCTAssertEqual(entry.details, ["figures/01-intro-plot.svg was modified after the build (its SHA-256 differs from the manifest)"])
    }

    func testChangedNumberInManifestFails() throws {
        let p = try TempProject()
        try p.build()
        let manifest = try XCTUnwrap(p.read("reports/manifest.json"))
        let edited = manifest.replacingOccurrences(of: "\"a.obs\" : 4", with: "\"a.obs\" : 5")
        XCTAssertNotEqual(manifest, edited)
        try p.write("reports/manifest.json", edited)
        let report = try verify(p)
        XCTAssertFalse(report.passed)
        let entry = try XCTUnwrap(report.entries.first { $0.status == .mismatch })
        XCTAssertTrue(entry.details.contains("a.obs: re-executed 4.0, manifest 5.0"), "\(entry.details)")
    }

    func testChangedDataFileFails() throws {
        let p = try TempProject()
        try p.build()
        try p.write("data/raw/other.csv", TempProject.otherCSV.replacingOccurrences(of: "2010-04,4,7", with: "2010-04,4,8"))
        let report = try verify(p)
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.projectProblems.contains("data file data/raw/other.csv changed since the build (its SHA-256 differs from the manifest)"))
        XCTAssertEqual(report.entries.filter { $0.status == .mismatch }.map(\.location), ["chapters/02-more.md:3:1"])
    }

    func testSampleIsSeededAndRepeatable() throws {
        let p = try TempProject()
        try p.build()
        let a = try verify(p, sample: 1, seed: 42)
        let b = try verify(p, sample: 1, seed: 42)
        XCTAssertTrue(a.passed)
        XCTAssertEqual(a.seed, 42)
        XCTAssertEqual(a.entries.map(\.location), b.entries.map(\.location))
        XCTAssertEqual(a.entries.count, 1)
    }

    func testToleranceRule() {
        let t = Tolerance()
        XCTAssertTrue(t.accepts(1.0, 1.0 + 1e-12))
        XCTAssertFalse(t.accepts(1.0, 1.0 + 1e-6))
        XCTAssertTrue(t.accepts(0, 1e-13))
        XCTAssertTrue(t.accepts(.nan, .nan))
    }
}
