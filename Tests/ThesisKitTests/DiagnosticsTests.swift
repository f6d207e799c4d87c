import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// Every class of user error gives one clear diagnostic at the right place, and nothing crashes.
final class DiagnosticsTests: XCTestCase {
    /// Builds the standard project with chapter 02 replaced by `chapter` and returns the errors.
    private func errors(chapter: String, files: [String: String] = [:]) throws -> [String] {
        var all = TempProject.standardFiles
        all["chapters/02-more.md"] = chapter
        for (k, v) in files { all[k] = v }
        let p = try TempProject(files: all)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        XCTAssertFalse(p.exists("reports/html/index.html"), "a failed build writes no reports")
        return report.diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    func testUnknownDirective() throws {
        XCTAssertEqual(try errors(chapter: "<<data descibe data=other>>\n"),
                       ["chapters/02-more.md:1:1: error: unknown directive 'data descibe'; did you mean 'data describe'?"])
    }

    func testUnknownOption() throws {
        XCTAssertEqual(try errors(chapter: "<<data plot data=other seris=a>>\n"),
                       ["chapters/02-more.md:1:24: error: [data plot] unknown option 'seris'; did you mean 'series'?"])
    }

    func testWrongValueType() throws {
        XCTAssertEqual(try errors(chapter: "<<data plot data=other width=wide>>\n"),
                       ["chapters/02-more.md:1:24: error: [data plot] option 'width' expects a number, got 'wide'"])
        XCTAssertEqual(try errors(chapter: "<<data describe data=other sample=2010-01>>\n"),
                       ["chapters/02-more.md:1:28: error: [data describe] option 'sample' expects a month range YYYY-MM..YYYY-MM, got '2010-01'"])
        XCTAssertEqual(try errors(chapter: "<<data plot data=other legend=middle>>\n"),
                       ["chapters/02-more.md:1:24: error: [data plot] option 'legend' expects one of auto, none, top, bottom, right, upper-left, upper-right, lower-left, lower-right, got 'middle'"])
    }

    func testMissingRequiredOption() throws {
        XCTAssertEqual(try errors(chapter: "<<data describe series=a>>\n"),
                       ["chapters/02-more.md:1:1: error: [data describe] missing required option 'data=' (data set or id): the data set (thesis.toml [data.NAME]) or a prepared panel's id"])
    }

    func testUnknownIdsAndReferences() throws {
        let found = try errors(chapter: "See @fig:nope and @tbl:desc and [@bbe2006]. Value <<= nothing.x>>.\n\n<<data describe data=othr>>\n")
        XCTAssertEqual(found, [
            "chapters/02-more.md:1:5: error: unknown figure id 'nope' in @fig:nope",
            "chapters/02-more.md:1:33: error: unknown citation key 'bbe2006'; did you mean 'bbe2005'?",
            "chapters/02-more.md:1:51: error: unknown id 'nothing' in inline value",
            "chapters/02-more.md:3:17: error: [data describe] unknown data set or id 'othr'; did you mean 'other'?",
        ])
    }

    func testFigureReferenceToATable() throws {
        XCTAssertEqual(try errors(chapter: "See @fig:desc.\n"),
                       ["chapters/02-more.md:1:5: error: @fig:desc refers to a table, not a figure; write @tbl:desc"])
    }

    func testDuplicateId() throws {
        XCTAssertEqual(try errors(chapter: "<<data describe data=other id=desc>>\n"),
                       ["chapters/02-more.md:1:28: error: [data describe] duplicate id 'desc'; it is already used at chapters/01-intro.md:5:28"])
    }

    func testCycleBetweenIds() throws {
        // `data=` may name an earlier result; two directives naming each other form a cycle.
        let found = try errors(chapter: "<<data describe data=b id=a>>\n\n<<data describe data=a id=b>>\n")
        XCTAssertEqual(found.count, 2)
        XCTAssertTrue(found.allSatisfy { $0.contains("cycle between ids") }, "\(found)")
    }

    func testUnknownSeriesNamesClosest() throws {
        XCTAssertEqual(try errors(chapter: "<<data plot data=macro series=outptu>>\n"),
                       ["chapters/02-more.md:1:24: error: [data plot] unknown series 'outptu'; closest: 'output'"])
    }

    func testMissingDataFile() throws {
        let p = try TempProject()
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("data/raw/other.csv"))
        let report = try p.build()
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map(\.description),
                       ["chapters/02-more.md:3:17: error: [data describe] data file 'data/raw/other.csv' of data set 'other' does not exist (declared at thesis.toml:11:8)"])
        XCTAssertEqual(report.fromCache.count + report.executed.count, 2, "directives on other data still run")
    }

    func testDataPathOutsideProject() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]!.replacingOccurrences(of: "\"data/raw/other.csv\"", with: "\"../../etc/passwd\"")
        let p = try TempProject(files: files)
        XCTAssertThrowsError(try p.project()) { error in
            let list = error as! DiagnosticList
            XCTAssertEqual(list.diagnostics.map(\.description).first?.hasPrefix("thesis.toml:11:8: error: data path '../../etc/passwd' is outside the project"), true, "\(list)")
        }
        files["thesis.toml"] = TempProject.standardFiles["thesis.toml"]!.replacingOccurrences(of: "\"data/raw/other.csv\"", with: "\"/etc/hostname\"")
        XCTAssertThrowsError(try TempProject(files: files).project())
    }

    func testSymlinkOutOfProjectIsRefused() throws {
        let p = try TempProject()
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("data/raw/other.csv"))
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("data/raw/other.csv").path, withDestinationPath: "/etc/hostname")
        XCTAssertThrowsError(try p.project())
    }

    func testMalformedCSVNamesLineAndColumn() throws {
        let found = try errors(chapter: "<<data describe data=other>>\n", files: ["data/raw/other.csv": "date,a,b\n2010-01,1,2\n2010-02,x,3\n"])
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("data/raw/other.csv:3:9: error:"), found[0])
    }

    func testMalformedThesisToml() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = "title = \"T\"\nauthor = Ada\n"
        let p = try TempProject(files: files)
        XCTAssertThrowsError(try p.project()) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map(\.description),
                           ["thesis.toml:2:10: error: invalid value 'Ada'; strings need quotes, e.g. \"Ada\""])
        }
        files["thesis.toml"] = "title = \"T\"\nauthor = \"A\"\n[data.x]\npath = \"d.csv\"\nformat = \"xls\"\n"
        XCTAssertThrowsError(try TempProject(files: files).project()) { error in
            XCTAssertEqual((error as! DiagnosticList).diagnostics.map(\.description),
                           ["thesis.toml:5:10: error: unknown data format 'xls' for data set 'x'; valid: csv, fred-md, table, year-by-month, images"])
        }
    }

    func testEveryErrorOfABuildIsReportedInOneRun() throws {
        let found = try errors(chapter: "<<data plot data=other seris=a>>\n\n<<nope>>\n\n<<data describe>>\n")
        XCTAssertEqual(found.count, 3)
    }

    func testCaretExcerpt() throws {
        var all = TempProject.standardFiles
        all["chapters/02-more.md"] = "<<data plot data=other seris=a>>\n"
        let p = try TempProject(files: all)
        let report = try p.build()
        let error = try XCTUnwrap(report.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.rendered, """
        chapters/02-more.md:1:24: error: [data plot] unknown option 'seris'; did you mean 'series'?
            <<data plot data=other seris=a>>
                                   ^
        """)
    }
}
