import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// A Swift type an option can have. It names its option type (which drives validation and the
/// reference) and converts from the lexed value once that value has been checked against it.
public protocol ArgumentType: Codable, Sendable {
    /// The option type: what `thesis directives` shows and what values are accepted.
    static var optionType: OptionType { get }
    /// The value of an option already coerced to `optionType` by `OptionResolver`.
    init(argument: ArgumentValue) throws
    /// The value as a chapter would write it (for the reference and the manifest); nil for none.
    var argumentValue: ArgumentValue? { get }
    /// The value of an option that is not given and has no default; nil when the option is
    /// required. Optional types answer `.some(nil)`.
    static var absent: Self? { get }
}

extension ArgumentType {
    public static var absent: Self? { nil }
}

/// The value did not have the shape its type needs (a bug: `OptionResolver` checks it first).
struct ArgumentTypeMismatch: Error, CustomStringConvertible {
    var expected: String
    var value: ArgumentValue
    var description: String { "expected \(expected), got '\(value)'" }
}

extension Optional: ArgumentType where Wrapped: ArgumentType {
    public static var optionType: OptionType { Wrapped.optionType }
    public init(argument: ArgumentValue) throws { self = .some(try Wrapped(argument: argument)) }
    public var argumentValue: ArgumentValue? { self?.argumentValue }
    public static var absent: Self? { .some(.none) }
}

extension Int: ArgumentType {
    public static var optionType: OptionType { .integer(min: nil, max: nil) }
    public init(argument: ArgumentValue) throws {
        guard case .integer(let value) = argument else {
            throw ArgumentTypeMismatch(expected: "an integer", value: argument)
        }
        self = value
    }
    public var argumentValue: ArgumentValue? { .integer(self) }
}

