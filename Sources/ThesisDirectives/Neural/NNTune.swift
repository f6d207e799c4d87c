import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<nn tune data=digits target=x65 task=classification space="hidden: 50, 100; lr: 0.001, 0.01"
/// search=bayes trials=20 epochs=50>>`: grid, seeded random or Bayesian (tree-structured Parzen)
/// search over the settings of an MLP, LSTM or GRU, each configuration scored on a validation part
/// of the training data. The best configuration is then fitted again on the whole training data
/// and scored once on the test data, which the search never saw; that network is saved as the
/// result's model (register it with `model register`). A table of every trial; the search and
/// each trial are runs.
public enum NNTune: Directive {
    public static let kind = "nn tune"
    public static let abstract =
        "grid, random or Bayesian search over MLP/LSTM/GRU settings; the best re-fitted and scored once on the test set"
    // 2: tags=; 3: a random search never repeats a configuration; 4: model=, search=bayes, the
    // best re-fitted on the training data and scored on the test data
    public static let version = 4
    public static let outputs: Set<OutputKind> = [.table]
    public static let tunable = ["hidden", "lr", "dropout", "decay", "batch", "epochs", "activation", "optimizer"]

    /// How configurations are chosen.
    enum SearchKind: String, ArgumentChoice {
        case grid, random, bayes
    }

