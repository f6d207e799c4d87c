import Foundation

/// Number formatting with a subset of Python's format mini-language, used for table cells and
/// inline values: `[,][.precision][f|e|g|%|d]`.
///
/// `.2f` → 3.14, `.1%` → 14.7%, `,.0f` → 12,345, `,d` → 12,345, `.3e` → 1.235e+04,
/// `.4g` (the default) → 3.142. Negative numbers use a real minus sign (U+2212).
public enum ValueFormat {
    public static let defaultSpec = ".4g"
    public static let minusSign = "\u{2212}"

    /// Whether `spec` is a valid format (for diagnostics).
    public static func isValid(_ spec: String) -> Bool { parse(spec) != nil }

    /// Formats `value` with `spec`; an invalid spec falls back to the default.
    public static func format(_ value: Double, spec: String?) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : minusSign + "∞") }
        let parsed = parse(spec ?? defaultSpec) ?? parse(defaultSpec)!
        var magnitude = abs(value)
        var body: String
        switch parsed.type {
        case "f":
            body = String(format: "%.\(parsed.precision ?? 6)f", magnitude)
        case "%":
            magnitude *= 100
            body = String(format: "%.\(parsed.precision ?? 6)f", magnitude)
        case "e":
            body = String(format: "%.\(parsed.precision ?? 6)e", magnitude)
        case "d":
            body = String(format: "%.0f", magnitude.rounded())
        default:
            body = String(format: "%.\(max(1, parsed.precision ?? 6))g", magnitude)
        }
        if parsed.grouping { body = group(body) }
        if parsed.type == "%" { body += "%" }
        // No "-0.00": the sign shows only when the rounded value is non-zero.
        let isZero = body.allSatisfy { "0.,%e+-".contains($0) }
        return (value < 0 && !isZero ? minusSign : "") + body
    }

    private struct Parsed { var grouping: Bool; var precision: Int?; var type: Character }

    private static func parse(_ spec: String) -> Parsed? {
        var rest = Substring(spec)
        var grouping = false
        if rest.first == "," { grouping = true; rest = rest.dropFirst() }
        var precision: Int?
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isNumber }
            guard !digits.isEmpty, let p = Int(digits), p <= 17 else { return nil }
            precision = p
            rest = rest.dropFirst(digits.count)
        }
        guard rest.count == 1, let type = rest.first, "fegd%".contains(type) else { return nil }
        if type == "d", precision != nil { return nil }
        return Parsed(grouping: grouping, precision: precision, type: type)
    }

    private static func group(_ number: String) -> String {
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        guard integer.allSatisfy(\.isNumber) else { return number }
        var out = ""
        for (i, ch) in integer.enumerated() {
            if i > 0, (integer.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return parts.count > 1 ? out + "." + parts[1] : out
    }
}
