import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `<<ols>>` saves a single regression as a `thesis-model` file whose predictions on the same
/// series are the fit's own fitted values, bit for bit (lags, differences and logarithms included).
final class OLSArtifactTests: XCTestCase {
    private func frame() -> TimeSeriesFrame {
        let n = 60
        let x: [Double] = (0..<n).map { 2 + sin(Double($0) / 5) }
        let z: [Double] = (0..<n).map { 10 + Double($0) * 0.3 + cos(Double($0)) }
        var y: [Double] = []
        for t in 0..<n {
            let signal: Double = 1 + 0.5 * x[t] - 0.2 * log(z[t])
            y.append(signal + 0.05 * sin(Double(t) * 1.7))
        }
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<n).map { Month(index: Month(year: 2000, month: 1).index + $0) },
            names: ["y", "x", "z"], columns: [y, x, z])
    }

    func testASavedRegressionPredictsItsFittedValuesBitForBit() throws {
        let data = frame()
        let text = "y ~ x + lag(x, 2) + diff(z) + log(z)"
        let result = try DirectiveHarness.run("<<ols data=macro formula=\"\(text)\">>", data: ["data": data])
        let saved = try XCTUnwrap(result.model?.artifact, "a single regression is saved")
        let artifact = try ModelFile.decode(saved)
        XCTAssertEqual(artifact.kind, .ols)
        XCTAssertEqual(artifact.input.columns, ["x", "z"])
        XCTAssertEqual(artifact.output.names, ["y"])
        XCTAssertEqual(artifact.linear?.terms.map(\.name), ["x", "lag(x,2)", "diff(z)", "log(z)"])

        let formula = try RegressionFormula.parse(text)
        let design = try formula.design(data)
        let model = try OLSModel(y: design.y, x: design.x, names: design.names, hasConstant: true, covariance: .nonrobust, maxlags: 0)
        let rows = (0..<data.periods.count).map { r in [data.columns[1][r], data.columns[2][r]] }
        let predicted = try artifact.predict(rows)
        XCTAssertEqual(predicted.firstRow, 2, "lag 2 is the longest reach")
        XCTAssertEqual(design.rows.first, 2)
        XCTAssertEqual(predicted.values.map { $0[0].bitPattern }, model.fitted.map(\.bitPattern))

        XCTAssertNil(try DirectiveHarness.run("<<ols data=macro formula=\"y ~ x; y ~ z\">>", data: ["data": data]).model,
                     "two regressions side by side save none")
        XCTAssertThrowsError(try artifact.predict([[1, 2], [1, 3], [1, 4], [1, -1]])) {
            XCTAssertTrue("\($0)".contains("log(z) is not a finite number"), "\($0)")
        }
        XCTAssertThrowsError(try artifact.predict([[1, 2], [1, 3]])) { XCTAssertTrue("\($0)".contains("too few"), "\($0)") }
    }
}
