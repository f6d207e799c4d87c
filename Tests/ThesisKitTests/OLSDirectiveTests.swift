import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// `ols` in a thesis: the regression table reaches both outputs, its numbers feed inline values,
/// and a prose edit re-runs nothing while a changed formula re-runs exactly the regression.
final class OLSDirectiveTests: XCTestCase {
    func testRegressionTableInABuild() throws {
        var files = TempProject.standardFiles
        files["chapters/03-regression.md"] = """
        # Regression

        @tbl:reg regresses output on prices and the lagged rate; the slope on prices is
        <<= reg.params.prices .3f>> (HAC standard error <<= reg.bse.prices .3f>>).

        <<ols data=macro formula="output ~ prices + lag(rate, 1)" cov=HAC maxlags=2 id=reg caption="Output on prices.">>
        """
        let p = try TempProject(files: files)
        let first = try p.build()
        XCTAssertTrue(first.succeeded, "\(first.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("lag(rate,1)"), "the lagged regressor is a row")
        XCTAssertTrue(html.contains("Newey-West (HAC) standard errors with 2 lags"), "the note says which errors")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-regression.tex"))
        XCTAssertTrue(tex.contains("Constant"), tex)
        let reg = try XCTUnwrap(first.plan.ids["reg"])
        let slope = try XCTUnwrap(first.results[reg]?.scalars["params.prices"]?.number)
        XCTAssertTrue(html.contains(ValueFormat.format(slope, spec: ".3f")), "the inline value is the table's number")

        try p.write("chapters/03-regression.md", try XCTUnwrap(p.read("chapters/03-regression.md")).replacingOccurrences(of: "regresses", with: "relates"))
        XCTAssertEqual(try p.build().executed.count, 0, "a prose edit re-runs nothing")
        try p.write("chapters/03-regression.md", try XCTUnwrap(p.read("chapters/03-regression.md")).replacingOccurrences(of: "maxlags=2", with: "maxlags=3"))
        let third = try p.build()
        XCTAssertEqual(third.executed, [try XCTUnwrap(third.plan.ids["reg"])])
    }
}
