import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// The networks a directive can train.
enum NetworkKind: String, ArgumentChoice {
    case mlp, lstm, gru

    var isRecurrent: Bool { self != .mlp }
}

/// Regression or classification.
enum TaskKind: String, ArgumentChoice {
    case regression, classification
}

enum ActivationChoice: String, ArgumentChoice {
    case relu, tanh, sigmoid, gelu
}

enum OptimizerChoice: String, ArgumentChoice {
    case adam, adamw, sgd

    var engine: Neural.OptimizerKind {
        switch self {
        case .adam: return .adam
        case .adamw: return .adamW
        case .sgd: return .sgd
        }
    }
}

enum PrecisionChoice: String, ArgumentChoice {
    case float64, float32
}

/// Options shared by the neural-network directives (`nn train`, `nn tune`, and the network
/// models of `forecast evaluate`): the network's shape and its training.
struct NetworkOptions: DirectiveArguments {
    @Option(.range(1...4096), "units per hidden layer, e.g. 100 or 64,32") var hidden = [100]
    @Option("MLP hidden activation") var activation = ActivationChoice.relu
    @Option(.range(1...10_000), "maximum passes over the training data") var epochs = 200
    @Option(.range(1...100_000), "mini-batch size") var batch = 200
    @Option(.range(1e-7...10.0), "learning rate") var lr = 0.001
    @Option("update rule") var optimizer = OptimizerChoice.adam
    @Option(.range(0.0...1.0), "weight decay (L2; decoupled for adamw)") var decay = 0.0
    @Option(.range(0.0...0.9), "dropout rate after each hidden layer") var dropout = 0.0
    @Option(.range(1...1000), "early stopping on a validation split after this many epochs without improvement")
    var patience: Int?
    @Option(.range(0.001...1000.0), "clip gradients to this global norm") var clip: Double?
    @Option("arithmetic precision") var precision = PrecisionChoice.float64
    @Option(.atLeast(0), "random seed (initialisation, shuffling, dropout)") var seed = 0

    init() {}

    /// The engine's model options.
    var modelOptions: Neural.ModelOptions {
        Neural.ModelOptions(
            hiddenSizes: hidden, activation: Neural.Activation(rawValue: activation.rawValue) ?? .relu,
            epochs: epochs, batchSize: batch, learningRate: lr, optimizer: optimizer.engine,
            weightDecay: decay, dropout: dropout, patience: patience, clipNorm: clip,
            seed: UInt64(seed), precision: precision == .float32 ? .float32 : .float64)
    }

    /// Run parameters for the experiment store, as a chapter writes them.
    var parameters: [String: String] {
        var params: [String: String] = [
            "hidden": hidden.map(String.init).joined(separator: ","), "activation": activation.rawValue,
            "epochs": String(epochs), "batch": String(batch), "lr": String(lr), "optimizer": optimizer.rawValue,
            "decay": String(decay), "dropout": String(dropout), "precision": precision.rawValue, "seed": String(seed),
        ]
        if let patience { params["patience"] = String(patience) }
        return params
    }
}

/// How a directive asks for a categorical column to be encoded: `encode="region:one-hot;
/// size:ordinal(small<medium<large)"`. The vocabulary is fitted on the training rows.
struct CategoricalRequest: Hashable, Sendable {
    var column: String
    var kind: CategoricalEncoding.Kind
    /// A declared order of an ordinal column's categories.
    var order: [String]?

    static let grammar = "COLUMN:one-hot or COLUMN:ordinal or COLUMN:ordinal(LOW<…<HIGH), separated by ';'"

