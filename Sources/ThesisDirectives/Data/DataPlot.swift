import Foundation
import ThesisData
import ThesisDocument

/// `<<data plot data=macro series=inflation,policy_rate sample=1990-01..2019-12>>`: a line chart
/// of chosen series over a sample, with gaps where values are missing. Series on very different
/// scales are not drawn flat against each other: two get an axis each, more a panel each
/// (`axes=`); `scale=log` draws them on a logarithmic axis.
public enum DataPlot: Directive {
    public static let kind = "data plot"
    public static let abstract = "line chart of chosen series over a sample"
    public static let version = 4  // 4: axes= and scale=
    public static let outputs: Set<OutputKind> = [.figure]
    public static let maximumDefaultSeries = 4
    /// A series whose own range is less than this share of the range of all series together would
    /// look flat on a shared axis.
    public static let flatShare = 0.1

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to plot (default: the first \(maximumDefaultSeries))") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option(
            "how series share axes: auto gives two series on very different scales an axis each and more such "
                + "series a panel each; shared, secondary (two series: the second on a right axis) or panels")
        var axes = PlotAxes.auto
        @Option("y axis scale; log needs positive values") var scale = PlotScale.linear
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
        let log = arguments.scale == .log
        let x = rows ? frame.periods.indices.map { Double($0 + 1) } : frame.periods.map(\.decimalYear)
        var lines: [LineSeries] = []
        var scalars: [String: Scalar] = [:]
        for (index, name) in frame.names.enumerated() {
            let column = frame.columns[index]
            let y: [Double?] = column.map { $0.isFinite ? $0 : nil }
            if y.allSatisfy({ $0 == nil }) {
                throw DirectiveFailure("series '\(name)' has no observations in the sample", option: arguments.$series)
            }
            if log {
                try LogScaleCheck.requirePositive(
                    name, column, periods: rows ? nil : frame.periods, option: arguments.$scale)
            }
            lines.append(LineSeries(name: name, x: x, y: y))
            scalars["\(name).points"] = .number(Double(y.compactMap { $0 }.count))
        }
        var axes = arguments.axes
        if axes == .secondary && lines.count != 2 {
            throw DirectiveFailure(
                "axes=secondary draws two series, one on each axis, but \(lines.count) are chosen; use axes=panels",
                option: arguments.$axes)
        }
        if axes == .auto {
            axes = onOneScale(frame.columns, log: log) ? .shared : lines.count == 2 ? .secondary : .panels
        }
        let xAxis =
            rows
            ? FigureAxis(label: "observation") : FigureAxis(scale: frame.frequency == .monthly ? .monthly : .quarterly)
        let yScale: AxisScale = log ? .log : .linear
        let spec: FigureSpec
        switch axes {
        case .secondary:
            var right = lines[1]
            right.axis = .secondary
            right.color = 1
            var left = lines[0]
            left.color = 0
            let panel = FigurePanel(
                xAxis: xAxis, yAxis: FigureAxis(label: left.name, scale: yScale), layers: [.line(left), .line(right)],
                secondaryYAxis: FigureAxis(label: right.name, scale: yScale))
            spec = FigureSpec(panels: [panel])
        case .panels:
            let panels = lines.enumerated().map { i, line -> FigurePanel in
                var line = line
                line.color = i
                return FigurePanel(
                    title: line.name, xAxis: xAxis, yAxis: FigureAxis(scale: yScale), layers: [.line(line)])
            }
            spec = SmallMultiples.spec(
                panels, maximumColumns: panels.count <= 3 ? 1 : 2, rowHeight: panels.count <= 3 ? 115 : 150,
                extra: 30, minimumHeight: FigureSpec.defaultHeight)
        case .shared, .auto:
            spec = FigureSpec(
                panels: [FigurePanel(xAxis: xAxis, yAxis: FigureAxis(scale: yScale), layers: lines.map { .line($0) })])
        }
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }

    /// Whether every series that varies keeps at least `flatShare` of the height of a shared axis
    /// (on a log axis, of its decades).
    static func onOneScale(_ columns: [[Double]], log: Bool) -> Bool {
        let ranges: [(low: Double, high: Double)] = columns.compactMap { column in
            let values = column.filter { $0.isFinite && (!log || $0 > 0) }.map { log ? Foundation.log10($0) : $0 }
            guard let low = values.min(), let high = values.max() else { return nil }
            return (low, high)
        }
        guard ranges.count > 1, let low = ranges.map(\.low).min(), let high = ranges.map(\.high).max(), high > low
        else {
            return true
        }
        // A constant series is flat on any axis; it does not call for one of its own.
        return ranges.allSatisfy { $0.high == $0.low || ($0.high - $0.low) / (high - low) >= flatShare }
    }
}

/// How `data plot` lays its series on axes.
enum PlotAxes: String, ArgumentChoice {
    case auto, shared, secondary, panels
}

/// The scale of `data plot`'s y axis.
enum PlotScale: String, ArgumentChoice {
    case linear, log
}
