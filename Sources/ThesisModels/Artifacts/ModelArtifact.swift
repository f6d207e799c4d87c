import Foundation
import ThesisLinearAlgebra

/// A fitted model as a self-contained file: the `thesis-model` format, version 1, documented in
/// docs/model-format.md. It holds what the model needs to predict (the input and output schema,
/// the scalers and every weight) and where it came from (directive, options, data hash, metrics,
/// engine version). Stored as canonical JSON, so its SHA-256 is its identity; every number is
/// written in the shortest form that reads back to the same double, so a loaded model predicts
/// bit for bit what the build's model predicted.
public struct ModelArtifact: Codable, Hashable, Sendable {
    /// The value of `format`.
    public static let formatName = "thesis-model"
    /// The newest `format_version` this engine writes and reads. Version 2 adds the `var` and
    /// `favar` kinds and `input.lags`; a model that uses none of them is written as version 1.
    public static let currentVersion = 3

    /// What kind of model the weights describe, and so how `predict` reads its rows.
    public enum Kind: String, Codable, CaseIterable, Hashable, Sendable {
        /// An MLP on one row per sample; one output per target.
        case mlpRegressor = "mlp-regressor"
        /// An MLP classifier on one row per sample: a label and a probability per class.
        case mlpClassifier = "mlp-classifier"
        /// A convolutional image classifier (`images train`; format version 3).
        case imageClassifier = "image-classifier"
        /// An LSTM on windows of consecutive rows: the target `horizon` periods after each window.
        case lstm
        /// A GRU, read as the LSTM.
        case gru
        /// A linear regression (`ols`): coefficients on terms of the input series (`linear`).
        case ols
        /// A VAR (`var fit`): from each window of `lags` rows, the next row of every variable (`var`).
        case `var`
        /// A FAVAR (`favar fit`): factors from the panel, the VAR on factors and policy rate, and
        /// every series through its loadings (`favar`).
        case favar

        /// Whether each sample is a window of consecutive rows.
        public var isRecurrent: Bool { self == .lstm || self == .gru }
        /// Whether each prediction reads a window of consecutive rows (`input.window`).
        public var readsWindows: Bool { isRecurrent || isAutoregression }
        /// A VAR or FAVAR: predicts the next rows of its own variables, and forecasts many steps.
        public var isAutoregression: Bool { self == .var || self == .favar }
        /// Whether `weights` holds a network (else `linear`, `var` or `favar` holds coefficients).
        public var isNetwork: Bool { self != .ols && !isAutoregression }
    }

    /// A term of a linear model: a series, its lag, its first difference or its logarithm.
    public struct Term: Codable, Hashable, Sendable {
        /// The input column it reads.
        public var series: String
        /// `level`, `lag`, `diff` or `log`.
        public var transform: String
        /// For `lag`: how many rows back.
        public var lag: Int?

        public init(series: String, transform: String, lag: Int? = nil) {
            self.series = series
            self.transform = transform
            self.lag = lag
        }

        /// As a formula writes it: `x`, `lag(x,2)`, `diff(x)`, `log(x)`.
        public var name: String {
            switch transform {
            case "lag": return "lag(\(series),\(lag ?? 1))"
            case "diff", "log": return "\(transform)(\(series))"
            default: return series
            }
        }

        /// Rows before the first for which the term exists.
        var reach: Int { transform == "lag" ? (lag ?? 1) : transform == "diff" ? 1 : 0 }

        func values(_ column: [Double]) -> [Double] {
            switch transform {
            case "lag": let k = lag ?? 1; return column.indices.map { $0 >= k ? column[$0 - k] : .nan }
            case "diff": return column.indices.map { $0 >= 1 ? column[$0] - column[$0 - 1] : .nan }
            case "log": return column.map { $0 > 0 ? Foundation.log($0) : .nan }
            default: return column
            }
        }
    }

    /// A linear model's coefficients: `constant` (when present) first, then one per term.
    public struct Linear: Codable, Hashable, Sendable {
        /// The predicted term (e.g. `diff(y)`); its name is `output.names[0]`.
        public var target: Term
        public var terms: [Term]
        public var constant: Bool
        public var coefficients: [Double]

        public init(target: Term, terms: [Term], constant: Bool, coefficients: [Double]) {
            self.target = target
            self.terms = terms
            self.constant = constant
            self.coefficients = coefficients
        }
    }

