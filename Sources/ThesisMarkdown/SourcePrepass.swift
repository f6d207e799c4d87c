import ThesisDocument

/// A construct lifted out of the Markdown source before cmark sees it.
enum LiftedItem {
    case directive(DirectiveCall)
    case inlineValue(InlineValueCall)
    /// Inline math, `$…$`.
    case math(String)
    /// Display math, `$$…$$` with its `{#eq:id}`.
    case displayMath(DisplayMath)
    case citation(Citation)
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
/// The lines of a source by number, for caret excerpts; the line index is built on first use
/// (only diagnostics need it).
final class SourceLines: @unchecked Sendable {
    private let bytes: [UInt8]
    private var starts: [Int]?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Line `number` (1-based) without its line break, or nil past the end.
    func line(_ number: Int) -> String? {
        if starts == nil {
            var list = [0]
            for (k, b) in bytes.enumerated() where b == 0x0A { list.append(k + 1) }
            starts = list
        }
        guard let starts, number >= 1, number <= starts.count else { return nil }
        let from = starts[number - 1]
        var to = number < starts.count ? starts[number] - 1 : bytes.count
        if to > from, bytes[to - 1] == 0x0D { to -= 1 }
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }
}

/// Scans a chapter's raw source and replaces directives (`<<…>>`), inline values (`<<= …>>`),
/// math (`$…$`, `$$…$$`), citations (`[@key]`, `@key`) and cross-references (`@fig:id`) with
/// private-use placeholders, recording each with its exact line and column.
///
/// Doing this before cmark keeps math safe from emphasis rules and `<<…>>` from being read as
/// inline HTML, and gives every item a precise location. Code spans and fenced or indented code
/// blocks are copied untouched, so directives inside them are displayed, not executed.
/// A backslash escapes: `\<<` is a literal `<<`, `\$` a dollar, `\@` an at sign.
///
/// It works on the UTF-8 bytes in one pass (every construct it looks for starts with an ASCII
/// byte); columns count Unicode scalars.
struct SourcePrepass {
    /// U+E000 and U+E001 in UTF-8: a placeholder is open, the item's index in decimal, close.
    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"
    static let openBytes: [UInt8] = [0xEE, 0x80, 0x80]
    static let closeBytes: [UInt8] = [0xEE, 0x80, 0x81]

    private(set) var output: [UInt8] = []
    private(set) var items: [LiftedItem] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Offsets in `output` where the document may be cut and each part parsed on its own with
    /// the same result: the start of an ATX heading at the margin after a blank line, outside code
    /// and outside an HTML block that blank lines do not end.
    private(set) var splitPoints: [Int] = []
    /// Whether a line may define a link reference or a footnote (`[label]: …`), which applies to
    /// the whole document: such a document is parsed in one piece.
    private(set) var hasDefinitions = false
    /// The `{#sec:id}` (or `{#id}`) at the end of each ATX heading outside code, with where it is.
    private(set) var headingIDs: [(String, SourceLocation)] = []
    /// Every `![…](url …)` outside code, in order: where it starts and its URL as written.
    private(set) var images: [(url: String, location: SourceLocation)] = []
    /// The end marker of an open HTML block of CommonMark's kinds 1–5 (`</pre>`, `?>`, …).
    private var htmlBlockEnd: [UInt8]?

    private let bytes: [UInt8]
    private let file: String
    let lines: SourceLines
    private var i = 0
    private var line = 1
    private var column = 1

    init(source: [UInt8], file: String) {
        self.bytes = source
        self.file = file
        self.lines = SourceLines(source)
        output.reserveCapacity(source.count + source.count / 16)
        run()
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        i + offset < bytes.count ? bytes[i + offset] : nil
    }

    /// Whether byte `b` starts a scalar (is not a UTF-8 continuation byte).
    @inline(__always) private static func startsScalar(_ b: UInt8) -> Bool { b & 0xC0 != 0x80 }

