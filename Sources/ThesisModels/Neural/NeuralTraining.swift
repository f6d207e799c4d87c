import Foundation

extension Neural {
    /// Which samples are held out to monitor the loss (and for early stopping).
    public enum ValidationSplit: Codable, Hashable, Sendable {
        /// No validation samples.
        case none
        /// The last `fraction` of the samples, in order: the split for time series.
        case last(fraction: Double)
        /// A random `fraction` of the samples (stream 1 of the training seed).
        case random(fraction: Double)
    }

    /// Settings of `Network.fit`.
    public struct TrainingOptions: Codable, Hashable, Sendable {
        /// Passes over the training samples (at most, with early stopping).
        public var epochs: Int
        /// Samples per gradient step (the last batch of an epoch may be smaller).
        public var batchSize: Int
        /// The update rule with its learning rate and weight decay.
        public var optimizer: Optimizer
        /// The learning rate per epoch.
        public var schedule: LearningRateSchedule
        /// Rescales the gradient to this global (all-parameter) Euclidean norm when it is longer.
        public var clipNorm: Double?
        /// Samples held out from training (ignored when validation data are passed to `fit`).
        public var validation: ValidationSplit
        /// Stop after this many epochs in a row without a validation loss below the best one
        /// minus `minimumImprovement` (needs validation samples).
        public var patience: Int?
        /// The improvement that counts (for `patience` and for the best epoch), as in Keras's `min_delta`.
        public var minimumImprovement: Double
        /// After training with validation samples, put back the weights of the epoch with the
        /// lowest validation loss.
        public var restoreBest: Bool
        /// Reshuffle the training samples every epoch (stream 2 of `seed`); otherwise keep their order.
        public var shuffle: Bool
        /// Seeds the validation split (stream 1), the batch order (stream 2), dropout (stream 3)
        /// and augmentation (stream 4).
        public var seed: UInt64
        /// Indices of layers whose parameters stay as they are (fine-tuning a trained network's
        /// head); their batch normalisation keeps its running estimates.
        public var frozenLayers: Set<Int>
        /// Random changes to each training batch's images, drawn afresh every epoch (never to
        /// validation samples); needs `(channels, height, width)` samples.
        public var augmentation: Augmentation?
        /// Each batch is split into this many equal parts (the first ones one sample larger when
        /// it does not divide), each run forward and backward on its own copy of the network —
        /// in parallel on up to as many cores — and their gradients summed in order, weighted by
        /// their sizes. The result depends on `shards`, never on the number of cores; batch
        /// normalisation sees each part's statistics (its running estimates are the parts' mean),
        /// and part `k` draws dropout and augmentation from streams `16 + 2k` and `17 + 2k`.
        public var shards: Int

        /// Options with the given values; the defaults are a plain Adam run without validation.
        public init(epochs: Int = 100, batchSize: Int = 32, optimizer: Optimizer = .adam(),
                    schedule: LearningRateSchedule = .constant, clipNorm: Double? = nil,
                    validation: ValidationSplit = .none, patience: Int? = nil, minimumImprovement: Double = 0,
                    restoreBest: Bool = true, shuffle: Bool = true, seed: UInt64 = 0, frozenLayers: Set<Int> = [],
                    augmentation: Augmentation? = nil, shards: Int = 1) {
            self.epochs = epochs
            self.batchSize = batchSize
            self.optimizer = optimizer
            self.schedule = schedule
            self.clipNorm = clipNorm
            self.validation = validation
            self.patience = patience
            self.minimumImprovement = minimumImprovement
            self.restoreBest = restoreBest
            self.shuffle = shuffle
            self.seed = seed
            self.frozenLayers = frozenLayers
            self.augmentation = augmentation
            self.shards = shards
        }

        private enum CodingKeys: String, CodingKey {
            case epochs, batchSize, optimizer, schedule, clipNorm, validation, patience, minimumImprovement, restoreBest
            case shuffle, seed, frozenLayers, augmentation, shards
        }

