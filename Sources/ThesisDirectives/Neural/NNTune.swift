import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<nn tune data=digits target=x65 task=classification space="hidden: 50, 100; lr: 0.001, 0.01"
/// search=grid epochs=50>>`: grid or seeded random search over network settings, scored on a
/// validation split of the training data (test data untouched); a table of every configuration and
/// the one chosen, recorded as a run with the score of each trial.
public enum NNTune: Directive {
    public static let kind = "nn tune"
    public static let abstract = "grid or seeded random search over network settings, scored on a validation split"
    public static let version = 3  // 2: tags=; 3: a random search never repeats a configuration
    public static let outputs: Set<OutputKind> = [.table]
    public static let tunable = ["hidden", "lr", "dropout", "decay", "batch", "epochs", "activation", "optimizer"]

    /// How configurations are chosen.
    enum SearchKind: String, ArgumentChoice {
        case grid, random
    }

    public struct Arguments: DirectiveArguments {
        @Option("the data set") var data: DataName
        @Option("the column to predict") var target: String
        @Option("input columns (default: every other column)") var features: [String]?
        @Option("kind of target") var task = TaskKind.regression
        @Option(
            "settings to search, e.g. \"hidden: 50, 100, 64/32; lr: 0.001, 0.01\" (names: "
                + "\(tunable.joined(separator: ", ")))"
        )
        var space: String
        @Option("every combination, or a seeded random sample") var search = SearchKind.grid
        @Option(.range(1...1000), "random search: configurations drawn") var trials = 10
        @Option(.range(0.05...0.5), "share of the training data used to score") var validation = 0.2
        @Option(.range(0.05...0.9), "share held out for testing (never used by the search)") var test = 0.25
        @Option("experiment name in the run store (default: the target)") var experiment: String?
        @OptionGroup var network: NetworkOptions
        @Option("your tags on the run, KEY:VALUE (e.g. stage:draft,team:macro)") var tags: [String] = []
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let userTags = try RunTags.parse(arguments.tags, option: arguments.$tags)
        let frame = try context.frame(arguments.$data)
        let target = arguments.target
        let classification = arguments.task == .classification
        let base = arguments.network.modelOptions
        let data = try SupervisedData.make(
            frame, target: target, targetOption: arguments.$target, features: arguments.features,
            featuresOption: arguments.$features, testFraction: arguments.test, seed: base.seed)
        // Validation: the last share of the (already shuffled, for tables) training rows.
        let n = data.trainY.count, validationCount = max(1, Int((Double(n) * arguments.validation).rounded()))
        guard n - validationCount >= 10 else {
            throw DirectiveFailure("too little training data for a validation split", option: arguments.$validation)
        }
        let fitRows = 0..<(n - validationCount), scoreRows = (n - validationCount)..<n
        let fitX = try neural { try data.trainX.selectingRows(Array(fitRows)) },
            scoreX = try neural { try data.trainX.selectingRows(Array(scoreRows)) }
        let fitY = Array(data.trainY[fitRows]), scoreY = Array(data.trainY[scoreRows])
        let space = try parseSpace(arguments.space, option: arguments.$space)
        let timings = TrialTimings()
        let score: (ParameterConfiguration) throws -> Double = { configuration in
            let started = DispatchTime.now()
            defer { timings.record(configuration.description, since: started) }
            var settings = base
            try apply(configuration, to: &settings)
            if classification {
                var model = MLPClassifier(options: settings)
                try model.fit(fitX, fitY.map { Int($0.rounded()) })
                return 1
                    - (try ClassificationMetrics.accuracy(
                        actual: scoreY.map { Int($0.rounded()) }, predicted: try model.predict(scoreX)))
            }
            var model = MLPRegressor(options: settings)
            try model.fit(fitX, fitY)
            let predicted = try model.predict(scoreX)
            return try RegressionMetrics.rootMeanSquaredError(
                actual: scoreY, predicted: (0..<scoreY.count).map { predicted[$0, 0] })
        }
        let result: HyperparameterSearch.Result = try neural {
            arguments.search == .random
                ? try HyperparameterSearch.random(space, trials: arguments.trials, seed: base.seed, score: score)
                : try HyperparameterSearch.grid(space, score: score)
        }
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
        let table = ResultTable(
            caption: "\(arguments.search == .random ? "Random" : "Grid") search on \(target).",
            columns: [TableColumn("#", alignment: .right)] + space.names.map { TableColumn($0) }
                + [TableColumn(scoreName, alignment: .right), TableColumn("Chosen")],
            rows: rows,
            notes: [
                "Each configuration fitted on \(fitRows.count) rows and scored on \(scoreRows.count) held-out "
                    + "training rows; the \(data.testY.count) test rows are not used. Chosen: "
                    + "\(result.best.configuration)."
            ])
        var scalars: [String: Scalar] = [
            "best.score": .number(result.best.score), "trials": .number(Double(result.trials.count)),
        ]
        for name in space.names { scalars["best.\(name)"] = .text(result.best.configuration[name]?.description ?? "") }
        let run = RunRecord(
            experiment: arguments.experiment ?? target,
            params: [
                "space": arguments.space, "search": arguments.search.rawValue,
                "best": result.best.configuration.description,
            ],
            metrics: ["best_score": result.best.score], history: ["trial_score": result.trials.map(\.score)],
            tags: userTags.merging(["kind": "tune", "target": target]) { _, automatic in automatic }, seed: base.seed,
            trials: result.trials.map { trial in
                var params = arguments.network.parameters
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
        return DirectiveResult(content: [.table(table)], scalars: scalars, run: run)
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        RunRecord(
            experiment: arguments.experiment ?? arguments.target,
            params: ["space": arguments.space, "search": arguments.search.rawValue],
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