    private mutating func copy(_ count: Int = 1) {
        let end = min(i + count, bytes.count)
        while i < end {
            output.append(bytes[i])
            step()
        }
    }

    private mutating func skip(_ count: Int) {
        let end = min(i + count, bytes.count)
        while i < end { step() }
    }

    @inline(__always) private mutating func step() {
        let b = bytes[i]
        if b == 0x0A {
            line += 1
            column = 1
        } else if Self.startsScalar(b) {
            column += 1
        }
        i += 1
    }

    private mutating func emit(_ item: LiftedItem) {
        output.append(contentsOf: Self.openBytes)
        output.append(contentsOf: String(items.count).utf8)
        output.append(contentsOf: Self.closeBytes)
        items.append(item)
    }

    private mutating func fail(_ message: String, at: SourceLocation, directive: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: at, directive: directive, message, sourceLine: lines.line(at.line)))
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    // MARK: - Characters (by Unicode scalar)

    /// The scalar that starts at byte `k` (U+FFFD for a malformed sequence).
    private func scalar(at k: Int) -> Unicode.Scalar {
        var iterator = bytes[k...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let v) = decoder.decode(&iterator) { return v }
        return "\u{FFFD}"
    }

    /// The scalar that ends just before byte `k`.
    private func scalar(before k: Int) -> Unicode.Scalar? {
        guard k > 0 else { return nil }
        var s = k - 1
        while s > 0, !Self.startsScalar(bytes[s]) { s -= 1 }
        return scalar(at: s)
    }

