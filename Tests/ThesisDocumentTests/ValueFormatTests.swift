import XCTest
@testable import ThesisDocument

final class ValueFormatTests: XCTestCase {
    func testFormats() {
        XCTAssertEqual(ValueFormat.format(3.14159, spec: ".2f"), "3.14")
        XCTAssertEqual(ValueFormat.format(0.147, spec: ".1%"), "14.7%")
        XCTAssertEqual(ValueFormat.format(12345.4, spec: ",.0f"), "12,345")
        XCTAssertEqual(ValueFormat.format(-1234567, spec: ",d"), "\u{2212}1,234,567")
        XCTAssertEqual(ValueFormat.format(12345, spec: ".3e"), "1.234e+04")
        XCTAssertEqual(ValueFormat.format(3.14159, spec: nil), "3.142")
        XCTAssertEqual(ValueFormat.format(-0.0001, spec: ".2f"), "0.00")
        XCTAssertEqual(ValueFormat.format(.nan, spec: ".2f"), "NaN")
    }

    func testInvalidSpecs() {
        XCTAssertFalse(ValueFormat.isValid("2f"))
        XCTAssertFalse(ValueFormat.isValid(".2x"))
        XCTAssertFalse(ValueFormat.isValid(".2d"))
        XCTAssertTrue(ValueFormat.isValid(",.1f"))
    }

    func testSuggestions() {
        XCTAssertEqual(Suggestions.closest(to: "seris", in: ["series", "sample", "data"]), "series")
        XCTAssertNil(Suggestions.closest(to: "zzzzzz", in: ["series", "sample"]))
        XCTAssertEqual(Suggestions.editDistance("lgas", "lags"), 1)
    }

    func testMonth() {
        XCTAssertEqual(Month("1960-01"), Month(year: 1960, month: 1))
        XCTAssertNil(Month("1960-13"))
        XCTAssertEqual(Month(index: Month(year: 2019, month: 12).index + 1), Month(year: 2020, month: 1))
    }
}

/// Diagnostics never send control characters from chapters to the terminal.
final class DiagnosticPrintableTests: XCTestCase {
    func testEscapeSequencesAreShownNotSent() {
        var d = Diagnostic(.error, at: SourceLocation(file: "chapters/01.md", line: 2, column: 9), directive: "data \u{1B}[2Jplot",
                           "unknown option 'x\u{1B}]0;owned\u{07}'")
        d.sourceLine = "<<data \u{1B}[2Jplot x\u{1B}]0;owned\u{07}=1>>\r"
        let text = d.rendered
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D }, text)
        XCTAssertTrue(text.contains("[data \\u{1B}[2Jplot]"), text)
        XCTAssertTrue(text.contains("'x\\u{1B}]0;owned\\u{7}'"), text)
        // The caret still points under the option in the shown line.
        let lines = text.split(separator: "\n")
        // Column 9 is after "<<data " and the escape character, shown as six characters.
        XCTAssertEqual(String(lines[2]), "    " + String(repeating: " ", count: "<<data \\u{1B}".count) + "^")
    }
}
