import Foundation
import ThesisDocument

/// One axis of one panel, ready to draw: limits, ticks, labels and title.
struct AxisPlan {
    /// Data values at the two ends of the axis.
    var low: Double
    var high: Double
    var ticks: [Double] = []
    /// One label per tick; empty strings for ticks left unlabelled.
    var labels: [String] = []
    var minor: [Double] = []
    /// The axis title, with a ×10ⁿ factor appended when the labels use one.
    var title: String?
    var categorical = false
    /// Tick labels turned by 45° (crowded category names on x).
    var rotated = false
    /// A base-10 logarithmic axis (`low` and `high` are then positive).
    var log = false

    /// Maps a data value onto the segment from `start` (at `low`) to `end` (at `high`). On a
    /// log axis values ≤ 0 map far below `start` (the panel clips them).
    func map(_ v: Double, _ start: Double, _ end: Double) -> Double {
        guard log else { return start + (v - low) / (high - low) * (end - start) }
        let l = Self.log10(low), h = Self.log10(high)
        return start + (Self.log10(v) - l) / (h - l) * (end - start)
    }

    /// log₁₀ with values ≤ 0 sent to the smallest normal number's logarithm (finite, far away).
    static func log10(_ v: Double) -> Double { Foundation.log10(v > 0 ? v : Double.leastNormalMagnitude) }
}

/// Chooses axis limits and ticks.
enum AxisPlanner {
    /// Relative padding of y ranges (and scatter x ranges) beyond the data.
    static let padding = 0.05

    /// The limits of an axis from its data, its fixed limits and its categories.
    static func limits(_ data: AxisData, axis: FigureAxis, categories: [String]?, isY: Bool) -> (Double, Double) {
        if let categories, !categories.isEmpty {
            return (-0.5, Double(categories.count) - 0.5)
        }
        if axis.scale == .log { return logLimits(data, axis: axis, isY: isY) }
        var extent = data.extent
        // Reference lines (a zero line) count when they are close to the data, so an impulse
        // response that never crosses zero still shows its zero line.
        if var e = extent {
            let span = max(e.high - e.low, 1e-300)
            for r in data.references where r >= e.low - 0.5 * span && r <= e.high + 0.5 * span { e.include(r) }
            extent = e
        } else if let r = Extent.of(data.references) {
            extent = r
        }
        let fixedLow = axis.minimum.flatMap { $0.isDrawable ? $0 : nil }
        let fixedHigh = axis.maximum.flatMap { $0.isDrawable ? $0 : nil }
        var low: Double, high: Double
        if let e = extent {
            (low, high) = (e.low, e.high)
            let span = high - low
            let magnitude = max(abs(low), abs(high))
            if span <= 1e-12 * magnitude || span == 0 {
                // Zero range: pad around the value (time axes by half a year).
                let pad = axis.scale.isTime && !isY ? 0.5 : (magnitude == 0 ? 1 : 0.1 * magnitude)
                if data.zeroBaseline && low == 0 { high = low + pad } else { low -= pad; high += pad }
            } else if isY || data.padded {
                let pad = padding * span
                if !(data.zeroBaseline && low == 0) { low -= pad }
                if !(data.zeroBaseline && high == 0) { high += pad }
            }
        } else {
            (low, high) = (0, 1)
        }
        if let fixedLow { low = fixedLow }
        if let fixedHigh { high = fixedHigh }
        if !(high > low) {
            // Only one limit was fixed and the data lie on the wrong side of it.
            let pad = max(1, abs(fixedLow ?? fixedHigh ?? 1) * 0.1)
            if fixedLow != nil { high = low + pad } else { low = high - pad }
        }
        return (low, high)
    }

    /// Limits of a log axis: the positive data padded by 5% of the span in decades (a single
    /// value by a factor of 1.5 either way); zero baselines and reference lines do not count.
    static func logLimits(_ data: AxisData, axis: FigureAxis, isY: Bool) -> (Double, Double) {
        var low = 1.0, high = 10.0
        if let e = data.extent, e.low > 0 {
            (low, high) = (e.low, e.high)
            if high / low < 1 + 1e-9 {
                low /= 1.5
                high *= 1.5
            } else if isY || data.padded {
                let pad = pow(10, padding * (AxisPlan.log10(high) - AxisPlan.log10(low)))
                low /= pad
                high *= pad
            }
        }
        if let fixed = axis.minimum, fixed.isDrawable, fixed > 0 { low = fixed }
        if let fixed = axis.maximum, fixed.isDrawable, fixed > 0 { high = fixed }
        if !(high > low) { high = low * 10 }
        return (low, high)
    }

