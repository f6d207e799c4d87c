import Foundation

/// Title-page data and document settings from thesis.toml.
public struct ThesisMetadata: Codable, Hashable, Sendable {
    public var title: String
    public var subtitle: String?
    public var author: String
    /// "Master of Science in Economics".
    public var degree: String?
    public var institution: String?
    public var department: String?
    /// One or more supervisors, as written.
    public var supervisors: [String] = []
    /// Fixed text such as "2026-11" (never the build time).
    public var date: String
    public var citationStyle: CitationStyle = .default
    /// `[abbreviations]`: short form → meaning, listed alphabetically in the front matter.
    public var abbreviations: [Abbreviation] = []
    /// `[labels]`: series mnemonic → the name figures and table headers show for it (a directive's
    /// `labels=` wins over it).
    public var labels: [String: String] = [:]
    /// Whether the front matter lists figures and tables (when there are any).
    public var listOfFigures = true
    public var listOfTables = true
    public var latex = LaTeXSettings()
    public var html = HTMLSettings()

    public init(title: String, author: String, date: String) {
        self.title = title
        self.author = author
        self.date = date
    }
}

/// One entry of the list of abbreviations.
public struct Abbreviation: Codable, Hashable, Sendable {
    public var short: String
    public var meaning: String

    public init(short: String, meaning: String) {
        self.short = short
        self.meaning = meaning
    }
}

/// `[html]` in thesis.toml: how the HTML report is laid out.
public struct HTMLSettings: Codable, Hashable, Sendable {
    public enum Layout: String, Codable, CaseIterable, Sendable {
        /// One page per chapter (and per front-matter text, and the references), with a sidebar,
        /// previous/next links and full-text search.
        case book
        /// The whole thesis on one page (`index.html`), as before the book layout.
        case singlePage = "single-page"
    }

    public var layout = Layout.book

    public init() {}
}

/// `[latex]` in thesis.toml: the document class and how floats are placed.
public struct LaTeXSettings: Codable, Hashable, Sendable {
    /// `report`, `book`, `scrreprt`, `scrbook`, or the project-relative path of the university's
    /// own `.cls` file.
    public var documentClass = "report"
    public var classOptions = ["11pt", "a4paper"]
    /// A project-relative `.tex` file read at the end of the preamble.
    public var preamble: String?
    /// The placement of figures and tables, e.g. "htbp" or "H"-free "tbp".
    public var floatPlacement = "htbp"
    /// Floats may not drift past the start of the next section (placeins).
    public var floatBarrier = true
    /// The figures of one directive are set side by side as subfigures of one figure.
    public var subfigures = false

    public init() {}

    /// The classes the tool knows; any other class must be a `.cls` file in the project.
    public static let builtInClasses = ["report", "book", "scrreprt", "scrbook"]

    /// The class file's path when the class is the project's own.
    public var classFile: String? { documentClass.hasSuffix(".cls") ? documentClass : nil }

    /// The name given to `\documentclass`.
    public var className: String {
        guard let file = classFile else { return documentClass }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return String(name.dropLast(4))
    }

    /// Whether the class is a KOMA-Script one (scrreprt, scrbook), which sets its own type area
    /// and puts the lists in the contents itself.
    public var isKOMA: Bool { documentClass.hasPrefix("scr") }
}