    public struct Arguments: DirectiveArguments {
        @Option("the data set") var data: DataName
        @Option("the column to predict") var target: String
        @Option("input columns (default: every other column; LSTM/GRU: none, only the target's past)") var features:
            [String]?
        @Option("kind of target") var task = TaskKind.regression
        @Option("network: multilayer perceptron, LSTM or GRU") var model = NetworkKind.mlp
        @Option(.range(1...240), "LSTM/GRU: sequence length") var lags = 12
        @Option(
            "settings to search, e.g. \"hidden: 50, 100, 64/32; lr: 0.001, 0.01\" (names: "
                + "\(tunable.joined(separator: ", ")))"
        )
        var space: String
        @Option("every combination, a seeded random sample, or Bayesian optimisation (TPE)") var search =
            SearchKind.grid
        @Option(.range(1...1000), "random and Bayesian search: configurations tried") var trials = 10
        @Option(.range(1...100), "Bayesian search: random trials before the estimator guides the search") var startup =
            5
        @Option(.range(0.05...0.5), "share of the training data used to score") var validation = 0.2
        @Option(.range(0.05...0.9), "share held out for testing (never used by the search)") var test = 0.25
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        @Option("experiment name in the run store (default: the target)") var experiment: String?
        @OptionGroup var network: NetworkOptions
        @Option("your tags on the run, KEY:VALUE (e.g. stage:draft,team:macro)") var tags: [String] = []
        @Option(
            "categorical features and their encoding, fitted on the training rows: COLUMN:one-hot or COLUMN:ordinal or COLUMN:ordinal(LOW<…<HIGH), separated by ';' (model=mlp)"
        )
        var encode: String?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let userTags = try RunTags.parse(arguments.tags, option: arguments.$tags)
        let frame = try context.frame(arguments.$data).cut(to: arguments.sample, option: arguments.$sample)
        let target = arguments.target
        let classification = arguments.task == .classification
        if classification, arguments.model.isRecurrent {
            throw DirectiveFailure("classification uses model=mlp", option: arguments.$model)
        }
        let base = arguments.network.modelOptions
        let data = try TuningData.make(arguments, frame: frame)
        // Validation: the last share of the training rows (shuffled for tables, in time order for windows).
        let n = data.trainY.count, validationCount = max(1, Int((Double(n) * arguments.validation).rounded()))
        guard n - validationCount >= 10 else {
            throw DirectiveFailure("too little training data for a validation split", option: arguments.$validation)
        }
        let fitPart = try data.train.rows(0..<(n - validationCount)),
            scorePart = try data.train.rows((n - validationCount)..<n)
        let fitY = Array(data.trainY[..<(n - validationCount)]), scoreY = Array(data.trainY[(n - validationCount)...])
        let space = try parseSpace(arguments.space, option: arguments.$space)
        if arguments.model.isRecurrent, space.names.contains("activation") {
            throw DirectiveFailure("an LSTM or GRU has no activation setting to tune", option: arguments.$space)
        }
        let timings = TrialTimings()
        let score: (ParameterConfiguration) throws -> Double = { configuration in
            let started = DispatchTime.now()
            defer { timings.record(configuration.description, since: started) }
            var settings = base
            try apply(configuration, to: &settings)
            let network = try TunedNetwork.fit(arguments.model, classification: classification, settings, fitPart, fitY)
            return try network.error(on: scorePart, actual: scoreY)
        }
        let result: HyperparameterSearch.Result = try neural {
            switch arguments.search {
            case .grid: return try HyperparameterSearch.grid(space, score: score)
            case .random:
                return try HyperparameterSearch.random(space, trials: arguments.trials, seed: base.seed, score: score)
            case .bayes:
                return try HyperparameterSearch.treeParzen(
                    space, trials: arguments.trials, seed: base.seed, startup: arguments.startup, score: score)
            }
        }
        // The chosen configuration, fitted on every training row and scored once on the test rows.
        var chosen = base
        try apply(result.best.configuration, to: &chosen)
        let final = try TunedNetwork.fit(
            arguments.model, classification: classification, chosen, data.train, data.trainY)
        let testError = try final.error(on: data.test, actual: data.testY)
        let scoreName = classification ? "Validation error" : "Validation RMSE"
        var rows: [[TableCell]] = []
        for trial in result.trials {
            rows.append(
                [.integer(trial.index + 1)] + space.names.map { .text(trial.configuration[$0]?.description ?? "–") }
                    + [
                        trial.score.isFinite ? .number(trial.score, format: ".4f") : .text(trial.failure ?? "failed"),
                        .text(trial.index == result.best.index ? "←" : ""),
                    ])
        }
        let searchName = ["grid": "Grid", "random": "Random", "bayes": "Bayesian (TPE)"][arguments.search.rawValue]!
        let testText =
            classification
            ? "test accuracy \(ValueFormat.format(1 - testError, spec: ".2%"))"
            : "test RMSE \(ValueFormat.format(testError, spec: ".4f"))"
        let table = ResultTable(
            caption: "\(searchName) search on \(target) (\(arguments.model.rawValue.uppercased())).",
            columns: [TableColumn("#", alignment: .right)] + space.names.map { TableColumn($0) }
                + [TableColumn(scoreName, alignment: .right), TableColumn("Chosen")],
            rows: rows,
            notes: [
                "Each configuration fitted on \(fitY.count) \(data.unit) and scored on \(scoreY.count) held-out "
                    + "training \(data.unit); the \(data.testY.count) test \(data.unit) are not used by the search. Chosen: "
                    + "\(result.best.configuration), then fitted on all \(n) training \(data.unit): \(testText) "
                    + "(scored once)."
            ])
        var scalars: [String: Scalar] = [
            "best.score": .number(result.best.score), "trials": .number(Double(result.trials.count)),
            "test.score": .number(testError),
        ]
        scalars[classification ? "test.accuracy" : "test.rmse"] = .number(classification ? 1 - testError : testError)
        for name in space.names { scalars["best.\(name)"] = .text(result.best.configuration[name]?.description ?? "") }
        var params = [
            "space": arguments.space, "search": arguments.search.rawValue, "model": arguments.model.rawValue,
            "best": result.best.configuration.description,
        ]
        if arguments.search == .bayes { params["startup"] = String(arguments.startup) }
        let testMetric = classification ? "test_accuracy" : "test_rmse"
        let run = RunRecord(
            experiment: arguments.experiment ?? target, params: params,
            metrics: ["best_score": result.best.score, testMetric: classification ? 1 - testError : testError],
            history: ["trial_score": result.trials.map(\.score)],
            tags: userTags.merging(["kind": "tune", "target": target, "model": arguments.model.rawValue]) {
                _, automatic in automatic
            }, seed: base.seed,
            trials: result.trials.map { trial in
                var params = arguments.network.parameters
                params["model"] = arguments.model.rawValue
                for name in space.names { params[name] = trial.configuration[name]?.description ?? "" }
                var tags = userTags.merging(["kind": "trial", "trial": String(trial.index + 1), "target": target]) {
                    _, automatic in automatic
                }
                if let failure = trial.failure { tags["error"] = failure }
                return RunRecord(
                    experiment: arguments.experiment ?? target, params: params, metrics: ["score": trial.score],
                    tags: tags,
                    seed: base.seed, durationSeconds: timings.seconds(trial.configuration.description))
            })
        var options = arguments.network.parameters
        for name in space.names { options[name] = result.best.configuration[name]?.description ?? "" }
        options["model"] = arguments.model.rawValue
        let artifact = try neural {
            try final.artifact(
                data: data, target: target,
                training: ModelArtifact.Training(
                    directive: kind, options: options, dataHash: context.dataHash,
                    metrics: [classification ? "accuracy" : "rmse": classification ? 1 - testError : testError],
                    seed: base.seed))
        }
        return DirectiveResult(
            content: [.table(table)], scalars: scalars, run: run, model: try ModelFile.saved(artifact))
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        RunRecord(
            experiment: arguments.experiment ?? arguments.target,
            params: ["space": arguments.space, "search": arguments.search.rawValue, "model": arguments.model.rawValue],
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging([
                "kind": "tune", "target": arguments.target,
            ]) { _, automatic in automatic })
    }

