import Foundation
import ThesisDocument

/// Tick labels: one number of decimals for the whole axis, a real minus sign (U+2212), and a
/// common factor (×10ⁿ) when the numbers are very large or very small.
enum TickFormatter {
    struct Labels: Equatable {
        var labels: [String]
        /// A factor the labels are to be multiplied by, e.g. "×10⁻¹²"; shown next to the axis.
        var factor: String?
    }

    /// Labels for `ticks`, which are spaced `step` apart.
    static func labels(for ticks: [Double], step: Double, format: TickFormat) -> Labels {
        guard !ticks.isEmpty else { return Labels(labels: [], factor: nil) }
        let maxAbs = ticks.map(abs).max() ?? 0
        let exponent = maxAbs > 0 ? Int(log10(maxAbs).rounded(.down)) : 0
        switch format {
        case .percent:
            let scaled = ticks.map { $0 * 100 }
            let d = decimals(for: scaled, step: abs(step) * 100)
            return Labels(labels: scaled.map { number($0, decimals: d, grouping: true) + "%" }, factor: nil)
        case .plain, .thousands:
            let grouping = format == .thousands
            let useFactor = maxAbs > 0 && (grouping ? (exponent >= 15 || exponent <= -4) : (exponent >= 6 || exponent <= -4))
            let divisor = useFactor ? pow(10, Double(exponent)) : 1
            let scaled = ticks.map { $0 / divisor }
            let d = decimals(for: scaled, step: abs(step) / divisor)
            return Labels(labels: scaled.map { number($0, decimals: d, grouping: grouping) },
                          factor: useFactor ? "×10" + superscript(exponent) : nil)
        }
    }

    /// The fewest decimals (0…15) that write every tick exactly to within a millionth of a step.
    static func decimals(for values: [Double], step: Double) -> Int {
        let tolerance = (step.isFinite && step > 0 ? step : 1) * 1e-6
        for d in 0...15 {
            let p = pow(10, Double(d))
            if values.allSatisfy({ abs(($0 * p).rounded() / p - $0) <= tolerance }) { return d }
        }
        return 15
    }

    /// `value` with `decimals` decimals, optional thousands separators and a real minus sign;
    /// never "−0".
    static func number(_ value: Double, decimals: Int, grouping: Bool) -> String {
        ValueFormat.format(value, spec: (grouping ? "," : "") + ".\(max(0, min(decimals, 17)))f")
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } })
        return (n < 0 ? "⁻" : "") + body
    }
}