    /// Parses the `encode=` text; nil or empty text is no request.
    static func parse(_ text: String?, option: OptionReference) throws -> [CategoricalRequest] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        var requests: [CategoricalRequest] = []
        for entry in text.split(separator: ";") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw DirectiveFailure("'\(trimmed)' is not \(grammar)", option: option)
            }
            let column = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            var how = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            var order: [String]?
            if let open = how.firstIndex(of: "("), how.hasSuffix(")") {
                order = how[how.index(after: open)..<how.index(before: how.endIndex)]
                    .split(separator: "<").map { $0.trimmingCharacters(in: .whitespaces) }
                how = how[..<open].trimmingCharacters(in: .whitespaces)
            }
            let kind: CategoricalEncoding.Kind
            switch how.lowercased() {
            case "one-hot", "onehot": kind = .oneHot
            case "ordinal": kind = .ordinal
            default:
                throw DirectiveFailure(
                    "'\(how)' is not an encoding of '\(column)'; use one-hot or ordinal (\(grammar))", option: option)
            }
            if order != nil, kind == .oneHot {
                throw DirectiveFailure(
                    "an order is for ordinal encoding; '\(column):one-hot' takes none", option: option)
            }
            if let order, order.isEmpty || order.contains(where: \.isEmpty) || Set(order).count != order.count {
                throw DirectiveFailure(
                    "the order of '\(column)' must name each category once, e.g. \(column):ordinal(low<mid<high)",
                    option: option)
            }
            guard !column.isEmpty, !requests.contains(where: { $0.column == column }) else {
                throw DirectiveFailure(
                    column.isEmpty ? "'\(trimmed)' names no column" : "'\(column)' is encoded twice", option: option)
            }
            requests.append(CategoricalRequest(column: column, kind: kind, order: order))
        }
        return requests
    }
}

/// The samples of an LSTM or GRU: windows of `lags` consecutive rows of the target and the
/// features (target first), each labelled with the target's next value, over the span where
/// every series has a value; the last `testFraction` of the windows, in time order, are the test set.
struct RecurrentSamples {
    /// The target's name, then the features'.
    var columns: [String]
    /// The months of the span the windows cover.
    var periods: [Month]
    var inputs: Neural.Tensor<Double>
    var targets: [Double]
    var testCount: Int
    var count: Int { targets.count }

    static func make(
        _ frame: TimeSeriesFrame, target: String, targetOption: OptionReference, features: [String],
        featuresOption: OptionReference, lags: Int, lagsOption: OptionReference, testFraction: Double,
        minimumTraining: Int
    ) throws -> RecurrentSamples {
        _ = try frame.requireIndex(of: target, option: targetOption)
        let sub = try frame.requireSeries([target] + features, option: featuresOption)
        let complete = sub.periods.indices.filter { r in sub.columns.allSatisfy { $0[r].isFinite } }
        guard let first = complete.first, let last = complete.last, complete.count == last - first + 1 else {
            throw DirectiveFailure(
                "the series have missing values inside the sample; prepare the data or choose sample=",
                option: targetOption)
        }
        let columns = sub.columns.map { Array($0[first...last]) }
        let samples = try neural {
            try Neural.slidingWindows(Matrix(columns: columns), length: lags, target: columns[0], horizon: 1)
        }
        let n = samples.targets.count
        let testCount = max(1, Int((Double(n) * testFraction).rounded()))
        guard n - testCount >= minimumTraining else {
            throw DirectiveFailure("too few samples (\(n)) for lags=\(lags)", option: lagsOption)
        }
        return RecurrentSamples(
            columns: [target] + features, periods: Array(sub.periods[first...last]), inputs: samples.inputs,
            targets: samples.targets, testCount: testCount)
    }

