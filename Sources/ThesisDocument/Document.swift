import Foundation

/// The parsed thesis: chapters in file-name order. Writers render it after execution.
public struct Document: Codable, Hashable, Sendable {
    public var chapters: [Chapter]
    /// The abstract, acknowledgements and dedication, from the Markdown files thesis.toml names.
    public var front = FrontMatter()
    public init(chapters: [Chapter]) { self.chapters = chapters }
}

/// The longer front-matter texts, each read from a Markdown file (`[front]` in thesis.toml).
public struct FrontMatter: Codable, Hashable, Sendable {
    public var abstract: [Block] = []
    public var acknowledgements: [Block] = []
    public var dedication: [Block] = []

    public init() {}

    /// The texts in the order they are printed, with their titles.
    public var sections: [(title: String, anchor: String, blocks: [Block])] {
        [("Abstract", "abstract", abstract), ("Acknowledgements", "acknowledgements", acknowledgements)]
            .filter { !$0.blocks.isEmpty }
    }
}

/// One chapter file, e.g. `chapters/03-data.md`.
public struct Chapter: Codable, Hashable, Sendable {
    /// Path relative to the project root.
    public var file: String
    /// 1-based chapter number (file-name order).
    public var number: Int
    public var blocks: [Block]
    /// Where each heading id written as `{#sec:id}` is (ids the author chose, which must be unique
    /// in the whole thesis; the reader makes the others unique).
    public var explicitAnchors: [String: SourceLocation] = [:]
    /// The source line each top-level block starts on (parallel to `blocks`; empty when not
    /// known), so the LaTeX writer can mark where each block came from.
    public var blockLines: [Int] = []
    /// The size of the chapter's source in bytes (writers reserve their output from it).
    public var sourceSize: Int?
    /// Anchors of the headings marked `{.unnumbered}` (or `{-}`): no number, still in the contents.
    public var unnumbered: Set<String> = []
    /// Whether the title is marked `{.appendix}`: this chapter and every later one are appendices,
    /// lettered A, B, … in both outputs.
    public var isAppendix = false

    public init(file: String, number: Int, blocks: [Block]) {
        self.file = file
        self.number = number
        self.blocks = blocks
    }

    /// File name without directory and extension, e.g. `03-data`.
    public var stem: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// Block-level content. A closed set: every writer switches over it exhaustively.
///
/// Cases hold their payload inline (arrays already live on the heap); only the large ones are
/// `indirect`, so a long chapter is not one heap box per node.
public enum Block: Codable, Hashable, Sendable {
    indirect case heading(level: Int, content: [Inline], anchor: String)
    case paragraph([Inline])
    indirect case codeBlock(info: String, text: String)
    /// `$$ … $$` in a paragraph of its own (numbered when it has `{#eq:id}`).
    indirect case mathBlock(DisplayMath)
    case blockQuote([Block])
    indirect case list(ordered: Bool, start: Int, tight: Bool, items: [[Block]])
    indirect case table(MarkdownTable)
    case thematicBreak
    /// Raw HTML in the chapter: shown escaped, never passed through.
    case rawHTML(String)
    /// A ```` ```{=latex} ```` or ```` ```{=html} ```` block (pandoc's raw attribute): passed as
    /// written to that format's writer and left out of the others.
    indirect case raw(format: RawFormat, text: String)
    /// `![caption](images/x.png){#fig:x width=60%}` in a paragraph of its own: a numbered,
    /// captioned figure from a file of the project.
    indirect case image(ImageFigure)
    indirect case footnoteDefinition(label: String, content: [Block])
    /// A `<<name verb key=value …>>` paragraph; replaced by its output after execution.
    indirect case directive(DirectiveCall)
}

/// A GFM table written in a chapter.
public struct MarkdownTable: Codable, Hashable, Sendable {
    public var alignments: [ColumnAlignment]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]

    public init(alignments: [ColumnAlignment], header: [[Inline]], rows: [[[Inline]]]) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}

public enum ColumnAlignment: String, Codable, Hashable, Sendable {
    case left, center, right, none
}

