import Foundation
import ThesisDocument

// The data of a panel made safe to draw: non-finite values become gaps, colours are resolved,
// bars are grouped or stacked, histograms binned, areas stacked. Everything is still in data
// units; `PanelPainter` maps it to the page.

extension Double {
    /// Finite and within ±1e300, so sums, spans and padding stay finite. Anything else is
    /// treated like a missing value.
    var isDrawable: Bool { isFinite && abs(self) <= 1e300 }
}

/// A point in data units.
struct DataPoint: Hashable { var x: Double; var y: Double }

/// A rectangle in data units (bars, histogram bins).
struct DataRect: Hashable { var x0: Double; var x1: Double; var y0: Double; var y1: Double }

/// A closed range of finite values.
struct Extent: Equatable {
    var low: Double
    var high: Double

    init(_ low: Double, _ high: Double) {
        self.low = min(low, high)
        self.high = max(low, high)
    }

    mutating func include(_ v: Double) {
        guard v.isFinite else { return }
        low = min(low, v)
        high = max(high, v)
    }

    static func of<S: Sequence>(_ values: S) -> Extent? where S.Element == Double {
        var result: Extent?
        for v in values where v.isFinite {
            if result == nil { result = Extent(v, v) } else { result?.include(v) }
        }
        return result
    }

    static func union(_ a: Extent?, _ b: Extent?) -> Extent? {
        guard let a else { return b }
        guard let b else { return a }
        return Extent(min(a.low, b.low), max(a.high, b.high))
    }
}

/// What a panel contributes to one axis range.
struct AxisData: Equatable {
    /// Range of the data itself.
    var extent: Extent?
    /// Bars, areas and histograms start at zero: no padding beyond zero on that side.
    var zeroBaseline = false
    /// Reference lines: included only when they are near the data.
    var references: [Double] = []
    /// Scatter plots get padding on x as well.
    var padded = false

    mutating func include(_ e: Extent?) { extent = Extent.union(extent, e) }
}

/// A legend entry: label and how its swatch looks.
struct LegendEntry: Hashable {
    enum Swatch: Hashable {
        case line(LineStyle, markers: Bool)
        case fill(alpha: Double)
        case marker
    }
    var label: String
    var color: Color
    var swatch: Swatch
}

/// A heatmap ready to draw: row 0 of the spec is drawn at the top.
struct PreparedHeatmap {
    var rows: [String]
    var columns: [String]
    var values: [[Double?]]
    var scale: ColorScale
    var range: Extent
    var showValues: Bool
    var valueFormat: String
    var colorBarLabel: String?

    /// The colour of a value.
    func color(_ v: Double) -> Color {
        let span = range.high - range.low
        let t = span > 0 ? (v - range.low) / span : 0.5
        if scale == .grey { return Color(red: min(1, max(0, t)), green: min(1, max(0, t)), blue: min(1, max(0, t))) }
        return Palette.interpolate(scale == .diverging ? Palette.blueWhiteRed : Palette.viridis, t)
    }
}

/// One drawable thing, in data units.
enum Mark {
    /// Runs of connected points, plus isolated points (drawn as dots so they are not lost).
    /// `secondary`: drawn against the panel's right axis.
    case line(runs: [[DataPoint]], isolated: [DataPoint], color: Color, style: LineStyle, markers: Bool,
              secondary: Bool)
    /// Closed polygons (upper edge forward, lower edge back).
    case band(polygons: [[DataPoint]], color: Color)
    case rule(y: Double, style: LineStyle)
    /// A vertical reference line at x.
    case verticalRule(x: Double, style: LineStyle)
    case rects([DataRect], color: Color, alpha: Double)
    case scatter(points: [DataPoint], color: Color, fit: (DataPoint, DataPoint)?)
    /// Filled polygons with their upper edges drawn as thin lines.
    case area(polygons: [[DataPoint]], edges: [[DataPoint]], color: Color)
    case heatmap(PreparedHeatmap)
}

