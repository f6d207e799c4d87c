import XCTest
import ThesisDocument
@testable import ThesisData

/// The generic `csv` format.
final class GenericCSVTests: XCTestCase {
    func testMonthlyDateColumnWithMissingMarkers() throws {
        let frame = try load("date,a,b c\n1960-01,1.5,NA\n1960-02,,2\n1960-03,-3e-1,.\n1960-04,n/a,nan\n")
        XCTAssertEqual(frame.frequency, .monthly)
        XCTAssertEqual(frame.periods, [m("1960-01"), m("1960-02"), m("1960-03"), m("1960-04")])
        XCTAssertEqual(frame.names, ["a", "b c"])
        assertValues(frame.column(named: "a"), [1.5, .nan, -0.3, .nan])
        assertValues(frame.column(named: "b c"), [.nan, 2, .nan, .nan])
        XCTAssertEqual(frame.transformCodes, [nil, nil])
    }

    func testDateColumnIsFoundByNameAnywhere() throws {
        let frame = try load("x,DATE,y\n1,1960-01-01,2\n3,1960-02-01,4\n")
        XCTAssertEqual(frame.names, ["x", "y"])
        XCTAssertEqual(frame.periods, [m("1960-01"), m("1960-02")])
        assertValues(frame.column(named: "y"), [2, 4])
    }

    func testFirstColumnWithoutNameIsTheDate() throws {
        // pandas writes its index this way.
        let frame = try load(",gdp\n1/1/1960,1\n2/1/1960,2\n")
        XCTAssertEqual(frame.names, ["gdp"])
        XCTAssertEqual(frame.periods.last, m("1960-02"))
    }

    func testQuarterlyFormats() throws {
        for dates in [["1960Q1", "1960Q2", "1960Q3"], ["1960-Q1", "1960-Q2", "1960-Q3"],
                      ["1960-01-01", "1960-04-01", "1960-07-01"], ["1960-03", "1960-06", "1960-09"]] {
            let text = "period,gdp\n" + dates.enumerated().map { "\($1),\($0 + 1)" }.joined(separator: "\n")
            let frame = try load(text)
            XCTAssertEqual(frame.frequency, .quarterly, "\(dates)")
            XCTAssertEqual(frame.periods, [m("1960-01"), m("1960-04"), m("1960-07")], "\(dates)")
            assertValues(frame.column(named: "gdp"), [1, 2, 3])
        }
    }

    func testYearQuarterAndYearMonthColumns() throws {
        let quarterly = try load("\"year\",\"quarter\",\"gdp\"\n1959,4,1\n1960,1,2\n1960,2,3\n")
        XCTAssertEqual(quarterly.frequency, .quarterly)
        XCTAssertEqual(quarterly.names, ["gdp"])
        XCTAssertEqual(quarterly.periods, [m("1959-10"), m("1960-01"), m("1960-04")])
        let monthly = try load("Year,Month,u\n1959,12,5\n1960,1,6\n")
        XCTAssertEqual(monthly.frequency, .monthly)
        XCTAssertEqual(monthly.periods, [m("1959-12"), m("1960-01")])
        let qPrefixed = try load("year,quarter,x\n1960,Q1,1\n1960.0,Q2,2\n")
        XCTAssertEqual(qPrefixed.periods, [m("1960-01"), m("1960-04")])
    }

    func testQuotedCellsAndSpaces() throws {
        let frame = try load("date,\"a, \"\"quoted\"\"\"\n 1960-01 , \"1.25\" \n1960-02,2\n")
        XCTAssertEqual(frame.names, ["a, \"quoted\""])
        assertValues(frame.columns[0], [1.25, 2])
    }

    func testTrailingRowsWithoutDateAreIgnored() throws {
        let frame = try load("date,a,b\n1960-01,1,2\n1960-02,3,4\n,,\n,,\n\n")
        XCTAssertEqual(frame.periods.count, 2)
    }

    func testSingleRow() throws {
        let frame = try load("date,a\n1960Q2,1\n")
        XCTAssertEqual(frame.frequency, .quarterly)
        XCTAssertEqual(frame.periods, [m("1960-04")])
    }

    // MARK: - Diagnostics

    func testEmptyFileAndHeaderOnly() {
        assertDiagnostic("", line: 1, column: 1, "the file is empty")
        assertDiagnostic("\u{FEFF}\r\n\n", line: 1, column: 1, "the file is empty")
        assertDiagnostic("date,a,b\n", line: 2, column: 1, "no data rows", "header")
        assertDiagnostic("date,a,b", line: 1, column: 1, "no data rows")
        assertDiagnostic("date,a,b\n,,\n", line: 3, column: 1, "no data rows")
    }

