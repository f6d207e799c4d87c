import Foundation
import ThesisDocument

/// A file format a figure can be drawn in.
public enum FigureFormat: String, CaseIterable, Codable, Sendable {
    case png, pdf, svg
}

/// A figure that cannot be drawn; the message says what is wrong and where
/// (e.g. "panel 2 ('Output'), line 'GDP': x has 48 values but y has 47").
public struct FigureError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }
    public init(message: String) { self.message = message }

    public var description: String { message }
}

/// Draws `FigureSpec`s with Cairo in the thesis style.
public enum FigureRenderer {
    /// Draws `spec` in `format`; byte-identical output for identical specs (same machine).
    /// Thread-safe: may be called concurrently for different specs.
    ///
    /// Bad data is drawn sensibly (gaps for missing and non-finite values, padded ranges,
    /// "No data" panels); structural errors (mismatched lengths, an impossible size, no panels)
    /// throw a `FigureError` naming the panel and series.
    /// - Returns: the file's bytes. PNGs are drawn at 2× (144 dpi) for sharp HTML.
    public static func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        let errors = SpecValidator.problems(in: spec, checkFonts: false).filter { $0.severity == .error }.map(\.message)
        guard errors.isEmpty else { throw FigureError(errors.joined(separator: "; ")) }

        let canvas = try CairoCanvas(format: format, width: spec.width, height: spec.height, title: spec.title)
        canvas.fillRect(Rect(x: 0, y: 0, width: spec.width, height: spec.height), color: Theme.background)
        let prepared = spec.panels.map(PreparedPanel.init)
        let engine = LayoutEngine(spec: spec, panels: prepared, canvas: canvas)
        let (layout, legends) = placeLegends(spec: spec, prepared: prepared, engine: engine, canvas: canvas)

        for (i, panelLayout) in layout.panels.enumerated() {
            PanelPainter(canvas: canvas, layout: panelLayout, data: prepared[i]).draw()
        }
        drawFigureText(layout, canvas: canvas)
        for (block, placement) in legends {
            switch placement {
            case .inside(_, let origin):
                block.draw(at: origin, centred: false, canvas: canvas)
            case .outside(let side):
                if let area = layout.legendArea {
                    let x = side == .right ? area.minX : area.midX - block.width / 2
                    let y = side == .right ? area.midY - block.height / 2 : area.minY
                    block.draw(at: Point(x: x, y: y), centred: side != .right, canvas: canvas)
                }
            }
        }
        return try canvas.finish()
    }

    /// Checks a spec before drawing (bad data): returns problems as messages naming the
    /// panel and series. Messages starting with "error:" make `render` throw; the others
    /// describe what the renderer works around.
    public static func validate(_ spec: FigureSpec) -> [String] {
        SpecValidator.problems(in: spec).map { ($0.severity == .error ? "error: " : "warning: ") + $0.message }
    }

    // MARK: - Legend placement

    /// Lays out the figure and decides where the legend goes: inside a panel corner when one is
    /// free enough (or asked for), else outside, which needs a second layout with room for it.
    ///
    /// Small multiples share one legend when their entries agree (same colour, same label).
    /// When panels use the same colour for different series, one legend would be ambiguous, so
    /// each panel gets its own in its freest corner. An entry that only repeats its panel's
    /// title is left out.
    private static func placeLegends(spec: FigureSpec, prepared: [PreparedPanel], engine: LayoutEngine,
                                     canvas: CairoCanvas) -> (FigureLayout, [(LegendBlock, LegendPlacement)]) {
        let perPanel: [[LegendEntry]] = prepared.indices.map { i in
            let entries = prepared[i].legend
            if entries.count == 1, entries[0].label == spec.panels[i].title { return [] }
            return entries
        }
        var entries: [LegendEntry] = []
        for panel in perPanel { for e in panel where !entries.contains(e) { entries.append(e) } }
        let plain = engine.layout(reservation: nil)
        guard !entries.isEmpty, spec.legend != .none else { return (plain, []) }
        let labelLimit = 0.45 * spec.width

        let corner: LegendPosition?
        switch spec.legend {
        case .auto: corner = nil
        case .upperLeft, .upperRight, .lowerLeft, .lowerRight: corner = spec.legend
        case .top, .bottom, .right, .none: corner = nil
        }
        let insideAllowed = spec.legend == .auto || corner != nil
        let ambiguous = entries.contains { a in entries.contains { b in a.color == b.color && a.swatch == b.swatch && a.label != b.label } }

        if insideAllowed && ambiguous {
            var placed: [(LegendBlock, LegendPlacement)] = []
            for (i, layout) in plain.panels.enumerated() where !perPanel[i].isEmpty {
                let block = LegendBlock(entries: perPanel[i], maxWidth: min(labelLimit, layout.plot.width - 8),
                                        horizontal: false, framed: true, canvas: canvas)
                let occupancy = PanelPainter.occupancy(layout: layout, data: prepared[i])
                if let placement = LegendPlacer.bestCorner(block: block, layouts: [layout], occupancies: [occupancy],
                                                           only: corner, threshold: .infinity),
                   case .inside(_, let origin) = placement {
                    placed.append((block, .inside(panel: i, origin: origin)))
                }
            }
            return (plain, placed)
        }
        if insideAllowed {
            let widest = plain.panels.map(\.plot.width).max() ?? spec.width
            let block = LegendBlock(entries: entries, maxWidth: min(labelLimit, widest - 8), horizontal: false,
                                    framed: true, canvas: canvas)
            let occupancies = plain.panels.indices.map { PanelPainter.occupancy(layout: plain.panels[$0], data: prepared[$0]) }
            let threshold = corner != nil ? .infinity : LegendPlacer.crowdedShare(panels: plain.panels.count)
            if let placement = LegendPlacer.bestCorner(block: block, layouts: plain.panels, occupancies: occupancies,
                                                       only: corner, threshold: threshold) {
                return (plain, [(block, placement)])
            }
        }
        let side: LegendReservation.Side = spec.legend == .top ? .top : spec.legend == .right ? .right : .bottom
        let available = spec.width - 2 * Theme.outerPadding
        let block = LegendBlock(entries: entries, maxWidth: side == .right ? available * 0.3 : available,
                                horizontal: side != .right, framed: false, canvas: canvas, labelLimit: labelLimit)
        let layout = engine.layout(reservation: LegendReservation(side: side, width: block.width, height: block.height))
        return (layout, [(block, .outside(side))])
    }

    // MARK: - Figure-level text

    private static func drawFigureText(_ layout: FigureLayout, canvas: CairoCanvas) {
        if let title = layout.title {
            canvas.drawText(title.text, at: title.at, size: Theme.titleSize, bold: true, color: Theme.text,
                            align: .center, baseline: .top)
        }
        if let x = layout.sharedXTitle {
            canvas.drawText(x.text, at: x.at, size: Theme.labelSize, color: Theme.text, align: .center, baseline: .top)
        }
        if let y = layout.sharedYTitle {
            let font = canvas.fontMetrics(size: Theme.labelSize)
            canvas.drawText(y.text, at: Point(x: y.at.x + font.height / 2, y: y.at.y), size: Theme.labelSize,
                            color: Theme.text, align: .center, baseline: .middle, angle: Double.pi / 2)
        }
    }
}
