import Foundation
import ThesisDocument

/// A problem found in a spec: errors stop the render, warnings describe data the renderer
/// works around (gaps for missing values, padding for a zero range, "No data" panels).
struct SpecProblem: Equatable {
    enum Severity { case warning, error }
    var severity: Severity
    var message: String
}

/// Checks specs. Messages name the panel (1-based, with its title) and the series.
enum SpecValidator {
    static let minimumSize = 20.0
    static let maximumSize = 10_000.0

    /// - Parameter checkFonts: also look for characters the font lacks (a warning only, so
    ///   `render`, which needs just the errors, skips it).
    static func problems(in spec: FigureSpec, checkFonts: Bool = true) -> [SpecProblem] {
        var out: [SpecProblem] = []
        func error(_ m: String) { out.append(SpecProblem(severity: .error, message: m)) }
        func warning(_ m: String) { out.append(SpecProblem(severity: .warning, message: m)) }

        for (name, value) in [("width", spec.width), ("height", spec.height)] {
            if !value.isFinite || value < minimumSize || value > maximumSize {
                error("figure \(name) \(value) pt is outside \(Int(minimumSize))…\(Int(maximumSize)) pt")
            }
        }
        if spec.panels.isEmpty { error("figure has no panels") }
        if spec.columns < 1 { warning("figure columns is \(spec.columns); using 1") }
        if spec.columns > max(1, spec.panels.count) {
            warning("figure has \(spec.columns) columns but only \(spec.panels.count) panels")
        }

        for (p, panel) in spec.panels.enumerated() {
            let where_ = panelName(p, panel)
            checkAxis(panel.xAxis, "x", where_, error: error, warning: warning)
            checkAxis(panel.yAxis, "y", where_, error: error, warning: warning)
            if let axis = panel.secondaryYAxis { checkAxis(axis, "secondary y", where_, error: error, warning: warning) }
            if panel.barOrientation == .horizontal, panel.xAxis.categories != nil {
                warning("\(where_): horizontal bars take their categories from the y axis; the x axis categories are ignored")
            }
            var heatmaps = 0
            for (l, layer) in panel.layers.enumerated() {
                let series = "\(where_), \(layerName(l, layer))"
                switch layer {
                case .line(let s):
                    if s.axis == .secondary && panel.secondaryYAxis == nil {
                        warning("\(series): drawn against the left axis, as the panel has no secondary y axis")
                    }
                    let yAxis = s.axis == .secondary ? panel.secondaryYAxis ?? panel.yAxis : panel.yAxis
                    checkLogValues(series, x: s.x, y: s.y, xLog: panel.xAxis.scale == .log, yLog: yAxis.scale == .log,
                                   warning: warning)
                    checkLengths(series, [("x", s.x.count), ("y", s.y.count)], error: error)
                    checkValues(series, x: s.x, y: s.y, minimumPoints: 2, warning: warning)
                case .band(let b):
                    checkLengths(series, [("x", b.x.count), ("lower", b.lower.count), ("upper", b.upper.count)], error: error)
                    checkValues(series, x: b.x, y: b.lower, minimumPoints: 2, warning: warning, what: "lower")
                    checkValues(series, x: b.x, y: b.upper, minimumPoints: 2, warning: warning, what: "upper")
                    let crossed = zip(b.lower, b.upper).filter { pair in
                        guard let lo = pair.0, let hi = pair.1, lo.isFinite, hi.isFinite else { return false }
                        return lo > hi
                    }.count
                    if crossed > 0 { warning("\(series): lower is above upper at \(crossed) points") }
                case .rule(let r):
                    if let x = r.x {
                        if !x.isFinite { warning("\(series): rule at non-finite x is not drawn") }
                    } else if !r.y.isFinite { warning("\(series): rule at non-finite y is not drawn") }
                case .bars(let s):
                    checkLengths(series, [("x", s.x.count), ("values", s.values.count)], error: error)
                    checkValues(series, x: s.x, y: s.values, minimumPoints: 1, warning: warning)
                case .scatter(let s):
                    checkLengths(series, [("x", s.x.count), ("y", s.y.count)], error: error)
                    checkValues(series, x: s.x, y: s.y, minimumPoints: s.fit ? 2 : 1, warning: warning)
                case .histogram(let h):
                    checkValues(series, x: nil, y: h.values, minimumPoints: 1, warning: warning)
                    if let bins = h.bins, bins < 1 || bins > Binning.maximumBins {
                        warning("\(series): \(bins) bins is outside 1…\(Binning.maximumBins); choosing automatically")
                    }
                case .area(let s):
                    checkLengths(series, [("x", s.x.count), ("y", s.y.count)], error: error)
                    checkValues(series, x: s.x, y: s.y, minimumPoints: 2, warning: warning)
                case .heatmap(let h):
                    heatmaps += 1
                    if h.values.count != h.rows.count {
                        error("\(series): \(h.rows.count) row labels but \(h.values.count) rows of values")
                    }
                    for (r, row) in h.values.enumerated() where row.count != h.columns.count {
                        error("\(series): row \(r + 1) has \(row.count) values but there are \(h.columns.count) columns")
                    }
                    if h.rows.isEmpty || h.columns.isEmpty { warning("\(series): heatmap is empty") }
                    let finite = h.values.joined().compactMap { $0 }.filter(\.isFinite).count
                    if finite == 0 && !h.values.isEmpty { warning("\(series): all values are missing") }
                    if !ValueFormat.isValid(h.valueFormat) {
                        warning("\(series): value format '\(h.valueFormat)' is not valid; using .2f")
                    }
                    if let lo = h.minimum, let hi = h.maximum, lo >= hi {
                        error("\(series): colour minimum \(lo) is not below maximum \(hi)")
                    }
                }
            }
            if heatmaps > 1 { error("\(where_): has \(heatmaps) heatmaps; a panel holds at most one") }
            if panel.layers.isEmpty { warning("\(where_): has no layers") }
        }
        let missing = checkFonts ? CairoCanvas.missingCharacters(in: allText(spec).joined(separator: " ")) : []
        if !missing.isEmpty {
            warning("characters missing from \(Theme.fontFamily) print as boxes: \(String(missing))")
        }
        return out
    }

