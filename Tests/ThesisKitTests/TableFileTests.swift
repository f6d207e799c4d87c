import Foundation
import XCTest
@testable import ThesisKit

/// `<<table file=…>>`: a CSV of the project as a table; its bytes are in the cache key (an edit
/// re-builds exactly the table), files outside the project and ragged rows are located errors.
final class TableFileTests: XCTestCase {
    private func project(_ chapter: String, csv: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-tables.md"] = chapter
        files["tables/results.csv"] = csv
        return try TempProject(files: files)
    }

    func testCSVBecomesATableAndItsBytesAreInTheKey() throws {
        let p = try project("""
        # Tables

        @tbl:coauthor gives a co-author's results.

        <<table file=tables/results.csv digits=2 id=coauthor caption="Results from elsewhere.">>
        """, csv: "Model,RMSE,Note\nAR(12),0.2125,benchmark\nLSTM,0.24,\"seeded, 5 runs\"\n")
        let first = try p.build()
        XCTAssertTrue(first.succeeded, "\(first.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("Results from elsewhere."), html)
        XCTAssertTrue(html.contains(">0.21<"), "numbers take digits=")
        XCTAssertTrue(html.contains("seeded, 5 runs"), "quoted fields keep their commas")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-tables.tex"))
        XCTAssertTrue(tex.contains("AR(12) & 0.21 & benchmark"), tex)
        XCTAssertEqual(try p.build().executed.count, 0)
        try p.write("tables/results.csv", "Model,RMSE,Note\nAR(12),0.2125,benchmark\nLSTM,0.23,\"seeded, 5 runs\"\n")
        let edited = try p.build()
        XCTAssertEqual(edited.executed, [try XCTUnwrap(edited.plan.ids["coauthor"])], "exactly the table re-runs")
    }

    func testBadFilesAreLocatedErrors() throws {
        for (options, csv, message) in [
            ("file=tables/none.csv", "a\n1\n", "chapters/03-tables.md:3:9: error: [table] file 'tables/none.csv' does not exist"),
            ("file=../secret.csv", "a\n1\n", "chapters/03-tables.md:3:9: error: [table] option 'file' '../secret.csv' is not a file of the project"),
            ("file=tables/results.csv", "a,b\n1,2\n3\n", "tables/results.csv:3: 1 fields where the header (line 1) has 2"),
        ] {
            let p = try project("# Tables\n\n<<table \(options)>>\n", csv: csv)
            let report = try p.build()
            XCTAssertFalse(report.succeeded, options)
            let messages = report.diagnostics.map(\.description)
            XCTAssertTrue(messages.contains { $0.contains(message) }, "\(message)\nin \(messages)")
        }
    }
}
