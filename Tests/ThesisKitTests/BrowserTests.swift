import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// The HTML book in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
/// driven over the DevTools protocol by Scripts/browser-check.py. Every page loads with no console
/// error, every internal link and every file a page names resolves, nothing overflows at desktop
/// or phone width, the sidebar is there, search finds a word of chapter 6, a figure opens full size.
final class BrowserTests: XCTestCase {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scripts/browser-check.py").standardizedFileURL.path

    private func requireChromium() throws {
        guard Executables.onPath("chromium") || Executables.onPath("chromium-browser") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("CI must have Chromium (.ci/run installs it)") }
            throw XCTSkip("Chromium is not installed (Debian: apt-get install chromium)")
        }
    }

    /// A six-chapter thesis: figures, a table wider than the text, links across pages, citations.
    static func bookProject() throws -> TempProject {
        var files = TempProject.standardFiles
        let wideHeader = (1...14).map { "Column \($0)" }.joined(separator: " | ")
        let wideRow = (1...14).map { String(format: "%.4f", Double($0) * 1234.5678) }.joined(separator: " | ")
        files["chapters/03-wide.md"] = """
            # A wide table {#sec:wide}

            Back to @tbl:desc, after @bbe2005.

            | \(wideHeader) |
            |\(String(repeating: "---|", count: 14))
            | \(wideRow) |
            """
        files["chapters/04-four.md"] = "# Four\n\n## A section\n\nText of chapter four.\n"
        files["chapters/05-five.md"] = "# Five\n\nText of chapter five, see @fig:plot and @sec:wide.\n"
        files["chapters/06-six.md"] = "# Six\n\n## Results\n\nOnly chapter six says heteroskedasticity.\n"
        return try TempProject(files: files)
    }

    func testTheBookWorksInChromium() throws {
        try requireChromium()
        let p = try Self.bookProject()
        XCTAssertTrue(try p.build().succeeded)
        let report = p.root.appendingPathComponent("reports/html")
        let (status, output) = try Executables.run(
            "python3", [Self.script, report.path, "--search", "heteroskedasticity=06-six.html", "--zoom", "01-intro.html"], in: p.root)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("search: 'heteroskedasticity' found on 06-six.html"), output)
        XCTAssertTrue(output.contains("0 problems"), output)
    }

    /// The live preview in a real browser: Benchmarks/serve/serve_reload.py serves a copy of the
    /// project with `thesis serve`, opens a long chapter halfway down, and saves three edits;
    /// each must show in the page by itself (the live script reloads it), at the same place.
    func testLivePreviewReloadsThePageInChromium() throws {
        try requireChromium()
        let p = try Self.bookProject()
        try p.write("chapters/04-four.md", "# Four\n\n" + (1...300).map { "Paragraph \($0) of chapter four.\n" }.joined(separator: "\n"))
        XCTAssertTrue(try p.build().succeeded)
        let script = URL(fileURLWithPath: Self.script).deletingLastPathComponent()
            .appendingPathComponent("../Benchmarks/serve/serve_reload.py").standardizedFileURL.path
        let (status, output) = try Executables.run(
            "python3", [script, "--thesis", CommandLineTests.executable.path, "--project", p.root.path,
                        "--chapter", "chapters/04-four.md", "--runs", "3", "--settle", "0.3"], in: p.root)
        XCTAssertEqual(status, 0, output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], output)
        let thesis = try XCTUnwrap(json["thesis"] as? [String: Any])
        XCTAssertEqual((thesis["samples_ms"] as? [Double])?.count, 3, output)
        XCTAssertEqual(thesis["scroll_kept"] as? Bool, true, output)
    }

    /// The check can fail: a broken link, a missing image and a script error are each reported.
    func testTheCheckFindsBrokenPages() throws {
        try requireChromium()
        let p = try Self.bookProject()
        XCTAssertTrue(try p.build().succeeded)
        var page = try XCTUnwrap(p.read("reports/html/04-four.html"))
        page = page.replacingOccurrences(of: "</main>", with: """
            <a href="05-five.html#no-such-id">x</a><img src="figures/gone.png"><script>throw new Error("boom")</script></main>
            """)
        try p.write("reports/html/04-four.html", page)
        let (status, output) = try Executables.run(
            "python3", [Self.script, p.root.appendingPathComponent("reports/html").path, "--search", "nowhereword=06-six.html"], in: p.root)
        XCTAssertEqual(status, 1, output)
        for expected in ["no element with id 'no-such-id' on 05-five.html", "refers to figures/gone.png", "Error: boom",
                         "'nowhereword' lists no result"] {
            XCTAssertTrue(output.contains(expected), "missing \(expected) in\n\(output)")
        }
    }
}
