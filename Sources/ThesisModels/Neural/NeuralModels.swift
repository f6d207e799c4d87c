import ThesisLinearAlgebra

extension Neural {
    /// The update rule of a model (its hyperparameters come from `ModelOptions`).
    public enum OptimizerKind: String, Codable, CaseIterable, Hashable, Sendable {
        /// SGD with `momentum` (L2 weight decay).
        case sgd
        /// Adam (L2 weight decay added to the gradient).
        case adam
        /// AdamW (decoupled weight decay).
        case adamW
    }

    /// Settings of the ready-made models (`MLPRegressor`, `MLPClassifier`, `RecurrentRegressor`).
    public struct ModelOptions: Codable, Hashable, Sendable {
        /// Units of each hidden layer (dense for the MLPs, LSTM/GRU for the recurrent regressor).
        public var hiddenSizes: [Int]
        /// The activation of the MLPs' hidden layers.
        public var activation: Activation
        /// Maximum passes over the training data.
        public var epochs: Int
        /// Samples per gradient step.
        public var batchSize: Int
        /// The optimizer's base learning rate.
        public var learningRate: Double
        /// The update rule.
        public var optimizer: OptimizerKind
        /// SGD's momentum (ignored by Adam and AdamW).
        public var momentum: Double
        /// Weight decay on the weight matrices: L2 for SGD and Adam, decoupled for AdamW.
        public var weightDecay: Double
        /// Dropout rate after each hidden layer (0: none).
        public var dropout: Double
        /// Early stopping: stop after this many epochs without a better validation loss and keep
        /// the best weights. Holds out `validationFraction` of the training samples (the last ones
        /// for the regressors, which are meant for time series; a random subset for the classifier).
        public var patience: Int?
        /// The held-out share when `patience` is set or `monitorsValidation` is true.
        public var validationFraction: Double
        /// Holds out `validationFraction` and records the validation loss by epoch without early
        /// stopping (the last epoch's weights are kept); with `patience` set it has no effect.
        public var monitorsValidation = false
        /// The learning rate over the epochs.
        public var schedule: LearningRateSchedule
        /// Gradient clipping to this global norm.
        public var clipNorm: Double?
        /// Seeds initialisation (stream 0) and training (streams 1–3): same seed, same model.
        public var seed: UInt64
        /// `float32` or `float64` weights and arithmetic; inputs and outputs are `Double` either way.
        public var precision: Precision
        /// Standardise each input feature (and, for the regressors, each target) with the training
        /// sample's mean and standard deviation; predictions are returned on the original scale.
        public var standardize: Bool

        /// Options with the given values.
        public init(hiddenSizes: [Int] = [100], activation: Activation = .relu, epochs: Int = 200, batchSize: Int = 200,
                    learningRate: Double = 1e-3, optimizer: OptimizerKind = .adam, momentum: Double = 0.9,
                    weightDecay: Double = 0, dropout: Double = 0, patience: Int? = nil, validationFraction: Double = 0.1,
                    schedule: LearningRateSchedule = .constant, clipNorm: Double? = nil, seed: UInt64 = 0,
                    precision: Precision = .float64, standardize: Bool = true) {
            self.hiddenSizes = hiddenSizes
            self.activation = activation
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.optimizer = optimizer
            self.momentum = momentum
            self.weightDecay = weightDecay
            self.dropout = dropout
            self.patience = patience
            self.validationFraction = validationFraction
            self.schedule = schedule
            self.clipNorm = clipNorm
            self.seed = seed
            self.precision = precision
            self.standardize = standardize
        }

        /// The recurrent regressor's defaults: one layer of 32 units, batches of 32, 100 epochs.
        public static var recurrent: ModelOptions { ModelOptions(hiddenSizes: [32], epochs: 100, batchSize: 32) }

