import XCTest
@testable import ThesisModels

/// Every layer's and loss's analytic gradient against central finite differences in float64.
/// The error measure is `max |analytic - numeric| / max |numeric|` over all coordinates; the
/// bound is 1e-6 everywhere (typical values are 1e-9 to 1e-11).
final class NeuralGradientTests: XCTestCase {
    typealias Support = NeuralTestSupport
    let tolerance = 1e-6

    /// Checks the parameter and the input gradient of `layers` on random data.
    func checkNetwork(_ layers: [Neural.Layer], input: [Int], batch: Int = 3, loss: Neural.Loss = .meanSquaredError,
                      dropoutSeed: UInt64? = nil, seed: UInt64 = 1, zeroAllowed: Set<String> = [],
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let network = try Neural.Network<Double>(inputShape: input, layers: layers, initialization: .glorotNormal, seed: seed)
        let x = Support.randomTensor([batch] + input, seed: seed + 10)
        let y = Support.randomTensor([batch] + network.outputShape, seed: seed + 20)
        let analytic = try network.gradient(x, y, loss: loss, dropoutSeed: dropoutSeed)
        XCTAssertEqual(analytic.loss, try network.loss(x, y, loss: loss, dropoutSeed: dropoutSeed), accuracy: 1e-12, file: file, line: line)

        let numericParameters = try Support.numericalGradient(at: network.parameters) { p in
            try Neural.Network(inputShape: input, layers: layers, parameters: p).loss(x, y, loss: loss, dropoutSeed: dropoutSeed)
        }
        let parameterError = Support.relativeError(analytic.parameters, numericParameters)
        XCTAssertLessThan(parameterError, tolerance, "parameters of \(layers)", file: file, line: line)
        XCTAssertGreaterThan(numericParameters.map(abs).max() ?? 0, 1e-4, "the check needs non-trivial gradients", file: file, line: line)

        let numericInput = try Support.numericalGradient(at: x.scalars) { values in
            try network.loss(Neural.Tensor(shape: x.shape, scalars: values), y, loss: loss, dropoutSeed: dropoutSeed)
        }
        let inputError = Support.relativeError(analytic.input.scalars, numericInput)
        XCTAssertLessThan(inputError, tolerance, "input of \(layers)", file: file, line: line)

        // Every segment's gradient must be non-zero somewhere (no block silently skipped).
        for segment in network.parameterSegments where !zeroAllowed.contains(segment.name) {
            XCTAssertGreaterThan(analytic.parameters[segment.range].map(abs).max() ?? 0, 0,
                                 "\(segment.name) of layer \(segment.layer) has a zero gradient", file: file, line: line)
        }
    }

    func testDense() throws {
        try checkNetwork([.dense(units: 4)], input: [5])
    }

    func testDenseWithEachActivation() throws {
        for activation in Neural.Activation.allCases {
            try checkNetwork([.dense(units: 6, activation: activation), .dense(units: 2)], input: [4], seed: 3)
        }
    }

    func testStandaloneActivations() throws {
        for activation in Neural.Activation.allCases {
            try checkNetwork([.dense(units: 5), .activation(activation), .dense(units: 3)], input: [4], seed: 5)
        }
    }

    func testDenseOnSequences() throws {
        // A dense layer on (time, features) samples acts at every step.
        try checkNetwork([.dense(units: 3, activation: .tanh), .dense(units: 2)], input: [4, 3])
    }

    func testDropoutWithFixedMask() throws {
        try checkNetwork([.dense(units: 8, activation: .tanh), .dropout(rate: 0.4), .dense(units: 3)], input: [4],
                         batch: 5, dropoutSeed: 42)
        // The mask really is applied: training-mode loss differs from inference.
        let network = try Neural.Network<Double>(inputShape: [4], layers: [.dense(units: 8), .dropout(rate: 0.4), .dense(units: 3)], seed: 1)
        let x = Support.randomTensor([5, 4], seed: 2), y = Support.randomTensor([5, 3], seed: 3)
        XCTAssertNotEqual(try network.loss(x, y, loss: .meanSquaredError, dropoutSeed: 42),
                          try network.loss(x, y, loss: .meanSquaredError))
    }

