import ThesisLinearAlgebra

/// A precision the neural engine computes in: `Float` or `Double`.
///
/// Besides BLAS (`BLASScalar`), a conforming type supplies the engine's element-wise kernels.
/// Their names start with `_`: they are implementation details, public only because a public
/// protocol's requirements must be. Each is one loop over raw buffers whose body is written once
/// (generic, in `NeuralKernels.swift`) and compiled separately for `Float` and `Double`, so the
/// hot loops run on concrete types, vectorised in release builds and without generic dispatch
/// in debug builds, whatever module the generic layer code is called from.
///
/// Matrices are column-major (see `BLASScalar`): a batch of `columns` samples with `rows`
/// values each is `p[row + column * rows]`.
public protocol NeuralScalar: BLASScalar, Codable, Hashable, LosslessStringConvertible {
    /// `e^x`, branch-free so that loops over it vectorise: Cody–Waite reduction by ln 2 and a
    /// Taylor polynomial (degree 13 for `Double`, 7 for `Float`), within a few ulp of `exp`.
    /// Arguments are clamped to `[-708, 709]` (`Double`) or `[-87, 88]` (`Float`).
    static func _exp(_ x: Self) -> Self
    /// Sets `count` values to `value`.
    static func _fill(_ p: UnsafeMutablePointer<Self>, _ count: Int, _ value: Self)
    /// Converts `count` doubles into this precision.
    static func _load(_ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Self>, _ count: Int)
    /// Converts `count` values of this precision into doubles.
    static func _store(_ source: UnsafePointer<Self>, _ destination: UnsafeMutablePointer<Double>, _ count: Int)
    /// `y = f(x)` element-wise (`y` may be `x`).
    static func _activate(_ f: Neural.Activation, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    /// `dx = f'(x) · dy` element-wise, from the input `x` and output `y = f(x)` (`dx` may be `dy`).
    static func _activationGradient(_ f: Neural.Activation, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>,
                                    _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ count: Int)
    /// `out = a ⊙ b` element-wise.
    static func _multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    /// An inverted-dropout mask: each value `1 / (1 - rate)` with probability `1 - rate`, else 0
    /// (one `uniform()` per value, in order).
    static func _dropoutMask(_ mask: UnsafeMutablePointer<Self>, _ count: Int, rate: Double, random: inout Neural.Random)
    /// Copies the `rows` values `v` into each of `columns` columns of `out`.
    static func _broadcastColumns(_ v: UnsafePointer<Self>, _ rows: Int, _ columns: Int, _ out: UnsafeMutablePointer<Self>)
    /// The loss of `rows × columns` predictions (one column per sample) and, if `gradient` is
    /// not nil, its gradient with respect to the predictions.
    static func _loss(_ loss: Neural.Loss, _ prediction: UnsafePointer<Self>, _ target: UnsafePointer<Self>,
                      _ gradient: UnsafeMutablePointer<Self>?, _ rows: Int, _ columns: Int) -> Double
    /// Replaces each column by its softmax.
    static func _softmaxColumns(_ p: UnsafeMutablePointer<Self>, _ rows: Int, _ columns: Int)
    /// One SGD step (see `Neural.Optimizer.sgd`).
    static func _sgdStep(_ w: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, _ velocity: UnsafeMutablePointer<Self>,
                         _ count: Int, learningRate: Self, momentum: Self, nesterov: Bool, weightDecay: Self)
    /// One Adam step (see `Neural.Optimizer.adam`): `l2` is added to the gradient, `decoupled`
    /// shrinks the weights by `1 - learningRate · decoupled` first (AdamW).
    static func _adamStep(_ w: UnsafeMutablePointer<Self>, _ g: UnsafePointer<Self>, _ m: UnsafeMutablePointer<Self>,
                          _ v: UnsafeMutablePointer<Self>, _ count: Int, learningRate: Self, beta1: Self, beta2: Self,
                          epsilon: Self, correction1: Self, correction2: Self, l2: Self, decoupled: Self)
    /// One LSTM time step for `batch` samples after the gate products: `gates` (`4H × batch`,
    /// pre-activations `i, f, g, o`) are replaced by their activations; writes `c`, `tanh(c)`, `h`.
    static func _lstmForward(_ gates: UnsafeMutablePointer<Self>, _ cPrevious: UnsafePointer<Self>,
                             _ c: UnsafeMutablePointer<Self>, _ tanhC: UnsafeMutablePointer<Self>,
                             _ h: UnsafeMutablePointer<Self>, _ hidden: Int, _ batch: Int)
    /// Backward through one LSTM step: from `dh` (total) and `dc` (from step t+1; replaced by the
    /// gradient for step t-1), writes the gate pre-activation gradients `dGates`.
    static func _lstmBackward(_ gates: UnsafePointer<Self>, _ cPrevious: UnsafePointer<Self>, _ tanhC: UnsafePointer<Self>,
                              _ dh: UnsafePointer<Self>, _ dc: UnsafeMutablePointer<Self>, _ dGates: UnsafeMutablePointer<Self>,
                              _ hidden: Int, _ batch: Int)
    /// One GRU time step: `gx` (`3H × batch`, input part `r, z, n` with its bias) is replaced
    /// by the activations `r, z, n`; `gh` is the recurrent part `U h + c`; writes `h`.
    static func _gruForward(_ gx: UnsafeMutablePointer<Self>, _ gh: UnsafePointer<Self>, _ hPrevious: UnsafePointer<Self>,
                            _ h: UnsafeMutablePointer<Self>, _ hidden: Int, _ batch: Int)
    /// Backward through one GRU step: writes the gradients of the input part `dGx` and of the
    /// recurrent part `dGh`, and adds the direct path `dh ⊙ z` into `dhPrevious`.
    static func _gruBackward(_ gates: UnsafePointer<Self>, _ gh: UnsafePointer<Self>, _ hPrevious: UnsafePointer<Self>,
                             _ dh: UnsafePointer<Self>, _ dhPrevious: UnsafeMutablePointer<Self>,
                             _ dGx: UnsafeMutablePointer<Self>, _ dGh: UnsafeMutablePointer<Self>, _ hidden: Int, _ batch: Int)
    /// Unfolds samples for a convolution as one matrix (see `neuralIm2col`).
    static func _im2col(_ x: UnsafePointer<Self>, _ cols: UnsafeMutablePointer<Self>, _ geometry: Neural.WindowGeometry, _ batch: Int)
    /// The adjoint of `_im2col`: folds column gradients back onto the input (overwriting `dx`).
    static func _col2im(_ dcols: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ geometry: Neural.WindowGeometry, _ batch: Int)
    /// Max or average pooling of `planes` planes (`argmax` receives each maximum's index).
    static func _pool(_ maximum: Bool, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ argmax: UnsafeMutablePointer<Int32>,
                      _ geometry: Neural.WindowGeometry, _ planes: Int)
    /// The input gradient of `_pool` (overwriting `dx`).
    static func _poolBackward(_ maximum: Bool, _ dy: UnsafePointer<Self>, _ dx: UnsafeMutablePointer<Self>, _ argmax: UnsafePointer<Int32>,
                              _ geometry: Neural.WindowGeometry, _ planes: Int)
    /// Batch normalisation forward (see `neuralBatchNormForward`).
    static func _batchNormForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ xhat: UnsafeMutablePointer<Self>,
                                  _ inverseStd: UnsafeMutablePointer<Self>, _ gamma: UnsafePointer<Self>, _ beta: UnsafePointer<Self>,
                                  _ runningMean: UnsafeMutablePointer<Self>, _ runningVariance: UnsafeMutablePointer<Self>,
                                  _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool, _ momentum: Double, _ epsilon: Double)
    /// Batch normalisation backward (see `neuralBatchNormBackward`).
    static func _batchNormBackward(_ dy: UnsafePointer<Self>, _ xhat: UnsafePointer<Self>, _ inverseStd: UnsafePointer<Self>,
                                   _ gamma: UnsafePointer<Self>, _ dGamma: UnsafeMutablePointer<Self>, _ dBeta: UnsafeMutablePointer<Self>,
                                   _ dx: UnsafeMutablePointer<Self>?, _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool)
    /// Swaps the outer two axes of `(outer, inner, width)` values.
    static func _swapOuterAxes(_ source: UnsafePointer<Self>, _ destination: UnsafeMutablePointer<Self>, _ outer: Int, _ inner: Int, _ width: Int)
}