        var optimizerValue: Optimizer {
            switch optimizer {
            case .sgd: return .sgd(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
            case .adam: return .adam(learningRate: learningRate, weightDecay: weightDecay)
            case .adamW: return .adamW(learningRate: learningRate, weightDecay: weightDecay)
            }
        }

        func training(validation: (Double) -> ValidationSplit) -> TrainingOptions {
            TrainingOptions(epochs: epochs, batchSize: batchSize, optimizer: optimizerValue, schedule: schedule, clipNorm: clipNorm,
                            validation: patience == nil && !monitorsValidation ? .none : validation(validationFraction),
                            patience: patience, restoreBest: patience != nil, seed: seed)
        }

        func validate() throws {
            guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ $0 > 0 }) else {
                throw NeuralError("hiddenSizes must be positive, got \(hiddenSizes)")
            }
            guard dropout >= 0, dropout < 1 else { throw NeuralError("dropout must be in [0, 1), got \(dropout)") }
        }
    }

    /// Per-feature centring and scaling, `(v - mean) / scale` along the last axis; a feature
    /// with no spread keeps scale 1.
    public struct Standardizer: Codable, Hashable, Sendable {
        /// Per-feature means.
        public var mean: [Double]
        /// Per-feature standard deviations (population, `ddof = 0`), 1 where that is 0.
        public var scale: [Double]

        /// Given means and scales (a saved model's).
        init(mean: [Double], scale: [Double]) {
            self.mean = mean
            self.scale = scale
        }

        /// The identity for `features` features.
        public init(identity features: Int) {
            mean = [Double](repeating: 0, count: features)
            scale = [Double](repeating: 1, count: features)
        }

        /// Fitted on every row of `values` (row-major, `features` per row).
        public init(fitting values: [Double], features: Int) {
            let rows = values.count / max(1, features)
            var mean = [Double](repeating: 0, count: features), square = mean
            for r in 0..<rows { for j in 0..<features { mean[j] += values[r * features + j] } }
            for j in 0..<features { mean[j] /= Double(max(1, rows)) }
            for r in 0..<rows { for j in 0..<features { let d = values[r * features + j] - mean[j]; square[j] += d * d } }
            self.mean = mean
            self.scale = square.map { s in
                let sd = (s / Double(max(1, rows))).squareRoot()
                return sd > 0 && sd.isFinite ? sd : 1
            }
        }

        /// `(v - mean) / scale` for row-major values.
        public func transform(_ values: [Double]) -> [Double] {
            let features = mean.count
            return values.enumerated().map { i, v in (v - mean[i % features]) / scale[i % features] }
        }

        /// `v · scale + mean`, the inverse.
        public func inverse(_ values: [Double]) -> [Double] {
            let features = mean.count
            return values.enumerated().map { i, v in v * scale[i % features] + mean[i % features] }
        }
    }

    /// A network in either precision, for the models.
    enum AnyNetwork: Codable, Hashable, Sendable {
        case float32(Network<Float>)
        case float64(Network<Double>)

        init(precision: Precision, inputShape: [Int], layers: [Layer], seed: UInt64) throws {
            switch precision {
            case .float32: self = .float32(try Network(inputShape: inputShape, layers: layers, seed: seed))
            case .float64: self = .float64(try Network(inputShape: inputShape, layers: layers, seed: seed))
            }
        }

        mutating func fit(_ x: Tensor<Double>, _ y: Tensor<Double>, loss: Loss, options: TrainingOptions) throws -> TrainingHistory {
            switch self {
            case .float32(var network):
                let history = try network.fit(Tensor<Float>(x), Tensor<Float>(y), loss: loss, options: options)
                self = .float32(network)
                return history
            case .float64(var network):
                let history = try network.fit(x, y, loss: loss, options: options)
                self = .float64(network)
                return history
            }
        }

        func predict(_ x: Tensor<Double>) throws -> Tensor<Double> {
            switch self {
            case .float32(let network): return Tensor<Double>(try network.predict(Tensor<Float>(x)))
            case .float64(let network): return try network.predict(x)
            }
        }

        var inputShape: [Int] {
            switch self {
            case .float32(let network): return network.inputShape
            case .float64(let network): return network.inputShape
            }
        }

        var layers: [Layer] {
            switch self {
            case .float32(let network): return network.layers
            case .float64(let network): return network.layers
            }
        }

        var precision: Precision {
            switch self {
            case .float32: return .float32
            case .float64: return .float64
            }
        }
    }

    /// The state every model keeps after `fit` (Codable, for the result cache).
    struct Fitted: Codable, Hashable, Sendable {
        var network: AnyNetwork
        var inputScaler: Standardizer
        var targetScaler: Standardizer?
    }

    /// Windows of `length` consecutive rows of `panel` (`T × k`, one row per period) as samples of
    /// shape `(length, k)`, each with the target `target[t + horizon]` where `t` is the window's
    /// last row: `T - length - horizon + 1` samples, oldest first.
    /// - Throws: `NeuralError` if `target` does not have `T` values or the series is too short.
    public static func slidingWindows(_ panel: Matrix, length: Int, target: [Double], horizon: Int = 1) throws
        -> (inputs: Tensor<Double>, targets: [Double]) {
        guard length >= 1, horizon >= 0 else { throw NeuralError("slidingWindows: length must be positive and horizon not negative") }
        guard target.count == panel.rows else {
            throw NeuralError("slidingWindows: \(target.count) target values for \(panel.rows) periods")
        }
        let count = panel.rows - length - horizon + 1
        guard count >= 1 else {
            throw NeuralError("slidingWindows: \(panel.rows) periods are too few for windows of \(length) and horizon \(horizon)")
        }
        let k = panel.columns
        var values = [Double]()
        values.reserveCapacity(count * length * k)
        for start in 0..<count {
            for r in start..<(start + length) { for j in 0..<k { values.append(panel[r, j]) } }
        }
        let targets = (0..<count).map { target[$0 + length - 1 + horizon] }
        return (try Tensor(shape: [count, length, k], scalars: values), targets)
    }

    /// `slidingWindows` of one series on itself: samples `(length, 1)` of `series` and targets
    /// `series[t + horizon]`.
    public static func slidingWindows(_ series: [Double], length: Int, horizon: Int = 1) throws
        -> (inputs: Tensor<Double>, targets: [Double]) {
        try slidingWindows(Matrix(column: series), length: length, target: series, horizon: horizon)
    }
}

