import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// The models on real and synthetic data: digits accuracy, a recurrent sanity check, caching.
final class NeuralModelTests: XCTestCase {
    typealias Support = NeuralTestSupport

    /// scikit-learn's digits: 1797 rows of 64 pixels (0–16) and a label, from `shared/data`.
    static func loadDigits() throws -> (pixels: [[Double]], labels: [Int]) {
        let text = try String(contentsOf: try Support.requireData("sklearn/digits.csv"), encoding: .utf8)
        var pixels: [[Double]] = [], labels: [Int] = []
        for line in text.split(separator: "\n") {
            let values = line.split(separator: ",").map { Double($0)! }
            pixels.append(Array(values.prefix(64)))
            labels.append(Int(values[64]))
        }
        return (pixels, labels)
    }

    /// A seeded 75/25 split: `Neural.Random(seed:stream: 0)` shuffles the row indices, the first
    /// quarter (450 rows) is the test set.
    static func digitsSplit(seed: UInt64) throws -> (xTrain: Matrix, yTrain: [Int], xTest: Matrix, yTest: [Int]) {
        let (pixels, labels) = try loadDigits()
        var order = Array(pixels.indices)
        var random = Neural.Random(seed: seed, stream: 0)
        random.shuffle(&order)
        let testCount = Int((0.25 * Double(order.count)).rounded(.up))
        let test = Array(order.prefix(testCount)), train = Array(order.dropFirst(testCount))
        return (try Matrix(rowMajor: train.map { pixels[$0] }), train.map { labels[$0] },
                try Matrix(rowMajor: test.map { pixels[$0] }), test.map { labels[$0] })
    }

    func testDigitsAccuracy() throws {
        let data = try Self.digitsSplit(seed: 0)
        XCTAssertEqual(data.yTrain.count, 1347)
        XCTAssertEqual(data.yTest.count, 450)
        var model = MLPClassifier(options: .init(hiddenSizes: [100], activation: .relu, epochs: 40, batchSize: 32,
                                                 learningRate: 1e-3, optimizer: .adam, seed: 1))
        let start = Date()
        let history = try model.fit(data.xTrain, data.yTrain)
        let predicted = try model.predict(data.xTest)
        let accuracy = Double(zip(predicted, data.yTest).filter { $0 == $1 }.count) / Double(data.yTest.count)
        print("digits: test accuracy \(accuracy), final training loss \(history.trainLoss.last!), \(Date().timeIntervalSince(start)) s")
        XCTAssertGreaterThanOrEqual(accuracy, 0.97)
        XCTAssertEqual(model.classes, Array(0...9))
        XCTAssertLessThan(history.trainLoss.last!, history.trainLoss.first! / 10)
    }

    /// A sine with AR(1) noise: s_t = sin(2πt/16) + u_t, u_t = 0.5 u_{t-1} + 0.1 ε_t.
    static func sineWithNoise(_ count: Int) -> [Double] {
        var random = Neural.Random(seed: 11, stream: 0)
        var u = 0.0
        return (0..<count).map { t in
            u = 0.5 * u + 0.1 * random.normal()
            return Foundation.sin(2 * Double.pi * Double(t) / 16) + u
        }
    }

    func testRecurrentRegressorsBeatTheMeanForecast() throws {
        let series = Self.sineWithNoise(420)
        let (inputs, targets) = try Neural.slidingWindows(series, length: 12)
        XCTAssertEqual(inputs.shape, [408, 12, 1])
        XCTAssertEqual(targets.first, series[12])
        let train = Array(0..<308), test = Array(308..<408)
        let mean = train.map { targets[$0] }.reduce(0, +) / Double(train.count)
        let meanMSE = test.map { (targets[$0] - mean) * (targets[$0] - mean) }.reduce(0, +) / Double(test.count)
        for cell in RecurrentRegressor.Cell.allCases {
            var model = RecurrentRegressor(cell: cell, options: .init(hiddenSizes: [16], epochs: 30, batchSize: 32,
                                                                      learningRate: 0.01, seed: 3))
            let history = try model.fit(inputs.samples(train), train.map { targets[$0] })
            let predicted = try model.predict(inputs.samples(test)).column(0)
            let mse = zip(predicted, test.map { targets[$0] }).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(test.count)
            print("\(cell) on a noisy sine: test MSE \(mse), mean forecast \(meanMSE)")
            XCTAssertLessThan(mse, 0.05 * meanMSE, "\(cell)")  // measured ≈ 0.02 × (the noise alone is 0.019 ×)
            XCTAssertLessThan(history.trainLoss.last!, history.trainLoss.first!)
        }
    }

