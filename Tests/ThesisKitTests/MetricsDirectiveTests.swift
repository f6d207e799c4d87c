import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// `metrics` and `dm` end to end, on columns written to a cross-sectional table and loaded as a
/// declared data set, against scikit-learn and Diebold-Mariano values from
/// Tests/Fixtures/generate_metrics.py (1e-12 relative).
final class MetricsDirectiveTests: XCTestCase {
    static let fixture: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/metrics/reference.json")
        return (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
    }()

    /// Fixture numbers are hex floats so both sides start from the same bits.
    private func number(_ value: Any?) -> Double {
        if let s = value as? String { return s == "inf" ? .infinity : Double(s) ?? .nan }
        return (value as? Double) ?? .nan
    }

    private func numbers(_ value: Any?) -> [Double] { ((value as? [Any]) ?? []).map(number) }

    private func close(_ a: Scalar?, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let a = a?.number else { return XCTFail("missing \(what)", file: file, line: line) }
        XCTAssertLessThanOrEqual(abs(a - b), 1e-12 * max(1, abs(b)), "\(what): \(a) vs \(b)", file: file, line: line)
    }

    private func build(columns: [String: [Double]], chapter: String) throws -> BuildReport {
        let names = columns.keys.sorted()
        var csv = names.joined(separator: ",") + "\n"
        let count = columns.values.first?.count ?? 0
        for i in 0..<count { csv += names.map { String(format: "%.17g", columns[$0]![i]) }.joined(separator: ",") + "\n" }
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.preds]\npath = \"data/raw/preds.csv\"\nformat = \"table\"\n"
        files["data/raw/preds.csv"] = csv
        files["chapters/02-more.md"] = "# Metrics\n\n" + chapter
        return try TempProject(files: files).build()
    }

    func testRegressionAndClassificationMetricsMatchScikitLearn() throws {
        let regression = (Self.fixture["regression"] as? [String: Any])?["random"] as? [String: Any] ?? [:]
        let binary = (Self.fixture["classification"] as? [String: Any])?["binary"] as? [String: Any] ?? [:]
        try XCTSkipIf(regression.isEmpty || binary.isEmpty, "fixture missing")
        // Regression.
        let r = try build(columns: ["y": numbers(regression["actual"]), "f": numbers(regression["predicted"])],
                          chapter: "<<metrics data=preds actual=y predicted=f id=m>>\n")
        XCTAssertTrue(r.succeeded, "\(r.diagnostics)")
        let m = try XCTUnwrap(r.results[try XCTUnwrap(r.plan.ids["m"])]).scalars
        for key in ["rmse", "mae", "mape", "r2"] { close(m[key], number(regression[key]), key) }
        // Binary classification with a score column.
        let c = try build(columns: ["y": numbers(binary["actual"]), "f": numbers(binary["predicted"]), "p": numbers(binary["score"])],
                          chapter: "<<metrics data=preds actual=y predicted=f score=p task=classification id=k>>\n")
        XCTAssertTrue(c.succeeded, "\(c.diagnostics)")
        let k = try XCTUnwrap(c.results[try XCTUnwrap(c.plan.ids["k"])]).scalars
        close(k["accuracy"], number(binary["accuracy"]), "accuracy")
        close(k["roc_auc"], number(binary["rocAUC"]), "roc auc")
        close(k["log_loss"], number(binary["logLossBinary"]), "log loss")
        let prf = try XCTUnwrap(binary["prf_zero"] as? [String: Any])
        let macro = try XCTUnwrap(prf["macro"] as? [String: Any]), weighted = try XCTUnwrap(prf["weighted"] as? [String: Any])
        for key in ["precision", "recall", "f1"] {
            close(k["macro.\(key)"], number(macro[key]), "macro \(key)")
            close(k["weighted.\(key)"], number(weighted[key]), "weighted \(key)")
        }
    }

    func testDieboldMarianoMatchesTheReference() throws {
        let dm = Self.fixture["dieboldMariano"] as? [String: Any] ?? [:]
        try XCTSkipIf(dm.isEmpty, "fixture missing")
        let cases = (dm["cases"] as? [[String: Any]] ?? []).filter { ($0["sample"] as? String) == "n90" && ($0["estimator"] as? String) == "acf" }
        XCTAssertFalse(cases.isEmpty)
        var chapter = ""
        for (i, c) in cases.enumerated() {
            let loss = (c["power"] as? Int) == 1 ? "absolute" : "squared"
            chapter += "<<dm data=preds actual=y first=f1 second=f2 horizon=\(c["h"] as? Int ?? 1) loss=\(loss) id=dm\(i)>>\n\n"
        }
        let r = try build(columns: ["y": numbers(dm["actual"]), "f1": numbers(dm["forecast1"]), "f2": numbers(dm["forecast2"])], chapter: chapter)
        XCTAssertTrue(r.succeeded, "\(r.diagnostics)")
        for (i, c) in cases.enumerated() {
            let s = try XCTUnwrap(r.results[try XCTUnwrap(r.plan.ids["dm\(i)"])]).scalars
            close(s["statistic"], number(c["statistic"]), "DM statistic h=\(c["h"] ?? "?")")
            close(s["pvalue"], number(c["scipyTwoSided"]), "DM p-value h=\(c["h"] ?? "?")")
        }
    }
}