    func testRaggedRows() {
        assertDiagnostic("date,a,b,c,d,e,f\n1960-01,1,2,3,4\n", line: 2, column: 16,
                         "row has 5 fields, the header has 7")
        assertDiagnostic("date,a\n1960-01,1\n1960-02,2,3\n", line: 3, column: 11,
                         "row has 3 fields, the header has 2")
    }

    func testNonNumericCell() {
        assertDiagnostic("date,a,gdp\n1960-01,1,2\n1960-02,3,1.2.3\n", line: 3, column: 11,
                         "'1.2.3' is not a number", "gdp", "NA")
        assertDiagnostic("date,a\n1960-01,\"12,5\"\n", line: 2, column: 9, "'12,5' is not a number")
    }

    func testUnparseableDate() {
        assertDiagnostic("date,a\n1960-01,1\nJan 1960,2\n", line: 3, column: 1,
                         "'Jan 1960' is not a date", "YYYY-MM", "M/D/YYYY", "YYYYQn")
        assertDiagnostic("date,a\n1960-01,1\n,2\n1960-03,3\n", line: 3, column: 1, "missing date")
        assertDiagnostic("sasdate,a\nTransform:,5\n1/1/1960,2\n", line: 2, column: 1, "format fred-md")
        assertDiagnostic("year,quarter,a\n1960,5,1\n", line: 2, column: 6, "'5' is not a quarter")
        assertDiagnostic("year,month,a\n1960,13,1\n", line: 2, column: 6, "'13' is not a month")
        assertDiagnostic("year,month,a\n19x0,1,1\n", line: 2, column: 1, "'19x0' is not a year")
        assertDiagnostic("Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n1948,1,2,3,4,5,6,7,8,9,10,11,12\n",
                         line: 2, column: 1, "wide table", "format = \"year-by-month\"")
    }

    func testYearByMonthTable() throws {
        let text = "Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Annual\n1948,1,2,3,4,5,6,7,8,9,10,11,12,6.5\n1949,13,14,,16,,,,,,,,,\n"
        let frame = try DataLoader.load(Data(text.utf8), file: "u.csv", format: .yearByMonth, layout: TableLayout(seriesName: "UNRATE"))
        XCTAssertEqual(frame.names, ["UNRATE"])
        XCTAssertEqual(frame.periods.first, Month(year: 1948, month: 1))
        XCTAssertEqual(frame.periods.last, Month(year: 1949, month: 4))
        XCTAssertEqual(frame.columns[0].count, 16)
        XCTAssertTrue(frame.columns[0][14].isNaN)
        XCTAssertEqual(frame.columns[0][15], 16)
        XCTAssertThrowsError(try DataLoader.load(Data("Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n1948,1,2,3,4,5,6,7,8,9,10,11,12\n1950,1,2,3,4,5,6,7,8,9,10,11,12\n".utf8),
                                                 file: "u.csv", format: .yearByMonth)) { error in
            XCTAssertEqual((error as? Diagnostic)?.description, "u.csv:3:1: error: expected year 1949 after 1948, found 1950; years must be consecutive")
        }
    }

    func testDuplicateDate() {
        assertDiagnostic("date,a\n1960-01,1\n1960-02,2\n1960-02,3\n", line: 4, column: 1,
                         "duplicate date 1960-02", "line 3")
        assertDiagnostic("date,a\n1960-01,1\n1960-02,2\n1960-01,3\n", line: 4, column: 1,
                         "duplicate date 1960-01", "line 2")
    }

    func testUnsortedDates() {
        assertDiagnostic("date,a\n1960-03,1\n1960-04,2\n1960-02,3\n", line: 4, column: 1,
                         "not in increasing order", "1960-02 comes after 1960-04")
    }

    func testIrregularDates() {
        assertDiagnostic("date,a\n1960-01,1\n1960-02,2\n1960-05,3\n1960-06,4\n", line: 4, column: 1,
                         "expected 1960-03 after 1960-02, found 1960-05")
        assertDiagnostic("date,a\n1960Q1,1\n1960Q2,2\n1961Q1,3\n", line: 4, column: 1,
                         "expected 1960Q3 after 1960Q2, found 1961Q1")
        assertDiagnostic("date,a\n1960-01,1\n1961-01,2\n1962-01,3\n", line: 3, column: 1,
                         "unsupported frequency", "12 months")
    }

    func testMixedFrequencies() {
        assertDiagnostic("date,a\n1960-01,1\n1960-02,2\n1960Q2,3\n", line: 4, column: 1,
                         "mixed frequencies", "'1960Q2' is a quarterly date", "monthly")
        assertDiagnostic("date,a\n1960-01-01,1\n1960-04-01,2\n1960-07-01,3\n1960-08-01,4\n", line: 5, column: 1,
                         "mixed frequencies", "quarterly")
    }

