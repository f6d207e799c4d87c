import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisModels

/// Local projections against statsmodels OLS per horizon (Tests/Fixtures/generate_lp.py): infl on
/// tbilrate with four lags of infl, tbilrate and unemp, h = 0…8, HAC (maxlags h + 1) and classical.
final class LocalProjectionTests: XCTestCase {
    func testMatchesStatsmodelsPerHorizon() throws {
        let csv = RepositoryPaths.sharedData.appendingPathComponent("macrodata/macrodata.csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: csv.path), "macrodata not found")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        func column(_ name: String) throws -> [Double] {
            let j = try XCTUnwrap(header.firstIndex(of: name))
            return try lines.dropFirst().map { try XCTUnwrap(Double($0.split(separator: ",")[j])) }
        }
        let url = RepositoryPaths.fixtures.appendingPathComponent("lp/macrodata-lp.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        for (key, covariance) in [("hac", OLSCovariance.hac), ("nonrobust", .nonrobust)] {
            let lp = try LocalProjection(
                response: try column("infl"), shock: try column("tbilrate"), controls: [try column("unemp")], lags: 4,
                horizon: 8, covariance: covariance)
            let expected = try XCTUnwrap(json[key] as? [[String: Any]])
            assertClose(lp.coefficients, expected.map { $0["beta"] as? Double ?? .nan }, .parity, "\(key) β")
            assertClose(lp.standardErrors, expected.map { $0["se"] as? Double ?? .nan }, .parity, "\(key) se")
            XCTAssertEqual(lp.nobs, expected.map { $0["nobs"] as? Int ?? -1 }, key)
        }
    }
}
