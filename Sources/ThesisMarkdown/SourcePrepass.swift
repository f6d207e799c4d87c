import ThesisDocument

/// A construct lifted out of the Markdown source before cmark sees it.
enum LiftedItem {
    case directive(DirectiveCall)
    case inlineValue(InlineValueCall)
    case math(String, display: Bool)
    case citation(keys: [String], narrative: Bool, location: SourceLocation)
    case crossReference(CrossReferenceKind, id: String, location: SourceLocation)
}

/// Scans a chapter's raw source and replaces directives (`<<…>>`), inline values (`<<= …>>`),
/// math (`$…$`, `$$…$$`), citations (`[@key]`, `@key`) and cross-references (`@fig:id`) with
/// private-use placeholders, recording each with its exact line and column.
///
/// Doing this before cmark keeps math safe from emphasis rules and `<<…>>` from being read as
/// inline HTML, and gives every item a precise location. Code spans and fenced or indented code
/// blocks are copied untouched, so directives inside them are displayed, not executed.
/// A backslash escapes: `\<<` is a literal `<<`, `\$` a dollar, `\@` an at sign.
struct SourcePrepass {
    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    private(set) var output = ""
    private(set) var items: [LiftedItem] = []
    private(set) var diagnostics: [Diagnostic] = []

    private let chars: [Character]
    private let file: String
    private let lines: [Substring]
    private var i = 0
    private var line = 1
    private var column = 1

    init(source: String, file: String) {
        self.chars = Array(source)
        self.file = file
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        run()
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        i + offset < chars.count ? chars[i + offset] : nil
    }

    private mutating func copy(_ count: Int = 1) {
        for _ in 0..<count where i < chars.count {
            output.append(chars[i])
            step()
        }
    }

    private mutating func skip(_ count: Int) {
        for _ in 0..<count where i < chars.count { step() }
    }