    func testLSTMLastState() throws {
        try checkNetwork([.lstm(units: 4), .dense(units: 2)], input: [5, 3])
    }

    func testLSTMSequenceAndStacked() throws {
        try checkNetwork([.lstm(units: 3, returnSequences: true)], input: [4, 2], seed: 7)
        try checkNetwork([.lstm(units: 3, returnSequences: true), .lstm(units: 4), .dense(units: 1)], input: [6, 2], seed: 8)
    }

    func testGRULastState() throws {
        try checkNetwork([.gru(units: 4), .dense(units: 2)], input: [5, 3])
    }

    func testGRUSequenceAndStacked() throws {
        try checkNetwork([.gru(units: 3, returnSequences: true)], input: [4, 2], seed: 7)
        try checkNetwork([.gru(units: 3, returnSequences: true), .gru(units: 4), .dense(units: 1)], input: [6, 2], seed: 8)
    }

    func testSingleStepAndSingleFeatureRecurrences() throws {
        // One step from the zero state: the recurrent weights get no gradient, correctly.
        try checkNetwork([.lstm(units: 2)], input: [1, 1], batch: 2, zeroAllowed: ["recurrentWeight"])
        try checkNetwork([.gru(units: 2, returnSequences: true)], input: [3, 1], batch: 1)
    }

    func testNetworkLossesThroughLayers() throws {
        try checkNetwork([.dense(units: 6, activation: .gelu), .dense(units: 4)], input: [3], batch: 4, loss: .huber(delta: 0.5))
        try checkNetwork([.dense(units: 6, activation: .sigmoid), .dense(units: 4)], input: [3], batch: 4, loss: .meanAbsoluteError)
    }

    // MARK: - Losses on their own

    func checkLoss(_ loss: Neural.Loss, prediction: Neural.Tensor<Double>, target: Neural.Tensor<Double>,
                   file: StaticString = #filePath, line: UInt = #line) throws {
        let analytic = try loss.gradient(prediction: prediction, target: target)
        XCTAssertEqual(analytic.value, try loss.value(prediction: prediction, target: target), file: file, line: line)
        let numeric = try Support.numericalGradient(at: prediction.scalars) { p in
            try loss.value(prediction: Neural.Tensor(shape: prediction.shape, scalars: p), target: target)
        }
        XCTAssertLessThan(Support.relativeError(analytic.gradient.scalars, numeric), tolerance, "\(loss)", file: file, line: line)
    }

    func testRegressionLossGradients() throws {
        let p = Support.randomTensor([6, 3], seed: 1), y = Support.randomTensor([6, 3], seed: 2)
        try checkLoss(.meanSquaredError, prediction: p, target: y)
        try checkLoss(.meanAbsoluteError, prediction: p, target: y)
        // Residuals on both sides of delta.
        try checkLoss(.huber(delta: 0.7), prediction: p, target: y)
        try checkLoss(.huber(delta: 1), prediction: p, target: y)
    }

    func testClassificationLossGradients() throws {
        let logits = Support.randomTensor([5, 4], seed: 3, scale: 2)
        var random = Neural.Random(seed: 4, stream: 0)
        let labels = (0..<5).map { _ in random.below(4) }
        let oneHot = try Neural.Tensor<Double>(rows: labels.map { l in (0..<4).map { $0 == l ? 1 : 0 } })
        try checkLoss(.softmaxCrossEntropy, prediction: logits, target: oneHot)
        // Soft targets (rows summing to 1) and a sequence of class scores.
        let soft = try Neural.Tensor<Double>(rows: (0..<5).map { _ in
            let w = (0..<4).map { _ in random.uniform() + 0.1 }
            return w.map { $0 / w.reduce(0, +) }
        })
        try checkLoss(.softmaxCrossEntropy, prediction: logits, target: soft)
        let bits = try Neural.Tensor<Double>(shape: [5, 4], scalars: (0..<20).map { _ in random.uniform() < 0.5 ? 0 : 1 })
        try checkLoss(.binaryCrossEntropy, prediction: logits, target: bits)
    }

