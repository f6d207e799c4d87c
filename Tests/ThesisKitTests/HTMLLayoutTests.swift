import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// `[html] layout`: the book by default, one page on request, a located error for anything else.
final class HTMLLayoutTests: XCTestCase {
    func testBookIsTheDefaultAndSinglePageIsAvailable() throws {
        let p = try TempProject()
        XCTAssertTrue(try p.build().succeeded)
        XCTAssertTrue(p.exists("reports/html/01-intro.html"))
        XCTAssertTrue(p.exists("reports/html/search-index.js"))
        XCTAssertFalse(try XCTUnwrap(p.read("reports/html/index.html")).contains("Observations:"), "chapters are on their own pages")

        try p.write("thesis.toml", try XCTUnwrap(p.read("thesis.toml")) + "\n[html]\nlayout = \"single-page\"\n")
        XCTAssertTrue(try p.build().succeeded)
        let single = try XCTUnwrap(p.read("reports/html/index.html"))
        XCTAssertTrue(single.contains("Observations:") && single.contains("id=\"references\""))
        XCTAssertFalse(p.exists("reports/html/01-intro.html"), "the book's pages of the last build are removed")
        XCTAssertFalse(p.exists("reports/html/search-index.js"))
    }

    func testAnUnknownLayoutIsALocatedError() throws {
        let p = try TempProject()
        try p.write("thesis.toml", try XCTUnwrap(p.read("thesis.toml")) + "\n[html]\nlayout = \"books\"\n")
        guard case .failure(let problems) = Project.load(root: p.root) else { return XCTFail("loaded") }
        let text = problems.description
        XCTAssertTrue(text.contains("thesis.toml:") && text.contains("unknown html.layout 'books'") && text.contains("book, single-page"), text)
    }
}