    /// The columns a prediction request must have.
    public struct InputSchema: Codable, Hashable, Sendable {
        /// Input columns by name, in the order the network reads them.
        public var columns: [String]
        /// For recurrent models, VARs and FAVARs: consecutive rows (oldest first) per sample;
        /// `nil`: one row each.
        public var window: Int?
        /// For an MLP on lags (`forecast evaluate model=mlp`): it reads, per sample, each column's
        /// value at the row and the `lags − 1` rows before it (newest first, column by column).
        public var lags: Int?
        /// Columns of text categories and how they were encoded (fitted on the training rows);
        /// `columns` holds what they encode to (`region=north`, …). Absent: every column is a number.
        public var categorical: [CategoricalEncoding]?
        /// For an image classifier: `[channels, height, width]` of every image, values in [0, 1]
        /// (a request row holds the pixels row-major, channel by channel); `columns` is empty.
        public var image: [Int]?

        public init(
            columns: [String], window: Int? = nil, lags: Int? = nil, categorical: [CategoricalEncoding]? = nil,
            image: [Int]? = nil
        ) {
            self.columns = columns
            self.window = window
            self.lags = lags
            self.categorical = categorical
            self.image = image
        }

        /// The data columns a request gives: `columns` with each encoded group replaced by the
        /// category column it came from.
        public var rawColumns: [String] {
            guard let categorical, !categorical.isEmpty else { return columns }
            var raw: [String] = [], seen = Set<String>()
            for name in columns {
                let source = categorical.first { $0.encodedNames.contains(name) }?.column ?? name
                if seen.insert(source).inserted { raw.append(source) }
            }
            return raw
        }

        /// The encoding of data column `name`, if it holds categories.
        public func encoding(of name: String) -> CategoricalEncoding? {
            categorical?.first { $0.column == name }
        }

        /// One request row in the network's column order, from the data columns (`rawColumns`):
        /// `number(name)` gives a numeric column's value, `label(name)` a categorical column's
        /// category, which is encoded as in training.
        public func encodeRow(number: (String) throws -> Double, label: (String) throws -> String) throws -> [Double] {
            var row: [Double] = []
            row.reserveCapacity(columns.count)
            for name in rawColumns {
                if let encoding = encoding(of: name) {
                    row += try encoding.encode(try label(name))
                } else {
                    row.append(try number(name))
                }
            }
            return row
        }
    }

    /// What a prediction holds.
    public struct OutputSchema: Codable, Hashable, Sendable {
        /// The predicted columns: the targets (regression) or the label column (classification).
        public var names: [String]
        /// The classifier's labels, ascending: probability column `k` is `classes[k]`.
        public var classes: [Int]?
        /// For recurrent models: a window's prediction is for this many periods after its last row.
        public var horizon: Int?

        public init(names: [String], classes: [Int]? = nil, horizon: Int? = nil) {
            self.names = names
            self.classes = classes
            self.horizon = horizon
        }
    }

    /// Where the model came from; none of it is needed to predict.
    public struct Training: Codable, Hashable, Sendable {
        /// The directive that fitted it, e.g. `nn train`.
        public var directive: String
        /// The directive's options as the run records them.
        public var options: [String: String]
        /// SHA-256 over the hashes of the data and results the fit read (the run's `data_hash`).
        public var dataHash: String
        /// Test metrics at the end of training, e.g. `rmse`; a value that is not finite is a string.
        public var metrics: [String: Double]
        /// The seed of initialisation and training.
        public var seed: UInt64
        /// For a model updated with new rows (`nn train from=`): the id of the model it continued
        /// from, its lineage. Absent for a model trained from scratch.
        public var parent: String?

        public init(
            directive: String, options: [String: String], dataHash: String, metrics: [String: Double], seed: UInt64,
            parent: String? = nil
        ) {
            self.directive = directive
            self.options = options
            self.dataHash = dataHash
            self.metrics = metrics
            self.seed = seed
            self.parent = parent
        }

        enum CodingKeys: String, CodingKey {
            case directive, options, metrics, seed, parent
            case dataHash = "data_hash"
        }
    }

    /// Per-column standardisation `(v - mean) / scale`, undone with `v * scale + mean`.
    public struct Scaling: Codable, Hashable, Sendable {
        public var mean: [Double]
        public var scale: [Double]
    }