    private mutating func step() {
        if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    private mutating func emit(_ item: LiftedItem) {
        output.append(Self.open)
        output += String(items.count)
        output.append(Self.close)
        items.append(item)
    }

    private func excerpt(_ at: SourceLocation) -> String? {
        lines.indices.contains(at.line - 1) ? String(lines[at.line - 1]).replacingOccurrences(of: "\r", with: "") : nil
    }

    private mutating func fail(_ message: String, at: SourceLocation, directive: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: at, directive: directive, message, sourceLine: excerpt(at)))
    }

    // MARK: - Line structure (code blocks)

    private var previousLineBlank = true
    private var inList = false

    private mutating func run() {
        while i < chars.count {
            lineStart()
        }
    }

    /// Handles one line: fenced or indented code is copied whole; other lines are scanned inline.
    private mutating func lineStart() {
        let lineChars = currentLine()
        let text = String(lineChars)
        let trimmed = text.drop { $0 == " " }
        let indent = text.count - trimmed.count
        let isBlank = trimmed.allSatisfy { $0.isWhitespace }

        if indent < 4, let fence = fenceMarker(trimmed) {
            copyLine()
            // Copy until the closing fence (same character, at least as long) or end of file.
            while i < chars.count {
                let inner = String(currentLine()).drop { $0 == " " }
                let closing = inner.prefix { $0 == fence.char }
                copyLine()
                if closing.count >= fence.count, inner.dropFirst(closing.count).allSatisfy({ $0.isWhitespace }) { break }
            }
            previousLineBlank = false
            return
        }
        if !isBlank, indent >= 4, previousLineBlank, !inList {
            copyLine()
            return  // an indented code line; previousLineBlank stays true so the block continues
        }
        if !isBlank, indent < 4 {
            inList = isListItem(trimmed) || (inList && !previousLineBlank)
        } else if !isBlank, indent >= 4 {
            // continuation of a list item or paragraph
        }
        previousLineBlank = isBlank
        scanInline(untilLineEnd: true)
    }

    private func currentLine() -> ArraySlice<Character> {
        var end = i
        while end < chars.count, chars[end] != "\n" { end += 1 }
        return chars[i..<end]
    }

    private mutating func copyLine() {
        while i < chars.count, chars[i] != "\n" { copy() }
        if i < chars.count { copy() }
    }

    private func fenceMarker(_ s: Substring) -> (char: Character, count: Int)? {
        guard let c = s.first, c == "`" || c == "~" else { return nil }
        let run = s.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        if c == "`", s.dropFirst(run).contains("`") { return nil }
        return (c, run)
    }

    private func isListItem(_ s: Substring) -> Bool {
        if let c = s.first, "-*+".contains(c), s.dropFirst().first == " " { return true }
        let digits = s.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let rest = s.dropFirst(digits.count)
        return (rest.first == "." || rest.first == ")") && rest.dropFirst().first == " "
    }

    // MARK: - Inline scanning

    /// Scans to the end of the current line (constructs that span lines continue past it).
    private mutating func scanInline(untilLineEnd: Bool) {
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { copy(); return }
            switch c {
            case "\\" where peek(1) == "<" && peek(2) == "<":
                output += "\\<\\<"   // keep cmark from reading '<…>' as inline HTML
                skip(3)
            case "\\":
                copy(2)
            case "`":
                codeSpan()
            case "<" where peek(1) == "!" && peek(2) == "-" && peek(3) == "-":
                comment()
            case "<" where peek(1) == "<":
                directive()
            case "$":
                math()
            case "[" where peek(1) == "@":
                bracketCitation()
            case "@":
                narrativeReference()
            default:
                copy()
            }
        }
    }

    /// `<!-- … -->` is a comment: nothing in it is published or executed. Its line breaks are
    /// kept so the text around it keeps its lines.
    private mutating func comment() {
        let start = location
        var j = i + 4
        while j + 2 < chars.count, !(chars[j] == "-" && chars[j + 1] == "-" && chars[j + 2] == ">") { j += 1 }
        guard j + 2 < chars.count else {
            fail("this HTML comment is never closed; end it with -->", at: start)
            while i < chars.count { skip(1) }
            return
        }
        while i < j + 3 {
            if chars[i] == "\n" { output.append("\n") }
            step()
        }
    }

    private mutating func codeSpan() {
        var run = 0
        while peek(run) == "`" { run += 1 }
        // Find a closing run of exactly the same length, not crossing a blank line.
        var j = i + run
        while j < chars.count {
            if chars[j] == "\n", j + 1 < chars.count, chars[j + 1] == "\n" { break }
            if chars[j] == "`" {
                var k = 0
                while j + k < chars.count, chars[j + k] == "`" { k += 1 }
                if k == run { copy(j + k - i); return }
                j += k
            } else {
                j += 1
            }
        }
        copy(run)
    }

    private mutating func directive() {
        let start = location
        skip(2)
        // Find the closing '>>' without crossing a blank line.
        var j = i
        var found = false
        while j < chars.count {
            if chars[j] == ">", j + 1 < chars.count, chars[j + 1] == ">" { found = true; break }
            if chars[j] == "\n", j + 1 < chars.count, chars[j + 1] == "\n" || (j + 2 < chars.count && chars[j + 1] == "\r" && chars[j + 2] == "\n") { break }
            j += 1
        }
        guard found else {
            fail("unterminated directive: '<<' without '>>' in the same paragraph; write '\\<<' for a literal '<<'", at: start)
            output += "<<"
            return
        }
        let bodyStart = location
        let body = String(chars[i..<j])
        skip(j - i + 2)
        if body.hasPrefix("=") {
            inlineValue(String(body.dropFirst()), at: start)
            return
        }
        switch DirectiveLexer.lex(body, at: bodyStart, sourceLines: lines) {
        case .success(var call):
            call.location = start
            emit(.directive(call))
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            output += "<<" + body.replacingOccurrences(of: "\n", with: " ") + ">>"
        }
    }

    /// `<<= id.name [format]>>`.
    private mutating func inlineValue(_ body: String, at start: SourceLocation) {
        let words = body.split(whereSeparator: \.isWhitespace).map(String.init)
        let usage = "an inline value is <<= id.name format>>, e.g. <<= desc.inflation.mean .2f>>"
        guard (1...2).contains(words.count), let dot = words[0].firstIndex(of: ".") else {
            fail(words.isEmpty ? "empty inline value; \(usage)" : "malformed inline value '\(body.trimmingCharacters(in: .whitespacesAndNewlines))'; \(usage)", at: start)
            output += "?"
            return
        }
        let id = String(words[0][..<dot])
        let name = String(words[0][words[0].index(after: dot)...])
        guard !id.isEmpty, !name.isEmpty else {
            fail("malformed inline value '\(words[0])'; \(usage)", at: start)
            output += "?"
            return
        }
        let format = words.count == 2 ? words[1] : nil
        if let format, !ValueFormat.isValid(format) {
            fail("invalid format '\(format)'; use [,][.precision][f|e|g|%|d], e.g. .2f, .1%, ,.0f, ,d", at: start)
        }
        emit(.inlineValue(InlineValueCall(id: id, name: name, format: format, location: start)))
    }

    private mutating func math() {
        let start = location
        if peek(1) == "$" {
            // Display math up to the next '$$'.
            var j = i + 2
            while j + 1 < chars.count, !(chars[j] == "$" && chars[j + 1] == "$" && chars[j - 1] != "\\") { j += 1 }
            guard j + 1 < chars.count else {
                fail("unterminated display math: '$$' without a closing '$$'; write '\\$' for a literal dollar", at: start)
                copy(2)
                return
            }
            let body = String(chars[(i + 2)..<j]).trimmingCharacters(in: .whitespacesAndNewlines)
            checkMath(from: i + 2, to: j)
            skip(j + 2 - i)
            emit(.math(body, display: true))
            return
        }
        // Inline math (pandoc's rule): no space after the opening '$', none before the closing
        // '$', the closing '$' not followed by a digit; may not cross a blank line.
        guard let next = peek(1), !next.isWhitespace else { copy(); return }
        var j = i + 1
        while j < chars.count {
            if chars[j] == "\\" { j += 2; continue }
            if chars[j] == "\n", j + 1 < chars.count, chars[j + 1] == "\n" { break }
            if chars[j] == "$", !chars[j - 1].isWhitespace, !(j + 1 < chars.count && chars[j + 1].isNumber) {
                let body = String(chars[(i + 1)..<j])
                checkMath(from: i + 1, to: j)
                skip(j + 1 - i)
                emit(.math(body, display: false))
                return
            }
            j += 1
        }
        // A '$' that opens math but never closes it would swallow text in LaTeX.
        fail("unbalanced '$': no closing '$' in this paragraph; close the math, or write '\\$' for a dollar sign", at: location)
        copy()
    }

    /// TeX commands that read or write files, run programs or redefine TeX itself: math is passed
    /// to LaTeX as written, so these (and `^^`, which spells any character, a backslash included)
    /// are refused where they are written.
    static let forbiddenInMath: Set<String> = [
        "input", "include", "includeonly", "InputIfFileExists", "endinput", "write", "immediate", "openin", "openout",
        "closein", "closeout", "read", "readline", "catcode", "def", "edef", "gdef", "xdef", "let", "futurelet",
        "csname", "expandafter", "newcommand", "renewcommand", "providecommand", "DeclareRobustCommand",
        "newenvironment", "renewenvironment", "usepackage", "RequirePackage", "documentclass", "special",
        "directlua", "latelua", "luaexec", "luadirect", "write18", "ShellEscape", "shellescape", "pdfprimitive",
        "primitive", "scantokens", "everymath", "everydisplay", "everypar", "everyjob", "uppercase", "lowercase",
        "jobname", "message", "errmessage", "typeout", "output", "special", "pdfobj", "pdfliteral",
    ]

    /// Refuses forbidden commands in the math between `start` and `end` (character indices).
    private mutating func checkMath(from start: Int, to end: Int) {
        var k = start
        while k < end {
            if chars[k] == "^", k + 1 < end, chars[k + 1] == "^" {
                fail("'^^' in math is refused: TeX reads it as a character code (it can spell a backslash); "
                     + "write x^{2} with braces for a double superscript", at: location(at: k))
                k += 2
                continue
            }
            guard chars[k] == "\\" else { k += 1; continue }
            var m = k + 1
            while m < end, chars[m].isLetter, chars[m].isASCII { m += 1 }
            let name = String(chars[(k + 1)..<m])
            if Self.forbiddenInMath.contains(name) {
                fail("\\\(name) is not allowed in math: it reads or writes files, runs programs or redefines TeX; "
                     + "math may use formula commands only", at: location(at: k))
            }
            k = max(m, k + 2)
        }
    }

    /// The location of character index `index` (at or after the current position).
    private func location(at index: Int) -> SourceLocation {
        var line = self.line, column = self.column
        for c in chars[i..<min(index, chars.count)] {
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "_-:.".contains(c)
    }

    /// Reads a citation key or cross-reference at `j` (after '@'); trailing '.'/':' are not part of it.
    private func key(at j: Int) -> String {
        var k = j
        var key = ""
        while k < chars.count, Self.isKeyCharacter(chars[k]) { key.append(chars[k]); k += 1 }
        while let last = key.last, ".:-".contains(last) { key.removeLast() }
        return key
    }

    private func referenceKind(_ key: String) -> (CrossReferenceKind, String)? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        guard let kind = CrossReferenceKind(rawValue: String(key[..<colon])) else { return nil }
        let id = String(key[key.index(after: colon)...])
        return id.isEmpty ? nil : (kind, id)
    }

    /// `[@a; @b]`: parenthetical citation (cross-references in brackets are allowed too).
    private mutating func bracketCitation() {
        let start = location
        var j = i + 1
        var keys: [String] = []
        while j < chars.count, chars[j] == "@" {
            let k = key(at: j + 1)
            guard let first = k.first, first.isLetter || first == "_" else { break }
            keys.append(k)
            j += 1 + k.count
            while j < chars.count, chars[j] == " " { j += 1 }
            if j < chars.count, chars[j] == ";" {
                j += 1
                while j < chars.count, chars[j] == " " || chars[j] == "\n" { j += 1 }
                continue
            }
            break
        }
        guard !keys.isEmpty, j < chars.count, chars[j] == "]",
              !(j + 1 < chars.count && (chars[j + 1] == "(" || chars[j + 1] == "[")) else {
            copy()
            return
        }
        skip(j + 1 - i)
        if keys.count == 1, let (kind, id) = referenceKind(keys[0]) {
            emit(.crossReference(kind, id: id, location: start))
        } else {
            emit(.citation(keys: keys, narrative: false, location: start))
        }
    }

    /// `@key` (narrative citation) or `@fig:id` (cross-reference); an '@' inside a word stays text.
    private mutating func narrativeReference() {
        let start = location
        let previous: Character? = i > 0 ? chars[i - 1] : nil
        let k = key(at: i + 1)
        guard let first = k.first, first.isLetter || first == "_",
              !(previous.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" } ?? false) else {
            copy()
            return
        }
        skip(1 + k.count)
        if let (kind, id) = referenceKind(k) {
            emit(.crossReference(kind, id: id, location: start))
        } else {
            emit(.citation(keys: [k], narrative: true, location: start))
        }
    }
}
