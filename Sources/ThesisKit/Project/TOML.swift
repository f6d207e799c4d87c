import ThesisDocument

/// A TOML value with where it was written.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// The subset of TOML 1.0 that thesis.toml needs: `[table]` and `[dotted.table]` headers,
/// `key = value` with bare or quoted keys, basic and literal strings, integers, floats, booleans,
/// arrays, and `#` comments. Anything else is reported with line and column.
public struct TOMLDocument: Sendable {
    public var root: [String: TOMLValue] = [:]
    /// Where each key's value starts, by dotted path (`data.macro.path`).
    public var locations: [String: SourceLocation] = [:]
    /// Where each key (dotted path) is written, for messages about the key itself.
    public var keyLocations: [String: SourceLocation] = [:]

    public static func parse(_ text: String, file: String) -> Result<TOMLDocument, Diagnostic> {
        var parser = TOMLParser(chars: Array(text), file: file, lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        do {
            try parser.run()
            return .success(parser.document)
        } catch let diagnostic as Diagnostic {
            return .failure(diagnostic)
        } catch {
            return .failure(.error("\(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }

    /// The value at a dotted path.
    public func value(_ path: String) -> TOMLValue? {
        var current: TOMLValue = .table(root)
        for part in path.split(separator: ".") {
            guard case .table(let t) = current, let next = t[String(part)] else { return nil }
            current = next
        }
        return current
    }
}

private struct TOMLParser {
    let chars: [Character]
    let file: String
    let lines: [Substring]
    var i = 0
    var line = 1
    var column = 1
    var document = TOMLDocument()
    var currentTable: [String] = []
    var definedTables: Set<String> = []

    init(chars: [Character], file: String, lines: [Substring]) {
        self.chars = chars
        self.file = file
        self.lines = lines
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    func error(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        let at = location ?? self.location
        let source = lines.indices.contains(at.line - 1) ? String(lines[at.line - 1]).replacingOccurrences(of: "\r", with: "") : nil
        return Diagnostic(.error, at: at, message, sourceLine: source)
    }

    var current: Character? { i < chars.count ? chars[i] : nil }

    mutating func advance() {
        guard i < chars.count else { return }
        if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    mutating func skipSpaces() { while let c = current, c == " " || c == "\t" { advance() } }

    mutating func skipComment() {
        if current == "#" { while let c = current, c != "\n" { advance() } }
    }

    mutating func endOfLine() throws {
        skipSpaces(); skipComment()
        if current == "\r" { advance() }
        guard current == nil || current == "\n" else {
            throw error("unexpected '\(current!)' after the value; one key = value per line")
        }
        if current == "\n" { advance() }
    }

    mutating func run() throws {
        while i < chars.count {
            skipSpaces()
            switch current {
            case "\n"?, "\r"?: advance()
            case "#"?: skipComment()
            case "["?: try tableHeader()
            case nil: return
            default: try keyValue()
            }
        }
    }

    mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            if current == "\"" || current == "'" {
                parts.append(try string())
            } else {
                var word = ""
                while let c = current, c.isLetter || c.isNumber || c == "_" || c == "-" { word.append(c); advance() }
                guard !word.isEmpty else { throw error("expected a key (letters, digits, '_', '-', or a quoted key)") }
                parts.append(word)
            }
            skipSpaces()
            if current == "." { advance(); continue }
            return parts
        }
    }

    mutating func tableHeader() throws {
        let start = location
        advance()
        if current == "[" { throw error("arrays of tables ([[…]]) are not supported in thesis.toml") }
        let path = try key()
        guard current == "]" else { throw error("expected ']' to close the table header") }
        advance()
        let name = path.joined(separator: ".")
        guard definedTables.insert(name).inserted else { throw error("table [\(name)] is defined twice", at: start) }
        try ensureTable(path, at: start)
        currentTable = path
        try endOfLine()
    }

    mutating func ensureTable(_ path: [String], at location: SourceLocation) throws {
        var root = document.root
        if let conflict = Self.insertTables(&root, path[...]) {
            throw error("'\(conflict.name)' is already \(conflict.value.typeName), not a table", at: location)
        }
        document.root = root
    }

    /// Creates nested tables along `path`; returns the first key that holds a non-table value.
    static func insertTables(_ table: inout [String: TOMLValue], _ rest: ArraySlice<String>) -> (name: String, value: TOMLValue)? {
        guard let first = rest.first else { return nil }
        var child: [String: TOMLValue] = [:]
        if let existing = table[first] {
            guard case .table(let t) = existing else { return (first, existing) }
            child = t
        }
        if let conflict = insertTables(&child, rest.dropFirst()) { return conflict }
        table[first] = .table(child)
        return nil
    }

    /// Sets `value` at `path` (tables already exist); false when the key is already defined.
    static func setValue(_ value: TOMLValue, in table: inout [String: TOMLValue], _ rest: ArraySlice<String>) -> Bool {
        guard let first = rest.first else { return false }
        if rest.count == 1 {
            guard table[first] == nil else { return false }
            table[first] = value
            return true
        }
        guard case .table(var child)? = table[first] else { return false }
        let ok = setValue(value, in: &child, rest.dropFirst())
        table[first] = .table(child)
        return ok
    }

    mutating func keyValue() throws {
        let start = location
        let path = try key()
        guard current == "=" else { throw error("expected '=' after key '\(path.joined(separator: "."))'") }
        advance()
        skipSpaces()
        let valueStart = location
        let value = try self.value()
        let full = currentTable + path
        try ensureTable(Array(full.dropLast()), at: start)
        var root = document.root
        guard Self.setValue(value, in: &root, full[...]) else {
            throw error("key '\(full.joined(separator: "."))' is defined twice", at: start)
        }
        document.root = root
        document.locations[full.joined(separator: ".")] = valueStart
        document.keyLocations[full.joined(separator: ".")] = start
        try endOfLine()
    }

    mutating func value() throws -> TOMLValue {
        switch current {
        case "\""?, "'"?:
            return .string(try string())
        case "["?:
            advance()
            var items: [TOMLValue] = []
            while true {
                while let c = current, c.isWhitespace { advance() }
                skipComment()
                while let c = current, c.isWhitespace { advance() }
                if current == "]" { advance(); return .array(items) }
                items.append(try value())
                while let c = current, c.isWhitespace { advance() }
                skipComment()
                while let c = current, c.isWhitespace { advance() }
                if current == "," { advance(); continue }
                guard current == "]" else { throw error("expected ',' or ']' in the array") }
                advance()
                return .array(items)
            }
        case "{"?:
            throw error("inline tables ({…}) are not supported in thesis.toml; use a [table] header")
        case nil, "\n"?:
            throw error("missing value after '='")
        default:
            let start = location
            var raw = ""
            while let c = current, !c.isWhitespace, c != ",", c != "]", c != "#" { raw.append(c); advance() }
            if raw == "true" { return .bool(true) }
            if raw == "false" { return .bool(false) }
            let digits = raw.replacingOccurrences(of: "_", with: "")
            if let v = Int(digits) { return .integer(v) }
            if let v = Double(digits), raw.first?.isNumber == true || raw.first == "-" || raw.first == "+" { return .float(v) }
            throw error("invalid value '\(raw)'; strings need quotes, e.g. \"\(raw)\"", at: start)
        }
    }

    mutating func string() throws -> String {
        let start = location
        let quote = current!
        advance()
        var out = ""
        while let c = current, c != quote {
            if c == "\n" { break }
            if quote == "\"", c == "\\" {
                advance()
                switch current {
                case "\""?: out.append("\"")
                case "\\"?: out.append("\\")
                case "n"?: out.append("\n")
                case "t"?: out.append("\t")
                case "r"?: out.append("\r")
                case "u"?, "U"?:
                    let count = current == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count { advance(); if let h = current { hex.append(h) } }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { throw error("invalid unicode escape \\u\(hex)") }
                    out.unicodeScalars.append(scalar)
                default: throw error("invalid escape '\\\(current.map(String.init) ?? "")' in string; valid: \\\" \\\\ \\n \\t \\uXXXX")
                }
                advance()
                continue
            }
            out.append(c)
            advance()
        }
        guard current == quote else { throw error("unterminated string; close it with \(quote) on the same line", at: start) }
        advance()
        return out
    }
}
