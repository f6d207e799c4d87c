import ThesisLinearAlgebra

extension Neural {
    /// Where one weight matrix or bias vector sits in `Network.parameters`.
    public struct ParameterSegment: Codable, Hashable, Sendable {
        /// Index of the layer in `Network.layers`.
        public let layer: Int
        /// `weight`/`bias` (dense), `inputWeight`, `recurrentWeight`, `bias` (LSTM),
        /// `inputWeight`, `recurrentWeight`, `inputBias`, `recurrentBias` (GRU).
        public let name: String
        /// The indices in `Network.parameters`.
        public let range: Range<Int>
        /// `[rows, columns]` of a weight matrix, stored column-major (element `(i, j)` at
        /// `range.lowerBound + i + j * rows`), or `[count]` for a bias. Recurrent matrices stack
        /// the gates' blocks of `units` rows: `i, f, g, o` (LSTM), `r, z, n` (GRU).
        public let shape: [Int]
        /// Whether weight decay applies (weights yes, biases no).
        public let decays: Bool
    }

    /// A feed-forward stack of layers with its weights: an architecture plus one flat parameter
    /// vector, a value type (Codable, so a fitted network can be cached).
    ///
    /// Build it with `init(inputShape:layers:initialization:seed:)`, train it with `fit`, and
    /// evaluate it with `predict`, `loss` and `gradient`.
    public struct Network<Scalar: NeuralScalar>: Codable, Hashable, Sendable {
        /// The shape of one input sample: `[features]` or `[time, features]`.
        public let inputShape: [Int]
        /// The layers, first to last.
        public let layers: [Layer]
        /// The shape of one output sample.
        public let outputShape: [Int]
        /// Where each layer's weights and biases sit in `parameters`, in order.
        public let parameterSegments: [ParameterSegment]
        /// Every weight and bias, layer after layer, in the order of `parameterSegments`.
        public var parameters: [Scalar] {
            willSet { precondition(newValue.count == parameters.count, "a network has \(parameters.count) parameters, got \(newValue.count)") }
        }
        /// Values the network keeps but does not train: each batch normalisation layer's running
        /// mean then running variance, layer after layer (empty without such layers).
        public var state: [Scalar] {
            willSet { precondition(newValue.count == state.count, "a network has \(state.count) state values, got \(newValue.count)") }
        }

        /// A network with freshly drawn weights (stream 0 of `seed`; see `Initialization`).
        /// - Throws: `NeuralError` when a layer does not fit its input (a recurrent layer needs
        ///   `(time, features)` samples) or has a bad size or rate.
        public init(inputShape: [Int], layers: [Layer], initialization: Initialization = .automatic, seed: UInt64) throws {
            let plan = try NeuralPlan(inputShape: inputShape, layers: layers)
            self.inputShape = inputShape
            self.layers = layers
            self.outputShape = plan.outputShape
            self.parameterSegments = plan.segments
            var random = Random(seed: seed, stream: 0)
            self.parameters = Tensor<Scalar>.convert(plan.initialValues(initialization, random: &random))
            self.state = Tensor<Scalar>.convert(plan.initialState)
        }

        /// A network with the given weights (`parameters` in the order of `parameterSegments`)
        /// and running estimates (`state`; nil starts them at mean 0, variance 1).
        /// - Throws: `NeuralError` if the architecture is invalid or a count is wrong.
        public init(inputShape: [Int], layers: [Layer], parameters: [Scalar], state: [Scalar]? = nil) throws {
            let plan = try NeuralPlan(inputShape: inputShape, layers: layers)
            guard parameters.count == plan.parameterCount else {
                throw NeuralError("this architecture has \(plan.parameterCount) parameters, got \(parameters.count)")
            }
            let state = state ?? Tensor<Scalar>.convert(plan.initialState)
            guard state.count == plan.stateCount else {
                throw NeuralError("this architecture keeps \(plan.stateCount) running estimates, got \(state.count)")
            }
            self.inputShape = inputShape
            self.layers = layers
            self.outputShape = plan.outputShape
            self.parameterSegments = plan.segments
            self.parameters = parameters
            self.state = state
        }

        private enum CodingKeys: String, CodingKey { case inputShape, layers, parameters, state }

