import Foundation

/// A citation style, chosen in thesis.toml (`citation-style = "apa"`). The HTML writer formats
/// citations and the reference list with `CitationFormatter`; the LaTeX writer hands the same
/// style to biblatex + biber (`latexSetup`). The rules below follow what biblatex prints for that
/// style, and a test compiles both and compares the text.
public enum CitationStyle: String, CaseIterable, Codable, Hashable, Sendable {
    /// APA 7th: (Stock & Watson, 2002, p. 33), sentence-case titles (biblatex-apa).
    case apa
    /// Chicago author-date, 17th: (Stock and Watson 2002, 33) (biblatex-chicago).
    case chicago = "chicago-author-date"
    /// Harvard: (Stock and Watson, 2002, p. 33), initials (biblatex authoryear, adjusted).
    case harvard
    /// Numeric: [7, p. 33], numbered in reference-list order (biblatex numeric).
    case numeric

    public static let `default` = CitationStyle.chicago

    public var isNumeric: Bool { self == .numeric }

    /// The preamble lines that load biblatex for this style (after babel and csquotes).
    public var latexSetup: String {
        switch self {
        case .apa:
            return "\\usepackage[style=apa,backend=biber]{biblatex}\n"
        case .chicago:
            return "\\usepackage[authordate,backend=biber]{biblatex-chicago}\n"
        case .harvard:
            return """
            \\usepackage[style=authoryear,backend=biber,giveninits=true,uniquename=init,maxcitenames=3,maxbibnames=99,dashed=false]{biblatex}
            \\DeclareNameAlias{sortname}{family-given}
            \\DeclareDelimFormat{nameyeardelim}{\\addcomma\\space}
            \\DefineBibliographyExtras{american}{\\let\\finalandcomma=\\empty}
            \\renewbibmacro{in:}{}

            """
        case .numeric:
            return """
            \\usepackage[style=numeric,backend=biber,sortcites=true,maxbibnames=99]{biblatex}
            \\DeclareDelimFormat{multicitedelim}{\\addsemicolon\\space}

            """
        }
    }
}

/// A piece of formatted bibliography text.
public enum CitationSegment: Hashable, Sendable {
    case text(String)
    case italic(String)
    /// Text that links to the reference-list entry of `key`.
    case link(key: String, [CitationSegment])
}

/// Formats in-text citations and reference-list entries in one style, for the cited keys.
public struct CitationFormatter: Sendable {
    public let style: CitationStyle
    public let bibliography: Bibliography
    /// Cited keys in reference-list order.
    public let sortedKeys: [String]
    private let labels: [String: Int]
    /// "a", "b" after the year when two cited works share authors and year (author-date styles).
    private let extraYear: [String: String]