/// A panel's layers, sanitised and in data units.
struct PreparedPanel {
    var marks: [Mark] = []
    var legend: [LegendEntry] = []
    var x = AxisData()
    var y = AxisData()
    /// The right axis: lines drawn against the panel's `secondaryYAxis`.
    var y2 = AxisData()
    /// Whether any line is drawn against the right axis.
    var hasSecondary = false
    var xCategories: [String]?
    /// Bottom to top (heatmap rows are reversed so the first row is on top).
    var yCategories: [String]?
    var heatmap: PreparedHeatmap?
    /// y holds counts: integer ticks.
    var integerY = false
    /// All x values are whole numbers (horizons, years): integer ticks, no 2.5 steps.
    var integerX = false
    /// Scatter plots get vertical grid lines too.
    var verticalGrid = false
    /// No finite data at all: the panel says "No data".
    var hasData: Bool { x.extent != nil || y.extent != nil || y2.extent != nil || heatmap != nil }

    // MARK: - Building

    init(_ panel: FigurePanel) {
        xCategories = panel.xAxis.categories.flatMap { $0.isEmpty ? nil : $0 }
        yCategories = panel.yAxis.categories.flatMap { $0.isEmpty ? nil : $0 }
        let horizontal = panel.barOrientation == .horizontal
        // Horizontal bars list their categories from the top, like a table.
        if horizontal { yCategories = yCategories?.reversed() }
        let categoryCount = panel.yAxis.categories?.count
        let logX = panel.xAxis.scale == .log, logY = panel.yAxis.scale == .log
        let logY2 = panel.secondaryYAxis?.scale == .log
        // Values a log axis cannot show become gaps.
        func positive(_ values: [Double?], _ log: Bool) -> [Double?] {
            log ? values.map { $0.flatMap { $0 > 0 ? $0 : nil } } : values
        }
        func positiveX(_ values: [Double], _ log: Bool) -> [Double] { log ? values.map { $0 > 0 ? $0 : .nan } : values }
        let colors = PreparedPanel.resolveColors(panel.layers)
        // Histograms in one panel share their bins, so they can be compared bar by bar.
        let histograms = panel.layers.compactMap { if case .histogram(let h) = $0 { return h }; return nil }
        let pooled = histograms.flatMap { $0.values.compactMap { $0 }.filter(\.isDrawable) }
        let sharedEdges = pooled.isEmpty ? [] : Binning.edges(for: pooled, bins: histograms.lazy.compactMap(\.bins).first)
        let barLayers = panel.layers.indices.filter { if case .bars = panel.layers[$0] { return true }; return false }
        let barSlot = PreparedPanel.slotWidth(panel, barLayers: barLayers)
        var stackedUp: [Double: Double] = [:], stackedDown: [Double: Double] = [:]
        var areaTops: [Double: Double] = [:]

        for (index, layer) in panel.layers.enumerated() {
            let color = colors[index]
            switch layer {
            case .line(let s):
                let secondary = s.axis == .secondary && panel.secondaryYAxis != nil
                let (runs, isolated) = PreparedPanel.runs(x: positiveX(s.x, logX), y: positive(s.y, secondary ? logY2 : logY))
                guard !runs.isEmpty || !isolated.isEmpty else { break }
                marks.append(.line(runs: runs, isolated: isolated, color: color, style: s.style, markers: s.markers,
                                   secondary: secondary))
                let all = runs.joined() + isolated
                x.include(Extent.of(all.map(\.x)))
                if secondary {
                    y2.include(Extent.of(all.map(\.y)))
                    hasSecondary = true
                } else {
                    y.include(Extent.of(all.map(\.y)))
                }
                addLegend(s.name.map { secondary ? "\($0) (right axis)" : $0 }, color, .line(s.style, markers: s.markers))
                if s.markers { x.padded = true }  // whole markers at the ends

            case .band(let b):
                var polygons: [[DataPoint]] = []
                var run: [(Double, Double, Double)] = []
                func flush() {
                    if run.count >= 2 {
                        polygons.append(run.map { DataPoint(x: $0.0, y: $0.2) } + run.reversed().map { DataPoint(x: $0.0, y: $0.1) })
                    }
                    run = []
                }
                let lowerValues = positive(b.lower, logY), upperValues = positive(b.upper, logY)
                let bandX = positiveX(b.x, logX)
                for i in 0..<min(b.x.count, b.lower.count, b.upper.count) {
                    if let lo = lowerValues[i], let hi = upperValues[i], lo.isDrawable, hi.isDrawable, bandX[i].isDrawable {
                        run.append((b.x[i], lo, hi))
                    } else { flush() }
                }
                flush()
                guard !polygons.isEmpty else { break }
                marks.append(.band(polygons: polygons, color: color))
                x.include(Extent.of(polygons.joined().map(\.x)))
                y.include(Extent.of(polygons.joined().map(\.y)))
                addLegend(b.name, color, .fill(alpha: Theme.bandAlpha))

            case .rule(let r) where r.x != nil:
                guard let at = r.x, at.isDrawable, !(logX && at <= 0) else { break }
                marks.append(.verticalRule(x: at, style: r.style))
                x.references.append(at)

            case .rule(let r):
                guard r.y.isDrawable, !(logY && r.y <= 0) else { break }
                marks.append(.rule(y: r.y, style: r.style))
                y.references.append(r.y)

            case .bars(let s):
                let group = barLayers.firstIndex(of: index) ?? 0
                var rects: [DataRect] = []
                for i in 0..<min(s.x.count, s.values.count) {
                    guard let v = s.values[i], v.isDrawable, s.x[i].isDrawable else { continue }
                    // Horizontal bars: the first category on top.
                    let centre = horizontal ? categoryCount.map { Double($0 - 1) - s.x[i] } ?? s.x[i] : s.x[i]
                    // Along the category axis (a0…a1) and along the value axis (v0…v1).
                    var a0: Double, a1: Double, v0: Double, v1: Double
                    switch panel.barMode {
                    case .grouped:
                        let groupWidth = 0.8 * barSlot
                        let width = groupWidth / Double(max(1, barLayers.count))
                        // The first layer on the left, or on top for horizontal bars.
                        let offset = horizontal ? Double(barLayers.count - 1 - group) : Double(group)
                        a0 = centre - groupWidth / 2 + offset * width
                        a1 = a0 + width
                        (v0, v1) = (0, v)
                    case .stacked:
                        let half = 0.35 * barSlot
                        let base = v >= 0 ? stackedUp[centre, default: 0] : stackedDown[centre, default: 0]
                        (a0, a1, v0, v1) = (centre - half, centre + half, base, base + v)
                        if v >= 0 { stackedUp[centre] = base + v } else { stackedDown[centre] = base + v }
                    }
                    rects.append(horizontal ? DataRect(x0: v0, x1: v1, y0: a0, y1: a1) : DataRect(x0: a0, x1: a1, y0: v0, y1: v1))
                    let slot = Extent(centre - barSlot / 2, centre + barSlot / 2)
                    if horizontal { y.include(slot) } else { x.include(slot) }
                }
                guard !rects.isEmpty else { break }
                marks.append(.rects(rects, color: color, alpha: 1))
                if horizontal {
                    x.include(Extent.of(rects.flatMap { [$0.x0, $0.x1] }.filter { !logX || $0 > 0 }))
                    x.zeroBaseline = true
                    x.padded = true
                    verticalGrid = true
                } else {
                    y.include(Extent.of(rects.flatMap { [$0.y0, $0.y1] }.filter { !logY || $0 > 0 }))
                    y.zeroBaseline = true
                }
                addLegend(s.name, color, .fill(alpha: 1))

            case .scatter(let s):
                var points: [DataPoint] = []
                let scatterX = positiveX(s.x, logX), scatterY = positive(s.y, logY)
                for i in 0..<min(s.x.count, s.y.count) {
                    if let v = scatterY[i], v.isDrawable, scatterX[i].isDrawable {
                        points.append(DataPoint(x: scatterX[i], y: v))
                    }
                }
                guard !points.isEmpty else { break }
                var fitLine: (DataPoint, DataPoint)?
                // A straight least-squares line is straight on linear axes only.
                if s.fit, !logX, !logY, let f = LeastSquares.fit(points.map { ($0.x, $0.y) }),
                   let xr = Extent.of(points.map(\.x)) {
                    let a = DataPoint(x: xr.low, y: f.intercept + f.slope * xr.low)
                    let b = DataPoint(x: xr.high, y: f.intercept + f.slope * xr.high)
                    if a.y.isFinite && b.y.isFinite { fitLine = (a, b) }
                }
                marks.append(.scatter(points: points, color: color, fit: fitLine))
                x.include(Extent.of(points.map(\.x)))
                y.include(Extent.of(points.map(\.y)))
                if let fitLine { y.include(Extent(fitLine.0.y, fitLine.1.y)) }
                x.padded = true
                verticalGrid = true
                addLegend(s.name, color, .marker)
                if fitLine != nil, let name = s.name, !name.isEmpty {
                    addLegend("\(name): least-squares fit", color, .line(.solid, markers: false))
                }

            case .histogram(let h):
                let values = h.values.compactMap { $0 }.filter(\.isDrawable)
                guard !values.isEmpty else { break }
                let edges = sharedEdges.count >= 2 ? sharedEdges : Binning.edges(for: values, bins: h.bins)
                let counts = Binning.counts(values, edges: edges)
                var rects: [DataRect] = []
                for (i, c) in counts.enumerated() {
                    let width = edges[i + 1] - edges[i]
                    let height = h.density ? Double(c) / (Double(values.count) * width) : Double(c)
                    rects.append(DataRect(x0: edges[i], x1: edges[i + 1], y0: 0, y1: height))
                }
                marks.append(.rects(rects, color: color, alpha: Theme.histogramAlpha))
                x.include(Extent.of(edges))
                y.include(Extent.of(rects.map(\.y1) + [0]))
                y.zeroBaseline = true
                if !h.density { integerY = true }
                addLegend(h.name, color, .fill(alpha: Theme.histogramAlpha))

            case .area(let s):
                var polygons: [[DataPoint]] = [], edges: [[DataPoint]] = []
                var top: [DataPoint] = [], base: [DataPoint] = []
                for i in 0..<min(s.x.count, s.y.count) where s.x[i].isDrawable {
                    let v = s.y[i].flatMap { $0.isDrawable ? $0 : nil } ?? 0
                    let below = areaTops[s.x[i], default: 0]
                    areaTops[s.x[i]] = below + v
                    top.append(DataPoint(x: s.x[i], y: below + v))
                    base.append(DataPoint(x: s.x[i], y: below))
                }
                guard top.count >= 1 else { break }
                polygons.append(top + base.reversed())
                edges.append(top)
                marks.append(.area(polygons: polygons, edges: edges, color: color))
                x.include(Extent.of(top.map(\.x)))
                y.include(Extent.of(top.map(\.y) + base.map(\.y)))
                y.zeroBaseline = true
                addLegend(s.name, color, .fill(alpha: Theme.areaAlpha))

            case .heatmap(let h):
                let finite = h.values.joined().compactMap { $0 }.filter(\.isDrawable)
                var range = Extent.of(finite) ?? Extent(0, 1)
                if h.scale == .sequential && range.low > 0 { range.low = 0 }  // counts and shares start at zero
                if h.scale == .grey { range = Extent(0, 1) }  // pixel values on the 0-1 scale
                if h.scale == .diverging {
                    let m = max(abs(range.low), abs(range.high))
                    range = Extent(-m, m)
                }
                if let lo = h.minimum, lo.isDrawable { range.low = lo }
                if let hi = h.maximum, hi.isDrawable { range.high = hi }
                if !(range.high > range.low) { range = Extent(range.low - 0.5, range.low + 0.5) }
                let prepared = PreparedHeatmap(
                    rows: h.rows, columns: h.columns, values: h.values, scale: h.scale, range: range,
                    showValues: h.showValues, valueFormat: ValueFormat.isValid(h.valueFormat) ? h.valueFormat : ".2f",
                    colorBarLabel: h.colorBarLabel)
                heatmap = prepared
                marks.append(.heatmap(prepared))
                xCategories = h.columns
                yCategories = h.rows.reversed()
            }
        }
        integerX = PreparedPanel.allIntegerX(marks)
    }