    func testDuplicateAndEmptySeriesNames() {
        assertDiagnostic("date,a,b,a\n1960-01,1,2,3\n", line: 1, column: 10, "duplicate series name 'a'", "column 2")
        assertDiagnostic("date,a,,b\n1960-01,1,2,3\n", line: 1, column: 8, "column 3", "no name")
        assertDiagnostic("date\n1960-01\n", line: 1, column: 1, "no series")
    }

    func testUnterminatedQuoteInLoader() {
        assertDiagnostic("date,a\n1960-01,\"1\n1960-02,2\n", line: 2, column: 9, "unterminated quoted field")
    }

    func testFirstProblemInTheFileIsReported() {
        // The gap on line 3 comes before the bad number on line 5.
        assertDiagnostic("date,a\n1960-01,1\n1960-03,2\n1960-04,3\n1960-05,x\n", line: 3, column: 1,
                         "expected 1960-02")
        // The bad number on line 3 comes before the gap on line 5.
        assertDiagnostic("date,a\n1960-01,1\n1960-02,x\n1960-03,3\n1960-05,4\n", line: 3, column: 9,
                         "'x' is not a number")
    }

    func testDiagnosticRendersTheSourceLine() {
        guard let d = diagnostic("date,a\n1960-01,1\n1960-02,abc\n") else { return }
        XCTAssertEqual(d.rendered, """
            data/test.csv:3:9: error: 'abc' is not a number (series a); expected a number such as 1.5 or -2e-3, \
            or for a missing value an empty cell, NA, NaN, N/A or .
                1960-02,abc
                        ^
            """)
    }
}

/// The `fred-md` format on small inline files.
final class FredMDFormatTests: XCTestCase {
    private let valid = "sasdate,RPI,S&P 500,S&P: indust\r\nTransform:,5,5,1\r\n1/1/1959,2442.158,55.62,\r\n"
        + "2/1/1959,2451.778,,29.84\r\n3/1/1959,2467.594,56.15,30.1\r\n,,,\r\n,,,\r\n"

    func testValidFile() throws {
        let frame = try load(valid, format: .fredMD)
        XCTAssertEqual(frame.frequency, .monthly)
        XCTAssertEqual(frame.names, ["RPI", "S&P 500", "S&P: indust"])
        XCTAssertEqual(frame.transformCodes, [5, 5, 1])
        XCTAssertEqual(frame.periods, [m("1959-01"), m("1959-02"), m("1959-03")])
        assertValues(frame.column(named: "RPI"), [2442.158, 2451.778, 2467.594])
        assertValues(frame.column(named: "S&P 500"), [55.62, .nan, 56.15])
        assertValues(frame.column(named: "S&P: indust"), [.nan, 29.84, 30.1])
    }

    func testZeroPaddedDates() throws {
        let frame = try load("sasdate,A\nTransform:,2\n01/01/1959,1\n02/01/1959,2\n", format: .fredMD)
        XCTAssertEqual(frame.periods, [m("1959-01"), m("1959-02")])
    }

    func testTransformCodes() {
        assertDiagnostic("sasdate,A,B\nTransform:,5,8\n1/1/1959,1,2\n", format: .fredMD, line: 2, column: 14,
                         "invalid transformation code '8' for B", "1 (level)", "7 (")
        assertDiagnostic("sasdate,A,B\nTransform:,,5\n1/1/1959,1,2\n", format: .fredMD, line: 2, column: 12,
                         "missing transformation code for A")
        assertDiagnostic("sasdate,A,B\nTransform:,5.5,5\n1/1/1959,1,2\n", format: .fredMD, line: 2, column: 12,
                         "'5.5'")
        assertDiagnostic("sasdate,A,B\nTransform:,5\n1/1/1959,1,2\n", format: .fredMD, line: 2, column: 13,
                         "row has 2 fields, the header has 3")
    }

    func testMissingTransformRow() {
        assertDiagnostic("sasdate,A\n1/1/1959,1\n", format: .fredMD, line: 2, column: 1,
                         "expected the transformation-code row", "format csv")
    }

    func testHeaderOnlyAndNoData() {
        assertDiagnostic("sasdate,A\n", format: .fredMD, line: 2, column: 1, "no data rows")
        assertDiagnostic("sasdate,A\nTransform:,5\n,\n", format: .fredMD, line: 4, column: 1, "no data rows")
    }

    func testDatesMustBeMonthly() {
        assertDiagnostic("sasdate,A\nTransform:,5\n1/1/1959,1\n4/1/1959,2\n", format: .fredMD, line: 4, column: 1,
                         "expected 1959-02 after 1959-01, found 1959-04")
        assertDiagnostic("sasdate,A\nTransform:,5\n1959Q1,1\n", format: .fredMD, line: 3, column: 1,
                         "quarterly date")
        assertDiagnostic("sasdate,A\nTransform:,5\n1/1/1959,1\n13/1/1959,2\n", format: .fredMD, line: 4, column: 1,
                         "'13/1/1959' is not a date", "M/D/YYYY")
    }
}
