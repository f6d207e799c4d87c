import XCTest
@testable import ThesisKit
import ThesisModels

final class TOMLTests: XCTestCase {
    func testParsesTheThesisSubset() throws {
        let text = """
        # comment
        title = "A \\"quoted\\" title"   # trailing comment
        year = 2026
        ratio = 0.5
        draft = false
        tags = ["a", 'b',
                "c"]
        [data.macro]
        path = 'data/raw/macro.csv'
        [data."fred md"]
        path = "x.csv"
        """
        let doc = try TOMLDocument.parse(text, file: "thesis.toml").get()
        XCTAssertEqual(doc.value("title"), .string("A \"quoted\" title"))
        XCTAssertEqual(doc.value("year"), .integer(2026))
        XCTAssertEqual(doc.value("ratio"), .float(0.5))
        XCTAssertEqual(doc.value("draft"), .bool(false))
        XCTAssertEqual(doc.value("tags"), .array([.string("a"), .string("b"), .string("c")]))
        XCTAssertEqual(doc.value("data.macro.path"), .string("data/raw/macro.csv"))
        XCTAssertEqual(doc.value("data.fred md.path"), .string("x.csv"))
        XCTAssertEqual(doc.locations["data.macro.path"]?.line, 9)
        XCTAssertEqual(doc.locations["data.macro.path"]?.column, 8)
    }

    func testErrorsHaveLineAndColumn() {
        let cases: [(String, String)] = [
            ("title = \"open", "thesis.toml:1:9: error: unterminated string; close it with \" on the same line"),
            ("title = \"a\"\ntitle = \"b\"", "thesis.toml:2:1: error: key 'title' is defined twice"),
            ("[data]\n[data]", "thesis.toml:2:1: error: table [data] is defined twice"),
            ("x = 1 2", "thesis.toml:1:7: error: unexpected '2' after the value; one key = value per line"),
            ("x = {a = 1}", "thesis.toml:1:5: error: inline tables ({…}) are not supported in thesis.toml; use a [table] header"),
            ("= 3", "thesis.toml:1:1: error: expected a key (letters, digits, '_', '-', or a quoted key)"),
            ("a = 1\n[a.b]", "thesis.toml:2:1: error: 'a' is already an integer, not a table"),
        ]
        for (text, expected) in cases {
            guard case .failure(let diagnostic) = TOMLDocument.parse(text, file: "thesis.toml") else { XCTFail(text); continue }
            XCTAssertEqual(diagnostic.description, expected, text)
        }
    }

    func testRandomInputNeverCrashes() {
        var rng = SplitMix64(state: 7)
        let alphabet = Array("ab=[]\"'#.\n 1,{}\\tuU-")
        for _ in 0..<3000 {
            let text = String((0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            _ = TOMLDocument.parse(text, file: "f")
        }
    }
}