// MARK: - Models

/// A multilayer perceptron for regression: dense hidden layers (`options.hiddenSizes`,
/// `options.activation`, dropout after each if set) and a linear output per target column,
/// trained on the mean squared error.
public struct MLPRegressor: Codable, Hashable, Sendable {
    /// The settings; changing them after `fit` affects only the next `fit`.
    public var options: Neural.ModelOptions
    /// The loss history of the last `fit`.
    public private(set) var history: Neural.TrainingHistory?
    /// The weights and scalers (read by `ModelArtifact`).
    var fitted: Neural.Fitted?

    /// An unfitted model.
    public init(options: Neural.ModelOptions = .init()) { self.options = options }

    /// Whether `fit` has run.
    public var isFitted: Bool { fitted != nil }

    /// Fits the network to predict each row of `y` (`n × outputs`) from the same row of `x` (`n × features`).
    /// - Throws: `NeuralError` for mismatched sizes, bad options or a diverging loss.
    @discardableResult
    public mutating func fit(_ x: Matrix, _ y: Matrix) throws -> Neural.TrainingHistory {
        guard x.rows == y.rows, x.rows > 0 else { throw NeuralError("MLPRegressor.fit: \(x.rows) input rows, \(y.rows) target rows") }
        try options.validate()
        let layers = mlpLayers(options, outputs: y.columns)
        let result = try neuralFitModel(options, inputs: Neural.Tensor(x), targets: Neural.Tensor(y), layers: layers,
                                        loss: .meanSquaredError, scaleTargets: true, validation: { .last(fraction: $0) })
        fitted = result.fitted
        history = result.history
        return result.history
    }

    /// `fit` with a single target.
    @discardableResult
    public mutating func fit(_ x: Matrix, _ y: [Double]) throws -> Neural.TrainingHistory {
        try fit(x, Matrix(column: y))
    }

