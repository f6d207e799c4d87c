import XCTest
import ThesisDocument
@testable import ThesisData

final class TimeSeriesFrameTests: XCTestCase {
    private let monthly = TimeSeriesFrame(
        frequency: .monthly, periods: (0..<6).map { Month(index: m("1960-01").index + $0) },
        names: ["a", "b", "c"], columns: [[1, 2, 3, 4, 5, 6], [.nan, 1, .nan, 2, 3, .nan], [6, 5, 4, 3, 2, 1]],
        transformCodes: [5, 2, nil])

    func testLookup() {
        XCTAssertEqual(monthly.index(of: "b"), 1)
        XCTAssertNil(monthly.index(of: "B"))
        assertValues(monthly.column(named: "c"), [6, 5, 4, 3, 2, 1])
        XCTAssertNil(monthly.column(named: "zz"))
    }

    func testSlice() throws {
        let cut = try monthly.slice(m("1960-02")...m("1960-04"))
        XCTAssertEqual(cut.periods, [m("1960-02"), m("1960-03"), m("1960-04")])
        assertValues(cut.column(named: "a"), [2, 3, 4])
        assertValues(cut.column(named: "b"), [1, .nan, 2])
        XCTAssertEqual(cut.transformCodes, monthly.transformCodes)
        XCTAssertEqual(try monthly.slice(m("1960-01")...m("1960-06")), monthly)
        XCTAssertEqual(try monthly.slice(m("1960-06")...m("1960-06")).periods, [m("1960-06")])
    }

    func testSliceOutsideTheDataNamesTheAvailableRange() {
        XCTAssertThrowsError(try monthly.slice(m("1959-12")...m("1960-03"))) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.message, "the sample 1959-12..1960-03 starts before the data, which cover "
                           + "1960-01..1960-06; choose a sample within 1960-01..1960-06")
        }
        XCTAssertThrowsError(try monthly.slice(m("1960-02")...m("1960-07"))) { error in
            XCTAssertTrue((error as? Diagnostic)?.message.contains("ends after the data") ?? false)
        }
    }

    func testQuarterlySliceSelectsContainingQuarters() throws {
        let q = TimeSeriesFrame(frequency: .quarterly, periods: [m("1960-01"), m("1960-04"), m("1960-07"), m("1960-10")],
                                names: ["x"], columns: [[1, 2, 3, 4]])
        XCTAssertEqual(try q.slice(m("1960-05")...m("1960-09")).periods, [m("1960-04"), m("1960-07")])
        XCTAssertEqual(try q.slice(m("1960-01")...m("1960-12")), q)
        XCTAssertThrowsError(try q.slice(m("1960-01")...m("1961-01"))) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "the sample 1960Q1..1961Q1 ends after the data, which "
                           + "cover 1960Q1..1960Q4; choose a sample within 1960Q1..1960Q4")
        }
    }

    func testSelecting() {
        let s = monthly.selecting(["c", "zz", "a", "c"])
        XCTAssertEqual(s.names, ["c", "a"])
        XCTAssertEqual(s.transformCodes, [nil, 5])
        assertValues(s.columns[1], [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(s.periods, monthly.periods)
    }

    func testEqualityAndHashingTreatNaNAsEqual() {
        var copy = monthly
        XCTAssertEqual(copy, monthly)
        XCTAssertEqual(Set([copy, monthly]).count, 1)
        copy.columns[1][0] = 0
        XCTAssertNotEqual(copy, monthly)
    }

    func testJSONRoundTripWritesNaNAsNull() throws {
        let data = try JSONEncoder().encode(monthly)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("[null,1,null,2,3,null]"), text)
        XCTAssertEqual(try JSONDecoder().decode(TimeSeriesFrame.self, from: data), monthly)
    }

    func testSummaries() throws {
        let s = monthly.summaries()
        XCTAssertEqual(s.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(s[0].mean, 3.5)
        XCTAssertEqual(s[0].standardDeviation, 1.8708286933869707, accuracy: 1e-15)
        XCTAssertEqual(s[1].observations, 3)
        XCTAssertEqual(s[1].missing, 3)
        XCTAssertEqual(s[1].first, m("1960-02"))
        XCTAssertEqual(s[1].last, m("1960-05"))
        XCTAssertEqual(s[1].mean, 2)
        XCTAssertEqual(s[1].standardDeviation, 1)
        XCTAssertEqual(s[1].minimum, 1)
        XCTAssertEqual(s[1].maximum, 3)
        XCTAssertEqual(s[1].transformCode, 2)
        XCTAssertNil(s[2].transformCode)
    }

    func testSummaryOfTooFewValues() throws {
        let empty = SeriesSummary(name: "e", values: [.nan, .nan], periods: [m("1960-01"), m("1960-02")])
        XCTAssertEqual(empty.observations, 0)
        XCTAssertEqual(empty.missing, 2)
        XCTAssertNil(empty.first)
        XCTAssertNil(empty.last)
        XCTAssertTrue(empty.mean.isNaN && empty.standardDeviation.isNaN && empty.minimum.isNaN && empty.maximum.isNaN)
        let one = SeriesSummary(name: "o", values: [.nan, 4], periods: [m("1960-01"), m("1960-02")])
        XCTAssertEqual(one.mean, 4)
        XCTAssertTrue(one.standardDeviation.isNaN)
        XCTAssertEqual(one.minimum, 4)
        XCTAssertEqual(one.first, m("1960-02"))
        // NaN survives JSON as null.
        let data = try JSONEncoder().encode([empty, one])
        XCTAssertEqual(try JSONDecoder().decode([SeriesSummary].self, from: data), [empty, one])
    }

    func testSummaryIsAccurateForLargeOffsets() {
        // A naive one-pass variance would lose every digit here.
        let values = (0..<1000).map { 1e9 + Double($0 % 2) }
        let s = SeriesSummary(name: "x", values: values, periods: [])
        XCTAssertEqual(s.mean, 1e9 + 0.5)
        XCTAssertEqual(s.standardDeviation, (0.25 * 1000 / 999).squareRoot(), accuracy: 1e-15)
    }
}
