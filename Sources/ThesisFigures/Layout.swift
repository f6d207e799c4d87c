import Foundation
import ThesisDocument

/// Where one panel goes and what it shows.
struct PanelLayout {
    var plot: Rect
    var x: AxisPlan
    var y: AxisPlan
    /// The right axis, for panels with lines on a second scale.
    var y2: AxisPlan?
    var showXLabels: Bool
    var showYLabels: Bool
    /// Axis titles drawn at this panel (not once for the whole grid).
    var showXTitle: Bool
    var showYTitle: Bool
    /// The panel title, shortened to fit, and its size (the same for all panels).
    var title: String?
    var titleSize = Theme.panelTitleSize
    var titleCentre = 0.0
    /// Heatmaps: the colour bar and its axis.
    var colorBar: Rect?
    var colorBarAxis: AxisPlan?
    /// Space around the plot that belongs to this panel (for the "fits" checks).
    var cell: Rect
}

/// A text and the point it is centred on.
struct PlacedText { var text: String; var at: Point }

/// The whole figure's geometry.
struct FigureLayout {
    var panels: [PanelLayout]
    var title: PlacedText?
    var sharedXTitle: PlacedText?
    var sharedYTitle: PlacedText?
    /// The area left for panels (inside padding, title and an outside legend).
    var grid: Rect
    /// The area reserved for an outside legend.
    var legendArea: Rect?
}

/// Space taken by a legend outside the panels.
struct LegendReservation {
    enum Side { case top, bottom, right }
    var side: Side
    var width: Double
    var height: Double
}

/// Lays out the title, the grid of panels with their axes, and an outside legend.
///
/// Plot areas all have the same size, so small multiples line up; margins are measured from
/// the tick labels actually drawn. Every panel labels its x ticks (a reader of a grid of dated
/// panels need not look down a column for the years), and a last row with fewer panels than
/// columns is centred, so no empty cell is left at its end. Ticks depend on the plot size and margins on the ticks, so
/// the layout is computed three times, which settles in practice.
struct LayoutEngine {
    let spec: FigureSpec
    let panels: [PreparedPanel]
    let canvas: CairoCanvas

    var count: Int { spec.panels.count }
    var columns: Int { max(1, min(spec.columns, count)) }
    var rows: Int { (count + columns - 1) / columns }

    /// x is shared when all panels have the same x axis (and it is not a heatmap's).
    var sharedX: Bool {
        guard count > 1, let first = spec.panels.first?.xAxis else { return false }
        return spec.panels.allSatisfy { $0.xAxis == first } && panels.allSatisfy { $0.heatmap == nil }
    }

    /// y is shared when asked for, among panels with numeric y axes.
    var sharedY: Bool { spec.sharedYAxis && count > 1 && panels.allSatisfy { $0.yCategories == nil } }

