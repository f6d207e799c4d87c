import XCTest
@testable import ThesisModels

/// Optimizer steps against updates computed by hand, and the learning-rate schedules.
final class NeuralOptimizerTests: XCTestCase {
    func testSGDWithMomentumByHand() throws {
        var state = Neural.OptimizerState<Double>(.sgd(learningRate: 0.1, momentum: 0.9), parameterCount: 2)
        var w = [1.0, -2.0]
        try state.update(&w, gradients: [0.5, 0.25])
        // v = g = (0.5, 0.25); w = w - 0.1 v
        XCTAssertEqual(w[0], 0.95, accuracy: 1e-15)
        XCTAssertEqual(w[1], -2.025, accuracy: 1e-15)
        try state.update(&w, gradients: [-0.2, 0.4])
        // v = 0.9 (0.5, 0.25) + (-0.2, 0.4) = (0.25, 0.625); w = (0.95, -2.025) - 0.1 v
        XCTAssertEqual(state.first, [0.25, 0.625])
        XCTAssertEqual(w[0], 0.925, accuracy: 1e-15)
        XCTAssertEqual(w[1], -2.0875, accuracy: 1e-15)
    }

    func testNesterovAndWeightDecayByHand() throws {
        var nesterov = Neural.OptimizerState<Double>(.sgd(learningRate: 0.1, momentum: 0.9, nesterov: true), parameterCount: 2)
        var w = [1.0, -2.0]
        try nesterov.update(&w, gradients: [0.5, 0.25])
        // v = g; w = w - 0.1 (g + 0.9 v) = w - 0.19 g
        XCTAssertEqual(w[0], 0.905, accuracy: 1e-15)
        XCTAssertEqual(w[1], -2.0475, accuracy: 1e-15)
        try nesterov.update(&w, gradients: [-0.2, 0.4])
        // v = (0.25, 0.625); w = w - 0.1 (g + 0.9 v) = (0.905 - 0.0025, -2.0475 - 0.09625)
        XCTAssertEqual(w[0], 0.9025, accuracy: 1e-15)
        XCTAssertEqual(w[1], -2.14375, accuracy: 1e-15)

        // Plain SGD with L2 decay on the first parameter only: d = g + 0.01 w.
        var plain = Neural.OptimizerState<Double>(.sgd(learningRate: 0.1, weightDecay: 0.01), parameterCount: 2)
        var v = [1.0, -2.0]
        try plain.update(&v, gradients: [0.5, 0.25], decayed: [0..<1])
        XCTAssertEqual(v[0], 1 - 0.1 * (0.5 + 0.01), accuracy: 1e-15)
        XCTAssertEqual(v[1], -2 - 0.1 * 0.25, accuracy: 1e-15)
        XCTAssertTrue(plain.first.isEmpty, "plain SGD keeps no velocity")
    }

