import Foundation
import ThesisDocument

/// A per-series affine scaling fitted on one frame and applied to others (later data, forecasts):
/// scaled = (x − center)/scale, and back x = scaled·scale + center. Missing values are ignored
/// when fitting and stay missing.
public struct Scaler: Codable, Hashable, Sendable {
    public enum Method: String, Codable, Hashable, Sendable, CaseIterable {
        /// center = mean, scale = standard deviation (ddof = 1).
        case zScore = "zscore"
        /// center = minimum, scale = maximum − minimum: the fitted data map onto [0, 1].
        case minMax = "minmax"
    }

    public var method: Method
    public var names: [String]
    /// Parallel to `names`.
    public var centers: [Double]
    /// Parallel to `names`; a constant series (or one with fewer than two values for z-scores)
    /// gets scale 1, so it maps to 0 rather than to NaN.
    public var scales: [Double]

    public init(method: Method, names: [String], centers: [Double], scales: [Double]) {
        self.method = method
        self.names = names
        self.centers = centers
        self.scales = scales
    }

    /// Fits the scaling of every series of `frame`. A series with no observation has center NaN
    /// (scaling it gives NaN; the JSON form writes it as null).
    public static func fit(_ frame: TimeSeriesFrame, method: Method = .zScore) -> Scaler {
        var centers: [Double] = [], scales: [Double] = []
        for column in frame.columns {
            let values = column.filter { !$0.isNaN }
            switch method {
            case .zScore:
                let s = SeriesSummary(name: "", values: values, periods: [])
                centers.append(s.mean)
                scales.append(s.standardDeviation > 0 ? s.standardDeviation : 1)
            case .minMax:
                let lo = values.min() ?? .nan, hi = values.max() ?? .nan
                centers.append(lo)
                scales.append(hi > lo ? hi - lo : 1)
            }
        }
        return Scaler(method: method, names: frame.names, centers: centers, scales: scales)
    }

    /// (x − center)/scale for the named series.
    public func apply(_ values: [Double], series: String) throws -> [Double] {
        let i = try position(series)
        return values.map { ($0 - centers[i]) / scales[i] }
    }

    /// x·scale + center for the named series.
    public func invert(_ values: [Double], series: String) throws -> [Double] {
        let i = try position(series)
        return values.map { $0 * scales[i] + centers[i] }
    }

    /// Scales every series of `frame` (each must have been fitted, matched by name).
    public func apply(_ frame: TimeSeriesFrame) throws -> TimeSeriesFrame {
        var result = frame
        result.columns = try frame.names.indices.map { try apply(frame.columns[$0], series: frame.names[$0]) }
        return result
    }

    /// Undoes `apply` on every series of `frame`.
    public func invert(_ frame: TimeSeriesFrame) throws -> TimeSeriesFrame {
        var result = frame
        result.columns = try frame.names.indices.map { try invert(frame.columns[$0], series: frame.names[$0]) }
        return result
    }

    private func position(_ series: String) throws -> Int {
        guard let i = names.firstIndex(of: series) else {
            throw Diagnostic.error("the scaler was not fitted on series '\(series)'" + Suggestions.didYouMean(series, in: names))
        }
        return i
    }

    private enum CodingKeys: String, CodingKey { case method, names, centers, scales }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(Method.self, forKey: .method)
        names = try c.decode([String].self, forKey: .names)
        centers = try c.decode([Double?].self, forKey: .centers).map { $0 ?? .nan }
        scales = try c.decode([Double?].self, forKey: .scales).map { $0 ?? .nan }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(names, forKey: .names)
        try c.encode(centers.map { $0.isFinite ? $0 : nil }, forKey: .centers)
        try c.encode(scales.map { $0.isFinite ? $0 : nil }, forKey: .scales)
    }

    public static func == (a: Scaler, b: Scaler) -> Bool {
        a.method == b.method && a.names == b.names && a.centers.sameNaNAware(as: b.centers)
            && a.scales.sameNaNAware(as: b.scales)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(names)
        centers.hashNaNAware(into: &hasher)
        scales.hashNaNAware(into: &hasher)
    }
}
