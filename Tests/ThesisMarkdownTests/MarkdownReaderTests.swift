import XCTest
import ThesisDocument
@testable import ThesisMarkdown

final class MarkdownReaderTests: XCTestCase {
    private func read(_ source: String) -> (Chapter, [Diagnostic]) {
        MarkdownReader.read(source, file: "chapters/01-test.md", number: 1)
    }

    func testBlockDirectiveStandsAloneAndWrapsLines() throws {
        let (chapter, diagnostics) = read("""
        # Data {#sec:data}

        Some prose.

        <<data plot data=macro
          series=a,b sample=1990-01..2000-12 title="A \\"quoted\\" title" id=p1>>

        More prose.
        """)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(chapter.blocks.count, 4)
        guard case .heading(1, _, let anchor) = chapter.blocks[0] else { return XCTFail("\(chapter.blocks[0])") }
        XCTAssertEqual(anchor, "data")
        guard case .directive(let call) = chapter.blocks[2] else { return XCTFail("\(chapter.blocks[2])") }
        XCTAssertEqual(call.kind, "data plot")
        XCTAssertEqual(call.location, SourceLocation(file: "chapters/01-test.md", line: 5, column: 1))
        XCTAssertEqual(call.node, DirectiveID(chapter: 1, ordinal: 0))
        let values = Dictionary(uniqueKeysWithValues: call.arguments.map { ($0.key, $0.value) })
        XCTAssertEqual(values["id"], .word("p1"))
        XCTAssertEqual(values["series"], .list([.word("a"), .word("b")]))
        XCTAssertEqual(values["sample"], .monthRange(Month(year: 1990, month: 1), Month(year: 2000, month: 12)))
        XCTAssertEqual(values["title"], .string("A \"quoted\" title"))
        XCTAssertEqual(call.arguments.first { $0.key == "series" }?.location.line, 6)
        XCTAssertEqual(call.arguments.first { $0.key == "series" }?.location.column, 3)
    }

    func testValueTypes() {
        XCTAssertEqual(DirectiveLexer.classify("12"), .integer(12))
        XCTAssertEqual(DirectiveLexer.classify("-0.5"), .number(-0.5))
        XCTAssertEqual(DirectiveLexer.classify("1e-3"), .number(0.001))
        XCTAssertEqual(DirectiveLexer.classify("true"), .bool(true))
        XCTAssertEqual(DirectiveLexer.classify("FEDFUNDS"), .word("FEDFUNDS"))
        XCTAssertEqual(DirectiveLexer.classify("1960-01"), .month(Month(year: 1960, month: 1)))
    }

