import Foundation
import XCTest
@testable import ThesisModels

/// Student t and the regularised incomplete beta against scipy (fixture `studentT`, `incompleteBeta`).
final class MetricsStatisticsTests: XCTestCase {
    /// scipy.stats.t.cdf/.sf and mpmath (50 digits) for ν ∈ {1 … 1e5}, |t| ≤ 60, both tails:
    /// 2e-13 relative to mpmath; 1e-12 relative to scipy wherever scipy itself is within 1e-12 of
    /// mpmath (all points but |t| = 1e-8 at ν = 1, where scipy 1.17 is off by 3e-9).
    func testStudentTAgainstScipyAndMpmath() throws {
        let rows = try XCTUnwrap(MetricsFixture.root["studentT"] as? [[Any]])
        XCTAssertGreaterThan(rows.count, 500)
        var scipyOff = [String]()
        for row in rows {
            let t = try MetricsFixture.number(row[0]), nu = try MetricsFixture.number(row[1])
            let scipyCDF = try MetricsFixture.number(row[2]), scipySF = try MetricsFixture.number(row[3])
            let exactCDF = try MetricsFixture.number(row[4]), exactSF = try MetricsFixture.number(row[5])
            let cdf = StudentT.cdf(t, degreesOfFreedom: nu), sf = StudentT.sf(t, degreesOfFreedom: nu)
            assertRelative(cdf, exactCDF, 2e-13, group: "t-mpmath", "cdf t=\(t) ν=\(nu) vs mpmath")
            assertRelative(sf, exactSF, 2e-13, group: "t-mpmath", "sf t=\(t) ν=\(nu) vs mpmath")
            for (ours, theirs, exact, what) in [(cdf, scipyCDF, exactCDF, "cdf"), (sf, scipySF, exactSF, "sf")] {
                if abs(theirs - exact) <= 1e-12 * abs(exact) {
                    assertRelative(ours, theirs, 1e-12, group: "t-scipy", "\(what) t=\(t) ν=\(nu) vs scipy")
                } else {
                    scipyOff.append("\(what)(t=\(t), ν=\(nu))")
                }
            }
        }
        XCTAssertEqual(scipyOff.count, 4, "scipy points off by more than 1e-12: \(scipyOff)")
        XCTAssertTrue(scipyOff.allSatisfy { $0.contains("t=1e-08, ν=1.0") || $0.contains("t=-1e-08, ν=1.0") }, "\(scipyOff)")
        let log = MetricsDifferenceLog.shared
        print("Student t: largest relative difference vs mpmath \(log.largest("t-mpmath")), vs scipy \(log.largest("t-scipy"))"
              + "; scipy itself off at \(scipyOff)")
    }

    /// scipy.special.betainc / betaincc for a, b ∈ [0.5, 500], x ∈ [1e-4, 0.9999]: 1e-12 relative,
    /// for values above 1e-280 (smaller ones are compared absolutely; both sides underflow alike).
    func testIncompleteBetaAgainstScipy() throws {
        let rows = try XCTUnwrap(MetricsFixture.root["incompleteBeta"] as? [[Any]])
        for row in rows {
            let a = try MetricsFixture.number(row[0]), b = try MetricsFixture.number(row[1])
            let x = try MetricsFixture.number(row[2])
            let lower = try MetricsFixture.number(row[3]), upper = try MetricsFixture.number(row[4])
            let (l, u) = IncompleteBeta.pair(x, a: a, b: b)
            assertRelative(l, lower, 1e-12, floor: 1e-280, group: "beta", "I_x a=\(a) b=\(b) x=\(x)")
            assertRelative(u, upper, 1e-12, floor: 1e-280, group: "beta", "1-I_x a=\(a) b=\(b) x=\(x)")
        }
        print("incomplete beta vs scipy: largest relative difference \(MetricsDifferenceLog.shared.largest("beta"))")
    }

