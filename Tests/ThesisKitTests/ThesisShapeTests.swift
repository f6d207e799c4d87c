import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit
import ThesisWriters

/// The PDF is thesis-shaped: a title page and front matter from thesis.toml, the document class
/// of the author's choice (or the university's own .cls file), the author's preamble, appendices,
/// and LaTeX's errors reported at the chapter line they came from.
final class ThesisShapeTests: XCTestCase {
    static func files(latex: String = "", front: Bool = true) -> [String: String] {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]!.replacingOccurrences(of: "date = \"2026-11\"", with: """
            subtitle = "On Subtitles & Such"
            degree = "Doctor of Philosophy"
            institution = "University of Example"
            supervisor = ["Prof. One", "Dr. Two"]
            date = "2026-11"
            """) + (front ? """

            [front]
            abstract = "front/abstract.md"
            dedication = "front/dedication.md"

            [abbreviations]
            VAR = "vector autoregression"
            DM = "Diebold & Mariano"
            """ : "") + latex
        files["front/abstract.md"] = "This thesis finds *that* $x^2$ matters [@bbe2005].\n"
        files["front/dedication.md"] = "For Ada.\n"
        files["appendix/a-extra.md"] = "# Extra material\n\nMore.\n"
        return files
    }

    func testFrontMatterAndAppendixInBothOutputs() throws {
        let p = try TempProject(files: Self.files())
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let tex = try XCTUnwrap(p.read("reports/latex/thesis.tex"))
        for expected in [
            "\\documentclass[11pt,a4paper]{report}", "\\begin{titlepage}", "On Subtitles \\& Such", "Doctor of Philosophy",
            "Supervisors: Prof. One, Dr. Two", "\\chapter*{Abstract}\\addcontentsline{toc}{chapter}{Abstract}",
            "For Ada.", "\\listoffigures", "\\listoftables", "\\textbf{DM} & Diebold \\& Mariano", "\\appendix\n\\include{chapters/a-extra}",
            "\\printbibliography[heading=bibintoc,title={References}]", "\\usepackage[section]{placeins}",
        ] {
            XCTAssertTrue(tex.contains(expected), "thesis.tex lacks \(expected)\n\(tex)")
        }
        XCTAssertLessThan(tex.range(of: "{DM}")!.lowerBound, tex.range(of: "{VAR}")!.lowerBound, "abbreviations are sorted")
        let html = try XCTUnwrap(p.html())
        for expected in ["<p class=\"subtitle\">On Subtitles &amp; Such</p>", "<section class=\"front\" id=\"abstract\">",
                         "This thesis finds <em>that</em>", "<dt>VAR</dt><dd>vector autoregression</dd>", "Supervisors: Prof. One, Dr. Two"] {
            XCTAssertTrue(html.contains(expected), "index.html lacks \(expected)")
        }
        XCTAssertTrue(html.contains("<span class=\"number\">A</span>"), "the appendix/ chapter is lettered")
    }

    func testDirectivesInTheFrontMatterAreLocatedErrors() throws {
        var files = Self.files()
        files["front/abstract.md"] = "Text.\n\n<<summary data=macro>>\n"
        let report = try TempProject(files: files).build()
        let error = try XCTUnwrap(report.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.location?.file, "front/abstract.md")
        XCTAssertEqual(error.location?.line, 3)
        XCTAssertTrue(error.message.contains("cannot run directives"), error.message)
    }

    func testClassOptionsPreambleAndOwnClassFile() throws {
        let koma = try TempProject(files: Self.files(latex: "\n[latex]\nclass = \"scrbook\"\noptions = [\"12pt\", \"twoside\"]\npreamble = \"tex/preamble.tex\"\nfloats = \"tbp\"\n")
            .merging(["tex/preamble.tex": "\\newcommand{\\thesisname}{T}\n"]) { $1 })
        XCTAssertTrue(try koma.build().succeeded)
        let tex = try XCTUnwrap(koma.read("reports/latex/thesis.tex"))
        XCTAssertTrue(tex.contains("\\documentclass[12pt,twoside,listof=totoc]{scrbook}"), tex)
        XCTAssertTrue(tex.contains("\\input{preamble}") && tex.contains("\\frontmatter") && tex.contains("\\mainmatter"), tex)
        XCTAssertFalse(tex.contains("{geometry}"), "KOMA sets its own type area")
        XCTAssertEqual(koma.read("reports/latex/preamble.tex"), "\\newcommand{\\thesisname}{T}\n")
        XCTAssertTrue(try XCTUnwrap(koma.read("reports/latex/chapters/01-intro.tex")).contains("\\begin{figure}[tbp]"))

        let own = try TempProject(files: Self.files(latex: "\n[latex]\nclass = \"uni/exampleuni.cls\"\n")
            .merging(["uni/exampleuni.cls": "\\NeedsTeXFormat{LaTeX2e}\\ProvidesClass{exampleuni}\\LoadClass{report}\n"]) { $1 })
        XCTAssertTrue(try own.build().succeeded)
        let ownTeX = try XCTUnwrap(own.read("reports/latex/thesis.tex"))
        XCTAssertTrue(ownTeX.contains("{exampleuni}") && ownTeX.contains("\\maketitle"), ownTeX)
        XCTAssertNotNil(own.read("reports/latex/exampleuni.cls"))

        if Executables.onPath("latexmk") && Executables.onPath("biber") {
            for p in [koma, own] {
                let outcome = PDFStage.compile(root: p.root)
                XCTAssertTrue(outcome.succeeded, "\(outcome.diagnostics)")
            }
        }
    }

    func testBadLaTeXSettingsAreLocatedErrors() throws {
        var files = Self.files(latex: "\n[latex]\nclass = \"memoir\"\nfloats = \"here\"\noptions = [\"a\\\\b\"]\n")
        files["thesis.toml"] = "citation-style = \"mla\"\n" + files["thesis.toml"]!
        let p = try TempProject(files: files)
        guard case .failure(let list) = Project.load(root: p.root) else { return XCTFail("loaded") }
        let messages = list.diagnostics.map(\.message).joined(separator: "\n")
        XCTAssertTrue(messages.contains("unknown latex.class 'memoir'"), messages)
        XCTAssertTrue(messages.contains("latex.floats 'here' must be made of h, t, b, p and !"), messages)
        XCTAssertTrue(messages.contains("latex.options must be a list of class options"), messages)
        XCTAssertTrue(messages.contains("unknown citation-style 'mla'"), messages)

        var front = Self.files(front: false)
        front["thesis.toml"] = front["thesis.toml"]! + "\n[front]\nabstract = \"../outside.md\"\ndedication = 3\nlist-of-tables = \"no\"\n"
        let q = try TempProject(files: front)
        guard case .failure(let frontList) = Project.load(root: q.root) else { return XCTFail("loaded") }
        let frontMessages = frontList.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }.joined(separator: "\n")
        XCTAssertTrue(frontMessages.contains("front.abstract '../outside.md' is outside the project"), frontMessages)
        XCTAssertTrue(frontMessages.contains("'front.dedication' must be the path of a Markdown file"), frontMessages)
        XCTAssertTrue(frontMessages.contains("'front.list-of-tables' must be true or false"), frontMessages)
    }

    /// A LaTeX error in the author's raw LaTeX is reported at its line in the chapter, and a line
    /// too long for the page is a warning at its chapter line.
    func testLaTeXErrorsAndOverfullBoxesPointAtTheChapterLine() throws {
        try XCTSkipUnless(Executables.onPath("latexmk") && Executables.onPath("biber"), "latexmk or biber is not installed")
        var files = Self.files(front: false)
        files["chapters/01-intro.md"] = """
            # Introduction

            A first paragraph.

            A second paragraph on
            two lines with `\\undefinedmacro`{=latex} in it.
            """
        let p = try TempProject(files: files)
        XCTAssertTrue(try p.build().succeeded)
        let failed = PDFStage.compile(root: p.root)
        XCTAssertFalse(failed.succeeded)
        let error = try XCTUnwrap(failed.diagnostics.first { $0.severity == .error }, "\(failed.diagnostics)")
        XCTAssertEqual(error.location?.file, "chapters/01-intro.md")
        XCTAssertEqual(error.location?.line, 6)
        XCTAssertTrue(error.message.contains("Undefined control sequence"), error.message)

        files["chapters/01-intro.md"] = "# Introduction\n\nText.\n\nA code span too long for any line: `\(String(repeating: "x", count: 120))`.\n"
        try p.write("chapters/01-intro.md", files["chapters/01-intro.md"]!)
        XCTAssertTrue(try p.build().succeeded)
        let wide = PDFStage.compile(root: p.root)
        XCTAssertTrue(wide.succeeded, "\(wide.diagnostics)")
        let warning = try XCTUnwrap(wide.diagnostics.first { $0.severity == .warning }, "\(wide.diagnostics)")
        XCTAssertEqual(warning.location?.file, "chapters/01-intro.md")
        XCTAssertEqual(warning.location?.line, 5)
        XCTAssertTrue(warning.message.contains("into the margin"), warning.message)
    }

    func testLogParserFollowsFilesAndErrors() {
        let log = """
            (./thesis.tex (/usr/share/texlive/article.cls) (./chapters/01-intro.tex
            Overfull \\hbox (15.2pt too wide) in paragraph at lines 12--14
            []\\T1/lmr/m/n/10.95 (unbalanced
            
            ) (./chapters/02-more.tex
            ./chapters/02-more.tex:7: Undefined control sequence.
            l.7 \\foo
            )
            """
        let parsed = LaTeXLog(log)
        XCTAssertEqual(parsed.overfullBoxes.map(\.file), ["chapters/01-intro.tex"])
        XCTAssertEqual(parsed.overfullBoxes.first?.line, 12)
        XCTAssertEqual(parsed.errors.first?.file, "chapters/02-more.tex")
        XCTAssertEqual(parsed.errors.first?.message, "Undefined control sequence. (at: \\foo)")
        let map = LaTeXSourceMap(tex: "% Generated from chapters/02-more.md.\n\\chapter{More}\n%line 3\nSome\ntext\n%line 9\nMore\n")
        XCTAssertEqual(map.chapterFile, "chapters/02-more.md")
        XCTAssertEqual(map.source(texLine: 5), 4)
        XCTAssertEqual(map.source(texLine: 7), 9)
        XCTAssertNil(map.source(texLine: 2))
    }

    /// A caption is inline Markdown: emphasis, math, citations and cross-references are rendered,
    /// and a citation in a caption is in the reference list; an unknown key in one is an error.
    func testCaptionsAreInlineMarkdown() throws {
        var files = Self.files(front: false)
        files["chapters/02-more.md"] = """
            # More

            <<data describe data=other id=d2 caption="*Fit* with $R^2$, as in @tbl:desc [@bbe2005]">>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<em>Fit</em> with <span class=\"math inline\">R^2</span>"), html)
        XCTAssertTrue(html.contains(">Table&nbsp;1.1</a> (<a class=\"cite\" href=\"references.html#ref-bbe2005\">"), html)
        XCTAssertFalse(html.contains("*Fit*") || html.contains("@tbl:desc") || html.contains("[@bbe2005]"))
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/02-more.tex"))
        XCTAssertTrue(tex.contains("\\caption{\\emph{Fit} with \\(R^2\\), as in Table~\\ref{tbl:desc} \\parencite{bbe2005}}"), tex)

        // table-caption= is read the same way.
        files["chapters/02-more.md"] = """
            # More

            <<var forecast data=macro series=output,rate lags=1 steps=2 id=h table-caption="Forecasts of *a*, as in @tbl:desc" caption="The forecasts">>
            """
        let captioned = try TempProject(files: files)
        let captionedReport = try captioned.build()
        XCTAssertTrue(captionedReport.succeeded, "\(captionedReport.diagnostics)")
        let captionedHTML = try XCTUnwrap(captioned.html())
        XCTAssertTrue(captionedHTML.contains("Forecasts of <em>a</em>, as in <a class=\"xref\""), captionedHTML)
        XCTAssertTrue(
            try XCTUnwrap(captioned.read("reports/latex/chapters/02-more.tex"))
                .contains("\\caption{Forecasts of \\emph{a}, as in Table~\\ref{tbl:desc}}"))
        files["chapters/02-more.md"] = "# More\n\n<<var forecast data=macro series=output,rate lags=1 steps=2 table-caption=\"See @tbl:nosuch\">>\n"
        let unknown = try TempProject(files: files).build()
        XCTAssertTrue(unknown.diagnostics.contains { $0.message.contains("nosuch") && $0.location?.line == 3 }, "\(unknown.diagnostics)")

        files["chapters/02-more.md"] = "# More\n\n<<data describe data=other id=d2 caption=\"As in [@nosuchkey]\">>\n"
        let bad = try TempProject(files: files).build()
        let error = try XCTUnwrap(bad.diagnostics.first { $0.severity == .error })
        XCTAssertTrue(error.message.contains("unknown citation key 'nosuchkey'"), error.message)
        XCTAssertEqual(error.location?.line, 3)
    }

    /// With `latex.subfigures = true`, a directive's figures are one figure of lettered
    /// subfigures, numbered alike in both outputs and referenced as "Figure 1.2b".
    func testFiguresOfOneDirectiveGroupAsSubfigures() throws {
        var files = Self.files(latex: "\n[latex]\nsubfigures = true\n", front: false)
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        files["analysis/two.sh"] = """
            mkdir -p "$THESIS_OUTPUT/figures"
            echo \(png) | base64 -d > "$THESIS_OUTPUT/figures/left.png"
            echo \(png) | base64 -d > "$THESIS_OUTPUT/figures/right.png"
            printf '{"figures/left": "The left panel", "figures/right": "The right panel"}' > "$THESIS_OUTPUT/captions.json"
            """
        files["chapters/02-more.md"] = """
            # More

            @fig:two-2 is the right one.

            <<script file=analysis/two.sh id=two caption="Two panels">>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains(">Figure&nbsp;2.1b</a> is the right one."), html)
        XCTAssertTrue(html.contains("<span class=\"label\">Figure 2.1.</span> Two panels</figcaption>"), html)
        XCTAssertTrue(html.contains("Figure 2.1a.") && html.contains("The left panel"), html)
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/02-more.tex"))
        XCTAssertEqual(tex.components(separatedBy: "\\begin{subfigure}").count - 1, 2, tex)
        XCTAssertEqual(tex.components(separatedBy: "\\begin{figure}").count - 1, 1, tex)
        XCTAssertTrue(tex.contains("\\caption{Two panels}"), tex)
        if Executables.onPath("latexmk") && Executables.onPath("biber") && Executables.onPath("pdftotext") {
            let outcome = PDFStage.compile(root: p.root)
            XCTAssertTrue(outcome.succeeded, "\(outcome.diagnostics)")
            let text = try Executables.run("pdftotext", ["thesis.pdf", "-"], in: p.root.appendingPathComponent("reports/latex")).output
            XCTAssertTrue(text.contains("Figure 2.1b is the right one."), text)
        }
    }
}
