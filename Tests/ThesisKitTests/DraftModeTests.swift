import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// `thesis build --draft`: a failing directive is an error box in its place and the rest of the
/// thesis is written; a plain build stays strict and keeps the last good reports; verify refuses
/// a draft.
final class DraftModeTests: XCTestCase {
    func testAFailingDirectiveIsAnErrorBoxAndTheRestIsBuilt() throws {
        let p = try TempProject()
        XCTAssertTrue(try p.build().succeeded)
        let good = try XCTUnwrap(p.html())
        try p.write("chapters/02-more.md", """
            # More data

            <<data describe data=other series=nosuchseries id=desc2>>

            Still written.
            """)
        // Strict: nothing is written, the last good reports stay.
        let strict = try p.build()
        XCTAssertFalse(strict.succeeded)
        XCTAssertEqual(p.html(), good)

        var options = BuildOptions()
        options.draft = true
        let draft = Pipeline(project: try p.project(), store: try p.store()).build(options)
        XCTAssertFalse(draft.succeeded, "a draft with a failure still reports it")
        let html = try XCTUnwrap(p.html())
        XCTAssertNotEqual(html, good)
        XCTAssertTrue(html.contains("<div class=\"draft-error\" role=\"alert\"><p><strong>Draft: &lt;&lt;data describe&gt;&gt; failed</strong>"), html)
        XCTAssertTrue(html.contains("chapters/02-more.md:3:"), "the box names the place")
        XCTAssertTrue(html.contains("nosuchseries"), "the box shows the diagnostic")
        XCTAssertTrue(html.contains("<p>Still written.</p>"))
        XCTAssertTrue(html.contains("Summary &lt;statistics&gt; &amp; more"), "the chapter before is built")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/02-more.tex"))
        XCTAssertTrue(tex.contains("\\textbf{Draft: \\textless{}\\textless{}data describe\\textgreater{}\\textgreater{} failed.}"), tex)

        let verify = try Verifier.verify(project: try p.project(), jobs: 1)
        XCTAssertTrue(verify.diagnostics.contains { $0.message.contains("the last build was a draft") }, "\(verify.diagnostics)")

        // Fixed: a plain build replaces the draft, and verify passes again.
        try p.write("chapters/02-more.md", "# More data\n\n<<data describe data=other id=desc2>>\n")
        XCTAssertTrue(try p.build().succeeded)
        XCTAssertFalse(try XCTUnwrap(p.html()).contains("<div class=\"draft-error\""))
        let manifest = try XCTUnwrap(p.read("reports/manifest.json"))
        XCTAssertFalse(manifest.contains("\"draft\" : true"), manifest)
    }
}
