/// The neural-network engine: layers, losses, optimizers and a seeded mini-batch training loop,
/// in `Float` or `Double` over OpenBLAS (`sgemm`/`dgemm`), plus models ready for the forecasting
/// protocol (`MLPRegressor`, `MLPClassifier`, `RecurrentRegressor`).
///
/// The building blocks live in this namespace:
///
///     var network = try Neural.Network<Double>(inputShape: [64],
///         layers: [.dense(units: 100, activation: .relu), .dense(units: 10)], seed: 7)
///     let history = try network.fit(x, y, loss: .softmaxCrossEntropy,
///         options: .init(epochs: 50, batchSize: 200, optimizer: .adam(learningRate: 1e-3)))
///     let logits = try network.predict(xTest)
///
/// **Data layout.** A `Tensor` is row-major with the sample index first: `(samples, features)`
/// or `(samples, time, features)`, one sample contiguous. Internally a batch of samples is the
/// column-major matrix `features × batch`, so every layer is one or a few BLAS products per batch.
///
/// **Determinism.** Every random draw (initialisation, validation split, shuffling, dropout
/// masks) comes from `Neural.Random` (SplitMix64) seeded by the caller, one stream per purpose.
/// The same seed, precision and BLAS thread count give the same weights bit for bit.
public enum Neural {}

extension Neural {
    /// An element-wise nonlinearity.
    public enum Activation: String, Codable, CaseIterable, Hashable, Sendable {
        /// `f(x) = x`.
        case identity
        /// `max(0, x)`; the derivative at 0 is taken as 0.
        case relu
        /// The hyperbolic tangent.
        case tanh
        /// The logistic function `1 / (1 + e^{-x})`.
        case sigmoid
        /// GELU in its tanh approximation (Hendrycks & Gimpel 2016; PyTorch's
        /// `approximate="tanh"`): `x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
        case gelu
    }

    /// One layer of a `Network`, as an architecture description (Codable, no weights).
    public enum Layer: Codable, Hashable, Sendable {
        /// A fully connected layer `y = W x + b` on the last axis, followed by `activation`.
        /// On a `(time, features)` sample it is applied at every time step.
        case dense(units: Int, activation: Activation = .identity)
        /// An element-wise activation on its own.
        case activation(Activation)
        /// Inverted dropout: in training each value is zeroed with probability `rate` and the
        /// others are scaled by `1 / (1 - rate)`; at inference it is the identity.
        case dropout(rate: Double)
        /// An LSTM over a `(time, features)` sample: gates `i, f, g, o` (sigmoid, sigmoid, tanh,
        /// sigmoid), `c_t = f ⊙ c_{t-1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)`, zero initial state.
        /// Returns the last hidden state `(units)` or, with `returnSequences`, `(time, units)`.
        case lstm(units: Int, returnSequences: Bool = false)
        /// A GRU in PyTorch's form (reset gate applied after the recurrent product):
        /// `r, z = σ(·)`, `n = tanh(W_n x + b_n + r ⊙ (U_n h + c_n))`, `h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}`.
        /// Returns the last hidden state or, with `returnSequences`, the whole sequence.
        case gru(units: Int, returnSequences: Bool = false)
        /// A 2-D convolution over a `(channels, height, width)` sample (cross-correlation, as in
        /// PyTorch and JAX): `filters` kernels of `kernel` rows × columns, moved by `stride`,
        /// spread by `dilation`, over the input padded with `padding` zeros on each side, plus a
        /// bias per filter, then `activation`. The output is `(filters, outHeight, outWidth)`
        /// with `out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`.
        /// Weights are `(filters, channels, kernel rows, kernel columns)`, row-major (PyTorch's OIHW).
        case conv2d(filters: Int, kernel: Size2, stride: Size2 = 1, padding: Size2 = 0, dilation: Size2 = 1,
                    activation: Activation = .identity)
        /// The largest value of each `size` window moved by `stride` (the window's size when
        /// nil), per channel of a `(channels, height, width)` sample, no padding; windows that
        /// would cross the edge are left out (floor mode).
        case maxPool(size: Size2, stride: Size2? = nil)
        /// The mean of each window, as `maxPool` places them.
        case averagePool(size: Size2, stride: Size2? = nil)
        /// The mean of each channel of a `(channels, height, width)` sample: `(channels)`.
        case globalAveragePool
        /// Batch normalisation (Ioffe & Szegedy 2015) per channel of a `(channels, height, width)`
        /// sample (statistics over the batch and the positions) or per feature of a `(features)`
        /// sample: `γ (x − μ) / √(σ² + epsilon) + β`. In training `μ, σ²` are the batch's (σ²
        /// biased) and the running estimates move by `momentum` toward them (the running variance
        /// takes the unbiased batch variance, as PyTorch); at inference the running estimates are used.
        case batchNorm(momentum: Double = 0.1, epsilon: Double = 1e-5)
        /// Reshapes a sample to one axis (row-major: channel, row, column).
        case flatten
    }

    /// A pair of sizes, rows then columns (a kernel, a stride, a padding); an integer literal
    /// gives both.
    public struct Size2: Codable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
        public var rows: Int
        public var columns: Int

        public init(_ rows: Int, _ columns: Int) {
            self.rows = rows
            self.columns = columns
        }

        public init(integerLiteral value: Int) { self.init(value, value) }

        /// `3` when square, else `2x3`.
        public var description: String { rows == columns ? "\(rows)" : "\(rows)x\(columns)" }
    }

    /// How weights are drawn; biases start at zero (an LSTM's forget-gate bias at one).
    public enum Initialization: String, Codable, CaseIterable, Hashable, Sendable {
        /// He normal for dense layers followed by ReLU or GELU, Glorot uniform for the other
        /// dense layers and for the input weights of recurrent layers. Recurrent weights are
        /// orthogonal per gate in every scheme.
        case automatic
        /// `U(-a, a)`, `a = √(6 / (fanIn + fanOut))` (Glorot & Bengio 2010).
        case glorotUniform
        /// `N(0, 2 / (fanIn + fanOut))`.
        case glorotNormal
        /// `U(-a, a)`, `a = √(6 / fanIn)` (He et al. 2015).
        case heUniform
        /// `N(0, 2 / fanIn)`.
        case heNormal
    }

    /// Floating-point precision of a model's weights and arithmetic.
    public enum Precision: String, Codable, CaseIterable, Hashable, Sendable {
        /// `Float` (`sgemm`): about twice as fast, seven significant digits.
        case float32
        /// `Double` (`dgemm`).
        case float64
    }
}

/// A bad argument or shape handed to the neural engine, or training that diverged.
public struct NeuralError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What went wrong, in words.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
