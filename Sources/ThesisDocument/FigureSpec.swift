import Foundation

/// A figure as plain data: what to draw, not how. Directives return it, the cache stores it
/// (so a cache hit can draw a format an earlier build did not need), and `ThesisFigures`
/// draws it with Cairo as PNG, PDF and SVG. Sizes are in points (1/72 inch).
///
/// JSON: every field with a default may be left out when decoding; encoding writes all fields
/// (optional ones only when set; a panel's `barOrientation` and a line's `axis` only when they
/// are not the default). Field names are stable: golden files depend on them.
public struct FigureSpec: Codable, Hashable, Sendable {
    /// Full LaTeX text width (6.3 in).
    public static let fullWidth: Double = 453.6
    public static let defaultHeight: Double = 280

    public var width: Double
    public var height: Double
    public var title: String?
    /// One panel for a simple chart; several for small multiples.
    public var panels: [FigurePanel]
    /// Grid columns for small multiples; rows follow from the panel count, and a shorter last
    /// row is centred (see `gridColumns(for:maximum:)`).
    public var columns: Int
    /// Small multiples share one y range when true.
    public var sharedYAxis: Bool
    public var legend: LegendPosition

    /// Grid columns for `count` small multiples, at most `maximum`, chosen so that no grid cell
    /// stays empty where a near-square grid allows it (4 panels: 2 × 2, 6: 3 × 2); otherwise
    /// the fewest empty cells, and the renderer centres the shorter last row (5 panels with at
    /// most 3 columns: 3 + 2). A single row when all panels fit in one.
    public static func gridColumns(for count: Int, maximum: Int) -> Int {
        let maximum = max(1, maximum)
        guard count > maximum else { return max(1, count) }
        // At least about √n columns, so the grid is not a tall single column.
        let least = min(maximum, max(2, Int(Double(count).squareRoot().rounded(.up))))
        var best = maximum
        var bestEmpty = Int.max
        for columns in (least...maximum).reversed() {
            let rows = (count + columns - 1) / columns
            let empty = rows * columns - count
            // Fewer empty cells win; among equals, fewer rows (wider columns first).
            if empty < bestEmpty { best = columns; bestEmpty = empty }
        }
        return best
    }

    public init(width: Double = FigureSpec.fullWidth, height: Double = FigureSpec.defaultHeight,
                title: String? = nil, panels: [FigurePanel], columns: Int = 1,
                sharedYAxis: Bool = false, legend: LegendPosition = .auto) {
        self.width = width
        self.height = height
        self.title = title
        self.panels = panels
        self.columns = columns
        self.sharedYAxis = sharedYAxis
        self.legend = legend
    }
}

/// Where the legend goes; `auto` picks a corner that covers the least data.
public enum LegendPosition: String, Codable, Hashable, Sendable, CaseIterable {
    case auto, none, top, bottom, right
    case upperLeft = "upper-left", upperRight = "upper-right"
    case lowerLeft = "lower-left", lowerRight = "lower-right"
}

/// One set of axes with its layers.
public struct FigurePanel: Codable, Hashable, Sendable {
    public var title: String?
    public var xAxis: FigureAxis
    public var yAxis: FigureAxis
    public var layers: [FigureLayer]
    /// How several `.bars` layers in this panel share an x position.
    public var barMode: BarMode
    /// Horizontal bars run along x from the categories of the y axis (the first on top):
    /// `BarSeries.x` are then positions on y and `values` lengths along x.
    public var barOrientation: BarOrientation
    /// A second y axis on the right, for lines with `axis: .secondary` (series on another scale).
    public var secondaryYAxis: FigureAxis?

    public init(title: String? = nil, xAxis: FigureAxis = FigureAxis(), yAxis: FigureAxis = FigureAxis(),
                layers: [FigureLayer], barMode: BarMode = .grouped, barOrientation: BarOrientation = .vertical,
                secondaryYAxis: FigureAxis? = nil) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.layers = layers
        self.barMode = barMode
        self.barOrientation = barOrientation
        self.secondaryYAxis = secondaryYAxis
    }
}

/// Which way bars run.
public enum BarOrientation: String, Codable, Hashable, Sendable {
    case vertical, horizontal
}

