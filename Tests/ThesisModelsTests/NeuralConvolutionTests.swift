import Foundation
import XCTest
@testable import ThesisModels

/// The image layers (convolution, pooling, global average pooling, batch normalisation,
/// flatten) against JAX (Tests/Fixtures/cnn/generate_cnn.py: forward values, vector–Jacobian
/// products and running estimates in float64) and against central finite differences.
final class NeuralConvolutionTests: XCTestCase {
    typealias Support = NeuralTestSupport

    struct Case: Decodable {
        var name: String
        var layer: [String: JSONValue]
        var input_shape: [Int]
        var output_shape: [Int]
        var x: [Double]
        var params: [Double]
        var y: [Double]?
        var dy: [Double]?
        var dx: [Double]
        var dparams: [Double]
        var running_mean: [Double]?
        var running_var: [Double]?
        var running_mean_out: [Double]?
        var running_var_out: [Double]?
        var targets: [Double]?
        var loss: Double?
    }

    enum JSONValue: Decodable {
        case number(Double), text(String), list([JSONValue]), object([String: JSONValue])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Double.self) { self = .number(v) }
            else if let v = try? c.decode(String.self) { self = .text(v) }
            else if let v = try? c.decode([JSONValue].self) { self = .list(v) }
            else { self = .object(try c.decode([String: JSONValue].self)) }
        }

        var number: Double? { if case .number(let v) = self { return v } else { return nil } }
        var text: String? { if case .text(let v) = self { return v } else { return nil } }
        var size: Neural.Size2? {
            if case .list(let v) = self, v.count == 2, let a = v[0].number, let b = v[1].number { return Neural.Size2(Int(a), Int(b)) }
            return nil
        }
    }

    struct Fixture: Decodable { var cases: [Case] }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cnn/layers.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// The engine's layer for a fixture's layer description (and whether it runs in training mode).
    static func layer(_ d: [String: JSONValue]) -> (Neural.Layer, training: Bool) {
        switch d["kind"]?.text {
        case "conv2d":
            return (.conv2d(filters: Int(d["filters"]!.number!), kernel: d["kernel"]!.size!, stride: d["stride"]!.size!,
                            padding: d["padding"]!.size!, dilation: d["dilation"]!.size!,
                            activation: Neural.Activation(rawValue: d["activation"]!.text!)!), false)
        case "maxpool": return (.maxPool(size: d["size"]!.size!, stride: d["stride"]!.size!), false)
        case "avgpool": return (.averagePool(size: d["size"]!.size!, stride: d["stride"]!.size!), false)
        case "globalavgpool": return (.globalAveragePool, false)
        case "batchnorm":
            return (.batchNorm(momentum: d["momentum"]!.number!, epsilon: d["epsilon"]!.number!), d["mode"]?.text == "training")
        case "flatten": return (.flatten, false)
        case "dense": return (.dense(units: Int(d["units"]!.number!), activation: Neural.Activation(rawValue: d["activation"]!.text!)!), false)
        default: fatalError("unknown layer \(d)")
        }
    }

    func assertClose(_ actual: [Double], _ expected: [Double], _ what: String, tolerance: Double = 1e-10,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let scale = max(1, expected.map(abs).max() ?? 0)
        let error = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(error / scale, tolerance, what, file: file, line: line)
    }

    func testEveryLayerMatchesJAX() throws {
        let cases = Self.fixture.cases.filter { $0.layer["kind"]?.text != "network" }
        XCTAssertGreaterThanOrEqual(cases.count, 15)
        for c in cases {
            let (layer, training) = Self.layer(c.layer)
            let state = c.running_mean.map { $0 + c.running_var! }
            let network = try Neural.Network<Double>(inputShape: Array(c.input_shape.dropFirst()), layers: [layer],
                                                     parameters: c.params, state: state)
            XCTAssertEqual([c.input_shape[0]] + network.outputShape, c.output_shape, c.name)
            let x = try Neural.Tensor(shape: c.input_shape, scalars: c.x)
            let dy = try Neural.Tensor(shape: c.output_shape, scalars: c.dy!)
            let result = try network.vectorJacobianProduct(x, outputGradient: dy, training: training)
            assertClose(result.output.scalars, c.y!, "\(c.name): output")
            assertClose(result.input.scalars, c.dx, "\(c.name): input gradient")
            assertClose(result.parameters, c.dparams, "\(c.name): parameter gradient")
            if let mean = c.running_mean_out, let variance = c.running_var_out {
                assertClose(result.state, mean + variance, "\(c.name): running estimates")
            } else if let state {
                XCTAssertEqual(result.state, state, "\(c.name): inference keeps the running estimates")
            }
        }
    }

    func testSmallNetworkLossAndGradientsMatchJAX() throws {
        let c = try XCTUnwrap(Self.fixture.cases.first { $0.layer["kind"]?.text == "network" })
        guard case .list(let items)? = c.layer["layers"] else { return XCTFail("no layers") }
        let layers = items.map { item -> Neural.Layer in
            guard case .object(let d) = item else { fatalError() }
            return Self.layer(d).0
        }
        let network = try Neural.Network<Double>(inputShape: Array(c.input_shape.dropFirst()), layers: layers, parameters: c.params)
        let x = try Neural.Tensor(shape: c.input_shape, scalars: c.x)
        let t = try Neural.Tensor(shape: c.output_shape, scalars: c.targets!)
        // Training mode (batch statistics), as the fixture's batch normalisation runs.
        let result = try network.gradient(x, t, loss: .softmaxCrossEntropy, dropoutSeed: 0)
        XCTAssertEqual(result.loss, c.loss!, accuracy: 1e-12)
        assertClose(result.parameters, c.dparams, "network: parameter gradient")
        assertClose(result.input.scalars, c.dx, "network: input gradient")
        let pass = try network.vectorJacobianProduct(x, outputGradient: Neural.Tensor(zeros: c.output_shape), training: true)
        assertClose(pass.output.scalars, c.y!, "network: logits")
        assertClose(pass.state, c.running_mean_out! + c.running_var_out!, "network: running estimates")
    }

    // MARK: - Finite differences

    let tolerance = 1e-6

    /// The loss gradient of `layers` with respect to parameters and input against central differences.
    func checkGradients(_ layers: [Neural.Layer], input: [Int], batch: Int = 3, training: Bool = false, seed: UInt64 = 1,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let network = try Neural.Network<Double>(inputShape: input, layers: layers, initialization: .glorotNormal, seed: seed)
        let x = Support.randomTensor([batch] + input, seed: seed + 10)
        let y = Support.randomTensor([batch] + network.outputShape, seed: seed + 20)
        let mode: UInt64? = training ? 5 : nil
        let analytic = try network.gradient(x, y, loss: .meanSquaredError, dropoutSeed: mode)
        let numeric = try Support.numericalGradient(at: network.parameters) { p in
            try Neural.Network(inputShape: input, layers: layers, parameters: p, state: network.state)
                .loss(x, y, loss: .meanSquaredError, dropoutSeed: mode)
        }
        XCTAssertLessThan(Support.relativeError(analytic.parameters, numeric), tolerance, "parameters of \(layers)", file: file, line: line)
        let numericInput = try Support.numericalGradient(at: x.scalars) { values in
            try network.loss(Neural.Tensor(shape: x.shape, scalars: values), y, loss: .meanSquaredError, dropoutSeed: mode)
        }
        XCTAssertLessThan(Support.relativeError(analytic.input.scalars, numericInput), tolerance, "input of \(layers)", file: file, line: line)
        XCTAssertGreaterThan(numericInput.map(abs).max() ?? 0, 1e-4, "the check needs non-trivial gradients", file: file, line: line)
    }

    func testConvolutionGradients() throws {
        try checkGradients([.conv2d(filters: 3, kernel: 3, padding: 1, activation: .tanh), .flatten, .dense(units: 2)], input: [2, 5, 5])
        try checkGradients([.conv2d(filters: 2, kernel: Neural.Size2(2, 3), stride: Neural.Size2(2, 1), padding: Neural.Size2(1, 2),
                                    dilation: Neural.Size2(1, 2), activation: .gelu), .flatten], input: [3, 6, 7], seed: 4)
    }

    func testPoolingGradients() throws {
        try checkGradients([.conv2d(filters: 2, kernel: 3, padding: 1), .maxPool(size: 2), .flatten], input: [1, 6, 6])
        try checkGradients([.averagePool(size: 3, stride: 2), .flatten, .dense(units: 2)], input: [2, 7, 7], seed: 2)
        try checkGradients([.conv2d(filters: 4, kernel: 3), .globalAveragePool, .dense(units: 3)], input: [2, 6, 5], seed: 3)
    }

    func testBatchNormalisationGradients() throws {
        let layers: [Neural.Layer] = [.conv2d(filters: 3, kernel: 3), .batchNorm(), .activation(.tanh), .flatten, .dense(units: 2)]
        try checkGradients(layers, input: [2, 5, 5], batch: 4, training: true)
        try checkGradients(layers, input: [2, 5, 5], batch: 4, training: false)
        try checkGradients([.dense(units: 4), .batchNorm(momentum: 0.3), .dense(units: 2)], input: [3], batch: 5, training: true, seed: 6)
    }

    // MARK: - Shapes, precision, freezing

    func testShapesAndErrors() throws {
        let network = try Neural.Network<Float>(
            inputShape: [1, 28, 28],
            layers: [.conv2d(filters: 16, kernel: 3, padding: 1, activation: .relu), .maxPool(size: 2),
                     .conv2d(filters: 32, kernel: 3, padding: 1, activation: .relu), .maxPool(size: 2), .flatten, .dense(units: 10)],
            seed: 0)
        XCTAssertEqual(network.outputShape, [10])
        XCTAssertEqual(network.parameters.count, 16 * 9 + 16 + 32 * 16 * 9 + 32 + 32 * 7 * 7 * 10 + 10)
        XCTAssertEqual(network.parameterSegments[0].shape, [16, 1, 3, 3])
        func fails(_ layers: [Neural.Layer], _ input: [Int], _ text: String) {
            XCTAssertThrowsError(try Neural.Network<Double>(inputShape: input, layers: layers, seed: 0)) { error in
                XCTAssertTrue("\(error)".contains(text), "\(error)")
            }
        }
        fails([.conv2d(filters: 2, kernel: 3), .dense(units: 2)], [1, 5, 5], "flatten or pool first")
        fails([.conv2d(filters: 2, kernel: 7)], [1, 5, 5], "does not fit")
        fails([.maxPool(size: 2)], [10], "(channels, height, width)")
        fails([.conv2d(filters: 0, kernel: 3)], [1, 5, 5], "at least one filter")
        fails([.batchNorm(epsilon: 0)], [3], "epsilon positive")
    }

    func testFloatAgreesWithDouble() throws {
        let layers: [Neural.Layer] = [.conv2d(filters: 4, kernel: 3, padding: 1, activation: .relu), .maxPool(size: 2),
                                      .batchNorm(), .flatten, .dense(units: 3)]
        let double = try Neural.Network<Double>(inputShape: [2, 8, 8], layers: layers, seed: 9)
        let float = try Neural.Network<Float>(inputShape: [2, 8, 8], layers: layers,
                                              parameters: double.parameters.map(Float.init))
        let x = Support.randomTensor([5, 2, 8, 8], seed: 3)
        let a = try double.predict(x).scalars, b = try float.predict(Neural.Tensor<Float>(x)).scalars.map(Double.init)
        assertClose(b, a, "float32 against float64", tolerance: 1e-5)
    }

    func testFrozenLayersKeepTheirWeightsAndRunningEstimates() throws {
        var network = try Neural.Network<Double>(
            inputShape: [1, 6, 6], layers: [.conv2d(filters: 2, kernel: 3, activation: .relu), .batchNorm(), .flatten, .dense(units: 2)],
            seed: 1)
        let before = network
        let x = Support.randomTensor([20, 1, 6, 6], seed: 2), y = Support.randomTensor([20, 2], seed: 3)
        try network.fit(x, y, loss: .meanSquaredError,
                        options: .init(epochs: 3, batchSize: 5, optimizer: .adamW(learningRate: 0.01, weightDecay: 0.1),
                                       frozenLayers: [0, 1]))
        for segment in network.parameterSegments {
            let same = network.values(of: segment) == before.values(of: segment)
            XCTAssertEqual(same, segment.layer < 2, "layer \(segment.layer) \(segment.name)")
        }
        XCTAssertEqual(network.state, before.state, "a frozen batch normalisation keeps its running estimates")
        XCTAssertThrowsError(try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 1, frozenLayers: [9])))
    }

    func testTrainingUpdatesRunningEstimatesAndSavesThem() throws {
        var network = try Neural.Network<Double>(inputShape: [1, 4, 4], layers: [.batchNorm(), .flatten, .dense(units: 1)], seed: 1)
        let x = Support.randomTensor([16, 1, 4, 4], seed: 2, scale: 3), y = Support.randomTensor([16, 1], seed: 3)
        try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 2, batchSize: 4))
        XCTAssertNotEqual(network.state, [0, 1])
        let decoded = try JSONDecoder().decode(Neural.Network<Double>.self, from: JSONEncoder().encode(network))
        XCTAssertEqual(decoded, network)
        XCTAssertEqual(try decoded.predict(x), try network.predict(x))
    }
}