    /// "hidden: 50, 100, 64/32; lr: 0.001, 0.01" → a parameter space.
    static func parseSpace(_ text: String, option: OptionReference) throws -> ParameterSpace {
        var space = ParameterSpace()
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, tunable.contains(parts[0]) else {
                throw DirectiveFailure(
                    "'\(entry.trimmingCharacters(in: .whitespaces))' is not NAME: VALUE, VALUE (names: "
                        + "\(tunable.joined(separator: ", ")))",
                    option: option)
            }
            let values: [ParameterValue] = parts[1].split(separator: ",").map { raw in
                let v = raw.trimmingCharacters(in: .whitespaces)
                if let i = Int(v) { return .int(i) }
                if let d = Double(v) { return .double(d) }
                return .string(v)
            }
            guard !values.isEmpty else { throw DirectiveFailure("no values for '\(parts[0])'", option: option) }
            for value in values {
                if let problem = invalid(value, for: parts[0]) {
                    throw DirectiveFailure("'\(parts[0]): \(value)' is not valid: \(problem)", option: option)
                }
            }
            space = try neural { try space.adding(parts[0], .choices(values)) }
        }
        guard !space.names.isEmpty else { throw DirectiveFailure("the space is empty", option: option) }
        return space
    }

    /// Why `value` cannot be a setting of `name` (the same bounds and words as the options), or nil.
    static func invalid(_ value: ParameterValue, for name: String) -> String? {
        func number(_ range: ClosedRange<Double>) -> String? {
            guard let v = value.doubleValue, range.contains(v) else {
                return "expects a number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        }
        func whole(_ range: ClosedRange<Int>) -> String? {
            guard let v = value.intValue, range.contains(v) else {
                return "expects a whole number "
                    + "\(range.lowerBound)…\(range.upperBound)"
            }
            return nil
        }
        switch name {
        case "hidden":
            let sizes =
                value.intValue.map { [$0] } ?? (value.stringValue ?? "").split(separator: "/").map { Int($0) ?? 0 }
            return !sizes.isEmpty && sizes.allSatisfy({ (1...4096).contains($0) })
                ? nil : "expects units 1…4096 per layer, layers separated by '/', e.g. 64/32"
        case "lr": return number(1e-7...10)
        case "dropout": return number(0...0.9)
        case "decay": return number(0...1)
        case "batch": return whole(1...100_000)
        case "epochs": return whole(1...10_000)
        case "activation":
            return ActivationChoice(rawValue: value.stringValue ?? "") == nil
                ? "expects one of \(ActivationChoice.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        case "optimizer":
            return OptimizerChoice(rawValue: value.stringValue ?? "") == nil
                ? "expects one of \(OptimizerChoice.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        default: return "not a tunable setting"
        }
    }

    /// Applies a configuration of the space (its values checked by `invalid`).
    static func apply(_ configuration: ParameterConfiguration, to settings: inout Neural.ModelOptions) throws {
        for (name, value) in zip(configuration.names, configuration.values) {
            switch name {
            case "hidden":
                settings.hiddenSizes =
                    value.intValue.map { [$0] }
                    ?? (value.stringValue ?? "").split(separator: "/").compactMap { Int($0) }
            case "lr": settings.learningRate = value.doubleValue ?? settings.learningRate
            case "dropout": settings.dropout = value.doubleValue ?? settings.dropout
            case "decay": settings.weightDecay = value.doubleValue ?? settings.weightDecay
            case "batch": settings.batchSize = value.intValue ?? settings.batchSize
            case "epochs": settings.epochs = value.intValue ?? settings.epochs
            case "activation":
                settings.activation = Neural.Activation(rawValue: value.stringValue ?? "") ?? settings.activation
            case "optimizer":
                settings.optimizer = OptimizerChoice(rawValue: value.stringValue ?? "")?.engine ?? settings.optimizer
            default: break
            }
        }
    }
}

/// How long each configuration of a search took to score, by its description (thread-safe).
final class TrialTimings: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [String: Double] = [:]

    func record(_ configuration: String, since start: DispatchTime) {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        lock.lock()
        seconds[configuration, default: 0] += elapsed
        lock.unlock()
    }

    func seconds(_ configuration: String) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return seconds[configuration]
    }
}

/// Training and test inputs of a search: rows of a table (MLP) or windows of a series (LSTM/GRU).
enum TuningInputs {
    case rows(Matrix)
    case windows(Neural.Tensor<Double>)