/// The y axis a line is drawn against.
public enum AxisSide: String, Codable, Hashable, Sendable {
    /// The panel's `yAxis`, on the left.
    case primary
    /// The panel's `secondaryYAxis`, on the right.
    case secondary
}

/// An axis: its label, scale and tick-label format.
public struct FigureAxis: Codable, Hashable, Sendable {
    public var label: String?
    public var scale: AxisScale
    public var format: TickFormat
    /// Fixed limits; nil means fitted to the data with nice ticks.
    public var minimum: Double?
    public var maximum: Double?
    /// Category names: makes the axis categorical. Category `i` sits at position `i`
    /// (so bar and line x values are 0, 1, 2, …); `scale` is then ignored.
    public var categories: [String]?

    public init(label: String? = nil, scale: AxisScale = .linear, format: TickFormat = .plain,
                minimum: Double? = nil, maximum: Double? = nil, categories: [String]? = nil) {
        self.label = label
        self.scale = scale
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
        self.categories = categories
    }
}

/// How axis values map to positions and labels.
public enum AxisScale: String, Codable, Hashable, Sendable {
    case linear
    /// x is a decimal year: year + (month - 1) / 12 for monthly data, year + (quarter - 1) / 4.
    case monthly, quarterly
    /// Base-10 logarithmic: equal ratios take equal lengths; values ≤ 0 are not drawn.
    case log
}

/// How tick labels are written (a real minus sign in every format).
public enum TickFormat: String, Codable, Hashable, Sendable {
    /// Plain decimals; very large or small ranges get a common ×10ⁿ factor.
    case plain
    /// Values are fractions: 0.25 is written 25%.
    case percent
    /// Thousands separators: 12,500.
    case thousands
}

/// Dash pattern of a line.
public enum LineStyle: String, Codable, Hashable, Sendable {
    case solid, dashed, dotted
}

/// How several bar layers in one panel are arranged.
public enum BarMode: String, Codable, Hashable, Sendable {
    /// Side by side within each x position.
    case grouped
    /// On top of each other (positive values up, negative values down), e.g. shares that sum to one.
    case stacked
}

/// The colour map of a heatmap.
public enum ColorScale: String, Codable, Hashable, Sendable {
    /// Light to dark (viridis), for counts, shares or missingness.
    case sequential
    /// Blue through white to red, centred on zero, e.g. for correlations.
    case diverging
    /// Black (0) to white (1): a greyscale picture, drawn as an image with square pixels and no
    /// colour bar (an image classifier's inputs).
    case grey
}

/// Something drawn inside a panel. Encoded with a `"type"` discriminator.
public enum FigureLayer: Hashable, Sendable {
    /// A line through (x, y); nil values leave gaps.
    case line(LineSeries)
    /// A shaded band between lower and upper, e.g. a confidence band.
    case band(Band)
    /// A horizontal reference line, e.g. the zero line of an impulse response.
    case rule(Rule)
    /// Bars at x positions; several bar layers are grouped or stacked (`FigurePanel.barMode`).
    case bars(BarSeries)
    /// Points (x, y), optionally with a least-squares line.
    case scatter(ScatterSeries)
    /// The distribution of values, binned.
    case histogram(Histogram)
    /// A filled area; several area layers in a panel stack in layer order.
    case area(AreaSeries)
    /// A matrix of coloured cells with a colour bar; its rows and columns are categorical axes.
    case heatmap(Heatmap)
}

public struct LineSeries: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var y: [Double?]
    public var style: LineStyle
    /// Index into the palette; nil picks the next colour.
    public var color: Int?
    /// Draws a dot at every point (e.g. the cumulative line of a scree plot).
    public var markers: Bool
    /// The y axis it is drawn against (`.secondary`: the panel's right axis).
    public var axis: AxisSide

    public init(name: String? = nil, x: [Double], y: [Double?], style: LineStyle = .solid, color: Int? = nil,
                markers: Bool = false, axis: AxisSide = .primary) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.color = color
        self.markers = markers
        self.axis = axis
    }
}