/// Inline content. Text, code and math are held inline (24 bytes a node); the cases with larger
/// payloads are `indirect`.
public enum Inline: Codable, Hashable, Sendable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    indirect case link(url: String, title: String, content: [Inline])
    indirect case image(url: String, title: String, alt: String)
    case math(String)
    /// `$$ … $$` inside a paragraph: display math, as pandoc reads it.
    indirect case displayMath(DisplayMath)
    case softBreak
    case lineBreak
    /// Raw inline HTML: shown escaped.
    case rawHTML(String)
    /// `` `\newpage`{=latex} ``: passed as written to that format's writer only.
    indirect case raw(format: RawFormat, text: String)
    /// `[see @key, p. 33; @b]` (parenthetical), `@key` or `@key [p. 33]` (narrative), `[-@key]`.
    indirect case citation(Citation)
    /// `@fig:id`, `@tbl:id`: becomes "Figure 4.2" / "Table 3.1".
    indirect case crossReference(kind: CrossReferenceKind, id: String, location: SourceLocation)
    /// `<<= id.name format>>`: a scalar from a named result.
    indirect case inlineValue(InlineValueCall)
    case footnoteReference(label: String)
}

/// Display math (`$$ … $$`), with `{#eq:id}` after it numbered in its chapter and
/// cross-referencable as `@eq:id`. `tex` may be an `align` or `gather` environment.
public struct DisplayMath: Codable, Hashable, Sendable {
    public var tex: String
    /// The id of `{#eq:id}`, without `eq:`.
    public var id: String?
    /// Where `$$` is.
    public var location: SourceLocation

    public init(tex: String, id: String?, location: SourceLocation) {
        self.tex = tex
        self.id = id
        self.location = location
    }
}

/// An image file of the project shown as a figure.
public struct ImageFigure: Codable, Hashable, Sendable {
    /// Project-relative path, as written.
    public var path: String
    /// The caption: the image's description in `![…]`.
    public var caption: [Inline]
    /// `{#fig:id}`: the id `@fig:id` refers to.
    public var id: String?
    /// `width=60%`: the share of the text width (nil: the image's own size, at most the width).
    public var width: Double?
    /// Where `![` is.
    public var location: SourceLocation

    public init(path: String, caption: [Inline], id: String?, width: Double?, location: SourceLocation) {
        self.path = path
        self.caption = caption
        self.id = id
        self.width = width
        self.location = location
    }

    /// The file formats an image may have, by extension.
    public static let extensions = ["png", "jpg", "jpeg", "pdf", "svg"]

    /// The lower-cased extension of `path`.
    public var fileExtension: String { (path.split(separator: ".").last.map(String.init) ?? "").lowercased() }
}

/// The output formats a raw block or span may target.
public enum RawFormat: String, Codable, Hashable, Sendable, CaseIterable {
    case latex, html
}

public enum CrossReferenceKind: String, Codable, Hashable, Sendable {
    case figure = "fig", table = "tbl", section = "sec", equation = "eq"
}

/// `<<= id.name format>>` inside a paragraph.
public struct InlineValueCall: Codable, Hashable, Sendable {
    /// The result id, e.g. `desc`.
    public var id: String
    /// The scalar's name within the result, e.g. `INDPRO.mean`.
    public var name: String
    /// A format such as `.2f`, `.1%`, `,.0f`; nil for the default.
    public var format: String?
    public var location: SourceLocation
    /// Filled in by execution: the formatted value.
    public var rendered: String?

    public init(id: String, name: String, format: String?, location: SourceLocation, rendered: String? = nil) {
        self.id = id
        self.name = name
        self.format = format
        self.location = location
        self.rendered = rendered
    }
}

/// A directive's identity from parse to writer: its chapter and its position among the chapter's
/// directives. Plan, execution, numbering and writers all refer to a directive by it.
public struct DirectiveID: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var chapter: Int
    /// 0-based, in document order within the chapter.
    public var ordinal: Int

    public init(chapter: Int, ordinal: Int) {
        self.chapter = chapter
        self.ordinal = ordinal
    }

    public static func < (a: DirectiveID, b: DirectiveID) -> Bool { (a.chapter, a.ordinal) < (b.chapter, b.ordinal) }
    public var description: String { "\(chapter).\(ordinal)" }
}