    func layout(reservation: LegendReservation?) -> FigureLayout {
        let tickFont = canvas.fontMetrics(size: Theme.tickSize)
        let labelFont = canvas.fontMetrics(size: Theme.labelSize)
        let panelTitleFont = canvas.fontMetrics(size: Theme.panelTitleSize)
        let titleFont = canvas.fontMetrics(size: Theme.titleSize, bold: true)
        let measureTick: (String) -> Double = { canvas.textWidth($0, size: Theme.tickSize) }

        // Figure title and outside legend.
        var content = Rect(x: 0, y: 0, width: spec.width, height: spec.height)
            .insetBy(dx: Theme.outerPadding, dy: Theme.outerPadding)
        var title: PlacedText?
        if let text = spec.title, !text.isEmpty {
            let fitted = TextFit.truncate(text, width: content.width) { canvas.textWidth($0, size: Theme.titleSize, bold: true) }
            title = PlacedText(text: fitted, at: Point(x: content.midX, y: content.minY))
            let used = titleFont.height + 5
            content = Rect(x: content.x, y: content.y + used, width: content.width, height: max(0, content.height - used))
        }
        var legendArea: Rect?
        if let r = reservation {
            switch r.side {
            case .top:
                legendArea = Rect(x: content.x, y: content.y, width: content.width, height: r.height)
                content = Rect(x: content.x, y: content.y + r.height + 4, width: content.width, height: max(0, content.height - r.height - 4))
            case .bottom:
                legendArea = Rect(x: content.x, y: content.maxY - r.height, width: content.width, height: r.height)
                content.height = max(0, content.height - r.height - 4)
            case .right:
                legendArea = Rect(x: content.maxX - r.width, y: content.y, width: r.width, height: content.height)
                content.width = max(0, content.width - r.width - 6)
            }
        }
        let grid = content

        // Axis limits, shared where the grid shares an axis.
        let sharedX = self.sharedX, sharedY = self.sharedY
        let xLimits: [(Double, Double)]
        let yLimits: [(Double, Double)]
        if sharedX, let axis = spec.panels.first?.xAxis {
            var all = AxisData()
            for p in panels {
                all.include(p.x.extent)
                all.padded = all.padded || p.x.padded
                all.zeroBaseline = all.zeroBaseline || p.x.zeroBaseline
            }
            let l = AxisPlanner.limits(all, axis: axis, categories: panels.first?.xCategories, isY: false)
            xLimits = Array(repeating: l, count: count)
        } else {
            xLimits = (0..<count).map { AxisPlanner.limits(panels[$0].x, axis: spec.panels[$0].xAxis, categories: panels[$0].xCategories, isY: false) }
        }
        if sharedY {
            var all = AxisData()
            for p in panels {
                all.include(p.y.extent)
                all.references += p.y.references
                all.zeroBaseline = all.zeroBaseline || p.y.zeroBaseline
            }
            // Fixed limits of the first panel that sets them apply to all.
            var axis = spec.panels[0].yAxis
            axis.minimum = spec.panels.lazy.compactMap(\.yAxis.minimum).first
            axis.maximum = spec.panels.lazy.compactMap(\.yAxis.maximum).first
            let l = AxisPlanner.limits(all, axis: axis, categories: nil, isY: true)
            yLimits = Array(repeating: l, count: count)
        } else {
            yLimits = (0..<count).map { AxisPlanner.limits(panels[$0].y, axis: spec.panels[$0].yAxis, categories: panels[$0].yCategories, isY: true) }
        }

        let showXLabels = Array(repeating: true, count: count)
        let y2Limits: [(Double, Double)?] = (0..<count).map { i in
            guard let axis = spec.panels[i].secondaryYAxis, panels[i].hasSecondary else { return nil }
            return AxisPlanner.limits(panels[i].y2, axis: axis, categories: nil, isY: true)
        }
        let showYLabels = (0..<count).map { !sharedY || $0 % columns == 0 }
        let anyPanelTitle = spec.panels.contains { !($0.title ?? "").isEmpty }

        // Iterate: plot size → ticks → margins → plot size.
        var plotWidth = max(10, (grid.width - Double(columns - 1) * Theme.panelHGap) / Double(columns) - 40)
        var plotHeight = max(10, (grid.height - Double(rows - 1) * Theme.panelVGap) / Double(rows) - 30)
        var plans: [(x: AxisPlan, y: AxisPlan)] = []
        var margins: [(left: Double, right: Double, top: Double, bottom: Double)] = []
        var colorBars: [AxisPlan?] = []
        var secondary: [AxisPlan?] = []
        var sharedXTitle: String?, sharedYTitle: String?
        var columnLeft: [Double] = [], columnRight: [Double] = [], rowTop: [Double] = [], rowBottom: [Double] = []
        var sharedYTitleWidth = 0.0, sharedXTitleHeight = 0.0

        for _ in 0..<3 {
            plans = (0..<count).map { i in
                let panel = spec.panels[i], data = panels[i]
                let integerX = sharedX ? panels.allSatisfy(\.integerX) : data.integerX
                let x = AxisPlanner.plan(limits: xLimits[i], axis: panel.xAxis, categories: data.xCategories, isY: false,
                                         integer: integerX, length: plotWidth, labelHeight: tickFont.height, measure: measureTick)
                let y = AxisPlanner.plan(limits: yLimits[i], axis: panel.yAxis, categories: data.yCategories, isY: true,
                                         integer: data.integerY, length: plotHeight, labelHeight: tickFont.height, measure: measureTick)
                return (x, y)
            }
            secondary = (0..<count).map { i in
                guard let limits = y2Limits[i], let axis = spec.panels[i].secondaryYAxis else { return nil }
                return AxisPlanner.plan(limits: limits, axis: axis, categories: nil, isY: true, integer: false,
                                        length: plotHeight, labelHeight: tickFont.height, measure: measureTick)
            }
            colorBars = (0..<count).map { i in
                guard let h = panels[i].heatmap, h.scale != .grey else { return nil }
                var axis = FigureAxis(label: h.colorBarLabel)
                if h.valueFormat.hasSuffix("%") { axis.format = .percent }
                return AxisPlanner.plan(limits: (h.range.low, h.range.high), axis: axis, categories: nil, isY: true,
                                        integer: false, length: plotHeight, labelHeight: tickFont.height, measure: measureTick)
            }
            // One axis title for the grid when all panels share it.
            let xTitles = plans.map(\.x.title)
            let yTitles = plans.map(\.y.title)
            sharedXTitle = sharedX && xTitles.allSatisfy({ $0 == xTitles[0] }) ? xTitles[0] : nil
            sharedYTitle = sharedY && yTitles.allSatisfy({ $0 == yTitles[0] }) ? yTitles[0] : nil
            sharedYTitleWidth = sharedYTitle == nil ? 0 : labelFont.height + Theme.axisLabelGap
            sharedXTitleHeight = sharedXTitle == nil ? 0 : labelFont.height + Theme.axisLabelGap

            margins = (0..<count).map { i in
                let (x, y) = plans[i]
                let heatmap = panels[i].heatmap != nil
                let tick = heatmap ? 0 : Theme.tickLength
                var left = tick
                if showYLabels[i] {
                    let widest = y.labels.map { measureTick($0) }.max() ?? 0
                    left += Theme.tickLabelGap + min(widest, TextFit.maximumTickLabel)
                }
                if sharedYTitle == nil, y.title != nil, showYLabels[i] || !sharedY { left += labelFont.height + Theme.axisLabelGap }
                var bottom = tick
                if showXLabels[i] {
                    bottom += Theme.tickLabelGap + xLabelHeight(x, font: tickFont, measure: measureTick)
                    if sharedXTitle == nil, x.title != nil { bottom += labelFont.height + Theme.axisLabelGap }
                }
                // Room for panel titles, or for the top tick label that sticks out above the plot.
                let top = anyPanelTitle ? panelTitleFont.height + Theme.panelTitleGap : tickFont.height / 2 + 1
                var right = 2.0
                if let bar = colorBars[i] {
                    let widest = bar.labels.map { measureTick($0) }.max() ?? 0
                    right = 6 + 8 + 2 + Theme.tickLabelGap + widest
                    if bar.title != nil { right += Theme.axisLabelGap + labelFont.height }
                }
                if let y2 = secondary[i] {
                    let widest = y2.labels.map { measureTick($0) }.max() ?? 0
                    right = Theme.tickLength + Theme.tickLabelGap + min(widest, TextFit.maximumTickLabel)
                    if y2.title != nil { right += Theme.axisLabelGap + labelFont.height }
                }
                // Tick labels centred on the ends of the x axis stick out.
                if showXLabels[i], !x.rotated, let lastTick = x.ticks.last, let lastLabel = x.labels.last {
                    let overhang = measureTick(lastLabel) / 2 - (plotWidth - x.map(lastTick, 0, plotWidth))
                    right = max(right, overhang + 1)
                }
                if showXLabels[i], !x.rotated, let firstTick = x.ticks.first, let firstLabel = x.labels.first {
                    let overhang = measureTick(firstLabel) / 2 - x.map(firstTick, 0, plotWidth)
                    left = max(left, overhang + 1)
                }
                if showXLabels[i], x.rotated {
                    // 45° labels hang to the left of their tick.
                    let widest = x.labels.map { min(measureTick($0), TextFit.maximumCategoryLabel) }.max() ?? 0
                    let firstOffset = x.ticks.first.map { x.map($0, 0, plotWidth) } ?? 0
                    left = max(left, widest * 0.7071 - firstOffset)
                }
                return (left, right, top, bottom)
            }
            columnLeft = (0..<columns).map { c in stride(from: c, to: count, by: columns).map { margins[$0].left }.max() ?? 0 }
            columnRight = (0..<columns).map { c in stride(from: c, to: count, by: columns).map { margins[$0].right }.max() ?? 0 }
            rowTop = (0..<rows).map { r in (r * columns..<min(count, (r + 1) * columns)).map { margins[$0].top }.max() ?? 0 }
            rowBottom = (0..<rows).map { r in (r * columns..<min(count, (r + 1) * columns)).map { margins[$0].bottom }.max() ?? 0 }
            let usedWidth = sharedYTitleWidth + columnLeft.reduce(0, +) + columnRight.reduce(0, +) + Double(columns - 1) * Theme.panelHGap
            let usedHeight = sharedXTitleHeight + rowTop.reduce(0, +) + rowBottom.reduce(0, +) + Double(rows - 1) * Theme.panelVGap
            plotWidth = max(10, (grid.width - usedWidth) / Double(columns))
            plotHeight = max(10, (grid.height - usedHeight) / Double(rows))
        }

        // Final positions; a short last row is centred.
        var layouts: [PanelLayout] = []
        var titleRoom: [(Double, Double)] = []
        let lastRowCount = count - (rows - 1) * columns
        let averageCell = (columnLeft.reduce(0, +) + columnRight.reduce(0, +)) / Double(columns) + plotWidth + Theme.panelHGap
        for i in 0..<count {
            let c = i % columns, r = i / columns
            var x = grid.minX + sharedYTitleWidth
            for k in 0..<c { x += columnLeft[k] + plotWidth + columnRight[k] + Theme.panelHGap }
            x += columnLeft[c]
            let shift = r == rows - 1 && lastRowCount < columns ? Double(columns - lastRowCount) * averageCell / 2 : 0
            x += shift
            var y = grid.minY
            for k in 0..<r { y += rowTop[k] + plotHeight + rowBottom[k] + Theme.panelVGap }
            y += rowTop[r]
            let plot = Rect(x: x, y: y, width: plotWidth, height: plotHeight)
            let cell = Rect(x: x - columnLeft[c], y: y - rowTop[r], width: columnLeft[c] + plotWidth + columnRight[c],
                            height: rowTop[r] + plotHeight + rowBottom[r])
            var colorBar: Rect?
            if colorBars[i] != nil {
                colorBar = Rect(x: plot.maxX + 6, y: plot.minY, width: 8, height: plot.height)
            }
            // Titles are centred on the plot, shifted towards the cell's centre when long; they
            // may reach into the gaps between columns.
            let leftLimit = c == 0 && shift == 0 ? grid.minX : cell.minX - Theme.panelHGap / 2 + 2.5
            let rightLimit = c == columns - 1 ? spec.width - Theme.outerPadding / 2 : cell.maxX + Theme.panelHGap / 2 - 2.5
            titleRoom.append((leftLimit, rightLimit))
            layouts.append(PanelLayout(
                plot: plot, x: plans[i].x, y: plans[i].y, y2: secondary[i], showXLabels: showXLabels[i],
                showYLabels: showYLabels[i],
                showXTitle: sharedXTitle == nil && showXLabels[i] && plans[i].x.title != nil,
                showYTitle: sharedYTitle == nil && plans[i].y.title != nil && (showYLabels[i] || !sharedY),
                title: nil, colorBar: colorBar, colorBarAxis: colorBars[i], cell: cell))
        }
        // One title size for all panels: as large as the longest title allows, down to a floor;
        // what still does not fit is shortened.
        let titles = spec.panels.map { $0.title.flatMap { $0.isEmpty ? nil : $0 } }
        var titleSize = Theme.panelTitleSize
        for (i, title) in titles.enumerated() {
            guard let title else { continue }
            let width = canvas.textWidth(title, size: Theme.panelTitleSize)
            let room = titleRoom[i].1 - titleRoom[i].0
            if width > room {
                let fitting = (Theme.panelTitleSize * room / width * 2).rounded(.down) / 2
                titleSize = max(Theme.minimumPanelTitleSize, min(titleSize, fitting))
            }
        }
        for i in layouts.indices {
            layouts[i].titleSize = titleSize
            let (left, right) = titleRoom[i]
            guard let text = titles[i] else { continue }
            let fitted = TextFit.truncate(text, width: right - left) { canvas.textWidth($0, size: titleSize) }
            let half = canvas.textWidth(fitted, size: titleSize) / 2
            layouts[i].title = fitted
            layouts[i].titleCentre = min(max(layouts[i].plot.midX, left + half), right - half)
        }

        // Grid-wide axis titles, centred on the plot areas.
        var placedX: PlacedText?, placedY: PlacedText?
        if let text = sharedXTitle, let first = layouts.first {
            let left = first.plot.minX
            let right = layouts.map(\.plot.maxX).max() ?? first.plot.maxX
            let bottom = layouts.map { $0.cell.maxY }.max() ?? grid.maxY
            let fitted = TextFit.truncate(text, width: grid.width) { canvas.textWidth($0, size: Theme.labelSize) }
            placedX = PlacedText(text: fitted, at: Point(x: (left + right) / 2, y: bottom + Theme.axisLabelGap))
        }
        if let text = sharedYTitle, let first = layouts.first {
            let top = first.plot.minY
            let bottom = layouts.map(\.plot.maxY).max() ?? first.plot.maxY
            let fitted = TextFit.truncate(text, width: grid.height) { canvas.textWidth($0, size: Theme.labelSize) }
            placedY = PlacedText(text: fitted, at: Point(x: grid.minX, y: (top + bottom) / 2))
        }
        return FigureLayout(panels: layouts, title: title, sharedXTitle: placedX, sharedYTitle: placedY,
                            grid: grid, legendArea: legendArea)
    }

    /// Height of the x tick labels (taller when turned by 45°).
    private func xLabelHeight(_ plan: AxisPlan, font: FontMetrics, measure: (String) -> Double) -> Double {
        guard plan.rotated else { return font.height }
        let widest = plan.labels.map { min(measure($0), TextFit.maximumCategoryLabel) }.max() ?? 0
        return (widest + font.height) * 0.7071
    }
}
