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
    public static let version = 2  // 2: a normalised confusion matrix; scores= for curves
    public static let outputs: Set<OutputKind> = [.table, .figure]
    public struct Arguments: DirectiveArguments {
        @Option("the data set or id holding the columns") var data: DataName
        @Option("column of actual values (or labels)") var actual: String
        @Option("column of predictions (or predicted labels)") var predicted: String
        @Option("kind of prediction") var task = TaskKind.regression
        @Option("classification: column with the probability of the positive (larger) class, for ROC AUC and log loss")
        var score: String?
        @Option(
            "classification: one score column per class, in the order of the sorted labels (e.g. p_0,p_1,p_2 of nn train): ROC and precision-recall curves one-vs-rest, AUC and average precision per class and macro, log loss"
        )
        var scores: [String]?
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
        let scoreColumns = try (arguments.scores ?? []).map { try column($0, arguments.$scores) }
        if arguments.score != nil, arguments.scores != nil {
            throw DirectiveFailure(
                "give score= (binary) or scores= (one column per class), not both", option: arguments.$scores)
        }
        // Rows with a missing value in any column used are left out (and counted).
        let rows = actual.indices.filter { r in
            actual[r].isFinite && predicted[r].isFinite && (score?[r].isFinite ?? true)
                && scoreColumns.allSatisfy { $0[r].isFinite }
        }
        guard !rows.isEmpty else {
            throw DirectiveFailure("no row has both an actual and a predicted value", option: arguments.$actual)
        }
        let y = rows.map { actual[$0] }, f = rows.map { predicted[$0] }
        let dropped = actual.count - rows.count
        do {
            if arguments.task == .classification {
                var result = try classification(y, f, score: score.map { s in rows.map { s[$0] } }, dropped: dropped)
                if !scoreColumns.isEmpty {
                    try addCurves(
                        &result, actual: y.map { Int($0.rounded()) },
                        scores: rows.map { r in scoreColumns.map { $0[r] } }, names: arguments.scores ?? [],
                        option: arguments.$scores)
                }
                return result
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
        let rows = classificationReportRows(
            report, names: report.labels.map(String.init), averageNames: ("macro avg", "weighted avg"),
            accuracyRow: false)
        var scalars: [String: Scalar] = ["accuracy": .number(report.accuracy), "n": .number(Double(y.count))]
        for (key, s) in zip(report.labels.map(String.init), report.perClass) + [
            ("macro", report.macro), ("weighted", report.weighted),
        ] {
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
        let normalised = normalisedConfusionFigure(
            labels: report.confusion.labels.map(String.init), counts: report.confusion.counts)
        return DirectiveResult(content: [.table(metricsTable), .figure(figure), .figure(normalised)], scalars: scalars)
    }

    /// The confusion matrix with each row divided by its total (`confusion_matrix(normalize="true")`):
    /// the share of each actual class predicted as each class; the diagonal is the recall.
    static func normalisedConfusionFigure(labels: [String], counts: [[Int]]) -> Figure {
        let shares = counts.map { row -> [Double?] in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? Double($0) / Double(total) : nil }
        }
        let heatmap = Heatmap(
            rows: labels, columns: labels, values: shares, scale: .sequential, showValues: labels.count <= 15,
            valueFormat: ".2f", colorBarLabel: "share of the actual class")
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "predicted"), yAxis: FigureAxis(label: "actual"), layers: [.heatmap(heatmap)])
        let side = min(FigureSpec.fullWidth, max(240, 100 + 26 * Double(labels.count)))
        return Figure(
            caption:
                "Confusion matrix normalised by the actual class (rows sum to 1; the diagonal is each class's recall).",
            spec: FigureSpec(height: side, panels: [panel], legend: .none))
    }

    /// One-vs-rest ROC and precision-recall curves from one score column per class: AUC and average
    /// precision per class and their macro averages (scikit-learn's `roc_auc_score(multi_class="ovr")`
    /// and `average_precision_score` on the binarised labels), and the log loss.
    static func addCurves(
        _ result: inout DirectiveResult, actual: [Int], scores: [[Double]], names: [String], option: OptionReference
    ) throws {
        let labels = Array(Set(actual)).sorted()
        guard labels.count >= 2 else {
            throw DirectiveFailure(
                "ROC curves need at least two classes; the data have \(labels.count)", option: option)
        }
        guard names.count == labels.count else {
            throw DirectiveFailure(
                "scores= names \(names.count) columns; the data have \(labels.count) classes "
                    + "(\(labels.map(String.init).joined(separator: ", "))): give one score column per class, in that order",
                option: option)
        }
        var roc: [FigureLayer] = [.line(LineSeries(name: "chance", x: [0, 1], y: [0, 1], style: .dotted, color: 7))]
        var pr: [FigureLayer] = []
        var aucs: [Double] = [], precisions: [Double] = []
        for (k, label) in labels.enumerated() {
            let positive = actual.map { $0 == label }, column = scores.map { $0[k] }
            let curve = try ClassificationMetrics.rocCurve(positive: positive, scores: column)
            let auc = try ClassificationMetrics.rocAUC(positive: positive, scores: column)
            let precision = try ClassificationMetrics.precisionRecallCurve(positive: positive, scores: column)
            let ap = try ClassificationMetrics.averagePrecision(positive: positive, scores: column)
            aucs.append(auc)
            precisions.append(ap)
            result.scalars["\(label).roc_auc"] = .number(auc)
            result.scalars["\(label).average_precision"] = .number(ap)
            roc.append(
                .line(
                    LineSeries(
                        name: "\(label) (AUC \(ValueFormat.format(auc, spec: ".3f")))", x: curve.falsePositiveRate,
                        y: curve.truePositiveRate, color: k)))
            pr.append(
                .line(
                    LineSeries(
                        name: "\(label) (AP \(ValueFormat.format(ap, spec: ".3f")))", x: precision.recall,
                        y: precision.precision, color: k)))
        }
        let macroAUC = try ClassificationMetrics.rocAUCOneVsRest(actual: actual, scores: scores)
        let macroAP = NumpySummation.mean(precisions)
        let loss = try ClassificationMetrics.logLoss(actual: actual, probabilities: scores)
        result.scalars["roc_auc"] = .number(macroAUC)
        result.scalars["average_precision"] = .number(macroAP)
        result.scalars["log_loss"] = .number(loss)
        let legend: LegendPosition = labels.count > 6 ? .right : .lowerRight
        result.content.append(
            .figure(
                Figure(
                    caption:
                        "ROC curves, one class against the rest (macro AUC \(ValueFormat.format(macroAUC, spec: ".3f"))).",
                    spec: FigureSpec(
                        height: 300,
                        panels: [
                            FigurePanel(
                                xAxis: FigureAxis(label: "false positive rate", minimum: 0, maximum: 1),
                                yAxis: FigureAxis(label: "true positive rate", minimum: 0, maximum: 1), layers: roc)
                        ], legend: legend))))
        result.content.append(
            .figure(
                Figure(
                    caption:
                        "Precision-recall curves, one class against the rest (macro average precision \(ValueFormat.format(macroAP, spec: ".3f"))).",
                    spec: FigureSpec(
                        height: 300,
                        panels: [
                            FigurePanel(
                                xAxis: FigureAxis(label: "recall", minimum: 0, maximum: 1),
                                yAxis: FigureAxis(label: "precision", minimum: 0, maximum: 1), layers: pr)
                        ], legend: legend))))
        if case .table(var table) = result.content.first {
            table.notes.append(
                "One-vs-rest ROC AUC: macro \(ValueFormat.format(macroAUC, spec: ".4f")); average precision: macro "
                    + "\(ValueFormat.format(macroAP, spec: ".4f")); log loss \(ValueFormat.format(loss, spec: ".4f")) "
                    + "(scores \(names.joined(separator: ", "))).")
            result.content[0] = .table(table)
        }
    }
}