    /// Continues training the fitted network on new rows (scikit-learn's `warm_start`): the
    /// weights start where they are, the inputs and targets are scaled as in the first fit, and
    /// `options` (epochs, learning rate, …) apply to this round; the optimizer starts afresh.
    /// - Throws: `NeuralError` before `fit`, or when the options describe another network.
    @discardableResult
    public mutating func update(_ x: Matrix, _ y: Matrix) throws -> Neural.TrainingHistory {
        guard let fitted else { throw NeuralError("MLPRegressor.update: the model has not been fitted") }
        guard x.rows == y.rows, x.rows > 0 else { throw NeuralError("MLPRegressor.update: \(x.rows) input rows, \(y.rows) target rows") }
        try options.validate()
        let result = try neuralFitModel(options, inputs: Neural.Tensor(x), targets: Neural.Tensor(y),
                                        layers: mlpLayers(options, outputs: y.columns), loss: .meanSquaredError,
                                        scaleTargets: true, validation: { .last(fraction: $0) }, continuing: fitted)
        self.fitted = result.fitted
        history = result.history
        return result.history
    }

    /// Predictions for each row of `x`, `n × outputs`.
    /// - Throws: `NeuralError` before `fit` or when `x` has the wrong number of columns.
    public func predict(_ x: Matrix) throws -> Matrix {
        try neuralPredict(fitted, Neural.Tensor(x), "MLPRegressor").matrix
    }
}

/// A multilayer perceptron classifier: dense hidden layers and one logit per class, trained on
/// the softmax cross-entropy. Labels are any integers; `classes` lists them in ascending order.
public struct MLPClassifier: Codable, Hashable, Sendable {
    /// The settings; changing them after `fit` affects only the next `fit`.
    public var options: Neural.ModelOptions
    /// The loss history of the last `fit`.
    public private(set) var history: Neural.TrainingHistory?
    /// The distinct labels seen by `fit`, ascending: column `k` of `predictProbabilities` is `classes[k]`.
    public internal(set) var classes: [Int] = []
    /// The weights and scalers (read by `ModelArtifact`).
    var fitted: Neural.Fitted?

    /// An unfitted model.
    public init(options: Neural.ModelOptions = .init()) { self.options = options }

    /// Whether `fit` has run.
    public var isFitted: Bool { fitted != nil }

    /// Fits the classifier to `labels`, one per row of `x`. Early stopping holds out a random subset.
    /// - Throws: `NeuralError` for mismatched sizes, fewer than two classes, bad options or a diverging loss.
    @discardableResult
    public mutating func fit(_ x: Matrix, _ labels: [Int]) throws -> Neural.TrainingHistory {
        guard x.rows == labels.count, x.rows > 0 else { throw NeuralError("MLPClassifier.fit: \(x.rows) rows, \(labels.count) labels") }
        try options.validate()
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2 else { throw NeuralError("MLPClassifier.fit: needs at least two classes, got \(classes)") }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var oneHot = [Double](repeating: 0, count: labels.count * classes.count)
        for (i, label) in labels.enumerated() { oneHot[i * classes.count + index[label]!] = 1 }
        let targets = try Neural.Tensor(shape: [labels.count, classes.count], scalars: oneHot)
        let result = try neuralFitModel(options, inputs: Neural.Tensor(x), targets: targets,
                                        layers: mlpLayers(options, outputs: classes.count), loss: .softmaxCrossEntropy,
                                        scaleTargets: false, validation: { .random(fraction: $0) })
        self.classes = classes
        fitted = result.fitted
        history = result.history
        return result.history
    }

    /// Class probabilities, `n × classes.count` (softmax of the logits).
    /// - Throws: `NeuralError` before `fit` or when `x` has the wrong number of columns.
    public func predictProbabilities(_ x: Matrix) throws -> Matrix {
        var logits = try neuralPredict(fitted, Neural.Tensor(x), "MLPClassifier")
        let k = classes.count
        logits.withUnsafeMutableBufferPointer { Double._softmaxColumns($0.baseAddress!, k, $0.count / k) }
        return logits.matrix
    }

    /// The most probable class of each row (the first on ties).
    public func predict(_ x: Matrix) throws -> [Int] {
        let logits = try neuralPredict(fitted, Neural.Tensor(x), "MLPClassifier")
        let k = classes.count
        return (0..<logits.count).map { i in
            var best = 0
            for j in 1..<k where logits.scalars[i * k + j] > logits.scalars[i * k + best] { best = j }
            return classes[best]
        }
    }
}