    /// Ticks and labels for an axis of `length` points.
    /// - Parameters:
    ///   - measure: width of a tick label in points.
    ///   - labelHeight: height of a line of tick-label text.
    static func plan(limits: (Double, Double), axis: FigureAxis, categories: [String]?, isY: Bool,
                     integer: Bool, length: Double, labelHeight: Double,
                     measure: (String) -> Double) -> AxisPlan {
        var plan = AxisPlan(low: limits.0, high: limits.1)
        plan.title = axis.label.flatMap { $0.isEmpty ? nil : $0 }

        if let categories, !categories.isEmpty {
            plan.categorical = true
            plan.ticks = categories.indices.map(Double.init)
            plan.labels = categories
            let slot = length / Double(categories.count)
            if isY {
                let every = max(1, Int((labelHeight * 1.15 / max(slot, 1e-9)).rounded(.up)))
                plan.labels = thin(categories, every: every)
            } else if let step = numericStep(categories, slot: slot, measure: measure) {
                // Years and other whole numbers: label round values, keep the labels level.
                plan.labels = categories.map { Int($0).map { $0 % step == 0 } == true ? $0 : "" }
            } else {
                let widest = categories.map(measure).max() ?? 0
                if widest + 4 > slot {
                    plan.rotated = true
                    let every = max(1, Int((labelHeight * 1.3 / max(slot, 1e-9)).rounded(.up)))
                    plan.labels = thin(categories, every: every)
                }
            }
            return plan
        }

        let span = plan.high - plan.low
        // About one tick per 75 pt along x and per 40 pt along y, at least three: small
        // panels need relatively more, and overlapping x labels bring the count down again.
        let initialTarget = isY ? max(3, min(8, Int(length / max(40, labelHeight * 3)) + 2))
                                : max(3, min(8, Int(length / 75) + 2))

        if axis.scale == .log {
            plan.log = true
            for target in stride(from: initialTarget, through: 2, by: -1) {
                let t = LogTicks.ticks(low: plan.low, high: plan.high, target: target)
                plan.ticks = t.values
                plan.labels = t.labels
                plan.minor = t.minor
                if isY || !overlaps(plan, length: length, measure: measure) { break }
            }
            return plan
        }

        if !isY, axis.scale.isTime {
            for target in stride(from: initialTarget, through: 2, by: -1) {
                guard let t = TimeTicks.ticks(low: plan.low, high: plan.high, scale: axis.scale, target: target) else { break }
                plan.ticks = t.values
                plan.labels = t.labels
                plan.minor = t.minor
                if !overlaps(plan, length: length, measure: measure) || target == 2 { return plan }
            }
            if !plan.ticks.isEmpty { return plan }
        }

        for target in stride(from: initialTarget, through: 2, by: -1) {
            let nice = NiceTicks.extended(low: plan.low, high: plan.high, target: target,
                                          integerOnly: integer && span >= 1, inside: true)
            let tolerance = 1e-9 * span
            let inside = nice.values.filter { $0 >= plan.low - tolerance && $0 <= plan.high + tolerance }
            let step = inside.count >= 2 ? inside[1] - inside[0] : nice.step
            let formatted = TickFormatter.labels(for: inside, step: step, format: axis.format)
            plan.ticks = inside
            plan.labels = formatted.labels
            if let factor = formatted.factor {
                plan.title = plan.title.map { "\($0) (\(factor))" } ?? factor
            } else {
                plan.title = axis.label.flatMap { $0.isEmpty ? nil : $0 }
            }
            if isY || !overlaps(plan, length: length, measure: measure) { break }
        }
        return plan
    }

    /// For categories that are all whole numbers (years): the smallest step of 1, 2, 5, 10, 20, …
    /// whose labels fit side by side; nil for other categories.
    static func numericStep(_ categories: [String], slot: Double, measure: (String) -> Double) -> Int? {
        guard categories.count > 1, categories.allSatisfy({ Int($0) != nil }) else { return nil }
        let widest = categories.map(measure).max() ?? 0
        var step = 1
        for candidate in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000, 100_000] {
            step = candidate
            if slot * Double(candidate) >= widest + 6 { break }
        }
        return step
    }

    /// Whether neighbouring x tick labels would touch.
    static func overlaps(_ plan: AxisPlan, length: Double, measure: (String) -> Double) -> Bool {
        guard plan.ticks.count > 1 else { return false }
        let widths = plan.labels.map(measure)
        for i in plan.ticks.indices.dropFirst() {
            let distance = abs(plan.map(plan.ticks[i], 0, length) - plan.map(plan.ticks[i - 1], 0, length))
            if distance < (widths[i] + widths[i - 1]) / 2 + 5 { return true }
        }
        return false
    }

    /// Keeps every `every`-th label (always the first), blanking the rest.
    static func thin(_ labels: [String], every: Int) -> [String] {
        guard every > 1 else { return labels }
        return labels.enumerated().map { $0.offset % every == 0 ? $0.element : "" }
    }
}
