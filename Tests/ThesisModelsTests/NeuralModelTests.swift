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
}