/// A recurrent network for regression on sequences: stacked LSTM or GRU layers
/// (`options.hiddenSizes`; all but the last return their whole sequence; dropout after each if
/// set) and a linear output from the last hidden state, trained on the mean squared error.
/// Inputs are `(samples, time, features)`; `Neural.slidingWindows` builds them from a series.
public struct RecurrentRegressor: Codable, Hashable, Sendable {
    /// The recurrent cell.
    public enum Cell: String, Codable, CaseIterable, Hashable, Sendable {
        /// `Neural.Layer.lstm`.
        case lstm
        /// `Neural.Layer.gru`.
        case gru
    }

    /// LSTM or GRU.
    public var cell: Cell
    /// The settings (`ModelOptions.recurrent` by default); `activation` is not used.
    public var options: Neural.ModelOptions
    /// The loss history of the last `fit`.
    public private(set) var history: Neural.TrainingHistory?
    /// The weights and scalers (read by `ModelArtifact`).
    var fitted: Neural.Fitted?

    /// An unfitted model.
    public init(cell: Cell = .lstm, options: Neural.ModelOptions = .recurrent) {
        self.cell = cell
        self.options = options
    }

    /// Whether `fit` has run.
    public var isFitted: Bool { fitted != nil }

    /// The layers for `features`-wide sequences and `outputs` targets.
    func layers(outputs: Int) -> [Neural.Layer] {
        var layers: [Neural.Layer] = []
        for (i, units) in options.hiddenSizes.enumerated() {
            let sequences = i + 1 < options.hiddenSizes.count
            layers.append(cell == .lstm ? .lstm(units: units, returnSequences: sequences) : .gru(units: units, returnSequences: sequences))
            if options.dropout > 0 { layers.append(.dropout(rate: options.dropout)) }
        }
        layers.append(.dense(units: outputs))
        return layers
    }

    /// Fits the network to predict row `i` of `y` (`n × outputs`) from sequence `i` of `x`
    /// (`(n, time, features)`). Early stopping holds out the last samples.
    /// - Throws: `NeuralError` for mismatched sizes, bad options or a diverging loss.
    @discardableResult
    public mutating func fit(_ x: Neural.Tensor<Double>, _ y: Matrix) throws -> Neural.TrainingHistory {
        guard x.shape.count == 3, x.count == y.rows, x.count > 0 else {
            throw NeuralError("RecurrentRegressor.fit: needs (samples, time, features) inputs and one target row per sample, got \(x.shape) and \(y.rows) rows")
        }
        try options.validate()
        let result = try neuralFitModel(options, inputs: x, targets: Neural.Tensor(y), layers: layers(outputs: y.columns),
                                        loss: .meanSquaredError, scaleTargets: true, validation: { .last(fraction: $0) })
        fitted = result.fitted
        history = result.history
        return result.history
    }

    /// `fit` with a single target.
    @discardableResult
    public mutating func fit(_ x: Neural.Tensor<Double>, _ y: [Double]) throws -> Neural.TrainingHistory {
        try fit(x, Matrix(column: y))
    }

    /// Continues training the fitted network on new sequences, as `MLPRegressor.update`.
    @discardableResult
    public mutating func update(_ x: Neural.Tensor<Double>, _ y: Matrix) throws -> Neural.TrainingHistory {
        guard let fitted else { throw NeuralError("RecurrentRegressor.update: the model has not been fitted") }
        guard x.shape.count == 3, x.count == y.rows, x.count > 0 else {
            throw NeuralError("RecurrentRegressor.update: needs (samples, time, features) inputs and one target row per sample, got \(x.shape) and \(y.rows) rows")
        }
        try options.validate()
        let result = try neuralFitModel(options, inputs: x, targets: Neural.Tensor(y), layers: layers(outputs: y.columns),
                                        loss: .meanSquaredError, scaleTargets: true, validation: { .last(fraction: $0) },
                                        continuing: fitted)
        self.fitted = result.fitted
        history = result.history
        return result.history
    }

    /// Predictions for each sequence of `x`, `n × outputs`.
    /// - Throws: `NeuralError` before `fit` or when the sequences have the wrong shape.
    public func predict(_ x: Neural.Tensor<Double>) throws -> Matrix {
        try neuralPredict(fitted, x, "RecurrentRegressor").matrix
    }
}

// MARK: - Shared model plumbing

