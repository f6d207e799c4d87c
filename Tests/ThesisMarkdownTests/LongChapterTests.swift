import XCTest
import ThesisDocument
@testable import ThesisMarkdown

/// A long chapter is parsed in parts cut at headings; the parts must give exactly the chapter
/// that one parse gives, whatever the part size, and never cut code, HTML blocks or definitions.
final class LongChapterTests: XCTestCase {
    private static let chapter = """
    # Title {#sec:title}

    Prose with *emphasis*, `code`, $x_t$ and a [link](https://example.org).

    - a list item

    - a loose list item
      with a continuation

    # Second

    ```
    # not a heading: inside a fence

    # still inside
    ```

    <pre>
    text

    # not a heading: inside an HTML block that blank lines do not end

    </pre>

    ## Third {#sec:third}

    > a quote
    > over two lines

    # Third

    | a | b |
    |---|--:|
    | 1 | 2 |

    # Title

    Text after a repeated heading (its anchor is numbered).

    1. one
    2. two

    # Last

    Last words.
    """

    private func dump(_ source: String, partSize: Int) -> String {
        let (chapter, problems) = MarkdownReader.read(source, file: "chapters/01-long.md", number: 1, partSize: partSize)
        XCTAssertEqual(problems, [])
        return chapter.dump()
    }

    func testPartsGiveTheChapterOfOneParse() {
        let whole = dump(Self.chapter, partSize: .max)
        for size in [1, 10, 40, 100, 300] {
            XCTAssertEqual(dump(Self.chapter, partSize: size), whole, "part size \(size)")
        }
    }

    func testSplitPointsAvoidCodeAndHTMLBlocks() {
        let prepass = SourcePrepass(source: Array(Self.chapter.utf8), file: "chapters/01-long.md")
        let text = prepass.output
        let starts = prepass.splitPoints.map { String(decoding: text[$0..<(text[$0...].firstIndex(of: 0x0A) ?? text.count)], as: UTF8.self) }
        XCTAssertEqual(starts, ["# Title {#sec:title}", "# Second", "## Third {#sec:third}", "# Third", "# Title", "# Last"])
        XCTAssertFalse(prepass.hasDefinitions)
        XCTAssertGreaterThan(MarkdownReader.parts(of: prepass, size: 1).count, 1)
    }

    /// A reference definition or a footnote applies to the whole document: one parse.
    func testDefinitionsKeepTheChapterWhole() {
        for source in [Self.chapter + "\n\nSee [the site][s].\n\n[s]: https://example.org\n",
                       Self.chapter + "\n\nA claim.[^1]\n\n[^1]: The source.\n"] {
            let prepass = SourcePrepass(source: Array(source.utf8), file: "chapters/01-long.md")
            XCTAssertTrue(prepass.hasDefinitions)
            XCTAssertEqual(MarkdownReader.parts(of: prepass, size: 1).count, 1)
            XCTAssertEqual(dump(source, partSize: 1), dump(source, partSize: .max))
        }
    }

    /// Heading ids come from the same line structure as the rest of the prepass: a `{#sec:…}`
    /// inside a fence (even one that contains a shorter fence) is not a heading's.
    func testHeadingIDsOutsideCodeOnly() {
        let source = """
        # Title {#sec:title}

        ````markdown
        ```
        # Not a heading {#sec:inside}
        ```
        ````

          ## Indented é {#sec:après}
        """
        let prepass = SourcePrepass(source: Array(source.utf8), file: "chapters/01-a.md")
        XCTAssertEqual(prepass.headingIDs.map(\.0), ["title", "après"])
        XCTAssertEqual(prepass.headingIDs.map { "\($0.1)" }, ["chapters/01-a.md:1:9", "chapters/01-a.md:9:17"])
    }
}
