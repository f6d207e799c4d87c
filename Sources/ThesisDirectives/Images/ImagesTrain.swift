import Foundation
import ThesisDocument
import ThesisImages
import ThesisModels

/// `<<images train data=shapes layers="conv 16 3 same relu, maxpool 2, flatten" augment="flip:0.5" id=cnn>>`:
/// a convolutional network trained on an image data set (float32, softmax cross-entropy), with
/// seeded augmentation of the training batches; a table of per-class precision, recall and F1
/// on the test images with their averages and the accuracy (scikit-learn's classification
/// report) and the confusion matrix. The run is recorded and the network saved as a model;
/// `from=` fine-tunes a model trained earlier in the project (its first `keep` layers, the first
/// `freeze` of them frozen) with a new output layer. `images roc`, `images errors` and
/// `nn curve` read the result.
public enum ImagesTrain: Directive {
    public static let kind = "images train"
    public static let abstract = "train a convolutional image classifier (augmentation, fine-tuning); recorded as a run"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table, .figure]
    public static var readsImages: Bool { true }

    /// The network of the issue's benchmark: two 3 × 3 convolutions with 2 × 2 max pooling.
    public static let defaultLayers = "conv 16 3 same relu, maxpool 2, conv 32 3 same relu, maxpool 2, flatten"

    public struct Arguments: DirectiveArguments {
        @Option("the image data set (format = \"images\" in thesis.toml)") var data: DataName
        @Option("the layers before the output layer (one unit per class is added): \(Neural.Layer.stackGrammar)")
        var layers = ImagesTrain.defaultLayers
        @Option("random changes to the training images each epoch, e.g. \"flip:0.5, rotate:15, crop:0.9\"")
        var augment: String?
        @Option(.range(1...1000), "passes over the training images (at most, with patience)") var epochs = 10
        @Option(.range(1...4096), "mini-batch size") var batch = 64
        @Option(.range(1e-6...1.0), "learning rate") var lr = 0.001
        @Option("update rule") var optimizer = OptimizerChoice.adam
        @Option(.range(0.0...1.0), "weight decay (L2; decoupled for adamw)") var decay = 0.0
        @Option(.range(0.05...0.5), "share of the training images held out to measure the validation loss by epoch")
        var validation: Double?
        @Option(.range(1...1000), "early stopping after this many epochs without a lower validation loss") var patience:
            Int?
        @Option(.range(0.001...1000.0), "clip gradients to this global norm") var clip: Double?
        @Option(
            .range(0.05...0.9),
            "share of each class held out for testing, for a folder of CLASS/FILE images (default 0.2)")
        var test: Double?
        @Option("train on these classes only") var classes: [String]?
        @Option(.range(1...1_000_000), "at most this many training images per class (the first by path)") var limit:
            Int?
        @Option("fine-tune the model an earlier images train saved (its id)") var from: ResultName?
        @Option(.range(1...1000), "with from=: the layers of that model to keep (default: all but its output layer)")
        var keep: Int?
        @Option(
            .range(0...1000), "with from=: the first layers whose weights stay as they are (default: all kept layers)")
        var freeze: Int?
        @Option("with from=: layers between the kept ones and the new output layer, e.g. \"dense 32 relu\"") var head:
            String?
        @Option(
            .range(1...16),
            "parts of each batch trained side by side on as many cores, their gradients summed (the numbers depend on this, not on the machine's cores; batch normalisation sees each part)"
        )
        var shards = 1
        @Option(.atLeast(0), "random seed (weights, batch order, augmentation, validation split)") var seed = 0
        @Option("experiment name in the run store (default: the data set)") var experiment: String?
        @Option("your tags on the run, KEY:VALUE") var tags: [String] = []
        public init() {}
    }

    static func parameters(_ a: Arguments) -> [String: String] {
        var p: [String: String] = [
            "layers": a.layers, "epochs": String(a.epochs), "batch": String(a.batch), "lr": String(a.lr),
            "optimizer": a.optimizer.rawValue, "decay": String(a.decay), "seed": String(a.seed), "model": "cnn",
            "shards": String(a.shards),
        ]
        if let augment = a.augment { p["augment"] = augment }
        if let v = a.validation { p["validation"] = String(v) }
        if let v = a.patience { p["patience"] = String(v) }
        if let v = a.test { p["test"] = String(v) }
        if let v = a.classes { p["classes"] = v.joined(separator: ",") }
        if let v = a.limit { p["limit"] = String(v) }
        if let v = a.keep { p["keep"] = String(v) }
        if let v = a.freeze { p["freeze"] = String(v) }
        if let v = a.head { p["head"] = v }
        return p
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        RunRecord(
            experiment: arguments.experiment ?? arguments.data.name, params: parameters(arguments),
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging(["model": "cnn"]) { _, a in a },
            seed: UInt64(arguments.seed))
    }

    /// The network to train: a fresh one from `layers=`, or `from=`'s with a new output layer.
    static func classifier(
        _ arguments: Arguments, context: DirectiveContext, shape: [Int], classes: [String]
    ) throws -> (ImageClassifier, frozen: Set<Int>, parent: String?) {
        let seed = UInt64(arguments.seed)
        guard arguments.from != nil else {
            for (value, option) in [(arguments.keep, arguments.$keep), (arguments.freeze, arguments.$freeze)]
            where value != nil {
                throw DirectiveFailure("\(option.name)= is for fine-tuning a model named by from=", option: option)
            }
            if arguments.head != nil {
                throw DirectiveFailure("head= is for fine-tuning a model named by from=", option: arguments.$head)
            }
            let body: [Neural.Layer]
            do { body = try Neural.Layer.parseStack(arguments.layers) } catch let error as NeuralError {
                throw DirectiveFailure(error.message, option: arguments.$layers)
            }
            do {
                return (try ImageClassifier(imageShape: shape, body: body, classes: classes, seed: seed), [], nil)
            } catch let error as NeuralError {
                throw DirectiveFailure(
                    "the layers do not fit \(shape[1]) × \(shape[2]) images: \(error.message)",
                    option: arguments.$layers)
            }
        }
        guard let bytes = context.modelFile(arguments.$from), let id = try context.result(arguments.$from).model?.id
        else {
            throw DirectiveFailure(
                "'\(arguments.from?.name ?? "")' saved no model; from= names an images train result",
                option: arguments.$from)
        }
        let base: ImageClassifier
        do { base = try ModelFile.decode(bytes).imageClassifier() } catch {
            throw DirectiveFailure(
                "'\(arguments.from?.name ?? "")' is not an image classifier: \(error)", option: arguments.$from)
        }
        guard base.network.inputShape == shape else {
            throw DirectiveFailure(
                "that model reads \(base.network.inputShape) images, this data set gives \(shape) (channels, height, width)",
                option: arguments.$from)
        }
        let layerCount = base.network.layers.count
        let keep = arguments.keep ?? layerCount - 1
        guard keep < layerCount else {
            throw DirectiveFailure(
                "keep= can keep at most \(layerCount - 1) of that model's \(layerCount) layers", option: arguments.$keep
            )
        }
        let freeze = arguments.freeze ?? keep
        guard freeze <= keep else {
            throw DirectiveFailure("freeze= cannot exceed keep= (\(keep))", option: arguments.$freeze)
        }
        var head: [Neural.Layer] = []
        if let text = arguments.head {
            do { head = try Neural.Layer.parseStack(text) } catch let error as NeuralError {
                throw DirectiveFailure(error.message, option: arguments.$head)
            }
        }
        do {
            let model = try ImageClassifier(fineTuning: base, keep: keep, head: head, classes: classes, seed: seed)
            return (model, Set(0..<freeze), id)
        } catch let error as NeuralError {
            throw DirectiveFailure(error.message, option: arguments.$head)
        }
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        _ = try RunTags.parse(arguments.tags, option: arguments.$tags)
        let set = try context.images(arguments.$data)
        let split = try ImageSplit.make(
            set, test: arguments.test, testOption: arguments.$test, classes: arguments.classes,
            classesOption: arguments.$classes, limit: arguments.limit)
        var augmentation: Neural.Augmentation?
        if let text = arguments.augment {
            do { augmentation = try Neural.Augmentation.parse(text) } catch let error as NeuralError {
                throw DirectiveFailure(error.message, option: arguments.$augment)
            }
        }
        let shape = [set.channels, set.height, set.width]
        let (untrained, frozen, parent) = try classifier(
            arguments, context: context, shape: shape, classes: split.classes)
        var model = untrained
        let train = try split.tensor(split.train, set: set, option: arguments.$data)
        let test = try split.tensor(split.test, set: set, option: arguments.$data)
        let validationImages =
            split.validation.isEmpty ? nil : try split.tensor(split.validation, set: set, option: arguments.$data)
        let optimizer: Neural.Optimizer
        switch arguments.optimizer {
        case .adam: optimizer = .adam(learningRate: arguments.lr, weightDecay: arguments.decay)
        case .adamw: optimizer = .adamW(learningRate: arguments.lr, weightDecay: arguments.decay)
        case .sgd: optimizer = .sgd(learningRate: arguments.lr, momentum: 0.9, weightDecay: arguments.decay)
        }
        let held = arguments.validation ?? (arguments.patience != nil && validationImages == nil ? 0.1 : nil)
        let options = Neural.TrainingOptions(
            epochs: arguments.epochs, batchSize: arguments.batch, optimizer: optimizer, clipNorm: arguments.clip,
            validation: held.map { .random(fraction: $0) } ?? .none, patience: arguments.patience,
            seed: UInt64(arguments.seed), frozenLayers: frozen, augmentation: augmentation, shards: arguments.shards)
        let history = try neural {
            try model.fit(
                train.images, labels: train.labels, options: options,
                validation: held == nil ? validationImages : nil)
        }
        let probabilities = try neural { try model.probabilities(test.images) }
        let predicted = probabilities.map(ImageClassifier.mostProbable)
        let report = try neural {
            try ClassificationMetrics.report(
                actual: test.labels, predicted: predicted, labels: Array(split.classes.indices))
        }
        let names = split.classes
        let rows = classificationReportRows(
            report, names: names, averageNames: ("Macro average", "Weighted average"), accuracyRow: true)
        let macroAUC = try? ClassificationMetrics.rocAUCOneVsRest(actual: test.labels, scores: probabilities)
        let parameterCount = model.network.parameters.count
        var notes = [
            "\(train.labels.count) training and \(test.labels.count) test images of \(set.name) (\(split.rule)), "
                + "\(set.channels == 1 ? "grey" : "RGB") at \(set.width) × \(set.height); \(parameterCount) weights, float32, "
                + "\(arguments.optimizer.rawValue) at \(arguments.lr), batches of \(arguments.batch), "
                + "\(history.epochs) epoch\(history.epochs == 1 ? "" : "s")\(history.stoppedEarly ? " (stopped early)" : ""), seed \(arguments.seed)."
        ]
        if let held {
            notes.append(
                "\(Int((held * 100).rounded()))% of the training images held out to measure the validation loss by epoch"
                    + (history.restoredBest ? "; the weights of the epoch with the lowest one kept." : "."))
        } else if validationImages != nil {
            notes.append("The folder's validation images measure the validation loss by epoch.")
        }
        if let augmentation {
            notes.append("Training images augmented each epoch: \(augmentation); test images never.")
        }
        if let parent {
            notes.append(
                "Fine-tuned from model \(parent.prefix(12)): \(frozen.count) layer\(frozen.count == 1 ? "" : "s") frozen."
            )
        }
        let table = ResultTable(
            caption: "Test-set classification report of the network on \(set.name).",
            columns: [
                TableColumn("Class"), TableColumn("Precision", alignment: .right),
                TableColumn("Recall", alignment: .right),
                TableColumn("F1", alignment: .right), TableColumn("Images", alignment: .right),
            ],
            rows: rows, notes: notes)
        let confusion = confusionFigure(
            labels: names, counts: report.confusion.counts,
            caption:
                "Confusion matrix of the \(test.labels.count) test images (rows: actual class, columns: predicted).")

        var metrics: [String: Double] = [
            "accuracy": report.accuracy, "macro_f1": report.macro.f1, "weighted_f1": report.weighted.f1,
            "epochs": Double(history.epochs), "train_images": Double(train.labels.count),
            "test_images": Double(test.labels.count),
        ]
        if let macroAUC { metrics["macro_auc"] = macroAUC }
        if let loss = history.trainLoss.last { metrics["loss"] = loss }
        if let loss = history.validationLoss.last { metrics["val_loss"] = loss }
        var mistakes: [ImageTrainingRecord.Mistake] = []
        let plane = set.width * set.height, size = set.channels * plane
        var mistakeCount = 0
        for i in test.labels.indices where predicted[i] != test.labels[i] {
            mistakeCount += 1
            guard mistakes.count < ImageTrainingRecord.keptMistakes else { continue }
            let grey = greyValues(
                test.images.scalars[(i * size)..<((i + 1) * size)], channels: set.channels, plane: plane)
            mistakes.append(
                ImageTrainingRecord.Mistake(
                    file: split.test[i].path, actual: test.labels[i], predicted: predicted[i],
                    probability: probabilities[i][predicted[i]], width: set.width, height: set.height,
                    grey: grey.map { UInt8((min(1, max(0, $0)) * 255).rounded()) }))
        }
        let record = ImageTrainingRecord(
            model: "CNN on \(set.name)", history: history, classes: names, actual: test.labels, predicted: predicted,
            probabilities: probabilities, mistakes: mistakes, mistakeCount: mistakeCount)
        var params = parameters(arguments)
        var automaticTags = ["model": "cnn", "data": set.name]
        if let parent {
            params["from"] = parent
            automaticTags["parent_model"] = parent
        }
        var historyByEpoch = ["loss": history.trainLoss]
        if !history.validationLoss.isEmpty { historyByEpoch["val_loss"] = history.validationLoss }
        let run = RunRecord(
            experiment: arguments.experiment ?? set.name, params: params, metrics: metrics, history: historyByEpoch,
            tags: try RunTags.parse(arguments.tags, option: arguments.$tags).merging(automaticTags) { _, a in a },
            seed: UInt64(arguments.seed))
        let artifact = try neural {
            try ModelArtifact(
                model,
                training: ModelArtifact.Training(
                    directive: kind, options: params, dataHash: context.dataHash, metrics: metrics,
                    seed: UInt64(arguments.seed),
                    parent: parent))
        }
        var scalars = metrics.mapValues { Scalar.number($0) }
        scalars["errors"] = .number(Double(mistakeCount))
        return DirectiveResult(
            content: [.table(table), .figure(confusion)], scalars: scalars,
            object: ResultObject(kind: ImageTrainingRecord.kind, payload: try JSONObject.encode(record)), run: run,
            model: try ModelFile.saved(artifact))
    }
}
