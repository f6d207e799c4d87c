import XCTest
@testable import ThesisModels

/// Diebold-Mariano against PyPI `dieboldmariano` 1.1.0 (R's forecast::dm.test) and scipy's t
/// (fixture `dieboldMariano`): n = 90 and n = 25, h ∈ {1, 2, 3, 6, 12}, squared and absolute loss,
/// ACF and Bartlett variance.
///
/// Tolerances: statistics 1e-12 relative to `dieboldmariano`; p-values 1e-12 relative to scipy's
/// exact t probabilities of the same statistic; p-values 1e-9 relative to `dieboldmariano`'s own,
/// whose incomplete beta stops its continued fraction at a relative change of 1e-10 (measured
/// difference of its p-values from scipy's: up to 4e-10).
final class MetricsDieboldMarianoTests: XCTestCase {
    func testAgainstDieboldMarianoPackageAndScipy() throws {
        let section = try MetricsFixture.section("dieboldMariano")
        let actual = try MetricsFixture.vector(section["actual"])
        let f1 = try MetricsFixture.vector(section["forecast1"]), f2 = try MetricsFixture.vector(section["forecast2"])
        let cases = try XCTUnwrap(section["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 40)
        for c in cases {
            let n = (c["sample"] as? String) == "n25" ? 25 : 90
            let h = try XCTUnwrap(c["h"] as? Int)
            let power = try XCTUnwrap(c["power"] as? Int)
            let estimator = try XCTUnwrap(DieboldMariano.VarianceEstimator(rawValue: try XCTUnwrap(c["estimator"] as? String)))
            let label = "n=\(n) h=\(h) power=\(power) \(estimator)"
            let y = Array(actual.prefix(n)), a = Array(f1.prefix(n)), b = Array(f2.prefix(n))
            func run(_ alternative: DieboldMariano.Alternative) throws -> DieboldMariano.Result {
                try DieboldMariano.test(actual: y, forecast1: a, forecast2: b, horizon: h, power: Double(power),
                                        alternative: alternative, varianceEstimator: estimator)
            }
            if c["error"] != nil {
                XCTAssertThrowsError(try run(.twoSided), label)
                continue
            }
            let two = try run(.twoSided), less = try run(.less), greater = try run(.greater)
            XCTAssertEqual(two.degreesOfFreedom, n - 1)
            assertRelative(two.statistic, try MetricsFixture.number(c["statistic"]), 1e-12, group: "dm-stat", label)
            assertRelative(two.pValue, try MetricsFixture.number(c["scipyTwoSided"]), 1e-12, group: "dm-p-scipy", label)
            assertRelative(less.pValue, try MetricsFixture.number(c["scipyLess"]), 1e-12, group: "dm-p-scipy", label)
            assertRelative(greater.pValue, try MetricsFixture.number(c["scipyGreater"]), 1e-12, group: "dm-p-scipy", label)
            assertRelative(two.pValue, try MetricsFixture.number(c["pTwoSided"]), 1e-9, group: "dm-p-package", label)
            assertRelative(less.pValue, try MetricsFixture.number(c["pLess"]), 1e-9, group: "dm-p-package", label)
        }
        let log = MetricsDifferenceLog.shared
        print("Diebold-Mariano: statistic vs dieboldmariano \(log.largest("dm-stat")), p vs scipy t "
              + "\(log.largest("dm-p-scipy")), p vs dieboldmariano \(log.largest("dm-p-package")) (largest relative)")
    }

    /// The formula by hand for n = 4, h = 1 and h = 2, squared loss.
    func testByHand() throws {
        let e1 = [1.0, -2, 0.5, 1], e2 = [2.0, 1, -1, 3]
        let d = zip(e1, e2).map { $0 * $0 - $1 * $1 }  // [-3, 3, -0.75, -8]
        let mean = d.reduce(0, +) / 4
        let g0 = d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        let g1 = (1..<4).map { (d[$0] - mean) * (d[$0 - 1] - mean) }.reduce(0, +) / 4
        let r1 = try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 1)
        assertRelative(r1.meanDifference, mean, 1e-15)
        assertRelative(r1.variance, g0 / 4, 1e-15)
        assertRelative(r1.statistic, ((4.0 + 1 - 2) / 4).squareRoot() * mean / (g0 / 4).squareRoot(), 1e-14)
        assertRelative(r1.pValue, StudentT.twoSidedPValue(r1.statistic, degreesOfFreedom: 3), 1e-15)
        if g0 + 2 * g1 > 0 {
            let r2 = try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 2)
            assertRelative(r2.variance, (g0 + 2 * g1) / 4, 1e-15)
        } else {
            XCTAssertThrowsError(try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 2))
        }
        let bartlett = try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 2, varianceEstimator: .bartlett)
        assertRelative(bartlett.variance, (g0 + g1) / 4, 1e-14)  // weight 2(1 − 1/2) = 1
        // absolute loss and no correction
        let abs1 = try DieboldMariano.test(errors1: e1, errors2: e2, power: 1, harveyCorrection: false)
        let da = zip(e1, e2).map { abs($0) - abs($1) }
        let ma = da.reduce(0, +) / 4
        let va = da.map { ($0 - ma) * ($0 - ma) }.reduce(0, +) / 16
        assertRelative(abs1.statistic, ma / va.squareRoot(), 1e-14)
        // one-sided p-values add up to 1 and halve the two-sided one on the matching side
        let less = try DieboldMariano.test(errors1: e1, errors2: e2, alternative: .less)
        let greater = try DieboldMariano.test(errors1: e1, errors2: e2, alternative: .greater)
        assertRelative(less.pValue + greater.pValue, 1, 1e-15)
        assertRelative(min(less.pValue, greater.pValue), r1.pValue / 2, 1e-14)
    }

    /// Identical forecasts (zero variance) and a negative ACF variance are errors, as in
    /// `dieboldmariano` (R falls back to h = 1 in the second case); Bartlett's is never negative.
    func testDegenerateVariance() throws {
        XCTAssertThrowsError(try DieboldMariano.test(errors1: [1, 2, 3], errors2: [1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("zero"), "\(error)")
        }
        // alternating loss differentials: γ₁ = −γ₀, so γ₀ + 2γ₁ < 0 at h = 2
        let e1 = [2.0, 0, 2, 0, 2, 0, 2, 0], e2 = [0.0, 2, 0, 2, 0, 2, 0, 2.5]
        XCTAssertThrowsError(try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 2)) { error in
            XCTAssertTrue("\(error)".contains("negative"), "\(error)")
        }
        XCTAssertNoThrow(try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 2, varianceEstimator: .bartlett))
        XCTAssertNoThrow(try DieboldMariano.test(errors1: e1, errors2: e2, horizon: 1))
        XCTAssertThrowsError(try DieboldMariano.test(errors1: [1, 2], errors2: [2, 1], horizon: 3))
        XCTAssertThrowsError(try DieboldMariano.test(errors1: [1, 2], errors2: [2]))
    }
}
