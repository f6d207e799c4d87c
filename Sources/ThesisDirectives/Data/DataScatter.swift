import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<data scatter data=macro x=unemp y=infl id=phillips>>`: one series against another, each
/// point one period (or row) where both are observed, with the least-squares line (`fit=false`
/// leaves it out). Scalars: `slope`, `intercept`, `r2`, `correlation` (Pearson) and `n`.
public enum DataScatter: Directive {
    public static let kind = "data scatter"
    public static let abstract = "one series against another, with the least-squares line"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("the series on the horizontal axis") var x: String
        @Option("the series on the vertical axis") var y: String
        @Option("draw the least-squares line") var fit = true
        @OptionGroup var window: DataWindow
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try arguments.window.frame(context, data: arguments.$data)
        let xi = try frame.requireIndex(of: arguments.x, option: arguments.$x)
        let yi = try frame.requireIndex(of: arguments.y, option: arguments.$y)
        let rows = frame.periods.indices.filter { frame.columns[xi][$0].isFinite && frame.columns[yi][$0].isFinite }
        guard rows.count >= 3 else {
            throw DirectiveFailure(
                "\(arguments.x) and \(arguments.y) are both observed in \(rows.count) periods; a scatter needs three",
                option: arguments.$y)
        }
        let x = rows.map { frame.columns[xi][$0] }, y = rows.map { frame.columns[yi][$0] }
        let n = Double(rows.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for k in rows.indices {
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
            sxy += (x[k] - mx) * (y[k] - my)
        }
        guard sxx > 0 else {
            throw DirectiveFailure(
                "\(arguments.x) is constant where both are observed: there is no slope", option: arguments.$x)
        }
        let slope = sxy / sxx, intercept = my - slope * mx
        let correlation = syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
        let scalars: [String: Scalar] = [
            "slope": .number(slope), "intercept": .number(intercept), "r2": .number(correlation * correlation),
            "correlation": .number(correlation), "n": .number(n),
        ]
        let panel = FigurePanel(
            xAxis: FigureAxis(label: arguments.x), yAxis: FigureAxis(label: arguments.y),
            layers: [.scatter(ScatterSeries(name: nil, x: x, y: y.map { $0 }, color: 0, fit: arguments.fit))])
        let caption =
            "\(arguments.y) against \(arguments.x), \(rows.count) observations"
            + (arguments.fit
                ? "; least-squares line, slope \(ValueFormat.format(slope, spec: ".3g")), R² "
                    + "\(ValueFormat.format(correlation * correlation, spec: ".2f"))." : ".")
        let figure = Figure(caption: caption, spec: FigureSpec(panels: [panel], legend: .none))
        return DirectiveResult(content: [.figure(figure)], scalars: scalars)
    }
}
