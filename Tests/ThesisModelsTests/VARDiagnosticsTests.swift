import Foundation
import ThesisLinearAlgebra
import ThesisTestSupport
import XCTest
@testable import ThesisModels

/// Residual diagnostics of a VAR against statsmodels (Tests/Fixtures/generate_var_diagnostics.py):
/// the portmanteau test (`test_whiteness`, plain and adjusted) and the normality test
/// (`test_normality`, with per-component skewness and kurtosis), on macrodata's VAR(2) and on the
/// baseline FAVAR system (FRED-MD 2023-06, K = 3, VAR(12)). 1e-9 relative.
final class VARDiagnosticsTests: XCTestCase {
    private func fixture(_ name: String) throws -> [String: Any] {
        let json = try VARFixtures.json("var-diagnostics.json")
        return try XCTUnwrap(json[name] as? [String: Any])
    }

    private func check(_ model: VARModel, against expected: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
        for case let test as [String: Any] in try XCTUnwrap(expected["portmanteau"] as? [Any]) {
            let h = try XCTUnwrap(test["lags"] as? Int), adjusted = try XCTUnwrap(test["adjusted"] as? Bool)
            let got = try model.portmanteauTest(lags: h, adjusted: adjusted)
            assertClose(got.statistic, try XCTUnwrap(test["statistic"] as? Double), .parity, "Q(\(h)) adjusted=\(adjusted)", file: file, line: line)
            assertClose(got.pValue, try XCTUnwrap(test["pvalue"] as? Double), Tolerance(absolute: 1e-14, relative: 1e-8), "p(\(h))", file: file, line: line)
            XCTAssertEqual(got.degreesOfFreedom, test["df"] as? Int, file: file, line: line)
        }
        let normal = try XCTUnwrap(expected["normality"] as? [String: Any])
        let got = try model.normalityTest()
        assertClose(got.statistic, try XCTUnwrap(normal["statistic"] as? Double), .parity, "normality", file: file, line: line)
        assertClose(got.pValue, try XCTUnwrap(normal["pvalue"] as? Double), Tolerance(absolute: 1e-14, relative: 1e-8), "normality p", file: file, line: line)
        assertClose(got.skewness, try XCTUnwrap(normal["skewness"] as? [Double]), .parity, "skewness", file: file, line: line)
        assertClose(got.excessKurtosis, try XCTUnwrap(normal["excessKurtosis"] as? [Double]), .parity, "kurtosis", file: file, line: line)
    }

    func testMacrodataVARMatchesStatsmodels() throws {
        let (data, names) = try VARFixtures.macrodataLogDifferences()
        try check(try VARModel(data: data, names: names, lags: 2), against: try fixture("macrodata"))
    }

    func testFAVARSystemMatchesStatsmodels() throws {
        let p = try FAVARFixtures.panel()
        let favar = try FAVARModel(panel: p.panel, names: p.names, policyRate: p.fedfunds, factors: 3, lags: 12)
        try check(favar.varModel, against: try fixture("favar"))
    }

    /// White noise passes, an AR(1) in the residuals' place does not; too few lags is an error.
    func testTheTestsHaveTeeth() throws {
        var state: UInt64 = 99
        func gaussian() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u1 = Double(state >> 11) / Double(1 << 53) + 1e-12
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u2 = Double(state >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        let white = try Matrix(rowMajor: (0..<400).map { _ in [gaussian(), gaussian()] })
        let model = try VARModel(data: white, names: ["a", "b"], lags: 1)
        XCTAssertGreaterThan(try model.portmanteauTest(lags: 12).pValue, 0.01)
        XCTAssertGreaterThan(try model.normalityTest().pValue, 0.01)
        // Residuals with a strong MA(1) left in them, and heavy tails.
        var rows: [[Double]] = []
        var previous = [0.0, 0.0]
        for _ in 0..<400 {
            let e = [gaussian(), pow(gaussian(), 3)]
            rows.append([e[0] + 0.9 * previous[0], e[1] + 0.9 * previous[1]])
            previous = e
        }
        let bad = try VARModel(data: try Matrix(rowMajor: rows), names: ["a", "b"], lags: 1)
        XCTAssertLessThan(try bad.portmanteauTest(lags: 12).pValue, 1e-6)
        XCTAssertLessThan(try bad.normalityTest().pValue, 1e-6)
        XCTAssertThrowsError(try bad.portmanteauTest(lags: 1))
    }
}
