import Foundation
import XCTest
@testable import ThesisModels

/// The special functions against scipy 1.17 (`Tests/Fixtures/var/special-functions.json`), on grids
/// that include tails, tiny and huge shape parameters.
final class SpecialFunctionTests: XCTestCase {
    private var fixture: [String: Any] = [:]

    override func setUpWithError() throws {
        fixture = try VARFixtures.json("special-functions.json")
    }

    private func rows(_ key: String) throws -> [[Double]] {
        try XCTUnwrap(fixture[key] as? [[Double]], key)
    }

    func testRegularizedIncompleteBeta() throws {
        let c = Closeness(tolerance: 1e-9, floor: 1e-300)
        for r in try rows("betainc") {
            c.check(SpecialFunctions.regularizedBeta(r[0], r[1], r[2]), r[3], "I_\(r[2])(\(r[0]), \(r[1]))")
        }
        print("[special] betainc worst \(c.worst) at \(c.worstWhere)")
    }

    func testRegularizedIncompleteGamma() throws {
        let c = Closeness(tolerance: 1e-9, floor: 1e-300)
        for r in try rows("gammainc") {
            c.check(SpecialFunctions.regularizedGammaP(r[0], r[1]), r[2], "P(\(r[0]), \(r[1]))")
            c.check(SpecialFunctions.regularizedGammaQ(r[0], r[1]), r[3], "Q(\(r[0]), \(r[1]))")
        }
        print("[special] gammainc worst \(c.worst) at \(c.worstWhere)")
    }

    func testLogGamma() throws {
        let c = Closeness(tolerance: 1e-13, floor: 1e-300)
        for r in try rows("lgamma") { c.check(SpecialFunctions.logGamma(r[0]), r[1], "lgamma(\(r[0]))") }
    }

    func testFDistribution() throws {
        let c = Closeness(tolerance: 1e-9, floor: 1e-300)
        for r in try rows("f") {
            c.check(SpecialFunctions.fCDF(r[2], r[0], r[1]), r[3], "F(\(r[0]),\(r[1])).cdf(\(r[2]))")
            c.check(SpecialFunctions.fSF(r[2], r[0], r[1]), r[4], "F(\(r[0]),\(r[1])).sf(\(r[2]))")
        }
        for r in try rows("f_ppf") {
            c.check(SpecialFunctions.fQuantile(r[2], r[0], r[1]), r[3], "F(\(r[0]),\(r[1])).ppf(\(r[2]))")
        }
        print("[special] F worst \(c.worst) at \(c.worstWhere)")
    }

    func testChiSquaredDistribution() throws {
        let c = Closeness(tolerance: 1e-9, floor: 1e-300)
        for r in try rows("chi2") {
            c.check(SpecialFunctions.chiSquaredCDF(r[1], r[0]), r[2], "chi2(\(r[0])).cdf(\(r[1]))")
            c.check(SpecialFunctions.chiSquaredSF(r[1], r[0]), r[3], "chi2(\(r[0])).sf(\(r[1]))")
        }
        for r in try rows("chi2_ppf") {
            c.check(SpecialFunctions.chiSquaredQuantile(r[1], r[0]), r[2], "chi2(\(r[0])).ppf(\(r[1]))")
        }
        print("[special] chi2 worst \(c.worst) at \(c.worstWhere)")
    }

    func testNormalDistribution() throws {
        let c = Closeness(tolerance: 1e-13, floor: 1e-300)
        for r in try rows("norm_ppf") { c.check(SpecialFunctions.normalQuantile(r[0]), r[1], "ppf(\(r[0]))") }
        for r in try rows("norm_cdf") {
            c.check(SpecialFunctions.normalCDF(r[0]), r[1], "cdf(\(r[0]))")
            c.check(SpecialFunctions.normalSF(r[0]), r[2], "sf(\(r[0]))")
        }
        print("[special] normal worst \(c.worst) at \(c.worstWhere)")
    }

    func testDomainEdges() {
        XCTAssertTrue(SpecialFunctions.regularizedBeta(-1, 2, 0.5).isNaN)
        XCTAssertTrue(SpecialFunctions.regularizedBeta(1, 2, 1.5).isNaN)
        XCTAssertEqual(SpecialFunctions.regularizedBeta(2, 3, 0), 0)
        XCTAssertEqual(SpecialFunctions.regularizedBeta(2, 3, 1), 1)
        XCTAssertTrue(SpecialFunctions.regularizedGammaP(0, 1).isNaN)
        XCTAssertEqual(SpecialFunctions.regularizedGammaQ(2, 0), 1)
        XCTAssertEqual(SpecialFunctions.fSF(0, 2, 3), 1)
        XCTAssertEqual(SpecialFunctions.fSF(-1, 2, 3), 1)
        XCTAssertEqual(SpecialFunctions.chiSquaredSF(.infinity, 3), 0)
        XCTAssertEqual(SpecialFunctions.normalQuantile(0), -.infinity)
        XCTAssertEqual(SpecialFunctions.normalQuantile(1), .infinity)
        XCTAssertTrue(SpecialFunctions.normalQuantile(1.5).isNaN)
        XCTAssertEqual(SpecialFunctions.normalQuantile(0.5), 0)
    }
}
