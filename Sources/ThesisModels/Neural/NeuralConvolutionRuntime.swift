// Run-time layers for images: convolution as im2col over one GEMM per batch, pooling, global
// average pooling, batch normalisation and flatten. Batches are sample-contiguous
// `(batch, channels, height, width)`, as every other layer sees them.

/// `conv2d`: the batch unfolded into `cols` (`(batch · outPlane) × patch`), one GEMM with the
/// `patch × filters` weights gives `(batch · outPlane) × filters`, i.e. `(filters, batch, outPlane)`,
/// which is activated and swapped to `(batch, filters, outPlane)`.
final class NeuralConvolutionRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let geometry: Neural.WindowGeometry
    let filters: Int
    let activation: Neural.Activation
    private let cols = NeuralBuffer<Scalar>(), z = NeuralBuffer<Scalar>(), a = NeuralBuffer<Scalar>()
    private let y = NeuralBuffer<Scalar>(), dz = NeuralBuffer<Scalar>(), dcols = NeuralBuffer<Scalar>()
    private let dx = NeuralBuffer<Scalar>()
    private let ones = NeuralOnes<Scalar>()

    init(geometry: Neural.WindowGeometry, filters: Int, activation: Neural.Activation) {
        self.geometry = geometry
        self.filters = filters
        self.activation = activation
        super.init(inputSize: geometry.channels * geometry.inputPlane, outputSize: filters * geometry.outputPlane)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        let rows = batch * geometry.outputPlane, patch = geometry.patch
        let colsp = cols.reserve(rows * patch)
        Scalar._im2col(x, colsp, geometry, batch)
        let zp = z.reserve(rows * filters)
        // z = 1 · biasᵀ, then z += cols · W.
        Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: filters, k: 1, alpha: 1,
                    a: ones.pointer(rows), lda: rows, b: parameters + patch * filters, ldb: 1, beta: 0, c: zp, ldc: rows)
        Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: filters, k: patch, alpha: 1,
                    a: colsp, lda: rows, b: parameters, ldb: patch, beta: 1, c: zp, ldc: rows)
        var activated = zp
        if activation != .identity {
            activated = a.reserve(rows * filters)
            Scalar._activate(activation, zp, activated, rows * filters)
        }
        let yp = y.reserve(rows * filters)
        Scalar._swapOuterAxes(activated, yp, filters, batch, geometry.outputPlane)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        let rows = batch * geometry.outputPlane, patch = geometry.patch
        let g = dz.reserve(rows * filters)
        Scalar._swapOuterAxes(dy, g, batch, filters, geometry.outputPlane)
        if activation != .identity {
            Scalar._activationGradient(activation, z.pointer, a.pointer, g, g, rows * filters)
        }
        // dW += colsᵀ · dz; db += dzᵀ · 1.
        Scalar.gemm(transposeA: true, transposeB: false, m: patch, n: filters, k: rows, alpha: 1,
                    a: cols.pointer, lda: rows, b: g, ldb: rows, beta: 1, c: gradients, ldc: patch)
        Scalar.gemv(transpose: true, m: rows, n: filters, alpha: 1, a: g, lda: rows, x: ones.pointer(rows), incx: 1,
                    beta: 1, y: gradients + patch * filters, incy: 1)
        guard inputGradient else { return nil }
        let dcolsp = dcols.reserve(rows * patch)
        Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: patch, k: filters, alpha: 1,
                    a: g, lda: rows, b: parameters, ldb: patch, beta: 0, c: dcolsp, ldc: rows)
        let dxp = dx.reserve(batch * inputSize)
        Scalar._col2im(dcolsp, dxp, geometry, batch)
        return dxp
    }
}