    private static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { let v = s.value; return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func isNumber(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x30 && s.value <= 0x39 }
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    @inline(__always) private static func isBlankByte(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C
    }

    // MARK: - Line structure (code blocks)

    private var previousLineBlank = true
    private var inList = false

    private mutating func run() {
        while i < bytes.count {
            lineStart()
        }
    }

    /// The end (index of the line break, or the end of the source) of the line at `k`.
    private func lineEnd(from k: Int) -> Int {
        var end = k
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return end
    }

    /// Handles one line: fenced or indented code is copied whole; other lines are scanned inline.
    private mutating func lineStart() {
        let end = lineEnd(from: i)
        var k = i
        while k < end, bytes[k] == 0x20 { k += 1 }
        let indent = k - i
        var isBlank = true
        for m in k..<end where !Self.isBlankByte(bytes[m]) { isBlank = false; break }

        if indent < 4, let fence = fenceMarker(from: k, to: end) {
            let info = text((k + fence.count)..<end).trimmingCharacters(in: .whitespaces)
            let rawLaTeX = checkRawFormat(info, at: location(at: k + fence.count)) == .latex
            copyLine()
            // Copy until the closing fence (same character, at least as long) or end of file.
            while i < bytes.count {
                let innerEnd = lineEnd(from: i)
                var m = i
                while m < innerEnd, bytes[m] == 0x20 { m += 1 }
                var run = 0
                while m + run < innerEnd, bytes[m + run] == fence.char { run += 1 }
                var rest = true
                for r in (m + run)..<innerEnd where !Self.isBlankByte(bytes[r]) { rest = false; break }
                let closes = run >= fence.count && rest
                if rawLaTeX, !closes { checkMath(from: i, to: innerEnd, rawLaTeX: true) }
                copyLine()
                if closes { break }
            }
            previousLineBlank = false
            return
        }
        if !isBlank, indent >= 4, previousLineBlank, !inList {
            copyLine()
            return  // an indented code line; previousLineBlank stays true so the block continues
        }
        noteBlockStructure(from: k, to: end, indent: indent)
        if !isBlank, indent < 4 {
            inList = isListItem(from: k, to: end) || (inList && !previousLineBlank)
        }
        previousLineBlank = isBlank
        scanInline()
    }

    /// Records split points, definitions and HTML blocks for the line `k..<end` (after its indent).
    private mutating func noteBlockStructure(from k: Int, to end: Int, indent: Int) {
        if let marker = htmlBlockEnd {
            if contains(marker, in: k..<end) { htmlBlockEnd = nil }
            return
        }
        guard indent < 4, k < end else { return }
        var m = k
        while m < end, bytes[m] == UInt8(ascii: ">") || bytes[m] == 0x20 { m += 1 }
        if m < end, bytes[m] == UInt8(ascii: "["), contains(Array("]:".utf8), in: m..<end) { hasDefinitions = true }
        let c = bytes[k]
        if c == UInt8(ascii: "#") {
            var h = k
            while h < end, bytes[h] == UInt8(ascii: "#") { h += 1 }
            guard h - k <= 6, h == end || bytes[h] == 0x20 || bytes[h] == 0x09 else { return }  // not an ATX heading
            if indent == 0, previousLineBlank { splitPoints.append(output.count) }
            noteHeadingID(from: h, to: end)
        } else if c == UInt8(ascii: "<") {
            let head = String(decoding: bytes[k..<min(end, k + 12)], as: UTF8.self).lowercased()
            for tag in ["pre", "script", "style", "textarea"] where head.hasPrefix("<" + tag) {
                let after = head.dropFirst(tag.count + 1).first
                if after == nil || after == " " || after == ">" || after == "\t" {
                    htmlBlockEnd = Array("</\(tag)>".utf8)
                }
            }
            if head.hasPrefix("<?") { htmlBlockEnd = Array("?>".utf8) }
            if head.hasPrefix("<![cdata[") { htmlBlockEnd = Array("]]>".utf8) }
            else if head.hasPrefix("<!"), let letter = head.dropFirst(2).first, letter.isLetter { htmlBlockEnd = Array(">".utf8) }
            if let marker = htmlBlockEnd {
                // The end marker may close the block on its first line.
                let searchFrom = k + 2
                let lower = Array(String(decoding: bytes[searchFrom..<end], as: UTF8.self).lowercased().utf8)
                if Self.find(marker, in: lower) { htmlBlockEnd = nil }
            }
        }
    }

    /// Records the `{#sec:id}` (or `{#id}`) that ends the heading text `from..<to`, with where `{#` is.
    private mutating func noteHeadingID(from start: Int, to end: Int) {
        var close = end
        while close > start, Self.isBlankByte(bytes[close - 1]) { close -= 1 }
        guard close > start, bytes[close - 1] == UInt8(ascii: "}") else { return }
        var open = close - 1
        while open > start, bytes[open - 1] != UInt8(ascii: "{") { open -= 1 }
        guard open > start, let attributes = HeadingAttributes(text(open..<(close - 1))), var id = attributes.id else { return }
        if id.hasPrefix("sec:") { id.removeFirst(4) }
        // Where the '#' is, as before classes were allowed: `{#sec:id .unnumbered}`.
        let hash = (open..<close).first { bytes[$0] == UInt8(ascii: "#") } ?? open
        headingIDs.append((id, location(at: hash - 1)))
    }

    private func contains(_ needle: [UInt8], in range: Range<Int>) -> Bool {
        let lower = Array(String(decoding: bytes[range], as: UTF8.self).lowercased().utf8)
        return Self.find(needle, in: lower)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    private mutating func copyLine() {
        let end = lineEnd(from: i)
        copy(end - i + (end < bytes.count ? 1 : 0))
    }

    private func fenceMarker(from k: Int, to end: Int) -> (char: UInt8, count: Int)? {
        guard k < end, bytes[k] == UInt8(ascii: "`") || bytes[k] == UInt8(ascii: "~") else { return nil }
        let c = bytes[k]
        var run = 0
        while k + run < end, bytes[k + run] == c { run += 1 }
        guard run >= 3 else { return nil }
        if c == UInt8(ascii: "`"), bytes[(k + run)..<end].contains(c) { return nil }
        return (c, run)
    }

    private func isListItem(from k: Int, to end: Int) -> Bool {
        guard k < end else { return false }
        let c = bytes[k]
        if c == UInt8(ascii: "-") || c == UInt8(ascii: "*") || c == UInt8(ascii: "+") {
            return k + 1 < end && bytes[k + 1] == 0x20
        }
        var d = k
        while d < end, bytes[d] >= 0x30, bytes[d] <= 0x39 { d += 1 }
        guard d > k, d - k <= 9, d < end, bytes[d] == UInt8(ascii: ".") || bytes[d] == UInt8(ascii: ")") else {
            return false
        }
        return d + 1 < end && bytes[d + 1] == 0x20
    }

    // MARK: - Inline scanning

    /// Scans to the end of the current line (constructs that span lines continue past it).
    private mutating func scanInline() {
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x0A:
                copy()
                return
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "<") && peek(2) == UInt8(ascii: "<"):
                output.append(contentsOf: Array("\\<\\<".utf8))  // keep cmark from reading '<…>' as inline HTML
                skip(3)
            case UInt8(ascii: "\\"):
                // The escaped character, whole (it may take several bytes).
                var n = 1
                if i + 1 < bytes.count {
                    n = 2
                    while i + n < bytes.count, !Self.startsScalar(bytes[i + n]) { n += 1 }
                }
                copy(n)
            case UInt8(ascii: "`"):
                codeSpan()
            case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "!") && peek(2) == UInt8(ascii: "-") && peek(3) == UInt8(ascii: "-"):
                comment()
            case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "<"):
                directive()
            case UInt8(ascii: "$"):
                math()
            case UInt8(ascii: "["):
                if !bracketCitation() { copy() }
            case UInt8(ascii: "@"):
                narrativeReference()
            case UInt8(ascii: "!") where peek(1) == UInt8(ascii: "["):
                noteImage()
                copy()
            default:
                // Plain text up to the next byte that may start a construct, in one copy.
                var k = i + 1
                var scalars = Self.startsScalar(c) ? 1 : 0
                while k < bytes.count {
                    let b = bytes[k]
                    if b == 0x0A || b == 0x5C || b == 0x60 || b == 0x3C || b == 0x24 || b == 0x5B || b == 0x40 || b == 0x21 {
                        break
                    }
                    if Self.startsScalar(b) { scalars += 1 }
                    k += 1
                }
                output.append(contentsOf: bytes[i..<k])
                column += scalars
                i = k
            }
        }
    }

    /// Records the URL of the image that starts here (`![` … `](` URL), if it is one.
    private mutating func noteImage() {
        var j = i + 2, depth = 1
        while j < bytes.count, depth > 0 {
            switch bytes[j] {
            case UInt8(ascii: "\\"): j += 1
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case 0x0A where j + 1 < bytes.count && bytes[j + 1] == 0x0A: return
            default: break
            }
            j += 1
        }
        guard depth == 0, j < bytes.count, bytes[j] == UInt8(ascii: "(") else { return }
        var k = j + 1
        while k < bytes.count, bytes[k] == 0x20 { k += 1 }
        let start = k
        while k < bytes.count, bytes[k] != UInt8(ascii: ")"), bytes[k] != 0x20, bytes[k] != 0x0A { k += 1 }
        images.append((text(start..<k), location))
    }

    /// `<!-- … -->` is a comment: nothing in it is published or executed. Its line breaks are
    /// kept so the text around it keeps its lines.
    private mutating func comment() {
        let start = location
        var j = i + 4
        while j + 2 < bytes.count,
            !(bytes[j] == UInt8(ascii: "-") && bytes[j + 1] == UInt8(ascii: "-") && bytes[j + 2] == UInt8(ascii: ">"))
        {
            j += 1
        }
        guard j + 2 < bytes.count else {
            fail("this HTML comment is never closed; end it with -->", at: start)
            skip(bytes.count - i)
            return
        }
        while i < j + 3 {
            if bytes[i] == 0x0A { output.append(0x0A) }
            step()
        }
    }

    private mutating func codeSpan() {
        var run = 0
        while peek(run) == UInt8(ascii: "`") { run += 1 }
        // Find a closing run of exactly the same length, not crossing a blank line.
        var j = i + run
        while j < bytes.count {
            if bytes[j] == 0x0A, j + 1 < bytes.count, bytes[j + 1] == 0x0A { break }
            if bytes[j] == UInt8(ascii: "`") {
                var k = 0
                while j + k < bytes.count, bytes[j + k] == UInt8(ascii: "`") { k += 1 }
                if k == run {
                    let after = j + k
                    if after < bytes.count, bytes[after] == UInt8(ascii: "{"), after + 1 < bytes.count,
                        bytes[after + 1] == UInt8(ascii: "=")
                    {
                        let close = bytes[after...].firstIndex(of: UInt8(ascii: "}")) ?? after
                        let format = checkRawFormat(text(after..<min(close + 1, bytes.count)), at: location(at: after))
                        if format == .latex { checkMath(from: i + run, to: j, rawLaTeX: true) }
                    }
                    copy(j + k - i)
                    return
                }
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
        while j < bytes.count {
            if bytes[j] == UInt8(ascii: ">"), j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: ">") { found = true; break }
            if bytes[j] == 0x0A, j + 1 < bytes.count,
                bytes[j + 1] == 0x0A || (j + 2 < bytes.count && bytes[j + 1] == 0x0D && bytes[j + 2] == 0x0A)
            {
                break
            }
            j += 1
        }
        guard found else {
            fail("unterminated directive: '<<' without '>>' in the same paragraph; write '\\<<' for a literal '<<'", at: start)
            output.append(contentsOf: Array("<<".utf8))
            return
        }
        let bodyStart = location
        let body = text(i..<j)
        skip(j - i + 2)
        if body.hasPrefix("=") {
            inlineValue(String(body.dropFirst()), at: start)
            return
        }
        let lines = self.lines
        switch DirectiveLexer.lex(body, at: bodyStart, sourceLine: { lines.line($0) }) {
        case .success(var call):
            call.location = start
            emit(.directive(call))
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            output.append(contentsOf: ("<<" + body.replacingOccurrences(of: "\n", with: " ") + ">>").utf8)
        }
    }

    /// The format of a raw attribute (`{=latex}`, `{=html}`), nil when `info` is not one; any
    /// other format is an error here.
    private mutating func checkRawFormat(_ info: String, at location: SourceLocation) -> RawFormat? {
        guard info.hasPrefix("{="), info.hasSuffix("}") else { return nil }
        let name = String(info.dropFirst(2).dropLast())
        guard let format = RawFormat(rawValue: name) else {
            fail("'\(info)': thesis writes latex and html; a raw block or span is {=latex} or {=html}", at: location)
            return nil
        }
        return format
    }

    /// `<<= id.name [format]>>`.
    private mutating func inlineValue(_ body: String, at start: SourceLocation) {
        let words = body.split(whereSeparator: \.isWhitespace).map(String.init)
        let usage = "an inline value is <<= id.name format>>, e.g. <<= desc.inflation.mean .2f>>"
        guard (1...2).contains(words.count), let dot = words[0].firstIndex(of: ".") else {
            fail(words.isEmpty ? "empty inline value; \(usage)" : "malformed inline value '\(body.trimmingCharacters(in: .whitespacesAndNewlines))'; \(usage)", at: start)
            output.append(UInt8(ascii: "?"))
            return
        }
        let id = String(words[0][..<dot])
        let name = String(words[0][words[0].index(after: dot)...])
        guard !id.isEmpty, !name.isEmpty else {
            fail("malformed inline value '\(words[0])'; \(usage)", at: start)
            output.append(UInt8(ascii: "?"))
            return
        }
        let format = words.count == 2 ? words[1] : nil
        if let format, !ValueFormat.isValid(format) {
            fail("invalid format '\(format)'; use [,][.precision][f|e|g|%|d], e.g. .2f, .1%, ,.0f, ,d", at: start)
        }
        emit(.inlineValue(InlineValueCall(id: id, name: name, format: format, location: start)))
    }

    /// `{#eq:id}` after display math (spaces before it allowed, on the same line): the id, and
    /// the attribute is consumed. Any other attribute there is an error.
    private mutating func equationAttribute() -> String? {
        var k = i
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
        guard k + 1 < bytes.count, bytes[k] == UInt8(ascii: "{"), bytes[k + 1] == UInt8(ascii: "#") else { return nil }
        var end = k
        while end < bytes.count, bytes[end] != UInt8(ascii: "}"), bytes[end] != 0x0A { end += 1 }
        skip(k - i)
        let at = location
        guard end < bytes.count, bytes[end] == UInt8(ascii: "}") else {
            fail("unclosed attribute after display math; write {#eq:ID}", at: at)
            return nil
        }
        let inner = text((k + 2)..<end)
        skip(end + 1 - i)
        guard inner.hasPrefix("eq:") else {
            fail("display math takes an equation id, {#eq:ID}, not {#\(inner)}", at: at)
            return nil
        }
        let id = String(inner.dropFirst(3))
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            fail("invalid equation id '\(id)' in {#eq:\(id)}: use letters, digits, '-', '_', '.' and ':'", at: at)
            return nil
        }
        return id
    }

    private mutating func math() {
        let start = location
        let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\")
        if peek(1) == dollar {
            // Display math up to the next '$$'.
            var j = i + 2
            while j + 1 < bytes.count, !(bytes[j] == dollar && bytes[j + 1] == dollar && bytes[j - 1] != backslash) { j += 1 }
            guard j + 1 < bytes.count else {
                fail("unterminated display math: '$$' without a closing '$$'; write '\\$' for a literal dollar", at: start)
                copy(2)
                return
            }
            let body = text((i + 2)..<j).trimmingCharacters(in: .whitespacesAndNewlines)
            checkMath(from: i + 2, to: j)
            skip(j + 2 - i)
            emit(.displayMath(DisplayMath(tex: body, id: equationAttribute(), location: start)))
            return
        }
        // Inline math (pandoc's rule): no space after the opening '$', none before the closing
        // '$', the closing '$' not followed by a digit; may not cross a blank line.
        guard i + 1 < bytes.count, !Self.isWhitespace(scalar(at: i + 1)) else { copy(); return }
        var j = i + 1
        while j < bytes.count {
            let b = bytes[j]
            if b == backslash { j += 2; continue }
            if b == 0x0A, j + 1 < bytes.count, bytes[j + 1] == 0x0A { break }
            if b == dollar, let before = scalar(before: j), !Self.isWhitespace(before),
                !(j + 1 < bytes.count && Self.isNumber(scalar(at: j + 1)))
            {
                let body = text((i + 1)..<j)
                checkMath(from: i + 1, to: j)
                skip(j + 1 - i)
                emit(.math(body))
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

    /// Refuses forbidden commands in the math between `start` and `end` (byte indices).
    private mutating func checkMath(from start: Int, to end: Int, rawLaTeX: Bool = false) {
        var k = start
        while k < end {
            if bytes[k] == UInt8(ascii: "^"), k + 1 < end, bytes[k + 1] == UInt8(ascii: "^") {
                fail("'^^' in math is refused: TeX reads it as a character code (it can spell a backslash); "
                     + "write x^{2} with braces for a double superscript", at: location(at: k))
                k += 2
                continue
            }
            guard bytes[k] == UInt8(ascii: "\\") else { k += 1; continue }
            var m = k + 1
            while m < end, (bytes[m] | 0x20) >= 0x61, (bytes[m] | 0x20) <= 0x7A { m += 1 }
            let name = text((k + 1)..<m)
            if Self.forbiddenInMath.contains(name) {
                fail(rawLaTeX
                     ? "\\\(name) is not allowed in raw LaTeX: it reads or writes files, runs programs or redefines "
                        + "TeX; write the LaTeX itself in the block, not a command that fetches it"
                     : "\\\(name) is not allowed in math: it reads or writes files, runs programs or redefines TeX; "
                        + "math may use formula commands only", at: location(at: k))
            }
            k = max(m, k + 2)
        }
    }

    /// The location of byte index `index` (at or after the current position).
    private func location(at index: Int) -> SourceLocation {
        var line = self.line, column = self.column
        for b in bytes[i..<min(index, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if Self.startsScalar(b) { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Reads a citation key or cross-reference at `j` (after '@'): letters, digits and `_-:.`;
    /// trailing '.'/':'/'-' are not part of it.
    private func key(at j: Int) -> String {
        var k = j
        while k < bytes.count {
            let b = bytes[k]
            if b < 0x80 {
                guard Self.isLetter(Unicode.Scalar(b)) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x3A || b == 0x2E
                else { break }
                k += 1
            } else {
                let s = scalar(at: k)
                guard Self.isLetter(s) || Self.isNumber(s) else { break }
                k += String(s).utf8.count
            }
        }
        while k > j, bytes[k - 1] == 0x2E || bytes[k - 1] == 0x3A || bytes[k - 1] == 0x2D { k -= 1 }
        return text(j..<k)
    }

    private func referenceKind(_ key: String) -> (CrossReferenceKind, String)? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        guard let kind = CrossReferenceKind(rawValue: String(key[..<colon])) else { return nil }
        let id = String(key[key.index(after: colon)...])
        return id.isEmpty ? nil : (kind, id)
    }

    private static func startsKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        return isLetter(first) || first == "_"
    }

    /// The bracket at `i` if it is a citation: `[@a; @b]`, `[see @a, ch. 2; @b, p. 33]`,
    /// `[-@a]` (year only); or `[@fig:id]`, a cross-reference. Returns the index after `]` and
    /// the text between, or nil when the bracket is something else (a link, a footnote, text).
    private func citationBracket() -> (end: Int, content: String)? {
        var j = i + 1
        var sawKey = false
        while j < bytes.count, j - i < 2000 {
            let b = bytes[j]
            switch b {
            case UInt8(ascii: "]"):
                guard sawKey else { return nil }
                if j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "(") || bytes[j + 1] == UInt8(ascii: "[") || bytes[j + 1] == UInt8(ascii: ":") {
                    return nil
                }
                return (j + 1, text((i + 1)..<j))
            case UInt8(ascii: "["), UInt8(ascii: "`"), UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: "^"):
                return nil
            case 0x0A:
                // A citation may wrap onto the next line, not across a blank line.
                if j + 1 < bytes.count, bytes[j + 1] == 0x0A { return nil }
            case UInt8(ascii: "@"):
                let previous = j == i + 1 ? nil : bytes[j - 1]
                if previous == nil || previous == 0x20 || previous == 0x0A || previous == UInt8(ascii: "-") || previous == UInt8(ascii: ";"),
                   Self.startsKey(key(at: j + 1)) {
                    sawKey = true
                }
            default: break
            }
            j += 1
        }
        return nil
    }

    /// A parenthetical citation or a bracketed cross-reference at `i`; false when the bracket is
    /// not one (it is then copied as text).
    private mutating func bracketCitation() -> Bool {
        guard let (end, content) = citationBracket() else { return false }
        let start = location
        var items: [CitationItem] = []
        var problem: String?
        for piece in content.split(separator: ";", omittingEmptySubsequences: false) {
            let trimmed = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let item = Self.citationItem(trimmed) else {
                problem = trimmed.isEmpty
                    ? "an empty part in a citation; separate cited works with ';': [@a; @b]"
                    : "'\(trimmed)' in a citation has no @key; write each part as [prefix @key, locator], e.g. [see @a, p. 33; @b]"
                break
            }
            items.append(item)
        }
        skip(end - i)
        if problem == nil, items.count == 1, let (kind, id) = referenceKind(items[0].key) {
            if items[0].prefix.isEmpty, items[0].locator.isEmpty, !items[0].suppressAuthor {
                emit(.crossReference(kind, id: id, location: start))
                return true
            }
            problem = "a cross-reference in brackets stands alone ([@\(items[0].key)]); write the words around it outside: see @\(items[0].key)"
        }
        if problem == nil, let reference = items.first(where: { referenceKind($0.key) != nil }) {
            problem = "@\(reference.key) is a cross-reference, not a cited work; cite works and refer to \(reference.key.split(separator: ":")[0]) outside the brackets"
        }
        if problem == nil, items.count > 1, let year = items.first(where: \.suppressAuthor) {
            problem = "year-only -@\(year.key) works in a citation of its own: [-@\(year.key)]; cite the others in another bracket"
        }
        if let problem {
            // Reported, and kept as text (its lines stay where they were).
            fail(problem, at: start)
            output.append(contentsOf: Array("[\(content)]".utf8))
        } else {
            emit(.citation(Citation(items: items, narrative: false, location: start)))
        }
        return true
    }

    /// One part of a bracketed citation: `see @key, p. 33`, `-@key`, `@key 12--14`.
    static func citationItem(_ piece: String) -> CitationItem? {
        let scalars = Array(piece.unicodeScalars)
        var at: Int?
        for (k, s) in scalars.enumerated() where s == "@" {
            if k == 0 || scalars[k - 1] == " " || scalars[k - 1] == "-" || scalars[k - 1] == "\n" { at = k; break }
        }
        guard let at else { return nil }
        var keyEnd = at + 1
        while keyEnd < scalars.count, isLetter(scalars[keyEnd]) || isNumber(scalars[keyEnd]) || "_-:.".unicodeScalars.contains(scalars[keyEnd]) {
            keyEnd += 1
        }
        while keyEnd > at + 1, ".:-".unicodeScalars.contains(scalars[keyEnd - 1]) { keyEnd -= 1 }
        let key = String(String.UnicodeScalarView(scalars[(at + 1)..<keyEnd]))
        guard startsKey(key) else { return nil }
        var prefixEnd = at
        let suppress = at > 0 && scalars[at - 1] == "-"
        if suppress { prefixEnd -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[0..<prefixEnd])).trimmingCharacters(in: .whitespacesAndNewlines)
        var locator = String(String.UnicodeScalarView(scalars[keyEnd...])).trimmingCharacters(in: .whitespacesAndNewlines)
        if locator.hasPrefix(",") { locator = String(locator.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return CitationItem(key: key, prefix: prefix.replacingOccurrences(of: "\n", with: " "),
                            locator: locator.replacingOccurrences(of: "\n", with: " "), suppressAuthor: suppress)
    }

    /// `@key` (narrative citation) or `@fig:id` (cross-reference); an '@' inside a word stays text.
    private mutating func narrativeReference() {
        let start = location
        let previous = scalar(before: i)
        let k = key(at: i + 1)
        guard Self.startsKey(k),
              !(previous.map { Self.isLetter($0) || Self.isNumber($0) || $0 == "." || $0 == "_" } ?? false) else {
            copy()
            return
        }
        skip(1 + k.utf8.count)
        if let (kind, id) = referenceKind(k) {
            emit(.crossReference(kind, id: id, location: start))
        } else {
            // `@key [p. 33]`: a locator in brackets after a narrative citation.
            var locator = ""
            var j = i
            if j < bytes.count, bytes[j] == 0x20 { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: "[") {
                var m = j + 1
                while m < bytes.count, m - j < 200, !"[]@\n`$<^".utf8.contains(bytes[m]) { m += 1 }
                if m < bytes.count, bytes[m] == UInt8(ascii: "]"), m > j + 1,
                   !(m + 1 < bytes.count && "([:".utf8.contains(bytes[m + 1])) {
                    locator = text((j + 1)..<m).trimmingCharacters(in: .whitespaces)
                    skip(m + 1 - i)
                }
            }
            emit(.citation(Citation(items: [CitationItem(key: k, locator: locator)], narrative: true, location: start)))
        }
    }
}