        /// Decodes the architecture and weights, checking that they fit each other.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try self.init(inputShape: container.decode([Int].self, forKey: .inputShape),
                          layers: container.decode([Layer].self, forKey: .layers),
                          parameters: container.decode([Scalar].self, forKey: .parameters),
                          state: container.decodeIfPresent([Scalar].self, forKey: .state))
        }

        /// Encodes `inputShape`, `layers` and `parameters` (the rest is derived from them).
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(inputShape, forKey: .inputShape)
            try container.encode(layers, forKey: .layers)
            try container.encode(parameters, forKey: .parameters)
            if !state.isEmpty { try container.encode(state, forKey: .state) }
        }

        /// The parameters of `segment` as a copy.
        public func values(of segment: ParameterSegment) -> [Scalar] { Array(parameters[segment.range]) }

        /// The network's output for every sample of `x` (inference: dropout off), computed in
        /// chunks of `batchSize` samples.
        /// - Throws: `NeuralError` if the samples do not have shape `inputShape`.
        public func predict(_ x: Tensor<Scalar>, batchSize: Int = 512) throws -> Tensor<Scalar> {
            try check(x, "predict")
            let engine = NeuralEngine(self)
            var out = Tensor<Scalar>(zeros: [x.count] + outputShape)
            let outSize = outputShape.reduce(1, *)
            let chunk = max(1, batchSize)
            var random = Random(state: 0)
            let input = NeuralBuffer<Scalar>(min(chunk, x.count) * x.sampleSize)
            x.withUnsafeBufferPointer { xs in
                out.withUnsafeMutableBufferPointer { ys in
                    var start = 0
                    while start < x.count {
                        let b = min(chunk, x.count - start)
                        input.pointer.update(from: xs.baseAddress! + start * x.sampleSize, count: b * x.sampleSize)
                        let y = engine.forward(input.pointer, batch: b, training: false, random: &random)
                        (ys.baseAddress! + start * outSize).update(from: y, count: b * outSize)
                        start += b
                    }
                }
            }
            return out
        }

        /// The loss of the network on `(x, y)`: at inference, or in training mode with the
        /// dropout masks drawn from stream 3 of `dropoutSeed` (the same seed gives the same masks,
        /// which is how a gradient check holds the masks fixed).
        public func loss(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, loss: Loss, dropoutSeed: UInt64? = nil) throws -> Double {
            try evaluate(x, y, loss: loss, dropoutSeed: dropoutSeed, gradient: false).loss
        }

        /// The loss on `(x, y)` with its gradient with respect to every parameter and to the input.
        /// `dropoutSeed` as in `loss(_:_:loss:dropoutSeed:)`.
        public func gradient(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, loss: Loss,
                             dropoutSeed: UInt64? = nil) throws -> (loss: Double, parameters: [Scalar], input: Tensor<Scalar>) {
            let result = try evaluate(x, y, loss: loss, dropoutSeed: dropoutSeed, gradient: true)
            return (result.loss, result.parameters!, result.input!)
        }

        /// One forward and backward pass with a given output gradient (a vector–Jacobian product):
        /// the output for `x`, the gradient `dyᵀ ∂y/∂θ` for every parameter, `dyᵀ ∂y/∂x`, and the
        /// running estimates after the pass. `training` runs batch normalisation on the batch's
        /// statistics (updating the estimates) and dropout with masks from stream 3 of `dropoutSeed`.
        /// - Throws: `NeuralError` for mismatched shapes.
        public func vectorJacobianProduct(_ x: Tensor<Scalar>, outputGradient dy: Tensor<Scalar>, training: Bool = false,
                                          dropoutSeed: UInt64 = 0)
            throws -> (output: Tensor<Scalar>, parameters: [Scalar], input: Tensor<Scalar>, state: [Scalar]) {
            try check(x, dy, "vectorJacobianProduct")
            let engine = NeuralEngine(self)
            var random = Random(seed: dropoutSeed, stream: 3)
            let input = NeuralBuffer<Scalar>(x.scalars.count)
            x.withUnsafeBufferPointer { input.pointer.update(from: $0.baseAddress!, count: $0.count) }
            let out = engine.forward(input.pointer, batch: x.count, training: training, random: &random)
            var output = Tensor<Scalar>(zeros: dy.shape)
            output.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: out, count: $0.count) }
            let gradient = NeuralBuffer<Scalar>(dy.scalars.count)
            dy.withUnsafeBufferPointer { gradient.pointer.update(from: $0.baseAddress!, count: $0.count) }
            engine.zeroGradients()
            let dx = engine.backward(gradient.pointer, batch: x.count, inputGradient: true)!
            var dInput = Tensor<Scalar>(zeros: x.shape)
            dInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: dx, count: $0.count) }
            return (output, engine.gradientArray, dInput, engine.stateArray)
        }

        private func evaluate(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, loss: Loss, dropoutSeed: UInt64?, gradient: Bool) throws
            -> (loss: Double, parameters: [Scalar]?, input: Tensor<Scalar>?) {
            try check(x, y, "loss")
            let engine = NeuralEngine(self)
            var random = Random(seed: dropoutSeed ?? 0, stream: 3)
            let batch = x.count
            let input = NeuralBuffer<Scalar>(batch * x.sampleSize)
            x.withUnsafeBufferPointer { input.pointer.update(from: $0.baseAddress!, count: $0.count) }
            let out = engine.forward(input.pointer, batch: batch, training: dropoutSeed != nil, random: &random)
            let rows = outputShape.last ?? 1, columns = batch * y.sampleSize / rows
            let dy = NeuralBuffer<Scalar>(batch * y.sampleSize)
            let value = y.withUnsafeBufferPointer {
                Scalar._loss(loss, out, $0.baseAddress!, gradient ? dy.pointer : nil, rows, columns)
            }
            guard gradient else { return (value, nil, nil) }
            engine.zeroGradients()
            let dx = engine.backward(dy.pointer, batch: batch, inputGradient: true)!
            var dInput = Tensor<Scalar>(zeros: x.shape)
            dInput.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: dx, count: $0.count) }
            return (value, engine.gradientArray, dInput)
        }

        func check(_ x: Tensor<Scalar>, _ what: String) throws {
            guard x.sampleShape == inputShape else {
                throw NeuralError("\(what): samples of shape \(x.sampleShape), the network takes \(inputShape)")
            }
            guard x.count > 0 else { throw NeuralError("\(what): no samples") }
        }

        func check(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, _ what: String) throws {
            try check(x, what)
            guard y.sampleShape == outputShape, y.count == x.count else {
                throw NeuralError("\(what): targets of shape \(y.shape) for \(x.count) samples, the network gives \(outputShape) per sample")
            }
        }
    }
}

