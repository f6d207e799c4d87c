import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `metrics scores=`: one-vs-rest ROC and precision-recall curves of a classifier's scores, with
/// AUC, average precision and log loss matched to scikit-learn (Tests/Fixtures/generate_curves.py).
final class ClassifierCurvesTests: XCTestCase {
    private struct Fixture: Decodable {
        var classes: Int
        var actual: [Int], predicted: [Int]
        var scores: [[String]]
        var roc_auc: [String], roc_auc_macro: String
        var average_precision: [String], average_precision_macro: String
        var log_loss: String
        var confusion_normalised: [[String]]
        var pr_class: Int, pr_precision: [String], pr_recall: [String], pr_thresholds: [String]
    }

    private func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/curves/reference.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    private func number(_ hex: String) -> Double { Double(hex)! }

    func testCurvesAndAreasMatchScikitLearn() throws {
        let f = try fixture()
        let scores = f.scores.map { $0.map(number) }
        let names = (0..<f.classes).map { "p_\($0)" }
        let frame = TimeSeriesFrame(
            frequency: .rows, periods: f.actual.indices.map { Month(index: $0) },
            names: ["actual", "predicted"] + names,
            columns: [f.actual.map(Double.init), f.predicted.map(Double.init)]
                + (0..<f.classes).map { c in scores.map { $0[c] } })
        let result = try DirectiveHarness.run(
            "<<metrics data=d actual=actual predicted=predicted task=classification scores=\(names.joined(separator: ","))>>",
            data: ["data": frame])
        func close(_ key: String, _ expected: Double, _ rtol: Double = 1e-12, line: UInt = #line) {
            let value = result.scalars[key]?.number ?? .nan
            XCTAssertLessThanOrEqual(abs(value - expected), rtol * abs(expected), "\(key): \(value) vs \(expected)", line: line)
        }
        for c in 0..<f.classes {
            close("\(c).roc_auc", number(f.roc_auc[c]))
            close("\(c).average_precision", number(f.average_precision[c]))
        }
        close("roc_auc", number(f.roc_auc_macro))
        close("average_precision", number(f.average_precision_macro))
        close("log_loss", number(f.log_loss))
        // Figures: counts, the normalised matrix (sklearn's normalize="true"), ROC and PR curves.
        XCTAssertEqual(result.figures.count, 4)
        let normalised = try XCTUnwrap(result.figures[1].spec.panels.first?.layers.first)
        guard case .heatmap(let heatmap) = normalised else { return XCTFail("the second figure is a heatmap") }
        for (r, row) in f.confusion_normalised.enumerated() {
            for (c, value) in row.enumerated() {
                XCTAssertEqual(heatmap.values[r][c] ?? .nan, number(value), accuracy: 1e-15, "confusion \(r),\(c)")
            }
        }
        XCTAssertEqual(result.figures[2].spec.panels.first?.layers.count, f.classes + 1, "one ROC curve per class and chance")
    }

    func testThePrecisionRecallCurveIsScikitLearns() throws {
        let f = try fixture()
        let column = f.scores.map { number($0[f.pr_class]) }
        let curve = try ClassificationMetrics.precisionRecallCurve(positive: f.actual.map { $0 == f.pr_class }, scores: column)
        XCTAssertEqual(curve.precision.map(\.bitPattern), f.pr_precision.map { number($0).bitPattern })
        XCTAssertEqual(curve.recall.map(\.bitPattern), f.pr_recall.map { number($0).bitPattern })
        XCTAssertEqual(curve.thresholds.map(\.bitPattern), f.pr_thresholds.map { number($0).bitPattern })
    }

    func testScoresMustBeOnePerClass() throws {
        let frame = TimeSeriesFrame(
            frequency: .rows, periods: (0..<4).map { Month(index: $0) }, names: ["a", "p", "s"],
            columns: [[0, 1, 2, 1], [0, 1, 1, 1], [0.1, 0.9, 0.5, 0.7]])
        XCTAssertThrowsError(
            try DirectiveHarness.run("<<metrics data=d actual=a predicted=p task=classification scores=s>>", data: ["data": frame])
        ) { XCTAssertTrue("\($0)".contains("scores= names 1 columns; the data have 3 classes"), "\($0)") }
    }
}