    /// Every piece of text the figure may draw.
    static func allText(_ spec: FigureSpec) -> [String] {
        var text = [spec.title].compactMap { $0 }
        for panel in spec.panels {
            text += [panel.title, panel.xAxis.label, panel.yAxis.label, panel.secondaryYAxis?.label].compactMap { $0 }
            text += (panel.xAxis.categories ?? []) + (panel.yAxis.categories ?? [])
            for layer in panel.layers {
                switch layer {
                case .line(let s): text += [s.name].compactMap { $0 }
                case .band(let s): text += [s.name].compactMap { $0 }
                case .bars(let s): text += [s.name].compactMap { $0 }
                case .scatter(let s): text += [s.name].compactMap { $0 }
                case .histogram(let s): text += [s.name].compactMap { $0 }
                case .area(let s): text += [s.name].compactMap { $0 }
                case .heatmap(let h): text += h.rows + h.columns + [h.colorBarLabel].compactMap { $0 }
                case .rule: break
                }
            }
        }
        return text
    }

    // MARK: - Helpers

    static func panelName(_ index: Int, _ panel: FigurePanel) -> String {
        if let title = panel.title, !title.isEmpty { return "panel \(index + 1) ('\(title)')" }
        return "panel \(index + 1)"
    }

    static func layerName(_ index: Int, _ layer: FigureLayer) -> String {
        let (kind, name): (String, String?)
        switch layer {
        case .line(let s): (kind, name) = ("line", s.name)
        case .band(let s): (kind, name) = ("band", s.name)
        case .rule: (kind, name) = ("rule", nil)
        case .bars(let s): (kind, name) = ("bars", s.name)
        case .scatter(let s): (kind, name) = ("scatter", s.name)
        case .histogram(let s): (kind, name) = ("histogram", s.name)
        case .area(let s): (kind, name) = ("area", s.name)
        case .heatmap: (kind, name) = ("heatmap", nil)
        }
        if let name, !name.isEmpty { return "\(kind) '\(name)'" }
        return "\(kind) (layer \(index + 1))"
    }

    private static func checkAxis(_ axis: FigureAxis, _ which: String, _ where_: String,
                                  error: (String) -> Void, warning: (String) -> Void) {
        if let lo = axis.minimum, !lo.isFinite { warning("\(where_): \(which) axis minimum is not finite; ignored") }
        if let hi = axis.maximum, !hi.isFinite { warning("\(where_): \(which) axis maximum is not finite; ignored") }
        if let lo = axis.minimum, let hi = axis.maximum, lo.isFinite, hi.isFinite, lo >= hi {
            error("\(where_): \(which) axis minimum \(lo) is not below maximum \(hi)")
        }
        if let categories = axis.categories, categories.isEmpty {
            warning("\(where_): \(which) axis has an empty category list")
        }
    }

    /// Values ≤ 0 on a log axis are left out (a directive refuses them before they get here).
    private static func checkLogValues(_ series: String, x: [Double], y: [Double?], xLog: Bool, yLog: Bool,
                                       warning: (String) -> Void) {
        let badX = xLog ? x.filter { $0.isFinite && $0 <= 0 }.count : 0
        let badY = yLog ? y.compactMap { $0 }.filter { $0.isFinite && $0 <= 0 }.count : 0
        if badX > 0 { warning("\(series): \(badX) x values ≤ 0 cannot be drawn on a log axis and are left out") }
        if badY > 0 { warning("\(series): \(badY) y values ≤ 0 cannot be drawn on a log axis and are left out") }
    }

    private static func checkLengths(_ series: String, _ lengths: [(String, Int)], error: (String) -> Void) {
        guard let first = lengths.first else { return }
        for other in lengths.dropFirst() where other.1 != first.1 {
            error("\(series): \(first.0) has \(first.1) values but \(other.0) has \(other.1)")
        }
    }

    private static func checkValues(_ series: String, x: [Double]?, y: [Double?], minimumPoints: Int,
                                    warning: (String) -> Void, what: String? = nil) {
        let prefix = what.map { "\(series) \($0)" } ?? series
        if y.isEmpty { warning("\(prefix): is empty"); return }
        var nonFinite = 0, valid = 0
        for i in y.indices {
            let xv = x.map { i < $0.count ? $0[i] : .nan } ?? 0
            guard let v = y[i] else { continue }  // nil: a deliberate gap
            if !v.isDrawable || !xv.isDrawable { nonFinite += 1 } else { valid += 1 }
        }
        if valid == 0 {
            warning("\(prefix): all \(y.count) values are missing or not finite")
            return
        }
        if nonFinite > 0 { warning("\(prefix): \(nonFinite) non-finite values (±∞, NaN, beyond ±1e300) are drawn as gaps") }
        if valid < minimumPoints { warning("\(prefix): only \(valid) point; drawn as a marker") }
    }
}
