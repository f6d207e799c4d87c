import Foundation
import XCTest
import ThesisDocument
import ThesisMarkdown
import ThesisTestSupport
@testable import ThesisWriters

/// Every writer renders the shared test document (every Markdown construct and one of each
/// result kind); the output is compared with a golden file. `THESIS_RECORD=1` re-records the
/// goldens and fails, so every change is reviewed as a diff.
final class WriterGoldenTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func input() throws -> WriterInput {
        let source = try String(contentsOf: golden.appendingPathComponent("testsuite.md"), encoding: .utf8)
        let (chapter, diagnostics) = MarkdownReader.read(source, file: "chapters/01-all.md", number: 1)
        XCTAssertEqual(diagnostics, [])
        let table = ResultTable(columns: [TableColumn("Series"), TableColumn("Mean", alignment: .right)],
                                rows: [[.text("x_1 & <y>"), .number(-1234.5678, format: ",.2f")], [.text("z"), .missing]],
                                notes: ["A note with 50% & more."])
        let figure = Figure(caption: nil, spec: FigureSpec(panels: []), files: ["png": "figures/01-all-plot.png", "pdf": "figures/01-all-plot.pdf", "svg": "figures/01-all-plot.svg"])
        var document = Document(chapters: [chapter])
        document = document.mapped(block: { block in
            guard case .directive(var call) = block else { return block }
            // As the pipeline does after resolving the options: the id and caption as values.
            for argument in call.arguments {
                switch (argument.key, argument.value) {
                case ("id", .word(let id)): call.id = id
                case ("caption", .string(let text)), ("caption", .word(let text)): call.caption = text
                default: break
                }
            }
            call.output = call.kind == "data plot"
                ? DirectiveResult(content: [.figure(figure)])
                : DirectiveResult(content: [.table(table), .text("Computed on 2 series.")], scalars: ["x.mean": .number(-0.125)])
            return .directive(call)
        }, inline: { inline in
            guard case .inlineValue(var v) = inline else { return inline }
            v.rendered = ValueFormat.format(-0.125, spec: v.format)
            return .inlineValue(v)
        })
        let (bibliography, problems) = Bibliography.parse("""
        @article{bbe2005, author = {Bernanke, Ben S. and Boivin, Jean and Eliasz, Piotr}, title = {Measuring the Effects of Monetary Policy}, journal = {QJE}, year = {2005}, volume = {120}, pages = {387--422}}
        @article{stock2002, author = "Stock, James H. and Watson, Mark W.", title = {Macroeconomic Forecasting Using Diffusion Indexes}, journal = {JBES}, year = 2002}
        """, file: "references.bib")
        XCTAssertEqual(problems, [])
        return WriterInput(document: document, metadata: ThesisMetadata(title: "Golden & <Test>", author: "A. Author", date: "2026-11"),
                           bibliography: bibliography, bibliographyFile: "references.bib", numbering: Numbering(document))
    }

    /// The book layout: the shared document as chapter 1 and a second chapter that refers back to
    /// it, so links across pages, the sidebar, previous/next and the search index are all shown.
    func testHTMLBookGolden() throws {
        var input = try Self.input()
        let (second, diagnostics) = MarkdownReader.read("""
        # More {#sec:more}

        Back to @sec:all and @tbl:summary, as @bbe2005 showed; a footnote.[^n]

        ## Closing words

        The word *zebra* is only here.

        [^n]: Footnotes stay on their page.
        """, file: "chapters/02-more.md", number: 2)
        XCTAssertEqual(diagnostics, [])
        input.document.chapters.append(second)
        input.numbering = Numbering(input.document)
        let output = HTMLWriter().write(input)
        XCTAssertEqual(Set(output.files.keys), ["index.html", "01-all.html", "02-more.html", "references.html",
                                                "search-index.js", "thesis.css", "thesis.js"])
        for page in ["index.html", "01-all.html", "02-more.html", "references.html", "search-index.js"] {
            try assertGolden(String(decoding: try XCTUnwrap(output.files[page]), as: UTF8.self), "book/" + page)
        }
        let more = String(decoding: try XCTUnwrap(output.files["02-more.html"]), as: UTF8.self)
        // A reference to chapter 1 names its page; a citation names the references page; the
        // footnote and the page's own sections stay on the page.
        XCTAssertTrue(more.contains("href=\"01-all.html#tbl:summary\""))
        XCTAssertTrue(more.contains("href=\"01-all.html#sec:all\""))
        XCTAssertTrue(more.contains("href=\"references.html#ref-bbe2005\""))
        XCTAssertTrue(more.contains("href=\"#fn2-1\""))
        XCTAssertTrue(more.contains("<li class=\"current\"><a href=\"02-more.html\" aria-current=\"page\">"))
        XCTAssertTrue(more.contains("<a class=\"previous\" rel=\"prev\" href=\"01-all.html\">"))
        XCTAssertTrue(more.contains("<a class=\"next\" rel=\"next\" href=\"references.html\">"))
        let search = String(decoding: try XCTUnwrap(output.files["search-index.js"]), as: UTF8.self)
        XCTAssertTrue(search.contains("\"u\":\"02-more.html#sec:ch2-closing-words\""))
        XCTAssertTrue(search.contains("zebra"))
        if FileManager.default.fileExists(atPath: HTMLWriter.lunrDirectory + "/lunr.min.js") {
            XCTAssertEqual(output.copies["search/lunr.min.js"], HTMLWriter.lunrDirectory + "/lunr.min.js")
        }
    }

    /// A chapter's file name that another page has is not used twice.
    func testBookPageNamesNeverCollide() throws {
        var input = try Self.input()
        input.document.chapters[0].file = "chapters/index.md"
        let output = HTMLWriter().write(input)
        XCTAssertNotNil(output.files["chapter-1.html"])
        XCTAssertTrue(String(decoding: try XCTUnwrap(output.files["index.html"]), as: UTF8.self).contains("<title>Golden &amp; &lt;Test&gt;</title>"))
    }

    /// A huge chapter's search index stops at the whole index's budget; every section is still
    /// listed (found by its heading), and a section's own text stops at its cap.
    func testTheSearchIndexHasABudget() throws {
        let paragraph = Block.paragraph([.text(String(repeating: "lorem ipsum dolor ", count: 3000))])  // 54 kB
        var blocks: [Block] = [.heading(level: 1, content: [.text("Long")], anchor: "long")]
        for k in 1...120 {
            blocks.append(.heading(level: 2, content: [.text("Section \(k)")], anchor: "s\(k)"))
            blocks += [paragraph, paragraph]
        }
        let document = Document(chapters: [Chapter(file: "chapters/01-long.md", number: 1, blocks: blocks)])
        let output = HTMLWriter().write(WriterInput(document: document, metadata: ThesisMetadata(title: "T", author: "A", date: "D"),
                                                    bibliography: Bibliography(), bibliographyFile: nil, numbering: Numbering(document)))
        let index = String(decoding: try XCTUnwrap(output.files["search-index.js"]), as: UTF8.self)
        XCTAssertEqual(index.components(separatedBy: "\"h\":\"1.").count - 1, 120, "every section is listed")
        XCTAssertTrue(index.contains("\"h\":\"1.120 Section 120\""))
        XCTAssertLessThan(index.utf8.count, HTMLSearchIndex.maximumTotalText + 2 * HTMLSearchIndex.maximumTextLength)
        XCTAssertGreaterThan(index.utf8.count, HTMLSearchIndex.maximumTotalText - HTMLSearchIndex.maximumTextLength)
        let last = try XCTUnwrap(index.range(of: "\"h\":\"1.120 Section 120\""))
        XCTAssertTrue(index[last.upperBound...].hasPrefix(",\"p\":\"1 Long\",\"b\":\"\"}"), String(index[last.upperBound...].prefix(80)))
    }

    private func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        GoldenFile.assertMatches(actual, name, in: Self.golden, file: file, line: line)
    }

    func testHTMLWriterGolden() throws {
        var input = try Self.input()
        input.metadata.html.layout = .singlePage
        let output = HTMLWriter().write(input)
        try assertGolden(String(decoding: try XCTUnwrap(output.files["index.html"]), as: UTF8.self), "writer.html")
        XCTAssertEqual(output.copies["figures/01-all-plot.svg"], "figures/01-all-plot.svg")
    }

    func testLaTeXWriterGolden() throws {
        let output = LaTeXWriter().write(try Self.input())
        let main = String(decoding: try XCTUnwrap(output.files["thesis.tex"]), as: UTF8.self)
        let chapter = String(decoding: try XCTUnwrap(output.files["chapters/01-all.tex"]), as: UTF8.self)
        try assertGolden(main + "\n%%%% chapters/01-all.tex\n" + chapter, "writer.tex")
        XCTAssertEqual(output.copies["references.bib"], "references.bib")
    }

    func testEscaping() {
        XCTAssertEqual(Escape.html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(Escape.latex("50% of $x_1 & #2 {a} ~ ^ \\"), "50\\% of \\$x\\_1 \\& \\#2 \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}")
        XCTAssertEqual(Escape.latex("α − β"), "\\ensuremath{\\alpha} \\textminus{} \\ensuremath{\\beta}")
        // The symbols the tool's own table notes use (unitroot, favar diagnostics, ols).
        XCTAssertEqual(
            Escape.latex("⌈12 (n/100)^¼⌉, χ², R² · x → y ≠ z"),
            "\\ensuremath{\\lceil}12 (n/100)\\textasciicircum{}\\textonequarter{}\\ensuremath{\\rceil}, "
                + "\\ensuremath{\\chi}\\textsuperscript{2}, R\\textsuperscript{2} \\ensuremath{\\cdot} x "
                + "\\ensuremath{\\rightarrow} y \\ensuremath{\\neq} z")
    }

    func testBibliographyParsingAndErrors() {
        let (bib, problems) = Bibliography.parse("@book{k1, author={Hamilton, James D.}, title={Time Series Analysis}, publisher={Princeton}, year={1994}}\n@article{k2, title={x}\n", file: "r.bib")
        XCTAssertEqual(bib.entries["k1"]?.lastNames, ["Hamilton"])
        XCTAssertEqual(bib.entries["k1"]?.year, "1994")
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.location?.line, 2)
    }
}

