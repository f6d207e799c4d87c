import ThesisData
import ThesisDocument
import ThesisModels

/// `<<metrics data=preds actual=y predicted=yhat task=regression>>`: accuracy metrics of predictions
/// made elsewhere, matching scikit-learn. Regression: RMSE, MAE, MAPE, R². Classification: accuracy,
/// precision/recall/F1 per class with macro and weighted averages, the confusion matrix, and with a
/// score column ROC AUC and log loss (binary: the score is the probability of the larger label).
public enum MetricsDirective: Directive {
    public static let kind = "metrics"
    public static let abstract = "regression or classification metrics of two columns (scikit-learn definitions)"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table, .figure]
    public struct Arguments: DirectiveArguments {
        @Option("the data set or id holding the columns") var data: DataName
        @Option("column of actual values (or labels)") var actual: String
        @Option("column of predictions (or predicted labels)") var predicted: String
        @Option("kind of prediction") var task = TaskKind.regression
        @Option("classification: column with the probability of the positive (larger) class, for ROC AUC and log loss")
        var score: String?
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try context.frame(arguments.$data).cut(to: arguments.sample, option: arguments.$sample)
        func column(_ name: String, _ option: OptionReference) throws -> [Double] {
            frame.columns[try frame.requireIndex(of: name, option: option)]
        }
        let actual = try column(arguments.actual, arguments.$actual)
        let predicted = try column(arguments.predicted, arguments.$predicted)
        let score = try arguments.score.map { try column($0, arguments.$score) }
        // Rows with a missing value in any column used are left out (and counted).
        let rows = actual.indices.filter {
            actual[$0].isFinite && predicted[$0].isFinite && (score?[$0].isFinite ?? true)
        }
        guard !rows.isEmpty else {
            throw DirectiveFailure("no row has both an actual and a predicted value", option: arguments.$actual)
        }
        let y = rows.map { actual[$0] }, f = rows.map { predicted[$0] }
        let dropped = actual.count - rows.count
        do {
            if arguments.task == .classification {
                return try classification(y, f, score: score.map { s in rows.map { s[$0] } }, dropped: dropped)
            }
            return try regression(y, f, dropped: dropped)
        } catch let error as MetricsError {
            throw DirectiveFailure(error.description)
        }
    }

    static func regression(_ y: [Double], _ f: [Double], dropped: Int) throws -> DirectiveResult {
        let values: [(String, String, Double, String)] = [
            ("RMSE", "rmse", try RegressionMetrics.rootMeanSquaredError(actual: y, predicted: f), ".4f"),
            ("MAE", "mae", try RegressionMetrics.meanAbsoluteError(actual: y, predicted: f), ".4f"),
            ("MAPE", "mape", try RegressionMetrics.meanAbsolutePercentageError(actual: y, predicted: f), ".2%"),
            ("R²", "r2", try RegressionMetrics.r2(actual: y, predicted: f), ".4f"),
        ]
        let table = ResultTable(
            columns: [TableColumn("Metric"), TableColumn("Value", alignment: .right)],
            rows: values.map { [.text($0.0), .number($0.2, format: $0.3)] },
            notes: [
                "\(y.count) observations\(dropped > 0 ? " (\(dropped) with missing values left out)" : ""); "
                    + "scikit-learn definitions (MAPE as a fraction of |actual|)."
            ])
        var scalars = Dictionary(uniqueKeysWithValues: values.map { ($0.1, Scalar.number($0.2)) })
        scalars["n"] = .number(Double(y.count))
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }

    static func classification(_ y: [Double], _ f: [Double], score: [Double]?, dropped: Int) throws -> DirectiveResult {
        // Labels are whole numbers in the data; compare them as integers.
        let actual = y.map { Int($0.rounded()) }, predicted = f.map { Int($0.rounded()) }
        let report = try ClassificationMetrics.report(actual: actual, predicted: predicted)
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = ["accuracy": .number(report.accuracy), "n": .number(Double(y.count))]
        for (k, label) in report.labels.enumerated() {
            let s = report.perClass[k]
            rows.append([
                .text(String(label)), .number(s.precision, format: ".3f"), .number(s.recall, format: ".3f"),
                .number(s.f1, format: ".3f"), .integer(report.support[k]),
            ])
            scalars["\(label).precision"] = .number(s.precision)
            scalars["\(label).recall"] = .number(s.recall)
            scalars["\(label).f1"] = .number(s.f1)
        }
        let total = report.support.reduce(0, +)
        for (name, s) in [("macro avg", report.macro), ("weighted avg", report.weighted)] {
            rows.append([
                .text(name), .number(s.precision, format: ".3f"), .number(s.recall, format: ".3f"),
                .number(s.f1, format: ".3f"), .integer(total),
            ])
            let key = name.hasPrefix("macro") ? "macro" : "weighted"
            scalars["\(key).precision"] = .number(s.precision)
            scalars["\(key).recall"] = .number(s.recall)
            scalars["\(key).f1"] = .number(s.f1)
        }
        var notes = [
            "Accuracy \(ValueFormat.format(report.accuracy, spec: ".2%")) on \(y.count) "
                + "observations\(dropped > 0 ? " (\(dropped) with missing values left out)" : ""); scikit-learn "
                + "definitions, 0 where a ratio is 0/0."
        ]
        if let score {
            let labels = report.labels
            if labels.count == 2 {
                let positive = actual.map { $0 == labels[1] }
                let auc = try ClassificationMetrics.rocAUC(positive: positive, scores: score)
                let loss = try ClassificationMetrics.logLoss(actual: actual, positiveProbabilities: score)
                scalars["roc_auc"] = .number(auc)
                scalars["log_loss"] = .number(loss)
                notes.append(
                    "ROC AUC \(ValueFormat.format(auc, spec: ".4f")), log loss "
                        + "\(ValueFormat.format(loss, spec: ".4f")) (score = probability of class \(labels[1]))."
                )
            } else {
                notes.append(
                    "ROC AUC and log loss need two classes and one score column; this task has \(labels.count) classes."
                )
            }
        }
        let metricsTable = ResultTable(
            caption: "Precision, recall and F1 by class.",
            columns: [
                TableColumn("Class"), TableColumn("Precision", alignment: .right),
                TableColumn("Recall", alignment: .right),
                TableColumn("F1", alignment: .right), TableColumn("Support", alignment: .right),
            ],
            rows: rows, notes: notes)
        let figure = confusionFigure(
            labels: report.confusion.labels.map(String.init), counts: report.confusion.counts,
            caption: "Confusion matrix (rows: actual, columns: predicted).")
        return DirectiveResult(content: [.table(metricsTable), .figure(figure)], scalars: scalars)
    }
}