    /// Closed forms: ν = 1 is Cauchy, ν = 2 has F(t) = ½ + t / (2√(2 + t²)); ν = ∞ is normal.
    func testStudentTClosedForms() {
        for t in [-40.0, -3, -1, -0.25, 0, 0.5, 2, 7] {
            // lower tails in cancellation-free forms: atan(−1/t)/π and 1/(r(r − t)), r = √(2 + t²)
            let r = (2 + t * t).squareRoot()
            let cauchy = t < 0 ? atan(-1 / t) / Double.pi : 0.5 + atan(t) / Double.pi
            let two = t < 0 ? 1 / (r * (r - t)) : 0.5 + t / (2 * r)
            assertRelative(StudentT.cdf(t, degreesOfFreedom: 1), cauchy, 1e-14, "Cauchy t=\(t)")
            assertRelative(StudentT.cdf(t, degreesOfFreedom: 2), two, 1e-14, "ν=2 t=\(t)")
            assertRelative(StudentT.cdf(t, degreesOfFreedom: .infinity), 0.5 * erfc(-t / 2.0.squareRoot()), 1e-15)
        }
        XCTAssertEqual(StudentT.cdf(0, degreesOfFreedom: 7), 0.5)
        XCTAssertEqual(StudentT.twoSidedPValue(0, degreesOfFreedom: 7), 1)
        XCTAssertEqual(StudentT.cdf(.infinity, degreesOfFreedom: 3), 1)
        XCTAssertEqual(StudentT.sf(.infinity, degreesOfFreedom: 3), 0)
        XCTAssertTrue(StudentT.cdf(1, degreesOfFreedom: 0).isNaN)
        XCTAssertTrue(StudentT.cdf(.nan, degreesOfFreedom: 3).isNaN)
        // symmetry, and the two-sided p-value is twice the tail
        for nu in [1.0, 3, 30, 300] {
            for t in [0.3, 1.7, 4.2] {
                XCTAssertEqual(StudentT.cdf(-t, degreesOfFreedom: nu), StudentT.sf(t, degreesOfFreedom: nu))
                assertRelative(StudentT.twoSidedPValue(-t, degreesOfFreedom: nu), 2 * StudentT.sf(t, degreesOfFreedom: nu), 1e-15)
            }
        }
    }

    /// I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_½(a, a) = ½; ln B against lgamma where that is exact enough.
    func testIncompleteBetaClosedForms() {
        for x in [0.01, 0.2, 0.5, 0.8, 0.99] {
            for a in [0.5, 2, 7.5, 40] {
                assertRelative(IncompleteBeta.regularized(x, a: a, b: 1), pow(x, a), 1e-13)
                assertRelative(IncompleteBeta.regularized(x, a: 1, b: a), -expm1(a * log1p(-x)), 1e-13)
            }
        }
        // a = b = 400: x^a y^b / B(a, b) forms exp of a sum of terms near ±550, so about 1e-13 is lost
        for a in [0.5, 3, 25, 400] { assertRelative(IncompleteBeta.regularized(0.5, a: a, b: a), 0.5, 1e-12) }
        XCTAssertEqual(IncompleteBeta.regularized(0, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.regularized(1, a: 2, b: 3), 1)
        XCTAssertTrue(IncompleteBeta.regularized(1.5, a: 2, b: 3).isNaN)
        XCTAssertTrue(IncompleteBeta.regularized(0.5, a: -1, b: 3).isNaN)
        for (a, b) in [(0.5, 0.5), (3.0, 4.0), (12.0, 0.5), (0.5, 40.0), (15.0, 25.0), (300.0, 2.0)] {
            assertRelative(IncompleteBeta.logBeta(a, b), lgamma(a) + lgamma(b) - lgamma(a + b), 1e-12, floor: 1)
        }
        // ln B(a, ½) for large a against the asymptotic ln Γ(½) − ½ ln a + 1/(8a) to O(a⁻²)
        let a = 1e8
        assertRelative(IncompleteBeta.logBeta(a, 0.5), 0.5 * log(Double.pi) - 0.5 * log(a) + 1 / (8 * a), 1e-15)
    }
}