        /// Decodes options; `frozenLayers` and `augmentation` may be absent (options saved before them).
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(epochs: try c.decode(Int.self, forKey: .epochs), batchSize: try c.decode(Int.self, forKey: .batchSize),
                      optimizer: try c.decode(Optimizer.self, forKey: .optimizer),
                      schedule: try c.decode(LearningRateSchedule.self, forKey: .schedule),
                      clipNorm: try c.decodeIfPresent(Double.self, forKey: .clipNorm),
                      validation: try c.decode(ValidationSplit.self, forKey: .validation),
                      patience: try c.decodeIfPresent(Int.self, forKey: .patience),
                      minimumImprovement: try c.decode(Double.self, forKey: .minimumImprovement),
                      restoreBest: try c.decode(Bool.self, forKey: .restoreBest), shuffle: try c.decode(Bool.self, forKey: .shuffle),
                      seed: try c.decode(UInt64.self, forKey: .seed),
                      frozenLayers: try c.decodeIfPresent(Set<Int>.self, forKey: .frozenLayers) ?? [],
                      augmentation: try c.decodeIfPresent(Augmentation.self, forKey: .augmentation),
                      shards: try c.decodeIfPresent(Int.self, forKey: .shards) ?? 1)
        }

        /// Encodes the options, leaving out `frozenLayers` and `augmentation` when unused (the
        /// bytes of options without them are as before).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(epochs, forKey: .epochs)
            try c.encode(batchSize, forKey: .batchSize)
            try c.encode(optimizer, forKey: .optimizer)
            try c.encode(schedule, forKey: .schedule)
            try c.encodeIfPresent(clipNorm, forKey: .clipNorm)
            try c.encode(validation, forKey: .validation)
            try c.encodeIfPresent(patience, forKey: .patience)
            try c.encode(minimumImprovement, forKey: .minimumImprovement)
            try c.encode(restoreBest, forKey: .restoreBest)
            try c.encode(shuffle, forKey: .shuffle)
            try c.encode(seed, forKey: .seed)
            if !frozenLayers.isEmpty { try c.encode(frozenLayers.sorted(), forKey: .frozenLayers) }
            try c.encodeIfPresent(augmentation, forKey: .augmentation)
            if shards != 1 { try c.encode(shards, forKey: .shards) }
        }
    }

    /// What happened during `fit`, one entry per epoch run.
    public struct TrainingHistory: Codable, Hashable, Sendable {
        /// Mean training loss of the epoch (over its batches, in training mode, weighted by batch size).
        public var trainLoss: [Double] = []
        /// Validation loss after the epoch (inference mode); empty without validation samples.
        public var validationLoss: [Double] = []
        /// The learning rate of each epoch.
        public var learningRates: [Double] = []
        /// The epoch (0-based) with the lowest validation loss, if there were validation samples.
        public var bestEpoch: Int?
        /// Whether `patience` ended the run before `epochs`.
        public var stoppedEarly = false
        /// Whether the weights were put back to those of `bestEpoch`.
        public var restoredBest = false

        /// The number of epochs run.
        public var epochs: Int { trainLoss.count }
    }
}