    /// `KEY:"text"` items (labels=INDPRO:"Industrial production") lex as one string each.
    func testKeyedQuotedItems() {
        let (chapter, diagnostics) = read(#"<<data plot data=m labels=INDPRO:"Industrial production",GS10:Yield,"S&P:x">>"#)
        XCTAssertEqual(diagnostics, [])
        guard case .directive(let call)? = chapter.blocks.first else { return XCTFail("\(chapter.blocks)") }
        XCTAssertEqual(call.arguments.first { $0.key == "labels" }?.value,
                       .list([.string("INDPRO:Industrial production"), .word("GS10:Yield"), .string("S&P:x")]))
        let (_, bad) = read(#"<<data plot data=m labels=INDPRO:"Industrial production>>"#)
        XCTAssertTrue(bad.first?.message.contains("unterminated string") == true, "\(bad)")
        let (_, inside) = read(#"<<data plot data=m title=a"b">>"#)
        XCTAssertTrue(inside.first?.message.contains("quote the whole value") == true, "\(inside)")
    }

    func testDirectivesInCodeAreDisplayedNotExecuted() {
        let (chapter, diagnostics) = read("""
        Write `<<data describe data=macro>>` to describe.

        ```
        <<data describe data=macro>>
        ```

            <<data describe data=macro>>

        A literal \\<<not a directive>> here.
        """)
        XCTAssertEqual(diagnostics, [])
        XCTAssertFalse(chapter.blocks.contains { if case .directive = $0 { return true }; return false })
        guard case .paragraph(let first) = chapter.blocks[0] else { return XCTFail() }
        XCTAssertTrue(first.contains(.code("<<data describe data=macro>>")))
        guard case .codeBlock(_, let code) = chapter.blocks[1] else { return XCTFail() }
        XCTAssertEqual(code, "<<data describe data=macro>>\n")
        guard case .codeBlock = chapter.blocks[2] else { return XCTFail("\(chapter.blocks[2])") }
        guard case .paragraph(let last) = chapter.blocks[3] else { return XCTFail() }
        XCTAssertEqual(last, [.text("A literal <<not a directive>> here.")])
    }

    func testMathSurvivesEmphasisRules() {
        let (chapter, _) = read("""
        The model $x_t = \\Lambda_f F_t + e_t$ and $a*b*c$ cost \\$5 or $5.

        $$
        X_t = \\Lambda^f F_t + \\Lambda^y Y_t + e_t
        $$
        """)
        guard case .paragraph(let p) = chapter.blocks[0] else { return XCTFail() }
        XCTAssertTrue(p.contains(.math("x_t = \\Lambda_f F_t + e_t")))
        XCTAssertTrue(p.contains(.math("a*b*c")))
        XCTAssertTrue(p.contains(.text(" cost $5 or $5.")), "\(p)")
        guard case .mathBlock(let math) = chapter.blocks[1] else { return XCTFail("\(chapter.blocks[1])") }
        XCTAssertEqual(math.tex, "X_t = \\Lambda^f F_t + \\Lambda^y Y_t + e_t")
        XCTAssertNil(math.id)
        XCTAssertEqual(math.location.line, 3)
    }

    func testEquationIdsAndDisplayMathInsideAParagraph() {
        let (chapter, problems) = read("""
        $$ a = b $$ {#eq:first}

        Text
        $$ c = d $$   {#eq:second}
        more text.
        """)
        XCTAssertTrue(problems.isEmpty, "\(problems)")
        guard case .mathBlock(let first) = chapter.blocks[0], case .paragraph(let p) = chapter.blocks[1] else {
            return XCTFail("\(chapter.blocks)")
        }
        XCTAssertEqual(first.id, "first")
        let inline = p.compactMap { if case .displayMath(let m) = $0 { return m } else { return nil } }
        XCTAssertEqual(inline.map(\.id), ["second"])
        XCTAssertEqual(inline.first?.tex, "c = d")
        XCTAssertFalse(p.contains { if case .text(let t) = $0 { return t.contains("{#") } else { return false } },
                       "the attribute is consumed, not printed")
    }

    func testCitationsCrossReferencesAndInlineValues() {
        let (chapter, diagnostics) = read("""
        As @bernanke2005 show [@bernanke2005; @stock2002], see @fig:irf1 and [@tbl:desc]. \
        Mail me at a@b.org. The mean is <<= desc.inflation.mean .2f>>.
        """)
        XCTAssertEqual(diagnostics, [])
        guard case .paragraph(let p) = chapter.blocks[0] else { return XCTFail() }
        let loc = { (c: Int) in SourceLocation(file: "chapters/01-test.md", line: 1, column: c) }
        XCTAssertTrue(p.contains(.citation(Citation(items: [CitationItem(key: "bernanke2005")], narrative: true, location: loc(4)))))
        XCTAssertTrue(p.contains(.citation(Citation(items: [CitationItem(key: "bernanke2005"), CitationItem(key: "stock2002")], narrative: false, location: loc(23)))))
        XCTAssertTrue(p.contains(.crossReference(kind: .figure, id: "irf1", location: loc(56))))
        XCTAssertTrue(p.contains(.crossReference(kind: .table, id: "desc", location: loc(70))))
        // An address is not a citation; GFM's autolink extension makes it a mailto: link.
        XCTAssertTrue(p.contains { if case .link(let url, _, _) = $0 { return url == "mailto:a@b.org" }; return false })
        XCTAssertTrue(p.contains { if case .inlineValue(let v) = $0 { return v.id == "desc" && v.name == "inflation.mean" && v.format == ".2f" }; return false })
    }

    func testGFMTablesFootnotesStrikethrough() {
        let (chapter, _) = read("""
        | a | b |
        |:--|--:|
        | 1 | ~~2~~ |

        Text[^n].

        [^n]: A note.
        """)
        guard case .table(let table) = chapter.blocks[0] else { return XCTFail("\(chapter.blocks)") }
        XCTAssertEqual(table.alignments, [.left, .right])
        XCTAssertEqual(table.rows[0][1], [.strikethrough([.text("2")])])
        guard case .paragraph(let p) = chapter.blocks[1] else { return XCTFail() }
        XCTAssertEqual(p[1], .footnoteReference(label: "1"))
        XCTAssertTrue(chapter.blocks.contains { if case .footnoteDefinition("1", _) = $0 { return true }; return false }, "\(chapter.blocks)")
    }

    func testDiagnostics() {
        let cases: [(String, Int, String)] = [
            ("<<data plot series=\"abc>>", 20, "unterminated string"),
            ("<<data plot series=>>", 20, "missing value after 'series='"),
            ("<<data plot a=1 a=2>>", 17, "option 'a' is given twice"),
            ("<<data plot a=1 stray>>", 17, "expected key=value, found 'stray'"),
            ("<<data plot", 1, "unterminated directive"),
            ("Prose <<data plot a=1>> more.", 7, "must stand alone"),
            ("<<>>", 3, "empty directive"),
            ("Value <<= nodot>>.", 7, "malformed inline value"),
            ("Value <<= a.b 2x>>.", 7, "invalid format '2x'"),
        ]
        for (source, column, message) in cases {
            let (_, diagnostics) = read(source)
            XCTAssertEqual(diagnostics.count, 1, source)
            XCTAssertEqual(diagnostics.first?.location?.column, column, source)
            XCTAssertTrue(diagnostics.first?.message.contains(message) ?? false, "\(source): \(diagnostics)")
        }
    }
}

final class MarkdownFuzzTests: XCTestCase {
    /// Random mixtures of the characters the pre-pass treats specially never crash the reader.
    func testRandomInputNeverCrashes() {
        var state: UInt64 = 12345
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let pieces = ["<<", ">>", "<<=", "$", "$$", "`", "```", "\\", "@", "[@", "]", "=", "\"", "\n", "\n\n", " ", "a", "x.y",
                      "fig:", "data plot", "1960-01", "..", ",", "    ", "- ", "|", "[^1]", "{#sec:a}", "# ", "\u{E000}", "\u{E001}", "ä"]
        for _ in 0..<3000 {
            let text = (0..<Int(next() % 30)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            _ = MarkdownReader.read(text, file: "f.md", number: 1)
            _ = DirectiveLexer.lex(text, at: SourceLocation(file: "f.md", line: 1, column: 1))
        }
    }
}

/// A block directive runs only as a paragraph of its own; in any other container it is an error
/// at its location and its source stays visible (before, it vanished into a private-use marker).
final class StrandedDirectiveTests: XCTestCase {
    func testEveryContainerKind() {
        let source = """
        # Heading <<data describe data=m>>

        | a | b |
        |---|---|
        | <<data describe data=m>> | x |

        A [link <<data describe data=m>>](http://example.org) and *<<data describe data=m>>* and
        **<<data describe data=m>>** and ~~<<data describe data=m>>~~.

        Text with a note.[^1]

        [^1]: <<data describe data=m>>

        - <<data describe data=m id=in-list>>

        > <<data describe data=m id=in-quote>>

        <<data describe data=m id=alone>>
        """
        let (chapter, diagnostics) = MarkdownReader.read(source, file: "chapters/01-c.md", number: 1)
        // Mixed with other text (the heading, the link) it is the "stand alone" error of prose.
        let alone = "must stand alone in its own paragraph"
        let expected: [(line: Int, column: Int, container: String)] = [
            (1, 11, alone), (5, 3, "a table cell"), (7, 9, alone), (7, 60, "emphasis"),
            (8, 3, "bold text"), (8, 36, "struck-through text"), (12, 7, "a footnote"),
        ]
        XCTAssertEqual(diagnostics.count, expected.count, "\(diagnostics)")
        for (diagnostic, want) in zip(diagnostics.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }, expected) {
            XCTAssertEqual(diagnostic.location?.line, want.line, diagnostic.message)
            XCTAssertEqual(diagnostic.location?.column, want.column, diagnostic.message)
            XCTAssertTrue(diagnostic.message.contains(want.container == alone ? alone : "cannot stand in \(want.container);"),
                          diagnostic.message)
        }
        // The three that stand alone run; nothing anywhere holds a private-use marker.
        XCTAssertEqual(Document(chapters: [chapter]).directiveCalls.map { $0.arguments.last?.value }, [.word("in-list"), .word("in-quote"), .word("alone")])
        let dump = chapter.dump()
        XCTAssertFalse(dump.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }, dump)
        XCTAssertTrue(dump.contains("<<data describe data=m>>"), dump)
    }
}

/// HTML comments are comments: not published, and nothing in them runs (before, their text was
/// shown and their directives executed).
final class CommentTests: XCTestCase {
    func testCommentsAreNeitherShownNorExecuted() {
        let source = """
        Before <!-- an aside with <<data describe data=m>> and @fig:x and [@key] --> after.

        <!--
        <<data plot data=m id=hidden>>
        -->

        `<!-- kept in code -->`

        ```
        <!-- kept in a fence -->
        ```

        <<data describe data=m id=shown>>
        """
        let (chapter, diagnostics) = MarkdownReader.read(source, file: "chapters/01-c.md", number: 1)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(Document(chapters: [chapter]).directiveCalls.count, 1)
        let dump = chapter.dump()
        XCTAssertFalse(dump.contains("aside") || dump.contains("hidden") || dump.contains("{ref") || dump.contains("{cite"), dump)
        XCTAssertTrue(dump.contains("Before  after."), dump)
        XCTAssertTrue(dump.contains("`<!-- kept in code -->`") && dump.contains("kept in a fence"), dump)
        // The directive after the comments keeps its exact location.
        XCTAssertEqual(Document(chapters: [chapter]).directiveCalls.first?.location.line, 13)
    }

    func testAnUnclosedCommentIsAnError() {
        let (_, diagnostics) = MarkdownReader.read("Text <!-- never closed\n\n<<data describe data=m>>\n", file: "chapters/01-c.md", number: 1)
        XCTAssertEqual(diagnostics.map(\.message), ["this HTML comment is never closed; end it with -->"])
        XCTAssertEqual(diagnostics.first?.location?.column, 6)
    }
}

/// Math goes to LaTeX as written, so what could read or write files, run programs or redefine TeX
/// is refused where it is written; an unbalanced '$' is an error too.
final class MathSafetyTests: XCTestCase {
    private func errors(_ source: String) -> [Diagnostic] {
        MarkdownReader.read(source, file: "chapters/01-m.md", number: 1).1
    }

    func testFileAndShellCommandsAreRefusedWhereWritten() {
        let found = errors("Fine $\\alpha + \\frac{1}{2}$ and $x \\input{/etc/passwd}$.\n\n$$\n\\write18{rm -rf /}\n$$\n")
        XCTAssertEqual(found.map { $0.location?.line }, [1, 4])
        XCTAssertEqual(found.map { $0.location?.column }, [36, 1])
        XCTAssertTrue(found[0].message.hasPrefix("\\input is not allowed in math"), found[0].message)
        XCTAssertTrue(found[1].message.hasPrefix("\\write is not allowed in math"), found[1].message)
    }

    func testCaretNotationCannotSpellABackslash() {
        let found = errors("Sneaky $^^5cinput{x}$.\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].message.hasPrefix("'^^' in math is refused"), found[0].message)
        XCTAssertEqual(found[0].location?.column, 9)
    }

    func testUnbalancedDollarIsAnError() {
        let found = errors("It costs $5 and more.\n\nA \\$5 note and $ 3 spaced are fine.\n")
        XCTAssertEqual(found.map(\.message), ["unbalanced '$': no closing '$' in this paragraph; close the math, or write '\\$' for a dollar sign"])
        XCTAssertEqual(found.first?.location?.column, 10)
    }
}
