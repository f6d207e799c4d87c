import Foundation
import ThesisDocument

/// A monitoring rule `STATISTIC OP NUMBER`, optionally `… * registered` (the threshold is a
/// multiple of what the model recorded): `psi > 0.2`, `rmse > 1.25 * registered`,
/// `p99_latency_ms > 20`. Shared by `<<monitor>>` and `thesis monitor`.
public struct ThresholdRule: Hashable, Sendable {
    /// The rule as written (words joined by one space).
    public var text: String
    public var statistic: String
    /// `>`, `>=`, `<` or `<=`.
    public var op: String
    public var threshold: Double
    /// The threshold multiplies the model's recorded value of the statistic.
    public var timesRegistered: Bool

    /// A rule that does not parse, saying what would be valid.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Whether `value` crosses `threshold` (the rule's own, or its multiple of the registered value).
    public func fires(_ value: Double, threshold: Double) -> Bool {
        switch op {
        case ">": return value > threshold
        case ">=": return value >= threshold
        case "<": return value < threshold
        default: return value <= threshold
        }
    }

    /// Rules separated by ';', on `statistics` (of `source`, for the message: "of the request log");
    /// `registered` names those that may compare with a multiple of the recorded value, written
    /// `NUMBER * \(reference)` (`registered` for monitors, `champion` for promotions).
    /// - Throws: `Problem` naming the rule and what would be valid.
    public static func parse(
        _ text: String, statistics: [String], registered: [String] = [], reference: String = "registered",
        source: String? = nil
    ) throws -> [ThresholdRule] {
        let example =
            registered.isEmpty
            ? "'\(statistics[0]) > 0.2'" : "'\(statistics[0]) > 0.2' or '\(registered[0]) > 1.25 * \(reference)'"
        let usage =
            "write STATISTIC OP NUMBER, e.g. \(example) (statistics: \(statistics.joined(separator: ", ")); OP: >, >=, <, <=)"
        return try text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map
        { rule in
            let words = rule.split(separator: " ").map(String.init)
            guard words.count == 3 || (words.count == 5 && words[3] == "*" && words[4] == reference) else {
                throw Problem(description: "rule '\(rule)': \(usage)")
            }
            guard statistics.contains(words[0]) else {
                throw Problem(
                    description:
                        "rule '\(rule)': '\(words[0])' is not a statistic\(source.map { " of \($0)" } ?? "")\(Suggestions.didYouMean(words[0], in: statistics)); \(usage)"
                )
            }
            guard [">", ">=", "<", "<="].contains(words[1]) else {
                throw Problem(description: "rule '\(rule)': '\(words[1])' is not a comparison; \(usage)")
            }
            guard let threshold = Double(words[2]), threshold.isFinite else {
                throw Problem(description: "rule '\(rule)': '\(words[2])' is not a number; \(usage)")
            }
            let timesRegistered = words.count == 5
            if timesRegistered, !registered.contains(words[0]) {
                throw Problem(
                    description:
                        "rule '\(rule)': only \(registered.joined(separator: " and ")) compare with the \(reference == "registered" ? "registered performance" : reference)"
                )
            }
            return ThresholdRule(
                text: words.joined(separator: " "), statistic: words[0], op: words[1], threshold: threshold,
                timesRegistered: timesRegistered)
        }
    }
}