    func testLossValuesByHand() throws {
        let p = try Neural.Tensor<Double>(rows: [[1, 2], [3, -1]]), y = try Neural.Tensor<Double>(rows: [[0, 2], [1, 1]])
        // Residuals 1, 0, 2, -2.
        XCTAssertEqual(try Neural.Loss.meanSquaredError.value(prediction: p, target: y), (1 + 0 + 4 + 4) / 4.0)
        XCTAssertEqual(try Neural.Loss.meanAbsoluteError.value(prediction: p, target: y), (1 + 0 + 2 + 2) / 4.0)
        XCTAssertEqual(try Neural.Loss.huber(delta: 1).value(prediction: p, target: y), (0.5 + 0 + 1.5 + 1.5) / 4.0)
        // Softmax cross-entropy of logits (1, 2) with label 1 and (3, -1) with label 0.
        let labels = try Neural.Tensor<Double>(rows: [[0, 1], [1, 0]])
        let expected = (log(exp(1.0) + exp(2.0)) - 2 + log(exp(3.0) + exp(-1.0)) - 3) / 2
        XCTAssertEqual(try Neural.Loss.softmaxCrossEntropy.value(prediction: p, target: labels), expected, accuracy: 1e-15)
        // Binary cross-entropy: -[y log σ(p) + (1 - y) log(1 - σ(p))].
        let sigma = { (z: Double) in 1 / (1 + exp(-z)) }
        let bce = [(1.0, 0.0), (2, 1), (3, 1), (-1, 0)].map { z, t in -(t * log(sigma(z)) + (1 - t) * log(1 - sigma(z))) }
        let bits = try Neural.Tensor<Double>(rows: [[0, 1], [1, 0]])
        XCTAssertEqual(try Neural.Loss.binaryCrossEntropy.value(prediction: p, target: bits), bce.reduce(0, +) / 4, accuracy: 1e-15)
        // Extreme logits stay finite.
        let extreme = try Neural.Tensor<Double>(rows: [[800, -800]])
        XCTAssertEqual(try Neural.Loss.softmaxCrossEntropy.value(prediction: extreme, target: try .init(rows: [[0, 1]])), 1600)
        XCTAssertEqual(try Neural.Loss.binaryCrossEntropy.value(prediction: extreme, target: try .init(rows: [[0, 1]])), 800)
        XCTAssertThrowsError(try Neural.Loss.meanSquaredError.value(prediction: p, target: labels.samples([0])))
    }

    // MARK: - Float against Double

    func testFloatGradientsMatchDouble() throws {
        let layers: [Neural.Layer] = [.lstm(units: 4, returnSequences: true), .gru(units: 3), .dense(units: 5, activation: .gelu),
                                      .dropout(rate: 0.3), .dense(units: 2)]
        let double = try Neural.Network<Double>(inputShape: [5, 2], layers: layers, seed: 11)
        let float = try Neural.Network<Float>(inputShape: [5, 2], layers: layers, parameters: double.parameters.map(Float.init))
        let x = Support.randomTensor([4, 5, 2], seed: 12), y = Support.randomTensor([4, 2], seed: 13)
        let g64 = try double.gradient(x, y, loss: .meanSquaredError, dropoutSeed: 3)
        let g32 = try float.gradient(Neural.Tensor<Float>(x), Neural.Tensor<Float>(y), loss: .meanSquaredError, dropoutSeed: 3)
        XCTAssertEqual(g32.loss, g64.loss, accuracy: 1e-5 * g64.loss)
        XCTAssertLessThan(Support.relativeError(g32.parameters.map(Double.init), g64.parameters), 1e-4)
        XCTAssertLessThan(Support.relativeError(Neural.Tensor<Double>(g32.input).scalars, g64.input.scalars), 1e-4)
    }
}
