import Foundation

/// A position in a project file, 1-based, with the path relative to the project root.
public struct SourceLocation: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// How serious a diagnostic is.
public enum Severity: String, Codable, Sendable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem found in user input, reported compiler-style:
/// `chapters/04-favar.md:12:14: error: [data plot] unknown option 'seris'; did you mean 'series'?`
public struct Diagnostic: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var location: SourceLocation?
    /// The directive kind in brackets, e.g. `data plot`; nil outside directives.
    public var directive: String?
    public var message: String
    /// The text of the offending source line, printed with a caret under `location.column`.
    public var sourceLine: String?

    public init(_ severity: Severity = .error, at location: SourceLocation?, directive: String? = nil,
                _ message: String, sourceLine: String? = nil) {
        self.severity = severity
        self.location = location
        self.directive = directive
        self.message = message
        self.sourceLine = sourceLine
    }

    /// Shorthand for an error diagnostic.
    public static func error(_ message: String, at location: SourceLocation? = nil,
                             directive: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, directive: directive, message)
    }

    /// The one-line form, without the source excerpt. Control characters from chapters or data
    /// (terminal escape sequences, carriage returns) are shown as `\u{1B}`, never sent raw.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): "
        if let directive { text += "[\(Self.printable(directive))] " }
        return text + Self.printable(message)
    }

    /// The one-line form followed by the source line and a caret, when known.
    public var rendered: String {
        guard let sourceLine, let location else { return description }
        let line = Self.printable(sourceLine, keepTabs: true)
        let prefix = Self.printable(String(sourceLine.prefix(max(0, location.column - 1))), keepTabs: true)
        let padding = String(prefix.map { (c: Character) -> Character in c == "\t" ? "\t" : " " })
        return "\(description)\n    \(line)\n    \(padding)^"
    }

    /// `text` with control characters (C0 except line feed, DEL, C1) written as `\u{XX}`.
    public static func printable(_ text: String, keepTabs: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepTabs && $0 == "\t") }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepTabs && scalar == "\t") {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
    }
}

/// A set of diagnostics thrown together, e.g. every error found while parsing one file.
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects recoverable problems from every stage; thread-safe.
public final class DiagnosticCollector: @unchecked Sendable {
    private var items: [Diagnostic] = []
    private let lock = NSLock()

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        lock.lock(); defer { lock.unlock() }
        items.append(diagnostic)
    }

    public func emit(contentsOf diagnostics: [Diagnostic]) {
        lock.lock(); defer { lock.unlock() }
        items.append(contentsOf: diagnostics)
    }

    /// All diagnostics, sorted by location so output does not depend on execution order.
    public var diagnostics: [Diagnostic] {
        lock.lock(); defer { lock.unlock() }
        return items.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if la != lb {
                guard let la else { return true }
                guard let lb else { return false }
                return la < lb
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var hasErrors: Bool { errorCount > 0 }
}

/// "Did you mean" support: the candidates closest to `word` by edit distance.
public enum Suggestions {
    /// Returns the best candidate within a distance that grows with the word's length.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        closest(to: word, in: candidates, limit: 1).first
    }

    /// Up to `limit` candidates, nearest first; case-insensitive; ties in candidate order.
    public static func closest(to word: String, in candidates: [String], limit: Int) -> [String] {
        let lower = word.lowercased()
        let maxDistance = max(1, (lower.count + 2) / 3)
        let scored = candidates.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            let c = candidate.lowercased()
            var d = editDistance(lower, c)
            if c.hasPrefix(lower) || lower.hasPrefix(c) { d = min(d, 1) }
            return d <= maxDistance ? (d, index, candidate) : nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// "; did you mean 'x'?" or an empty string.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        guard let best = closest(to: word, in: candidates) else { return "" }
        return "; did you mean '\(best)'?"
    }

    /// Damerau-Levenshtein (optimal string alignment) distance.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

/// Where the first byte that is not UTF-8 is, for "not valid UTF-8" errors.
public enum UTF8Validation {
    /// The 1-based line and column (in characters) of the first invalid byte, or nil if `data` is
    /// valid UTF-8.
    public static func firstInvalid(in data: Data) -> (line: Int, column: Int, byte: UInt8)? {
        firstInvalid(in: [UInt8](data))
    }

    /// See `firstInvalid(in:)` for `Data`.
    public static func firstInvalid(in bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8)? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, column, b)
            }
            guard i + length <= bytes.count else { return (line, column, b) }
            let sequence = bytes[i..<(i + length)]
            guard String(bytes: sequence, encoding: .utf8) != nil else { return (line, column, b) }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return nil
    }

    /// "FILE is not valid UTF-8: byte 0xE9 at line 3, column 7; save it as UTF-8" at that place.
    public static func diagnostic(_ data: Data, file: String) -> Diagnostic {
        guard let place = firstInvalid(in: data) else {
            return .error("\(file) is not valid UTF-8; save it as UTF-8", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return .error("\(file) is not valid UTF-8: byte 0x\(String(place.byte, radix: 16, uppercase: true)) here is not UTF-8 "
                      + "(Latin-1 or Windows-1252?); save the file as UTF-8",
                      at: SourceLocation(file: file, line: place.line, column: place.column))
    }
}
