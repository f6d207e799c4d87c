import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisModels

/// The augmented Dickey-Fuller test against statsmodels' `adfuller` (Tests/Fixtures/
/// generate_unitroot.py): four macrodata series × regressions n, c, ct × lags by AIC, by BIC and
/// fixed at 4; and MacKinnon's p-values on a grid of statistics.
final class ADFParityTests: XCTestCase {
    private func fixture() throws -> [String: Any] {
        let url = RepositoryPaths.fixtures.appendingPathComponent("unitroot/macrodata-adf.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func testEveryCaseMatchesAdfuller() throws {
        let json = try fixture()
        let series = try XCTUnwrap(json["series"] as? [String: [Double]])
        let cases = try XCTUnwrap(json["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 36)
        for c in cases {
            let name = try XCTUnwrap(c["series"] as? String), regression = try XCTUnwrap(c["regression"] as? String)
            let autolag = c["autolag"] as? String
            let what = "\(name) \(regression) \(autolag ?? "fixed")"
            let test = try ADFTest(
                try XCTUnwrap(series[name]), trend: try XCTUnwrap(UnitRootTrend(rawValue: regression)),
                lags: autolag.flatMap(UnitRootLagChoice.init(rawValue:)) ?? .fixed, maxlag: c["maxlag"] as? Int)
            XCTAssertEqual(test.usedLag, c["usedlag"] as? Int, what)
            XCTAssertEqual(test.nobs, c["nobs"] as? Int, what)
            assertClose(test.statistic, try XCTUnwrap(c["adfstat"] as? Double), .parity, "\(what) statistic")
            assertClose(test.pValue, try XCTUnwrap(c["pvalue"] as? Double), .parity, "\(what) p-value")
            assertClose(test.criticalValues, try XCTUnwrap(c["crit"] as? [Double]), .parity, "\(what) critical values")
            if let ic = c["icbest"] as? Double {
                assertClose(try XCTUnwrap(test.icBest), ic, .parity, "\(what) icbest")
            } else {
                XCTAssertNil(test.icBest, what)
            }
        }
    }

    func testMacKinnonPValues() throws {
        let grid = try XCTUnwrap(try fixture()["mackinnon"] as? [String: Any])
        let statistics = try XCTUnwrap(grid["statistics"] as? [Double])
        let pvalues = try XCTUnwrap(grid["pvalues"] as? [String: [Double]])
        for trend in UnitRootTrend.allCases {
            let expected = try XCTUnwrap(pvalues[trend.rawValue])
            assertClose(statistics.map { MacKinnon.pValue($0, trend: trend) }, expected, .parity, trend.rawValue)
        }
    }

    func testConstantAndShortSeriesAreErrors() {
        XCTAssertThrowsError(try ADFTest(Array(repeating: 1, count: 50)))
        XCTAssertThrowsError(try ADFTest([1, 2, 3]))
        XCTAssertThrowsError(try ADFTest([1, .nan, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    }
}

/// KPSS against statsmodels' `kpss` (the same fixture): four series × c, ct × nlags auto,
/// legacy and 4.
final class KPSSParityTests: XCTestCase {
    func testEveryCaseMatchesKpss() throws {
        let url = RepositoryPaths.fixtures.appendingPathComponent("unitroot/macrodata-adf.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let series = try XCTUnwrap(json["series"] as? [String: [Double]])
        let cases = try XCTUnwrap(json["kpss"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 24)
        for c in cases {
            let name = try XCTUnwrap(c["series"] as? String), regression = try XCTUnwrap(c["regression"] as? String)
            let lags: KPSSLags = (c["nlags"] as? String) == "auto" ? .auto : (c["nlags"] as? String) == "legacy" ? .legacy : .fixed(try XCTUnwrap(c["nlags"] as? Int))
            let what = "\(name) \(regression) \(lags)"
            let test = try KPSSTest(try XCTUnwrap(series[name]), trend: try XCTUnwrap(UnitRootTrend(rawValue: regression)), lags: lags)
            XCTAssertEqual(test.lags, c["lags"] as? Int, what)
            assertClose(test.statistic, try XCTUnwrap(c["stat"] as? Double), .parity, "\(what) statistic")
            assertClose(test.pValue, try XCTUnwrap(c["pvalue"] as? Double), .parity, "\(what) p-value")
            assertClose(test.criticalValues, try XCTUnwrap(c["crit"] as? [Double]), .parity, "\(what) critical values")
        }
    }
}
