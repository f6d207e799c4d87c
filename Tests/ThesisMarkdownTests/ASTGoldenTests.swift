import Foundation
import XCTest
import ThesisDocument
import ThesisMarkdown
import ThesisTestSupport

/// The parsed tree of every example chapter (what `thesis dump-ast` prints) against a golden in
/// `Golden/ast/<stem>.txt`, followed by the reader's diagnostics after a line `-- diagnostics`.
///
/// A change to the reader shows up as a diff of these files; `THESIS_RECORD=1` rewrites them (and
/// fails) so the diff can be reviewed before it is committed.
final class ASTGoldenTests: XCTestCase {
    private static let chapters = RepositoryPaths.root.appendingPathComponent("chapters")
    private static let goldens = GoldenFile.directory(besides: #filePath).appendingPathComponent("ast")

    /// The dump of one chapter as stored in its golden.
    static func golden(of text: String, file: String, number: Int) -> String {
        let (chapter, diagnostics) = MarkdownReader.read(text, file: file, number: number)
        var out = chapter.dump() + "\n-- diagnostics\n"
        for diagnostic in diagnostics { out += diagnostic.description + "\n" }
        return out
    }

    func testExampleChapterDumpsMatchGoldens() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.chapters.path)
            .filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertFalse(names.isEmpty, "no chapters in \(Self.chapters.path)")
        for (index, name) in names.enumerated() {
            let stem = String(name.dropLast(".md".count))
            let text = try String(contentsOf: Self.chapters.appendingPathComponent(name), encoding: .utf8)
            let actual = Self.golden(of: text, file: "chapters/\(name)", number: index + 1)
            let goldenPath = Self.goldens.appendingPathComponent("\(stem).txt").path
            if !GoldenFile.recording, !FileManager.default.fileExists(atPath: goldenPath) {
                XCTFail("chapter chapters/\(name) has no AST golden Tests/ThesisMarkdownTests/Golden/ast/\(stem).txt; "
                        + "record it with THESIS_RECORD=1 and review it")
                continue
            }
            GoldenFile.assertMatches(actual, "ast/\(stem).txt")
        }

        // A golden whose chapter was removed or renamed is stale.
        let stems = Set(names.map { String($0.dropLast(".md".count)) })
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: Self.goldens.path)) ?? []
        for golden in stored.filter({ $0.hasSuffix(".txt") }).sorted() where !stems.contains(String(golden.dropLast(".txt".count))) {
            XCTFail("Golden/ast/\(golden) has no chapter chapters/\(golden.dropLast(".txt".count)).md; delete it")
        }
    }
}
