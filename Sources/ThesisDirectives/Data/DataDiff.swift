import ThesisData
import ThesisDocument

/// `<<data diff old=fredmd2023-01 new=fredmd>>`: what changed between two vintages — new and
/// dropped months, revised values with the largest revisions, added and removed series.
public enum DataDiff: Directive {
    public static let kind = "data diff"
    public static let abstract = "compare two vintages of a data set: new months, revisions, added and removed series"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("the earlier vintage (a declared data set)") var old: DataName
        @Option("the later vintage (a declared data set)") var new: DataName
        @Option(.range(1...100), "largest revisions listed") var top = 10
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let old = try context.frame(arguments.$old), new = try context.frame(arguments.$new)
        let diff = VintageDiff(old: old, new: new, limit: arguments.top)
        func months(_ m: [Month]) -> String {
            guard let first = m.first, let last = m.last else { return "none" }
            return m.count == 1 ? first.description : "\(m.count) (\(first)..\(last))"
        }
        func names(_ n: [String]) -> String { n.isEmpty ? "none" : n.joined(separator: ", ") }
        let summary = ResultTable(
            columns: [TableColumn("Change"), TableColumn("Count", alignment: .right), TableColumn("Details")],
            rows: [
                [.text("New months"), .integer(diff.newPeriods.count), .text(months(diff.newPeriods))],
                [.text("Dropped months"), .integer(diff.droppedPeriods.count), .text(months(diff.droppedPeriods))],
                [.text("Added series"), .integer(diff.addedSeries.count), .text(names(diff.addedSeries))],
                [.text("Removed series"), .integer(diff.removedSeries.count), .text(names(diff.removedSeries))],
                [.text("Revised values"), .integer(diff.revisedValues), .text("in \(diff.revisedSeries) series")],
                [.text("Values filled in"), .integer(diff.filledValues), .text("missing before")],
                [.text("Values deleted"), .integer(diff.deletedValues), .text("missing now")],
            ])
        let largest = ResultTable(
            columns: [
                TableColumn("Series"), TableColumn("Month"), TableColumn("Old", alignment: .right),
                TableColumn("New", alignment: .right), TableColumn("Revision (SD)", alignment: .right),
            ],
            rows: diff.largest.map { r in
                [
                    .text(r.series), .text(r.period.description), .number(r.old, format: ".4g"),
                    .number(r.new, format: ".4g"), .number(r.standardized, format: ".2f"),
                ]
            },
            notes: ["Largest revisions of common series and months, in standard deviations of the series' changes."])
        let scalars: [String: Scalar] = [
            "new_months": .number(Double(diff.newPeriods.count)), "revised": .number(Double(diff.revisedValues)),
            "added": .number(Double(diff.addedSeries.count)), "removed": .number(Double(diff.removedSeries.count)),
            "revised_series": .number(Double(diff.revisedSeries)),
        ]
        return DirectiveResult(content: [.table(summary), .table(largest)], scalars: scalars)
    }
}
