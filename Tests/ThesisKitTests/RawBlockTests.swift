import Foundation
import XCTest
@testable import ThesisKit

/// Raw blocks and spans in pandoc's convention: ```` ```{=latex} ````, ```` ```{=html} ```` and
/// `` `…`{=latex} `` reach their own writer only, as written; raw LaTeX may not fetch files or run
/// programs; a format thesis does not write is an error; raw HTML outside them stays escaped.
final class RawBlockTests: XCTestCase {
    private func project(_ chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-raw.md"] = chapter
        return try TempProject(files: files)
    }

    func testRawBlocksAndSpansReachTheirWriterOnly() throws {
        let p = try project("""
        # Raw

        Before `\\newpage`{=latex} after, `<b>bold</b>`{=html} here; `code` and <i>this</i> stay.

        ```{=latex}
        \\begin{tabular}{ll}
        a & b \\\\
        \\end{tabular}
        ```

        ```{=html}
        <div class="note">HTML only</div>
        ```
        """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-raw.tex"))
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(tex.contains("Before \\newpage after"), tex)
        XCTAssertTrue(tex.contains("\\begin{tabular}{ll}\na & b \\\\\n\\end{tabular}"), tex)
        XCTAssertFalse(tex.contains("HTML only") || tex.contains("bold"), "HTML stays out of LaTeX")
        XCTAssertTrue(html.contains("<b>bold</b> here"), "raw HTML span as written")
        XCTAssertTrue(html.contains("<div class=\"note\">HTML only</div>"))
        XCTAssertFalse(html.contains("tabular}") || html.contains("newpage"), "LaTeX stays out of HTML")
        XCTAssertTrue(html.contains("&lt;i&gt;this&lt;/i&gt;"), "raw HTML outside a raw span stays escaped")
    }

    func testRawLaTeXMayNotFetchFilesAndFormatsAreChecked() throws {
        let p = try project("""
        # Raw

        ```{=latex}
        \\input{/etc/passwd}
        ```

        Text `\\write18{ls}`{=latex} here.

        ```{=rtf}
        x
        ```
        """)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let messages = report.diagnostics.map(\.description)
        XCTAssertTrue(messages.contains { $0.hasPrefix("chapters/03-raw.md:4:1: error: \\input is not allowed in raw LaTeX") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("chapters/03-raw.md:7:7: error: \\write is not allowed in raw LaTeX") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("chapters/03-raw.md:9:4: error: '{=rtf}': thesis writes latex and html") }, "\(messages)")
        XCTAssertFalse(p.exists("reports/latex/chapters/03-raw.tex"), "nothing is written")
    }
}
