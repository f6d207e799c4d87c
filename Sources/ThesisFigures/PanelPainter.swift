import Foundation
import ThesisDocument

/// Maps data units to the page inside one plot area.
struct PanelTransform {
    let plot: Rect
    let x: AxisPlan
    let y: AxisPlan
    /// The right axis, when the panel has one.
    var y2: AxisPlan? = nil

    func point(_ p: DataPoint) -> Point {
        Point(x: x.map(p.x, plot.minX, plot.maxX), y: y.map(p.y, plot.maxY, plot.minY))
    }

    /// A point of a line drawn against the right axis (or the left one when there is none).
    func point(_ p: DataPoint, secondary: Bool) -> Point {
        guard secondary, let y2 else { return point(p) }
        return Point(x: x.map(p.x, plot.minX, plot.maxX), y: y2.map(p.y, plot.maxY, plot.minY))
    }

    func rect(_ r: DataRect) -> Rect {
        let a = point(DataPoint(x: r.x0, y: r.y0)), b = point(DataPoint(x: r.x1, y: r.y1))
        return Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
    }

    /// Geometry is clipped to this box before it reaches Cairo (see `Clipper`).
    var safeBox: Rect { plot.insetBy(dx: -20, dy: -20) }
}

/// Draws one panel: grid, data, axes, tick labels, titles, colour bar.
struct PanelPainter {
    let canvas: CairoCanvas
    let layout: PanelLayout
    let data: PreparedPanel

    var transform: PanelTransform { PanelTransform(plot: layout.plot, x: layout.x, y: layout.y, y2: layout.y2) }
    /// Thinner lines in small panels.
    var lineWidth: Double { layout.plot.width < 170 ? Theme.smallLineWidth : Theme.lineWidth }

    func draw() {
        drawGrid()
        canvas.save()
        canvas.clip(to: layout.plot.insetBy(dx: -1.5, dy: -1.5))
        for mark in data.marks { draw(mark) }
        canvas.restore()
        if !data.hasData {
            canvas.drawText("No data", at: Point(x: layout.plot.midX, y: layout.plot.midY), size: Theme.noteSize,
                            color: Theme.tickText, align: .center, baseline: .middle)
        }
        drawAxes()
        drawSecondaryAxis()
        drawTitles()
        drawColorBar()
    }

    // MARK: - Grid and axes

    private func drawGrid() {
        guard data.heatmap == nil else { return }
        let plot = layout.plot
        canvas.setColor(Theme.grid)
        canvas.setLine(width: Theme.gridWidth)
        if !layout.y.categorical {
            for t in layout.y.ticks {
                let y = snap(layout.y.map(t, plot.maxY, plot.minY))
                canvas.move(to: Point(x: plot.minX, y: y))
                canvas.line(to: Point(x: plot.maxX, y: y))
            }
        }
        if data.verticalGrid && !layout.x.categorical {
            for t in layout.x.ticks {
                let x = snap(layout.x.map(t, plot.minX, plot.maxX))
                canvas.move(to: Point(x: x, y: plot.minY))
                canvas.line(to: Point(x: x, y: plot.maxY))
            }
        }
        canvas.stroke()
    }