    func testMLPRegressorLearnsAProduct() throws {
        var random = Neural.Random(seed: 5, stream: 0)
        let rows = (0..<400).map { _ in [2 * random.uniform() - 1, 2 * random.uniform() - 1] }
        let x = try Matrix(rowMajor: rows)
        let y = try Matrix(rowMajor: rows.map { [$0[0] * $0[1], $0[0] + $0[1]] })  // two targets
        var model = MLPRegressor(options: .init(hiddenSizes: [32, 16], activation: .tanh, epochs: 150, batchSize: 32,
                                                learningRate: 3e-3, seed: 2))
        try model.fit(x.rowSlice(0..<300), y.rowSlice(0..<300))
        let predicted = try model.predict(x.rowSlice(300..<400))
        let truth = y.rowSlice(300..<400)
        XCTAssertEqual(predicted.columns, 2)
        for j in 0..<2 {
            let errors = zip(predicted.column(j), truth.column(j)).map { ($0 - $1) * ($0 - $1) }
            let variance = truth.column(j).map { $0 * $0 }.reduce(0, +) / 100
            XCTAssertLessThan(errors.reduce(0, +) / 100, 0.05 * variance, "target \(j)")
        }
    }

    func testFittedModelsRoundTripThroughJSON() throws {
        let (inputs, targets) = try Neural.slidingWindows(Self.sineWithNoise(80), length: 6)
        for precision in Neural.Precision.allCases {
            var recurrent = RecurrentRegressor(cell: .gru, options: .init(hiddenSizes: [4, 3], epochs: 3, batchSize: 16, dropout: 0.1,
                                                                          patience: 2, seed: 1, precision: precision))
            try recurrent.fit(inputs, targets)
            let decoded = try JSONDecoder().decode(RecurrentRegressor.self, from: JSONEncoder().encode(recurrent))
            XCTAssertEqual(decoded, recurrent)
            XCTAssertEqual(try decoded.predict(inputs).elements.map(\.bitPattern), try recurrent.predict(inputs).elements.map(\.bitPattern))
            XCTAssertNotNil(decoded.history?.bestEpoch)
        }
        var classifier = MLPClassifier(options: .init(hiddenSizes: [5], epochs: 3, batchSize: 8, precision: .float32))
        let x = try Matrix(rowMajor: (0..<30).map { [Double($0 % 3), Double($0) / 30] })
        try classifier.fit(x, (0..<30).map { [7, -1, 4][$0 % 3] })
        XCTAssertEqual(classifier.classes, [-1, 4, 7])
        let decoded = try JSONDecoder().decode(MLPClassifier.self, from: JSONEncoder().encode(classifier))
        XCTAssertEqual(try decoded.predict(x), try classifier.predict(x))
        let probabilities = try classifier.predictProbabilities(x)
        for i in 0..<30 { XCTAssertEqual(probabilities.row(i).reduce(0, +), 1, accuracy: 1e-6) }
    }

    func testModelErrors() throws {
        let x = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        XCTAssertThrowsError(try MLPRegressor().predict(x)) { XCTAssertTrue("\($0)".contains("has not been fitted")) }
        var model = MLPRegressor(options: .init(hiddenSizes: [3], epochs: 1, batchSize: 2))
        XCTAssertThrowsError(try model.fit(x, [1, 2]))
        try model.fit(x, [1, 2, 3])
        XCTAssertThrowsError(try model.predict(try Matrix(rowMajor: [[1, 2, 3]]))) {
            XCTAssertTrue("\($0)".contains("the model was fitted on [2]"), "\($0)")
        }
        XCTAssertThrowsError(try model.fit(x, [1, .nan, 3])) { XCTAssertTrue("\($0)".contains("NaN")) }
        var bad = MLPRegressor(options: .init(hiddenSizes: [0]))
        XCTAssertThrowsError(try bad.fit(x, [1, 2, 3]))
        var single = MLPClassifier()
        XCTAssertThrowsError(try single.fit(x, [1, 1, 1])) { XCTAssertTrue("\($0)".contains("two classes")) }
        var recurrent = RecurrentRegressor()
        XCTAssertThrowsError(try recurrent.fit(Neural.Tensor(x), [1, 2, 3])) { XCTAssertTrue("\($0)".contains("(samples, time, features)")) }
        XCTAssertThrowsError(try Neural.slidingWindows([1, 2, 3], length: 3))
    }
}
