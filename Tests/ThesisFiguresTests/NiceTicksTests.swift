import XCTest
@testable import ThesisFigures

final class NiceTicksTests: XCTestCase {
    func testClassicRanges() {
        XCTAssertEqual(NiceTicks.extended(low: 0, high: 100, target: 5).values, [0, 25, 50, 75, 100])
        XCTAssertEqual(NiceTicks.extended(low: 0, high: 1, target: 5).values, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(NiceTicks.extended(low: -1, high: 1, target: 5).values, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(NiceTicks.extended(low: 0, high: 47, target: 6).values, [0, 10, 20, 30, 40, 50])
    }

    func testInsideKeepsTicksWithinTheRange() {
        XCTAssertEqual(NiceTicks.extended(low: 0, high: 47, target: 6, inside: true).values, [0, 10, 20, 30, 40])
        XCTAssertEqual(NiceTicks.extended(low: 123_456, high: 987_654, target: 5, inside: true).values,
                       [200_000, 400_000, 600_000, 800_000])
        for (low, high) in [(-0.73, 1.07), (-3.2, 8.9), (0.001, 0.0013), (1e9, 3.7e9)] {
            let ticks = NiceTicks.extended(low: low, high: high, target: 5, inside: true).values
            XCTAssertGreaterThanOrEqual(ticks.count, 2, "\(low)…\(high)")
            XCTAssertTrue(ticks.allSatisfy { $0 >= low - 1e-12 && $0 <= high + 1e-12 }, "\(ticks) outside \(low)…\(high)")
        }
    }

    func testLooseEnclosesTheRange() {
        let ticks = NiceTicks.extended(low: -0.73, high: 1.07, target: 5, loose: true).values
        XCTAssertLessThanOrEqual(ticks.first ?? .nan, -0.73)
        XCTAssertGreaterThanOrEqual(ticks.last ?? .nan, 1.07)
    }

    func testStepsAreNiceAndEven() {
        let mantissas: Set<Double> = [1, 2, 2.5, 4, 5]
        for (low, high, m) in [(0.0, 9.7, 5), (-3.2, 8.9, 6), (1e-12, 5e-12, 5), (17.3, 17.9, 4), (-250.0, 1300.0, 7)] {
            let t = NiceTicks.extended(low: low, high: high, target: m)
            let exponent = log10(t.step).rounded(.down)
            var mantissa = (t.step / pow(10, exponent) * 1000).rounded() / 1000
            if mantissa >= 10 { mantissa /= 10 }
            // Skip factors j = 1…5 multiply the step.
            let nice = (1...5).contains { j in mantissas.contains((mantissa / Double(j) * 1000).rounded() / 1000) }
            XCTAssertTrue(nice || mantissa == 10, "step \(t.step)")
            for (a, b) in zip(t.values, t.values.dropFirst()) {
                XCTAssertEqual(b - a, t.step, accuracy: t.step * 1e-9)
            }
        }
    }

    func testZeroIsATickWhenTheRangeCrossesIt() {
        for (low, high) in [(-0.73, 1.07), (-3.2, 8.9), (-120.0, 35.0)] {
            XCTAssertTrue(NiceTicks.extended(low: low, high: high, target: 5).values.contains(0), "\(low)…\(high)")
        }
    }

    func testIntegerOnly() {
        let ticks = NiceTicks.extended(low: 0, high: 19, target: 6, integerOnly: true, inside: true)
        XCTAssertTrue(ticks.values.allSatisfy { $0 == $0.rounded() }, "\(ticks.values)")
        XCTAssertEqual(NiceTicks.extended(low: 0, high: 3, target: 8, integerOnly: true).step, 1)
    }

    func testDegenerateInputsTerminate() {
        // None of these may hang, crash or return nothing.
        let cases: [(Double, Double)] = [(5, 5), (0, 0), (1e12, 1e12 + 1e-3), (-1e300, 1e300), (.nan, 1), (1, .infinity),
                                         (1e-300, 2e-300), (0, Double.leastNonzeroMagnitude), (-1e15, 1e15)]
        for (low, high) in cases {
            for target in [2, 5, 30, 1000] {
                let ticks = NiceTicks.extended(low: low, high: high, target: target, inside: true)
                XCTAssertFalse(ticks.values.isEmpty, "\(low)…\(high)")
            }
        }
    }

    func testHeckbertNiceNumber() {
        XCTAssertEqual(NiceTicks.niceNumber(0.37, round: true), 0.5)
        XCTAssertEqual(NiceTicks.niceNumber(13, round: true), 10)
        XCTAssertEqual(NiceTicks.niceNumber(13, round: false), 20)
        XCTAssertEqual(NiceTicks.niceNumber(-1, round: true), 1)
    }
}
