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
        XCTAssertTrue(p.html()?.contains("Relative RMSE") ?? false)
    }
}

/// `model=favar-var` end to end on the example's simulated FRED-MD panel: from a prepared panel
/// (re-prepared from its raw data set on each window) and from the raw data set itself, the same
/// forecasts; `model=favar` says it is now `diffusion`.
final class FAVARForecastDirectiveTests: XCTestCase {
    func testFAVARForecastsFromAPanelAndFromTheRawData() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.fredmd]\npath = \"data/raw/fredmd.csv\"\nformat = \"fred-md\"\n"
        files["data/raw/fredmd.csv"] = try XCTUnwrap(ExampleDataset.files()["fredmd.csv"])
        files["chapters/02-more.md"] = """
            # Forecasts

            <<data prepare data=fredmd sample=1960-01..2019-12 id=panel>>

            <<forecast evaluate data=panel target=INDPRO model=favar-var factors=2 lags=2 horizon=1,6 start=2012-01 step=24 id=e_panel>>

            <<forecast evaluate data=fredmd target=INDPRO model=favar-var factors=2 lags=2 horizon=1,6 start=2012-01 step=24 sample=1960-01..2019-12 id=e_raw>>

            <<forecast evaluate data=panel target=INDPRO model=ar lags=2 horizon=1,6 start=2012-01 id=e_ar>>

            <<compare of=e_ar,e_panel benchmark=e_ar id=cmp>>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func result(_ id: String) throws -> DirectiveResult { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]) }
        let panel = try result("e_panel"), raw = try result("e_raw")
        XCTAssertEqual(panel.scalars["n.1"], .number(96))
        func forecasts(_ result: DirectiveResult) throws -> [Double] {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: XCTUnwrap(result.object?.payload)) as? [String: Any])
            let horizons = try XCTUnwrap(object["horizons"] as? [[String: Any]])
            return try XCTUnwrap(horizons.first?["forecasts"] as? [Double])
        }
        XCTAssertEqual(try forecasts(panel), try forecasts(raw), "both re-prepare the same raw data on each window")
        XCTAssertTrue(p.html()?.contains("FAVAR-VAR(2, 2)") ?? false)
        let cmp = try result("cmp")
        XCTAssertLessThan(try XCTUnwrap(cmp.scalars["e_panel.relative.1"]?.number), 1.2)
    }

    func testOldNameAndThePolicyRateAsTargetAreErrors() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.fredmd]\npath = \"data/raw/fredmd.csv\"\nformat = \"fred-md\"\n"
        files["data/raw/fredmd.csv"] = try XCTUnwrap(ExampleDataset.files()["fredmd.csv"])
        for (directive, message) in [
            ("model=favar", "model=favar is now model=diffusion"),
            ("model=favar-var target=FEDFUNDS", "forecast the policy rate with model=var"),
        ] {
            files["chapters/02-more.md"] = "# F\n\n<<forecast evaluate data=fredmd target=INDPRO \(directive) horizon=1 start=2015-01>>\n"
                .replacingOccurrences(of: "target=INDPRO model=favar-var target=FEDFUNDS", with: "model=favar-var target=FEDFUNDS")
            let report = try TempProject(files: files).build()
            XCTAssertFalse(report.succeeded)
            XCTAssertTrue(report.diagnostics.contains { $0.message.contains(message) }, "\(directive): \(report.diagnostics)")
        }
    }
}
