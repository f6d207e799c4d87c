import Foundation

extension Neural.Layer {
    /// The grammar `parseStack` reads.
    public static let stackGrammar =
        "layers separated by commas: conv FILTERS KERNEL [stride=S] [pad=P | same] [dilation=D] [ACTIVATION], "
        + "maxpool SIZE [stride=S], avgpool SIZE [stride=S], gap (global average pool), batchnorm [momentum=M], "
        + "dropout RATE, flatten, dense UNITS [ACTIVATION], or an ACTIVATION (relu, gelu, tanh, sigmoid); "
        + "a KERNEL or SIZE is N or RxC"

    /// Reads a layer stack such as `"conv 16 3 same relu, maxpool 2, conv 32 3 same relu, maxpool 2, flatten"`.
    /// - Throws: `NeuralError` naming the layer that is not understood and what would be valid.
    public static func parseStack(_ text: String) throws -> [Neural.Layer] {
        var layers: [Neural.Layer] = []
        for item in text.split(separator: ",") {
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
            guard let name = words.first else { continue }
            func fail(_ reason: String) -> NeuralError { NeuralError("'\(item.trimmingCharacters(in: .whitespaces))': \(reason)") }
            var positional: [String] = [], keyed: [String: String] = [:], activation: Neural.Activation?
            var same = false
            for word in words.dropFirst() {
                if let eq = word.firstIndex(of: "=") {
                    keyed[String(word[..<eq])] = String(word[word.index(after: eq)...])
                } else if let a = Neural.Activation(rawValue: word) {
                    activation = a
                } else if word == "same" {
                    same = true
                } else if word == "valid" {
                    keyed["pad"] = "0"
                } else {
                    positional.append(word)
                }
            }
            func size(_ text: String?, _ what: String) throws -> Neural.Size2 {
                guard let text else { throw fail("needs its \(what)") }
                let parts = text.split(separator: "x").map { Int($0) }
                if parts.count == 1, let n = parts[0], n > 0 { return Neural.Size2(n, n) }
                if parts.count == 2, let r = parts[0], let c = parts[1], r > 0, c > 0 { return Neural.Size2(r, c) }
                throw fail("'\(text)' is not a \(what) (N or RxC, positive)")
            }
            func count(_ text: String?, _ what: String) throws -> Int {
                guard let text, let n = Int(text), n > 0, n <= 65_536 else { throw fail("needs a whole \(what) in 1...65536") }
                return n
            }
            let allowed: Set<String>
            switch name {
            case "conv", "conv2d":
                allowed = ["stride", "pad", "dilation"]
                let filters = try count(positional.first, "number of filters")
                let kernel = try size(positional.count > 1 ? positional[1] : nil, "kernel")
                let dilation = try keyed["dilation"].map { try size($0, "dilation") } ?? 1
                let stride = try keyed["stride"].map { try size($0, "stride") } ?? 1
                var padding: Neural.Size2 = 0
                if same {
                    guard kernel.rows % 2 == 1, kernel.columns % 2 == 1 else { throw fail("'same' padding needs an odd kernel") }
                    padding = Neural.Size2(dilation.rows * (kernel.rows - 1) / 2, dilation.columns * (kernel.columns - 1) / 2)
                } else if let pad = keyed["pad"] {
                    let parts = pad.split(separator: "x").map { Int($0) }
                    guard parts.count <= 2, let r = parts.first ?? nil, let c = parts.last ?? nil, r >= 0, c >= 0 else {
                        throw fail("'\(pad)' is not a padding (N or RxC, not negative)")
                    }
                    padding = Neural.Size2(r, c)
                }
                guard positional.count <= 2 else { throw fail("'\(positional[2])' is not understood; \(stackGrammar)") }
                layers.append(.conv2d(filters: filters, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                                      activation: activation ?? .identity))
                activation = nil
            case "maxpool", "avgpool", "pool":
                allowed = ["stride"]
                let window = try size(positional.first, "window size")
                let stride = try keyed["stride"].map { try size($0, "stride") }
                layers.append(name == "avgpool" ? .averagePool(size: window, stride: stride) : .maxPool(size: window, stride: stride))
            case "gap", "globalavgpool":
                allowed = []
                layers.append(.globalAveragePool)
            case "batchnorm", "bn":
                allowed = ["momentum"]
                let momentum = try keyed["momentum"].map { text -> Double in
                    guard let m = Double(text), m >= 0, m <= 1 else { throw fail("momentum must be in [0, 1]") }
                    return m
                } ?? 0.1
                layers.append(.batchNorm(momentum: momentum))
            case "dropout":
                allowed = []
                guard let text = positional.first, let rate = Double(text), rate >= 0, rate < 1 else {
                    throw fail("needs a rate in [0, 1)")
                }
                layers.append(.dropout(rate: rate))
            case "flatten":
                allowed = []
                layers.append(.flatten)
            case "dense":
                allowed = []
                layers.append(.dense(units: try count(positional.first, "number of units"), activation: activation ?? .identity))
                activation = nil
            default:
                guard let alone = Neural.Activation(rawValue: name) else { throw fail("not a layer; \(stackGrammar)") }
                allowed = []
                layers.append(.activation(alone))
            }
            if let activation { layers.append(.activation(activation)) }
            if let unknown = keyed.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw fail("'\(unknown)=' does not apply here; \(stackGrammar)")
            }
        }
        guard !layers.isEmpty else { throw NeuralError("no layers in '\(text)'; \(stackGrammar)") }
        return layers
    }
}

