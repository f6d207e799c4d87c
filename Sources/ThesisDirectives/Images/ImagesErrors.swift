import Foundation
import ThesisDocument
import ThesisModels

/// `<<images errors of=cnn count=12>>`: a grid of the test images an `images train` result
/// misclassified, each titled with its true and predicted class and the predicted class's probability.
public enum ImagesErrors: Directive {
    public static let kind = "images errors"
    public static let abstract =
        "a grid of the test images an image classifier got wrong, with true and predicted labels"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @Option("the id of an images train result") var of: ResultName
        @Option(.range(1...64), "images shown at most (the first misclassified, in test order)") var count = 12
        @Option(.range(1...8), "images per row") var columns = 4
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let record = try ImageTrainingRecord.decode(try context.result(arguments.$of), option: arguments.$of)
        let shown = Array(record.mistakes.prefix(arguments.count))
        let scalars: [String: Scalar] = [
            "errors": .number(Double(record.mistakeCount)), "shown": .number(Double(shown.count)),
        ]
        guard !shown.isEmpty else {
            return DirectiveResult(
                content: [
                    .text(
                        "The classifier labelled all \(record.actual.count) test images correctly; there is no error to show."
                    )
                ],
                scalars: scalars)
        }
        let panels = shown.map { m in
            picturePanel(
                m.grey.map { Double($0) / 255 }, width: m.width, height: m.height,
                title:
                    "\(record.classes[m.actual]) → \(record.classes[m.predicted]) (\(ValueFormat.format(m.probability, spec: ".2f")))"
            )
        }
        let columns = min(arguments.columns, shown.count)
        let rows = (shown.count + columns - 1) / columns
        let cell = FigureSpec.fullWidth / Double(columns)
        let caption =
            "\(shown.count == record.mistakeCount ? "All \(shown.count)" : "The first \(shown.count) of \(record.mistakeCount)") "
            + "misclassified test images, each titled true → predicted class (the predicted class's probability)."
        let figure = Figure(
            caption: caption,
            spec: FigureSpec(height: Double(rows) * (cell + 18), panels: panels, columns: columns, legend: .none))
        return DirectiveResult(content: [.figure(figure)], scalars: scalars)
    }
}