    /// The samples `range`, in order.
    func rows(_ range: Range<Int>) throws -> TuningInputs {
        switch self {
        case .rows(let x): return .rows(x.selectingRows(Array(range)))
        case .windows(let x):
            let width = x.shape[1] * x.shape[2]
            return .windows(
                try neural {
                    try Neural.Tensor(
                        shape: [range.count, x.shape[1], x.shape[2]],
                        scalars: Array(x.scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
                })
        }
    }
}

/// What a search splits: the training samples (validation is their last share) and the test ones.
struct TuningData {
    var train: TuningInputs
    var trainY: [Double]
    var test: TuningInputs
    var testY: [Double]
    /// MLP: the input columns; LSTM/GRU: the target, then the features.
    var columns: [String]
    var window: Int?
    /// MLP: the encodings of categorical features, fitted on the training rows.
    var encodings: [CategoricalEncoding] = []
    /// "rows" or "windows", for the table's note.
    var unit: String { window == nil ? "rows" : "windows" }

    static func make(_ arguments: NNTune.Arguments, frame: TimeSeriesFrame) throws -> TuningData {
        let target = arguments.target
        guard arguments.model.isRecurrent else {
            let data = try SupervisedData.make(
                frame, target: target, targetOption: arguments.$target, features: arguments.features,
                featuresOption: arguments.$features, testFraction: arguments.test,
                seed: arguments.network.modelOptions.seed,
                categorical: try CategoricalRequest.parse(arguments.encode, option: arguments.$encode),
                encodeOption: arguments.$encode)
            return TuningData(
                train: .rows(data.trainX), trainY: data.trainY, test: .rows(data.testX), testY: data.testY,
                columns: data.features, window: nil, encodings: data.encodings)
        }
        if arguments.encode != nil {
            throw DirectiveFailure("categorical features are for model=mlp", option: arguments.$encode)
        }
        let windows = try RecurrentSamples.make(
            frame, target: target, targetOption: arguments.$target, features: arguments.features ?? [],
            featuresOption: arguments.$features, lags: arguments.lags, lagsOption: arguments.$lags,
            testFraction: arguments.test, minimumTraining: 20)
        let n = windows.count, testCount = windows.testCount
        return TuningData(
            train: .windows(try windows.windows(0..<(n - testCount))),
            trainY: Array(windows.targets.prefix(n - testCount)),
            test: .windows(try windows.windows((n - testCount)..<n)), testY: Array(windows.targets.suffix(testCount)),
            columns: windows.columns, window: arguments.lags)
    }
}

/// A network a search fitted: an MLP regressor or classifier, or an LSTM/GRU.
enum TunedNetwork {
    case regressor(MLPRegressor)
    case classifier(MLPClassifier)
    case recurrent(RecurrentRegressor)

    static func fit(
        _ kind: NetworkKind, classification: Bool, _ settings: Neural.ModelOptions, _ x: TuningInputs, _ y: [Double]
    ) throws -> TunedNetwork {
        switch x {
        case .rows(let rows) where classification:
            var model = MLPClassifier(options: settings)
            try model.fit(rows, y.map { Int($0.rounded()) })
            return .classifier(model)
        case .rows(let rows):
            var model = MLPRegressor(options: settings)
            try model.fit(rows, y)
            return .regressor(model)
        case .windows(let windows):
            var model = RecurrentRegressor(cell: kind == .gru ? .gru : .lstm, options: settings)
            try model.fit(windows, y)
            return .recurrent(model)
        }
    }

    /// RMSE for a regression network, the share misclassified for a classifier.
    func error(on x: TuningInputs, actual: [Double]) throws -> Double {
        switch (self, x) {
        case (.classifier(let model), .rows(let rows)):
            return 1
                - (try ClassificationMetrics.accuracy(
                    actual: actual.map { Int($0.rounded()) }, predicted: try model.predict(rows)))
        case (.regressor(let model), .rows(let rows)):
            let predicted = try model.predict(rows)
            return try RegressionMetrics.rootMeanSquaredError(
                actual: actual, predicted: (0..<actual.count).map { predicted[$0, 0] })
        case (.recurrent(let model), .windows(let windows)):
            let predicted = try model.predict(windows)
            return try RegressionMetrics.rootMeanSquaredError(
                actual: actual, predicted: (0..<actual.count).map { predicted[$0, 0] })
        default: throw NeuralError("internal: the inputs do not fit the network")
        }
    }

    func artifact(data: TuningData, target: String, training: ModelArtifact.Training) throws -> ModelArtifact {
        switch self {
        case .regressor(let model):
            return NNTrain.encoded(
                try ModelArtifact(model, features: data.columns, targets: [target], training: training), data.encodings)
        case .classifier(let model):
            return NNTrain.encoded(
                try ModelArtifact(model, features: data.columns, target: target, training: training), data.encodings)
        case .recurrent(let model):
            return try ModelArtifact(
                model, columns: data.columns, window: data.window ?? 1, target: target, horizon: 1, training: training)
        }
    }
}
