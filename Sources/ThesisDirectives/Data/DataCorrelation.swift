import ThesisData
import ThesisDocument

/// `<<data correlation data=panel series=INDPRO,CPIAUCSL,FEDFUNDS>>`: a heatmap of pairwise
/// Pearson correlations over the months where both series are observed.
public enum DataCorrelation: Directive {
    public static let kind = "data correlation"
    public static let abstract = "heatmap of pairwise correlations between series"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]
    public static let maximumSeries = 40

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to correlate (default: all, at most \(maximumSeries))") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option("print the correlations in the cells (default: when 12 series or fewer)") var values: Bool?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: arguments.series,
            seriesOption: arguments.$series)
        let n = frame.names.count
        guard n >= 2 else {
            throw DirectiveFailure("a correlation needs at least two series", option: arguments.$series)
        }
        guard n <= maximumSeries else {
            throw DirectiveFailure(
                "\(n) series are too many to read in one heatmap; choose at most \(maximumSeries) with series=",
                option: arguments.$series)
        }
        var matrix = Array(repeating: Array(repeating: Double?.none, count: n), count: n)
        var scalars: [String: Scalar] = [:]
        for i in 0..<n {
            for j in i..<n {
                let r = i == j ? 1 : pearson(frame.columns[i], frame.columns[j])
                matrix[i][j] = r
                matrix[j][i] = r
                if i != j, let r { scalars["\(frame.names[i]).\(frame.names[j])"] = .number(r) }
            }
        }
        let heatmap = Heatmap(
            rows: frame.names, columns: frame.names, values: matrix, scale: .diverging,
            minimum: -1, maximum: 1, showValues: arguments.values ?? (n <= 12),
            valueFormat: ".2f", colorBarLabel: "correlation")
        let side = min(FigureSpec.fullWidth, max(240, 90 + 24 * Double(n)))
        let spec = FigureSpec(height: side, panels: [FigurePanel(layers: [.heatmap(heatmap)])], legend: .none)
        return DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))], scalars: scalars)
    }

    /// Pearson correlation over pairs where both values are finite; nil with fewer than 3 pairs
    /// or a constant series.
    static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        var xs: [Double] = [], ys: [Double] = []
        for t in 0..<min(a.count, b.count) where a[t].isFinite && b[t].isFinite {
            xs.append(a[t]); ys.append(b[t])
        }
        guard xs.count >= 3 else { return nil }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in xs.indices {
            sxy += (xs[k] - mx) * (ys[k] - my)
            sxx += (xs[k] - mx) * (xs[k] - mx)
            syy += (ys[k] - my) * (ys[k] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
