import Foundation

extension Neural {
    /// An update rule for the weights. Weight decay applies to weight matrices only, never to
    /// biases (`Network.parameterSegments` says which is which).
    public enum Optimizer: Codable, Hashable, Sendable {
        /// Stochastic gradient descent with momentum, as PyTorch's `SGD` (dampening 0):
        /// `d = g + λ w`, `v ← μ v + d`, `w ← w - η v`; Nesterov: `w ← w - η (d + μ v)`.
        /// With `momentum == 0`, `w ← w - η d`.
        case sgd(learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double = 0)
        /// Adam (Kingma & Ba 2015) with L2 regularisation added to the gradient (`d = g + λ w`):
        /// `m ← β₁ m + (1 - β₁) d`, `v ← β₂ v + (1 - β₂) d²`,
        /// `w ← w - η m̂ / (√v̂ + ε)` with `m̂ = m / (1 - β₁ᵗ)`, `v̂ = v / (1 - β₂ᵗ)` at step `t = 1, 2, …`.
        case adam(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                  epsilon: Double = 1e-8, weightDecay: Double = 0)
        /// AdamW (Loshchilov & Hutter 2019), PyTorch's form: the decay is decoupled from the
        /// gradient, `w ← w (1 - η λ)` and then the Adam step on `g` alone.
        case adamW(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                   epsilon: Double = 1e-8, weightDecay: Double = 0.01)

        /// The base learning rate `η`.
        public var learningRate: Double {
            switch self {
            case .sgd(let rate, _, _, _), .adam(let rate, _, _, _, _), .adamW(let rate, _, _, _, _): return rate
            }
        }

        /// Throws unless every hyperparameter is in range.
        func validate() throws {
            func check(_ ok: Bool, _ what: String) throws {
                if !ok { throw NeuralError("optimizer: \(what)") }
            }
            try check(learningRate > 0 && learningRate.isFinite, "the learning rate must be positive, got \(learningRate)")
            switch self {
            case .sgd(_, let momentum, _, let decay):
                try check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got \(momentum)")
                try check(decay >= 0, "weight decay must not be negative, got \(decay)")
            case .adam(_, let b1, let b2, let eps, let decay), .adamW(_, let b1, let b2, let eps, let decay):
                try check(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1, "beta1 and beta2 must be in [0, 1), got \(b1) and \(b2)")
                try check(eps > 0, "epsilon must be positive, got \(eps)")
                try check(decay >= 0, "weight decay must not be negative, got \(decay)")
            }
        }
    }

    /// An optimizer with its moment estimates, for one flat parameter vector.
    public struct OptimizerState<Scalar: NeuralScalar>: Codable, Hashable, Sendable {
        /// The rule and its hyperparameters.
        public let optimizer: Optimizer
        /// Steps taken so far (Adam's `t` after the step is `step`).
        public private(set) var step = 0
        /// SGD's velocity or Adam's first moment `m` (empty for plain SGD).
        public private(set) var first: [Scalar]
        /// Adam's second moment `v` (empty for SGD).
        public private(set) var second: [Scalar]

        /// Zero moments for `parameterCount` parameters.
        public init(_ optimizer: Optimizer, parameterCount: Int) {
            self.optimizer = optimizer
            switch optimizer {
            case .sgd(_, let momentum, _, _):
                first = momentum == 0 ? [] : [Scalar](repeating: 0, count: parameterCount)
                second = []
            case .adam, .adamW:
                first = [Scalar](repeating: 0, count: parameterCount)
                second = [Scalar](repeating: 0, count: parameterCount)
            }
        }

        /// One update of `parameters` from `gradients` at `learningRate` (the optimizer's own by
        /// default). Weight decay applies to the index ranges in `decayed` (all by default).
        public mutating func update(_ parameters: inout [Scalar], gradients: [Scalar], learningRate: Double? = nil,
                                    decayed: [Range<Int>]? = nil) throws {
            guard parameters.count == gradients.count,
                  first.isEmpty || first.count == parameters.count else {
                throw NeuralError("optimizer: \(parameters.count) parameters, \(gradients.count) gradients, state for \(first.count)")
            }
            let n = parameters.count
            let ranges = decayed ?? [0..<n]
            var segments: [(Range<Int>, Bool)] = []
            var start = 0
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                guard range.lowerBound >= start, range.upperBound <= n else {
                    throw NeuralError("optimizer: decay ranges overlap or exceed \(n) parameters")
                }
                if range.lowerBound > start { segments.append((start..<range.lowerBound, false)) }
                segments.append((range, true))
                start = range.upperBound
            }
            if start < n { segments.append((start..<n, false)) }
            guard n > 0 else { step += 1; return }
            parameters.withUnsafeMutableBufferPointer { w in
                gradients.withUnsafeBufferPointer { g in
                    update(w.baseAddress!, g.baseAddress!, learningRate: learningRate ?? optimizer.learningRate,
                           segments: segments)
                }
            }
        }

        /// The engine's update over raw buffers; `segments` partition the parameters, each with
        /// its decay flag.
        mutating func update(_ w: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, learningRate: Double,
                             segments: [(Range<Int>, Bool)]) {
            step += 1
            let lr = Scalar(learningRate)
            let t = Double(step)
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    for (range, decays) in segments where !range.isEmpty {
                        let o = range.lowerBound, count = range.count
                        switch optimizer {
                        case .sgd(_, let momentum, let nesterov, let decay):
                            Scalar._sgdStep(w + o, g + o, m.baseAddress.map { $0 + o } ?? w + o, count,
                                            learningRate: lr, momentum: Scalar(momentum), nesterov: nesterov,
                                            weightDecay: decays ? Scalar(decay) : 0)
                        case .adam(_, let b1, let b2, let eps, let decay), .adamW(_, let b1, let b2, let eps, let decay):
                            let decoupled: Bool
                            if case .adamW = optimizer { decoupled = true } else { decoupled = false }
                            let lambda = decays ? Scalar(decay) : 0
                            Scalar._adamStep(w + o, g + o, m.baseAddress! + o, v.baseAddress! + o, count,
                                             learningRate: lr, beta1: Scalar(b1), beta2: Scalar(b2), epsilon: Scalar(eps),
                                             correction1: Scalar(1 - pow(b1, t)), correction2: Scalar(1 - pow(b2, t)),
                                             l2: decoupled ? 0 : lambda, decoupled: decoupled ? lambda : 0)
                        }
                    }
                }
            }
        }
    }

    /// How the learning rate changes over epochs (`epoch` counts from 0).
    public enum LearningRateSchedule: Codable, Hashable, Sendable {
        /// The base rate throughout.
        case constant
        /// `η · factor^⌊epoch / every⌋` (step decay).
        case step(every: Int, factor: Double)
        /// `η · factor^epoch`.
        case exponential(factor: Double)
        /// Cosine annealing over the run: `min + (η - min) (1 + cos(π · epoch / epochs)) / 2`.
        case cosine(minimum: Double = 0)

        /// The rate for `epoch` (0-based) of `epochs`, from the base rate `base`.
        public func learningRate(base: Double, epoch: Int, epochs: Int) -> Double {
            switch self {
            case .constant:
                return base
            case .step(let every, let factor):
                return base * pow(factor, Double(epoch / max(1, every)))
            case .exponential(let factor):
                return base * pow(factor, Double(epoch))
            case .cosine(let minimum):
                let progress = Double(epoch) / Double(max(1, epochs))
                return minimum + (base - minimum) * (1 + cos(Double.pi * progress)) / 2
            }
        }
    }
}