    /// The network and its scalers.
    public struct Weights: Codable, Hashable, Sendable {
        /// `float32` or `float64`: the arithmetic the network predicts in.
        public var precision: Neural.Precision
        /// The shape of one sample: `[features]` or `[window, features]`.
        public var inputShape: [Int]
        /// The layers, first to last, as `Neural.Layer` encodes them.
        public var layers: [Neural.Layer]
        /// Every weight and bias in `Neural.Network.parameters` order (float32 values are exact as doubles).
        public var parameters: [Double]
        /// Applied to the input columns before the network.
        public var inputScaling: Scaling
        /// Undone on the network's outputs (regressors that standardise their targets).
        public var targetScaling: Scaling?
        /// Batch normalisation's running means and variances (`Neural.Network.state`), if any.
        public var state: [Double]?

        enum CodingKeys: String, CodingKey {
            case precision, layers, parameters, state
            case inputShape = "input_shape"
            case inputScaling = "input_scaling"
            case targetScaling = "target_scaling"
        }
    }

    public var format: String
    public var formatVersion: Int
    /// The engine version that fitted the model (`ModelEngine.version`).
    public var engine: String
    public var kind: Kind
    public var input: InputSchema
    public var output: OutputSchema
    public var training: Training
    /// A network's weights and scalers (every kind but `ols`).
    public var weights: Weights?
    /// A linear model's coefficients (`ols`).
    public var linear: Linear?
    /// A VAR's coefficients (`var`).
    public var vectorAutoregression: VARSection?
    /// A FAVAR's factor extraction, VAR and loadings (`favar`).
    public var favar: FAVARSection?

    enum CodingKeys: String, CodingKey {
        case format, engine, kind, input, output, training, weights, linear, favar
        case vectorAutoregression = "var"
        case formatVersion = "format_version"
    }

    /// The oldest format version that holds everything this model uses.
    var requiredVersion: Int { kind == .imageClassifier ? 3 : kind.isAutoregression || input.lags != nil ? 2 : 1 }

