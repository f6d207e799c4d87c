import ThesisData
import ThesisDocument

/// Grids of small multiples as the directives draw them.
enum SmallMultiples {
    /// A figure of `panels` in a grid of at most `maximumColumns` columns without empty cells where
    /// the count allows (`FigureSpec.gridColumns`), `rowHeight` points a row plus `extra` for the
    /// axis title and legend, at most 900 points tall.
    static func spec(
        _ panels: [FigurePanel], maximumColumns: Int, rowHeight: Double = 165, extra: Double = 45,
        minimumHeight: Double = 0, legend: LegendPosition = .none
    ) -> FigureSpec {
        let columns = FigureSpec.gridColumns(for: panels.count, maximum: maximumColumns)
        let rows = (panels.count + columns - 1) / max(1, columns)
        let height = min(900, max(minimumHeight, rowHeight * Double(rows) + extra))
        return FigureSpec(height: height, panels: panels, columns: columns, legend: legend)
    }
}

/// The units of impulse responses, from a series' FRED-MD transformation code.
enum ResponseUnits {
    /// What a FAVAR response of a series with transformation `code` is measured in on `scale`:
    /// log codes (4-7) cumulated to levels or growth rates are in percent; codes 1-3 are FRED-MD's
    /// rates and spreads, whose changes are percentage points; the policy rate enters in levels
    /// (percentage points). nil when the code is not known.
    static func favar(code: Int?, scale: ResponseScale, isPolicyRate: Bool) -> String? {
        if scale == .standardized { return "standard deviations" }
        if isPolicyRate { return "percentage points" }
        guard let code, (1...7).contains(code) else { return nil }
        switch scale {
        case .level, .growth:
            return code >= 4 ? "percent" : "percentage points"
        case .transformed:
            switch code {
            case 1, 2, 3: return "percentage points"
            case 4: return "log"
            case 5: return "Δ log"
            case 6: return "Δ² log"
            default: return "Δ growth rate"
            }
        case .standardized:
            return "standard deviations"
        }
    }
}

/// Values a log axis cannot show.
enum LogScaleCheck {
    /// Fails, pointing at `option`, when a series has a value ≤ 0 (a log scale cannot show it).
    static func requirePositive(_ name: String, _ values: [Double], periods: [Month]?, option: OptionReference) throws {
        guard let i = values.firstIndex(where: { $0.isFinite && $0 <= 0 }) else { return }
        let count = values.filter { $0.isFinite && $0 <= 0 }.count
        let at = periods.map { i < $0.count ? " (first in \($0[i]))" : "" } ?? ""
        throw DirectiveFailure(
            "scale=log needs positive values, but series '\(name)' has \(count) value\(count == 1 ? "" : "s") ≤ 0\(at); "
                + "use scale=linear, or transform the series",
            option: option)
    }
}