extension Neural.Network {
    /// Trains the network on `(x, y)` with mini-batches and returns the loss history.
    ///
    /// Each epoch (optionally) reshuffles the training samples, and for each batch runs the
    /// forward pass in training mode, the loss gradient, the backward pass, the optional clipping
    /// to `clipNorm` and one optimizer step at the epoch's learning rate. Validation samples come
    /// from `validationData` if given, else from `options.validation`.
    /// - Throws: `NeuralError` for mismatched shapes, bad options, or a loss that is not finite.
    @discardableResult
    public mutating func fit(_ x: Neural.Tensor<Scalar>, _ y: Neural.Tensor<Scalar>, loss: Neural.Loss,
                             options: Neural.TrainingOptions = .init(),
                             validationData: (x: Neural.Tensor<Scalar>, y: Neural.Tensor<Scalar>)? = nil,
                             progress: ((_ epoch: Int, _ trainLoss: Double) -> Void)? = nil) throws -> Neural.TrainingHistory {
        try check(x, y, "fit")
        try options.optimizer.validate()
        guard options.epochs >= 0, options.batchSize > 0 else {
            throw NeuralError("fit: epochs must not be negative and the batch size must be positive (got \(options.epochs), \(options.batchSize))")
        }
        if let clip = options.clipNorm, !(clip > 0) { throw NeuralError("fit: clipNorm must be positive, got \(clip)") }
        if let patience = options.patience, patience < 1 { throw NeuralError("fit: patience must be at least 1, got \(patience)") }

        // Training and validation samples.
        var trainIndices = Array(0..<x.count)
        var validation: (x: Neural.Tensor<Scalar>, y: Neural.Tensor<Scalar>)?
        if let data = validationData {
            try check(data.x, data.y, "fit (validation data)")
            validation = data
        } else {
            var held: [Int] = []
            switch options.validation {
            case .none:
                break
            case .last(let fraction), .random(let fraction):
                guard fraction > 0, fraction < 1 else { throw NeuralError("fit: the validation fraction must be in (0, 1), got \(fraction)") }
                let count = Int((fraction * Double(x.count)).rounded())
                guard count >= 1, count < x.count else {
                    throw NeuralError("fit: a validation fraction of \(fraction) leaves \(count) of \(x.count) samples for validation")
                }
                if case .random = options.validation {
                    var random = Neural.Random(seed: options.seed, stream: 1)
                    random.shuffle(&trainIndices)
                    held = Array(trainIndices.suffix(count)).sorted()
                    trainIndices = Array(trainIndices.prefix(x.count - count)).sorted()
                } else {
                    held = Array(trainIndices.suffix(count))
                    trainIndices.removeLast(count)
                }
                validation = (x.samples(held), y.samples(held))
            }
        }
        if options.patience != nil, validation == nil {
            throw NeuralError("fit: early stopping (patience) needs validation samples: set options.validation or pass validationData")
        }

        if let bad = options.frozenLayers.first(where: { $0 < 0 || $0 >= layers.count }) {
            throw NeuralError("fit: cannot freeze layer \(bad) of a network with \(layers.count) layers")
        }
        if options.augmentation != nil, inputShape.count != 3 {
            throw NeuralError("fit: augmentation changes images; the network takes samples of shape \(inputShape)")
        }
        guard options.shards >= 1, options.shards <= 64 else { throw NeuralError("fit: shards must be in 1...64, got \(options.shards)") }
        let inSize = x.sampleSize, outSize = y.sampleSize
        let lossRows = outputShape.last ?? 1
        let batchSize = min(options.batchSize, trainIndices.count)
        let shards = (0..<options.shards).map { k in
            NeuralShard(self, options: options, index: k, capacity: (batchSize + options.shards - 1) / options.shards,
                        inSize: inSize, outSize: outSize)
        }
        let engine = shards[0].engine
        let workers = max(1, min(options.shards, NeuralShard<Scalar>.workerLimit ?? ProcessInfo.processInfo.activeProcessorCount))
        var optimizer = Neural.OptimizerState<Scalar>(options.optimizer, parameterCount: engine.count)
        let segments = parameterSegments.filter { !options.frozenLayers.contains($0.layer) }.map { ($0.range, $0.decays) }
        let best = NeuralBuffer<Scalar>(engine.count), bestState = NeuralBuffer<Scalar>(engine.stateCount)
        var shuffling = Neural.Random(seed: options.seed, stream: 2)
        var history = Neural.TrainingHistory()
        var bestLoss = Double.infinity, waited = 0

        try x.withUnsafeBufferPointer { xs in
            try y.withUnsafeBufferPointer { ys in
                let xBase = xs.baseAddress!, yBase = ys.baseAddress!
                var order = trainIndices
                for epoch in 0..<options.epochs {
                    let rate = options.schedule.learningRate(base: options.optimizer.learningRate, epoch: epoch, epochs: options.epochs)
                    if options.shuffle { shuffling.shuffle(&order) }
                    var total = 0.0
                    var start = 0
                    while start < order.count {
                        let b = min(batchSize, order.count - start)
                        // Part k takes `b / shards` samples, the first `b % shards` parts one more.
                        var offset = start
                        for (k, shard) in shards.enumerated() {
                            shard.count = b / shards.count + (k < b % shards.count ? 1 : 0)
                            shard.first = offset
                            offset += shard.count
                        }
                        order.withUnsafeBufferPointer { indices in
                            if workers == 1 {
                                for shard in shards { shard.step(indices, xBase, yBase, loss: loss, lossRows: lossRows) }
                            } else {
                                DispatchQueue.concurrentPerform(iterations: workers) { w in
                                    var k = w
                                    while k < shards.count {
                                        shards[k].step(indices, xBase, yBase, loss: loss, lossRows: lossRows)
                                        k += workers
                                    }
                                }
                            }
                        }
                        var value = 0.0
                        for shard in shards where shard.count > 0 { value += shard.loss * Double(shard.count) }
                        guard value.isFinite else {
                            throw NeuralError("fit: the training loss is \(value / Double(b)) in epoch \(epoch); lower the learning rate or clip gradients")
                        }
                        total += value
                        if shards.count > 1 { NeuralShard.combine(shards, batch: b) }
                        if let clip = options.clipNorm {
                            let norm = Double(Scalar.nrm2(n: engine.count, x: engine.gradients.pointer, incx: 1))
                            if norm > clip {
                                Scalar.scal(n: engine.count, alpha: Scalar(clip / norm), x: engine.gradients.pointer, incx: 1)
                            }
                        }
                        optimizer.update(engine.parameters.pointer, engine.gradients.pointer, learningRate: rate, segments: segments)
                        for shard in shards.dropFirst() {
                            shard.engine.parameters.pointer.update(from: engine.parameters.pointer, count: engine.count)
                        }
                        start += b
                    }
                    history.trainLoss.append(total / Double(order.count))
                    history.learningRates.append(rate)
                    progress?(epoch, total / Double(order.count))
                    guard let validation else { continue }
                    let value = try engine.meanLoss(validation.x, validation.y, loss: loss, lossRows: lossRows)
                    history.validationLoss.append(value)
                    if value < bestLoss - options.minimumImprovement {
                        bestLoss = value
                        history.bestEpoch = epoch
                        best.pointer.update(from: engine.parameters.pointer, count: engine.count)
                        bestState.pointer.update(from: engine.state.pointer, count: engine.stateCount)
                        waited = 0
                    } else {
                        waited += 1
                        if let patience = options.patience, waited >= patience {
                            history.stoppedEarly = true
                            break
                        }
                    }
                }
            }
        }
        if options.restoreBest, history.bestEpoch != nil, history.bestEpoch != history.epochs - 1 {
            engine.parameters.pointer.update(from: best.pointer, count: engine.count)
            engine.state.pointer.update(from: bestState.pointer, count: engine.stateCount)
            history.restoredBest = true
        }
        parameters = engine.parameterArray
        state = engine.stateArray
        return history
    }
}

