import ThesisData
import ThesisDocument

/// `<<data plot data=macro series=inflation,policy_rate sample=1990-01..2019-12>>`: a line chart
/// of chosen series over a sample, with gaps where values are missing.
public enum DataPlot: Directive {
    public static let kind = "data plot"
    public static let abstract = "line chart of chosen series over a sample"
    public static let version = 1
    public static let output = OutputKind.figure
    public static let maximumDefaultSeries = 4
    public static let options: [OptionSpec] = [
        OptionSpec("data", .data, required: true, "the data set (thesis.toml [data.NAME]) or a prepared panel's id"),
        OptionSpec("series", .names, "series to plot (default: the first \(maximumDefaultSeries))"),
        OptionSpec("sample", .monthRange, "sample to plot, e.g. 1990-01..2019-12 (default: all dates)"),
    ] + OptionSpec.figureOptions

    public static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult {
        var frame = try context.frame()
        let names = options.names("series") ?? Array(frame.names.prefix(maximumDefaultSeries))
        frame = try frame.requireSeries(names).cut(to: options.monthRange("sample"))
        guard !frame.periods.isEmpty else { throw DirectiveFailure("the sample holds no observations", option: "sample") }
        let x = frame.periods.map(\.decimalYear)
        var layers: [FigureLayer] = []
        var scalars: [String: Scalar] = [:]
        for (index, name) in frame.names.enumerated() {
            let column = frame.columns[index]
            let y: [Double?] = column.map { $0.isFinite ? $0 : nil }
            if y.allSatisfy({ $0 == nil }) {
                throw DirectiveFailure("series '\(name)' has no observations in the sample", option: "series")
            }
            layers.append(.line(LineSeries(name: name, x: x, y: y)))
            scalars["\(name).points"] = .number(Double(y.compactMap { $0 }.count))
        }
        let axis = FigureAxis(scale: frame.frequency == .monthly ? .monthly : .quarterly)
        let panel = FigurePanel(xAxis: axis, yAxis: FigureAxis(), layers: layers)
        let spec = FigureSpec(panels: [panel])
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }
}