extension NeuralConvolutionTests {
    /// Over many batches the running estimates converge to the data's per-channel mean and
    /// variance, so inference normalises as training did.
    func testRunningEstimatesConvergeToTheDataStatistics() throws {
        var network = try Neural.Network<Double>(inputShape: [2, 3, 3], layers: [.batchNorm(momentum: 0.1), .flatten, .dense(units: 1)],
                                                 seed: 1)
        var random = Neural.Random(seed: 9, stream: 0)
        let n = 400
        var values: [Double] = []
        var channels: [[Double]] = [[], []]
        for _ in 0..<n {
            for c in 0..<2 {
                for _ in 0..<9 {
                    let v: Double = c == 0 ? 3 + 2 * random.normal() : -1 + 0.5 * random.normal()
                    values.append(v)
                    channels[c].append(v)
                }
            }
        }
        let x = try Neural.Tensor(shape: [n, 2, 3, 3], scalars: values), y = Neural.Tensor<Double>(zeros: [n, 1])
        try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 30, batchSize: 50, optimizer: .sgd(learningRate: 1e-9)))
        func mean(_ c: Int) -> Double { channels[c].reduce(0, +) / Double(channels[c].count) }
        func variance(_ c: Int) -> Double {
            let m = mean(c)
            return channels[c].map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(channels[c].count)
        }
        XCTAssertEqual(network.state[0], mean(0), accuracy: 0.05)
        XCTAssertEqual(network.state[1], mean(1), accuracy: 0.02)
        XCTAssertEqual(network.state[2], variance(0), accuracy: 0.3)
        XCTAssertEqual(network.state[3], variance(1), accuracy: 0.03)
    }
}
