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
    /// A name for this result: letters, digits, `_` and `-`.
    case identifier
    /// A number format such as `.2f`.
    case format

    public var description: String {
        switch self {
        case .integer(let lo, let hi):
            switch (lo, hi) {
            case let (lo?, hi?): return "integer \(lo)…\(hi)"
            case let (lo?, nil): return "integer ≥ \(lo)"
            default: return "integer"
            }
        case .number: return "number"
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
        case .format: return "format (.2f, .1%, ,d)"
        }
    }
}

/// One option a directive accepts.
public struct OptionSpec: Sendable {
    public var name: String
    public var type: OptionType
    /// Used when the option is not given; nil means "absent" (or required when `required`).
    public var defaultValue: ArgumentValue?
    public var required: Bool
    /// One line for `thesis directives`.
    public var doc: String
    /// Presentation-only options (caption, size, title) are left out of the cache key.
    public var presentation: Bool

    public init(_ name: String, _ type: OptionType, default defaultValue: ArgumentValue? = nil,
                required: Bool = false, presentation: Bool = false, _ doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.doc = doc
        self.presentation = presentation
    }

    /// `id=`, accepted by every directive.
    public static let id = OptionSpec("id", .identifier, presentation: true,
        "names the result: later directives use it (of=, data=), prose cites it (@fig:id, @tbl:id, <<= id.name>>)")
    /// `caption=`, accepted by every directive.
    public static let caption = OptionSpec("caption", .text, presentation: true, "caption of the table or figure")

    /// Options common to every figure directive; they change the drawing, not the computation.
    public static let figureOptions: [OptionSpec] = [
        OptionSpec("width", .number(min: 72, max: 2000), default: .number(FigureSpec.fullWidth), presentation: true, "figure width in points (453.6 = full LaTeX text width)"),
        OptionSpec("height", .number(min: 72, max: 2000), default: .number(FigureSpec.defaultHeight), presentation: true, "figure height in points"),
        OptionSpec("title", .text, presentation: true, "title drawn above the figure"),
        OptionSpec("ylabel", .text, presentation: true, "label of the y axis"),
        OptionSpec("legend", .choice(LegendPosition.allCases.map(\.rawValue)), default: .word("auto"), presentation: true, "legend position"),
    ]
}
