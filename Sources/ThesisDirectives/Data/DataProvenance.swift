import ThesisData
import ThesisDocument

/// `<<data provenance data=fredmd>>`: where a data set comes from — its file, size of the table,
/// span and the SHA-256 of the file's bytes, as the cache key and the manifest record them.
public enum DataProvenance: Directive {
    public static let kind = "data provenance"
    public static let abstract = "the file, span and SHA-256 of data sets, as recorded in the cache key and manifest"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("a declared data set") var data: DataName
        @Option("a second data set") var also: DataName?
        @Option("a third data set") var third: DataName?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        let given: [(DataName?, OptionReference)] = [
            (arguments.data, arguments.$data), (arguments.also, arguments.$also),
            (arguments.third, arguments.$third),
        ]
        for case let (data?, option) in given {
            let name = data.name
            let frame = try context.frame(option)
            let hash = context.inputHashes[option.name] ?? "(a result, not a file)"
            let span = frame.span.map { frame.describe($0) } ?? "–"
            rows.append([
                .text(name), .text(context.inputPaths[option.name] ?? "–"), .integer(frame.names.count),
                .integer(frame.periods.count),
                .text(span), .text(String(hash.prefix(16)) + (hash.count > 16 ? "…" : "")),
            ])
            scalars["\(name).sha256"] = .text(hash)
            scalars["\(name).series"] = .number(Double(frame.names.count))
            scalars["\(name).periods"] = .number(Double(frame.periods.count))
        }
        let table = ResultTable(
            columns: [
                TableColumn("Data set"), TableColumn("File"), TableColumn("Series", alignment: .right),
                TableColumn("Rows", alignment: .right), TableColumn("Span"), TableColumn("SHA-256"),
            ],
            rows: rows,
            notes: [
                "The SHA-256 of each file's bytes enters the cache key of every directive that reads it and is "
                    + "recorded in reports/manifest.json; thesis verify checks it."
            ])
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
