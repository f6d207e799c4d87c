import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// The FAVAR directives on the simulated example panel (no external data needed).
final class FAVARDirectiveTests: XCTestCase {
    func testForecastAndTruthOnTheSimulatedPanel() throws {
        var files = TempProject.standardFiles
        for (name, text) in ExampleDataset.files() { files["data/raw/\(name)"] = text }
        files["thesis.toml"] = files["thesis.toml"]! + """


        [data.fredmd]
        path = "data/raw/fredmd.csv"
        format = "fred-md"

        [data.truth]
        path = "data/raw/fredmd-truth.csv"
        format = "table"
        """
        files["chapters/02-more.md"] = """
        # FAVAR

        <<favar forecast lags=2 steps=6 series=FEDFUNDS,INDPRO id=fc>>

        <<favar irf lags=2 slow=default scale=transformed truth=truth series=INDPRO reps=0 id=irf>>
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let fc = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fc"])]).scalars
        for h in 1...6 {
            XCTAssertTrue(fc["FEDFUNDS.\(h)"]?.number?.isFinite ?? false)
            XCTAssertTrue(fc["INDPRO.\(h)"]?.number?.isFinite ?? false)
        }
        // The simulated policy rate stays in a plausible range over six months.
        XCTAssertTrue((0...15).contains(try XCTUnwrap(fc["FEDFUNDS.6"]?.number)))
        let irf = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["irf"])]).scalars
        // Estimated responses stay close to the truth on the simulated economy.
        XCTAssertLessThan(try XCTUnwrap(irf["INDPRO.max_error"]?.number), 0.002)
        XCTAssertLessThan(try XCTUnwrap(irf["INDPRO.2"]?.number), 0, "a tightening lowers production growth soon after")
    }
}