    private func drawAxes() {
        let plot = layout.plot
        let heatmap = data.heatmap != nil
        let tick = heatmap ? 0 : Theme.tickLength
        let font = canvas.fontMetrics(size: Theme.tickSize)
        if !heatmap {
            canvas.setColor(Theme.axis)
            canvas.setLine(width: Theme.axisWidth, cap: .square)
            canvas.move(to: Point(x: plot.minX, y: plot.minY))
            canvas.line(to: Point(x: plot.minX, y: plot.maxY))
            canvas.line(to: Point(x: plot.maxX, y: plot.maxY))
            canvas.stroke()
            canvas.setLine(width: Theme.axisWidth)
            for t in layout.x.ticks {
                let x = snap(layout.x.map(t, plot.minX, plot.maxX))
                canvas.move(to: Point(x: x, y: plot.maxY))
                canvas.line(to: Point(x: x, y: plot.maxY + tick))
            }
            for t in layout.x.minor where t >= layout.x.low && t <= layout.x.high {
                let x = snap(layout.x.map(t, plot.minX, plot.maxX))
                canvas.move(to: Point(x: x, y: plot.maxY))
                canvas.line(to: Point(x: x, y: plot.maxY + tick * 0.55))
            }
            for t in layout.y.ticks {
                let y = snap(layout.y.map(t, plot.maxY, plot.minY))
                canvas.move(to: Point(x: plot.minX, y: y))
                canvas.line(to: Point(x: plot.minX - tick, y: y))
            }
            canvas.stroke()
        }
        if layout.showXLabels {
            let slot = layout.x.categorical ? plot.width / Double(max(1, layout.x.ticks.count)) : .infinity
            // Thinned category labels may use the room of their unlabelled neighbours.
            let labelled = layout.x.labels.indices.filter { !layout.x.labels[$0].isEmpty }
            var room: [Int: Double] = [:]
            for (k, i) in labelled.enumerated() {
                let before = k > 0 ? i - labelled[k - 1] : Int.max, after = k + 1 < labelled.count ? labelled[k + 1] - i : Int.max
                let gap = min(before, after)
                room[i] = gap == Int.max ? plot.width : slot * Double(gap)
            }
            for (index, (t, label)) in zip(layout.x.ticks, layout.x.labels).enumerated() where !label.isEmpty {
                let x = layout.x.map(t, plot.minX, plot.maxX)
                let y = plot.maxY + tick + Theme.tickLabelGap
                if layout.x.rotated {
                    let text = fit(label, TextFit.maximumCategoryLabel)
                    canvas.drawText(text, at: Point(x: x + font.height * 0.35, y: y), size: Theme.tickSize,
                                    color: Theme.tickText, align: .right, baseline: .top, angle: Double.pi / 4)
                } else {
                    let text = slot.isFinite ? fit(label, (room[index] ?? slot) - 2) : label
                    canvas.drawText(text, at: Point(x: x, y: y), size: Theme.tickSize, color: Theme.tickText,
                                    align: .center, baseline: .top)
                }
            }
        }
        if layout.showYLabels {
            for (t, label) in zip(layout.y.ticks, layout.y.labels) where !label.isEmpty {
                let y = layout.y.map(t, plot.maxY, plot.minY)
                canvas.drawText(fit(label, TextFit.maximumTickLabel), at: Point(x: plot.minX - tick - Theme.tickLabelGap, y: y),
                                size: Theme.tickSize, color: Theme.tickText, align: .right, baseline: .middle)
            }
        }
    }

    /// The right axis of a panel with lines on a second scale: axis line, ticks, labels, title.
    private func drawSecondaryAxis() {
        guard let y2 = layout.y2 else { return }
        let plot = layout.plot
        canvas.setColor(Theme.axis)
        canvas.setLine(width: Theme.axisWidth, cap: .square)
        canvas.strokeLine(from: Point(x: plot.maxX, y: plot.minY), to: Point(x: plot.maxX, y: plot.maxY))
        canvas.setLine(width: Theme.axisWidth)
        for t in y2.ticks {
            let y = snap(y2.map(t, plot.maxY, plot.minY))
            canvas.move(to: Point(x: plot.maxX, y: y))
            canvas.line(to: Point(x: plot.maxX + Theme.tickLength, y: y))
        }
        canvas.stroke()
        for (t, label) in zip(y2.ticks, y2.labels) where !label.isEmpty {
            let y = y2.map(t, plot.maxY, plot.minY)
            canvas.drawText(fit(label, TextFit.maximumTickLabel),
                            at: Point(x: plot.maxX + Theme.tickLength + Theme.tickLabelGap, y: y),
                            size: Theme.tickSize, color: Theme.tickText, align: .left, baseline: .middle)
        }
        if let title = y2.title {
            let labelFont = canvas.fontMetrics(size: Theme.labelSize)
            let text = TextFit.truncate(title, width: plot.height) { canvas.textWidth($0, size: Theme.labelSize) }
            canvas.drawText(text, at: Point(x: layout.cell.maxX - labelFont.height / 2, y: plot.midY), size: Theme.labelSize,
                            color: Theme.text, align: .center, baseline: .middle, angle: -Double.pi / 2)
        }
    }

