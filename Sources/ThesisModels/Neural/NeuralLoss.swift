extension Neural {
    /// A training loss, averaged over the batch. The classification losses take **logits**
    /// (the output of a dense layer without activation) and apply the softmax or the sigmoid
    /// themselves, which is exact where a separate `exp` would overflow.
    public enum Loss: Codable, Hashable, Sendable {
        /// `mean((p - y)²)` over every element (no ½; gradient `2 (p - y) / n`).
        case meanSquaredError
        /// `mean(|p - y|)` over every element; the gradient at `p == y` is taken as 0.
        case meanAbsoluteError
        /// `mean(h(p - y))` with `h(r) = r²/2` for `|r| ≤ delta`, `delta (|r| - delta/2)` beyond
        /// (PyTorch's `HuberLoss(delta)`).
        case huber(delta: Double = 1)
        /// Cross-entropy of the softmax of each sample's logits against its target distribution
        /// (one-hot for hard labels) along the last axis, summed over classes and averaged over
        /// samples (and time steps): `mean_s Σ_k y_sk (logsumexp(p_s) - p_sk)`.
        case softmaxCrossEntropy
        /// Binary cross-entropy of `σ(p)` against `y ∈ [0, 1]`, averaged over every element, in
        /// the stable form `max(p, 0) - p y + log(1 + e^{-|p|})`.
        case binaryCrossEntropy
    }
}

extension Neural.Loss {
    /// The loss of `prediction` against `target` (same shapes), averaged as described per case.
    /// - Throws: `NeuralError` when the shapes differ or there are no samples.
    public func value<Scalar: NeuralScalar>(prediction: Neural.Tensor<Scalar>, target: Neural.Tensor<Scalar>) throws -> Double {
        try evaluate(prediction, target, gradient: false).value
    }

    /// The loss and its gradient with respect to `prediction`.
    /// - Throws: `NeuralError` when the shapes differ or there are no samples.
    public func gradient<Scalar: NeuralScalar>(prediction: Neural.Tensor<Scalar>, target: Neural.Tensor<Scalar>) throws
        -> (value: Double, gradient: Neural.Tensor<Scalar>) {
        let (value, gradient) = try evaluate(prediction, target, gradient: true)
        return (value, gradient!)
    }

    private func evaluate<Scalar: NeuralScalar>(_ prediction: Neural.Tensor<Scalar>, _ target: Neural.Tensor<Scalar>,
                                                gradient wanted: Bool) throws -> (value: Double, gradient: Neural.Tensor<Scalar>?) {
        guard prediction.shape == target.shape else {
            throw NeuralError("loss: the prediction has shape \(prediction.shape), the target \(target.shape)")
        }
        guard !prediction.scalars.isEmpty else {
            throw NeuralError("loss: no samples")
        }
        let rows = prediction.shape.count > 1 ? prediction.shape.last! : 1
        var gradient = wanted ? Neural.Tensor<Scalar>(zeros: prediction.shape) : nil
        let value = prediction.scalars.withUnsafeBufferPointer { p in
            target.scalars.withUnsafeBufferPointer { y in
                if gradient == nil {
                    return Scalar._loss(self, p.baseAddress!, y.baseAddress!, nil, rows, p.count / rows)
                }
                return gradient!.scalars.withUnsafeMutableBufferPointer { g in
                    Scalar._loss(self, p.baseAddress!, y.baseAddress!, g.baseAddress!, rows, p.count / rows)
                }
            }
        }
        return (value, gradient)
    }
}
