import Foundation
import ThesisDocument

extension AxisScale {
    /// Decimal-year axes (monthly or quarterly data).
    var isTime: Bool { self == .monthly || self == .quarterly }
}

/// Ticks for base-10 logarithmic axes.
///
/// Spans of more than about two decades are ticked at powers of ten (every second, third, … one
/// when there are too many), with the 2…9 multiples in between as minor ticks; shorter
/// spans are ticked at 1, 2 and 5 times powers of ten (and at 1…9 times them when even those
/// are too few). Labels are plain numbers ("0.1", "1,000"); beyond 10⁶ or below 10⁻³ they are
/// written as powers of ten ("10⁹").
enum LogTicks {
    struct Ticks: Equatable {
        var values: [Double]
        var labels: [String]
        var minor: [Double]
    }

    /// Ticks inside `low…high` (both positive) with about `target` labels or fewer.
    static func ticks(low: Double, high: Double, target: Int) -> Ticks {
        guard low > 0, high > low, low.isFinite, high.isFinite else {
            return Ticks(values: [], labels: [], minor: [])
        }
        let limit = max(2, target)
        let first = Int(Foundation.log10(low).rounded(.down)), last = Int(Foundation.log10(high).rounded(.up))
        let tolerance = 1e-9
        func inside(_ v: Double) -> Bool { v >= low * (1 - tolerance) && v <= high * (1 + tolerance) }
        func decade(_ e: Int) -> Double { pow(10, Double(e)) }

        let powers = (first...last).map(decade).filter(inside)
        var values: [Double]
        var minor: [Double] = []
        if powers.count >= 3 {
            let step = max(1, Int((Double(powers.count) / Double(limit)).rounded(.up)))
            values = (first...last).filter { $0 % step == 0 }.map(decade).filter(inside)
            if step == 1 && last - first <= 12 {
                minor = (first...last).flatMap { e in (2...9).map { Double($0) * decade(e) } }.filter(inside)
            }
        } else {
            let candidates: [[Double]] = [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
            values = []
            for multiples in candidates {
                values = (first...last).flatMap { e in multiples.map { $0 * decade(e) } }.filter(inside)
                if values.count >= 3 { break }
            }
            if values.count > limit, powers.count >= 2 { values = powers }
        }
        // 5 × 10⁻² is 0.05000000000000001 in binary arithmetic; write the decimal value.
        values = values.map { Double(String(format: "%.12g", $0)) ?? $0 }
        return Ticks(values: values, labels: values.map(label), minor: minor)
    }

    /// "0.01", "5", "2,000"; powers of ten beyond the plain range as "10⁹".
    static func label(_ v: Double) -> String {
        let e = Int(Foundation.log10(v).rounded(.down))
        if e >= 6 || e <= -4 {
            let mantissa = v / pow(10, Double(e))
            let power = "10" + TickFormatter.superscript(e)
            if abs(mantissa - 1) < 1e-9 { return power }
            return TickFormatter.number(mantissa, decimals: TickFormatter.decimals(for: [mantissa], step: 1), grouping: false)
                + "×" + power
        }
        let decimals = TickFormatter.decimals(for: [v], step: pow(10, Double(min(0, e))))
        return TickFormatter.number(v, decimals: decimals, grouping: true)
    }
}
