/// Canonical JSON text for keys and hashes: strings escaped the one way JSON requires (quote,
/// backslash, control characters), everything else as UTF-8.
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object with its members sorted by key; values are JSON text already.
    public static func object(_ members: [String: String]) -> String {
        "{" + members.keys.sorted().map { quoted($0) + ":" + members[$0]! }.joined(separator: ",") + "}"
    }
}

extension ArgumentValue {
    /// The value as canonical JSON: numbers as the shortest text that reads back the same double,
    /// months as "YYYY-MM", ranges and lists as arrays, words and strings as strings.
    public var canonicalJSON: String {
        switch self {
        case .integer(let v): return String(v)
        case .number(let v): return v.isFinite ? String(v) : JSONText.quoted(String(v))
        case .bool(let v): return v ? "true" : "false"
        case .word(let s), .string(let s): return JSONText.quoted(s)
        case .month(let m): return JSONText.quoted(m.description)
        case .monthRange(let a, let b): return "[" + JSONText.quoted(a.description) + "," + JSONText.quoted(b.description) + "]"
        case .list(let items): return "[" + items.map(\.canonicalJSON).joined(separator: ",") + "]"
        }
    }
}
