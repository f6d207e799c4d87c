import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// The data layer end to end on real FRED-MD vintages from ../shared/data (skipped when absent):
/// McCracken-Ng preparation and factors through directives, a vintage update that re-executes
/// exactly the dependent directives, and a vintage with different series.
final class FredMDTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared/data/fred-md")

    private func vintage(_ name: String) throws -> String {
        let url = Self.shared.appendingPathComponent("\(name).csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "FRED-MD vintages not found at \(Self.shared.path)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func project(vintage text: String, chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.fredmd]\npath = \"data/raw/fredmd.csv\"\nformat = \"fred-md\"\n"
        files["data/raw/fredmd.csv"] = text
        files["chapters/02-more.md"] = chapter
        return try TempProject(files: files)
    }

    private static let chapter = """
    # FRED-MD

    <<data prepare data=fredmd sample=1960-01..2019-12 id=panel>>

    <<factors data=panel kmax=8 id=fac>>

    The first factor explains <<= fac.share.1 .1%>>.
    """

    func testPreparationAndFactorsMatchTheNumpyReference() throws {
        let p = try project(vintage: try vintage("2023-06"), chapter: Self.chapter)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/prepare/fred-md-2023-06-1960-2019.json"))) as! [String: Any]
        let em = fixture["em"] as! [String: Any], factors = fixture["factors"] as! [String: Any]
        let panel = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["panel"])])
        let fac = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fac"])])
        XCTAssertEqual(panel.scalars["em.iterations"], .number(Double(em["iterations"] as! Int)))
        XCTAssertEqual(fac.scalars["k"], .number(Double(factors["k"] as! Int)))
        let shares = factors["shares"] as! [Double]
        for (j, expected) in shares.prefix(8).enumerated() {
            let actual = try XCTUnwrap(fac.scalars["share.\(j + 1)"]?.number)
            XCTAssertEqual(actual, expected, accuracy: 1e-10 * abs(expected), "share of factor \(j + 1)")
        }
        XCTAssertTrue(p.html()?.contains(String(format: "%.1f%%", shares[0] * 100)) ?? false)
    }

    func testVintageUpdateReExecutesExactlyTheDependentDirectives() throws {
        let p = try project(vintage: try vintage("2023-01"), chapter: Self.chapter)
        let first = try p.build()
        XCTAssertTrue(first.succeeded, "\(first.diagnostics)")
        XCTAssertEqual(first.executed.count, 4)
        try p.write("data/raw/fredmd.csv", try vintage("2023-06"))
        let statuses = Pipeline(project: try p.project(), store: try p.store()).status(diagnostics: DiagnosticCollector())
        XCTAssertEqual(statuses.filter { !$0.fresh }.map(\.id), ["panel", "fac"])
        XCTAssertEqual(statuses.first { $0.id == "panel" }?.reasons, ["input data/raw/fredmd.csv changed"])
        XCTAssertEqual(statuses.first { $0.id == "fac" }?.reasons, ["result 'panel' it builds on changed"])
        let update = try p.build()
        XCTAssertTrue(update.succeeded)
        XCTAssertEqual(update.executed.count, 2, update.summaryLine)
        XCTAssertEqual(update.fromCache.count, 2)
        let verify = try Verifier.verify(project: try p.project(), jobs: 2)
        XCTAssertTrue(verify.passed, "\(verify.entries) \(verify.projectProblems)")
    }

    func testVintageWithDifferentSeries() throws {
        let chapter = """
        # An older vintage

        <<data prepare data=fredmd sample=1960-01..2019-06 id=panel>>

        <<data plot data=fredmd series=VIXCLSx>>
        """
        let p = try project(vintage: try vintage("2019-10"), chapter: chapter)
        let report = try p.build()
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("chapters/02-more.md:5:25: error: [data plot] unknown series 'VIXCLSx'; closest: 'VXOCLSx'"), errors[0])
        XCTAssertNotNil(report.results[try XCTUnwrap(report.plan.ids["panel"])], "the other directives keep working")
    }

    /// The design's own example works exactly as written, defaulting to the FRED-MD data set.
    func testFAVARExampleAsWritten() throws {
        let p = try project(vintage: try vintage("2023-06"), chapter: """
        # FAVAR

        <<favar irf lags=12 reps=50 id=irf>>

        <<favar fevd id=fevd>>
        """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let irf = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["irf"])]).scalars
        // BBE's qualitative result: a tightening lowers production and prices, raises unemployment.
        XCTAssertLessThan(try XCTUnwrap(irf["INDPRO.24"]?.number), 0)
        XCTAssertLessThan(try XCTUnwrap(irf["CPIAUCSL.36"]?.number), 0)
        XCTAssertGreaterThan(try XCTUnwrap(irf["UNRATE.24"]?.number), 0)
        XCTAssertEqual(try XCTUnwrap(irf["FEDFUNDS.0"]?.number), 0.25, accuracy: 1e-12, "a 25 bp shock")
        let lower = try XCTUnwrap(irf["INDPRO.24.lower"]?.number), upper = try XCTUnwrap(irf["INDPRO.24.upper"]?.number)
        XCTAssertLessThanOrEqual(lower, upper)
        let fevd = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fevd"])]).scalars
        let share = try XCTUnwrap(fevd["INDPRO.share"]?.number)
        XCTAssertTrue((0...1).contains(share))
    }
}