    private func drawTitles() {
        let plot = layout.plot
        let labelFont = canvas.fontMetrics(size: Theme.labelSize)
        if layout.showYTitle, let title = layout.y.title {
            let text = TextFit.truncate(title, width: plot.height) { canvas.textWidth($0, size: Theme.labelSize) }
            canvas.drawText(text, at: Point(x: layout.cell.minX + labelFont.height / 2, y: plot.midY), size: Theme.labelSize,
                            color: Theme.text, align: .center, baseline: .middle, angle: Double.pi / 2)
        }
        if layout.showXTitle, let title = layout.x.title {
            let text = TextFit.truncate(title, width: layout.cell.width) { canvas.textWidth($0, size: Theme.labelSize) }
            canvas.drawText(text, at: Point(x: plot.midX, y: layout.cell.maxY), size: Theme.labelSize,
                            color: Theme.text, align: .center, baseline: .bottom)
        }
        if let title = layout.title {
            canvas.drawText(title, at: Point(x: layout.titleCentre, y: plot.minY - Theme.panelTitleGap), size: layout.titleSize,
                            color: Theme.text, align: .center, baseline: .bottom)
        }
    }

    private func drawColorBar() {
        guard let bar = layout.colorBar, let axis = layout.colorBarAxis, let heatmap = data.heatmap else { return }
        let stops = (0...24).map { heatmap.color(heatmap.range.low + Double($0) / 24 * (heatmap.range.high - heatmap.range.low)) }
        canvas.fillVerticalGradient(bar, stops: stops)
        canvas.setColor(Theme.axis)
        canvas.setLine(width: 0.5)
        canvas.rectangle(bar)
        canvas.stroke()
        var widest = 0.0
        for (t, label) in zip(axis.ticks, axis.labels) {
            let y = axis.map(t, bar.maxY, bar.minY)
            canvas.strokeLine(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + 2, y: y))
            canvas.drawText(label, at: Point(x: bar.maxX + 2 + Theme.tickLabelGap, y: y), size: Theme.tickSize,
                            color: Theme.tickText, baseline: .middle)
            widest = max(widest, canvas.textWidth(label, size: Theme.tickSize))
        }
        if let title = axis.title {
            let labelFont = canvas.fontMetrics(size: Theme.labelSize)
            let x = bar.maxX + 2 + Theme.tickLabelGap + widest + Theme.axisLabelGap + labelFont.height / 2
            let text = TextFit.truncate(title, width: bar.height) { canvas.textWidth($0, size: Theme.labelSize) }
            canvas.drawText(text, at: Point(x: x, y: bar.midY), size: Theme.labelSize, color: Theme.text,
                            align: .center, baseline: .middle, angle: Double.pi / 2)
        }
    }

    // MARK: - Marks

    private func draw(_ mark: Mark) {
        let t = transform
        let box = t.safeBox
        switch mark {
        case .line(let runs, let isolated, let color, let style, let markers, let secondary):
            let place = { (p: DataPoint) in t.point(p, secondary: secondary) }
            canvas.setColor(color)
            canvas.setLine(width: lineWidth, dash: Theme.dash(style, width: lineWidth))
            for run in runs {
                for piece in Clipper.clipPolyline(run.map(place), to: box) { canvas.polyline(piece) }
            }
            canvas.stroke()
            let dots = (markers ? Array(runs.joined()) : []) + isolated
            let radius = markers ? Theme.markerRadius : lineWidth * 1.1
            for p in dots.map(place) where box.contains(p) { canvas.circle(center: p, radius: radius) }
            canvas.fill()

        case .band(let polygons, let color):
            canvas.setColor(color, alpha: Theme.bandAlpha)
            for polygon in polygons {
                let clipped = Clipper.clipPolygon(polygon.map(t.point), to: box)
                canvas.polyline(clipped)
                canvas.closePath()
            }
            canvas.fill()

        case .rule(let y, let style):
            guard y >= layout.y.low && y <= layout.y.high else { break }
            let py = snap(layout.y.map(y, layout.plot.maxY, layout.plot.minY))
            canvas.setColor(Theme.rule)
            canvas.setLine(width: Theme.ruleWidth, dash: Theme.dash(style, width: Theme.ruleWidth))
            canvas.strokeLine(from: Point(x: layout.plot.minX, y: py), to: Point(x: layout.plot.maxX, y: py))

        case .verticalRule(let x, let style):
            guard x >= layout.x.low && x <= layout.x.high else { break }
            let px = snap(layout.x.map(x, layout.plot.minX, layout.plot.maxX))
            canvas.setColor(Theme.rule)
            canvas.setLine(width: Theme.ruleWidth, dash: Theme.dash(style, width: Theme.ruleWidth))
            canvas.strokeLine(from: Point(x: px, y: layout.plot.minY), to: Point(x: px, y: layout.plot.maxY))

        case .rects(let rects, let color, let alpha):
            canvas.setColor(color, alpha: alpha)
            var drawn: [Rect] = []
            for r in rects {
                let page = clamp(t.rect(r), to: box)
                guard page.width > 0, page.height > 0 else { continue }
                canvas.rectangle(page)
                drawn.append(page)
            }
            canvas.fill()
            // Thin white seams between adjacent bars, bins and stacked segments.
            if drawn.count > 1, drawn.allSatisfy({ $0.width > 2.5 }) {
                canvas.setColor(Theme.background)
                canvas.setLine(width: 0.4)
                for r in drawn { canvas.rectangle(r) }
                canvas.stroke()
            }

        case .scatter(let points, let color, let fit):
            canvas.setColor(color, alpha: 0.75)
            for p in points.map(t.point) where box.contains(p) { canvas.circle(center: p, radius: Theme.markerRadius + 0.2) }
            canvas.fill()
            if let (a, b) = fit, let (pa, pb) = Clipper.clipSegment(t.point(a), t.point(b), to: box) {
                canvas.setColor(color)
                canvas.setLine(width: lineWidth)
                canvas.strokeLine(from: pa, to: pb)
            }

        case .area(let polygons, let edges, let color):
            canvas.setColor(color, alpha: Theme.areaAlpha)
            for polygon in polygons {
                canvas.polyline(Clipper.clipPolygon(polygon.map(t.point), to: box))
                canvas.closePath()
            }
            canvas.fill()
            canvas.setColor(Theme.background)
            canvas.setLine(width: 0.5)
            for edge in edges {
                for piece in Clipper.clipPolyline(edge.map(t.point), to: box) { canvas.polyline(piece) }
            }
            canvas.stroke()

        case .heatmap(let heatmap):
            drawHeatmap(heatmap)
        }
    }

    private func drawHeatmap(_ h: PreparedHeatmap) {
        let t = transform
        if h.scale == .grey {
            // A picture: one grey byte per cell, square pixels centred in the plot, not smoothed.
            let rows = h.rows.count, columns = h.columns.count
            guard rows > 0, columns > 0 else { return }
            var bytes = [UInt8](repeating: 0, count: rows * columns)
            for (r, row) in h.values.prefix(rows).enumerated() {
                for (c, value) in row.prefix(columns).enumerated() {
                    let v = value.flatMap { $0.isDrawable ? min(1, max(0, $0)) : nil } ?? 0
                    bytes[r * columns + c] = UInt8((v * 255).rounded())
                }
            }
            let plot = layout.plot
            let side = min(plot.width / Double(columns), plot.height / Double(rows))
            let box = Rect(x: plot.midX - side * Double(columns) / 2, y: plot.midY - side * Double(rows) / 2,
                           width: side * Double(columns), height: side * Double(rows))
            canvas.drawGreyPixels(bytes, width: columns, height: rows, in: box)
            return
        }
        let rowCount = h.rows.count
        var cells: [(Rect, Double?)] = []
        for (r, row) in h.values.enumerated() where r < rowCount {
            let yValue = Double(rowCount - 1 - r)
            for (c, value) in row.enumerated() where c < h.columns.count {
                let rect = t.rect(DataRect(x0: Double(c) - 0.5, x1: Double(c) + 0.5, y0: yValue - 0.5, y1: yValue + 0.5))
                // Each cell reaches under its right and lower neighbours, which are drawn later:
                // no antialiasing seams between cells.
                let grow = Rect(x: rect.x, y: rect.y, width: rect.width + (c + 1 < h.columns.count ? 0.6 : 0),
                                height: rect.height + (r + 1 < rowCount ? 0.6 : 0))
                canvas.fillRect(grow, color: value.flatMap { $0.isDrawable ? h.color($0) : nil } ?? Theme.missingCell)
                cells.append((rect, value.flatMap { $0.isDrawable ? $0 : nil }))
            }
        }
        guard h.showValues, let first = cells.first else { return }
        let size = min(Theme.cellLabelSize, first.0.height * 0.55)
        guard size >= 4 else { return }
        for (rect, value) in cells {
            guard let value else { continue }
            let text = ValueFormat.format(value, spec: h.valueFormat)
            guard canvas.textWidth(text, size: size) <= rect.width - 2 else { continue }
            let ink = h.color(value).luminance < 0.3 ? Color.white : Theme.text
            canvas.drawText(text, at: Point(x: rect.midX, y: rect.midY), size: size, color: ink,
                            align: .center, baseline: .middle)
        }
    }

    // MARK: - Helpers

    private func fit(_ text: String, _ width: Double) -> String {
        TextFit.truncate(text, width: max(8, width)) { canvas.textWidth($0, size: Theme.tickSize) }
    }

    private func clamp(_ r: Rect, to box: Rect) -> Rect {
        let x0 = max(r.minX, box.minX), x1 = min(r.maxX, box.maxX)
        let y0 = max(r.minY, box.minY), y1 = min(r.maxY, box.maxY)
        return Rect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }

    /// Rounds hairlines to the PNG pixel grid (half points at 2×) so grid lines stay crisp.
    private func snap(_ v: Double) -> Double {
        (v * CairoCanvas.pngScale).rounded() / CairoCanvas.pngScale + 0.25
    }
}

