import Foundation

/// One BibTeX entry.
public struct BibEntry: Hashable, Sendable {
    public var type: String
    public var key: String
    /// Field names are lowercase; values have outer braces/quotes removed.
    public var fields: [String: String]

    /// Last names of the authors (or editors), TeX decoded; a corporate author (`{{Bank of
    /// England}}`) is its whole name.
    public var lastNames: [String] {
        BibTeXText.names(fields["author"] ?? fields["editor"] ?? "").map(\.last)
    }

    public var year: String { fields["year"].map(BibTeXText.decode) ?? "n.d." }

    /// The title as sorted (decoded, lower-case).
    public var sortTitle: String { BibTeXText.decode(fields["title"] ?? "").lowercased() }
}

/// A parsed `.bib` file.
public struct Bibliography: Sendable {
    public var entries: [String: BibEntry]

    public init(entries: [String: BibEntry] = [:]) { self.entries = entries }

    /// Parses BibTeX; problems are reported with the file's line and column.
    public static func parse(_ text: String, file: String) -> (Bibliography, [Diagnostic]) {
        var parser = BibParser(chars: Array(text), file: file)
        parser.run()
        return (Bibliography(entries: parser.entries), parser.diagnostics)
    }

    /// Keys sorted for a reference list: by first author, then year, then key.
    public func sortedKeys(_ keys: some Collection<String>) -> [String] {
        keys.sorted { a, b in
            let ea = entries[a], eb = entries[b]
            let sa = (ea?.lastNames.first ?? a).lowercased(), sb = (eb?.lastNames.first ?? b).lowercased()
            if sa != sb { return sa < sb }
            if (ea?.year ?? "") != (eb?.year ?? "") { return (ea?.year ?? "") < (eb?.year ?? "") }
            return a < b
        }
    }
}

private struct BibParser {
    let chars: [Character]
    let file: String
    var i = 0
    var line = 1
    var column = 1
    var entries: [String: BibEntry] = [:]
    var diagnostics: [Diagnostic] = []

    init(chars: [Character], file: String) {
        self.chars = chars
        self.file = file
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    mutating func advance() {
        if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { advance() } }

    mutating func word() -> String {
        var w = ""
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || "_-:./+".contains(chars[i]) { w.append(chars[i]); advance() }
        return w
    }

    mutating func fail(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    mutating func run() {
        while i < chars.count {
            if chars[i] != "@" { advance(); continue }
            let start = location
            advance()
            let type = word().lowercased()
            skipSpace()
            guard i < chars.count, chars[i] == "{" || chars[i] == "(" else {
                fail("expected '{' after @\(type)", at: location); continue
            }
            advance()
            if type == "comment" || type == "preamble" || type == "string" { skipBalanced(); continue }
            skipSpace()
            let key = word()
            if key.isEmpty { fail("entry @\(type) has no citation key", at: location); skipBalanced(); continue }
            skipSpace()
            var fields: [String: String] = [:]
            var ok = true
            while i < chars.count, chars[i] == "," {
                advance(); skipSpace()
                if i < chars.count, chars[i] == "}" || chars[i] == ")" { break }
                let fieldStart = location
                let name = word().lowercased()
                skipSpace()
                guard !name.isEmpty, i < chars.count, chars[i] == "=" else {
                    fail("expected 'field = value' in entry '\(key)'", at: fieldStart); ok = false; break
                }
                advance(); skipSpace()
                guard let value = value() else { fail("unterminated value of '\(name)' in entry '\(key)'", at: fieldStart); ok = false; break }
                fields[name] = value
                skipSpace()
            }
            if ok {
                skipSpace()
                if i < chars.count, chars[i] == "}" || chars[i] == ")" { advance() } else { fail("entry '\(key)' is not closed with '}'", at: start); skipBalanced() }
            } else {
                skipBalanced()
            }
            if entries[key] != nil { fail("duplicate citation key '\(key)'", at: start) }
            entries[key] = BibEntry(type: type, key: key, fields: fields)
        }
    }

    /// `{…}` (nested), `"…"`, or a bare word/number.
    mutating func value() -> String? {
        guard i < chars.count else { return nil }
        if chars[i] == "{" {
            var depth = 0
            var out = ""
            repeat {
                if chars[i] == "{" { depth += 1 } else if chars[i] == "}" { depth -= 1 }
                if depth > 0, !(depth == 1 && chars[i] == "{") { out.append(chars[i]) }
                advance()
            } while i < chars.count && depth > 0
            return depth == 0 ? out : nil
        }
        if chars[i] == "\"" {
            advance()
            var out = ""
            while i < chars.count, chars[i] != "\"" { out.append(chars[i]); advance() }
            guard i < chars.count else { return nil }
            advance()
            return out
        }
        let w = word()
        return w.isEmpty ? nil : w
    }

    mutating func skipBalanced() {
        var depth = 1
        while i < chars.count, depth > 0 {
            if chars[i] == "{" { depth += 1 } else if chars[i] == "}" { depth -= 1 }
            advance()
        }
    }
}