func mlpLayers(_ options: Neural.ModelOptions, outputs: Int) -> [Neural.Layer] {
    var layers: [Neural.Layer] = []
    for units in options.hiddenSizes {
        layers.append(.dense(units: units, activation: options.activation))
        if options.dropout > 0 { layers.append(.dropout(rate: options.dropout)) }
    }
    layers.append(.dense(units: outputs))
    return layers
}

/// Standardises, builds the network in the chosen precision and trains it.
func neuralFitModel(_ options: Neural.ModelOptions, inputs: Neural.Tensor<Double>, targets: Neural.Tensor<Double>,
                    layers: [Neural.Layer], loss: Neural.Loss, scaleTargets: Bool,
                    validation: (Double) -> Neural.ValidationSplit,
                    continuing warm: Neural.Fitted? = nil) throws -> (fitted: Neural.Fitted, history: Neural.TrainingHistory) {
    guard inputs.scalars.allSatisfy(\.isFinite), targets.scalars.allSatisfy(\.isFinite) else {
        throw NeuralError("fit: the inputs or targets contain NaN or infinite values")
    }
    if let warm {
        // Continued training: the same network from its current weights, on the scales it was fitted with.
        guard warm.network.inputShape == inputs.sampleShape else {
            throw NeuralError("update: samples of shape \(inputs.sampleShape), the model was fitted on \(warm.network.inputShape)")
        }
        guard warm.network.layers == layers else {
            throw NeuralError("update: the options describe another network than the fitted one (its hidden sizes, activation, dropout or outputs differ)")
        }
        guard warm.network.precision == options.precision else {
            throw NeuralError("update: the network is \(warm.network.precision.rawValue), the options say \(options.precision.rawValue)")
        }
        guard (warm.targetScaler != nil) == (scaleTargets && options.standardize) else {
            throw NeuralError("update: the model was fitted \(warm.targetScaler == nil ? "without" : "with") standardized targets")
        }
        let x = try Neural.Tensor(shape: inputs.shape, scalars: warm.inputScaler.transform(inputs.scalars))
        let y = try warm.targetScaler.map { try Neural.Tensor(shape: targets.shape, scalars: $0.transform(targets.scalars)) } ?? targets
        var network = warm.network
        let history = try network.fit(x, y, loss: loss, options: options.training(validation: validation))
        return (Neural.Fitted(network: network, inputScaler: warm.inputScaler, targetScaler: warm.targetScaler), history)
    }
    let features = inputs.shape.last!
    let inputScaler = options.standardize ? Neural.Standardizer(fitting: inputs.scalars, features: features)
                                          : Neural.Standardizer(identity: features)
    let targetScaler = scaleTargets && options.standardize
        ? Neural.Standardizer(fitting: targets.scalars, features: targets.shape.last!) : nil
    let x = try Neural.Tensor(shape: inputs.shape, scalars: inputScaler.transform(inputs.scalars))
    let y = try targetScaler.map { try Neural.Tensor(shape: targets.shape, scalars: $0.transform(targets.scalars)) } ?? targets
    var network = try Neural.AnyNetwork(precision: options.precision, inputShape: inputs.sampleShape, layers: layers, seed: options.seed)
    let history = try network.fit(x, y, loss: loss, options: options.training(validation: validation))
    return (Neural.Fitted(network: network, inputScaler: inputScaler, targetScaler: targetScaler), history)
}

/// The fitted network's output for `inputs`, back on the targets' scale.
func neuralPredict(_ fitted: Neural.Fitted?, _ inputs: Neural.Tensor<Double>, _ model: String) throws -> Neural.Tensor<Double> {
    guard let fitted else { throw NeuralError("\(model).predict: the model has not been fitted") }
    guard inputs.sampleShape == fitted.network.inputShape else {
        throw NeuralError("\(model).predict: samples of shape \(inputs.sampleShape), the model was fitted on \(fitted.network.inputShape)")
    }
    let x = try Neural.Tensor(shape: inputs.shape, scalars: fitted.inputScaler.transform(inputs.scalars))
    let out = try fitted.network.predict(x)
    guard let scaler = fitted.targetScaler else { return out }
    return try Neural.Tensor(shape: out.shape, scalars: scaler.inverse(out.scalars))
}