// The two conformances forward every kernel to the generic body in NeuralKernels.swift. Those
// bodies are `@_transparent`: inlined here even in debug builds, where they become concrete
// `Float`/`Double` loops (about 20× faster unoptimised than the same loop left generic).

extension Double: NeuralScalar {
    @inline(__always)
    public static func _exp(_ x: Double) -> Double {
        let magic = 6_755_399_441_055_744.0  // 1.5 · 2^52: adding it rounds to an integer
        let low = x < -708 ? -708 : x  // NaN stays NaN
        let x = low > 709 ? 709 : low
        let t = x * 1.4426950408889634 + magic
        let k = t - magic  // round(x / ln 2)
        let r = x - k * 6.93147180369123816490e-01 - k * 1.90821492927058770002e-10  // fdlibm ln2 hi/lo
        var p = 1.0 / 6_227_020_800  // 1/13!
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^k: the low bits of t hold k; shift k + 1023 into the exponent field.
        let scale = Double(bitPattern: (t.bitPattern &- magic.bitPattern &+ 1023) &<< 52)
        return p * scale
    }

    public static func _fill(_ p: UnsafeMutablePointer<Double>, _ count: Int, _ value: Double) { neuralFill(p, count, value) }
    public static func _load(_ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>, _ count: Int) {
        destination.update(from: source, count: count)
    }
    public static func _store(_ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>, _ count: Int) {
        destination.update(from: source, count: count)
    }
    public static func _activate(_ f: Neural.Activation, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        neuralActivate(f, x, y, count)
    }
    public static func _activationGradient(_ f: Neural.Activation, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                                           _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ count: Int) {
        neuralActivationGradient(f, x, y, dy, dx, count)
    }
    public static func _multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        neuralMultiply(a, b, out, count)
    }
    public static func _dropoutMask(_ mask: UnsafeMutablePointer<Double>, _ count: Int, rate: Double, random: inout Neural.Random) {
        neuralDropoutMask(mask, count, rate, &random)
    }
    public static func _broadcastColumns(_ v: UnsafePointer<Double>, _ rows: Int, _ columns: Int, _ out: UnsafeMutablePointer<Double>) {
        neuralBroadcastColumns(v, rows, columns, out)
    }
    public static func _loss(_ loss: Neural.Loss, _ prediction: UnsafePointer<Double>, _ target: UnsafePointer<Double>,
                             _ gradient: UnsafeMutablePointer<Double>?, _ rows: Int, _ columns: Int) -> Double {
        neuralLoss(loss, prediction, target, gradient, rows, columns)
    }
    public static func _softmaxColumns(_ p: UnsafeMutablePointer<Double>, _ rows: Int, _ columns: Int) {
        neuralSoftmaxColumns(p, rows, columns)
    }
    public static func _sgdStep(_ w: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ velocity: UnsafeMutablePointer<Double>,
                                _ count: Int, learningRate: Double, momentum: Double, nesterov: Bool, weightDecay: Double) {
        neuralSGDStep(w, g, velocity, count, learningRate, momentum, nesterov, weightDecay)
    }
    public static func _adamStep(_ w: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>,
                                 _ v: UnsafeMutablePointer<Double>, _ count: Int, learningRate: Double, beta1: Double, beta2: Double,
                                 epsilon: Double, correction1: Double, correction2: Double, l2: Double, decoupled: Double) {
        neuralAdamStep(w, g, m, v, count, learningRate, beta1, beta2, epsilon, correction1, correction2, l2, decoupled)
    }
    public static func _lstmForward(_ gates: UnsafeMutablePointer<Double>, _ cPrevious: UnsafePointer<Double>,
                                    _ c: UnsafeMutablePointer<Double>, _ tanhC: UnsafeMutablePointer<Double>,
                                    _ h: UnsafeMutablePointer<Double>, _ hidden: Int, _ batch: Int) {
        neuralLSTMForward(gates, cPrevious, c, tanhC, h, hidden, batch)
    }
    public static func _lstmBackward(_ gates: UnsafePointer<Double>, _ cPrevious: UnsafePointer<Double>, _ tanhC: UnsafePointer<Double>,
                                     _ dh: UnsafePointer<Double>, _ dc: UnsafeMutablePointer<Double>, _ dGates: UnsafeMutablePointer<Double>,
                                     _ hidden: Int, _ batch: Int) {
        neuralLSTMBackward(gates, cPrevious, tanhC, dh, dc, dGates, hidden, batch)
    }
    public static func _gruForward(_ gx: UnsafeMutablePointer<Double>, _ gh: UnsafePointer<Double>, _ hPrevious: UnsafePointer<Double>,
                                   _ h: UnsafeMutablePointer<Double>, _ hidden: Int, _ batch: Int) {
        neuralGRUForward(gx, gh, hPrevious, h, hidden, batch)
    }
    public static func _gruBackward(_ gates: UnsafePointer<Double>, _ gh: UnsafePointer<Double>, _ hPrevious: UnsafePointer<Double>,
                                    _ dh: UnsafePointer<Double>, _ dhPrevious: UnsafeMutablePointer<Double>,
                                    _ dGx: UnsafeMutablePointer<Double>, _ dGh: UnsafeMutablePointer<Double>, _ hidden: Int, _ batch: Int) {
        neuralGRUBackward(gates, gh, hPrevious, dh, dhPrevious, dGx, dGh, hidden, batch)
    }
    public static func _im2col(_ x: UnsafePointer<Double>, _ cols: UnsafeMutablePointer<Double>, _ geometry: Neural.WindowGeometry, _ batch: Int) {
        neuralIm2col(x, cols, geometry, batch)
    }
    public static func _col2im(_ dcols: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ geometry: Neural.WindowGeometry, _ batch: Int) {
        neuralCol2im(dcols, dx, geometry, batch)
    }
    public static func _pool(_ maximum: Bool, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ argmax: UnsafeMutablePointer<Int32>,
                             _ geometry: Neural.WindowGeometry, _ planes: Int) {
        neuralPool(maximum, x, y, argmax, geometry, planes)
    }
    public static func _poolBackward(_ maximum: Bool, _ dy: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>, _ argmax: UnsafePointer<Int32>,
                                     _ geometry: Neural.WindowGeometry, _ planes: Int) {
        neuralPoolBackward(maximum, dy, dx, argmax, geometry, planes)
    }
    public static func _batchNormForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ xhat: UnsafeMutablePointer<Double>,
                                         _ inverseStd: UnsafeMutablePointer<Double>, _ gamma: UnsafePointer<Double>, _ beta: UnsafePointer<Double>,
                                         _ runningMean: UnsafeMutablePointer<Double>, _ runningVariance: UnsafeMutablePointer<Double>,
                                         _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool, _ momentum: Double, _ epsilon: Double) {
        neuralBatchNormForward(x, y, xhat, inverseStd, gamma, beta, runningMean, runningVariance, channels, spatial, batch, training,
                               momentum, epsilon)
    }
    public static func _batchNormBackward(_ dy: UnsafePointer<Double>, _ xhat: UnsafePointer<Double>, _ inverseStd: UnsafePointer<Double>,
                                          _ gamma: UnsafePointer<Double>, _ dGamma: UnsafeMutablePointer<Double>, _ dBeta: UnsafeMutablePointer<Double>,
                                          _ dx: UnsafeMutablePointer<Double>?, _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool) {
        neuralBatchNormBackward(dy, xhat, inverseStd, gamma, dGamma, dBeta, dx, channels, spatial, batch, training)
    }
    public static func _swapOuterAxes(_ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Double>, _ outer: Int, _ inner: Int,
                                      _ width: Int) {
        neuralSwapOuterAxes(source, destination, outer, inner, width)
    }
}

