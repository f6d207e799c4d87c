import ThesisData
import ThesisDocument

/// `<<data describe data=macro series=a,b sample=1990-01..2019-12>>`: a table with one row per
/// series (first and last observation, count, missing, mean, standard deviation, min, max,
/// transformation code when known). Scalars: `SERIES.mean`, `.sd`, `.min`, `.max`, `.obs`,
/// `.missing`, `.first`, `.last`.
public enum DataDescribe: Directive {
    public static let kind = "data describe"
    public static let abstract = "summary statistics of each series of a data set"
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to describe (default: all)") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option(.range(0...10), "decimals shown in the table") var digits = 3
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: arguments.series,
            seriesOption: arguments.$series)
        let summaries = frame.summaries()
        let format = ".\(arguments.digits)f"
        let showCodes = summaries.contains { $0.transformCode != nil }
        var columns = [
            TableColumn("Series"), TableColumn("First"), TableColumn("Last"),
            TableColumn("Obs.", alignment: .right), TableColumn("Missing", alignment: .right),
            TableColumn("Mean", alignment: .right), TableColumn("SD", alignment: .right),
            TableColumn("Min", alignment: .right), TableColumn("Max", alignment: .right),
        ]
        if showCodes { columns.append(TableColumn("Code", alignment: .right)) }
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        func number(_ v: Double) -> TableCell { v.isFinite ? .number(v, format: format) : .missing }
        for s in summaries {
            var row: [TableCell] = [
                .text(s.name), s.first.map { .text(frame.label($0)) } ?? .missing,
                s.last.map { .text(frame.label($0)) } ?? .missing,
                .integer(s.observations), .integer(s.missing),
                number(s.mean), number(s.standardDeviation), number(s.minimum), number(s.maximum),
            ]
            if showCodes { row.append(s.transformCode.map { .integer($0) } ?? .missing) }
            rows.append(row)
            scalars["\(s.name).mean"] = .number(s.mean)
            scalars["\(s.name).sd"] = .number(s.standardDeviation)
            scalars["\(s.name).min"] = .number(s.minimum)
            scalars["\(s.name).max"] = .number(s.maximum)
            scalars["\(s.name).obs"] = .number(Double(s.observations))
            scalars["\(s.name).missing"] = .number(Double(s.missing))
            if let first = s.first { scalars["\(s.name).first"] = .text(frame.label(first)) }
            if let last = s.last { scalars["\(s.name).last"] = .text(frame.label(last)) }
        }
        let span = frame.span.map { frame.describe($0) } ?? "no observations"
        let kind =
            frame.frequency == .rows
            ? "Observations \(span)" : "\(frame.frequency == .monthly ? "Monthly" : "Quarterly") data, \(span)"
        let notes = ["\(kind); SD with n − 1 degrees of freedom."]
        let table = ResultTable(columns: columns, rows: rows, notes: notes)
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
