import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// The training loop: determinism, schedules, clipping, validation, early stopping, errors.
final class NeuralTrainingTests: XCTestCase {
    typealias Support = NeuralTestSupport

    /// A small regression problem: y = tanh(x · w) + noise, 64 samples of 3 features.
    func problem(seed: UInt64 = 5) -> (x: Neural.Tensor<Double>, y: Neural.Tensor<Double>) {
        let x = Support.randomTensor([64, 3], seed: seed)
        var random = Neural.Random(seed: seed, stream: 7)
        let y = (0..<64).map { i in
            Foundation.tanh(x.scalars[3 * i] - 0.5 * x.scalars[3 * i + 1] + 0.25 * x.scalars[3 * i + 2]) + 0.05 * random.normal()
        }
        return (x, try! Neural.Tensor(shape: [64, 1], scalars: y))
    }

    let layers: [Neural.Layer] = [.dense(units: 8, activation: .tanh), .dropout(rate: 0.2), .dense(units: 1)]

    // MARK: - Determinism

    func fitted<Scalar: NeuralScalar>(_ type: Scalar.Type, initSeed: UInt64, trainSeed: UInt64,
                                      recurrent: Bool = false) throws -> (Neural.Network<Scalar>, Neural.TrainingHistory) {
        let (x, y) = problem()
        let layers: [Neural.Layer] = recurrent ? [.gru(units: 4, returnSequences: true), .lstm(units: 3), .dropout(rate: 0.3), .dense(units: 1)]
                                               : self.layers
        let input: [Int] = recurrent ? [3, 1] : [3]
        let xs = try Neural.Tensor<Scalar>(Neural.Tensor<Double>(shape: [64] + input, scalars: x.scalars))
        var network = try Neural.Network<Scalar>(inputShape: input, layers: layers, seed: initSeed)
        let history = try network.fit(xs, Neural.Tensor<Scalar>(y), loss: .meanSquaredError,
                                      options: .init(epochs: 5, batchSize: 10, validation: .random(fraction: 0.25), seed: trainSeed))
        return (network, history)
    }

    func testSameSeedsGiveIdenticalWeights() throws {
        for recurrent in [false, true] {
            let (a, historyA) = try fitted(Double.self, initSeed: 1, trainSeed: 2, recurrent: recurrent)
            let (b, historyB) = try fitted(Double.self, initSeed: 1, trainSeed: 2, recurrent: recurrent)
            XCTAssertEqual(a.parameters.map(\.bitPattern), b.parameters.map(\.bitPattern))
            XCTAssertEqual(historyA, historyB)
            let (f, _) = try fitted(Float.self, initSeed: 1, trainSeed: 2, recurrent: recurrent)
            let (g, _) = try fitted(Float.self, initSeed: 1, trainSeed: 2, recurrent: recurrent)
            XCTAssertEqual(f.parameters.map(\.bitPattern), g.parameters.map(\.bitPattern))
        }
    }