// MARK: - Planning: shapes, parameter layout, initial values

/// The shapes through a layer stack and where each parameter block goes.
struct NeuralPlan {
    enum Fill {
        case weights(fanIn: Int, fanOut: Int, scheme: Neural.Initialization)
        case orthogonalBlocks(units: Int)
        case zeros
        case ones
        /// Zeros with ones on `range` (the LSTM forget gate).
        case onesOn(Range<Int>)
    }

    struct Block {
        var name: String
        var shape: [Int]
        var decays: Bool
        var fill: Fill
        var count: Int { shape.reduce(1, *) }
    }

    struct Step {
        var layer: Neural.Layer
        var inputShape: [Int]
        var outputShape: [Int]
        var blocks: [Block]
        var offset: Int
        /// Non-trained values (batch normalisation's running mean and variance): where they
        /// start in the network's `state`, and how many.
        var stateOffset = 0
        var stateCount = 0
    }

    var steps: [Step] = []
    var outputShape: [Int]
    var parameterCount: Int
    var segments: [Neural.ParameterSegment] = []
    var stateCount = 0

    init(inputShape: [Int], layers: [Neural.Layer]) throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw NeuralError("the input shape must have positive dimensions, got \(inputShape)")
        }
        guard !layers.isEmpty else { throw NeuralError("a network needs at least one layer") }
        var shape = inputShape
        var offset = 0, stateOffset = 0
        for (index, layer) in layers.enumerated() {
            func fail(_ reason: String) -> NeuralError { NeuralError("layer \(index) (\(layer)): \(reason)") }
            var blocks: [Block] = []
            var stateCount = 0
            let next: [Int]
            switch layer {
            case .dense(let units, let activation):
                guard units > 0 else { throw fail("needs at least one unit") }
                guard shape.count <= 2 else {
                    throw fail("a dense layer takes (features) or (time, features) samples, got \(shape); flatten or pool first")
                }
                let features = shape.last!
                var effective = activation
                if activation == .identity, index + 1 < layers.count, case .activation(let following) = layers[index + 1] {
                    effective = following
                }
                let scheme: Neural.Initialization = effective == .relu || effective == .gelu ? .heNormal : .glorotUniform
                blocks = [Block(name: "weight", shape: [units, features], decays: true,
                                fill: .weights(fanIn: features, fanOut: units, scheme: scheme)),
                          Block(name: "bias", shape: [units], decays: false, fill: .zeros)]
                next = shape.dropLast() + [units]
            case .activation:
                next = shape
            case .dropout(let rate):
                guard rate >= 0, rate < 1 else { throw fail("the rate must be in [0, 1), got \(rate)") }
                next = shape
            case .lstm(let units, let sequences), .gru(let units, let sequences):
                guard shape.count == 2 else {
                    throw fail("a recurrent layer takes (time, features) samples, got shape \(shape)")
                }
                guard units > 0 else { throw fail("needs at least one unit") }
                let isLSTM: Bool
                if case .lstm = layer { isLSTM = true } else { isLSTM = false }
                let gates = isLSTM ? 4 : 3, features = shape[1]
                blocks = [Block(name: "inputWeight", shape: [gates * units, features], decays: true,
                                fill: .weights(fanIn: features, fanOut: gates * units, scheme: .glorotUniform)),
                          Block(name: "recurrentWeight", shape: [gates * units, units], decays: true,
                                fill: .orthogonalBlocks(units: units))]
                if isLSTM {
                    blocks.append(Block(name: "bias", shape: [4 * units], decays: false, fill: .onesOn(units..<(2 * units))))
                } else {
                    blocks.append(Block(name: "inputBias", shape: [3 * units], decays: false, fill: .zeros))
                    blocks.append(Block(name: "recurrentBias", shape: [3 * units], decays: false, fill: .zeros))
                }
                next = sequences ? [shape[0], units] : [units]
            case .conv2d(let filters, let kernel, let stride, let padding, let dilation, let activation):
                let geometry = try NeuralPlan.window(shape, kernel: kernel, stride: stride, padding: padding,
                                                     dilation: dilation, fail: fail)
                guard filters > 0 else { throw fail("needs at least one filter") }
                var effective = activation
                if activation == .identity, index + 1 < layers.count, case .activation(let following) = layers[index + 1] {
                    effective = following
                }
                let scheme: Neural.Initialization = effective == .relu || effective == .gelu ? .heNormal : .glorotUniform
                let area = kernel.rows * kernel.columns
                blocks = [Block(name: "weight", shape: [filters, shape[0], kernel.rows, kernel.columns], decays: true,
                                fill: .weights(fanIn: shape[0] * area, fanOut: filters * area, scheme: scheme)),
                          Block(name: "bias", shape: [filters], decays: false, fill: .zeros)]
                next = [filters, geometry.outHeight, geometry.outWidth]
            case .maxPool(let size, let stride), .averagePool(let size, let stride):
                let geometry = try NeuralPlan.window(shape, kernel: size, stride: stride ?? size, padding: 0, dilation: 1,
                                                     fail: fail)
                next = [shape[0], geometry.outHeight, geometry.outWidth]
            case .globalAveragePool:
                guard shape.count == 3 else { throw fail("takes (channels, height, width) samples, got shape \(shape)") }
                next = [shape[0]]
            case .batchNorm(let momentum, let epsilon):
                guard shape.count == 1 || shape.count == 3 else {
                    throw fail("normalises (features) or (channels, height, width) samples, got shape \(shape)")
                }
                guard momentum >= 0, momentum <= 1, epsilon > 0 else {
                    throw fail("the momentum must be in [0, 1] and epsilon positive, got \(momentum), \(epsilon)")
                }
                blocks = [Block(name: "scale", shape: [shape[0]], decays: false, fill: .ones),
                          Block(name: "shift", shape: [shape[0]], decays: false, fill: .zeros)]
                stateCount = 2 * shape[0]
                next = shape
            case .flatten:
                next = [shape.reduce(1, *)]
            }
            steps.append(Step(layer: layer, inputShape: shape, outputShape: next, blocks: blocks, offset: offset,
                              stateOffset: stateOffset, stateCount: stateCount))
            stateOffset += stateCount
            for block in blocks {
                segments.append(Neural.ParameterSegment(layer: index, name: block.name, range: offset..<(offset + block.count),
                                                        shape: block.shape, decays: block.decays))
                offset += block.count
            }
            shape = next
        }
        outputShape = shape
        parameterCount = offset
        self.stateCount = stateOffset
    }

    /// The window of a convolution or pooling layer over a `(channels, height, width)` sample.
    static func window(_ shape: [Int], kernel: Neural.Size2, stride: Neural.Size2, padding: Neural.Size2,
                       dilation: Neural.Size2, fail: (String) -> NeuralError) throws -> Neural.WindowGeometry {
        guard shape.count == 3 else {
            throw fail("takes (channels, height, width) samples, got shape \(shape)")
        }
        guard kernel.rows > 0, kernel.columns > 0, stride.rows > 0, stride.columns > 0, dilation.rows > 0,
              dilation.columns > 0, padding.rows >= 0, padding.columns >= 0 else {
            throw fail("kernel, stride and dilation must be positive and padding not negative")
        }
        let geometry = Neural.WindowGeometry(channels: shape[0], height: shape[1], width: shape[2], kernel: kernel,
                                             stride: stride, padding: padding, dilation: dilation)
        guard geometry.outHeight > 0, geometry.outWidth > 0 else {
            throw fail("a \(kernel) window does not fit a \(shape[1]) x \(shape[2]) input")
        }
        return geometry
    }

    /// The initial non-trained values: running means 0 and variances 1.
    var initialState: [Double] {
        var values: [Double] = []
        values.reserveCapacity(stateCount)
        for step in steps where step.stateCount > 0 {
            values += [Double](repeating: 0, count: step.stateCount / 2) + [Double](repeating: 1, count: step.stateCount / 2)
        }
        return values
    }

    /// Draws every block in order (storage order within a block) from `random`.
    func initialValues(_ initialization: Neural.Initialization, random: inout Neural.Random) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(parameterCount)
        for step in steps {
            for block in step.blocks {
                switch block.fill {
                case .zeros:
                    values += [Double](repeating: 0, count: block.count)
                case .ones:
                    values += [Double](repeating: 1, count: block.count)
                case .onesOn(let range):
                    values += (0..<block.count).map { range.contains($0) ? 1 : 0 }
                case .weights(let fanIn, let fanOut, let automatic):
                    let scheme = initialization == .automatic ? automatic : initialization
                    let fans = Double(fanIn + fanOut)
                    for _ in 0..<block.count {
                        switch scheme {
                        case .glorotUniform, .automatic:
                            values.append((6 / fans).squareRoot() * (2 * random.uniform() - 1))
                        case .glorotNormal:
                            values.append((2 / fans).squareRoot() * random.normal())
                        case .heUniform:
                            values.append((6 / Double(fanIn)).squareRoot() * (2 * random.uniform() - 1))
                        case .heNormal:
                            values.append((2 / Double(fanIn)).squareRoot() * random.normal())
                        }
                    }
                case .orthogonalBlocks(let units):
                    // Each gate's units × units block is U·Vᵀ from the SVD of a standard normal matrix.
                    let gates = block.shape[0] / units
                    var matrix = [Double](repeating: 0, count: block.count)
                    for gate in 0..<gates {
                        let q = NeuralPlan.orthogonal(units, random: &random)
                        for j in 0..<units {
                            for i in 0..<units { matrix[gate * units + i + j * block.shape[0]] = q[i, j] }
                        }
                    }
                    values += matrix
                }
            }
        }
        return values
    }

    /// A random `n × n` orthogonal matrix: `U Vᵀ` of a Gaussian matrix's SVD (the identity if
    /// LAPACK fails to converge, which does not happen for Gaussian input in practice).
    static func orthogonal(_ n: Int, random: inout Neural.Random) -> Matrix {
        let gaussian = try! Matrix(rows: n, columns: n, columnMajor: (0..<(n * n)).map { _ in random.normal() })
        guard let decomposition = try? svd(gaussian), let q = try? multiply(decomposition.u, decomposition.vt) else {
            return .identity(n)
        }
        return q
    }
}