extension PanelPainter {
    /// Where this panel's data lies on the page, for legend placement. Bands and rules count
    /// less than lines and points: a legend over a light band hides little.
    static func occupancy(layout: PanelLayout, data: PreparedPanel) -> Occupancy? {
        guard data.heatmap == nil else { return nil }
        let t = PanelTransform(plot: layout.plot, x: layout.x, y: layout.y, y2: layout.y2)
        var map = Occupancy(plot: layout.plot)
        for mark in data.marks {
            switch mark {
            case .line(let runs, let isolated, _, _, _, let secondary):
                for run in runs {
                    let points = run.map { t.point($0, secondary: secondary) }
                    for i in points.indices.dropFirst() { map.markSegment(points[i - 1], points[i], weight: 1) }
                }
                for p in isolated { map.mark(t.point(p, secondary: secondary), weight: 1) }
            case .band(let polygons, _):
                for polygon in polygons { markFilled(polygon.map(t.point), weight: 0.35, into: &map) }
            case .rule(let y, _):
                let py = layout.y.map(y, layout.plot.maxY, layout.plot.minY)
                map.markSegment(Point(x: layout.plot.minX, y: py), Point(x: layout.plot.maxX, y: py), weight: 0.3)
            case .verticalRule(let x, _):
                let px = layout.x.map(x, layout.plot.minX, layout.plot.maxX)
                map.markSegment(Point(x: px, y: layout.plot.minY), Point(x: px, y: layout.plot.maxY), weight: 0.3)
            case .rects(let rects, _, _):
                for r in rects { map.markRect(t.rect(r), weight: 1) }
            case .scatter(let points, _, let fit):
                for p in points.map(t.point) {
                    map.markRect(Rect(x: p.x - 2, y: p.y - 2, width: 4, height: 4), weight: 1)
                }
                if let (a, b) = fit { map.markSegment(t.point(a), t.point(b), weight: 1) }
            case .area(let polygons, _, _):
                for polygon in polygons { markFilled(polygon.map(t.point), weight: 1, into: &map) }
            case .heatmap:
                break
            }
        }
        return map
    }

    /// Marks a polygon made of an upper edge forward and a lower edge back (bands, areas),
    /// column by column, interpolating between the data points.
    private static func markFilled(_ polygon: [Point], weight: Double, into map: inout Occupancy) {
        let half = polygon.count / 2
        guard half >= 1 else { return }
        let upper = Array(polygon[0..<half])
        let lower = Array(polygon[half...].reversed())
        map.markSegment(upper[0], lower[0], weight: weight)
        for i in 1..<half {
            let columns = min(200, max(1, Int(abs(upper[i].x - upper[i - 1].x) / map.cell)))
            for k in 1...columns {
                let f = Double(k) / Double(columns)
                let a = Point(x: upper[i - 1].x + f * (upper[i].x - upper[i - 1].x), y: upper[i - 1].y + f * (upper[i].y - upper[i - 1].y))
                let b = Point(x: lower[i - 1].x + f * (lower[i].x - lower[i - 1].x), y: lower[i - 1].y + f * (lower[i].y - lower[i - 1].y))
                map.markSegment(a, b, weight: weight)
            }
        }
    }
}
