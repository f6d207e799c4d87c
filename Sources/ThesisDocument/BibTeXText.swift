import Foundation

/// BibTeX field text (TeX) as plain Unicode, for the HTML reference list and citations:
/// accents (`{\"u}`, `\'e`, `\v{c}`), special letters (`{\o}`, `\ss`, `\aa`), escaped specials
/// (`\&`, `\%`), dashes (`--`, `---`), ties (`~`), TeX quotes, font commands (`{\sc …}`,
/// `\emph{…}`) and protective braces. Unknown commands keep their argument and lose the command.
public enum BibTeXText {
    /// Combining marks of TeX's accent commands.
    static let accents: [Character: Character] = [
        "\"": "\u{0308}", "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "~": "\u{0303}",
        "=": "\u{0304}", ".": "\u{0307}", "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}",
        "c": "\u{0327}", "k": "\u{0328}", "r": "\u{030A}", "d": "\u{0323}", "b": "\u{0331}",
    ]
    /// Letters TeX writes as commands.
    static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
        "S": "§", "P": "¶", "copyright": "©", "pounds": "£", "textendash": "–", "textemdash": "—",
        "ldots": "…", "dots": "…", "textquoteleft": "‘", "textquoteright": "’",
    ]
    /// Commands that only change the font: their argument (or the rest of the group) is kept.
    static let fonts: Set<String> = [
        "sc", "em", "it", "bf", "rm", "sf", "tt", "sl", "textsc", "emph", "textit", "textbf", "textrm", "textsf",
        "texttt", "textsl", "textup", "textnormal", "mbox", "text", "url", "protect", "noopsort",
    ]

    public static func decode(_ text: String) -> String {
        guard text.contains(where: { "\\{}~-`'$".contains($0) }) else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        /// The argument after an accent or a command: a braced group (decoded), or one character.
        func argument() -> String {
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count else { return "" }
            if chars[i] == "{" {
                var depth = 0, j = i
                repeat {
                    if chars[j] == "{" { depth += 1 } else if chars[j] == "}" { depth -= 1 }
                    j += 1
                } while j < chars.count && depth > 0
                let inner = String(chars[(i + 1)..<max(i + 1, j - 1)])
                i = j
                return decode(inner)
            }
            if chars[i] == "\\" {
                // \"\i: an accent on a command letter.
                var j = i + 1
                while j < chars.count, chars[j].isLetter { j += 1 }
                let name = String(chars[(i + 1)..<j])
                if let letter = letters[name] {
                    i = j
                    return letter
                }
            }
            defer { i += 1 }
            return String(chars[i])
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                guard i + 1 < chars.count else { i += 1; continue }
                let next = chars[i + 1]
                if let mark = accents[next], !(next.isLetter && i + 2 < chars.count && chars[i + 2].isLetter) {
                    i += 2
                    var base = argument()
                    if base == "ı" || base == "i" && mark != "\u{0307}" { base = "i" }
                    out += (base + String(mark)).precomposedStringWithCanonicalMapping
                } else if next.isLetter {
                    var j = i + 1
                    while j < chars.count, chars[j].isLetter { j += 1 }
                    let name = String(chars[(i + 1)..<j])
                    i = j
                    if let letter = letters[name] {
                        out += letter
                        // `\ss{}` and `\o{}`: an empty group ends the command.
                        if i + 1 < chars.count, chars[i] == "{", chars[i + 1] == "}" { i += 2 }
                        if i < chars.count, chars[i] == " " { i += 1 }
                    } else if fonts.contains(name) {
                        while i < chars.count, chars[i] == " " { i += 1 }
                        if i < chars.count, chars[i] == "{" { out += argument() }
                    } else {
                        while i < chars.count, chars[i] == " " { i += 1 }
                        if i < chars.count, chars[i] == "{" { out += argument() }
                    }
                } else {
                    // \& \% \$ \# \_ \{ \} and a control space.
                    out.append(next == " " ? " " : next)
                    i += 2
                }
            case "{", "}":
                i += 1
            case "~":
                out += "\u{00A0}"
                i += 1
            case "-":
                if i + 2 < chars.count, chars[i + 1] == "-", chars[i + 2] == "-" {
                    out += "—"
                    i += 3
                } else if i + 1 < chars.count, chars[i + 1] == "-" {
                    out += "–"
                    i += 2
                } else {
                    out += "-"
                    i += 1
                }
            case "`" where i + 1 < chars.count && chars[i + 1] == "`":
                out += "“"
                i += 2
            case "'" where i + 1 < chars.count && chars[i + 1] == "'":
                out += "”"
                i += 2
            default:
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// The names of an author or editor field, split at ` and ` outside braces; a name wholly in
    /// braces (`{Federal Reserve Board}`) is a corporate name, kept whole. Each name as "First
    /// Last", its last name, and inverted ("Last, First", as reference lists sort them).
    public static func names(_ field: String) -> [(name: String, last: String, inverted: String, corporate: Bool)] {
        var parts: [String] = []
        var depth = 0, current = ""
        let chars = Array(field)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0, c.isWhitespace, i + 4 < chars.count, String(chars[(i + 1)...(i + 3)]).lowercased() == "and",
                chars[i + 4].isWhitespace
            {
                parts.append(current)
                current = ""
                i += 5
                continue
            }
            current.append(c)
            i += 1
        }
        parts.append(current)
        return parts.compactMap { raw in
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), isOneGroup(trimmed) {
                let name = decode(trimmed)
                return (name, name, name, true)
            }
            // "Last, First" or "First von Last": the last name outside braces' splits.
            if let comma = topLevelComma(trimmed) {
                let last = decode(String(trimmed[..<comma]))
                let first = decode(String(trimmed[trimmed.index(after: comma)...])).trimmingCharacters(in: .whitespaces)
                return (first.isEmpty ? last : "\(first) \(last)", last, first.isEmpty ? last : "\(last), \(first)", false)
            }
            let name = decode(trimmed)
            let words = name.split(separator: " ").map(String.init)
            let last = words.last ?? name
            let inverted = words.count > 1 ? "\(last), " + words.dropLast().joined(separator: " ") : name
            return (name, last, inverted, false)
        }
    }

    /// A title in sentence case, as biblatex-apa prints it: letters outside braces lower-cased
    /// except the first and the first after a colon; `{FAVAR}` and commands stay as written.
    public static func sentenceCase(_ title: String) -> String {
        var out = ""
        var depth = 0
        var capitalNext = true
        var inCommand = false
        for c in title {
            if c == "{" {
                depth += 1
            } else if c == "}" {
                depth -= 1
            } else if c == "\\" {
                inCommand = true
                out.append(c)
                continue
            }
            if inCommand {
                if c.isLetter { out.append(c); continue }
                inCommand = false
            }
            if c == ":" { capitalNext = true }
            if c.isLetter {
                if depth == 0 { out += capitalNext ? c.uppercased() : c.lowercased() }
                else { out.append(c) }
                capitalNext = false
            } else {
                out.append(c)
            }
        }
        return decode(out)
    }

    private static func isOneGroup(_ text: String) -> Bool {
        var depth = 0
        for (k, c) in text.enumerated() {
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0 && k < text.count - 1 { return false }
        }
        return true
    }

    private static func topLevelComma(_ text: String) -> String.Index? {
        var depth = 0
        for index in text.indices {
            let c = text[index]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 } else if c == ",", depth == 0 { return index }
        }
        return nil
    }
}