    /// Windows `range`, in order.
    func windows(_ range: Range<Int>) throws -> Neural.Tensor<Double> {
        let width = inputs.shape[1] * inputs.shape[2]
        return try neural {
            try Neural.Tensor(
                shape: [range.count, inputs.shape[1], inputs.shape[2]],
                scalars: Array(inputs.scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
        }
    }
}

/// A train/test split of a frame for supervised learning.
struct SupervisedData {
    var trainX: Matrix
    var trainY: [Double]
    var testX: Matrix
    var testY: [Double]
    /// The network's input columns (a one-hot encoded column gives one per category).
    var features: [String]
    /// The frame rows of the test samples, in order.
    var testRows: [Int]
    /// Every target's column (the first is `trainY`/`testY`), for networks with several outputs.
    var trainYs: [[Double]] = []
    var testYs: [[Double]] = []
    /// The encodings of categorical features, fitted on the training rows.
    var encodings: [CategoricalEncoding] = []

    /// Rows with any missing value are dropped; the test rows are a seeded random share
    /// (cross-sectional data) or the last share (dated data, no look-ahead).
    static func make(
        _ frame: TimeSeriesFrame, target: String, targetOption: OptionReference, features: [String]?,
        featuresOption: OptionReference, testFraction: Double, seed: UInt64,
        categorical: [CategoricalRequest] = [], inherited: [CategoricalEncoding]? = nil,
        encodeOption: OptionReference? = nil
    ) throws -> SupervisedData {
        try make(
            frame, targets: [target], targetOption: targetOption, features: features, featuresOption: featuresOption,
            testFraction: testFraction, seed: seed, categorical: categorical, inherited: inherited,
            encodeOption: encodeOption)
    }

    /// As `make`, with several target columns (the first is `trainY`/`testY`). Categorical
    /// features (declared in the data set, encoded as `categorical` asks) are encoded with a
    /// vocabulary fitted on the training rows only, or with `inherited` encodings (a model an
    /// update continues).
    static func make(
        _ frame: TimeSeriesFrame, targets: [String], targetOption: OptionReference, features: [String]?,
        featuresOption: OptionReference, testFraction: Double, seed: UInt64,
        categorical: [CategoricalRequest] = [], inherited: [CategoricalEncoding]? = nil,
        encodeOption: OptionReference? = nil
    ) throws -> SupervisedData {
        let encodeOption = encodeOption ?? featuresOption
        for request in categorical where frame.categories(named: request.column) == nil {
            let hint =
                frame.index(of: request.column) != nil
                ? "'\(request.column)' holds numbers; declare it in the data set's categorical = [\"\(request.column)\"] to read it as categories"
                : "no categorical column '\(request.column)'\(Suggestions.didYouMean(request.column, in: frame.categorical.map(\.name)))"
            throw DirectiveFailure(hint, option: encodeOption)
        }
        for target in targets where frame.categories(named: target) != nil {
            throw DirectiveFailure(
                "'\(target)' holds categories; a target must be a number (a class label 0, 1, … for classification)",
                option: targetOption)
        }
        let targetIndices = try targets.map { try frame.requireIndex(of: $0, option: targetOption) }
        let t = targetIndices[0]
        let featureNames =
            features ?? (frame.names.filter { !targets.contains($0) } + categorical.map(\.column))
        if let both = featureNames.first(where: targets.contains) {
            throw DirectiveFailure("'\(both)' is both a target and a feature", option: featuresOption)
        }
        let labelled = Set(frame.categorical.map(\.name))
        let encoded = Set(categorical.map(\.column))
        if let unencoded = featureNames.first(where: { labelled.contains($0) && !encoded.contains($0) }) {
            throw DirectiveFailure(
                "'\(unencoded)' holds categories; say how to encode it: encode=\"\(unencoded):one-hot\" or \"\(unencoded):ordinal\"",
                option: featuresOption)
        }
        if let unused = categorical.first(where: { !featureNames.contains($0.column) }) {
            throw DirectiveFailure(
                "'\(unused.column)' is encoded but not among the features (\(featureNames.joined(separator: ", ")))",
                option: encodeOption)
        }
        _ = try frame.requireSeries(featureNames.filter { !labelled.contains($0) }, option: featuresOption)
        /// A feature: a numeric column, or the labels of a categorical one.
        enum Source {
            case number([Double])
            case labels([String?], CategoricalRequest)
        }
        let sources: [Source] = featureNames.map { name in
            if let labels = frame.categories(named: name), let request = categorical.first(where: { $0.column == name })
            {
                return .labels(labels, request)
            }
            return .number(frame.column(named: name) ?? [])
        }
        let rows = frame.periods.indices.filter { r in
            targetIndices.allSatisfy { frame.columns[$0][r].isFinite }
                && sources.allSatisfy { source in
                    switch source {
                    case .number(let column): return column[r].isFinite
                    case .labels(let labels, _): return labels[r] != nil
                    }
                }
        }
        guard rows.count >= 10 else { throw DirectiveFailure("only \(rows.count) complete rows", option: targetOption) }
        var order = rows
        if frame.frequency == .rows {
            var rng = SplitMix64(state: seed)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        }
        let testCount = max(1, Int((Double(order.count) * testFraction).rounded()))
        let train = Array(order.dropLast(testCount)), test = Array(order.suffix(testCount))
        // Encodings see the training rows only.
        var encodings: [CategoricalEncoding] = []
        for case .labels(let labels, let request) in sources {
            if let inherited {
                guard let encoding = inherited.first(where: { $0.column == request.column && $0.kind == request.kind })
                else {
                    throw DirectiveFailure(
                        "the model this update continues does not encode '\(request.column)' as \(request.kind.rawValue)",
                        option: encodeOption)
                }
                encodings.append(encoding)
                continue
            }
            do {
                encodings.append(
                    try CategoricalEncoding.fit(
                        column: request.column, kind: request.kind, labels: train.compactMap { labels[$0] },
                        order: request.order))
            } catch let problem as CategoricalEncoding.Problem {
                throw DirectiveFailure(problem.description, option: encodeOption)
            }
        }
        func x(_ r: [Int], _ part: String) throws -> Matrix {
            try Matrix(
                rowMajor: try r.map { row in
                    var values: [Double] = []
                    var e = 0
                    for source in sources {
                        switch source {
                        case .number(let column): values.append(column[row])
                        case .labels(let labels, _):
                            do {
                                values += try encodings[e].encode(labels[row] ?? "")
                            } catch let problem as CategoricalEncoding.Problem {
                                throw DirectiveFailure(
                                    "\(problem.description) (\(part) row \(frame.label(frame.periods[row])))",
                                    option: encodeOption)
                            }
                            e += 1
                        }
                    }
                    return values
                })
        }
        return SupervisedData(
            trainX: try x(train, "training"), trainY: train.map { frame.columns[t][$0] },
            testX: try x(test, "test"), testY: test.map { frame.columns[t][$0] },
            features: encodings.expand(featureNames),
            testRows: test,
            trainYs: targetIndices.map { c in train.map { frame.columns[c][$0] } },
            testYs: targetIndices.map { c in test.map { frame.columns[c][$0] } }, encodings: encodings)
    }
}

/// Wraps engine errors as directive failures.
func neural<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as DirectiveFailure {
        throw failure
    } catch {
        throw DirectiveFailure("\(error)")
    }
}

/// The training curve of a history: the training loss by epoch and, where the training held out
/// a validation split, the validation loss, with the epoch whose weights were kept marked.
func trainingCurve(_ history: Neural.TrainingHistory, title: String?) -> Figure {
    let x = history.trainLoss.indices.map { Double($0 + 1) }
    var layers: [FigureLayer] = [
        .line(LineSeries(name: "training loss", x: x, y: history.trainLoss.map { $0 }, color: 0))
    ]
    let validated = !history.validationLoss.isEmpty
    if validated {
        layers.append(.line(LineSeries(name: "validation loss", x: x, y: history.validationLoss.map { $0 }, color: 1)))
    }
    var caption = validated ? "Training and validation loss by epoch" : "Training loss by epoch (no validation split)"
    if let best = history.bestEpoch, validated, history.restoredBest || history.stoppedEarly {
        layers.append(
            .scatter(
                ScatterSeries(name: "weights kept", x: [Double(best + 1)], y: [history.validationLoss[best]], color: 2))
        )
        caption += "; stopped early, the weights of epoch \(best + 1) kept"
    } else if history.stoppedEarly {
        caption += "; stopped early"
    }
    let panel = FigurePanel(
        title: title, xAxis: FigureAxis(label: "epoch"), yAxis: FigureAxis(label: "loss"), layers: layers)
    return Figure(caption: caption + ".", spec: FigureSpec(panels: [panel]))
}

/// The test set's actual values and predictions: over time for dated data, one against the other
/// (with the 45° line) for cross-sectional rows.
func predictionFigure(
    actual: [Double], predicted: [Double], periods: [Month], frequency: Frequency, target: String
) -> Figure {
    let panel: FigurePanel
    if frequency == .rows {
        let low = min(actual.min() ?? 0, predicted.min() ?? 0), high = max(actual.max() ?? 1, predicted.max() ?? 1)
        panel = FigurePanel(
            xAxis: FigureAxis(label: "actual \(target)"), yAxis: FigureAxis(label: "predicted"),
            layers: [
                .line(LineSeries(name: "45° line", x: [low, high], y: [low, high], style: .dashed, color: 7)),
                .scatter(ScatterSeries(name: "test samples", x: actual, y: predicted.map { $0 }, color: 0)),
            ])
        return Figure(
            caption: "Predicted against actual \(target) on the test set.", spec: FigureSpec(panels: [panel]))
    }
    let x = periods.map(\.decimalYear)
    panel = FigurePanel(
        xAxis: FigureAxis(scale: frequency == .monthly ? .monthly : .quarterly), yAxis: FigureAxis(label: target),
        layers: [
            .line(LineSeries(name: "actual", x: x, y: actual.map { $0 }, color: 0)),
            .line(LineSeries(name: "predicted", x: x, y: predicted.map { $0 }, style: .dashed, color: 1)),
        ])
    let span = periods.first.map { "\($0)..\(periods.last ?? $0)" } ?? ""
    return Figure(
        caption: "Actual and predicted \(target) on the test set, \(span) (one step ahead).",
        spec: FigureSpec(panels: [panel]))
}

/// A classification report as table rows (`metrics`, `images train`): class, precision, recall,
/// F1 and support for each class (named by `names`), then the macro and weighted averages under
/// `averageNames`, with an accuracy row before them when `accuracyRow` is true (scikit-learn's layout).
func classificationReportRows<L: Hashable & Comparable & Sendable>(
    _ report: ClassificationReport<L>, names: [String], averageNames: (macro: String, weighted: String),
    accuracyRow: Bool
) -> [[TableCell]] {
    func row(_ name: String, _ s: ClassificationReport<L>.Scores, _ support: Int) -> [TableCell] {
        [
            .text(name), .number(s.precision, format: ".3f"), .number(s.recall, format: ".3f"),
            .number(s.f1, format: ".3f"), .integer(support),
        ]
    }
    let total = report.support.reduce(0, +)
    var rows = report.perClass.indices.map { row(names[$0], report.perClass[$0], report.support[$0]) }
    if accuracyRow {
        rows.append([.text("Accuracy"), .text(""), .text(""), .number(report.accuracy, format: ".3f"), .integer(total)])
    }
    rows.append(row(averageNames.macro, report.macro, total))
    rows.append(row(averageNames.weighted, report.weighted, total))
    return rows
}

/// The confusion matrix of the test set (rows actual, columns predicted), as `metrics` draws it.
func confusionFigure(actual: [Int], predicted: [Int]) throws -> Figure {
    let report = try neural { try ClassificationMetrics.report(actual: actual, predicted: predicted) }
    return confusionFigure(
        labels: report.confusion.labels.map(String.init), counts: report.confusion.counts,
        caption: "Confusion matrix of the test set (rows: actual, columns: predicted).")
}

/// A confusion matrix as a heatmap of counts, rows actual and columns predicted (`metrics` and
/// `nn train`).
func confusionFigure(labels: [String], counts: [[Int]], caption: String) -> Figure {
    let heatmap = Heatmap(
        rows: labels, columns: labels, values: counts.map { $0.map { Double($0) } }, scale: .sequential,
        showValues: labels.count <= 15, valueFormat: ",d", colorBarLabel: "count")
    let panel = FigurePanel(
        xAxis: FigureAxis(label: "predicted"), yAxis: FigureAxis(label: "actual"), layers: [.heatmap(heatmap)])
    let side = min(FigureSpec.fullWidth, max(240, 100 + 26 * Double(labels.count)))
    return Figure(caption: caption, spec: FigureSpec(height: side, panels: [panel], legend: .none))
}
