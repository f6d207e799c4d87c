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

    /// Sampling limits re-execution, never the checks: a hand-edited figure or report outside the
    /// sample fails (before, `--sample` skipped every hash check but the sample's).
    func testSampleStillChecksEveryOutput() throws {
        let p = try TempProject()
        try p.build()
        let figure = p.root.appendingPathComponent("figures/01-intro-plot.svg")
        try Data("<svg/>".utf8).write(to: figure)
        let html = try XCTUnwrap(p.read("reports/html/index.html"))
        try p.write("reports/html/index.html", html.replacingOccurrences(of: "Introduction", with: "Introductoin"))
        for seed in [UInt64(1), 2, 3, 4, 5] {
            let report = try verify(p, sample: 1, seed: seed)
            XCTAssertFalse(report.passed, "seed \(seed)")
            XCTAssertTrue(report.projectProblems.contains("reports/html/index.html was modified after the build"), "\(report.projectProblems)")
            XCTAssertTrue(report.entries.contains { $0.location == "chapters/01-intro.md:7:1" && $0.status == .mismatch }, "seed \(seed): \(report.entries)")
        }
    }

    /// A result whose hash differs from the manifest's, with no cached result to compare its
    /// tables with, is a mismatch (before: "within tolerance, differ in their last bits").
    func testForgedResultHashWithoutTheCacheIsAMismatch() throws {
        let p = try TempProject()
        try p.build()
        try FileManager.default.removeItem(at: p.root.appendingPathComponent(".thesis"))
        var manifest = try XCTUnwrap(p.read("reports/manifest.json"))
        let hash = try XCTUnwrap(manifest.range(of: #""result" : "[0-9a-f]{64}""#, options: .regularExpression))
        manifest.replaceSubrange(hash, with: "\"result\" : \"" + String(repeating: "0", count: 64) + "\"")
        try p.write("reports/manifest.json", manifest)
        let report = try verify(p)
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.count(.withinTolerance), 0)
        XCTAssertEqual(report.count(.mismatch), 1)
    }

    func testInvalidManifestIsInvalidNotMissing() throws {
        let p = try TempProject()
        try p.build()
        try p.write("reports/manifest.json", "{ not json")
        let report = try verify(p)
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.diagnostics.first?.message.hasPrefix("reports/manifest.json is not a valid manifest") ?? false, "\(report.diagnostics)")
    }

    func testToleranceRule() {
        let t = Tolerance()
        XCTAssertTrue(t.accepts(1.0, 1.0 + 1e-12))
        XCTAssertFalse(t.accepts(1.0, 1.0 + 1e-6))
        XCTAssertTrue(t.accepts(0, 1e-13))
        XCTAssertTrue(t.accepts(.nan, .nan))
    }
}