    /// Adam's update written out step by step from Kingma & Ba's algorithm.
    func adamByHand(_ w0: [Double], _ gradients: [[Double]], lr: Double, b1: Double, b2: Double, eps: Double) -> [Double] {
        var w = w0, m = [Double](repeating: 0, count: w0.count), v = m
        for (t, g) in gradients.enumerated() {
            for i in w.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(b1, Double(t + 1)))
                let vHat = v[i] / (1 - pow(b2, Double(t + 1)))
                w[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        return w
    }

    func testAdamBiasCorrectionByHand() throws {
        var state = Neural.OptimizerState<Double>(.adam(learningRate: 0.01), parameterCount: 2)
        var w = [1.0, -2.0]
        try state.update(&w, gradients: [0.5, -0.1])
        // Step 1: m̂ = g and v̂ = g², so each weight moves by lr · g / (|g| + ε) ≈ lr, whatever |g|
        // (without the correction the first step would be lr · 0.1 g / √(0.001 g²) ≈ 3.16 lr).
        XCTAssertEqual(w[0], 1 - 0.01 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(w[1], -2 + 0.01 * 0.1 / (0.1 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(state.first[0], 0.05, accuracy: 1e-16)
        XCTAssertEqual(state.second[0], 0.00025, accuracy: 1e-18)
        try state.update(&w, gradients: [0.3, 0.2])
        try state.update(&w, gradients: [-0.4, 0.05])
        let expected = adamByHand([1, -2], [[0.5, -0.1], [0.3, 0.2], [-0.4, 0.05]], lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8)
        XCTAssertEqual(w[0], expected[0], accuracy: 1e-15)
        XCTAssertEqual(w[1], expected[1], accuracy: 1e-15)
        XCTAssertEqual(state.step, 3)

        // Float follows the same arithmetic to single precision.
        var single = Neural.OptimizerState<Float>(.adam(learningRate: 0.01), parameterCount: 2)
        var wf: [Float] = [1, -2]
        for g in [[0.5, -0.1], [0.3, 0.2], [-0.4, 0.05]] as [[Float]] { try single.update(&wf, gradients: g) }
        XCTAssertEqual(Double(wf[0]), expected[0], accuracy: 1e-6)
        XCTAssertEqual(Double(wf[1]), expected[1], accuracy: 1e-6)
    }

    func testAdamWDecouplesTheDecay() throws {
        // A weight with zero gradient: AdamW only shrinks it by lr·λ; Adam with L2 turns λ w into
        // a gradient and, after normalisation, moves it by about lr.
        var adamW = Neural.OptimizerState<Double>(.adamW(learningRate: 0.01, weightDecay: 0.1), parameterCount: 2)
        var w = [1.0, 2.0]
        try adamW.update(&w, gradients: [0, 0.5])
        XCTAssertEqual(w[0], 1 * (1 - 0.01 * 0.1))  // exactly: m = v = 0 leaves 0 / ε
        XCTAssertEqual(w[1], 2 * (1 - 0.01 * 0.1) - 0.01 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)

        var adamL2 = Neural.OptimizerState<Double>(.adam(learningRate: 0.01, weightDecay: 0.1), parameterCount: 2)
        var u = [1.0, 2.0]
        try adamL2.update(&u, gradients: [0, 0.5])
        XCTAssertEqual(u[0], 1 - 0.01 * 0.1 / (0.1 + 1e-8), accuracy: 1e-15)  // d = λw = 0.1
        XCTAssertEqual(u[1], 2 - 0.01 * 0.7 / (0.7 + 1e-8), accuracy: 1e-15)  // d = 0.5 + 0.1·2

        // Two AdamW steps against the hand-written rule w ← w(1 - lr λ) - lr m̂ / (√v̂ + ε).
        var state = Neural.OptimizerState<Double>(.adamW(learningRate: 0.01, weightDecay: 0.1), parameterCount: 1)
        var x = [3.0]
        try state.update(&x, gradients: [0.2])
        try state.update(&x, gradients: [-0.6])
        var expected = 3.0, m = 0.0, v = 0.0
        for (t, g) in [0.2, -0.6].enumerated() {
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            expected = expected * (1 - 0.001) - 0.01 * (m / (1 - pow(0.9, Double(t + 1)))) /
                ((v / (1 - pow(0.999, Double(t + 1)))).squareRoot() + 1e-8)
        }
        XCTAssertEqual(x[0], expected, accuracy: 1e-15)
        // Decay only where asked.
        var partial = Neural.OptimizerState<Double>(.adamW(learningRate: 0.01, weightDecay: 0.1), parameterCount: 2)
        var p = [1.0, 1.0]
        try partial.update(&p, gradients: [0, 0], decayed: [1..<2])
        XCTAssertEqual(p, [1, 0.999])
    }

    func testOptimizerErrors() {
        var state = Neural.OptimizerState<Double>(.adam(), parameterCount: 2)
        var w = [1.0, 2.0]
        XCTAssertThrowsError(try state.update(&w, gradients: [1]))
        XCTAssertThrowsError(try state.update(&w, gradients: [1, 1], decayed: [0..<3]))
        XCTAssertThrowsError(try Neural.Optimizer.adam(learningRate: -1).validate())
        XCTAssertThrowsError(try Neural.Optimizer.sgd(momentum: 1).validate())
        XCTAssertThrowsError(try Neural.Optimizer.adamW(beta2: 1).validate())
    }

    func testSchedules() {
        let step = Neural.LearningRateSchedule.step(every: 2, factor: 0.5)
        XCTAssertEqual((0..<5).map { step.learningRate(base: 0.1, epoch: $0, epochs: 5) }, [0.1, 0.1, 0.05, 0.05, 0.025])
        let cosine = Neural.LearningRateSchedule.cosine(minimum: 0.01)
        XCTAssertEqual(cosine.learningRate(base: 0.1, epoch: 0, epochs: 10), 0.1)
        XCTAssertEqual(cosine.learningRate(base: 0.1, epoch: 5, epochs: 10), 0.055, accuracy: 1e-15)
        XCTAssertEqual(cosine.learningRate(base: 0.1, epoch: 10, epochs: 10), 0.01, accuracy: 1e-15)
        XCTAssertEqual(Neural.LearningRateSchedule.exponential(factor: 0.9).learningRate(base: 1, epoch: 2, epochs: 5), 0.81, accuracy: 1e-15)
        XCTAssertEqual(Neural.LearningRateSchedule.constant.learningRate(base: 0.3, epoch: 7, epochs: 9), 0.3)
    }
}