/// A block directive as written: `<<data plot data=macro series=a,b id=p1>>`.
public struct DirectiveCall: Codable, Hashable, Sendable {
    /// Assigned by the reader; stable from parse to writer.
    public var node: DirectiveID
    /// Kind words, e.g. `data plot`.
    public var kind: String
    public var arguments: [DirectiveArgument]
    public var location: SourceLocation
    /// The exact source text between `<<` and `>>`.
    public var source: String
    /// Filled in after execution: the result, its figures drawn with the chapter's presentation.
    public var output: DirectiveResult?
    /// Filled in after resolution: the result's name (`id=`).
    public var id: String?
    /// Filled in after resolution: the chapter's `caption=`.
    public var caption: String?
    /// `caption` read as inline Markdown (emphasis, math, citations, cross-references).
    public var captionInlines: [Inline]?
    /// The chapter's `table-caption=` read as inline Markdown.
    public var tableCaptionInlines: [Inline]?
    /// In a draft build, why the directive has no output ("file:line: message" lines).
    public var problem: String?
    /// In the live preview's first pass, why the directive has no output yet: it is still to
    /// run (with how long it took last time, when known).
    public var pending: String?

    public init(node: DirectiveID = DirectiveID(chapter: 0, ordinal: 0), kind: String, arguments: [DirectiveArgument],
                location: SourceLocation, source: String) {
        self.node = node
        self.kind = kind
        self.arguments = arguments
        self.location = location
        self.source = source
    }
}

/// One `key=value` as written, with where it starts.
public struct DirectiveArgument: Codable, Hashable, Sendable {
    public var key: String
    public var value: ArgumentValue
    public var location: SourceLocation

    public init(key: String, value: ArgumentValue, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}

/// A lexed option value; options give it a type when the directive is resolved.
public indirect enum ArgumentValue: Codable, Hashable, Sendable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case word(String)
    case string(String)
    case month(Month)
    case monthRange(Month, Month)
    case list([ArgumentValue])

    /// Canonical source form, as a user would write it.
    public var description: String {
        switch self {
        case .integer(let v): return String(v)
        case .number(let v): return String(v)
        case .bool(let v): return v ? "true" : "false"
        case .word(let v): return v
        case .string(let v): return "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .month(let m): return m.description
        case .monthRange(let a, let b): return "\(a)..\(b)"
        case .list(let items): return items.map(\.description).joined(separator: ",")
        }
    }
}

/// A calendar month, e.g. 1960-01.
public struct Month: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    /// Months since year 0, for arithmetic.
    public var index: Int { year * 12 + month - 1 }
    public init(index: Int) { self.init(year: index / 12, month: index % 12 + 1) }
    /// Decimal year used on figure time axes.
    public var decimalYear: Double { Double(year) + Double(month - 1) / 12 }

    public static func < (a: Month, b: Month) -> Bool { a.index < b.index }
}

/// One work cited inside a citation: `see @key, p. 33` has prefix "see" and locator "p. 33";
/// `-@key` cites the year only.
public struct CitationItem: Codable, Hashable, Sendable {
    public var key: String
    public var prefix: String
    public var locator: String
    public var suppressAuthor: Bool

    public init(key: String, prefix: String = "", locator: String = "", suppressAuthor: Bool = false) {
        self.key = key
        self.prefix = prefix
        self.locator = locator
        self.suppressAuthor = suppressAuthor
    }
}

/// A citation as written: `[@a; @b]` (parenthetical) or `@a` (narrative, one item).
public struct Citation: Codable, Hashable, Sendable {
    public var items: [CitationItem]
    public var narrative: Bool
    /// Where `[` or `@` is.
    public var location: SourceLocation

    public init(items: [CitationItem], narrative: Bool, location: SourceLocation) {
        self.items = items
        self.narrative = narrative
        self.location = location
    }

    public var keys: [String] { items.map(\.key) }

    /// The citation as written in Markdown.
    public var source: String {
        let parts = items.map { item in
            (item.prefix.isEmpty ? "" : item.prefix + " ") + (item.suppressAuthor ? "-@" : "@") + item.key
                + (item.locator.isEmpty ? "" : (narrative ? " [\(item.locator)]" : ", " + item.locator))
        }
        return narrative ? parts.joined() : "[" + parts.joined(separator: "; ") + "]"
    }
}
