import XCTest
import ThesisDocument
@testable import ThesisData

final class CSVReaderTests: XCTestCase {
    private func records(_ text: String) throws -> [[String]] {
        let table = try CSVReader.parse(Array(text.utf8), file: "t.csv")
        return (0..<table.recordCount).map { r in table.fieldRange(ofRecord: r).map { table.text(table.fields[$0]) } }
    }

    func testQuotedFieldsWithEscapesCommasAndNewlines() throws {
        let text = "\"a \"\"b\"\"\",\"c,d\",e\n\"multi\nline\",,\"\"\n"
        XCTAssertEqual(try records(text), [["a \"b\"", "c,d", "e"], ["multi\nline", "", ""]])
        XCTAssertEqual(try records("a, \"b,c\" ,d\n"), [["a", "b,c", "d"]])
    }

    func testLineEndingsBOMAndTrailingLines() throws {
        XCTAssertEqual(try records("\u{FEFF}a,b\r\n1,2\r\n"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try records("a,b\n1,2"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try records("a,b\r1,2\r\r\n\n"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try records("a,b\n1,\n"), [["a", "b"], ["1", ""]])
    }

    func testLinesAndColumnsOfCells() throws {
        let table = try CSVReader.parse(Array("x,\"y\nz\",w\nα,β,γ\n".utf8), file: "t.csv")
        let w = table.fields[2], gamma = table.fields[5]
        XCTAssertEqual(table.location(of: table.fields[1]), SourceLocation(file: "t.csv", line: 1, column: 3))
        XCTAssertEqual(w.line, 2)
        XCTAssertEqual(table.location(of: w), SourceLocation(file: "t.csv", line: 2, column: 4))
        // Columns count characters, not UTF-8 bytes.
        XCTAssertEqual(table.location(of: gamma), SourceLocation(file: "t.csv", line: 3, column: 5))
        XCTAssertEqual(table.sourceLine(3), "α,β,γ")
    }

    func testUnterminatedQuote() {
        XCTAssertThrowsError(try CSVReader.parse(Array("a,b\n1,\"2\n3,4\n".utf8), file: "t.csv")) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.location, SourceLocation(file: "t.csv", line: 2, column: 3))
            XCTAssertTrue(d?.message.contains("unterminated quoted field") ?? false)
        }
    }

    func testTextAfterClosingQuote() {
        XCTAssertThrowsError(try CSVReader.parse(Array("a,b\n\"1\"x,2\n".utf8), file: "t.csv")) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.location, SourceLocation(file: "t.csv", line: 2, column: 4))
            XCTAssertTrue(d?.message.contains("after a closing quote") ?? false)
        }
    }
}

final class NumberAndDateParsingTests: XCTestCase {
    private func number(_ s: String) -> NumberParsing.Cell {
        let b = Array(s.utf8)
        return NumberParsing.cell(b, 0, b.count)
    }

    private func date(_ s: String) -> DateToken? {
        let b = Array(s.utf8)
        return DateParsing.parse(b, 0, b.count)
    }

    func testNumbersAreCorrectlyRounded() {
        let samples = ["0", "-0", "1", "+1.5", "-2e-3", "1E5", ".5", "5.", "0.1", "0.30000000000000004",
                       "17.272", "292266.4261", "123456789012345678901234", "1.7976931348623157e308",
                       "4.9e-324", "2.2250738585072014e-308", "0.000000000000000000000000123",
                       "9007199254740993", "1e22", "1e23", "3.14159265358979323846264338327950288"]
        for s in samples {
            XCTAssertEqual(number(s), .value(Double(s)!), s)
        }
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let x = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            for text in [x.description, String(format: "%.6f", x), String(format: "%.3e", x), String(format: "%.17g", x)] {
                XCTAssertEqual(number(text), .value(Double(text)!), text)
            }
        }
    }

    func testMissingMarkersAndInvalidCells() {
        for s in ["", "NA", "na", "NaN", "nan", "NAN", "N/A", "n/a", "."] {
            XCTAssertEqual(number(s), .missing, s)
        }
        for s in ["abc", "1.2.3", "1e", "e5", "-", "+", "1,5", "inf", "-inf", "Infinity", "0x10", "1e400",
                  "1 2", "..", "--1", "NAs", "N.A."] {
            XCTAssertEqual(number(s), .invalid, s)
        }
    }

    func testDateFormats() {
        XCTAssertEqual(date("1960-02"), .month(m("1960-02")))
        XCTAssertEqual(date("1960-2"), .month(m("1960-02")))
        XCTAssertEqual(date("1960-02-15"), .month(m("1960-02")))
        XCTAssertEqual(date("2/1/1960"), .month(m("1960-02")))
        XCTAssertEqual(date("02/01/1960"), .month(m("1960-02")))
        XCTAssertEqual(date("12/31/1999"), .month(m("1999-12")))
        XCTAssertEqual(date("1960Q1"), .quarter(m("1960-01")))
        XCTAssertEqual(date("1960-Q3"), .quarter(m("1960-07")))
        XCTAssertEqual(date("1960q4"), .quarter(m("1960-10")))
        for bad in ["1960", "1960-13", "1960-00", "1960-02-30", "2/30/1960", "13/1/1960", "1960Q5", "1960Q0",
                    "60-01", "1960/01", "1960-01-01T00:00", "", "Transform:", "1/1/60", "19600-01"] {
            XCTAssertNil(date(bad), bad)
        }
        XCTAssertEqual(date("2020-02-29"), .month(m("2020-02")))
        XCTAssertNil(date("2019-02-29"))
    }
}

/// A small deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A data file in another encoding is refused at its first invalid byte, never read with its
/// names altered.
final class CSVEncodingTests: XCTestCase {
    func testLatin1HeaderIsAnErrorAtTheByte() throws {
        let bytes: [UInt8] = Array("date,output,caf".utf8) + [0xE9] + Array("\n2000-01,1,2\n".utf8)
        XCTAssertThrowsError(try DataLoader.load(Data(bytes), file: "data/raw/m.csv", format: .csv)) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.location, SourceLocation(file: "data/raw/m.csv", line: 1, column: 16))
            XCTAssertTrue(d?.message.contains("byte 0xE9") ?? false, "\(error)")
        }
        // UTF-8 names (with a byte-order mark) are fine.
        let good = try DataLoader.load(Data([0xEF, 0xBB, 0xBF] + Array("date,café\n2000-01,1\n2000-02,2\n".utf8)), file: "data/raw/m.csv", format: .csv)
        XCTAssertEqual(good.names, ["café"])
    }
}