// MARK: - Engine

/// A network's runtime: layer objects, the parameters and their gradients in flat buffers.
final class NeuralEngine<Scalar: NeuralScalar> {
    let layers: [NeuralLayerRuntime<Scalar>]
    let offsets: [Int]
    let count: Int
    let parameters: NeuralBuffer<Scalar>, gradients: NeuralBuffer<Scalar>
    /// Batch normalisation's running estimates (`Network.state`).
    let state: NeuralBuffer<Scalar>
    let stateCount: Int

    init(_ network: Neural.Network<Scalar>) {
        let plan = try! NeuralPlan(inputShape: network.inputShape, layers: network.layers)
        stateCount = plan.stateCount
        let state = NeuralBuffer<Scalar>(plan.stateCount)
        network.state.withUnsafeBufferPointer { if let base = $0.baseAddress { state.pointer.update(from: base, count: $0.count) } }
        self.state = state
        var layers: [NeuralLayerRuntime<Scalar>] = []
        for step in plan.steps {
            let size = step.inputShape.reduce(1, *)
            func geometry(_ kernel: Neural.Size2, _ stride: Neural.Size2, _ padding: Neural.Size2, _ dilation: Neural.Size2)
                -> Neural.WindowGeometry {
                Neural.WindowGeometry(channels: step.inputShape[0], height: step.inputShape[1], width: step.inputShape[2],
                                      kernel: kernel, stride: stride, padding: padding, dilation: dilation)
            }
            switch step.layer {
            case .dense(let units, let activation):
                layers.append(NeuralDenseRuntime(inputSize: size, features: step.inputShape.last!, units: units, activation: activation))
            case .activation(let activation):
                layers.append(NeuralActivationRuntime(size: size, activation: activation))
            case .dropout(let rate):
                layers.append(NeuralDropoutRuntime(size: size, rate: rate))
            case .lstm(let units, let sequences):
                layers.append(NeuralLSTMRuntime(time: step.inputShape[0], features: step.inputShape[1], units: units,
                                                returnSequences: sequences))
            case .gru(let units, let sequences):
                layers.append(NeuralGRURuntime(time: step.inputShape[0], features: step.inputShape[1], units: units,
                                               returnSequences: sequences))
            case .conv2d(let filters, let kernel, let stride, let padding, let dilation, let activation):
                layers.append(NeuralConvolutionRuntime(geometry: geometry(kernel, stride, padding, dilation), filters: filters,
                                                       activation: activation))
            case .maxPool(let size, let stride):
                layers.append(NeuralPoolRuntime(geometry: geometry(size, stride ?? size, 0, 1), maximum: true))
            case .averagePool(let size, let stride):
                layers.append(NeuralPoolRuntime(geometry: geometry(size, stride ?? size, 0, 1), maximum: false))
            case .globalAveragePool:
                layers.append(NeuralGlobalAverageRuntime(channels: step.inputShape[0], plane: step.inputShape[1] * step.inputShape[2]))
            case .batchNorm(let momentum, let epsilon):
                let channels = step.inputShape[0]
                layers.append(NeuralBatchNormRuntime(channels: channels, spatial: size / channels, momentum: momentum,
                                                     epsilon: epsilon, state: state.pointer + step.stateOffset))
            case .flatten:
                layers.append(NeuralFlattenRuntime(size: size))
            }
        }
        self.layers = layers
        self.offsets = plan.steps.map(\.offset)
        self.count = plan.parameterCount
        parameters = NeuralBuffer(count)
        gradients = NeuralBuffer(count)
        load(network.parameters)
    }