public struct Band: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var lower: [Double?]
    public var upper: [Double?]
    /// Index into the palette; nil takes the colour of the next line (or other series) in the panel.
    public var color: Int?

    public init(name: String? = nil, x: [Double], lower: [Double?], upper: [Double?], color: Int? = nil) {
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
    }
}

/// A reference line across the panel: horizontal at `y`, or vertical at `x` when `x` is set
/// (e.g. 1 on a relative-RMSE axis).
public struct Rule: Codable, Hashable, Sendable {
    public var y: Double
    public var style: LineStyle
    /// Set for a vertical rule; `y` is then not used (and 0).
    public var x: Double?

    public init(y: Double, style: LineStyle = .solid) {
        self.y = y
        self.style = style
    }

    /// A vertical rule at `x`.
    public init(x: Double, style: LineStyle = .solid) {
        self.y = 0
        self.style = style
        self.x = x
    }
}

/// Bars: one value per x position; nil values draw no bar.
public struct BarSeries: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var values: [Double?]
    public var color: Int?

    public init(name: String? = nil, x: [Double], values: [Double?], color: Int? = nil) {
        self.name = name
        self.x = x
        self.values = values
        self.color = color
    }

    /// Bars at positions 0, 1, 2, … (the categories of a categorical x axis).
    public init(name: String? = nil, values: [Double?], color: Int? = nil) {
        self.init(name: name, x: values.indices.map(Double.init), values: values, color: color)
    }
}

/// A scatter plot; `fit` adds the ordinary least-squares line through the points.
public struct ScatterSeries: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var y: [Double?]
    public var color: Int?
    public var fit: Bool

    public init(name: String? = nil, x: [Double], y: [Double?], color: Int? = nil, fit: Bool = false) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.fit = fit
    }
}

/// A histogram of `values` (nil and non-finite values are left out).
public struct Histogram: Codable, Hashable, Sendable {
    public var name: String?
    public var values: [Double?]
    /// Number of bins; nil chooses by the Freedman–Diaconis rule.
    public var bins: Int?
    /// Draws a density (area one) instead of counts.
    public var density: Bool
    public var color: Int?

    public init(name: String? = nil, values: [Double?], bins: Int? = nil, density: Bool = false,
                color: Int? = nil) {
        self.name = name
        self.values = values
        self.bins = bins
        self.density = density
        self.color = color
    }
}