extension NeuralEngine {
    /// The mean loss over all samples of `(x, y)` at inference, in chunks of 512 samples.
    func meanLoss(_ x: Neural.Tensor<Scalar>, _ y: Neural.Tensor<Scalar>, loss: Neural.Loss, lossRows: Int) throws -> Double {
        let chunk = 512, inSize = x.sampleSize, outSize = y.sampleSize
        let buffer = NeuralBuffer<Scalar>(min(chunk, x.count) * inSize)
        var random = Neural.Random(state: 0)
        var total = 0.0
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                var start = 0
                while start < x.count {
                    let b = min(chunk, x.count - start)
                    buffer.pointer.update(from: xs.baseAddress! + start * inSize, count: b * inSize)
                    let out = forward(buffer.pointer, batch: b, training: false, random: &random)
                    total += Scalar._loss(loss, out, ys.baseAddress! + start * outSize, nil, lossRows, b * outSize / lossRows) * Double(b)
                    start += b
                }
            }
        }
        guard total.isFinite else { throw NeuralError("fit: the validation loss is \(total)") }
        return total / Double(x.count)
    }
}

/// One part of each batch in `fit`: its own copy of the network (engine), batch buffers and
/// random streams. `step` runs its samples `order[first ..< first + count]` forward and backward.
final class NeuralShard<Scalar: NeuralScalar> {
    /// At most this many threads run the parts (tests set it; nil: one per core).
    nonisolated(unsafe) static var workerLimit: Int? { get { neuralWorkerLimit } set { neuralWorkerLimit = newValue } }
    let engine: NeuralEngine<Scalar>
    let xb: NeuralBuffer<Scalar>, yb: NeuralBuffer<Scalar>, gb: NeuralBuffer<Scalar>
    let augmenter: Neural.Augmenter<Scalar>?
    var dropout: Neural.Random, augmenting: Neural.Random
    let inSize: Int, outSize: Int
    var first = 0, count = 0
    /// The mean loss of the last step's samples.
    var loss = 0.0

