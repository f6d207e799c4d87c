import Foundation
import ThesisDocument

/// A measured legend: entries in rows, ready to draw at an origin.
struct LegendBlock {
    var entries: [LegendEntry]
    var labels: [String]
    /// Entry indices per row (one entry per row when stacked vertically).
    var rows: [[Int]]
    var rowWidths: [Double]
    var width: Double
    var height: Double
    /// Inside a panel: white background and a thin frame.
    var framed: Bool

    static let swatchWidth = 14.0
    static let swatchGap = 4.0
    static let itemGap = 12.0

    /// Lays out `entries` within `maxWidth`: flowing in rows (`horizontal`) or one per row.
    /// - Parameter labelLimit: the widest a label may be before it is shortened with "…".
    init(entries: [LegendEntry], maxWidth: Double, horizontal: Bool, framed: Bool, canvas: CairoCanvas,
         labelLimit: Double = .infinity) {
        self.entries = entries
        self.framed = framed
        let padding = framed ? Theme.legendPadding : 0
        let font = canvas.fontMetrics(size: Theme.legendSize)
        let limit = max(20, min(labelLimit, maxWidth - 2 * padding - Self.swatchWidth - Self.swatchGap))
        labels = entries.map { entry in
            TextFit.truncate(entry.label, width: limit) { canvas.textWidth($0, size: Theme.legendSize) }
        }
        let itemWidths = labels.map { Self.swatchWidth + Self.swatchGap + canvas.textWidth($0, size: Theme.legendSize) }
        var rows: [[Int]] = []
        var rowWidths: [Double] = []
        if horizontal {
            var current: [Int] = [], width = 0.0
            for (i, w) in itemWidths.enumerated() {
                let added = current.isEmpty ? w : width + Self.itemGap + w
                if !current.isEmpty && added > maxWidth - 2 * padding {
                    rows.append(current); rowWidths.append(width)
                    current = [i]; width = w
                } else {
                    current.append(i); width = added
                }
            }
            if !current.isEmpty { rows.append(current); rowWidths.append(width) }
        } else {
            rows = itemWidths.indices.map { [$0] }
            rowWidths = itemWidths
        }
        self.rows = rows
        self.rowWidths = rowWidths
        width = (rowWidths.max() ?? 0) + 2 * padding
        height = Double(rows.count) * Self.rowHeight(font) - 2 + 2 * padding
    }

    static func rowHeight(_ font: FontMetrics) -> Double { font.height + 2 }

    /// Draws the legend with its top-left corner at `origin`; rows are centred when `centred`.
    func draw(at origin: Point, centred: Bool, canvas: CairoCanvas) {
        let padding = framed ? Theme.legendPadding : 0
        if framed {
            let frame = Rect(x: origin.x, y: origin.y, width: width, height: height)
            canvas.fillRect(frame, color: Theme.background, alpha: 0.88)
            canvas.setColor(Theme.legendFrame)
            canvas.setLine(width: 0.5)
            canvas.rectangle(frame)
            canvas.stroke()
        }
        let font = canvas.fontMetrics(size: Theme.legendSize)
        let rowHeight = Self.rowHeight(font)
        for (r, row) in rows.enumerated() {
            var x = origin.x + padding + (centred ? (width - 2 * padding - rowWidths[r]) / 2 : 0)
            let midY = origin.y + padding + Double(r) * rowHeight + font.height / 2
            for i in row {
                drawSwatch(entries[i], at: Point(x: x, y: midY), canvas: canvas)
                let labelX = x + Self.swatchWidth + Self.swatchGap
                canvas.drawText(labels[i], at: Point(x: labelX, y: midY), size: Theme.legendSize, color: Theme.text,
                                baseline: .middle)
                x = labelX + canvas.textWidth(labels[i], size: Theme.legendSize) + Self.itemGap
            }
        }
    }

    private func drawSwatch(_ entry: LegendEntry, at p: Point, canvas: CairoCanvas) {
        let w = Self.swatchWidth
        switch entry.swatch {
        case .line(let style, let markers):
            canvas.setColor(entry.color)
            canvas.setLine(width: Theme.lineWidth, dash: Theme.dash(style, width: Theme.lineWidth))
            canvas.strokeLine(from: Point(x: p.x, y: p.y), to: Point(x: p.x + w, y: p.y))
            if markers {
                canvas.circle(center: Point(x: p.x + w / 2, y: p.y), radius: Theme.markerRadius)
                canvas.fill()
            }
        case .fill(let alpha):
            let rect = Rect(x: p.x + 1, y: p.y - 3.5, width: w - 2, height: 7)
            canvas.fillRect(rect, color: entry.color, alpha: alpha)
        case .marker:
            canvas.setColor(entry.color, alpha: 0.8)
            canvas.circle(center: Point(x: p.x + w / 2, y: p.y), radius: Theme.markerRadius + 0.3)
            canvas.fill()
        }
    }
}