    /// Decodes an artifact, refusing another format or a newer version.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        guard format == Self.formatName else {
            throw NeuralError("not a thesis model (format '\(format)', expected '\(Self.formatName)')")
        }
        guard (1...Self.currentVersion).contains(formatVersion) else {
            throw NeuralError(
                "model format version \(formatVersion) is newer than this thesis tool reads (\(Self.currentVersion))")
        }
        engine = try container.decode(String.self, forKey: .engine)
        kind = try container.decode(Kind.self, forKey: .kind)
        input = try container.decode(InputSchema.self, forKey: .input)
        output = try container.decode(OutputSchema.self, forKey: .output)
        training = try container.decode(Training.self, forKey: .training)
        weights = try container.decodeIfPresent(Weights.self, forKey: .weights)
        linear = try container.decodeIfPresent(Linear.self, forKey: .linear)
        vectorAutoregression = try container.decodeIfPresent(VARSection.self, forKey: .vectorAutoregression)
        favar = try container.decodeIfPresent(FAVARSection.self, forKey: .favar)
        guard formatVersion >= requiredVersion else {
            throw NeuralError(
                "a format version \(formatVersion) model cannot use what version \(requiredVersion) added")
        }
        try check()
    }

    /// The schema and the weights or coefficients agree.
    func check() throws {
        if kind.isAutoregression {
            guard weights == nil, linear == nil else {
                throw NeuralError("a \(kind.rawValue) model holds neither 'weights' nor 'linear'")
            }
            return try checkAutoregression()
        }
        guard vectorAutoregression == nil, favar == nil else {
            throw NeuralError("only a var or favar model holds 'var' or 'favar'")
        }
        guard kind.isNetwork else {
            guard let linear, weights == nil else {
                throw NeuralError("an ols model holds 'linear' coefficients and no 'weights'")
            }
            guard linear.coefficients.count == linear.terms.count + (linear.constant ? 1 : 0) else {
                throw NeuralError(
                    "\(linear.coefficients.count) coefficients for \(linear.terms.count) terms\(linear.constant ? " and a constant" : "")"
                )
            }
            let transforms = ["level", "lag", "diff", "log"]
            for term in linear.terms + [linear.target] where !transforms.contains(term.transform) || (term.lag ?? 1) < 1
            {
                throw NeuralError(
                    "'\(term.transform)' is not a term's transform (\(transforms.joined(separator: ", ")); a lag of at least 1)"
                )
            }
            var series: [String] = []
            for term in linear.terms where !series.contains(term.series) { series.append(term.series) }
            guard input.columns == series, output.names == [linear.target.name] else {
                throw NeuralError(
                    "the input columns must be the terms' series (\(series.joined(separator: ", "))) and the output the target"
                )
            }
            return
        }
        guard linear == nil else { throw NeuralError("a network holds 'weights', not 'linear'") }
        guard weights != nil else {
            throw NeuralError("'weights' is missing: a \(kind.rawValue) model holds its network there")
        }
        if kind == .imageClassifier {
            _ = try imageClassifier()
            return
        }
        guard input.image == nil, weights?.state == nil else {
            throw NeuralError("only an image classifier reads images and keeps running estimates")
        }
        _ = try fitted()  // the architecture, weight count and schema must agree
    }

    /// A trained image classifier reading `[channels, height, width]` images.
    public init(_ classifier: ImageClassifier, training: Training) throws {
        format = Self.formatName
        formatVersion = 3
        engine = ModelEngine.version
        kind = .imageClassifier
        let network = classifier.network
        input = InputSchema(columns: [], image: network.inputShape)
        output = OutputSchema(names: classifier.classes, classes: Array(classifier.classes.indices))
        self.training = training
        weights = Weights(
            precision: .float32, inputShape: network.inputShape, layers: network.layers,
            parameters: network.parameters.map(Double.init), inputScaling: Scaling(mean: [], scale: []),
            targetScaling: nil, state: network.state.isEmpty ? nil : network.state.map(Double.init))
        linear = nil
        vectorAutoregression = nil
        favar = nil
        try check()
    }

    /// The saved image classifier, to predict or to fine-tune.
    /// - Throws: `NeuralError` when the model is not one, or its schema and weights disagree.
    public func imageClassifier() throws -> ImageClassifier {
        guard kind == .imageClassifier, let weights, let shape = input.image else {
            throw NeuralError("a \(kind.rawValue) model is not an image classifier")
        }
        guard weights.precision == .float32, weights.inputShape == shape, shape.count == 3 else {
            throw NeuralError(
                "an image classifier holds float32 weights for \(shape) images, not \(weights.inputShape)")
        }
        let values = weights.parameters.map(Float.init)
        guard zip(values, weights.parameters).allSatisfy({ Double($0) == $1 }) else {
            throw NeuralError("a float32 model holds a weight that is not a float32 value")
        }
        let network = try Neural.Network<Float>(
            inputShape: shape, layers: weights.layers, parameters: values,
            state: weights.state?.map(Float.init))
        guard network.outputShape == [output.names.count], output.names.count >= 2 else {
            throw NeuralError("the network has \(network.outputShape) outputs for \(output.names.count) classes")
        }
        return try ImageClassifier(network: network, classes: output.names)
    }

    private init(
        kind: Kind, input: InputSchema, output: OutputSchema, training: Training, fitted: Neural.Fitted?
    ) throws {
        guard let fitted else { throw NeuralError("a model is saved after it is fitted") }
        format = Self.formatName
        formatVersion = Self.currentVersion
        engine = ModelEngine.version
        self.kind = kind
        self.input = input
        self.output = output
        self.training = training
        let (precision, shape, layers, parameters): (Neural.Precision, [Int], [Neural.Layer], [Double])
        switch fitted.network {
        case .float32(let network):
            (precision, shape, layers, parameters) = (
                .float32, network.inputShape, network.layers, network.parameters.map(Double.init)
            )
        case .float64(let network):
            (precision, shape, layers, parameters) = (.float64, network.inputShape, network.layers, network.parameters)
        }
        weights = Weights(
            precision: precision, inputShape: shape, layers: layers, parameters: parameters,
            inputScaling: Scaling(mean: fitted.inputScaler.mean, scale: fitted.inputScaler.scale),
            targetScaling: fitted.targetScaler.map { Scaling(mean: $0.mean, scale: $0.scale) })
        linear = nil
        vectorAutoregression = nil
        favar = nil
        formatVersion = requiredVersion
        _ = try self.fitted()
    }

    /// A linear regression of `linear.target` on `linear.terms`.
    public init(_ linear: Linear, training: Training) throws {
        format = Self.formatName
        formatVersion = 1  // an ols model uses nothing version 2 added
        engine = ModelEngine.version
        kind = .ols
        var series: [String] = []
        for term in linear.terms where !series.contains(term.series) { series.append(term.series) }
        input = InputSchema(columns: series)
        output = OutputSchema(names: [linear.target.name])
        self.training = training
        weights = nil
        self.linear = linear
        vectorAutoregression = nil
        favar = nil
        try check()
    }

    /// A fitted MLP regressor reading `features` and predicting `targets`.
    public init(_ model: MLPRegressor, features: [String], targets: [String], training: Training) throws {
        try self.init(
            kind: .mlpRegressor, input: InputSchema(columns: features), output: OutputSchema(names: targets),
            training: training, fitted: model.fitted)
    }

    /// A fitted MLP reading `lags` lags of each of `columns` (the row and the rows before it, newest
    /// first, column by column) and predicting `target` `horizon` periods after the row: the direct
    /// forecaster of `forecast evaluate model=mlp`.
    public init(
        _ model: MLPRegressor, columns: [String], lags: Int, target: String, horizon: Int, training: Training
    ) throws {
        try self.init(
            kind: .mlpRegressor, input: InputSchema(columns: columns, lags: lags),
            output: OutputSchema(names: [target], horizon: horizon), training: training, fitted: model.fitted)
    }

    /// A fitted MLP classifier reading `features` and predicting the label column `target`.
    public init(_ model: MLPClassifier, features: [String], target: String, training: Training) throws {
        try self.init(
            kind: .mlpClassifier, input: InputSchema(columns: features),
            output: OutputSchema(names: [target], classes: model.classes), training: training, fitted: model.fitted)
    }

    /// A fitted LSTM or GRU reading windows of `window` rows of `columns` and predicting `target`
    /// `horizon` periods after each window.
    public init(
        _ model: RecurrentRegressor, columns: [String], window: Int, target: String, horizon: Int, training: Training
    ) throws {
        try self.init(
            kind: model.cell == .gru ? .gru : .lstm, input: InputSchema(columns: columns, window: window),
            output: OutputSchema(names: [target], horizon: horizon), training: training, fitted: model.fitted)
    }

    /// The saved MLP regressor, fitted, to predict or continue training (`update`) with `options`.
    /// - Throws: `NeuralError` when the model is not an MLP regressor.
    public func mlpRegressor(options: Neural.ModelOptions) throws -> MLPRegressor {
        guard kind == .mlpRegressor else { throw NeuralError("a \(kind.rawValue) model is not an MLP regressor") }
        var model = MLPRegressor(options: options)
        model.fitted = try fitted()
        return model
    }

    /// The saved LSTM or GRU, fitted, to predict or continue training (`update`) with `options`.
    /// - Throws: `NeuralError` when the model is not recurrent.
    public func recurrentRegressor(options: Neural.ModelOptions) throws -> RecurrentRegressor {
        guard kind.isRecurrent else { throw NeuralError("a \(kind.rawValue) model is not an LSTM or GRU") }
        var model = RecurrentRegressor(cell: kind == .gru ? .gru : .lstm, options: options)
        model.fitted = try fitted()
        return model
    }

    /// The number of weights and biases (or coefficients).
    public var parameterCount: Int {
        weights?.parameters.count ?? linear?.coefficients.count ?? favar?.parameterCount
            ?? vectorAutoregression?.parameterCount ?? 0
    }

    /// The fitted state, checked against the schema.
    func fitted() throws -> Neural.Fitted {
        guard let weights else { throw NeuralError("a \(kind.rawValue) model holds no network weights") }
        let network: Neural.AnyNetwork
        switch weights.precision {
        case .float32:
            let values = weights.parameters.map(Float.init)
            guard zip(values, weights.parameters).allSatisfy({ Double($0) == $1 || ($1.isNaN && $0.isNaN) }) else {
                throw NeuralError("a float32 model holds a weight that is not a float32 value")
            }
            network = .float32(
                try Neural.Network(inputShape: weights.inputShape, layers: weights.layers, parameters: values))
        case .float64:
            network = .float64(
                try Neural.Network(
                    inputShape: weights.inputShape, layers: weights.layers, parameters: weights.parameters))
        }
        let features = weights.inputShape.last ?? 0
        if let lags = input.lags {
            guard kind == .mlpRegressor, lags >= 1, features == lags * input.columns.count,
                weights.inputScaling.mean.count == features, weights.inputScaling.scale.count == features
            else {
                throw NeuralError(
                    "an MLP on \(lags) lags of \(input.columns.count) columns reads \(lags * input.columns.count) features, not \(features)"
                )
            }
        } else if input.columns.count != features {
            throw NeuralError("the model reads \(features) features, its schema names \(input.columns.count) columns")
        }
        guard weights.inputScaling.mean.count == features, weights.inputScaling.scale.count == features else {
            throw NeuralError(
                "the input scaling has \(weights.inputScaling.mean.count) columns for \(features) features")
        }
        guard (input.window != nil) == kind.isRecurrent,
            input.window.map({ weights.inputShape == [$0, features] }) ?? (weights.inputShape.count == 1)
        else {
            throw NeuralError("the model's input shape \(weights.inputShape) does not fit its kind '\(kind.rawValue)'")
        }
        let outputs: Int
        switch network {
        case .float32(let n): outputs = n.outputShape.reduce(1, *)
        case .float64(let n): outputs = n.outputShape.reduce(1, *)
        }
        let expected = kind == .mlpClassifier ? (output.classes?.count ?? -1) : output.names.count
        guard outputs == expected, kind != .mlpClassifier || output.names.count == 1 else {
            throw NeuralError("the network has \(outputs) outputs, the schema describes \(expected)")
        }
        if let scaling = weights.targetScaling, scaling.mean.count != outputs || scaling.scale.count != outputs {
            throw NeuralError("the target scaling has \(scaling.mean.count) columns for \(outputs) outputs")
        }
        return Neural.Fitted(
            network: network,
            inputScaler: Neural.Standardizer(mean: weights.inputScaling.mean, scale: weights.inputScaling.scale),
            targetScaler: weights.targetScaling.map { Neural.Standardizer(mean: $0.mean, scale: $0.scale) })
    }

    /// Predictions from `rows`, each holding `input.columns` in order. A regressor gives one
    /// prediction per row; a recurrent model one per window of `input.window` consecutive rows
    /// (oldest first), for the `output.horizon`-th period after the window's last row; a
    /// classifier a label and its class probabilities per row.
    /// - Throws: `NeuralError` for rows of the wrong width, too few rows for a window, or a value
    ///   that is not finite.
    public func predict(_ rows: [[Double]]) throws -> ModelPrediction {
        let width = input.columns.count
        try validate(rows)
        if kind == .ols, let linear { return try predictLinear(linear, rows) }
        if kind == .imageClassifier { return try predictImages(rows) }
        if kind.isAutoregression { return try predictAutoregression(rows) }
        let fitted = try fitted()
        switch kind {
        case .ols, .var, .favar, .imageClassifier: throw NeuralError("a \(kind.rawValue) model holds no rows network")
        case .mlpRegressor:
            var model = MLPRegressor()
            model.fitted = fitted
            var samples = rows, first = 0
            if let lags = input.lags {
                guard rows.count >= lags else {
                    throw NeuralError("\(rows.count) rows are too few: the model reads \(lags) lags of every column")
                }
                first = lags - 1
                samples = (first..<rows.count).map { t in
                    (0..<width).flatMap { c in (0..<lags).map { rows[t - $0][c] } }
                }
            }
            let out = try model.predict(Matrix(rowMajor: samples))
            return ModelPrediction(
                values: (0..<out.rows).map { r in (0..<out.columns).map { out[r, $0] } }, firstRow: first)
        case .mlpClassifier:
            var model = MLPClassifier()
            model.fitted = fitted
            model.classes = output.classes ?? []
            let x = try Matrix(rowMajor: rows)
            let labels = try model.predict(x)
            let probabilities = try model.predictProbabilities(x)
            return ModelPrediction(
                values: labels.map { [Double($0)] }, labels: labels,
                probabilities: (0..<probabilities.rows).map { r in
                    (0..<probabilities.columns).map { probabilities[r, $0] }
                },
                firstRow: 0)
        case .lstm, .gru:
            let window = input.window ?? 1
            guard rows.count >= window else {
                throw NeuralError(
                    "\(rows.count) rows are too few: the model reads windows of \(window) consecutive rows")
            }
            var model = RecurrentRegressor(cell: kind == .gru ? .gru : .lstm)
            model.fitted = fitted
            let count = rows.count - window + 1
            var scalars: [Double] = []
            scalars.reserveCapacity(count * window * width)
            for start in 0..<count { for r in start..<(start + window) { scalars.append(contentsOf: rows[r]) } }
            let out = try model.predict(Neural.Tensor(shape: [count, window, width], scalars: scalars))
            return ModelPrediction(
                values: (0..<out.rows).map { r in (0..<out.columns).map { out[r, $0] } }, firstRow: window - 1)
        }
    }
}

