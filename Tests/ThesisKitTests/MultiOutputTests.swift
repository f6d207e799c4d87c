import Foundation
import XCTest
import ThesisDirectives
import ThesisDocument
import ThesisModels
@testable import ThesisKit

/// Multi-output regression: `nn train target=Weight,Waist,Pulse` on Linnerud (scikit-learn's
/// bundled data, Tests/Fixtures/generate_multioutput.py) trains one network with three outputs
/// and reports RMSE, MAE and R² per output and averaged, as scikit-learn's `multioutput`.
final class MultiOutputTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/multioutput")

    private struct Reference: Decodable {
        var actual: [[String]], predicted: [[String]]
        var rmse: [String], mae: [String], r2: [String]
        var rmse_average: String, mae_average: String, r2_average: String
    }

    func testMultiOutputMetricsMatchScikitLearn() throws {
        let r = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("reference.json")))
        let scores = try MultiOutputRegressionMetrics(
            actual: r.actual.map { $0.map { Double($0)! } }, predicted: r.predicted.map { $0.map { Double($0)! } })
        func close(_ a: Double, _ b: String, line: UInt = #line) {
            XCTAssertEqual(a, Double(b)!, accuracy: 1e-13 * max(1, abs(Double(b)!)), line: line)
        }
        for j in 0..<3 {
            close(scores.rmse[j], r.rmse[j])
            close(scores.mae[j], r.mae[j])
            close(scores.r2[j], r.r2[j])
        }
        close(scores.averageRMSE, r.rmse_average)
        close(scores.averageMAE, r.mae_average)
        close(scores.averageR2, r.r2_average)
    }

    func testOneNetworkWithThreeOutputs() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.linnerud]\npath = \"data/raw/linnerud.csv\"\nformat = \"table\"\n"
        files["data/raw/linnerud.csv"] = try String(contentsOf: Self.fixtures.appendingPathComponent("linnerud.csv"), encoding: .utf8)
        files["chapters/02-fit.md"] = """
            # Fitness

            <<nn train data=linnerud target=Weight,Waist,Pulse features=Chins,Situps,Jumps hidden=8 epochs=50 test=0.25 seed=3 id=fit>>

            <<metrics data=fit actual=actual_Waist predicted=predicted_Waist id=waist>>

            <<nn train data=linnerud target=Weight,Waist features=Chins,Waist id=bad>>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.diagnostics.contains { $0.severity == .error && $0.message.contains("'Waist' is both a target and a feature") }, "\(report.diagnostics)")
        let fit = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fit"])])
        for name in ["Weight", "Waist", "Pulse"] {
            XCTAssertNotNil(fit.scalars["rmse.\(name)"]?.number, name)
            XCTAssertNotNil(fit.scalars["r2.\(name)"]?.number, name)
        }
        // The per-output numbers are those of the test predictions; the average is their mean.
        XCTAssertEqual(try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["waist"])]).scalars["rmse"], fit.scalars["rmse.Waist"])
        let perOutput = ["Weight", "Waist", "Pulse"].compactMap { fit.scalars["rmse.\($0)"]?.number }
        XCTAssertEqual(try XCTUnwrap(fit.scalars["rmse"]?.number), perOutput.reduce(0, +) / 3, accuracy: 1e-12)
        // The saved model has three outputs.
        let artifact = try ModelFile.decode(Data(try XCTUnwrap(p.read(".thesis/models/\(try XCTUnwrap(fit.model?.id)).json")).utf8))
        XCTAssertEqual(artifact.output.names, ["Weight", "Waist", "Pulse"])
        XCTAssertEqual(artifact.input.columns, ["Chins", "Situps", "Jumps"])
    }
}