    public init(style: CitationStyle, bibliography: Bibliography, cited: [String]) {
        self.style = style
        self.bibliography = bibliography
        let keys = bibliography.sortedKeys(cited.filter { bibliography.entries[$0] != nil })
        sortedKeys = keys
        labels = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0 + 1) })
        var extra: [String: String] = [:]
        if !style.isNumeric {
            var groups: [String: [String]] = [:]
            for key in keys {
                guard let e = bibliography.entries[key] else { continue }
                groups[e.lastNames.joined(separator: "|") + "#" + e.year, default: []].append(key)
            }
            for group in groups.values where group.count > 1 {
                let ordered = group.sorted { (bibliography.entries[$0]?.sortTitle ?? $0) < (bibliography.entries[$1]?.sortTitle ?? $1) }
                for (k, key) in ordered.enumerated() { extra[key] = Numbering.letter(k) }
            }
        }
        extraYear = extra
    }

    /// The number of a cited work in a numeric style.
    public func label(_ key: String) -> Int? { labels[key] }

    // MARK: In-text citations

    /// A citation as the reader sees it in the text: "(see Bernanke et al., 2005, ch. 2)".
    public func inText(_ citation: Citation) -> [CitationSegment] {
        var items = citation.items
        if !citation.narrative, items.count > 1 {
            if style == .apa {
                items.sort { sortName($0.key) < sortName($1.key) }
            } else if style.isNumeric {
                items.sort { (labels[$0.key] ?? 0) < (labels[$1.key] ?? 0) }
            }
        }
        if citation.narrative, let item = items.first {
            let who = authors(item.key, narrative: true)
            if style.isNumeric {
                return [.link(key: item.key, [.text("\(who) [\(joined([String(labels[item.key] ?? 0)], locator(item.locator)))]")])]
            }
            return [.link(key: item.key, [.text("\(who) (\(joined([year(item.key)], locator(item.locator))))")])]
        }
        var out: [CitationSegment] = [.text(style.isNumeric ? "[" : "(")]
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(.text("; ")) }
            if !item.prefix.isEmpty { out.append(.text(BibTeXText.decode(item.prefix) + " ")) }
            var parts: [String]
            if style.isNumeric {
                parts = [String(labels[item.key] ?? 0)]
            } else if item.suppressAuthor {
                parts = [year(item.key)]
            } else {
                let separator = style == .chicago ? " " : ", "
                parts = [authors(item.key, narrative: false) + separator + year(item.key)]
            }
            out.append(.link(key: item.key, [.text(joined(parts, locator(item.locator)))]))
        }
        out.append(.text(style.isNumeric ? "]" : ")"))
        return out
    }

    private func joined(_ parts: [String], _ locator: String) -> String {
        (parts + (locator.isEmpty ? [] : [locator])).joined(separator: ", ")
    }

    private func year(_ key: String) -> String { (bibliography.entries[key]?.year ?? "n.d.") + (extraYear[key] ?? "") }

    private func sortName(_ key: String) -> String {
        let e = bibliography.entries[key]
        return (e?.lastNames.joined(separator: " ") ?? key).lowercased() + " " + (e?.year ?? "")
    }

    /// A locator as biblatex prints a postnote: a bare page number gets "p." or "pp." (not in
    /// Chicago); anything else ("ch. 2", "p. 33") stays as written.
    func locator(_ raw: String) -> String {
        let text = BibTeXText.decode(raw.trimmingCharacters(in: .whitespaces))
        guard !text.isEmpty else { return "" }
        let digits = text.unicodeScalars.allSatisfy { CharacterSet.decimalDigits.contains($0) }
        let range = text.split(whereSeparator: { $0 == "–" || $0 == "-" }).map { $0.trimmingCharacters(in: .whitespaces) }
        let isRange = range.count == 2 && range.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        if style == .chicago { return isRange ? range.joined(separator: "–") : text }
        if digits { return "p. " + text }
        if isRange { return "pp. " + range.joined(separator: "–") }
        return text
    }

    /// The author part of a citation: "Stock & Watson", "Bernanke, Boivin, and Eliasz", "One et al.".
    func authors(_ key: String, narrative: Bool) -> String {
        guard let entry = bibliography.entries[key] else { return key }
        let names = entry.lastNames
        if names.isEmpty { return BibTeXText.decode(entry.fields["title"] ?? key) }
        switch style {
        case .apa:
            if names.count >= 3 { return names[0] + " et al." }
            return names.count == 2 ? names[0] + (narrative ? " and " : " & ") + names[1] : names[0]
        case .chicago, .numeric, .harvard:
            if names.count > 3 { return names[0] + " et al." }
            return list(names, final: style == .harvard ? " and " : ", and ", pair: " and ")
        }
    }

    private func list(_ names: [String], final: String, pair: String) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return names[0] + pair + names[1]
        default: return names.dropLast().joined(separator: ", ") + final + names[names.count - 1]
        }
    }

    // MARK: Reference list

    /// The reference-list entry of `key`, without the numeric label.
    public func reference(_ key: String) -> [CitationSegment] {
        guard let e = bibliography.entries[key] else { return [.text(key)] }
        let decode = BibTeXText.decode
        let byEditors = e.fields["author"] == nil && e.fields["editor"] != nil
        let people = BibTeXText.names(e.fields["author"] ?? e.fields["editor"] ?? "")
        let article = e.type == "article"
        let italicTitle = !article && e.type != "incollection" && e.type != "inproceedings"
        let rawTitle = e.fields["title"] ?? ""
        let title = style == .apa ? BibTeXText.sentenceCase(rawTitle) : decode(rawTitle)
        let journal = decode(e.fields["journal"] ?? e.fields["booktitle"] ?? "")
        let volume = e.fields["volume"].map(decode), number = e.fields["number"].map(decode)
        let pages = e.fields["pages"].map { decode($0) }
        let publisher = e.fields["publisher"].map(decode) ?? e.fields["institution"].map(decode)
        let address = e.fields["address"].map(decode) ?? e.fields["location"].map(decode)
        let year = self.year(key)
        var out: [CitationSegment] = []
        func add(_ s: String) { out.append(.text(s)) }
        func italic(_ s: String) { out.append(.italic(s)) }
        /// A title in quotes with the sentence's full stop inside (American punctuation).
        func quotedTitle() { add("“\(title)\(title.hasSuffix("?") || title.hasSuffix("!") ? "" : ".")”") }
        func place() -> String {
            switch (address, publisher) {
            case let (a?, p?): return "\(a): \(p)"
            case (nil, let p?): return p
            case (let a?, nil): return a
            default: return ""
            }
        }
        let editorMark = people.count == 1 ? "ed." : "eds."

        switch style {
        case .apa:
            let names = people.map { $0.corporate ? $0.name : apaName($0.name, last: $0.last, inverted: $0.inverted) }
            var who = names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + ", & " + names[names.count - 1]
            if byEditors { who += people.count == 1 ? " (Ed.)." : " (Eds.)." }
            if !who.isEmpty { add(who + (who.hasSuffix(".") ? " " : ". ")) }
            add("(\(year)). ")
            if article {
                add(title + ". ")
                italic(journal)
                if let volume {
                    add(", ")
                    italic(volume)
                    if let number { add("(\(number))") }
                }
                if let pages { add(", " + pages) }
                add(".")
            } else {
                italic(title)
                add(".")
                if let publisher { add(" " + publisher + ".") }
            }
        case .chicago, .harvard:
            let harvard = style == .harvard
            let names: [String] = people.enumerated().map { k, p in
                if p.corporate { return p.name }
                if harvard { return apaName(p.name, last: p.last, inverted: p.inverted) }
                return k == 0 ? p.inverted : p.name
            }
            var who = harvard ? list(names, final: " and ", pair: " and ") : list(names, final: ", and ", pair: people.count == 2 && !people[0].corporate ? ", and " : " and ")
            if byEditors { who += ", " + editorMark }
            if harvard {
                if !who.isEmpty { add(who + " ") }
                add("(\(year)). ")
            } else {
                if !who.isEmpty { add(who + (who.hasSuffix(".") ? " " : ". ")) }
                add("\(year). ")
            }
            if article {
                quotedTitle()
                add(" ")
                italic(journal)
                if harvard {
                    if let volume { add(" " + volume + (number.map { "." + $0 } ?? "")) }
                    if let pages { add(", pp. " + pages) }
                } else {
                    if let volume { add(" " + volume + (number.map { " (\($0))" } ?? "")) }
                    if let pages { add(": " + pages) }
                }
                add(".")
            } else {
                italicTitle ? italic(title) : add(title)
                add(".")
                let imprint = place()
                if !imprint.isEmpty { add(" " + imprint + ".") }
            }
        case .numeric:
            let names = people.map(\.name)
            var who = names.count > 0 ? list(names, final: ", and ", pair: " and ") : ""
            if byEditors { who += ", " + editorMark }
            if !who.isEmpty { add(who + (who.hasSuffix(".") ? " " : ". ")) }
            if article {
                quotedTitle()
                add(" In: ")
                italic(journal)
                if let volume { add(" " + volume + (number.map { "." + $0 } ?? "")) }
                add(" (\(year))")
                if let pages { add(", pp. " + pages) }
                add(".")
            } else {
                italicTitle ? italic(title) : add(title)
                add(".")
                let imprint = place()
                add(imprint.isEmpty ? " \(year)." : " \(imprint), \(year).")
            }
        }
        return out
    }

    /// "Bernanke, B. S." from "Ben S." and "Bernanke": given names as initials, hyphenated ones
    /// kept joined ("J.-P.").
    private func apaName(_ name: String, last: String, inverted: String) -> String {
        guard inverted.hasPrefix(last + ", ") else { return name }
        let given = inverted.dropFirst(last.count + 2)
        let initials = given.split(separator: " ").map { word -> String in
            word.split(separator: "-").compactMap { part in part.first.map { "\($0)." } }.joined(separator: "-")
        }
        return last + ", " + initials.joined(separator: " ")
    }
}
