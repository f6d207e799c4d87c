import ThesisData
import ThesisDocument

/// `<<data missing data=fredmd sample=2000-01..2019-12>>`: a heatmap of missing values, series by
/// month, and the count per series.
public enum DataMissing: Directive {
    public static let kind = "data missing"
    public static let abstract = "heatmap of missing values, series by month"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to show (default: all)") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option(name: "only-missing", "show only series with at least one missing value") var onlyMissing = false
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: arguments.series,
            seriesOption: arguments.$series)
        let counts = frame.columns.map { $0.filter { !$0.isFinite }.count }
        var indices = Array(frame.names.indices)
        if arguments.onlyMissing { indices = indices.filter { counts[$0] > 0 } }
        guard !indices.isEmpty else {
            return DirectiveResult(
                content: [.text("No series has a missing value in the sample.")], scalars: ["missing": .number(0)])
        }
        guard !frame.periods.isEmpty else {
            throw DirectiveFailure("the sample holds no observations", option: arguments.window.$sample)
        }
        // One cell per month would be thousands of columns: aggregate to the share missing per year.
        let years = Array(Set(frame.periods.map(\.year))).sorted()
        let values: [[Double?]] = indices.map { i in
            years.map { year -> Double? in
                let cells = frame.periods.indices.filter { frame.periods[$0].year == year }
                guard !cells.isEmpty else { return nil }
                return Double(cells.filter { !frame.columns[i][$0].isFinite }.count) / Double(cells.count)
            }
        }
        var scalars: [String: Scalar] = ["missing": .number(Double(counts.reduce(0, +)))]
        for (i, name) in frame.names.enumerated() { scalars["\(name).missing"] = .number(Double(counts[i])) }
        let heatmap = Heatmap(
            rows: indices.map { frame.names[$0] }, columns: years.map(String.init), values: values,
            scale: .sequential, minimum: 0, maximum: 1, colorBarLabel: "share of months missing")
        let height = min(1200, max(FigureSpec.defaultHeight, 60 + 11 * Double(indices.count)))
        let spec = FigureSpec(height: height, panels: [FigurePanel(layers: [.heatmap(heatmap)])], legend: .none)
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }
}