    /// Whether every x value drawn by lines, bands, areas and scatters is a whole number.
    private static func allIntegerX(_ marks: [Mark]) -> Bool {
        var any = false
        for mark in marks {
            let xs: [Double]
            switch mark {
            case .line(let runs, let isolated, _, _, _, _): xs = runs.joined().map(\.x) + isolated.map(\.x)
            case .band(let polygons, _): xs = polygons.joined().map(\.x)
            case .scatter(let points, _, _): xs = points.map(\.x)
            case .area(_, let edges, _): xs = edges.joined().map(\.x)
            case .rule, .verticalRule: xs = []
            case .rects, .heatmap: return false
            }
            guard xs.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e15 }) else { return false }
            any = any || !xs.isEmpty
        }
        return any
    }

    private mutating func addLegend(_ name: String?, _ color: Color, _ swatch: LegendEntry.Swatch) {
        guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        let entry = LegendEntry(label: name, color: color, swatch: swatch)
        if !legend.contains(entry) { legend.append(entry) }
    }

    /// Splits a series at nil and non-finite values: runs of two or more points, and the
    /// single points between gaps.
    static func runs(x: [Double], y: [Double?]) -> (runs: [[DataPoint]], isolated: [DataPoint]) {
        var runs: [[DataPoint]] = [], isolated: [DataPoint] = [], current: [DataPoint] = []
        func flush() {
            if current.count >= 2 { runs.append(current) } else if let p = current.first { isolated.append(p) }
            current = []
        }
        for i in 0..<min(x.count, y.count) {
            if let v = y[i], v.isDrawable, x[i].isDrawable {
                current.append(DataPoint(x: x[i], y: v))
            } else {
                flush()
            }
        }
        flush()
        return (runs, isolated)
    }

    /// Palette colours per layer: explicit indices first; series without one take the next
    /// unused index; bands without one take the colour of the next series (or the previous).
    static func resolveColors(_ layers: [FigureLayer]) -> [Color] {
        func explicit(_ layer: FigureLayer) -> (consumes: Bool, index: Int?) {
            switch layer {
            case .line(let s): return (true, s.color)
            case .bars(let s): return (true, s.color)
            case .scatter(let s): return (true, s.color)
            case .histogram(let s): return (true, s.color)
            case .area(let s): return (true, s.color)
            case .band(let b): return (false, b.color)
            case .rule, .heatmap: return (false, nil)
            }
        }
        let info = layers.map(explicit)
        let used = Set(info.compactMap { $0.consumes ? $0.index : nil })
        var next = 0
        var indices: [Int?] = info.map { item in
            guard item.consumes else { return item.index }
            if let index = item.index { return index }
            while used.contains(next) && next < used.count + Palette.series.count { next += 1 }
            defer { next += 1 }
            return next
        }
        for i in indices.indices where indices[i] == nil {
            guard case .band = layers[i] else { continue }
            let after = (i + 1..<layers.count).first { info[$0].consumes }
            let before = (0..<i).reversed().first { info[$0].consumes }
            indices[i] = (after ?? before).flatMap { indices[$0] } ?? 0
        }
        return indices.map { Palette.color($0 ?? 0) }
    }

    /// The spacing of bar positions: the smallest gap between distinct x values (1 if none).
    static func slotWidth(_ panel: FigurePanel, barLayers: [Int]) -> Double {
        if panel.xAxis.categories != nil { return 1 }
        var xs: [Double] = []
        for i in barLayers { if case .bars(let s) = panel.layers[i] { xs += s.x.filter(\.isDrawable) } }
        let sorted = Array(Set(xs)).sorted()
        var gap = Double.infinity
        for i in sorted.indices.dropFirst() { gap = min(gap, sorted[i] - sorted[i - 1]) }
        return gap.isFinite && gap > 0 ? gap : 1
    }
}