extension Float: NeuralScalar {
    @inline(__always)
    public static func _exp(_ x: Float) -> Float {
        let magic: Float = 12_582_912  // 1.5 · 2^23
        let low = x < -87 ? -87 : x
        let x = low > 88 ? 88 : low
        let t = x * 1.44269504 + magic
        let k = t - magic
        let r = x - k * 0.693145751953125 - k * 1.428606765330187e-06  // ln 2 split (hi has 12 zero bits)
        var p: Float = 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let scale = Float(bitPattern: (t.bitPattern &- magic.bitPattern &+ 127) &<< 23)
        return p * scale
    }

    public static func _fill(_ p: UnsafeMutablePointer<Float>, _ count: Int, _ value: Float) { neuralFill(p, count, value) }
    public static func _load(_ source: UnsafePointer<Double>, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        while i < count { destination[i] = Float(source[i]); i += 1 }
    }
    public static func _store(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Double>, _ count: Int) {
        var i = 0
        while i < count { destination[i] = Double(source[i]); i += 1 }
    }
    public static func _activate(_ f: Neural.Activation, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        neuralActivate(f, x, y, count)
    }
    public static func _activationGradient(_ f: Neural.Activation, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                           _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ count: Int) {
        neuralActivationGradient(f, x, y, dy, dx, count)
    }
    public static func _multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        neuralMultiply(a, b, out, count)
    }
    public static func _dropoutMask(_ mask: UnsafeMutablePointer<Float>, _ count: Int, rate: Double, random: inout Neural.Random) {
        neuralDropoutMask(mask, count, rate, &random)
    }
    public static func _broadcastColumns(_ v: UnsafePointer<Float>, _ rows: Int, _ columns: Int, _ out: UnsafeMutablePointer<Float>) {
        neuralBroadcastColumns(v, rows, columns, out)
    }
    public static func _loss(_ loss: Neural.Loss, _ prediction: UnsafePointer<Float>, _ target: UnsafePointer<Float>,
                             _ gradient: UnsafeMutablePointer<Float>?, _ rows: Int, _ columns: Int) -> Double {
        neuralLoss(loss, prediction, target, gradient, rows, columns)
    }
    public static func _softmaxColumns(_ p: UnsafeMutablePointer<Float>, _ rows: Int, _ columns: Int) {
        neuralSoftmaxColumns(p, rows, columns)
    }
    public static func _sgdStep(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ velocity: UnsafeMutablePointer<Float>,
                                _ count: Int, learningRate: Float, momentum: Float, nesterov: Bool, weightDecay: Float) {
        neuralSGDStep(w, g, velocity, count, learningRate, momentum, nesterov, weightDecay)
    }
    public static func _adamStep(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                                 _ v: UnsafeMutablePointer<Float>, _ count: Int, learningRate: Float, beta1: Float, beta2: Float,
                                 epsilon: Float, correction1: Float, correction2: Float, l2: Float, decoupled: Float) {
        neuralAdamStep(w, g, m, v, count, learningRate, beta1, beta2, epsilon, correction1, correction2, l2, decoupled)
    }
    public static func _lstmForward(_ gates: UnsafeMutablePointer<Float>, _ cPrevious: UnsafePointer<Float>,
                                    _ c: UnsafeMutablePointer<Float>, _ tanhC: UnsafeMutablePointer<Float>,
                                    _ h: UnsafeMutablePointer<Float>, _ hidden: Int, _ batch: Int) {
        neuralLSTMForward(gates, cPrevious, c, tanhC, h, hidden, batch)
    }
    public static func _lstmBackward(_ gates: UnsafePointer<Float>, _ cPrevious: UnsafePointer<Float>, _ tanhC: UnsafePointer<Float>,
                                     _ dh: UnsafePointer<Float>, _ dc: UnsafeMutablePointer<Float>, _ dGates: UnsafeMutablePointer<Float>,
                                     _ hidden: Int, _ batch: Int) {
        neuralLSTMBackward(gates, cPrevious, tanhC, dh, dc, dGates, hidden, batch)
    }
    public static func _gruForward(_ gx: UnsafeMutablePointer<Float>, _ gh: UnsafePointer<Float>, _ hPrevious: UnsafePointer<Float>,
                                   _ h: UnsafeMutablePointer<Float>, _ hidden: Int, _ batch: Int) {
        neuralGRUForward(gx, gh, hPrevious, h, hidden, batch)
    }
    public static func _gruBackward(_ gates: UnsafePointer<Float>, _ gh: UnsafePointer<Float>, _ hPrevious: UnsafePointer<Float>,
                                    _ dh: UnsafePointer<Float>, _ dhPrevious: UnsafeMutablePointer<Float>,
                                    _ dGx: UnsafeMutablePointer<Float>, _ dGh: UnsafeMutablePointer<Float>, _ hidden: Int, _ batch: Int) {
        neuralGRUBackward(gates, gh, hPrevious, dh, dhPrevious, dGx, dGh, hidden, batch)
    }
    public static func _im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, _ geometry: Neural.WindowGeometry, _ batch: Int) {
        neuralIm2col(x, cols, geometry, batch)
    }
    public static func _col2im(_ dcols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ geometry: Neural.WindowGeometry, _ batch: Int) {
        neuralCol2im(dcols, dx, geometry, batch)
    }
    public static func _pool(_ maximum: Bool, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>,
                             _ geometry: Neural.WindowGeometry, _ planes: Int) {
        neuralPool(maximum, x, y, argmax, geometry, planes)
    }
    public static func _poolBackward(_ maximum: Bool, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ argmax: UnsafePointer<Int32>,
                                     _ geometry: Neural.WindowGeometry, _ planes: Int) {
        neuralPoolBackward(maximum, dy, dx, argmax, geometry, planes)
    }
    public static func _batchNormForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ xhat: UnsafeMutablePointer<Float>,
                                         _ inverseStd: UnsafeMutablePointer<Float>, _ gamma: UnsafePointer<Float>, _ beta: UnsafePointer<Float>,
                                         _ runningMean: UnsafeMutablePointer<Float>, _ runningVariance: UnsafeMutablePointer<Float>,
                                         _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool, _ momentum: Double, _ epsilon: Double) {
        neuralBatchNormForward(x, y, xhat, inverseStd, gamma, beta, runningMean, runningVariance, channels, spatial, batch, training,
                               momentum, epsilon)
    }
    public static func _batchNormBackward(_ dy: UnsafePointer<Float>, _ xhat: UnsafePointer<Float>, _ inverseStd: UnsafePointer<Float>,
                                          _ gamma: UnsafePointer<Float>, _ dGamma: UnsafeMutablePointer<Float>, _ dBeta: UnsafeMutablePointer<Float>,
                                          _ dx: UnsafeMutablePointer<Float>?, _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool) {
        neuralBatchNormBackward(dy, xhat, inverseStd, gamma, dGamma, dBeta, dx, channels, spatial, batch, training)
    }
    public static func _swapOuterAxes(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ outer: Int, _ inner: Int,
                                      _ width: Int) {
        neuralSwapOuterAxes(source, destination, outer, inner, width)
    }
}
