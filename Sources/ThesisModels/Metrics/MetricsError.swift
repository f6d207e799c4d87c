/// Invalid input to a metric or test: lengths that differ, no observations, values outside the
/// metric's domain, or a statistic that is undefined for the data (e.g. a Diebold-Mariano test of
/// identical forecasts). The message names the metric and says what is wrong.
public struct MetricsError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The metric or test, e.g. `rootMeanSquaredError`, `dieboldMariano`.
    public let metric: String
    /// What is wrong, in words.
    public let reason: String

    /// Creates an error (the library creates these; tests may too).
    public init(metric: String, reason: String) {
        self.metric = metric
        self.reason = reason
    }

    /// `metric: reason`.
    public var description: String { "\(metric): \(reason)" }
}

/// Throws unless `a` and `b` have the same, nonzero length.
func requireSameLength(_ metric: String, _ a: Int, _ b: Int, _ names: (String, String) = ("actual", "predicted"))
    throws {
    guard a == b else {
        throw MetricsError(metric: metric, reason: "\(names.0) has \(a) values but \(names.1) has \(b)")
    }
    guard a > 0 else { throw MetricsError(metric: metric, reason: "no observations") }
}

/// Throws if any value is NaN or infinite (scikit-learn's `check_array` rejects them too).
func requireFinite(_ metric: String, _ values: [Double], _ name: String) throws {
    if let i = values.firstIndex(where: { !$0.isFinite }) {
        throw MetricsError(metric: metric, reason: "\(name)[\(i)] is \(values[i]); values must be finite")
    }
}
