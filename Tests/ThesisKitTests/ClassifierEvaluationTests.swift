import Foundation
import XCTest
import ThesisDocument
import ThesisDirectives
@testable import ThesisKit

/// `nn train task=classification` exposes its test predictions as data: `metrics data=ID` reads
/// them (labels and one probability column per class) and gives the accuracy nn train reported.
final class ClassifierEvaluationTests: XCTestCase {
    func testMetricsReadsANetworksTestPredictions() throws {
        var files = TempProject.standardFiles
        files["chapters/03-cls.md"] = """
            # Classes

            <<nn train data=macro target=output task=classification features=rate,prices hidden=8 epochs=20 test=0.5 id=cls>>

            <<metrics data=cls actual=actual predicted=predicted task=classification id=m>>

            <<nn train data=macro target=output features=rate hidden=4 epochs=3 id=reg>>

            <<metrics data=reg actual=actual predicted=predicted id=mr>>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func result(_ id: String) throws -> DirectiveResult { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]) }
        XCTAssertEqual(try result("m").scalars["accuracy"], try result("cls").scalars["accuracy"], "the same test predictions")
        XCTAssertEqual(try result("m").scalars["n"]?.number, 24, "half of the 48 rows are the test set")
        XCTAssertEqual(try result("mr").scalars["rmse"], try result("reg").scalars["rmse"])
        // The probability columns, one per class the network knows, sum to 1 on each row.
        let frame = try XCTUnwrap(try result("cls").object.flatMap { DataObjects.frame(from: $0) })
        let probabilities = frame.names.indices.filter { frame.names[$0].hasPrefix("p_") }
        XCTAssertGreaterThanOrEqual(probabilities.count, 2)
        for r in frame.periods.indices {
            XCTAssertEqual(probabilities.map { frame.columns[$0][r] }.reduce(0, +), 1, accuracy: 1e-12)
        }
    }
}
