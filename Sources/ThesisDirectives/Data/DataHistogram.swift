import Foundation
import ThesisData
import ThesisDocument

/// `<<data histogram data=macro series=inflation,unemp bins=30>>`: the distribution of each chosen
/// series, one histogram per series, with its moments and quantiles as scalars (`SERIES.mean`,
/// `.sd`, `.skewness`, `.kurtosis`, `.min`, `.p25`, `.median`, `.p75`, `.max`, `.n`). Skewness and
/// excess kurtosis are the moment estimators (scipy.stats defaults), quantiles interpolate linearly
/// (numpy's default).
public enum DataHistogram: Directive {
    public static let kind = "data histogram"
    public static let abstract = "histogram of each chosen series, with its moments and quantiles"
    public static let version = 2  // 2: grids without empty cells
    public static let outputs: Set<OutputKind> = [.figure]
    public static let maximumSeries = 12

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to show (default: the first 4; at most \(maximumSeries))") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option(.range(1...200), "bins per histogram (default: the Freedman–Diaconis rule, with round edges)") var bins:
            Int?
        @Option("draw densities (each histogram's area is one) instead of counts") var density = false
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let all = try context.frame(arguments.$data)
        let names = arguments.series ?? Array(all.names.prefix(4))
        guard names.count <= maximumSeries else {
            throw DirectiveFailure(
                "\(names.count) series are too many for one figure; choose at most \(maximumSeries)",
                option: arguments.$series)
        }
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: names, seriesOption: arguments.$series)
        var panels: [FigurePanel] = []
        var scalars: [String: Scalar] = [:]
        for (index, name) in frame.names.enumerated() {
            let values = frame.columns[index].filter(\.isFinite)
            guard values.count >= 2 else {
                throw DirectiveFailure(
                    "series '\(name)' has \(values.count) observation\(values.count == 1 ? "" : "s") in the sample; a histogram needs two",
                    option: arguments.$series)
            }
            let moments = Distribution(values)
            for (key, value) in moments.scalars { scalars["\(name).\(key)"] = .number(value) }
            let layer = Histogram(
                name: name, values: values.map { $0 }, bins: arguments.bins, density: arguments.density, color: 0)
            panels.append(
                FigurePanel(
                    title: frame.names.count > 1 ? name : nil,
                    xAxis: FigureAxis(label: frame.names.count > 1 ? nil : name),
                    yAxis: FigureAxis(label: arguments.density ? "density" : "count"), layers: [.histogram(layer)]))
        }
        let spec =
            panels.count <= 1
            ? FigureSpec(panels: panels, legend: .none)
            : SmallMultiples.spec(panels, maximumColumns: 2, rowHeight: 185)
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }
}

/// Moments and quantiles of a sample (finite values, at least two).
struct Distribution {
    var scalars: [String: Double]

    init(_ values: [Double]) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in values {
            let d = v - mean, d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= n
        m3 /= n
        m4 /= n
        let sorted = values.sorted()
        func quantile(_ p: Double) -> Double {
            // numpy's default ("linear", Hyndman and Fan type 7).
            let h = (n - 1) * p
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        scalars = [
            "n": n, "mean": mean, "sd": (m2 * n / (n - 1)).squareRoot(),
            "skewness": m2 > 0 ? m3 / pow(m2, 1.5) : .nan, "kurtosis": m2 > 0 ? m4 / (m2 * m2) - 3 : .nan,
            "min": sorted[0], "p25": quantile(0.25), "median": quantile(0.5), "p75": quantile(0.75),
            "max": sorted[sorted.count - 1],
        ]
    }
}