    init(_ network: Neural.Network<Scalar>, options: Neural.TrainingOptions, index: Int, capacity: Int, inSize: Int, outSize: Int) {
        engine = NeuralEngine(network)
        engine.freeze(options.frozenLayers)
        xb = NeuralBuffer(capacity * inSize)
        yb = NeuralBuffer(capacity * outSize)
        gb = NeuralBuffer(capacity * outSize)
        augmenter = options.augmentation.map { Neural.Augmenter<Scalar>(pipeline: $0, shape: network.inputShape) }
        // One part: the streams of a plain fit (3: dropout, 4: augmentation).
        let single = options.shards == 1
        dropout = Neural.Random(seed: options.seed, stream: single ? 3 : UInt64(16 + 2 * index))
        augmenting = Neural.Random(seed: options.seed, stream: single ? 4 : UInt64(17 + 2 * index))
        self.inSize = inSize
        self.outSize = outSize
    }

    func step(_ order: UnsafeBufferPointer<Int>, _ xBase: UnsafePointer<Scalar>, _ yBase: UnsafePointer<Scalar>,
              loss kind: Neural.Loss, lossRows: Int) {
        guard count > 0 else { return }
        for k in 0..<count {
            let i = order[first + k]
            (xb.pointer + k * inSize).update(from: xBase + i * inSize, count: inSize)
            (yb.pointer + k * outSize).update(from: yBase + i * outSize, count: outSize)
        }
        augmenter?.apply(xb.pointer, batch: count, random: &augmenting)
        let out = engine.forward(xb.pointer, batch: count, training: true, random: &dropout)
        loss = Scalar._loss(kind, out, yb.pointer, gb.pointer, lossRows, count * outSize / lossRows)
        engine.zeroGradients()
        _ = engine.backward(gb.pointer, batch: count, inputGradient: false)
    }

    /// Sums the parts' gradients into the first part's, weighted by their shares of the batch,
    /// and sets every part's running estimates to their mean, in a fixed order.
    static func combine(_ shards: [NeuralShard], batch: Int) {
        let used = shards.filter { $0.count > 0 }
        let first = shards[0].engine
        Scalar.scal(n: first.count, alpha: Scalar(Double(shards[0].count) / Double(batch)), x: first.gradients.pointer, incx: 1)
        for shard in used.dropFirst() {
            Scalar.axpy(n: first.count, alpha: Scalar(Double(shard.count) / Double(batch)), x: shard.engine.gradients.pointer,
                        incx: 1, y: first.gradients.pointer, incy: 1)
        }
        guard first.stateCount > 0 else { return }
        for shard in used.dropFirst() {
            Scalar.axpy(n: first.stateCount, alpha: 1, x: shard.engine.state.pointer, incx: 1, y: first.state.pointer, incy: 1)
        }
        Scalar.scal(n: first.stateCount, alpha: 1 / Scalar(used.count), x: first.state.pointer, incx: 1)
        for shard in shards.dropFirst() {
            shard.engine.state.pointer.update(from: first.state.pointer, count: first.stateCount)
        }
    }
}

/// See `NeuralShard.workerLimit`.
nonisolated(unsafe) var neuralWorkerLimit: Int?
