import Foundation
import ThesisDocument

/// `<<model register of=lstm name=unemployment alias=champion>>`: the model an `nn train`
/// result saved becomes a version of `name` in the project's registry (and `alias` points at it),
/// at every build; the table says which model it is and how it scored.
public enum ModelRegister: Directive {
    public static let kind = "model register"
    public static let abstract =
        "register the model an nn train result saved under a name (and alias) in the project's registry"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("the id of a result that saved a model (nn train)") var of: ResultName
        @Option("the registered name: a letter, then letters, digits, '_', '-' or '.' (at most 64)") var name: String
        @Option("an alias pointed at this version, e.g. champion or challenger") var alias: String?
        public init() {}
    }

    /// The metrics the table shows, in order, with their labels and formats.
    static let shownMetrics: [(key: String, label: String, format: String)] = [
        ("rmse", "RMSE (test)", ".4f"), ("mae", "MAE (test)", ".4f"), ("r2", "R² (test)", ".4f"),
        ("accuracy", "Accuracy (test)", ".2%"), ("epochs", "Epochs", ".0f"),
    ]

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        guard valid(arguments.name) else {
            throw DirectiveFailure(
                "'\(arguments.name)' is not a valid model name: use a letter, then letters, digits, '_', '-' or '.' (at most 64)",
                option: arguments.$name)
        }
        if let alias = arguments.alias {
            guard valid(alias), Int(alias) == nil else {
                throw DirectiveFailure(
                    "'\(alias)' is not a valid alias: use a letter, then letters, digits, '_', '-' or '.' (at most 64)",
                    option: arguments.$alias)
            }
        }
        let source = try context.result(arguments.$of)
        guard let model = source.model, !model.id.isEmpty else {
            throw DirectiveFailure(
                "'\(arguments.of)' saved no model; of= names an nn train result", option: arguments.$of)
        }
        let reference = arguments.name + (arguments.alias.map { "@" + $0 } ?? "")
        var rows: [[TableCell]] = [
            [.text("Registered as"), .text(reference)],
            [.text("Model"), .text(String(model.id.prefix(12)))],
            [.text("Kind"), .text(model.kind)],
        ]
        for metric in shownMetrics {
            if let value = source.scalars[metric.key]?.number {
                rows.append([.text(metric.label), .number(value, format: metric.format)])
            }
        }
        let table = ResultTable(
            caption: "The model registered as \(reference).",
            columns: [TableColumn("Measure"), TableColumn("Value", alignment: .right)], rows: rows,
            notes: ["Model: the first 12 characters of the SHA-256 of its file in .thesis/models."])
        return DirectiveResult(
            content: [.table(table)], scalars: ["model_id": .text(model.id), "name": .text(arguments.name)],
            registration: ModelRegistration(name: arguments.name, alias: arguments.alias, modelID: model.id))
    }

    /// Whether `name` is a valid registered name or alias.
    static func valid(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        guard let first = name.first else { return false }
        return first.isLetter && first.isASCII && name.count <= 64 && name.allSatisfy { allowed.contains($0) }
    }
}
