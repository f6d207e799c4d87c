import ThesisData
import ThesisDocument

/// `<<data plot data=macro series=inflation,policy_rate sample=1990-01..2019-12>>`: a line chart
/// of chosen series over a sample, with gaps where values are missing.
public enum DataPlot: Directive {
    public static let kind = "data plot"
    public static let abstract = "line chart of chosen series over a sample"
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.figure]
    public static let maximumDefaultSeries = 4

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to plot (default: the first \(maximumDefaultSeries))") var series: [String]?
        @OptionGroup var window: DataWindow
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let all = try context.frame(arguments.$data)
        let names = arguments.series ?? Array(all.names.prefix(maximumDefaultSeries))
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: names, seriesOption: arguments.$series)
        guard !frame.periods.isEmpty else {
            throw DirectiveFailure("the sample holds no observations", option: arguments.window.$sample)
        }
        let rows = frame.frequency == .rows
        let x = rows ? frame.periods.indices.map { Double($0 + 1) } : frame.periods.map(\.decimalYear)
        var layers: [FigureLayer] = []
        var scalars: [String: Scalar] = [:]
        for (index, name) in frame.names.enumerated() {
            let column = frame.columns[index]
            let y: [Double?] = column.map { $0.isFinite ? $0 : nil }
            if y.allSatisfy({ $0 == nil }) {
                throw DirectiveFailure("series '\(name)' has no observations in the sample", option: arguments.$series)
            }
            layers.append(.line(LineSeries(name: name, x: x, y: y)))
            scalars["\(name).points"] = .number(Double(y.compactMap { $0 }.count))
        }
        let axis =
            rows
            ? FigureAxis(label: "observation") : FigureAxis(scale: frame.frequency == .monthly ? .monthly : .quarterly)
        let panel = FigurePanel(xAxis: axis, yAxis: FigureAxis(), layers: layers)
        let spec = FigureSpec(panels: [panel])
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }
}