/// A filled area between the previous area layer of the panel (or zero) and this one stacked on
/// top, e.g. the shares of a variance decomposition. Stacked areas must share their x values;
/// nil counts as zero.
public struct AreaSeries: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var y: [Double?]
    public var color: Int?

    public init(name: String? = nil, x: [Double], y: [Double?], color: Int? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// A matrix of coloured cells: `values[row][column]`, row 0 at the top; nil cells are grey.
/// Correlation matrices (diverging, −1…1), missingness maps and confusion matrices.
public struct Heatmap: Codable, Hashable, Sendable {
    public var rows: [String]
    public var columns: [String]
    public var values: [[Double?]]
    public var scale: ColorScale
    /// Colour limits; nil fits the data (diverging scales are symmetric around zero).
    public var minimum: Double?
    public var maximum: Double?
    /// Writes each value into its cell.
    public var showValues: Bool
    /// Format of cell values and colour-bar ticks' precision, e.g. `.2f` or `,d` (see `ValueFormat`).
    public var valueFormat: String
    public var colorBarLabel: String?

    public init(rows: [String], columns: [String], values: [[Double?]], scale: ColorScale = .sequential,
                minimum: Double? = nil, maximum: Double? = nil, showValues: Bool = false,
                valueFormat: String = ".2f", colorBarLabel: String? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values
        self.scale = scale
        self.minimum = minimum
        self.maximum = maximum
        self.showValues = showValues
        self.valueFormat = valueFormat
        self.colorBarLabel = colorBarLabel
    }
}

// MARK: - Convenience builders

extension FigurePanel {
    /// A scree plot: bars of the share of variance each component explains and a line of the
    /// cumulative share, both in percent. `shares` are fractions, largest first.
    public static func scree(shares: [Double], title: String? = nil,
                             xLabel: String = "Component", yLabel: String = "Share of variance") -> FigurePanel {
        var total = 0.0
        let cumulative: [Double?] = shares.map { total += $0; return total }
        let x = shares.indices.map(Double.init)
        return FigurePanel(
            title: title,
            xAxis: FigureAxis(label: xLabel, categories: shares.indices.map { String($0 + 1) }),
            yAxis: FigureAxis(label: yLabel, format: .percent, minimum: 0),
            layers: [
                .bars(BarSeries(name: "Individual", x: x, values: shares.map { $0 }, color: 0)),
                .line(LineSeries(name: "Cumulative", x: x, y: cumulative, color: 1, markers: true)),
            ])
    }
}

// MARK: - Codable: the "type" discriminator, defaults for omitted fields, non-finite numbers

// JSON has no NaN or infinity, and the renderer draws them as gaps anyway: data arrays write
// them as null, and a null read back into a non-optional array (x) becomes NaN. So a spec with
// a NaN in a confidence band still encodes (for the cache) instead of throwing.

/// `values` with every non-finite number replaced by nil.
private func finiteOrNil(_ values: [Double?]) -> [Double?] { values.map { $0.flatMap { $0.isFinite ? $0 : nil } } }
private func finiteOrNil(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
private func finiteOrNil(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }

extension KeyedDecodingContainer {
    /// A number array in which null stands for a non-finite value.
    fileprivate func decodeNumbers(forKey key: Key) throws -> [Double] {
        try decode([Double?].self, forKey: key).map { $0 ?? .nan }
    }
}

extension FigureLayer: Codable {
    private enum CodingKeys: String, CodingKey { case type }
    private enum Kind: String, Codable { case line, band, rule, bars, scatter, histogram, area, heatmap }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .line: self = .line(try LineSeries(from: decoder))
        case .band: self = .band(try Band(from: decoder))
        case .rule: self = .rule(try Rule(from: decoder))
        case .bars: self = .bars(try BarSeries(from: decoder))
        case .scatter: self = .scatter(try ScatterSeries(from: decoder))
        case .histogram: self = .histogram(try Histogram(from: decoder))
        case .area: self = .area(try AreaSeries(from: decoder))
        case .heatmap: self = .heatmap(try Heatmap(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .line(let layer): try container.encode(Kind.line, forKey: .type); try layer.encode(to: encoder)
        case .band(let layer): try container.encode(Kind.band, forKey: .type); try layer.encode(to: encoder)
        case .rule(let layer): try container.encode(Kind.rule, forKey: .type); try layer.encode(to: encoder)
        case .bars(let layer): try container.encode(Kind.bars, forKey: .type); try layer.encode(to: encoder)
        case .scatter(let layer): try container.encode(Kind.scatter, forKey: .type); try layer.encode(to: encoder)
        case .histogram(let layer): try container.encode(Kind.histogram, forKey: .type); try layer.encode(to: encoder)
        case .area(let layer): try container.encode(Kind.area, forKey: .type); try layer.encode(to: encoder)
        case .heatmap(let layer): try container.encode(Kind.heatmap, forKey: .type); try layer.encode(to: encoder)
        }
    }
}

extension FigureSpec {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(width: try c.decodeIfPresent(Double.self, forKey: .width) ?? FigureSpec.fullWidth,
                  height: try c.decodeIfPresent(Double.self, forKey: .height) ?? FigureSpec.defaultHeight,
                  title: try c.decodeIfPresent(String.self, forKey: .title),
                  panels: try c.decode([FigurePanel].self, forKey: .panels),
                  columns: try c.decodeIfPresent(Int.self, forKey: .columns) ?? 1,
                  sharedYAxis: try c.decodeIfPresent(Bool.self, forKey: .sharedYAxis) ?? false,
                  legend: try c.decodeIfPresent(LegendPosition.self, forKey: .legend) ?? .auto)
    }
}

extension FigurePanel {
    private enum CodingKeys: String, CodingKey { case title, xAxis, yAxis, layers, barMode, barOrientation, secondaryYAxis }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(title: try c.decodeIfPresent(String.self, forKey: .title),
                  xAxis: try c.decodeIfPresent(FigureAxis.self, forKey: .xAxis) ?? FigureAxis(),
                  yAxis: try c.decodeIfPresent(FigureAxis.self, forKey: .yAxis) ?? FigureAxis(),
                  layers: try c.decodeIfPresent([FigureLayer].self, forKey: .layers) ?? [],
                  barMode: try c.decodeIfPresent(BarMode.self, forKey: .barMode) ?? .grouped,
                  barOrientation: try c.decodeIfPresent(BarOrientation.self, forKey: .barOrientation) ?? .vertical,
                  secondaryYAxis: try c.decodeIfPresent(FigureAxis.self, forKey: .secondaryYAxis))
    }

    /// Horizontal bars and a secondary axis are written only when used, so the specs of
    /// figures without them (and their hashes) are unchanged.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(xAxis, forKey: .xAxis)
        try c.encode(yAxis, forKey: .yAxis)
        try c.encode(layers, forKey: .layers)
        try c.encode(barMode, forKey: .barMode)
        if barOrientation != .vertical { try c.encode(barOrientation, forKey: .barOrientation) }
        try c.encodeIfPresent(secondaryYAxis, forKey: .secondaryYAxis)
    }
}

