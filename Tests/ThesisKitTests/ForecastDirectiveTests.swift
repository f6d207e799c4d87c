import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// `forecast evaluate` and `compare` end to end on US unemployment (../shared/data/unemployment,
/// a year-by-month table): AR(12) on changes against the random walk, expanding window, 1-step
/// forecasts from 2000-01. The AR numbers are checked against the forecasting engine's numpy
/// cross-check (Tests/Fixtures/metrics/reference.json, "unemployment").
final class ForecastDirectiveTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let unemployment = repository.deletingLastPathComponent().appendingPathComponent("shared/data/unemployment/unemployment1948.csv")

    func testEvaluateAndCompareOnUnemployment() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: Self.unemployment.path), "unemployment data not found")
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.unemployment]\npath = \"data/raw/unemployment.csv\"\nformat = \"year-by-month\"\nname = \"UNRATE\"\n"
        files["data/raw/unemployment.csv"] = try String(contentsOf: Self.unemployment, encoding: .utf8)
        files["chapters/02-more.md"] = """
        # Forecasts

        <<forecast evaluate data=unemployment target=UNRATE model=ar lags=12 form=change horizon=1,3 start=2000-01 id=e_ar>>

        <<forecast evaluate data=unemployment target=UNRATE model=rw horizon=1,3 start=2000-01 id=e_rw>>

        <<forecast evaluate data=unemployment target=UNRATE model=var lags=12 horizon=1 start=2000-01 step=12 id=e_var>>

        <<compare of=e_rw,e_ar,e_var benchmark=e_rw id=cmp>>

        The AR(12) improves on the random walk: relative RMSE <<= cmp.e_ar.relative.1 .2f>>.
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func scalars(_ id: String) throws -> [String: Scalar] { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]).scalars }
        let ar = try scalars("e_ar"), rw = try scalars("e_rw"), cmp = try scalars("cmp")
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/metrics/reference.json"))) as! [String: Any]
        let unemployment = fixture["unemployment"] as! [String: Any]
        func rmse(_ model: String) -> Double {
            let entry = unemployment[model] as! [String: Any]
            if let s = entry["rmse"] as? String { return Double(s)! }
            return entry["rmse"] as! Double
        }
        XCTAssertEqual(try XCTUnwrap(ar["rmse.1"]?.number), rmse("AR(12) change"), accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(rw["rmse.1"]?.number), rmse("RW"), accuracy: 1e-10)
        XCTAssertEqual(ar["n.1"], .number(204), "one-step forecasts of 2000-01 … 2016-12")
        XCTAssertLessThan(try XCTUnwrap(cmp["e_ar.relative.1"]?.number), 0.7)
        XCTAssertLessThan(try XCTUnwrap(cmp["e_ar.pvalue.1"]?.number), 0.01, "AR(12) significantly beats the random walk")
        XCTAssertNotNil(cmp["e_var.rmse.1"])
        XCTAssertTrue(p.read("reports/html/index.html")?.contains("Relative RMSE") ?? false)
    }
}