/// `maxPool` and `averagePool`, plane by plane.
final class NeuralPoolRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let geometry: Neural.WindowGeometry
    let maximum: Bool
    private let y = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private var argmax = UnsafeMutablePointer<Int32>.allocate(capacity: 1), argmaxCapacity = 1

    init(geometry: Neural.WindowGeometry, maximum: Bool) {
        self.geometry = geometry
        self.maximum = maximum
        super.init(inputSize: geometry.channels * geometry.inputPlane, outputSize: geometry.channels * geometry.outputPlane)
    }

    deinit { argmax.deallocate() }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        let n = batch * outputSize
        if n > argmaxCapacity {
            argmax.deallocate()
            argmax = .allocate(capacity: n)
            argmaxCapacity = n
        }
        let yp = y.reserve(n)
        Scalar._pool(maximum, x, yp, argmax, geometry, batch * geometry.channels)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        guard inputGradient else { return nil }
        let dxp = dx.reserve(batch * inputSize)
        Scalar._poolBackward(maximum, dy, dxp, argmax, geometry, batch * geometry.channels)
        return dxp
    }
}

/// `globalAveragePool`: the mean of each plane, as one GEMV per batch.
final class NeuralGlobalAverageRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let plane: Int
    private let y = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private let ones = NeuralOnes<Scalar>()

    init(channels: Int, plane: Int) {
        self.plane = plane
        super.init(inputSize: channels * plane, outputSize: channels)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        let planes = batch * outputSize
        let yp = y.reserve(planes)
        Scalar.gemv(transpose: true, m: plane, n: planes, alpha: 1 / Scalar(plane), a: x, lda: plane,
                    x: ones.pointer(plane), incx: 1, beta: 0, y: yp, incy: 1)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        guard inputGradient else { return nil }
        let planes = batch * outputSize
        let dxp = dx.reserve(planes * plane)
        // dx = (1/plane) · 1 · dyᵀ: each plane filled with its output's gradient share.
        Scalar.gemm(transposeA: false, transposeB: false, m: plane, n: planes, k: 1, alpha: 1 / Scalar(plane),
                    a: ones.pointer(plane), lda: plane, b: dy, ldb: 1, beta: 0, c: dxp, ldc: plane)
        return dxp
    }
}

/// `batchNorm` over `channels` with `spatial` values each per sample; the running estimates live
/// in the engine's state buffer.
final class NeuralBatchNormRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let channels: Int, spatial: Int
    let momentum: Double, epsilon: Double
    /// Running mean then running variance (`2 × channels`), owned by the engine.
    let state: UnsafeMutablePointer<Scalar>
    /// A frozen layer normalises with its running estimates in training too, and keeps them.
    var frozen = false
    private let y = NeuralBuffer<Scalar>(), xhat = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()
    private let inverseStd = NeuralBuffer<Scalar>()
    private var trained = false

    init(channels: Int, spatial: Int, momentum: Double, epsilon: Double, state: UnsafeMutablePointer<Scalar>) {
        self.channels = channels
        self.spatial = spatial
        self.momentum = momentum
        self.epsilon = epsilon
        self.state = state
        super.init(inputSize: channels * spatial, outputSize: channels * spatial)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        trained = training && !frozen
        let n = batch * outputSize
        let yp = y.reserve(n), hp = xhat.reserve(n), sp = inverseStd.reserve(channels)
        Scalar._batchNormForward(x, yp, hp, sp, parameters, parameters + channels, state, state + channels,
                                 channels, spatial, batch, trained, momentum, epsilon)
        return yp
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        let dxp = inputGradient ? dx.reserve(batch * inputSize) : nil
        Scalar._batchNormBackward(dy, xhat.pointer, inverseStd.pointer, parameters, gradients, gradients + channels, dxp,
                                  channels, spatial, batch, trained)
        return dxp
    }
}

/// `flatten`: the same values; only the shape the next layer sees changes.
final class NeuralFlattenRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    init(size: Int) { super.init(inputSize: size, outputSize: size) }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> { x }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient: Bool) -> UnsafeMutablePointer<Scalar>? {
        inputGradient ? dy : nil
    }
}
