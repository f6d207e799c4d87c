import Foundation
import XCTest
@testable import ThesisKit

/// Heading attributes as pandoc has them: `{-}` or `{.unnumbered}` leaves a heading unnumbered
/// (still in the contents; a reference shows its title), `{.appendix}` on a chapter's title starts
/// the appendix, lettered A, B, … in both outputs; braces that are not attributes stay text.
final class HeadingAttributeTests: XCTestCase {
    func testUnnumberedHeadingsAndAppendixLetters() throws {
        var files = TempProject.standardFiles
        files["chapters/01-intro.md"] = """
            # Preface {-}

            Read @sec:notes, then @sec:data-appendix and @tbl:extra.

            ## Notes {#sec:notes .unnumbered}

            ## Plan

            ## A {curious} title
            """
        files["chapters/02-more.md"] = "# Main\n\n## First\n"
        files["chapters/03-data.md"] = """
            # Data appendix {#sec:data-appendix .appendix}

            ## Sources

            <<data describe data=other id=extra caption="More data.">>
            """
        files["chapters/04-code.md"] = "# Code\n\n## Listings\n"
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#sec:notes\">Notes</a>"), "a reference to an unnumbered section shows its title")
        XCTAssertTrue(html.contains("<h2 id=\"sec:notes\">Notes</h2>"), "no number")
        XCTAssertTrue(html.contains("<span class=\"number\">1.1</span> Plan"), "numbering goes on after an unnumbered section")
        XCTAssertTrue(html.contains("A {curious} title"), "braces that are not attributes are text")
        XCTAssertTrue(html.contains(".html#sec:data-appendix\">Section&nbsp;A</a>"), html)
        XCTAssertTrue(html.contains("Table&nbsp;A.1"))
        XCTAssertTrue(html.contains("<span class=\"number\">B.1</span> Listings"), "the chapters after it are appendices too")
        let main = try XCTUnwrap(p.read("reports/latex/thesis.tex"))
        let appendix = try XCTUnwrap(main.range(of: "\\appendix\n"))
        XCTAssertLessThan(try XCTUnwrap(main.range(of: "02-more")).lowerBound, appendix.lowerBound)
        XCTAssertLessThan(appendix.lowerBound, try XCTUnwrap(main.range(of: "03-data")).lowerBound)
        let intro = try XCTUnwrap(p.read("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(intro.contains("\\chapter*{Preface}\\addcontentsline{toc}{chapter}{Preface}"), intro)
        XCTAssertTrue(intro.contains("\\section*{Notes}\\addcontentsline{toc}{section}{Notes}\\label{sec:notes}"))
        XCTAssertTrue(intro.contains("\\hyperref[sec:notes]{Notes}"))
    }

    func testAppendixOnASectionIsAnError() throws {
        var files = TempProject.standardFiles
        files["chapters/02-more.md"] = "# More\n\n## Extra {.appendix}\n"
        let report = try TempProject(files: files).build()
        XCTAssertFalse(report.succeeded)
        XCTAssertTrue(report.diagnostics.map(\.description).contains {
            $0.contains("chapters/02-more.md:3:1: error: {.appendix} belongs on a chapter's level-1 heading")
        }, "\(report.diagnostics)")
    }
}

/// `@tbl:ID-N` and `@fig:ID-N` refer to the N-th output of a directive with several (N ≥ 2); an
/// output it does not have is an error naming the ones it has.
final class LaterOutputReferenceTests: XCTestCase {
    private func build(_ chapter: String) throws -> (TempProject, BuildReport) {
        var files = TempProject.standardFiles
        files["analysis/two.sh"] = """
            mkdir -p "$THESIS_OUTPUT/tables"
            printf 'a,b\\n1,2\\n' > "$THESIS_OUTPUT/tables/first.csv"
            printf 'c,d\\n3,4\\n' > "$THESIS_OUTPUT/tables/second.csv"
            """
        files["chapters/02-more.md"] = chapter
        let p = try TempProject(files: files)
        return (p, try p.build())
    }

    func testTheSecondTableOfADirective() throws {
        let (p, report) = try build("# More\n\n@tbl:two and @tbl:two-2.\n\n<<script file=analysis/two.sh id=two>>\n")
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#tbl:two\">Table&nbsp;2.1</a> and <a class=\"xref\" href=\"#tbl:two-2\">Table&nbsp;2.2</a>"), html)
        XCTAssertTrue(html.contains("id=\"tbl:two-2\""))
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/02-more.tex"))
        XCTAssertTrue(tex.contains("Table~\\ref{tbl:two-2}") && tex.contains("\\label{tbl:two-2}"), tex)
    }

    func testAnOutputItDoesNotHaveIsAnError() throws {
        let (_, report) = try build("# More\n\nSee @tbl:two-3.\n\n<<script file=analysis/two.sh id=two>>\n")
        XCTAssertFalse(report.succeeded)
        XCTAssertTrue(report.diagnostics.map(\.description).contains {
            $0.contains("chapters/02-more.md:3:5: error: 'two' has no output 3 that is a table; its tables are @tbl:two, @tbl:two-2")
        }, "\(report.diagnostics)")
        let (_, unknown) = try build("# More\n\nSee @tbl:three-2.\n\n<<script file=analysis/two.sh id=two>>\n")
        XCTAssertTrue(unknown.diagnostics.contains { $0.message.contains("unknown table id 'three-2'") }, "\(unknown.diagnostics)")
    }
}