extension FigureAxis {
    private enum CodingKeys: String, CodingKey { case label, scale, format, minimum, maximum, categories }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(label: try c.decodeIfPresent(String.self, forKey: .label),
                  scale: try c.decodeIfPresent(AxisScale.self, forKey: .scale) ?? .linear,
                  format: try c.decodeIfPresent(TickFormat.self, forKey: .format) ?? .plain,
                  minimum: try c.decodeIfPresent(Double.self, forKey: .minimum),
                  maximum: try c.decodeIfPresent(Double.self, forKey: .maximum),
                  categories: try c.decodeIfPresent([String].self, forKey: .categories))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(label, forKey: .label)
        try c.encode(scale, forKey: .scale)
        try c.encode(format, forKey: .format)
        try c.encodeIfPresent(finiteOrNil(minimum), forKey: .minimum)
        try c.encodeIfPresent(finiteOrNil(maximum), forKey: .maximum)
        try c.encodeIfPresent(categories, forKey: .categories)
    }
}

extension LineSeries {
    private enum CodingKeys: String, CodingKey { case name, x, y, style, color, markers, axis }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  x: try c.decodeNumbers(forKey: .x),
                  y: try c.decode([Double?].self, forKey: .y),
                  style: try c.decodeIfPresent(LineStyle.self, forKey: .style) ?? .solid,
                  color: try c.decodeIfPresent(Int.self, forKey: .color),
                  markers: try c.decodeIfPresent(Bool.self, forKey: .markers) ?? false,
                  axis: try c.decodeIfPresent(AxisSide.self, forKey: .axis) ?? .primary)
    }

    /// `axis` is written only for lines on the secondary axis.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(x), forKey: .x)
        try c.encode(finiteOrNil(y), forKey: .y)
        try c.encode(style, forKey: .style)
        try c.encodeIfPresent(color, forKey: .color)
        try c.encode(markers, forKey: .markers)
        if axis != .primary { try c.encode(axis, forKey: .axis) }
    }
}

extension Band {
    private enum CodingKeys: String, CodingKey { case name, x, lower, upper, color }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  x: try c.decodeNumbers(forKey: .x),
                  lower: try c.decode([Double?].self, forKey: .lower),
                  upper: try c.decode([Double?].self, forKey: .upper),
                  color: try c.decodeIfPresent(Int.self, forKey: .color))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(x), forKey: .x)
        try c.encode(finiteOrNil(lower), forKey: .lower)
        try c.encode(finiteOrNil(upper), forKey: .upper)
        try c.encodeIfPresent(color, forKey: .color)
    }
}

