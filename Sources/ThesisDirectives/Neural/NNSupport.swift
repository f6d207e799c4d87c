import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// Options shared by the neural-network directives (`nn train`, `nn tune`, and the network
/// models of `forecast evaluate`).
enum NNOptions {
    static let network: [OptionSpec] = [
        OptionSpec("model", .choice(["mlp", "lstm", "gru"]), default: .word("mlp"), "network: multilayer perceptron, LSTM or GRU"),
        OptionSpec("hidden", .names, default: .list([.integer(100)]), "units per hidden layer, e.g. 100 or 64,32"),
        OptionSpec("activation", .choice(["relu", "tanh", "sigmoid", "gelu"]), default: .word("relu"), "MLP hidden activation"),
        OptionSpec("epochs", .integer(min: 1, max: 10_000), default: .integer(200), "maximum passes over the training data"),
        OptionSpec("batch", .integer(min: 1, max: 100_000), default: .integer(200), "mini-batch size"),
        OptionSpec("lr", .number(min: 1e-7, max: 10), default: .number(0.001), "learning rate"),
        OptionSpec("optimizer", .choice(["adam", "adamw", "sgd"]), default: .word("adam"), "update rule"),
        OptionSpec("decay", .number(min: 0, max: 1), default: .number(0), "weight decay (L2; decoupled for adamw)"),
        OptionSpec("dropout", .number(min: 0, max: 0.9), default: .number(0), "dropout rate after each hidden layer"),
        OptionSpec("patience", .integer(min: 1, max: 1000), "early stopping on a validation split after this many epochs without improvement"),
        OptionSpec("clip", .number(min: 0.001, max: 1000), "clip gradients to this global norm"),
        OptionSpec("precision", .choice(["float64", "float32"]), default: .word("float64"), "arithmetic precision"),
        OptionSpec("seed", .integer(min: 0, max: nil), default: .integer(0), "random seed (initialisation, shuffling, dropout)"),
    ]

    /// Model options from the shared option names (`hidden` may be overridden, for searches).
    static func modelOptions(_ options: ResolvedOptions, recurrent: Bool) throws -> Neural.ModelOptions {
        let hidden = try (options.names("hidden") ?? ["100"]).map { text -> Int in
            guard let units = Int(text), units >= 1, units <= 4096 else { throw DirectiveFailure("hidden sizes are whole numbers 1…4096, got '\(text)'", option: "hidden") }
            return units
        }
        let optimizer: Neural.OptimizerKind = {
            switch options.string("optimizer") {
            case "sgd": return .sgd
            case "adamw": return .adamW
            default: return .adam
            }
        }()
        return Neural.ModelOptions(hiddenSizes: hidden, activation: Neural.Activation(rawValue: options.string("activation") ?? "relu") ?? .relu,
                                   epochs: options.int("epochs") ?? 200, batchSize: options.int("batch") ?? (recurrent ? 32 : 200),
                                   learningRate: options.double("lr") ?? 1e-3, optimizer: optimizer,
                                   weightDecay: options.double("decay") ?? 0, dropout: options.double("dropout") ?? 0,
                                   patience: options.int("patience"), clipNorm: options.double("clip"),
                                   seed: UInt64(options.int("seed") ?? 0),
                                   precision: options.string("precision") == "float32" ? .float32 : .float64)
    }

    /// Run parameters for the experiment store.
    static func parameters(_ options: ResolvedOptions, names: [String]) -> [String: String] {
        var params: [String: String] = [:]
        func plain(_ value: ArgumentValue) -> String {
            switch value {
            case .string(let s), .word(let s): return s
            case .list(let items): return items.map(plain).joined(separator: ",")
            default: return value.description
            }
        }
        for name in names { if let value = options.values[name] { params[name] = plain(value) } }
        return params
    }
}

/// A train/test split of a frame for supervised learning.
struct SupervisedData {
    var trainX: Matrix
    var trainY: [Double]
    var testX: Matrix
    var testY: [Double]
    var features: [String]

    /// Rows with any missing value are dropped; the test rows are a seeded random share
    /// (cross-sectional data) or the last share (dated data, no look-ahead).
    static func make(_ frame: TimeSeriesFrame, target: String, features: [String]?, testFraction: Double, seed: UInt64) throws -> SupervisedData {
        guard let t = frame.index(of: target) else { _ = try frame.requireSeries([target], option: "target"); throw DirectiveFailure("") }
        let featureNames = features ?? frame.names.filter { $0 != target }
        _ = try frame.requireSeries(featureNames, option: "features")
        let columns = featureNames.compactMap { frame.index(of: $0) }
        let rows = frame.periods.indices.filter { r in frame.columns[t][r].isFinite && columns.allSatisfy { frame.columns[$0][r].isFinite } }
        guard rows.count >= 10 else { throw DirectiveFailure("only \(rows.count) complete rows", option: "target") }
        var order = rows
        if frame.frequency == .rows {
            var rng = SplitMix64(state: seed)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        }
        let testCount = max(1, Int((Double(order.count) * testFraction).rounded()))
        let train = Array(order.dropLast(testCount)), test = Array(order.suffix(testCount))
        func x(_ r: [Int]) throws -> Matrix { try Matrix(rowMajor: r.map { row in columns.map { frame.columns[$0][row] } }) }
        return SupervisedData(trainX: try x(train), trainY: train.map { frame.columns[t][$0] },
                              testX: try x(test), testY: test.map { frame.columns[t][$0] }, features: featureNames)
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

/// A training-curve figure from a history.
func trainingCurve(_ history: Neural.TrainingHistory, title: String?) -> Figure {
    let x = history.trainLoss.indices.map { Double($0 + 1) }
    var layers: [FigureLayer] = [.line(LineSeries(name: "training loss", x: x, y: history.trainLoss.map { $0 }, color: 0))]
    if !history.validationLoss.isEmpty {
        layers.append(.line(LineSeries(name: "validation loss", x: x, y: history.validationLoss.map { $0 }, color: 1)))
    }
    let panel = FigurePanel(title: title, xAxis: FigureAxis(label: "epoch"), yAxis: FigureAxis(label: "loss"), layers: layers)
    return Figure(caption: "Training and validation loss by epoch\(history.stoppedEarly ? "; stopped early, best epoch \((history.bestEpoch ?? 0) + 1)" : "").", spec: FigureSpec(panels: [panel]))
}