final class BibliographyFuzzTests: XCTestCase {
    func testRandomInputNeverCrashes() {
        var state: UInt64 = 99
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let pieces = ["@", "article", "{", "}", "(", ")", ",", "=", "\"", "key", "author", " and ", "\n", "{{", "}}", "#", "@comment{"]
        for _ in 0..<3000 {
            let text = (0..<Int(next() % 25)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            _ = Bibliography.parse(text, file: "r.bib")
        }
    }
}

/// A chapter's file name never reaches TeX as written.
final class LaTeXFileNameTests: XCTestCase {
    func testCraftedChapterNamesGetSafeFileNames() {
        XCTAssertEqual(LaTeXWriter.fileName(for: Chapter(file: "chapters/03-data.md", number: 3, blocks: [])), "03-data")
        XCTAssertEqual(LaTeXWriter.fileName(for: Chapter(file: "chapters/04-a\"}\\input{x.md", number: 4, blocks: [])), "chapter-04")
        XCTAssertEqual(LaTeXWriter.fileName(for: Chapter(file: "chapters/05 R&D.md", number: 5, blocks: [])), "chapter-05")
        let document = Document(chapters: [Chapter(file: "chapters/05 R&D.md", number: 1, blocks: [.paragraph([.text("x")])])])
        let output = LaTeXWriter().write(WriterInput(document: document, metadata: ThesisMetadata(title: "T", author: "A", date: "D"),
                                                     bibliography: Bibliography(), bibliographyFile: nil, numbering: Numbering(document)))
        XCTAssertNotNil(output.files["chapters/chapter-01.tex"])
        let main = String(decoding: output.files["thesis.tex"] ?? Data(), as: UTF8.self)
        XCTAssertTrue(main.contains("\\include{chapters/chapter-01}"), main)
        XCTAssertFalse(main.contains("R&D"), main)
    }
}