extension ModelArtifact {
    /// An image classifier's labels (class indices) and probabilities for rows of pixels.
    func predictImages(_ rows: [[Double]]) throws -> ModelPrediction {
        let classifier = try imageClassifier()
        let shape = input.image ?? []
        let images = try Neural.Tensor<Float>(shape: [rows.count] + shape, scalars: rows.flatMap { $0.map(Float.init) })
        let probabilities = try classifier.probabilities(images)
        let labels = probabilities.map(ImageClassifier.mostProbable)
        return ModelPrediction(
            values: labels.map { [Double($0)] }, labels: labels, probabilities: probabilities, firstRow: 0)
    }

    /// Rows are non-empty, of the schema's width, and finite.
    func validate(_ rows: [[Double]]) throws {
        let width = input.image?.reduce(1, *) ?? input.columns.count
        guard !rows.isEmpty else { throw NeuralError("no rows to predict") }
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw NeuralError(
                "row \(bad + 1) has \(rows[bad].count) values; the model reads \(width) (\(input.columns.joined(separator: ", ")))"
            )
        }
        for (r, row) in rows.enumerated() {
            if let c = row.firstIndex(where: { !$0.isFinite }) {
                let column = c < input.columns.count ? "column '\(input.columns[c])'" : "value \(c + 1)"
                throw NeuralError("row \(r + 1), \(column): \(row[c]) is not a finite number")
            }
        }
    }

    /// A linear model on consecutive rows: one prediction per row from the first on which every
    /// term exists (after the longest lag), `constant + Σ coefficient · term` as the fit computed
    /// its fitted values (one matrix-vector product).
    func predictLinear(_ linear: Linear, _ rows: [[Double]]) throws -> ModelPrediction {
        let first = linear.terms.map(\.reach).max() ?? 0
        guard rows.count > first else {
            throw NeuralError("\(rows.count) rows are too few: the model's terms reach \(first) rows back")
        }
        let columns = Dictionary(
            uniqueKeysWithValues: input.columns.enumerated().map { c, name in (name, rows.map { $0[c] }) })
        var design: [[Double]] = []
        if linear.constant { design.append(Array(repeating: 1, count: rows.count - first)) }
        for term in linear.terms {
            let values = Array(term.values(columns[term.series] ?? []).dropFirst(first))
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw NeuralError(
                    "row \(bad + first + 1): \(term.name) is not a finite number (a logarithm needs positive values)")
            }
            design.append(values)
        }
        let fitted = try multiply(try Matrix(columns: design), linear.coefficients)
        return ModelPrediction(values: fitted.map { [$0] }, firstRow: first)
    }
}

/// What `ModelArtifact.predict` returns.
public struct ModelPrediction: Hashable, Sendable {
    /// One row of `output.names` per prediction (a classifier's label as a number).
    public var values: [[Double]]
    /// A classifier's labels.
    public var labels: [Int]?
    /// A classifier's probabilities, one column per class of `output.classes`.
    public var probabilities: [[Double]]?
    /// The input row (0-based) that prediction 0 belongs to: 0, or a recurrent model's window minus one.
    /// For a forecast (`stepsAhead`), the input's last row, from which every step is counted.
    public var firstRow: Int
    /// Whether prediction `i` is a forecast `i + 1` periods after row `firstRow` (`forecast(_:steps:)`)
    /// rather than the prediction of the window ending at row `firstRow + i`.
    public var stepsAhead: Bool

    public init(
        values: [[Double]], labels: [Int]? = nil, probabilities: [[Double]]? = nil, firstRow: Int,
        stepsAhead: Bool = false
    ) {
        self.values = values
        self.labels = labels
        self.probabilities = probabilities
        self.firstRow = firstRow
        self.stepsAhead = stepsAhead
    }
}
