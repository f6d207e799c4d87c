import ThesisDocument
import XCTest
@testable import ThesisFigures

final class TimeTicksTests: XCTestCase {
    func testDecadesForLongMonthlySeries() throws {
        let t = try XCTUnwrap(TimeTicks.ticks(low: 1960, high: 2020 + 11.0 / 12, scale: .monthly, target: 7))
        XCTAssertEqual(t.labels, ["1960", "1970", "1980", "1990", "2000", "2010", "2020"])
        XCTAssertEqual(t.values, [1960, 1970, 1980, 1990, 2000, 2010, 2020])
        XCTAssertTrue(t.minor.contains(1961) && !t.minor.contains(1970))
    }

    func testStepGrowsWithTheSpan() throws {
        func step(_ low: Double, _ high: Double, _ target: Int) throws -> Double {
            let t = try XCTUnwrap(TimeTicks.ticks(low: low, high: high, scale: .monthly, target: target))
            return t.values[1] - t.values[0]
        }
        XCTAssertEqual(try step(2000, 2009, 10), 1, accuracy: 1e-9)
        XCTAssertEqual(try step(2000, 2019, 6), 5, accuracy: 1e-9)
        XCTAssertEqual(try step(1959, 2024, 4), 20, accuracy: 1e-9)
        XCTAssertEqual(try step(1800, 2024, 5), 50, accuracy: 1e-9)
        XCTAssertEqual(try step(1000, 2000, 6), 200, accuracy: 1e-9)
    }

    func testMonthTicksForShortSpans() throws {
        let t = try XCTUnwrap(TimeTicks.ticks(low: 2019, high: 2020 + 11.0 / 12, scale: .monthly, target: 6))
        XCTAssertEqual(t.labels, ["2019", "Jul", "2020", "Jul"])
        let months = try XCTUnwrap(TimeTicks.ticks(low: 2020, high: 2020.5, scale: .monthly, target: 8))
        XCTAssertEqual(months.labels, ["2020", "Feb", "Mar", "Apr", "May", "Jun", "Jul"])
    }

    func testQuarterLabels() throws {
        let t = try XCTUnwrap(TimeTicks.ticks(low: 2019, high: 2020.75, scale: .quarterly, target: 8))
        XCTAssertEqual(t.labels, ["2019", "Q2", "Q3", "Q4", "2020", "Q2", "Q3", "Q4"])
        XCTAssertEqual(t.values[1], 2019.25, accuracy: 1e-12)
    }

    func testFirstTickNamesTheYearWithoutAJanuary() throws {
        let t = try XCTUnwrap(TimeTicks.ticks(low: 2020.25, high: 2020.6, scale: .monthly, target: 3))
        XCTAssertTrue(t.labels.first?.hasSuffix(" 2020") ?? false, "\(t.labels)")
        XCTAssertFalse(t.labels.dropFirst().contains { $0.contains("2020") })
        let single = try XCTUnwrap(TimeTicks.ticks(low: 2020.25, high: 2020.26, scale: .monthly, target: 5))
        XCTAssertEqual(single.labels, ["Apr 2020"])
    }

    func testImplausibleRangesFallBack() {
        XCTAssertNil(TimeTicks.ticks(low: 0, high: 1e12, scale: .monthly, target: 5))
        XCTAssertNil(TimeTicks.ticks(low: .nan, high: 2000, scale: .monthly, target: 5))
        XCTAssertNotNil(TimeTicks.ticks(low: -50, high: 50, scale: .quarterly, target: 5))
    }

    func testNegativeYearsUseTheMinusSign() throws {
        let t = try XCTUnwrap(TimeTicks.ticks(low: -20, high: 20, scale: .monthly, target: 5))
        XCTAssertTrue(t.labels.contains("\u{2212}20"), "\(t.labels)")
    }
}
