import Foundation
import ThesisDocument
import ThesisModels

/// `<<images roc of=cnn>>`: one-vs-rest ROC curves of an `images train` result's test images, one
/// per class, with each class's AUC in the legend and the chance line (scikit-learn's `roc_curve`
/// and `roc_auc_score` on the same probabilities).
public enum ImagesROC: Directive {
    public static let kind = "images roc"
    public static let abstract = "one-vs-rest ROC curves and AUCs of an image classifier's test images"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @Option("the id of an images train result") var of: ResultName
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let record = try ImageTrainingRecord.decode(try context.result(arguments.$of), option: arguments.$of)
        var layers: [FigureLayer] = [
            .line(LineSeries(name: "chance", x: [0, 1], y: [0, 1], style: .dashed, color: 7))
        ]
        var scalars: [String: Scalar] = [:]
        var aucs: [Double] = []
        for (k, name) in record.classes.enumerated() {
            let positive = record.actual.map { $0 == k }
            guard positive.contains(true), positive.contains(false) else { continue }
            let scores = record.probabilities.map { $0[k] }
            let curve = try neural { try ClassificationMetrics.rocCurve(positive: positive, scores: scores) }
            let auc = try neural { try ClassificationMetrics.rocAUC(positive: positive, scores: scores) }
            aucs.append(auc)
            scalars["auc.\(name)"] = .number(auc)
            layers.append(
                .line(
                    LineSeries(
                        name: "\(name) (AUC \(ValueFormat.format(auc, spec: ".3f")))", x: curve.falsePositiveRate,
                        y: curve.truePositiveRate.map { $0 }, color: k % 7)))
        }
        guard !aucs.isEmpty else {
            throw DirectiveFailure(
                "the test images of '\(arguments.of.name)' do not hold two classes", option: arguments.$of)
        }
        let macro = aucs.reduce(0, +) / Double(aucs.count)
        scalars["macro_auc"] = .number(macro)
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "false positive rate", minimum: 0, maximum: 1),
            yAxis: FigureAxis(label: "true positive rate", minimum: 0, maximum: 1), layers: layers)
        let figure = Figure(
            caption:
                "ROC curves of each class against the rest on the \(record.actual.count) test images; macro-average AUC "
                + "\(ValueFormat.format(macro, spec: ".3f")).",
            spec: FigureSpec(panels: [panel], legend: .lowerRight))
        return DirectiveResult(content: [.figure(figure)], scalars: scalars)
    }
}
