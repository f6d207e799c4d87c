import ThesisData
import ThesisDocument

/// `<<data provenance data=fredmd>>`: where a data set comes from — its file, size of the table,
/// span and the SHA-256 of the file's bytes, as the cache key and the manifest record them.
public enum DataProvenance: Directive {
    public static let kind = "data provenance"
    public static let abstract = "the file, span and SHA-256 of data sets, as recorded in the cache key and manifest"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]
    public static let options: [OptionSpec] = [
        OptionSpec("data", .data, required: true, "a declared data set"),
        OptionSpec("also", .data, "a second data set"),
        OptionSpec("third", .data, "a third data set"),
    ]

    public static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult {
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        for option in ["data", "also", "third"] {
            guard let frame = context.data[option], let name = options.string(option) else { continue }
            let hash = context.inputHashes[option] ?? "(a result, not a file)"
            let span = frame.span.map { frame.describe($0) } ?? "–"
            rows.append([.text(name), .text(context.inputPaths[option] ?? "–"), .integer(frame.names.count), .integer(frame.periods.count),
                         .text(span), .text(String(hash.prefix(16)) + (hash.count > 16 ? "…" : ""))])
            scalars["\(name).sha256"] = .text(hash)
            scalars["\(name).series"] = .number(Double(frame.names.count))
            scalars["\(name).periods"] = .number(Double(frame.periods.count))
        }
        let table = ResultTable(columns: [TableColumn("Data set"), TableColumn("File"), TableColumn("Series", alignment: .right),
                                          TableColumn("Rows", alignment: .right), TableColumn("Span"), TableColumn("SHA-256")],
                                rows: rows, notes: ["The SHA-256 of each file's bytes enters the cache key of every directive that reads it and is recorded in reports/manifest.json; thesis verify checks it."])
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
