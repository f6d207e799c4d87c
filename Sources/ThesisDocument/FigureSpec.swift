import Foundation

/// A figure as plain data: what to draw, not how. Directives return it, the cache stores it
/// (so a cache hit can draw a format an earlier build did not need), and `ThesisFigures`
/// draws it with Cairo as PNG, PDF and SVG. Sizes are in points (1/72 inch).
public struct FigureSpec: Codable, Hashable, Sendable {
    /// Full LaTeX text width (6.3 in).
    public static let fullWidth: Double = 453.6
    public static let defaultHeight: Double = 280

    public var width: Double
    public var height: Double
    public var title: String?
    /// One panel for a simple chart; several for small multiples.
    public var panels: [FigurePanel]
    /// Grid columns for small multiples; rows follow from the panel count.
    public var columns: Int
    /// Small multiples share one y range when true.
    public var sharedYAxis: Bool
    public var legend: LegendPosition

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

    public init(title: String? = nil, xAxis: FigureAxis = FigureAxis(), yAxis: FigureAxis = FigureAxis(),
                layers: [FigureLayer]) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.layers = layers
    }
}

/// An axis: its label, scale and tick-label format.
public struct FigureAxis: Codable, Hashable, Sendable {
    public var label: String?
    public var scale: AxisScale
    public var format: TickFormat
    /// Fixed limits; nil means fitted to the data with nice ticks.
    public var minimum: Double?
    public var maximum: Double?

    public init(label: String? = nil, scale: AxisScale = .linear, format: TickFormat = .plain,
                minimum: Double? = nil, maximum: Double? = nil) {
        self.label = label
        self.scale = scale
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// How axis values map to positions and labels.
public enum AxisScale: String, Codable, Hashable, Sendable {
    case linear
    /// x is a decimal year: year + (month - 1) / 12 for monthly data, year + (quarter - 1) / 4.
    case monthly, quarterly
}

/// How tick labels are written (a real minus sign in every format).
public enum TickFormat: String, Codable, Hashable, Sendable {
    case plain, percent, thousands
}

/// Dash pattern of a line.
public enum LineStyle: String, Codable, Hashable, Sendable {
    case solid, dashed, dotted
}

/// Something drawn inside a panel. Encoded with a `"type"` discriminator.
public enum FigureLayer: Hashable, Sendable {
    /// A line through (x, y); nil values leave gaps.
    case line(LineSeries)
    /// A shaded band between lower and upper, e.g. a confidence band.
    case band(Band)
    /// A horizontal reference line, e.g. the zero line of an impulse response.
    case rule(Rule)
}

public struct LineSeries: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var y: [Double?]
    public var style: LineStyle
    /// Index into the palette; nil picks the next colour.
    public var color: Int?

    public init(name: String? = nil, x: [Double], y: [Double?], style: LineStyle = .solid, color: Int? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.color = color
    }
}

public struct Band: Codable, Hashable, Sendable {
    public var name: String?
    public var x: [Double]
    public var lower: [Double?]
    public var upper: [Double?]
    public var color: Int?

    public init(name: String? = nil, x: [Double], lower: [Double?], upper: [Double?], color: Int? = nil) {
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
    }
}

public struct Rule: Codable, Hashable, Sendable {
    public var y: Double
    public var style: LineStyle

    public init(y: Double, style: LineStyle = .solid) {
        self.y = y
        self.style = style
    }
}

extension FigureLayer: Codable {
    private enum CodingKeys: String, CodingKey { case type }
    private enum Kind: String, Codable { case line, band, rule }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .line: self = .line(try LineSeries(from: decoder))
        case .band: self = .band(try Band(from: decoder))
        case .rule: self = .rule(try Rule(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .line(let layer): try container.encode(Kind.line, forKey: .type); try layer.encode(to: encoder)
        case .band(let layer): try container.encode(Kind.band, forKey: .type); try layer.encode(to: encoder)
        case .rule(let layer): try container.encode(Kind.rule, forKey: .type); try layer.encode(to: encoder)
        }
    }
}
