import Foundation
import XCTest
import ThesisDirectives
import ThesisLinearAlgebra
import ThesisModels

/// A saved model (`thesis-model` JSON, written by `ModelFile`) read back predicts bit for bit what
/// the fitted model predicted, for every kind and both precisions; a damaged file is refused with
/// a message saying what is wrong.
final class ModelFileTests: XCTestCase {
    private static let training = ModelArtifact.Training(directive: "nn train", options: ["hidden": "5"], dataHash: "abc",
                                                          metrics: ["rmse": 0.5, "bad": .nan], seed: 3)

    /// Rows of three smooth columns with a little structure for a network to fit.
    private static func rows(_ count: Int) -> [[Double]] {
        (0..<count).map { i in let t = Double(i); return [sin(t / 4), cos(t / 7) * 2, t / Double(count) - 0.5] }
    }

    private func roundTrip(_ artifact: ModelArtifact, file: StaticString = #filePath, line: UInt = #line) throws -> ModelArtifact {
        let bytes = try ModelFile.encode(artifact)
        let read = try ModelFile.decode(bytes)
        XCTAssertEqual(read.weights, artifact.weights, file: file, line: line)
        XCTAssertTrue(read.training.metrics["bad"]?.isNaN ?? false, "a metric that is not a number survives as one", file: file, line: line)
        XCTAssertEqual(try ModelFile.encode(read), bytes, "encoding is canonical: the same model gives the same bytes", file: file, line: line)
        return read
    }

    private func bits(_ values: [[Double]]) -> [[UInt64]] { values.map { $0.map(\.bitPattern) } }

    func testRegressorPredictsBitIdenticallyAfterSaving() throws {
        for precision in [Neural.Precision.float64, .float32] {
            let x = Self.rows(80)
            let y = x.map { 0.7 * $0[0] - $0[1] * $0[2] + 3 }
            var model = MLPRegressor(options: .init(hiddenSizes: [6, 4], activation: .tanh, epochs: 30, batchSize: 16, seed: 9, precision: precision))
            _ = try model.fit(try Matrix(rowMajor: x), y)
            let direct = try model.predict(try Matrix(rowMajor: x))
            let artifact = try roundTrip(try ModelArtifact(model, features: ["a", "b", "c"], targets: ["y"], training: Self.training))
            XCTAssertEqual(artifact.weights?.precision, precision)
            let saved = try artifact.predict(x)
            XCTAssertEqual(bits(saved.values), bits((0..<direct.rows).map { [direct[$0, 0]] }), "\(precision)")
            XCTAssertEqual(saved.firstRow, 0)
        }
    }

    func testClassifierPredictsLabelsAndProbabilitiesBitIdentically() throws {
        let x = Self.rows(90)
        let labels = x.map { $0[0] > 0.3 ? 7 : ($0[1] > 0 ? 2 : 5) }
        var model = MLPClassifier(options: .init(hiddenSizes: [8], epochs: 20, batchSize: 10, seed: 4))
        _ = try model.fit(try Matrix(rowMajor: x), labels)
        let artifact = try roundTrip(try ModelArtifact(model, features: ["a", "b", "c"], target: "label", training: Self.training))
        XCTAssertEqual(artifact.output.classes, [2, 5, 7])
        let saved = try artifact.predict(x)
        XCTAssertEqual(saved.labels, try model.predict(try Matrix(rowMajor: x)))
        let p = try model.predictProbabilities(try Matrix(rowMajor: x))
        XCTAssertEqual(bits(saved.probabilities ?? []), bits((0..<p.rows).map { r in (0..<p.columns).map { p[r, $0] } }))
    }

    /// A recurrent model reads every window of consecutive rows: the prediction for the window
    /// ending at row r equals the fitted model's on the same window, whatever the batch.
    func testRecurrentModelsPredictEveryWindowBitIdentically() throws {
        for cell in [RecurrentRegressor.Cell.lstm, .gru] {
            let series = Self.rows(60).map { $0[0] + 0.3 * $0[1] }
            let window = 5
            var scalars: [Double] = [], targets: [Double] = []
            for start in 0..<(series.count - window) {
                scalars += series[start..<(start + window)]
                targets.append(series[start + window])
            }
            let x = try Neural.Tensor<Double>(shape: [targets.count, window, 1], scalars: scalars)
            var options = Neural.ModelOptions.recurrent
            options.hiddenSizes = [4]
            options.epochs = 8
            options.seed = 2
            var model = RecurrentRegressor(cell: cell, options: options)
            _ = try model.fit(x, targets)
            let direct = try model.predict(x)
            let artifact = try roundTrip(try ModelArtifact(model, columns: ["s"], window: window, target: "s", horizon: 1, training: Self.training))
            XCTAssertEqual(artifact.kind.rawValue, cell == .gru ? "gru" : "lstm")
            let saved = try artifact.predict(series.map { [$0] })
            XCTAssertEqual(saved.firstRow, window - 1)
            XCTAssertEqual(saved.values.count, series.count - window + 1, "one prediction per window, the last one past the data")
            XCTAssertEqual(bits(Array(saved.values.prefix(targets.count))), bits((0..<direct.rows).map { [direct[$0, 0]] }), "\(cell)")
            XCTAssertThrowsError(try artifact.predict(Array(series.prefix(3)).map { [$0] })) {
                XCTAssertTrue("\($0)".contains("too few"), "\($0)")
            }
        }
    }

    func testDamagedFilesAreRefusedWithTheReason() throws {
        var model = MLPRegressor(options: .init(hiddenSizes: [3], epochs: 2, seed: 1))
        _ = try model.fit(try Matrix(rowMajor: Self.rows(20)), Self.rows(20).map { $0[0] })
        let bytes = try ModelFile.encode(try ModelArtifact(model, features: ["a", "b", "c"], targets: ["y"], training: Self.training))
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        func refused(_ change: (inout [String: Any]) -> Void, _ expected: String, line: UInt = #line) throws {
            var copy = object
            change(&copy)
            XCTAssertThrowsError(try ModelFile.decode(try JSONSerialization.data(withJSONObject: copy)), line: line) {
                XCTAssertTrue("\($0)".contains(expected), "\($0)", line: line)
            }
        }
        try refused({ $0["format"] = "onnx" }, "not a thesis model")
        try refused({ $0["format_version"] = 99 }, "newer than this thesis tool reads")
        try refused({ $0["weights"] = nil }, "'weights' is missing")
        try refused({ var w = $0["weights"] as! [String: Any]; w["parameters"] = Array((w["parameters"] as! [Double]).dropLast()); $0["weights"] = w }, "parameters")
        try refused({ var i = $0["input"] as! [String: Any]; i["columns"] = ["a", "b"]; $0["input"] = i }, "the model reads 3 features, its schema names 2 columns")
        XCTAssertThrowsError(try ModelFile.decode(Data("{".utf8))) { XCTAssertTrue("\($0)".contains("not a readable thesis model"), "\($0)") }
        object["engine"] = "models-0"
        XCTAssertNoThrow(try ModelFile.decode(try JSONSerialization.data(withJSONObject: object)), "another engine version still reads")
        let artifact = try ModelFile.decode(bytes)
        XCTAssertThrowsError(try artifact.predict([[1, 2]])) { XCTAssertTrue("\($0)".contains("row 1 has 2 values; the model reads 3"), "\($0)") }
        XCTAssertThrowsError(try artifact.predict([[1, .nan, 2]])) { XCTAssertTrue("\($0)".contains("column 'b'"), "\($0)") }
    }
}
