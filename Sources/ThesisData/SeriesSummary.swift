import Foundation
import ThesisDocument

/// Descriptive statistics of one series over a frame's periods, ignoring missing values.
///
/// NaN stands for "undefined" (`mean` of no observations, `standardDeviation` of fewer than two);
/// it is written as `null` in JSON, and equality treats NaN as equal to NaN.
public struct SeriesSummary: Codable, Hashable, Sendable {
    public var name: String
    /// The first non-missing period, nil when every value is missing.
    public var first: Month?
    /// The last non-missing period, nil when every value is missing.
    public var last: Month?
    /// Non-missing values.
    public var observations: Int
    /// Missing values (NaN) over the frame's periods.
    public var missing: Int
    public var mean: Double
    /// Sample standard deviation (ddof = 1).
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    public var transformCode: Int?

    public init(name: String, first: Month?, last: Month?, observations: Int, missing: Int, mean: Double,
                standardDeviation: Double, minimum: Double, maximum: Double, transformCode: Int?) {
        self.name = name
        self.first = first
        self.last = last
        self.observations = observations
        self.missing = missing
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
        self.transformCode = transformCode
    }

    /// Summarises `values` observed at `periods` (paired by position).
    public init(name: String, values: [Double], periods: [Month], transformCode: Int? = nil) {
        var count = 0
        var sum = CompensatedSum()
        var minimum = Double.nan, maximum = Double.nan
        var firstIndex: Int?, lastIndex: Int?
        for (t, x) in values.enumerated() where !x.isNaN {
            if firstIndex == nil { firstIndex = t }
            lastIndex = t
            count += 1
            sum.add(x)
            if !(x >= minimum) { minimum = x }   // also replaces the initial NaN
            if !(x <= maximum) { maximum = x }
        }
        let mean = count > 0 ? sum.value / Double(count) : .nan
        var standardDeviation = Double.nan
        if count > 1 {
            // Two passes: the sum of squared deviations from the mean is stable.
            var squares = CompensatedSum()
            for x in values where !x.isNaN {
                let d = x - mean
                squares.add(d * d)
            }
            standardDeviation = (squares.value / Double(count - 1)).squareRoot()
        }
        self.init(name: name,
                  first: firstIndex.flatMap { $0 < periods.count ? periods[$0] : nil },
                  last: lastIndex.flatMap { $0 < periods.count ? periods[$0] : nil },
                  observations: count, missing: values.count - count, mean: mean,
                  standardDeviation: standardDeviation, minimum: minimum, maximum: maximum,
                  transformCode: transformCode)
    }

    // MARK: - NaN-aware equality, hashing and coding

    public static func == (a: SeriesSummary, b: SeriesSummary) -> Bool {
        a.name == b.name && a.first == b.first && a.last == b.last && a.observations == b.observations
            && a.missing == b.missing && sameValue(a.mean, b.mean)
            && sameValue(a.standardDeviation, b.standardDeviation)
            && sameValue(a.minimum, b.minimum) && sameValue(a.maximum, b.maximum)
            && a.transformCode == b.transformCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(first)
        hasher.combine(last)
        hasher.combine(observations)
        hasher.combine(missing)
        for value in [mean, standardDeviation, minimum, maximum] { hashNaNAware(value, into: &hasher) }
        hasher.combine(transformCode)
    }

    private enum CodingKeys: String, CodingKey {
        case name, first, last, observations, missing, mean, standardDeviation, minimum, maximum, transformCode
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        first = try c.decodeIfPresent(Month.self, forKey: .first)
        last = try c.decodeIfPresent(Month.self, forKey: .last)
        observations = try c.decode(Int.self, forKey: .observations)
        missing = try c.decode(Int.self, forKey: .missing)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean) ?? .nan
        standardDeviation = try c.decodeIfPresent(Double.self, forKey: .standardDeviation) ?? .nan
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum) ?? .nan
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum) ?? .nan
        transformCode = try c.decodeIfPresent(Int.self, forKey: .transformCode)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(first, forKey: .first)
        try c.encode(last, forKey: .last)
        try c.encode(observations, forKey: .observations)
        try c.encode(missing, forKey: .missing)
        for (value, key) in [(mean, CodingKeys.mean), (standardDeviation, .standardDeviation),
                             (minimum, .minimum), (maximum, .maximum)] {
            try c.encode(value.isFinite ? value : nil, forKey: key)
        }
        try c.encode(transformCode, forKey: .transformCode)
    }
}

extension TimeSeriesFrame {
    /// One summary per series, in column order.
    public func summaries() -> [SeriesSummary] {
        names.indices.map { i in
            SeriesSummary(name: names[i], values: i < columns.count ? columns[i] : [], periods: periods,
                          transformCode: i < transformCodes.count ? transformCodes[i] : nil)
        }
    }
}

/// Neumaier's compensated summation: the error does not grow with the number of terms.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}
