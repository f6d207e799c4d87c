import XCTest
@testable import ThesisModels

/// Classification metrics against scikit-learn 1.9 (fixture `classification`): 1e-12 relative,
/// counts exactly.
final class MetricsClassificationTests: XCTestCase {
    private func zeroDivision(_ key: String) -> ZeroDivision {
        switch key {
        case "one": .one
        case "nan": .nan
        default: .zero
        }
    }

    func testReportsAgainstScikitLearn() throws {
        let cases = try MetricsFixture.section("classification")
        for name in ["binary", "multiclass", "perfect", "zeroDivision", "absentLabel", "noSupport"] {
            let c = try MetricsFixture.dictionary(cases[name])
            let y = try MetricsFixture.ints(c["actual"]), f = try MetricsFixture.ints(c["predicted"])
            let labels = c["labels"] as? [Int]
            assertRelative(try ClassificationMetrics.accuracy(actual: y, predicted: f),
                           try MetricsFixture.number(c["accuracy"]), 1e-12, group: "classification", "accuracy \(name)")
            if let expected = c["confusion"] as? [[Int]] {
                let confusion = try ClassificationMetrics.confusionMatrix(actual: y, predicted: f, labels: labels)
                XCTAssertEqual(confusion.counts, expected, "confusion \(name)")
                XCTAssertEqual(confusion.labels, try MetricsFixture.ints(c["confusionLabels"]))
            } else {
                XCTAssertNotNil(c["confusionError"])
                XCTAssertThrowsError(try ClassificationMetrics.confusionMatrix(actual: y, predicted: f, labels: labels))
            }
            for key in ["zero", "one", "nan"] {
                let expected = try MetricsFixture.dictionary(c["prf_" + key])
                let report = try ClassificationMetrics.report(actual: y, predicted: f, labels: labels,
                                                              zeroDivision: zeroDivision(key))
                XCTAssertEqual(report.support, try MetricsFixture.ints(expected["support"]), "\(name) support")
                for (metric, path) in [("precision", \ClassificationReport<Int>.Scores.precision),
                                       ("recall", \ClassificationReport<Int>.Scores.recall),
                                       ("f1", \ClassificationReport<Int>.Scores.f1)] {
                    let perClass = try MetricsFixture.vector(expected[metric])
                    XCTAssertEqual(perClass.count, report.perClass.count)
                    for (k, value) in perClass.enumerated() {
                        assertRelative(report.perClass[k][keyPath: path], value, 1e-12, group: "classification",
                                       "\(name) \(metric)[\(k)] zero_division=\(key)")
                    }
                    for (average, scores) in [("macro", report.macro), ("weighted", report.weighted)] {
                        let expectedAverage = try MetricsFixture.dictionary(expected[average])
                        assertRelative(scores[keyPath: path], try MetricsFixture.number(expectedAverage[metric]), 1e-12,
                                       group: "classification", "\(name) \(average) \(metric) zero_division=\(key)")
                    }
                }
            }
        }
        print("classification vs sklearn: largest relative difference \(MetricsDifferenceLog.shared.largest("classification"))")
    }

