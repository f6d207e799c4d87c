import ThesisDocument

/// Lexes the text between `<<` and `>>` into a kind and `key=value` arguments.
///
/// Grammar: `kind-word+ (key=value)*`. Values are integers, decimals, `true`/`false`, bare words,
/// `"quoted strings"` (with `\"` and `\\` escapes), comma lists (`a,b,"c d"`), months (`1960-01`)
/// and month ranges (`1960-01..2019-12`). The text may wrap over several lines.
public struct DirectiveLexer {
    /// - Parameters:
    ///   - text: the characters between `<<` and `>>`.
    ///   - start: the location of the first character of `text`.
    ///   - sourceLine: the file's line by number (1-based), for caret excerpts in diagnostics.
    public static func lex(_ text: String, at start: SourceLocation, sourceLine: @escaping (Int) -> String? = { _ in nil })
        -> Result<DirectiveCall, Diagnostic>
    {
        var lexer = DirectiveLexer(text: Array(text), start: start, sourceLine: sourceLine)
        return lexer.run(source: text)
    }

    private let text: [Character]
    private let start: SourceLocation
    private let sourceLine: (Int) -> String?
    private var position = 0
    private var line: Int
    private var column: Int

    private init(text: [Character], start: SourceLocation, sourceLine: @escaping (Int) -> String?) {
        self.text = text
        self.start = start
        self.sourceLine = sourceLine
        self.line = start.line
        self.column = start.column
    }

    private var location: SourceLocation { SourceLocation(file: start.file, line: line, column: column) }

    private func error(_ message: String, at location: SourceLocation, kind: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, directive: kind, message, sourceLine: sourceLine(location.line))
    }

    private mutating func advance() {
        if text[position] == "\n" { line += 1; column = 1 } else { column += 1 }
        position += 1
    }

    private mutating func skipWhitespace() {
        while position < text.count, text[position].isWhitespace { advance() }
    }

    private mutating func run(source: String) -> Result<DirectiveCall, Diagnostic> {
        var kindWords: [String] = []
        var arguments: [DirectiveArgument] = []
        skipWhitespace()
        if position == text.count {
            return .failure(error("empty directive; write <<kind verb key=value …>>, e.g. <<data describe data=macro>>", at: start))
        }
        while position < text.count {
            let tokenStart = location
            // A key or kind word: everything up to whitespace or '='.
            var word = ""
            while position < text.count, !text[position].isWhitespace, text[position] != "=" {
                if text[position] == "\"" {
                    return .failure(error("unexpected '\"'; quoted strings are option values: key=\"text\"", at: location,
                                          kind: kindWords.isEmpty ? nil : kindWords.joined(separator: " ")))
                }
                word.append(text[position]); advance()
            }
            let kind = kindWords.joined(separator: " ")
            if position < text.count, text[position] == "=" {
                if kindWords.isEmpty {
                    return .failure(error("a directive starts with its kind, e.g. <<data plot …>>, before any key=value", at: tokenStart))
                }
                if word.isEmpty { return .failure(error("missing option name before '='", at: tokenStart, kind: kind)) }
                guard isIdentifier(word) else {
                    return .failure(error("invalid option name '\(word)'; names use letters, digits, '_' and '-'", at: tokenStart, kind: kind))
                }
                if arguments.contains(where: { $0.key == word }) {
                    return .failure(error("option '\(word)' is given twice", at: tokenStart, kind: kind))
                }
                advance() // '='
                let valueStart = location
                if position == text.count || text[position].isWhitespace {
                    return .failure(error("missing value after '\(word)='", at: valueStart, kind: kind))
                }
                switch lexValue(kind: kind) {
                case .success(let value): arguments.append(DirectiveArgument(key: word, value: value, location: tokenStart))
                case .failure(let diagnostic): return .failure(diagnostic)
                }
            } else {
                if !arguments.isEmpty {
                    return .failure(error("expected key=value, found '\(word)'", at: tokenStart, kind: kind))
                }
                guard isIdentifier(word) else {
                    return .failure(error("invalid directive word '\(word)'; kinds are words such as 'data plot'", at: tokenStart))
                }
                kindWords.append(word)
            }
            skipWhitespace()
        }
        let call = DirectiveCall(kind: kindWords.joined(separator: " "), arguments: arguments,
                                 location: start, source: source)
        return .success(call)
    }

    private func isIdentifier(_ word: String) -> Bool {
        guard let first = word.first, first.isLetter || first == "_" else { return false }
        return word.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    /// A value: one item or a comma list of items.
    private mutating func lexValue(kind: String) -> Result<ArgumentValue, Diagnostic> {
        var items: [ArgumentValue] = []
        while true {
            let itemStart = location
            if position < text.count, text[position] == "\"" {
                guard let string = lexQuoted() else {
                    return .failure(error("unterminated string; close it with '\"'", at: itemStart, kind: kind))
                }
                items.append(.string(string))
            } else {
                var raw = ""
                var quotedTail = false
                while position < text.count, !text[position].isWhitespace, text[position] != "," {
                    if text[position] == "\"" {
                        // `KEY:"text with spaces"` (labels=INDPRO:"Industrial production"): one item.
                        guard raw.hasSuffix(":"), raw.count > 1 else {
                            return .failure(error("unexpected '\"' inside a value; quote the whole value", at: location, kind: kind))
                        }
                        let quoteStart = location
                        guard let string = lexQuoted() else {
                            return .failure(error("unterminated string; close it with '\"'", at: quoteStart, kind: kind))
                        }
                        raw += string
                        quotedTail = true
                        break
                    }
                    raw.append(text[position]); advance()
                }
                if raw.isEmpty { return .failure(error("empty list item", at: itemStart, kind: kind)) }
                items.append(quotedTail ? .string(raw) : Self.classify(raw))
            }
            if position < text.count, text[position] == "," { advance(); continue }
            break
        }
        if position < text.count, !text[position].isWhitespace {
            return .failure(error("unexpected '\(text[position])' after value", at: location, kind: kind))
        }
        return .success(items.count == 1 ? items[0] : .list(items))
    }

    /// A quoted string at the current position (which holds its opening quote), without the
    /// quotes and with `\"` and `\\` unescaped; nil when it is not closed.
    private mutating func lexQuoted() -> String? {
        advance()
        var string = ""
        while position < text.count {
            let c = text[position]
            if c == "\\", position + 1 < text.count, text[position + 1] == "\"" || text[position + 1] == "\\" {
                advance(); string.append(text[position]); advance(); continue
            }
            if c == "\"" { advance(); return string }
            string.append(c); advance()
        }
        return nil
    }

    /// Gives a bare token its most specific type.
    static func classify(_ raw: String) -> ArgumentValue {
        if raw == "true" { return .bool(true) }
        if raw == "false" { return .bool(false) }
        if let i = Int(raw), raw.first != "+" { return .integer(i) }
        if raw.contains(where: \.isNumber), raw.allSatisfy({ $0.isNumber || ".eE+-".contains($0) }),
           let d = Double(raw), d.isFinite { return .number(d) }
        if let m = Month(raw) { return .month(m) }
        if let range = raw.range(of: ".."), let a = Month(String(raw[..<range.lowerBound])),
           let b = Month(String(raw[range.upperBound...])) { return .monthRange(a, b) }
        return .word(raw)
    }
}