    func testDifferentSeedsGiveDifferentWeights() throws {
        let (a, _) = try fitted(Double.self, initSeed: 1, trainSeed: 2)
        let (b, _) = try fitted(Double.self, initSeed: 3, trainSeed: 2)  // other initial weights
        let (c, _) = try fitted(Double.self, initSeed: 1, trainSeed: 4)  // other split, order and masks
        XCTAssertNotEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(a.parameters, c.parameters)
        let fresh1 = try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 1)
        let fresh2 = try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 2)
        XCTAssertNotEqual(fresh1.parameters, fresh2.parameters)
        XCTAssertEqual(fresh1, try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 1))
    }

    func testInitializationScalesAndBiases() throws {
        let network = try Neural.Network<Double>(inputShape: [400], layers: [.dense(units: 300, activation: .relu),
                                                                             .dense(units: 200), .lstm(units: 5)].prefix(2).map { $0 },
                                                 seed: 9)
        func std(_ v: [Double]) -> Double { (v.map { $0 * $0 }.reduce(0, +) / Double(v.count)).squareRoot() }
        let segments = network.parameterSegments
        XCTAssertEqual(segments.map(\.name), ["weight", "bias", "weight", "bias"])
        XCTAssertEqual(std(network.values(of: segments[0])), (2.0 / 400).squareRoot(), accuracy: 0.003)     // He normal (ReLU)
        XCTAssertEqual(std(network.values(of: segments[2])), (2.0 / 500).squareRoot(), accuracy: 0.003)     // Glorot uniform
        XCTAssertLessThanOrEqual(network.values(of: segments[2]).map(abs).max()!, (6.0 / 500).squareRoot())
        XCTAssertTrue(network.values(of: segments[1]).allSatisfy { $0 == 0 })
        let lstm = try Neural.Network<Double>(inputShape: [4, 2], layers: [.lstm(units: 3)], seed: 1)
        let bias = lstm.values(of: lstm.parameterSegments[2])
        XCTAssertEqual(bias, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])  // forget gate starts at 1
        // Recurrent blocks are orthogonal: QᵀQ = I for each gate's 3 × 3 block.
        let recurrent = lstm.values(of: lstm.parameterSegments[1])  // 12 × 3, column-major
        for gate in 0..<4 {
            for a in 0..<3 {
                for b in 0..<3 {
                    let dot = (0..<3).map { recurrent[gate * 3 + $0 + a * 12] * recurrent[gate * 3 + $0 + b * 12] }.reduce(0, +)
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-12)
                }
            }
        }
    }

    // MARK: - Loop features

    func testScheduleAndHistory() throws {
        let (x, y) = problem()
        var network = try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 1)
        let history = try network.fit(x, y, loss: .meanSquaredError,
                                      options: .init(epochs: 6, batchSize: 16, optimizer: .sgd(learningRate: 0.2, momentum: 0.5),
                                                     schedule: .step(every: 2, factor: 0.1)))
        XCTAssertEqual(history.learningRates, [0.2, 0.2, 0.02, 0.02, 0.002, 0.002].map { $0 }, accuracy: 1e-17)
        XCTAssertEqual(history.epochs, 6)
        XCTAssertTrue(history.validationLoss.isEmpty)
        XCTAssertLessThan(history.trainLoss.last!, history.trainLoss.first!)
    }

    func testGradientClippingToGlobalNorm() throws {
        let (x, y) = problem()
        let network = try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 8, activation: .tanh), .dense(units: 1)], seed: 1)
        let gradient = try network.gradient(x, y, loss: .meanSquaredError).parameters
        let norm = gradient.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertGreaterThan(norm, 0.01)
        // One full batch of plain SGD at rate 1: the step is -clip · g / |g|.
        var clipped = network
        try clipped.fit(x, y, loss: .meanSquaredError,
                        options: .init(epochs: 1, batchSize: 64, optimizer: .sgd(learningRate: 1), clipNorm: 0.01, shuffle: false))
        for i in gradient.indices {
            XCTAssertEqual(clipped.parameters[i] - network.parameters[i], -0.01 * gradient[i] / norm, accuracy: 1e-15)
        }
        // A bound above the norm changes nothing.
        var unclipped = network, free = network
        try unclipped.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 1, batchSize: 64, optimizer: .sgd(learningRate: 1),
                                                                       clipNorm: 2 * norm, shuffle: false))
        try free.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 1, batchSize: 64, optimizer: .sgd(learningRate: 1), shuffle: false))
        XCTAssertEqual(unclipped.parameters, free.parameters)
    }

    func testValidationSplitLastHoldsOutTheLastSamples() throws {
        let (x, y) = problem()
        var network = try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 1)
        let history = try network.fit(x, y, loss: .meanSquaredError,
                                      options: .init(epochs: 1, batchSize: 8, validation: .last(fraction: 0.25), restoreBest: false))
        let last = Array(48..<64)
        XCTAssertEqual(history.validationLoss[0], try network.loss(x.samples(last), y.samples(last), loss: .meanSquaredError),
                       accuracy: 1e-15)
    }

    func testEarlyStoppingRestoresTheBestWeights() throws {
        // Validation targets contradict the training targets: the validation loss soon rises.
        let (x, y) = problem()
        let flipped = try Neural.Tensor(shape: y.shape, scalars: y.scalars.map { -$0 })
        var network = try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 8, activation: .tanh), .dense(units: 1)], seed: 1)
        let history = try network.fit(x, y, loss: .meanSquaredError,
                                      options: .init(epochs: 200, batchSize: 16, optimizer: .adam(learningRate: 0.01), patience: 3),
                                      validationData: (x, flipped))
        XCTAssertTrue(history.stoppedEarly)
        let best = try XCTUnwrap(history.bestEpoch)
        XCTAssertEqual(history.epochs, best + 1 + 3)
        XCTAssertEqual(history.validationLoss.min(), history.validationLoss[best])
        XCTAssertTrue(history.restoredBest)
        XCTAssertEqual(try network.loss(x, flipped, loss: .meanSquaredError), history.validationLoss[best], accuracy: 1e-15)

        // Without restoring, the weights are the last epoch's.
        var last = try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 8, activation: .tanh), .dense(units: 1)], seed: 1)
        let lastHistory = try last.fit(x, y, loss: .meanSquaredError,
                                       options: .init(epochs: 200, batchSize: 16, optimizer: .adam(learningRate: 0.01), patience: 3,
                                                      restoreBest: false), validationData: (x, flipped))
        XCTAssertFalse(lastHistory.restoredBest)
        XCTAssertEqual(try last.loss(x, flipped, loss: .meanSquaredError), lastHistory.validationLoss.last!, accuracy: 1e-15)
    }

    func testBadInputsThrowClearErrors() throws {
        let (x, y) = problem()
        var network = try Neural.Network<Double>(inputShape: [3], layers: layers, seed: 1)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        XCTAssertTrue(message { try network.fit(x, y, loss: .meanSquaredError, options: .init(patience: 2)) }
            .contains("needs validation samples"))
        XCTAssertTrue(message { _ = try network.predict(Support.randomTensor([5, 4], seed: 1)) }
            .contains("samples of shape [4], the network takes [3]"))
        XCTAssertTrue(message { try network.fit(x, x, loss: .meanSquaredError) }.contains("targets of shape"))
        XCTAssertTrue(message { try network.fit(x, y, loss: .meanSquaredError, options: .init(validation: .last(fraction: 1.5))) }
            .contains("validation fraction"))
        XCTAssertTrue(message { try network.fit(x, y, loss: .meanSquaredError, options: .init(batchSize: 0)) }.contains("batch size"))
        var linear = try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 1)], seed: 1)
        let diverged = message { try linear.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 20, optimizer: .sgd(learningRate: 1e6))) }
        XCTAssertTrue(diverged.contains("the training loss is"), diverged)
        XCTAssertEqual(linear, try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 1)], seed: 1), "a failed fit leaves the weights")
        XCTAssertTrue(message { _ = try Neural.Network<Double>(inputShape: [3], layers: [.lstm(units: 2)], seed: 1) }
            .contains("a recurrent layer takes (time, features) samples"))
        XCTAssertTrue(message { _ = try Neural.Network<Double>(inputShape: [3], layers: [.dropout(rate: 1)], seed: 1) }
            .contains("rate must be in [0, 1)"))
        XCTAssertTrue(message { _ = try Neural.Network<Double>(inputShape: [3], layers: [.dense(units: 2)], parameters: [1, 2]) }
            .contains("has 8 parameters, got 2"))
        XCTAssertThrowsError(try Neural.Tensor<Double>(shape: [2, 3], scalars: [1, 2]))
    }

    func testNetworkCodableRoundTrip() throws {
        let (network, _) = try fitted(Float.self, initSeed: 1, trainSeed: 2, recurrent: true)
        let data = try JSONEncoder().encode(network)
        let decoded = try JSONDecoder().decode(Neural.Network<Float>.self, from: data)
        XCTAssertEqual(decoded.parameters.map(\.bitPattern), network.parameters.map(\.bitPattern))
        XCTAssertEqual(decoded, network)
        // A tampered parameter count is rejected.
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        object["parameters"] = [1.0]
        XCTAssertThrowsError(try JSONDecoder().decode(Neural.Network<Float>.self,
                                                      from: JSONSerialization.data(withJSONObject: object)))
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