extension Double: ArgumentType {
    public static var optionType: OptionType { .number(min: nil, max: nil) }
    public init(argument: ArgumentValue) throws {
        switch argument {
        case .number(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw ArgumentTypeMismatch(expected: "a number", value: argument)
        }
    }
    public var argumentValue: ArgumentValue? { .number(self) }
}

extension Bool: ArgumentType {
    public static var optionType: OptionType { .bool }
    public init(argument: ArgumentValue) throws {
        guard case .bool(let value) = argument else {
            throw ArgumentTypeMismatch(expected: "true or false", value: argument)
        }
        self = value
    }
    public var argumentValue: ArgumentValue? { .bool(self) }
}

/// Free text: a bare word or a quoted string.
extension String: ArgumentType {
    public static var optionType: OptionType { .text }
    public init(argument: ArgumentValue) throws {
        switch argument {
        case .string(let s), .word(let s): self = s
        default: throw ArgumentTypeMismatch(expected: "text", value: argument)
        }
    }
    public var argumentValue: ArgumentValue? {
        OptionResolver.isIdentifier(self) ? .word(self) : .string(self)
    }
}

extension Month: ArgumentType {
    public static var optionType: OptionType { .month }
    public init(argument: ArgumentValue) throws {
        guard case .month(let month) = argument else {
            throw ArgumentTypeMismatch(expected: "a month", value: argument)
        }
        self = month
    }
    public var argumentValue: ArgumentValue? { .month(self) }
}

extension ClosedRange: ArgumentType where Bound == Month {
    public static var optionType: OptionType { .monthRange }
    public init(argument: ArgumentValue) throws {
        guard case .monthRange(let a, let b) = argument else {
            throw ArgumentTypeMismatch(expected: "a month range", value: argument)
        }
        self = a...b
    }
    public var argumentValue: ArgumentValue? { .monthRange(lowerBound, upperBound) }
}

/// One of a fixed set of words, e.g. `trend=c|n|ct`. Conform an enum with String raw values;
/// the words are listed in declaration order.
public protocol ArgumentChoice: ArgumentType, RawRepresentable, CaseIterable where RawValue == String {}

extension ArgumentChoice {
    public static var optionType: OptionType { .choice(allCases.map(\.rawValue)) }
    public init(argument: ArgumentValue) throws {
        guard case .word(let word) = argument, let value = Self(rawValue: word) else {
            throw ArgumentTypeMismatch(expected: "one of \(Self.allCases.map(\.rawValue))", value: argument)
        }
        self = value
    }
    public var argumentValue: ArgumentValue? { .word(rawValue) }
}

/// An option whose value is one name (a data set, an id): encoded as the bare string.
public protocol NameArgument: ArgumentType, Hashable, CustomStringConvertible {
    var name: String { get }
    init(_ name: String)
    /// What the name is, for messages ("a name", "an id").
    static var noun: String { get }
}

extension NameArgument {
    public init(argument: ArgumentValue) throws {
        switch argument {
        case .word(let word), .string(let word): self.init(word)
        default: throw ArgumentTypeMismatch(expected: Self.noun, value: argument)
        }
    }
    public var argumentValue: ArgumentValue? { .word(name) }
    public var description: String { name }
    public init(from decoder: Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// A declared data set (thesis.toml `[data.NAME]`) or the id of a result that holds data. The
/// pipeline resolves it before the directive runs; read the frame with `context.frame($option)`.
public struct DataName: NameArgument {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static var optionType: OptionType { .data }
    public static var noun: String { "a name" }
}

/// The id of an earlier result (`of=var1`); the pipeline hands the result to the directive.
public struct ResultName: NameArgument {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static var optionType: OptionType { .result }
    public static var noun: String { "an id" }
}

/// A file of the project (`file=tables/results.csv`): the pipeline checks it is inside the
/// project, hashes it into the cache key and hands its bytes over: `context.file($option)`.
public struct ProjectFile: NameArgument {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static var optionType: OptionType { .file }
    public static var noun: String { "a path" }
    /// The path relative to the project root.
    public var path: String { name }
}

extension ProjectFile: ListArgumentElement {
    public static var listType: OptionType { .files }
    public init(listItem: ArgumentValue) throws { self = try ProjectFile(argument: listItem) }
    public var listItem: ArgumentValue { .string(name) }
}

/// A data set declared in thesis.toml (`[data.NAME]`), as an element of a list such as a
/// script's `data=fredmd,macro`: the pipeline hands over the file's bytes, not a parsed frame.
public struct DataSetName: NameArgument, ListArgumentElement {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static var optionType: OptionType { .dataSets }
    public static var noun: String { "a data set" }
    public static var listType: OptionType { .dataSets }
    public init(listItem: ArgumentValue) throws { self = try DataSetName(argument: listItem) }
    public var listItem: ArgumentValue { .string(name) }
}

/// A name for this result (`id=`): letters, digits, `_` and `-`.
public struct Identifier: NameArgument {
    public var name: String
    public init(_ name: String) { self.name = name }
    public static var optionType: OptionType { .identifier }
    public static var noun: String { "an identifier" }
}

/// An element of a comma-list option: names (`series=a,b`), ids (`of=e1,e2`) or integers
/// (`horizon=1,3,12`).
public protocol ListArgumentElement: Codable, Sendable {
    static var listType: OptionType { get }
    init(listItem: ArgumentValue) throws
    var listItem: ArgumentValue { get }
}

extension String: ListArgumentElement {
    public static var listType: OptionType { .names }
    public init(listItem: ArgumentValue) throws { self = try String(argument: listItem) }
    public var listItem: ArgumentValue { .string(self) }
}

extension ResultName: ListArgumentElement {
    public static var listType: OptionType { .results }
    public init(listItem: ArgumentValue) throws { self = try ResultName(argument: listItem) }
    public var listItem: ArgumentValue { .string(name) }
}

extension Int: ListArgumentElement {
    public static var listType: OptionType { .integers(min: nil, max: nil) }
    public init(listItem: ArgumentValue) throws { self = try Int(argument: listItem) }
    public var listItem: ArgumentValue { .integer(self) }
}

extension Array: ArgumentType where Element: ListArgumentElement {
    public static var optionType: OptionType { Element.listType }
    public init(argument: ArgumentValue) throws {
        guard case .list(let items) = argument else { throw ArgumentTypeMismatch(expected: "a list", value: argument) }
        self = try items.map(Element.init(listItem:))
    }
    public var argumentValue: ArgumentValue? { .list(map(\.listItem)) }
}

extension VARTrend: ArgumentChoice {}
extension LegendPosition: ArgumentChoice {}

/// Texts by series name: `labels=INDPRO:"Industrial production",CPIAUCSL:"Consumer prices"`, or
/// `units=UNRATE:"percentage points"`. Each item is `SERIES:TEXT`, split at its first `:` (a
/// series whose name holds a `:` is labelled in thesis.toml's `[labels]` table instead); the text
/// may be quoted, or the whole item. In the order given.
public struct SeriesLabels: ArgumentType, Hashable {
    public var pairs: [(series: String, text: String)]

    public init(_ pairs: [(series: String, text: String)] = []) { self.pairs = pairs }

    /// From a table such as thesis.toml's `[labels]`, sorted by series.
    public init(_ table: [String: String]) {
        self.init(table.sorted { $0.key < $1.key }.map { (series: $0.key, text: $0.value) })
    }

    public static var optionType: OptionType { .seriesTexts }
    public static let example = "INDPRO:\"Industrial production\",CPIAUCSL:\"Consumer prices\""

    public init(argument: ArgumentValue) throws {
        switch Self.parse(argument) {
        case .success(let labels): self = labels
        case .failure(let error): throw ArgumentTypeMismatch(expected: error.message, value: argument)
        }
    }

    public var argumentValue: ArgumentValue? { .list(pairs.map { .string("\($0.series):\($0.text)") }) }

    public var isEmpty: Bool { pairs.isEmpty }

    /// The text for `series`, if any.
    public subscript(series series: String) -> String? { pairs.first { $0.series == series }?.text }

    /// These labels, then those of `fallback` for series these do not name (a directive's
    /// `labels=` over thesis.toml's `[labels]`).
    public func over(_ fallback: SeriesLabels) -> SeriesLabels {
        SeriesLabels(pairs + fallback.pairs.filter { self[series: $0.series] == nil })
    }

    /// Checks a lexed value: every item a `SERIES:TEXT` pair with both parts, no series twice.
    static func parse(_ value: ArgumentValue) -> Result<SeriesLabels, CoercionError> {
        let items: [ArgumentValue] = {
            if case .list(let items) = value { return items }
            return [value]
        }()
        func problem(_ what: String) -> Result<SeriesLabels, CoercionError> {
            .failure(
                CoercionError(
                    "expects SERIES:\"text\" pairs separated by commas, e.g. \(example); \(what)"))
        }
        var pairs: [(series: String, text: String)] = []
        for item in items {
            let text: String
            switch item {
            case .string(let s), .word(let s): text = s
            default: return problem("got '\(item)', which has no ':'")
            }
            guard let colon = text.firstIndex(of: ":") else { return problem("got '\(text)', which has no ':'") }
            let series = text[..<colon].trimmingCharacters(in: .whitespaces)
            let label = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if series.isEmpty { return problem("'\(text)' names no series before ':'") }
            if label.isEmpty { return problem("'\(text)' gives no text after ':'") }
            if pairs.contains(where: { $0.series == series }) { return problem("'\(series)' is given twice") }
            pairs.append((series, label))
        }
        return .success(SeriesLabels(pairs))
    }

    public static func == (a: SeriesLabels, b: SeriesLabels) -> Bool {
        a.pairs.map(\.series) == b.pairs.map(\.series) && a.pairs.map(\.text) == b.pairs.map(\.text)
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.series)
            hasher.combine(pair.text)
        }
    }

    public init(from decoder: Decoder) throws {
        let table = try decoder.singleValueContainer().decode([[String]].self)
        self.init(table.compactMap { $0.count == 2 ? (series: $0[0], text: $0[1]) : nil })
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pairs.map { [$0.series, $0.text] })
    }
}
