import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument
import ThesisModels

/// The request log read as a monitor (`thesis monitor`): per served model name, how many requests,
/// the share answered with an error, and the latency's median, 99th percentile and mean; rules on
/// them (`p99_latency_ms > 20; error_rate > 0.05`) fire as alerts, like a `<<monitor>>`'s.
public enum ServingMonitor {
    /// One model name's requests.
    public struct Statistics: Hashable, Sendable {
        public var model: String
        public var requests: Int
        /// Requests answered with a status of 400 or more, as a share.
        public var errorRate: Double
        /// numpy's linear quantiles of the latency, in milliseconds.
        public var p50LatencyMilliseconds: Double, p99LatencyMilliseconds: Double, meanLatencyMilliseconds: Double

        /// The statistic a rule names.
        public func value(_ statistic: String) -> Double? {
            switch statistic {
            case "requests": return Double(requests)
            case "error_rate": return errorRate
            case "p50_latency_ms": return p50LatencyMilliseconds
            case "p99_latency_ms": return p99LatencyMilliseconds
            case "mean_latency_ms": return meanLatencyMilliseconds
            default: return nil
            }
        }
    }

    /// What a serving rule can name.
    public static let statistics = ["requests", "error_rate", "p50_latency_ms", "p99_latency_ms", "mean_latency_ms"]

    /// Serving rules separated by ';' (`ThresholdRule` on `statistics`).
    public static func parseRules(_ text: String) throws -> [ThresholdRule] {
        try ThresholdRule.parse(text, statistics: statistics, source: "the request log")
    }

    /// The statistics of each model name in `entries`, by name.
    public static func statistics(_ entries: [RequestLogEntry]) -> [Statistics] {
        Dictionary(grouping: entries, by: \.model).keys.sorted().map { name in
            let mine = entries.filter { $0.model == name }
            let latencies = mine.map(\.latencyMilliseconds).filter(\.isFinite).sorted()
            func quantile(_ p: Double) -> Double {
                guard !latencies.isEmpty else { return .nan }
                let position = p * Double(latencies.count - 1)
                let lower = Int(position.rounded(.down)), upper = min(lower + 1, latencies.count - 1)
                let fraction = position - Double(lower), difference = latencies[upper] - latencies[lower]
                return fraction >= 0.5
                    ? latencies[upper] - difference * (1 - fraction) : latencies[lower] + difference * fraction
            }
            return Statistics(
                model: name, requests: mine.count,
                errorRate: Double(mine.filter { $0.status >= 400 }.count) / Double(mine.count),
                p50LatencyMilliseconds: quantile(0.5), p99LatencyMilliseconds: quantile(0.99),
                meanLatencyMilliseconds: latencies.isEmpty ? .nan : latencies.reduce(0, +) / Double(latencies.count))
        }
    }

    /// The alerts `rules` raise on `statistics` (one per model and rule that fires).
    public static func alerts(_ rules: [ThresholdRule], _ statistics: [Statistics], warn: Bool) -> [FiredAlert] {
        rules.flatMap { rule in
            statistics.compactMap { s -> FiredAlert? in
                guard let value = s.value(rule.statistic), value.isFinite, rule.fires(value, threshold: rule.threshold)
                else {
                    return nil
                }
                return FiredAlert(
                    monitor: "thesis monitor (request log)",
                    alert: Alert(
                        rule: rule.text, subject: s.model, value: value, threshold: rule.threshold, warn: warn),
                    fresh: true)
            }
        }
    }
}
