import Foundation
import ThesisDocument

/// What to do with missing values inside the sample.
public enum MissingValuePolicy: Codable, Hashable, Sendable {
    /// Leave them missing (NaN).
    case keep
    /// Drop every period in which any series is missing (the sample may then have holes; the
    /// periods kept are listed in the frame).
    case drop
    /// Linear interpolation between the neighbouring observations; see `InterpolationEdges` for
    /// the values before the first and after the last observation.
    case interpolate(edges: InterpolationEdges)
    /// EM-PCA imputation, McCracken-Ng `factors_em` (the default).
    case em(EMOptions)

    /// McCracken-Ng's choice: `.em(EMOptions())`.
    public static var mcCrackenNg: MissingValuePolicy { .em(EMOptions()) }

    /// Parses `keep`, `drop`, `interpolate` (edges left missing), `interpolate-nearest` or `em`.
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "keep": self = .keep
        case "drop": self = .drop
        case "interpolate", "linear": self = .interpolate(edges: .leave)
        case "interpolate-nearest": self = .interpolate(edges: .nearest)
        case "em": self = .em(EMOptions())
        default:
            let valid = ["keep", "drop", "interpolate", "interpolate-nearest", "em"]
            throw Diagnostic.error("unknown missing-value method '\(text)'" + Suggestions.didYouMean(text, in: valid)
                                   + "; valid: " + valid.joined(separator: ", "))
        }
    }
}

/// Values outside a series' first..last observation under linear interpolation.
public enum InterpolationEdges: String, Codable, Hashable, Sendable {
    /// Left missing (the default): interpolation never extrapolates.
    case leave
    /// Filled with the nearest observation (first observation backwards, last forwards).
    case nearest
}

/// Missing-value operations that need no factor model.
public enum MissingValues {
    /// Linear interpolation of interior gaps (by position: the frame's periods are regular):
    /// x_t = x_a + (x_b − x_a)·(t − a)/(b − a) between observations a < t < b. Edges as `edges` says.
    /// A series with no observation stays missing.
    public static func interpolate(_ values: [Double], edges: InterpolationEdges = .leave) -> [Double] {
        var x = values
        let observed = x.indices.filter { !x[$0].isNaN }
        guard let first = observed.first, let last = observed.last else { return x }
        var previous = first
        for t in observed.dropFirst() {
            if t > previous + 1 {
                let a = x[previous], b = x[t], span = Double(t - previous)
                for s in (previous + 1)..<t { x[s] = a + (b - a) * Double(s - previous) / span }
            }
            previous = t
        }
        if edges == .nearest {
            for t in 0..<first { x[t] = x[first] }
            for t in (last + 1)..<x.count { x[t] = x[last] }
        }
        return x
    }

    /// `interpolate` applied to every series of a frame; returns the number of values filled.
    public static func interpolate(_ frame: TimeSeriesFrame, edges: InterpolationEdges = .leave)
        -> (frame: TimeSeriesFrame, filled: Int) {
        var result = frame
        var filled = 0
        for i in frame.columns.indices {
            result.columns[i] = interpolate(frame.columns[i], edges: edges)
            filled += zip(frame.columns[i], result.columns[i]).filter { $0.isNaN && !$1.isNaN }.count
        }
        return (result, filled)
    }

    /// Drops every period in which any series is missing. Returns the dropped periods.
    public static func dropIncomplete(_ frame: TimeSeriesFrame) -> (frame: TimeSeriesFrame, dropped: [Month]) {
        let keep = frame.periods.indices.filter { t in frame.columns.allSatisfy { t >= $0.count || !$0[t].isNaN } }
        let keepSet = Set(keep)
        var result = frame
        result.periods = keep.map { frame.periods[$0] }
        result.columns = frame.columns.map { c in keep.map { $0 < c.count ? c[$0] : .nan } }
        return (result, frame.periods.indices.filter { !keepSet.contains($0) }.map { frame.periods[$0] })
    }

    /// Missing values per series.
    public static func counts(_ frame: TimeSeriesFrame) -> [Int] {
        frame.columns.map { $0.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } }
    }
}