/// A convolutional network that classifies images: `(channels, height, width)` floats in
/// [0, 1], trained in float32 with softmax cross-entropy; the last layer is a dense layer with
/// one output per class.
public struct ImageClassifier: Codable, Hashable, Sendable {
    /// The class names; output `k` is `classes[k]`.
    public var classes: [String]
    /// The trained network.
    public private(set) var network: Neural.Network<Float>
    /// The loss history of the last `fit`.
    public private(set) var history: Neural.TrainingHistory?

    /// A classifier with a trained `network` (one output per class).
    public init(network: Neural.Network<Float>, classes: [String]) throws {
        guard network.outputShape == [classes.count], network.inputShape.count == 3 else {
            throw NeuralError("a network for \(network.inputShape) inputs with \(network.outputShape) outputs cannot classify images into \(classes.count) classes")
        }
        self.classes = classes
        self.network = network
    }

    /// An untrained classifier: `body` then `dense(classes.count)`, weights from stream 0 of `seed`.
    /// - Throws: `NeuralError` when the layers do not fit the image shape or there are fewer than two classes.
    public init(imageShape: [Int], body: [Neural.Layer], classes: [String], seed: UInt64) throws {
        guard classes.count >= 2 else { throw NeuralError("an image classifier needs at least two classes, got \(classes.count)") }
        self.classes = classes
        network = try Neural.Network(inputShape: imageShape, layers: body + [.dense(units: classes.count)], seed: seed)
    }

    /// A classifier for new `classes` that starts from `base`: its first `keep` layers with their
    /// weights (and running estimates), then `head` and a new `dense(classes.count)`, drawn from `seed`.
    /// - Throws: `NeuralError` when `keep` is out of range or the head does not fit.
    public init(fineTuning base: ImageClassifier, keep: Int, head: [Neural.Layer], classes: [String], seed: UInt64) throws {
        let old = base.network
        guard keep >= 1, keep < old.layers.count else {
            throw NeuralError("fine-tuning keeps 1 to \(old.layers.count - 1) of the \(old.layers.count) layers, not \(keep)")
        }
        guard classes.count >= 2 else { throw NeuralError("an image classifier needs at least two classes, got \(classes.count)") }
        var fresh = try Neural.Network<Float>(inputShape: old.inputShape,
                                              layers: Array(old.layers.prefix(keep)) + head + [.dense(units: classes.count)], seed: seed)
        var parameters = fresh.parameters, state = fresh.state
        let kept = old.parameterSegments.filter { $0.layer < keep }
        for segment in kept { parameters.replaceSubrange(segment.range, with: old.parameters[segment.range]) }
        // The kept layers' running estimates come first in both (state is layer after layer).
        let keptState = try NeuralPlan(inputShape: old.inputShape, layers: Array(old.layers.prefix(keep))).stateCount
        state.replaceSubrange(0..<keptState, with: old.state[0..<keptState])
        fresh = try Neural.Network(inputShape: old.inputShape, layers: fresh.layers, parameters: parameters, state: state)
        self.classes = classes
        network = fresh
    }

    /// Trains on `images` (`(n, channels, height, width)`) with `labels` (indices into `classes`).
    /// - Throws: `NeuralError` for mismatched shapes, labels out of range, bad options or a diverging loss.
    @discardableResult
    public mutating func fit(_ images: Neural.Tensor<Float>, labels: [Int], options: Neural.TrainingOptions,
                             validation: (images: Neural.Tensor<Float>, labels: [Int])? = nil,
                             progress: ((_ epoch: Int, _ trainLoss: Double) -> Void)? = nil) throws -> Neural.TrainingHistory {
        let targets = try oneHot(labels, count: images.count)
        let validationData = try validation.map { ($0.images, try oneHot($0.labels, count: $0.images.count)) }
        let history = try network.fit(images, targets, loss: .softmaxCrossEntropy, options: options, validationData: validationData,
                                        progress: progress)
        self.history = history
        return history
    }

    /// Class probabilities, one row per image (softmax of the logits).
    public func probabilities(_ images: Neural.Tensor<Float>) throws -> [[Double]] {
        var logits = try network.predict(images, batchSize: 256)
        let k = classes.count
        logits.withUnsafeMutableBufferPointer { Float._softmaxColumns($0.baseAddress!, k, images.count) }
        return (0..<images.count).map { i in (0..<k).map { Double(logits.scalars[i * k + $0]) } }
    }

    /// The most probable class index per image (the first on ties).
    public func predict(_ images: Neural.Tensor<Float>) throws -> [Int] {
        try probabilities(images).map(Self.mostProbable)
    }

    /// The index of the largest probability (the first on ties).
    public static func mostProbable(_ probabilities: [Double]) -> Int {
        probabilities.indices.max { probabilities[$0] < probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 > $1) } ?? 0
    }

    private func oneHot(_ labels: [Int], count: Int) throws -> Neural.Tensor<Float> {
        guard labels.count == count else { throw NeuralError("ImageClassifier: \(count) images, \(labels.count) labels") }
        let k = classes.count
        var values = [Float](repeating: 0, count: count * k)
        for (i, label) in labels.enumerated() {
            guard label >= 0, label < k else { throw NeuralError("ImageClassifier: label \(label) is not a class index below \(k)") }
            values[i * k + label] = 1
        }
        return try Neural.Tensor(shape: [count, k], scalars: values)
    }
}