extension Rule {
    private enum CodingKeys: String, CodingKey { case y, style, x }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let style = try c.decodeIfPresent(LineStyle.self, forKey: .style) ?? .solid
        if c.contains(.x), try !c.decodeNil(forKey: .x) {
            self.init(x: try c.decode(Double.self, forKey: .x), style: style)
        } else {
            self.init(y: try c.decodeIfPresent(Double.self, forKey: .y) ?? .nan, style: style)
        }
    }

    /// A vertical rule writes `x` instead of `y`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let x {
            if x.isFinite { try c.encode(x, forKey: .x) } else { try c.encodeNil(forKey: .x) }
        } else if y.isFinite { try c.encode(y, forKey: .y) } else { try c.encodeNil(forKey: .y) }
        try c.encode(style, forKey: .style)
    }
}

extension BarSeries {
    private enum CodingKeys: String, CodingKey { case name, x, values, color }

    /// `x` may be left out: bars then sit at 0, 1, 2, ….
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let values = try c.decode([Double?].self, forKey: .values)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  x: c.contains(.x) ? try c.decodeNumbers(forKey: .x) : values.indices.map(Double.init),
                  values: values,
                  color: try c.decodeIfPresent(Int.self, forKey: .color))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(x), forKey: .x)
        try c.encode(finiteOrNil(values), forKey: .values)
        try c.encodeIfPresent(color, forKey: .color)
    }
}

extension ScatterSeries {
    private enum CodingKeys: String, CodingKey { case name, x, y, color, fit }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  x: try c.decodeNumbers(forKey: .x),
                  y: try c.decode([Double?].self, forKey: .y),
                  color: try c.decodeIfPresent(Int.self, forKey: .color),
                  fit: try c.decodeIfPresent(Bool.self, forKey: .fit) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(x), forKey: .x)
        try c.encode(finiteOrNil(y), forKey: .y)
        try c.encodeIfPresent(color, forKey: .color)
        try c.encode(fit, forKey: .fit)
    }
}

extension Histogram {
    private enum CodingKeys: String, CodingKey { case name, values, bins, density, color }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  values: try c.decode([Double?].self, forKey: .values),
                  bins: try c.decodeIfPresent(Int.self, forKey: .bins),
                  density: try c.decodeIfPresent(Bool.self, forKey: .density) ?? false,
                  color: try c.decodeIfPresent(Int.self, forKey: .color))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(values), forKey: .values)
        try c.encodeIfPresent(bins, forKey: .bins)
        try c.encode(density, forKey: .density)
        try c.encodeIfPresent(color, forKey: .color)
    }
}

extension AreaSeries {
    private enum CodingKeys: String, CodingKey { case name, x, y, color }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name),
                  x: try c.decodeNumbers(forKey: .x),
                  y: try c.decode([Double?].self, forKey: .y),
                  color: try c.decodeIfPresent(Int.self, forKey: .color))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(finiteOrNil(x), forKey: .x)
        try c.encode(finiteOrNil(y), forKey: .y)
        try c.encodeIfPresent(color, forKey: .color)
    }
}

extension Heatmap {
    private enum CodingKeys: String, CodingKey { case rows, columns, values, scale, minimum, maximum, showValues, valueFormat, colorBarLabel }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rows: try c.decode([String].self, forKey: .rows),
                  columns: try c.decode([String].self, forKey: .columns),
                  values: try c.decode([[Double?]].self, forKey: .values),
                  scale: try c.decodeIfPresent(ColorScale.self, forKey: .scale) ?? .sequential,
                  minimum: try c.decodeIfPresent(Double.self, forKey: .minimum),
                  maximum: try c.decodeIfPresent(Double.self, forKey: .maximum),
                  showValues: try c.decodeIfPresent(Bool.self, forKey: .showValues) ?? false,
                  valueFormat: try c.decodeIfPresent(String.self, forKey: .valueFormat) ?? ".2f",
                  colorBarLabel: try c.decodeIfPresent(String.self, forKey: .colorBarLabel))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(columns, forKey: .columns)
        try c.encode(values.map(finiteOrNil), forKey: .values)
        try c.encode(scale, forKey: .scale)
        try c.encodeIfPresent(finiteOrNil(minimum), forKey: .minimum)
        try c.encodeIfPresent(finiteOrNil(maximum), forKey: .maximum)
        try c.encode(showValues, forKey: .showValues)
        try c.encode(valueFormat, forKey: .valueFormat)
        try c.encodeIfPresent(colorBarLabel, forKey: .colorBarLabel)
    }
}
