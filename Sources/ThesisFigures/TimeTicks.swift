import Foundation
import ThesisDocument

/// Ticks for time axes whose values are decimal years (year + (month − 1) / 12).
///
/// Major ticks fall on calendar boundaries: every 1, 2, 3 or 6 months for short spans, else
/// every 1, 2, 5, 10, 20, 50, … years, choosing the smallest step that gives at most the
/// target number of ticks. Year ticks are labelled "1990"; month ticks "Apr" (monthly data) or
/// "Q2" (quarterly data), with the year at each January (or at the first tick when no January
/// is shown: "Apr 2020"). Minor ticks mark single years (or quarters) between labelled ones.
enum TimeTicks {
    struct Ticks: Equatable {
        var values: [Double]
        var labels: [String]
        var minor: [Double]
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Step candidates in months, smallest first; years follow the 1-2-5 sequence.
    static func stepCandidates(quarterly: Bool) -> [Int] {
        var steps = quarterly ? [3, 6] : [1, 2, 3, 6]
        var decade = 1
        while decade <= 100_000 {
            steps += [decade * 12, 2 * decade * 12, 5 * decade * 12]
            decade *= 10
        }
        return steps
    }

    /// Ticks for the decimal-year range `low…high` with at most about `target` labels.
    /// Returns nil when the range is not a plausible calendar range (the caller then uses
    /// numeric ticks).
    static func ticks(low: Double, high: Double, scale: AxisScale, target: Int) -> Ticks? {
        guard low.isFinite, high.isFinite, abs(low) < 1e7, abs(high) < 1e7 else { return nil }
        let lo = min(low, high), hi = max(low, high)
        let quarterly = scale == .quarterly
        let first = Int((lo * 12 - 1e-6).rounded(.up))   // month index: year × 12 + month − 1
        let last = Int((hi * 12 + 1e-6).rounded(.down))
        let limit = max(2, target)
        var chosen: Int?
        for step in stepCandidates(quarterly: quarterly) {
            if count(first, last, step) <= limit { chosen = step; break }
        }
        guard let step = chosen else { return nil }
        var months = multiples(first, last, step)
        if months.isEmpty {
            // A span shorter than one step: label the nearest month inside, if any.
            guard first <= last else { return Ticks(values: [], labels: [], minor: []) }
            months = [first]
        }
        var labels = months.map { label(month: $0, step: step, quarterly: quarterly) }
        // Month ticks name their year at each January; without one, the first tick names it.
        if step < 12, let first = months.first, !months.contains(where: { floorDiv($0, 12) * 12 == $0 }) {
            labels[0] += " " + label(month: floorDiv(first, 12) * 12, step: 12, quarterly: quarterly)
        }
        var minor: [Double] = []
        if let minorStep = minorStep(for: step, quarterly: quarterly), count(first, last, minorStep) <= 120 {
            let major = Set(months)
            minor = multiples(first, last, minorStep).filter { !major.contains($0) }.map { Double($0) / 12 }
        }
        return Ticks(values: months.map { Double($0) / 12 }, labels: labels, minor: minor)
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private static func count(_ first: Int, _ last: Int, _ step: Int) -> Int {
        guard first <= last else { return 0 }
        let lowest = floorDiv(first + step - 1, step)
        let highest = floorDiv(last, step)
        return max(0, highest - lowest + 1)
    }

    private static func multiples(_ first: Int, _ last: Int, _ step: Int) -> [Int] {
        guard first <= last else { return [] }
        let lowest = floorDiv(first + step - 1, step)
        let highest = floorDiv(last, step)
        guard lowest <= highest else { return [] }
        return (lowest...highest).map { $0 * step }
    }

    private static func minorStep(for step: Int, quarterly: Bool) -> Int? {
        switch step {
        case 12: return 3
        case 24, 60, 120: return 12
        case 240: return 60
        case 600: return 120
        default: return nil
        }
    }

    private static func label(month index: Int, step: Int, quarterly: Bool) -> String {
        let year = floorDiv(index, 12)
        let month = index - year * 12   // 0…11
        let yearText = year < 0 ? ValueFormat.minusSign + String(-year) : String(year)
        if step >= 12 || month == 0 { return yearText }
        return quarterly ? "Q\(month / 3 + 1)" : monthNames[month]
    }
}