    func load(_ values: [Scalar]) {
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { parameters.pointer.update(from: base, count: count) } }
    }

    var parameterArray: [Scalar] { Array(UnsafeBufferPointer(start: parameters.pointer, count: count)) }
    var gradientArray: [Scalar] { Array(UnsafeBufferPointer(start: gradients.pointer, count: count)) }
    var stateArray: [Scalar] { Array(UnsafeBufferPointer(start: state.pointer, count: stateCount)) }

    /// Layers whose parameters are frozen: batch normalisation there keeps its running estimates.
    func freeze(_ frozen: Set<Int>) {
        for (index, layer) in layers.enumerated() {
            (layer as? NeuralBatchNormRuntime<Scalar>)?.frozen = frozen.contains(index)
        }
    }

    func zeroGradients() { Scalar._fill(gradients.pointer, count, 0) }

    /// The output of the last layer for `batch` samples at `x`.
    func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, training: Bool,
                 random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        var value = x
        for (layer, offset) in zip(layers, offsets) {
            value = layer.forward(value, batch: batch, parameters: parameters.pointer + offset, training: training, random: &random)
        }
        return value
    }

    /// Backward through the last `forward` from the output gradient `dy`, adding into `gradients`.
    func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        var gradient: UnsafeMutablePointer<Scalar>? = dy
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            gradient = layers[index].backward(gradient!, batch: batch, parameters: parameters.pointer + offsets[index],
                                              gradients: gradients.pointer + offsets[index],
                                              inputGradient: index > 0 || inputGradient)
        }
        return gradient
    }
}