/// A coarse map of where a panel's data is drawn, to put a legend where it hides least.
struct Occupancy {
    let plot: Rect
    let cell = 3.0
    let columns: Int
    let rows: Int
    private(set) var weights: [Double]

    init(plot: Rect) {
        self.plot = plot
        columns = max(1, Int((plot.width / cell).rounded(.up)))
        rows = max(1, Int((plot.height / cell).rounded(.up)))
        weights = Array(repeating: 0, count: columns * rows)
    }

    private func index(_ p: Point) -> Int? {
        guard plot.contains(p) else { return nil }
        let c = min(columns - 1, Int((p.x - plot.minX) / cell))
        let r = min(rows - 1, Int((p.y - plot.minY) / cell))
        return r * columns + c
    }

    mutating func mark(_ p: Point, weight: Double) {
        if let i = index(p) { weights[i] = max(weights[i], weight) }
    }

    mutating func markSegment(_ a: Point, _ b: Point, weight: Double) {
        guard let (a, b) = Clipper.clipSegment(a, b, to: plot) else { return }
        let length = hypot(b.x - a.x, b.y - a.y)
        let steps = min(10_000, max(1, Int(length / (cell / 2))))
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            mark(Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)), weight: weight)
        }
    }

    mutating func markRect(_ r: Rect, weight: Double) {
        let x0 = max(r.minX, plot.minX), x1 = min(r.maxX, plot.maxX)
        let y0 = max(r.minY, plot.minY), y1 = min(r.maxY, plot.maxY)
        guard x0 <= x1, y0 <= y1 else { return }
        var y = y0
        while y <= y1 {
            var x = x0
            while x <= x1 { mark(Point(x: x, y: y), weight: weight); x += cell }
            mark(Point(x: x1, y: y), weight: weight)
            y += cell
        }
    }

    /// The weighted share of `rect` that covers data (0 = free, 1 = all data).
    func cost(of rect: Rect) -> Double {
        var total = 0.0, cells = 0
        var y = rect.minY
        while y < rect.maxY {
            var x = rect.minX
            while x < rect.maxX {
                if let i = index(Point(x: x + cell / 2, y: y + cell / 2)) { total += weights[i] }
                cells += 1
                x += cell
            }
            y += cell
        }
        return cells == 0 ? 0 : total / Double(cells)
    }
}

/// Where the legend ends up.
enum LegendPlacement {
    case inside(panel: Int, origin: Point)
    case outside(LegendReservation.Side)
}

/// Chooses the legend's place.
enum LegendPlacer {
    /// Above this share of covered data the best corner counts as crowded and the legend goes
    /// below the panels. Small multiples are stricter: their panels are small, and a legend
    /// below the grid reads naturally.
    static func crowdedShare(panels: Int) -> Double { panels > 1 ? 0.005 : 0.01 }
    static let inset = 4.0

    static func corners(for block: LegendBlock, in plot: Rect) -> [(LegendPosition, Point)] {
        let left = plot.minX + inset, right = plot.maxX - inset - block.width
        let top = plot.minY + inset, bottom = plot.maxY - inset - block.height
        return [(.upperRight, Point(x: right, y: top)), (.upperLeft, Point(x: left, y: top)),
                (.lowerRight, Point(x: right, y: bottom)), (.lowerLeft, Point(x: left, y: bottom))]
    }

    static func fits(_ block: LegendBlock, in plot: Rect) -> Bool {
        block.width <= plot.width - 2 * inset && block.height <= plot.height - 2 * inset
    }

    /// The corner (over all panels) that covers the least data, or nil when even that one
    /// covers more than `threshold` or the legend fits in no panel.
    static func bestCorner(block: LegendBlock, layouts: [PanelLayout], occupancies: [Occupancy?],
                           only position: LegendPosition?, threshold: Double) -> LegendPlacement? {
        var best: (cost: Double, placement: LegendPlacement)?
        for (p, layout) in layouts.enumerated() {
            guard let occupancy = occupancies[p], fits(block, in: layout.plot) else { continue }
            for (corner, origin) in corners(for: block, in: layout.plot) {
                if let position, position != corner { continue }
                // A margin around the box keeps the frame off the data, not just the text.
                let rect = Rect(x: origin.x - 3, y: origin.y - 3, width: block.width + 6, height: block.height + 6)
                let cost = occupancy.cost(of: rect)
                if best == nil || cost < (best?.cost ?? .infinity) - 1e-9 {
                    best = (cost, .inside(panel: p, origin: origin))
                }
            }
            if position != nil { break }  // an explicit corner goes in the first panel that fits
        }
        guard let best else { return nil }
        if best.cost > threshold { return nil }
        return best.placement
    }
}
