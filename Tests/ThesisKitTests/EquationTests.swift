import Foundation
import XCTest
@testable import ThesisKit

/// Display equations: `$$ … $$ {#eq:id}` is numbered per chapter in both outputs and referenced
/// as `@eq:id`; `align` and `gather` become one numbered block (`aligned`, `gathered`); `$$ … $$`
/// inside a paragraph is display math that keeps the paragraph going, as pandoc reads it.
final class EquationTests: XCTestCase {
    private func project(_ chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-math.md"] = chapter
        return try TempProject(files: files)
    }

    func testNumberedEquationsAndReferencesInBothOutputs() throws {
        let p = try project("""
            # Math

            The rule @eq:taylor and the system @eq:system; one more @eq:inline.

            $$ i_t = r^* + 1.5 \\pi_t $$ {#eq:taylor}

            $$ x = y $$

            Text before
            $$ a = b $$ {#eq:inline}
            and after.

            $$\\begin{align} y &= A y_{-1} + u \\\\ u &\\sim N(0, \\Sigma) \\end{align}$$ {#eq:system}
            """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-math.tex"))
        XCTAssertTrue(tex.contains("The rule Equation~\\eqref{eq:taylor} and the system Equation~\\eqref{eq:system}"), tex)
        XCTAssertTrue(tex.contains("\\begin{equation}\ni_t = r^* + 1.5 \\pi_t\n\\label{eq:taylor}\n\\end{equation}"), tex)
        XCTAssertTrue(tex.contains("\\[\nx = y\n\\]"), "an equation without an id is not numbered")
        XCTAssertTrue(tex.contains("Text before\n\\begin{equation}\na = b\n\\label{eq:inline}\n\\end{equation}\nand after."),
                      "display math inside a paragraph keeps it going: \(tex)")
        XCTAssertTrue(tex.contains("\\begin{aligned} y &= A y_{-1} + u \\\\ u &\\sim N(0, \\Sigma) \\end{aligned}\n\\label{eq:system}"), tex)
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#eq:taylor\">Equation&nbsp;(3.1)</a>"), html)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#eq:inline\">Equation&nbsp;(3.2)</a>"))
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#eq:system\">Equation&nbsp;(3.3)</a>"))
        XCTAssertTrue(html.contains("<div class=\"equation\" id=\"eq:taylor\"><div class=\"math display\">i_t = r^* + 1.5 \\pi_t</div><span class=\"equation-number\">(3.1)</span></div>"), html)
        XCTAssertTrue(html.contains("Text before\n<span class=\"equation\" id=\"eq:inline\">"), html)
        XCTAssertTrue(html.contains("<div class=\"math display\">x = y</div>"))
    }

    func testBadEquationIdsAndReferencesAreLocatedErrors() throws {
        for (chapter, expected) in [
            ("See @eq:none.\n\n$$ x $$ {#eq:one}\n", "3:5: error: unknown equation 'none' in @eq:none"),
            ("$$ x $$ {#eq:one}\n\n$$ y $$ {#eq:one}\n", "5:1: error: duplicate equation id 'eq:one'; it is already used at chapters/03-math.md:3:1"),
            ("$$ x $$ {#fig:one}\n", "3:9: error: display math takes an equation id, {#eq:ID}, not {#fig:one}"),
            ("$$ x $$ {#eq:a b}\n", "invalid equation id 'a b'"),
            ("$$ x $$ {#eq:one\n", "unclosed attribute after display math"),
            ("See @eq:x.\n", "number a display equation with $$ … $$ {#eq:x}"),
        ] {
            let report = try project("# Math\n\n" + chapter).build()
            XCTAssertFalse(report.succeeded, chapter)
            let messages = report.diagnostics.map(\.description).joined(separator: "\n")
            XCTAssertTrue(messages.contains(expected), "\(chapter): expected \(expected) in\n\(messages)")
        }
    }
}
