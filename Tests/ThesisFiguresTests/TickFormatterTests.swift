import XCTest
@testable import ThesisFigures

final class TickFormatterTests: XCTestCase {
    let minus = "\u{2212}"

    func testOneDecimalCountPerAxisAndARealMinus() {
        let l = TickFormatter.labels(for: [-1, -0.5, 0, 0.5, 1], step: 0.5, format: .plain)
        XCTAssertEqual(l.labels, ["\(minus)1.0", "\(minus)0.5", "0.0", "0.5", "1.0"])
        XCTAssertNil(l.factor)
        XCTAssertFalse(l.labels.joined().contains("-"), "hyphen-minus in tick labels")
    }

    func testPercentAndThousands() {
        XCTAssertEqual(TickFormatter.labels(for: [0, 0.025, 0.05], step: 0.025, format: .percent).labels, ["0.0%", "2.5%", "5.0%"])
        XCTAssertEqual(TickFormatter.labels(for: [-0.1, 0, 0.1], step: 0.1, format: .percent).labels, ["\(minus)10%", "0%", "10%"])
        XCTAssertEqual(TickFormatter.labels(for: [100_000, 150_000, 200_000], step: 50_000, format: .thousands).labels,
                       ["100,000", "150,000", "200,000"])
        XCTAssertEqual(TickFormatter.labels(for: [-2_500, 0, 2_500], step: 2_500, format: .thousands).labels,
                       ["\(minus)2,500", "0", "2,500"])
    }

    func testCommonFactorForExtremeMagnitudes() {
        let tiny = TickFormatter.labels(for: [-2e-12, 0, 2e-12], step: 2e-12, format: .plain)
        XCTAssertEqual(tiny.labels, ["\(minus)2", "0", "2"])
        XCTAssertEqual(tiny.factor, "×10⁻¹²")
        let huge = TickFormatter.labels(for: [1e12, 1.5e12], step: 5e11, format: .plain)
        XCTAssertEqual(huge.labels, ["1.0", "1.5"])
        XCTAssertEqual(huge.factor, "×10¹²")
        XCTAssertNil(TickFormatter.labels(for: [0, 500_000], step: 500_000, format: .plain).factor)
    }

    func testNoNegativeZero() {
        XCTAssertEqual(TickFormatter.number(-0.0, decimals: 1, grouping: false), "0.0")
        XCTAssertEqual(TickFormatter.number(-1e-17, decimals: 2, grouping: false), "0.00")
    }

    func testTextIsShortenedWithAnEllipsis() {
        let measure: (String) -> Double = { Double($0.count) * 5 }
        XCTAssertEqual(TextFit.truncate("short", width: 100, measure: measure), "short")
        let cut = TextFit.truncate("Arbeitslosenquote, saisonbereinigt", width: 100, measure: measure)
        XCTAssertTrue(cut.hasSuffix("…"))
        XCTAssertLessThanOrEqual(measure(cut), 100)
        XCTAssertEqual(TextFit.truncate("Wachstum – real", width: 50, measure: measure), "Wachstum…")
        XCTAssertEqual(TextFit.truncate("ab", width: 1, measure: measure), "a…")
    }
}
