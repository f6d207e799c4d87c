import ThesisDocument

/// The type of a directive option; drives validation, coercion and `thesis directives`.
public enum OptionType: Sendable, Equatable, CustomStringConvertible {
    case integer(min: Int?, max: Int?)
    case number(min: Double?, max: Double?)
    case bool
    /// A bare word or quoted string.
    case text
    /// One of fixed words.
    case choice([String])
    /// A comma list of names (a single name is a list of one).
    case names
    case month
    case monthRange
    /// A declared data set (thesis.toml `[data.NAME]`) or the id of a result that holds data.
    case data
    /// The id of an earlier result.
    case result
    /// Ids of earlier results, as a comma list.
    case results
    /// A comma list of whole numbers.
    case integers(min: Int?, max: Int?)
    /// A name for this result: letters, digits, `_` and `-`.
    case identifier
    /// A file of the project by its relative path (`file=tables/results.csv`); its bytes are
    /// part of the cache key.
    case file
    /// Files of the project, as a comma list (`depends=R/helpers.R,data/extra.csv`).
    case files
    /// Data sets declared in thesis.toml, as a comma list (`data=fredmd,macro`).
    case dataSets
    /// Texts by series, as a comma list of `SERIES:"text"` pairs
    /// (`labels=INDPRO:"Industrial production",CPIAUCSL:"Consumer prices"`).
    case seriesTexts

    public var description: String {
        switch self {
        case .integer(let lo, let hi):
            switch (lo, hi) {
            case let (lo?, hi?): return "integer \(lo)…\(hi)"
            case let (lo?, nil): return "integer ≥ \(lo)"
            default: return "integer"
            }
        case .number(let lo, let hi):
            func text(_ v: Double) -> String { ValueFormat.format(v, spec: nil) }
            switch (lo, hi) {
            case let (lo?, hi?): return "number \(text(lo))…\(text(hi))"
            case let (lo?, nil): return "number ≥ \(text(lo))"
            case let (nil, hi?): return "number ≤ \(text(hi))"
            default: return "number"
            }
        case .bool: return "true|false"
        case .text: return "text"
        case .choice(let words): return words.joined(separator: "|")
        case .names: return "name,name,…"
        case .month: return "YYYY-MM"
        case .monthRange: return "YYYY-MM..YYYY-MM"
        case .data: return "data set or id"
        case .result: return "id"
        case .results: return "id,id,…"
        case .identifier: return "identifier"
        case .file: return "path in the project"
        case .files: return "path,path,… in the project"
        case .dataSets: return "data set,data set,…"
        case .seriesTexts: return "SERIES:\"text\",…"
        case .integers(let lo, let hi):
            switch (lo, hi) {
            case let (lo?, hi?): return "integers \(lo)…\(hi), comma-separated"
            default: return "integer,integer,…"
            }
        }
    }
}

/// One option a directive accepts, as read from its `@Option` declaration.
public struct OptionSpec: Sendable {
    public var name: String
    public var type: OptionType
    /// Used when the option is not given; nil means "absent" (or required when `required`).
    public var defaultValue: ArgumentValue?
    /// The default shown in the reference when it differs from `defaultValue` (a figure's width is
    /// the directive's choice unless the chapter gives one, 453.6 points for most figures).
    public var shownDefault: ArgumentValue?
    public var required: Bool
    /// One line for `thesis directives`.
    public var doc: String
    /// Presentation-only options (caption, size, title) are left out of the cache key.
    public var presentation: Bool
    /// The Swift property that holds it.
    var property: String

    init(
        _ name: String, _ type: OptionType, default defaultValue: ArgumentValue?, shown: ArgumentValue?,
        required: Bool, property: String, _ doc: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.shownDefault = shown
        self.required = required
        self.doc = doc
        self.presentation = false
        self.property = property
    }

    /// The default as the reference and the manifest print it (an empty list is no default).
    public var documentedDefault: ArgumentValue? {
        if case .list(let items)? = defaultValue, items.isEmpty { return shownDefault }
        return defaultValue ?? shownDefault
    }
}
