import Foundation
import XCTest
import ThesisDirectives
import ThesisLinearAlgebra
import ThesisModels

/// Incremental training: a model read back from its file and updated with new rows is, bit for
/// bit, the in-memory model trained further on the same rows (the saved weights and scales are
/// the whole state an update needs), for the MLP in both precisions and for the LSTM and GRU.
final class ContinuedTrainingTests: XCTestCase {
    private static let training = ModelArtifact.Training(
        directive: "nn train", options: [:], dataHash: "abc", metrics: [:], seed: 3)

    private static func rows(_ count: Int, from start: Int) -> (x: [[Double]], y: [Double]) {
        let x = (start..<(start + count)).map { i -> [Double] in
            let t = Double(i)
            return [sin(t / 4), cos(t / 7) * 2, t / 200 - 0.5]
        }
        return (x, x.map { 1.5 * $0[0] - 0.7 * $0[1] * $0[2] + 0.2 })
    }

    private func bits(_ m: Matrix) -> [UInt64] { (0..<m.rows).flatMap { r in (0..<m.columns).map { m[r, $0].bitPattern } } }

    func testAnUpdatedSavedMLPEqualsContinuedTraining() throws {
        for precision in [Neural.Precision.float64, .float32] {
            let (oldX, oldY) = Self.rows(120, from: 0), (newX, newY) = Self.rows(40, from: 120)
            var options = Neural.ModelOptions(hiddenSizes: [8, 4], activation: .tanh, epochs: 25, batchSize: 16, seed: 5,
                                              precision: precision)
            var model = MLPRegressor(options: options)
            try model.fit(try Matrix(rowMajor: oldX), oldY)
            let saved = try ModelFile.decode(
                try ModelFile.encode(try ModelArtifact(model, features: ["a", "b", "c"], targets: ["y"], training: Self.training)))
            options.epochs = 10
            options.learningRate = 0.0005
            // In memory: the same model trained further.
            var continued = model
            continued.options = options
            try continued.update(try Matrix(rowMajor: newX), Matrix(column: newY))
            // From the file: read, then updated.
            var updated = try saved.mlpRegressor(options: options)
            try updated.update(try Matrix(rowMajor: newX), Matrix(column: newY))
            let probe = try Matrix(rowMajor: Self.rows(30, from: 200).x)
            XCTAssertEqual(bits(try updated.predict(probe)), bits(try continued.predict(probe)), "\(precision)")
            XCTAssertEqual(
                try ModelFile.encode(try ModelArtifact(updated, features: ["a", "b", "c"], targets: ["y"], training: Self.training)),
                try ModelFile.encode(try ModelArtifact(continued, features: ["a", "b", "c"], targets: ["y"], training: Self.training)),
                "the same weights and scales")
            // It is an update, not a new fit: it moved the old weights, and differs from a fresh fit on the new rows.
            XCTAssertNotEqual(bits(try updated.predict(probe)), bits(try model.predict(probe)))
            var fresh = MLPRegressor(options: options)
            try fresh.fit(try Matrix(rowMajor: newX), newY)
            XCTAssertNotEqual(bits(try updated.predict(probe)), bits(try fresh.predict(probe)))
            // The scales stay those of the first fit (the update's rows have another mean).
            XCTAssertEqual(
                try ModelArtifact(updated, features: ["a", "b", "c"], targets: ["y"], training: Self.training).weights?.inputScaling,
                saved.weights?.inputScaling)
        }
    }

    func testAnUpdatedSavedRecurrentModelEqualsContinuedTraining() throws {
        for cell in [RecurrentRegressor.Cell.lstm, .gru] {
            let series = (0..<90).map { sin(Double($0) / 5) + 0.3 * cos(Double($0) / 3) }
            func windows(_ values: ArraySlice<Double>) throws -> (Neural.Tensor<Double>, [Double]) {
                let v = Array(values)
                let w = try Neural.slidingWindows(v, length: 6)
                return (w.inputs, w.targets)
            }
            let (oldX, oldY) = try windows(series[0..<60]), (newX, newY) = try windows(series[54..<90])
            var options = Neural.ModelOptions.recurrent
            options.hiddenSizes = [4]
            options.epochs = 6
            options.seed = 2
            var model = RecurrentRegressor(cell: cell, options: options)
            try model.fit(oldX, oldY)
            let saved = try ModelFile.decode(
                try ModelFile.encode(
                    try ModelArtifact(model, columns: ["s"], window: 6, target: "s", horizon: 1, training: Self.training)))
            options.epochs = 4
            var continued = model
            continued.options = options
            try continued.update(newX, Matrix(column: newY))
            var updated = try saved.recurrentRegressor(options: options)
            try updated.update(newX, Matrix(column: newY))
            XCTAssertEqual(bits(try updated.predict(newX)), bits(try continued.predict(newX)), "\(cell)")
            XCTAssertNotEqual(bits(try updated.predict(newX)), bits(try model.predict(newX)))
        }
    }

    func testAnUpdateRefusesAnotherNetwork() throws {
        let (x, y) = Self.rows(60, from: 0)
        var model = MLPRegressor(options: .init(hiddenSizes: [8], epochs: 5, batchSize: 16, seed: 1))
        try model.fit(try Matrix(rowMajor: x), y)
        let saved = try ModelArtifact(model, features: ["a", "b", "c"], targets: ["y"], training: Self.training)
        var wider = try saved.mlpRegressor(options: .init(hiddenSizes: [16], epochs: 5, batchSize: 16, seed: 1))
        XCTAssertThrowsError(try wider.update(try Matrix(rowMajor: x), Matrix(column: y))) {
            XCTAssertTrue("\($0)".contains("another network"), "\($0)")
        }
        var unfitted = MLPRegressor()
        XCTAssertThrowsError(try unfitted.update(try Matrix(rowMajor: x), Matrix(column: y)))
        XCTAssertThrowsError(try saved.recurrentRegressor(options: .recurrent))
    }
}
