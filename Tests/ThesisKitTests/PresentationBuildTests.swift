import Foundation
import XCTest
import ThesisDocument
import ThesisTestSupport
@testable import ThesisKit

/// thesis.toml's [labels], labels=, figure=, table= and table-caption= through a whole build.
final class PresentationBuildTests: XCTestCase {
    private static func files(labels: String, chapter: String) -> [String: String] {
        var files = TempProject.standardFiles
        files["thesis.toml"] = (files["thesis.toml"] ?? "") + "\n\n[labels]\n" + labels + "\n"
        files["chapters/01-intro.md"] = chapter
        files["chapters/02-more.md"] = nil
        return files
    }

    private static func outputs(_ report: BuildReport) -> [DirectiveResult] {
        var out: [DirectiveResult] = []
        for chapter in report.document.chapters {
            for block in chapter.blocks { if case .directive(let call) = block, let r = call.output { out.append(r) } }
        }
        return out
    }

    func testProjectLabelsAndDirectiveLabelsReachFiguresAndTables() throws {
        let p = try TempProject(files: Self.files(
            labels: #"output = "Output growth""# + "\n" + #"rate = "Project rate""#,
            chapter: """
            # Intro

            <<data describe data=macro series=output,rate id=desc>>

            <<data plot data=macro series=output,rate labels=rate:"Policy rate" id=plot>>
            """))
        let report = try p.build()
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }, [])
        let results = Self.outputs(report)
        guard case .table(let table) = results[0].content[0] else { return XCTFail("no table") }
        XCTAssertTrue(table.rows.contains { $0.first == .text("Output growth") }, "\(table.rows)")
        let spec = try XCTUnwrap(results[1].figures.first?.spec)
        let names = spec.panels.flatMap(\.layers).compactMap { layer -> String? in
            if case .line(let s) = layer { return s.name }
            return nil
        }
        XCTAssertEqual(names, ["Output growth", "Policy rate"], "labels= wins over [labels]")
        XCTAssertEqual(results[0].scalars["output.mean"], report.results[0]?.scalars["output.mean"])
        XCTAssertTrue(p.html()?.contains("Output growth") == true)

        // A new label redraws the figure and executes nothing.
        try p.write("thesis.toml", try XCTUnwrap(p.read("thesis.toml")).replacingOccurrences(of: "Output growth", with: "Growth"))
        let second = try p.build()
        XCTAssertEqual(second.executed.count, 0)
        XCTAssertEqual(second.figuresDrawn, 1)
        XCTAssertTrue(p.html()?.contains("Growth") == true)
    }

    func testBadLabelsTableIsALocatedError() throws {
        let p = try TempProject(files: Self.files(labels: "output = 3", chapter: "# Intro\n"))
        guard case .failure(let list) = Project.load(root: p.root) else { return XCTFail("loaded") }
        let problem = try XCTUnwrap(list.diagnostics.first { $0.message.contains("label of 'output'") })
        XCTAssertEqual(problem.severity, .error)
        XCTAssertNotNil(problem.location?.line)
    }

    func testFigureFalseLeavesTheTableAndItsNumber() throws {
        let p = try TempProject(files: Self.files(labels: "", chapter: """
            # Intro

            @tbl:fc gives the forecasts.

            <<var forecast data=macro series=output,rate steps=6 figure=false id=fc>>

            <<var forecast data=macro series=output,rate steps=6 caption="The forecast figure." table-caption="The forecast table." id=fc2>>
            """))
        let report = try p.build()
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }, [])
        let results = Self.outputs(report)
        XCTAssertEqual(results[0].figures.count, 0)
        XCTAssertEqual(results[0].content.count, 1)
        XCTAssertEqual(report.results[0]?.figures.count, 1, "the cached result keeps its figure")
        XCTAssertFalse(p.exists("figures/01-intro-fc.png"))
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(tex.contains("\\caption{The forecast table.}"), tex)
        XCTAssertTrue(tex.contains("\\caption{The forecast figure.}"), tex)
        XCTAssertEqual(tex.components(separatedBy: "\\begin{figure}").count - 1, 1, "one figure: fc2's")
    }
}
