// The training runtime: one object per layer with its work buffers, created from a `Network`
// for a fit or a prediction. Batches travel as raw pointers into buffers that the layers own,
// so a batch allocates nothing once the buffers have grown to the largest batch.

/// A growable buffer with a stable address (no copy-on-write, no exclusivity checks).
final class NeuralBuffer<Scalar: NeuralScalar> {
    private(set) var pointer: UnsafeMutablePointer<Scalar>
    private(set) var capacity: Int

    init(_ count: Int = 0) {
        capacity = max(1, count)
        pointer = .allocate(capacity: capacity)
        Scalar._fill(pointer, capacity, 0)
    }

    /// Room for `count` values; growing discards the contents (the new buffer holds zeros).
    @discardableResult
    func reserve(_ count: Int) -> UnsafeMutablePointer<Scalar> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: capacity)
            Scalar._fill(pointer, capacity, 0)
        }
        return pointer
    }

    deinit { pointer.deallocate() }
}

/// A buffer of ones, for bias gradients as one `gemv`.
final class NeuralOnes<Scalar: NeuralScalar> {
    private let buffer = NeuralBuffer<Scalar>()
    private var filled = 0

    func pointer(_ count: Int) -> UnsafePointer<Scalar> {
        if count > filled {
            buffer.reserve(count)
            Scalar._fill(buffer.pointer, count, 1)
            filled = count
        }
        return UnsafePointer(buffer.pointer)
    }
}

/// One layer at run time. Subclasses override `forward` and `backward`.
class NeuralLayerRuntime<Scalar: NeuralScalar> {
    /// Values per sample in and out.
    let inputSize: Int, outputSize: Int

    init(inputSize: Int, outputSize: Int) {
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// The output for `batch` samples at `x` (`batch × inputSize`, sample-contiguous). The result
    /// lives in a buffer of this layer (or is `x` itself) until the next `forward`. `x` must stay
    /// valid until `backward`.
    func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                 training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        fatalError("abstract")
    }

    /// Backward through the last `forward`: adds the parameter gradients into `gradients`
    /// (this layer's slice) and returns the gradient with respect to the input if asked.
    func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                  gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        fatalError("abstract")
    }
}

/// `y = f(W x + b)` on the last axis; `W` is `units × features`, column-major, then `b`.
final class NeuralDenseRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let features: Int, units: Int, activation: Neural.Activation
    /// Rows per sample (time steps for a `(time, features)` sample).
    let rowsPerSample: Int
    private let z = NeuralBuffer<Scalar>(), a = NeuralBuffer<Scalar>()
    private let dz = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private let ones = NeuralOnes<Scalar>()
    private var input: UnsafeMutablePointer<Scalar>?

    init(inputSize: Int, features: Int, units: Int, activation: Neural.Activation) {
        self.features = features
        self.units = units
        self.activation = activation
        self.rowsPerSample = inputSize / features
        super.init(inputSize: inputSize, outputSize: rowsPerSample * units)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        input = x
        let m = batch * rowsPerSample
        let zp = z.reserve(units * m)
        Scalar._broadcastColumns(parameters + units * features, units, m, zp)
        Scalar.gemm(transposeA: false, transposeB: false, m: units, n: m, k: features, alpha: 1,
                    a: parameters, lda: units, b: x, ldb: features, beta: 1, c: zp, ldc: units)
        if activation == .identity { return zp }
        let ap = a.reserve(units * m)
        Scalar._activate(activation, zp, ap, units * m)
        return ap
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        let m = batch * rowsPerSample
        var g = dy
        if activation != .identity {
            g = dz.reserve(units * m)
            Scalar._activationGradient(activation, z.pointer, a.pointer, dy, g, units * m)
        }
        Scalar.gemm(transposeA: false, transposeB: true, m: units, n: features, k: m, alpha: 1,
                    a: g, lda: units, b: input!, ldb: features, beta: 1, c: gradients, ldc: units)
        Scalar.gemv(transpose: false, m: units, n: m, alpha: 1, a: g, lda: units, x: ones.pointer(m), incx: 1,
                    beta: 1, y: gradients + units * features, incy: 1)
        guard inputGradient else { return nil }
        let dxp = dx.reserve(features * m)
        Scalar.gemm(transposeA: true, transposeB: false, m: features, n: m, k: units, alpha: 1,
                    a: parameters, lda: units, b: g, ldb: units, beta: 0, c: dxp, ldc: features)
        return dxp
    }
}

/// An element-wise activation.
final class NeuralActivationRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let activation: Neural.Activation
    private let y = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private var input: UnsafeMutablePointer<Scalar>?

    init(size: Int, activation: Neural.Activation) {
        self.activation = activation
        super.init(inputSize: size, outputSize: size)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        input = x
        if activation == .identity { return x }
        let yp = y.reserve(batch * outputSize)
        Scalar._activate(activation, x, yp, batch * outputSize)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        guard inputGradient else { return nil }
        if activation == .identity { return dy }
        let dxp = dx.reserve(batch * inputSize)
        Scalar._activationGradient(activation, input!, y.pointer, dy, dxp, batch * inputSize)
        return dxp
    }
}

/// Inverted dropout; the identity at inference.
final class NeuralDropoutRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let rate: Double
    private let mask = NeuralBuffer<Scalar>(), y = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private var masked = false

    init(size: Int, rate: Double) {
        self.rate = rate
        super.init(inputSize: size, outputSize: size)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        masked = training && rate > 0
        guard masked else { return x }
        let n = batch * outputSize
        let mp = mask.reserve(n), yp = y.reserve(n)
        Scalar._dropoutMask(mp, n, rate: rate, random: &random)
        Scalar._multiply(x, mp, yp, n)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        guard inputGradient else { return nil }
        guard masked else { return dy }
        let n = batch * inputSize
        let dxp = dx.reserve(n)
        Scalar._multiply(dy, mask.pointer, dxp, n)
        return dxp
    }
}

// MARK: - Batch layout helpers

/// Copies `(batch, time, width)` sample-major values into time-major `(time, batch, width)`
/// (or back with `inverse`).
func neuralPermuteTimeMajor<Scalar: NeuralScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>,
                                                 batch: Int, time: Int, width: Int, inverse: Bool = false) {
    if width == 1 {
        // A transpose of the time × batch (or batch × time) column-major matrix.
        Scalar.copyMatrix(transpose: true, rows: inverse ? batch : time, columns: inverse ? time : batch,
                          a: source, lda: inverse ? batch : time, b: destination, ldb: inverse ? time : batch)
        return
    }
    for b in 0..<batch {
        for t in 0..<time {
            let sampleMajor = (b * time + t) * width, timeMajor = (t * batch + b) * width
            if inverse {
                (destination + sampleMajor).update(from: source + timeMajor, count: width)
            } else {
                (destination + timeMajor).update(from: source + sampleMajor, count: width)
            }
        }
    }
}
