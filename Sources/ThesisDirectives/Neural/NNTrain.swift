import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<nn train data=digits target=x65 task=classification model=mlp hidden=100 epochs=200 id=mlp>>`:
/// one network fitted on a seeded train/test split: a table of test metrics and a figure of the
/// test set (actual and predicted values, or the confusion matrix); `nn curve of=ID` draws its
/// training history, with the validation loss when `validation=` (or `patience=`) holds out a
/// split. The run is recorded in the project's experiment store. For LSTM/GRU the inputs are the last `lags`
/// periods of the target (and features) as a sequence; the test set is the last share of the data.
public enum NNTrain: Directive {
    public static let kind = "nn train"
    public static let abstract = "fit a neural network (MLP, LSTM, GRU) with its training history; recorded as a run"
    // 4: the fitted network saved as a model artifact; 5: tags=; 6: test predictions as data;
    // 7: several targets; 8: from= (continued training)
    public static let version = 8
    public static let outputs: Set<OutputKind> = [.table, .figure]

    public struct Arguments: DirectiveArguments {
        @Option("the data set") var data: DataName
        @Option(
            "the column to predict (labels for classification); several (regression with model=mlp) train one network with an output each"
        )
        var target: [String]
        @Option("input columns (default: every other column; LSTM/GRU: none, only the target's past)") var features:
            [String]?
        @Option("kind of target") var task = TaskKind.regression
        @Option(.range(0.05...0.9), "share of the data held out for testing") var test = 0.25
        @Option(
            .range(0.05...0.5),
            "share of the training data held out to measure the validation loss by epoch (drawn by nn curve; for early "
                + "stopping with patience=, which takes 0.1 without it); default none"
        )
        var validation: Double?
        @Option(.range(1...240), "LSTM/GRU: sequence length") var lags = 12
        @Option("experiment name in the run store (default: the target)") var experiment: String?
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        @Option("network: multilayer perceptron, LSTM or GRU") var model = NetworkKind.mlp
        @OptionGroup var network: NetworkOptions
        @Option("your tags on the run, KEY:VALUE (e.g. stage:draft,team:macro)") var tags: [String] = []
        @Option(
            "continue training the model an earlier nn train saved (its id), on this data, from its weights and scaling; the options must describe the same network"
        )
        var from: ResultName?
        @Option(
            "categorical features and their encoding, fitted on the training rows: COLUMN:one-hot or COLUMN:ordinal or COLUMN:ordinal(LOW<…<HIGH), separated by ';' (model=mlp; the column declared in the data set's categorical = [...])"
        )
        var encode: String?
        public init() {}
    }

    /// The categorical features `encode=` asks for, with the vocabulary of `from=`'s model when
    /// an update continues one (an update encodes as its parent did).
    static func categorical(
        _ arguments: Arguments, context: DirectiveContext
    ) throws
        -> (requests: [CategoricalRequest], inherited: [CategoricalEncoding]?)
    {
        let requests = try CategoricalRequest.parse(arguments.encode, option: arguments.$encode)
        if !requests.isEmpty, arguments.model.isRecurrent {
            throw DirectiveFailure("categorical features are for model=mlp", option: arguments.$encode)
        }
        guard !requests.isEmpty, arguments.from != nil, let bytes = context.modelFile(arguments.$from) else {
            return (requests, nil)
        }
        let artifact = try neural { try ModelFile.decode(bytes) }
        return (requests, artifact.input.categorical ?? [])
    }

    /// The model `from=` names, with its id: what an update continues.
    struct Parent {
        var id: String
        var artifact: ModelArtifact
    }

    /// Reads `from=`'s model and checks that it is the network the options describe.
    static func parent(
        _ arguments: Arguments, context: DirectiveContext, columns: [String], targets: [String], window: Int?
    ) throws -> Parent? {
        guard arguments.from != nil else { return nil }
        guard let bytes = context.modelFile(arguments.$from), let id = try context.result(arguments.$from).model?.id
        else {
            throw DirectiveFailure(
                "'\(arguments.from?.name ?? "")' saved no model; from= names an nn train result",
                option: arguments.$from)
        }
        let artifact = try neural { try ModelFile.decode(bytes) }
        let expected: ModelArtifact.Kind =
            arguments.model == .lstm ? .lstm : arguments.model == .gru ? .gru : .mlpRegressor
        var problems: [String] = []
        if arguments.task == .classification {
            problems.append("from= continues a regression network (mlp, lstm, gru)")
        }
        if artifact.kind != expected {
            problems.append("it is a \(artifact.kind.rawValue) model, this directive trains a \(expected.rawValue)")
        }
        if artifact.input.columns != columns {
            problems.append(
                "it reads \(artifact.input.columns.joined(separator: ", ")), this directive \(columns.joined(separator: ", "))"
            )
        }
        if artifact.output.names != targets {
            problems.append(
                "it predicts \(artifact.output.names.joined(separator: ", ")), not \(targets.joined(separator: ", "))")
        }
        if artifact.input.window != window {
            problems.append(
                "its sequence length is \(artifact.input.window.map(String.init) ?? "none"), lags=\(window.map(String.init) ?? "none") here"
            )
        }
        if artifact.input.lags != nil { problems.append("it is a forecast evaluation's lagged MLP") }
        guard problems.isEmpty else {
            throw DirectiveFailure(
                "cannot continue '\(arguments.from?.name ?? "")': " + problems.joined(separator: "; "),
                option: arguments.$from)
        }
        return Parent(id: id, artifact: artifact)
    }

    /// The saved model with the encodings of its categorical features.
    static func encoded(_ artifact: ModelArtifact, _ encodings: [CategoricalEncoding]) -> ModelArtifact {
        var artifact = artifact
        artifact.input.categorical = encodings.isEmpty ? nil : encodings
        return artifact
    }

    /// Fits `model` from scratch, or continues `parent`'s network (same result shape).
    static func train(
        _ settings: Neural.ModelOptions, parent: Parent?, option: OptionReference, x: Matrix, y: Matrix
    ) throws -> (MLPRegressor, Neural.TrainingHistory) {
        guard let parent else {
            var model = MLPRegressor(options: settings)
            let history = try neural { try model.fit(x, y) }
            return (model, history)
        }
        var model = try neural { try parent.artifact.mlpRegressor(options: settings) }
        do {
            let history = try model.update(x, y)
            return (model, history)
        } catch let error as NeuralError {
            throw DirectiveFailure("cannot continue the model: \(error.message)", option: option)
        }
    }

    /// `train` for an LSTM or GRU.
    static func train(
        _ settings: Neural.ModelOptions, cell: RecurrentRegressor.Cell, parent: Parent?, option: OptionReference,
        x: Neural.Tensor<Double>, y: [Double]
    ) throws -> (RecurrentRegressor, Neural.TrainingHistory) {
        guard let parent else {
            var model = RecurrentRegressor(cell: cell, options: settings)
            let history = try neural { try model.fit(x, y) }
            return (model, history)
        }
        var model = try neural { try parent.artifact.recurrentRegressor(options: settings) }
        do {
            let history = try model.update(x, Matrix(column: y))
            return (model, history)
        } catch let error as NeuralError {
            throw DirectiveFailure("cannot continue the model: \(error.message)", option: option)
        }
    }

    /// What `nn curve of=` reads.
    struct TrainingRecord: Codable {
        static let kind = "nn-train"
        var model: String
        var history: Neural.TrainingHistory
        /// The test set's predictions, as data for `metrics data=ID` (`actual`, `predicted`, and for
        /// a classifier `p_LABEL` per class), in the order of the data's rows.
        var predictions: TimeSeriesFrame?
    }

    /// The test set's predictions as a frame, rows in the data's order.
    static func predictionFrame(
        frequency: Frequency, periods: [Month], actual: [Double], predicted: [Double],
        probabilities: [(label: Int, values: [Double])] = []
    ) -> TimeSeriesFrame {
        let order = periods.indices.sorted { periods[$0].index < periods[$1].index }
        return TimeSeriesFrame(
            frequency: frequency, periods: order.map { periods[$0] },
            names: ["actual", "predicted"] + probabilities.map { "p_\($0.label)" },
            columns: [order.map { actual[$0] }, order.map { predicted[$0] }]
                + probabilities.map { p in order.map { p.values[$0] } })
    }

    /// The parameters a run records, as they were asked for.
    static func runParameters(_ arguments: Arguments) -> [String: String] {
        var params = arguments.network.parameters
        params["model"] = arguments.model.rawValue
        params["task"] = arguments.task.rawValue
        params["lags"] = String(arguments.lags)
        params["test"] = String(arguments.test)
        if let encode = arguments.encode { params["encode"] = encode }
        return params
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        RunRecord(
            experiment: arguments.experiment ?? arguments.target.joined(separator: ","),
            params: runParameters(arguments),
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging([
                "model": arguments.model.rawValue, "target": arguments.target.joined(separator: ","),
            ]) { _, automatic in automatic }, seed: UInt64(arguments.network.seed))
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        _ = try RunTags.parse(arguments.tags, option: arguments.$tags)  // before training, not after
        let frame = try context.frame(arguments.$data).cut(to: arguments.sample, option: arguments.$sample)
        let targets = arguments.target
        let target = targets.joined(separator: ",")
        if targets.count > 1, arguments.task == .classification || arguments.model.isRecurrent {
            throw DirectiveFailure(
                "several targets train one regression network with model=mlp; classification and LSTM/GRU take one",
                option: arguments.$target)
        }
        if let twice = targets.first(where: { name in targets.filter { $0 == name }.count > 1 }) {
            throw DirectiveFailure("target '\(twice)' is given twice", option: arguments.$target)
        }
        let modelKind = arguments.model.rawValue
        let categorical = try Self.categorical(arguments, context: context)
        let recurrent = arguments.model.isRecurrent
        var settings = arguments.network.modelOptions
        if let validation = arguments.validation {
            settings.validationFraction = validation
            settings.monitorsValidation = true
        }
        let testFraction = arguments.test
        var metrics: [String: Double] = [:]
        var rows: [[TableCell]] = []
        let history: Neural.TrainingHistory
        let testFigure: Figure
        let predictions: TimeSeriesFrame
        let save: (ModelArtifact.Training) throws -> ModelArtifact
        var parent: Parent?
        if arguments.task == .classification {
            if arguments.from != nil {
                throw DirectiveFailure("from= continues a regression network (mlp, lstm, gru)", option: arguments.$from)
            }
            guard !recurrent else { throw DirectiveFailure("classification uses model=mlp", option: arguments.$model) }
            let data = try SupervisedData.make(
                frame, target: target, targetOption: arguments.$target, features: arguments.features,
                featuresOption: arguments.$features, testFraction: testFraction, seed: settings.seed,
                categorical: categorical.requests, inherited: categorical.inherited, encodeOption: arguments.$encode)
            var model = MLPClassifier(options: settings)
            let labels = data.trainY.map { Int($0.rounded()) }, testLabels = data.testY.map { Int($0.rounded()) }
            history = try neural { try model.fit(data.trainX, labels) }
            let predicted = try neural { try model.predict(data.testX) }
            let trainPredicted = try neural { try model.predict(data.trainX) }
            metrics["accuracy"] = try neural {
                try ClassificationMetrics.accuracy(actual: testLabels, predicted: predicted)
            }
            metrics["train_accuracy"] = try neural {
                try ClassificationMetrics.accuracy(actual: labels, predicted: trainPredicted)
            }
            testFigure = try confusionFigure(actual: testLabels, predicted: predicted)
            let probabilities = try neural { try model.predictProbabilities(data.testX) }
            predictions = predictionFrame(
                frequency: frame.frequency, periods: data.testRows.map { frame.periods[$0] }, actual: data.testY,
                predicted: predicted.map(Double.init),
                probabilities: model.classes.enumerated().map { k, label in
                    (label, (0..<probabilities.rows).map { probabilities[$0, k] })
                })
            save = { [model] in
                try Self.encoded(
                    ModelArtifact(model, features: data.features, target: target, training: $0), data.encodings)
            }
            rows = [
                [.text("Accuracy (test)"), .number(metrics["accuracy"] ?? .nan, format: ".2%")],
                [.text("Accuracy (training)"), .number(metrics["train_accuracy"] ?? .nan, format: ".2%")],
                [.text("Observations (training / test)"), .text("\(labels.count) / \(testLabels.count)")],
            ]
        } else if recurrent {
            let featureNames = arguments.features ?? []
            let lags = arguments.lags
            let windows = try RecurrentSamples.make(
                frame, target: target, targetOption: arguments.$target, features: featureNames,
                featuresOption: arguments.$features, lags: lags, lagsOption: arguments.$lags,
                testFraction: testFraction,
                minimumTraining: 10)
            let n = windows.count, testCount = windows.testCount
            let samples = (inputs: windows.inputs, targets: windows.targets)
            let trainX = try windows.windows(0..<(n - testCount))
            let testX = try windows.windows((n - testCount)..<n)
            parent = try Self.parent(
                arguments, context: context, columns: [target] + featureNames, targets: [target], window: lags)
            let (model, fitHistory) = try train(
                settings, cell: arguments.model == .gru ? .gru : .lstm, parent: parent, option: arguments.$from,
                x: trainX, y: Array(samples.targets.prefix(n - testCount)))
            history = fitHistory
            let predicted = try neural { try model.predict(testX) }
            let actual = Array(samples.targets.suffix(testCount))
            let forecasts = (0..<testCount).map { predicted[$0, 0] }
            metrics["rmse"] = try neural {
                try RegressionMetrics.rootMeanSquaredError(actual: actual, predicted: forecasts)
            }
            metrics["mae"] = try neural {
                try RegressionMetrics.meanAbsoluteError(actual: actual, predicted: forecasts)
            }
            let testPeriods = Array(windows.periods.suffix(testCount))
            predictions = predictionFrame(
                frequency: frame.frequency, periods: testPeriods, actual: actual, predicted: forecasts)
            save = { [model] in
                try ModelArtifact(
                    model, columns: [target] + featureNames, window: lags, target: target, horizon: 1, training: $0)
            }
            testFigure = predictionFigure(
                actual: actual, predicted: forecasts, periods: testPeriods, frequency: frame.frequency, target: target)
            rows = [
                [.text("RMSE (test, one step)"), .number(metrics["rmse"] ?? .nan, format: ".4f")],
                [.text("MAE (test, one step)"), .number(metrics["mae"] ?? .nan, format: ".4f")],
                [.text("Samples (training / test)"), .text("\(n - testCount) / \(testCount)")],
            ]
        } else if targets.count > 1 {
            let data = try SupervisedData.make(
                frame, targets: targets, targetOption: arguments.$target, features: arguments.features,
                featuresOption: arguments.$features, testFraction: testFraction, seed: settings.seed,
                categorical: categorical.requests, inherited: categorical.inherited, encodeOption: arguments.$encode)
            parent = try Self.parent(arguments, context: context, columns: data.features, targets: targets, window: nil)
            let y = try neural { try Matrix(columns: data.trainYs) }
            let (model, fitHistory) = try train(settings, parent: parent, option: arguments.$from, x: data.trainX, y: y)
            history = fitHistory
            let predicted = try neural { try model.predict(data.testX) }
            let forecasts = targets.indices.map { j in (0..<predicted.rows).map { predicted[$0, j] } }
            let scores = try neural { try MultiOutputRegressionMetrics(actual: data.testYs, predicted: forecasts) }
            var table: [[TableCell]] = []
            for (j, name) in targets.enumerated() {
                metrics["rmse.\(name)"] = scores.rmse[j]
                metrics["mae.\(name)"] = scores.mae[j]
                metrics["r2.\(name)"] = scores.r2[j]
                table.append([
                    .text("\(name): RMSE / MAE / R² (test)"),
                    .text(
                        [scores.rmse[j], scores.mae[j], scores.r2[j]].map { ValueFormat.format($0, spec: ".4g") }
                            .joined(separator: " / ")),
                ])
            }
            metrics["rmse"] = scores.averageRMSE
            metrics["mae"] = scores.averageMAE
            metrics["r2"] = scores.averageR2
            save = { [model] in
                try Self.encoded(
                    ModelArtifact(model, features: data.features, targets: targets, training: $0), data.encodings)
            }
            let periods = data.testRows.map { frame.periods[$0] }
            let order = periods.indices.sorted { periods[$0].index < periods[$1].index }
            predictions = TimeSeriesFrame(
                frequency: frame.frequency, periods: order.map { periods[$0] },
                names: targets.flatMap { ["actual_\($0)", "predicted_\($0)"] },
                columns: targets.indices.flatMap { j in
                    [order.map { data.testYs[j][$0] }, order.map { forecasts[j][$0] }]
                })
            testFigure = predictionFigure(
                actual: data.testYs[0], predicted: forecasts[0], periods: periods, frequency: frame.frequency,
                target: targets[0])
            rows =
                table + [
                    [
                        .text("Average over outputs: RMSE / MAE / R²"),
                        .text(
                            [scores.averageRMSE, scores.averageMAE, scores.averageR2].map {
                                ValueFormat.format($0, spec: ".4g")
                            }.joined(separator: " / ")),
                    ],
                    [.text("Observations (training / test)"), .text("\(data.trainY.count) / \(data.testY.count)")],
                ]
        } else {
            let data = try SupervisedData.make(
                frame, target: target, targetOption: arguments.$target, features: arguments.features,
                featuresOption: arguments.$features, testFraction: testFraction, seed: settings.seed,
                categorical: categorical.requests, inherited: categorical.inherited, encodeOption: arguments.$encode)
            parent = try Self.parent(
                arguments, context: context, columns: data.features, targets: [target], window: nil)
            let (model, fitHistory) = try train(
                settings, parent: parent, option: arguments.$from, x: data.trainX, y: Matrix(column: data.trainY))
            history = fitHistory
            let predicted = try neural { try model.predict(data.testX) }
            let forecasts = (0..<data.testY.count).map { predicted[$0, 0] }
            metrics["rmse"] = try neural {
                try RegressionMetrics.rootMeanSquaredError(actual: data.testY, predicted: forecasts)
            }
            metrics["r2"] = try neural { try RegressionMetrics.r2(actual: data.testY, predicted: forecasts) }
            save = { [model] in
                try Self.encoded(
                    ModelArtifact(model, features: data.features, targets: [target], training: $0), data.encodings)
            }
            predictions = predictionFrame(
                frequency: frame.frequency, periods: data.testRows.map { frame.periods[$0] }, actual: data.testY,
                predicted: forecasts)
            testFigure = predictionFigure(
                actual: data.testY, predicted: forecasts, periods: data.testRows.map { frame.periods[$0] },
                frequency: frame.frequency, target: target)
            rows = [
                [.text("RMSE (test)"), .number(metrics["rmse"] ?? .nan, format: ".4f")],
                [.text("R² (test)"), .number(metrics["r2"] ?? .nan, format: ".4f")],
                [.text("Observations (training / test)"), .text("\(data.trainY.count) / \(data.testY.count)")],
            ]
        }
        metrics["epochs"] = Double(history.epochs)
        if let final = history.trainLoss.last { metrics["loss"] = final }
        if let final = history.validationLoss.last { metrics["val_loss"] = final }
        if let validation = arguments.validation ?? (settings.patience != nil ? settings.validationFraction : nil) {
            rows.append([.text("Validation share of the training data"), .number(validation, format: ".0%")])
        }
        rows.append([.text("Epochs"), .text("\(history.epochs)\(history.stoppedEarly ? " (stopped early)" : "")")])
        if let parent { rows.append([.text("Continued from model"), .text(String(parent.id.prefix(12)))]) }
        let name = "\(modelKind.uppercased())(\(settings.hiddenSizes.map(String.init).joined(separator: ",")))"
        let table = ResultTable(
            caption: "\(name) on \(target).",
            columns: [TableColumn("Measure"), TableColumn("Value", alignment: .right)], rows: rows,
            notes: [
                "\(settings.optimizer.rawValue), learning rate "
                    + "\(ValueFormat.format(settings.learningRate, spec: ".4g")), batch \(settings.batchSize), "
                    + "\(settings.precision.rawValue), seed \(settings.seed); inputs standardized on the training data."
            ])
        var history_ = ["loss": history.trainLoss]
        if !history.validationLoss.isEmpty { history_["val_loss"] = history.validationLoss }
        var params = runParameters(arguments)
        var automaticTags = ["model": modelKind, "target": target]
        if let parent {
            params["from"] = parent.id
            automaticTags["parent_model"] = parent.id
        }
        let run = RunRecord(
            experiment: arguments.experiment ?? target, params: params,
            metrics: metrics, history: history_,
            tags: try RunTags.parse(arguments.tags, option: arguments.$tags).merging(automaticTags) { _, automatic in
                automatic
            }, seed: settings.seed)
        let object = try JSONObject.encode(TrainingRecord(model: name, history: history, predictions: predictions))
        let artifact = try neural {
            try save(
                ModelArtifact.Training(
                    directive: kind, options: params, dataHash: context.dataHash, metrics: metrics, seed: settings.seed,
                    parent: parent?.id)
            )
        }
        return DirectiveResult(
            content: [.table(table), .figure(testFigure)],
            scalars: metrics.mapValues { .number($0) },
            object: ResultObject(kind: TrainingRecord.kind, payload: object), run: run,
            model: try ModelFile.saved(artifact))
    }
}

/// `<<nn curve of=mlp>>`: the training and validation loss by epoch of an `nn train` result.
public enum NNCurve: Directive {
    public static let kind = "nn curve"
    public static let abstract = "training and validation loss by epoch of a trained network"
    public static let version = 3  // 3: validation loss only where a split exists, and the caption says which
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @Option("the id of an nn train or images train result") var of: ResultName
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let result = try context.result(arguments.$of)
        if result.object?.kind == ImageTrainingRecord.kind {
            let record = try ImageTrainingRecord.decode(result, option: arguments.$of)
            return curve(record.history, model: record.model)
        }
        guard let object = result.object, object.kind == NNTrain.TrainingRecord.kind,
            let record = try? JSONDecoder().decode(NNTrain.TrainingRecord.self, from: object.payload)
        else {
            throw DirectiveFailure("'\(arguments.of)' is not an nn train or images train result", option: arguments.$of)
        }
        return curve(record.history, model: record.model)
    }

    static func curve(_ history: Neural.TrainingHistory, model: String) -> DirectiveResult {
        let record = (history: history, model: model)
        var scalars: [String: Scalar] = ["epochs": .number(Double(record.history.epochs))]
        if let best = record.history.bestEpoch { scalars["best_epoch"] = .number(Double(best + 1)) }
        return DirectiveResult(content: [.figure(trainingCurve(record.history, title: record.model))], scalars: scalars)
    }
}