    func testROCAndLogLossAgainstScikitLearn() throws {
        let cases = try MetricsFixture.section("classification")
        let binary = try MetricsFixture.dictionary(cases["binary"])
        let y = try MetricsFixture.ints(binary["actual"]), score = try MetricsFixture.vector(binary["score"])
        assertRelative(try ClassificationMetrics.rocAUC(actual: y, scores: score),
                       try MetricsFixture.number(binary["rocAUC"]), 1e-12, group: "ranking", "binary AUC")
        let roc = try MetricsFixture.dictionary(binary["roc"])
        let curve = try ClassificationMetrics.rocCurve(positive: y.map { $0 == 1 }, scores: score)
        XCTAssertEqual(curve.falsePositiveRate, try MetricsFixture.vector(roc["fpr"]))
        XCTAssertEqual(curve.truePositiveRate, try MetricsFixture.vector(roc["tpr"]))
        XCTAssertEqual(curve.thresholds, try MetricsFixture.vector(roc["thresholds"]))
        assertRelative(try ClassificationMetrics.logLoss(actual: y, positiveProbabilities: score),
                       try MetricsFixture.number(binary["logLossBinary"]), 1e-12, group: "ranking", "binary log loss")

        let multi = try MetricsFixture.dictionary(cases["multiclass"])
        let my = try MetricsFixture.ints(multi["actual"])
        let prob = try XCTUnwrap(multi["prob"] as? [Any]).map { try MetricsFixture.vector($0) }
        assertRelative(try ClassificationMetrics.rocAUCOneVsRest(actual: my, scores: prob, average: .macro),
                       try MetricsFixture.number(multi["rocAUCOvRMacro"]), 1e-12, group: "ranking", "OvR macro")
        assertRelative(try ClassificationMetrics.rocAUCOneVsRest(actual: my, scores: prob, average: .weighted),
                       try MetricsFixture.number(multi["rocAUCOvRWeighted"]), 1e-12, group: "ranking", "OvR weighted")
        assertRelative(try ClassificationMetrics.logLoss(actual: my, probabilities: prob),
                       try MetricsFixture.number(multi["logLoss"]), 1e-12, group: "ranking", "multiclass log loss")

        let clipped = try MetricsFixture.dictionary(cases["logLossClipped"])
        let cy = try MetricsFixture.ints(clipped["actual"])
        let cp = try XCTUnwrap(clipped["prob"] as? [Any]).map { try MetricsFixture.vector($0) }
        assertRelative(try ClassificationMetrics.logLoss(actual: cy, probabilities: cp),
                       try MetricsFixture.number(clipped["logLoss"]), 1e-12, group: "ranking", "clipped log loss")

        let ties = try MetricsFixture.dictionary(cases["rocTies"])
        assertRelative(try ClassificationMetrics.rocAUC(actual: try MetricsFixture.ints(ties["actual"]),
                                                        scores: try MetricsFixture.vector(ties["score"])),
                       try MetricsFixture.number(ties["rocAUC"]), 1e-12, group: "ranking", "AUC with ties, labels ±1")
        XCTAssertTrue(try MetricsFixture.number(ties["singleClassAUC"]).isNaN)
        XCTAssertTrue(try ClassificationMetrics.rocAUC(actual: [1, 1, 1, 1], scores: [0.1, 0.2, 0.3, 0.4]).isNaN)
        print("ROC/log loss vs sklearn: largest relative difference \(MetricsDifferenceLog.shared.largest("ranking"))")
    }

    /// By hand: AUC = P(positive scores above negative), ties ½; the clipping constant; zero division.
    func testByHand() throws {
        // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5, 0.9>0.1, 0.5=0.5 → ½, 0.5>0.1) = 3.5/4
        XCTAssertEqual(try ClassificationMetrics.rocAUC(positive: [true, true, false, false], scores: [0.9, 0.5, 0.5, 0.1]),
                       0.875)
        // a confident wrong prediction costs −ln(2^-52) = 52 ln 2
        assertRelative(try ClassificationMetrics.logLoss(actual: [0, 1], probabilities: [[0, 1], [0, 1]]),
                       (52 * log(2.0) + -log(1 - Double.ulpOfOne)) / 2, 1e-15)
        // class "c" never predicted: precision 0/0
        let report = try ClassificationMetrics.report(actual: ["a", "b", "c"], predicted: ["a", "b", "b"],
                                                      zeroDivision: .nan)
        XCTAssertEqual(report.labels, ["a", "b", "c"])
        XCTAssertTrue(report.perClass[2].precision.isNaN)
        XCTAssertEqual(report.perClass[2].recall, 0)
        XCTAssertEqual(report.perClass[2].f1, 0)  // 2·0 / (0 + 1 + 0): defined, whatever zero_division says
        XCTAssertEqual(report.macro.precision, 0.75)  // NaN skipped: (1 + ½) / 2
        XCTAssertEqual(report.confusion.counts, [[1, 0, 0], [0, 1, 0], [0, 1, 0]])
    }

    func testErrors() {
        XCTAssertThrowsError(try ClassificationMetrics.accuracy(actual: [1, 2], predicted: [1]))
        XCTAssertThrowsError(try ClassificationMetrics.logLoss(actual: [0, 1], probabilities: [[0.5, 0.6], [1.2, -0.2]]))
        XCTAssertThrowsError(try ClassificationMetrics.logLoss(actual: [1, 1], positiveProbabilities: [0.4, 0.3])) { error in
            XCTAssertTrue("\(error)".contains("only one label"), "\(error)")
        }
        XCTAssertThrowsError(try ClassificationMetrics.rocAUC(actual: [0, 1, 2], scores: [0.1, 0.2, 0.3]))
        XCTAssertThrowsError(try ClassificationMetrics.rocAUCOneVsRest(actual: [0, 1, 2], scores: [[1, 0], [0, 1], [1, 0]]))
    }
}
