import Foundation
import ThesisData
import ThesisDocument

/// What a directive shows, for cross-reference checks (`@fig:` needs a figure).
public enum OutputKind: String, Sendable, Comparable {
    public static func < (a: OutputKind, b: OutputKind) -> Bool { a.rawValue < b.rawValue }

    case figure, table, text
}

/// A named computation that a chapter invokes as `<<kind key=value …>>`.
///
/// A directive reads typed options and returns a format-neutral `DirectiveResult`; it never
/// writes files or emits HTML/LaTeX. Add one by writing a type and one line in `DirectiveRegistry`.
public protocol Directive {
    /// The words after `<<`, e.g. `data plot`. Unique across the registry.
    static var kind: String { get }
    /// One line for `thesis directives`.
    static var abstract: String { get }
    /// Bump when the output changes for identical options; part of the cache key.
    static var version: Int { get }
    /// The options beyond `id` and `caption` (which every directive accepts).
    static var options: [OptionSpec] { get }
    /// What the directive shows (for cross-reference checks and the reference).
    static var outputs: Set<OutputKind> { get }
    /// The format of the data set used when `data=` is absent (see the extension's default).
    static var defaultDataFormat: String? { get }
    /// Runs the directive. Throw `DirectiveFailure` for problems the user can fix.
    static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult
}

extension Directive {
    /// When `data=` is not given: the format of the declared data set to use (the FAVAR directives
    /// default to the project's FRED-MD data set). nil: `data=` must be given when needed.
    public static var defaultDataFormat: String? { nil }

    /// Every option, including `id` and `caption`.
    public static var allOptions: [OptionSpec] { options + [.id, .caption] }
}

/// A problem the user can fix, optionally pinned to one option's location.
public struct DirectiveFailure: Error, CustomStringConvertible {
    public var message: String
    /// The option at fault, if any (its location is reported).
    public var option: String?

    public init(_ message: String, option: String? = nil) {
        self.message = message
        self.option = option
    }

    public var description: String { message }
}

/// What a directive can reach while it runs: its data, the results it builds on, a seed.
/// Everything it may read is resolved by the pipeline first, inside the project.
public struct DirectiveContext: @unchecked Sendable {
    /// Data sets and data-holding results named by `data=` options, by option name.
    public var data: [String: TimeSeriesFrame]
    /// Results named by `of=`-style options, by option name.
    public var results: [String: DirectiveResult]
    /// Results named by list options such as `of=e_ar,e_lstm` (type `results`), in the order given.
    public var resultLists: [String: [DirectiveResult]] = [:]
    /// For `data`-typed options that name a file: its SHA-256 and project-relative path.
    public var inputHashes: [String: String] = [:]
    public var inputPaths: [String: String] = [:]
    /// The objects behind `data`-typed options that name a result (e.g. a prepared panel).
    public var objects: [String: ResultObject] = [:]
    /// A seed derived from the cache key, for directives that need randomness.
    public var seed: UInt64

    public init(data: [String: TimeSeriesFrame] = [:], results: [String: DirectiveResult] = [:], seed: UInt64 = 0) {
        self.data = data
        self.results = results
        self.seed = seed
    }

    /// The frame given by the `data`-typed option `name`.
    public func frame(_ name: String = "data") throws -> TimeSeriesFrame {
        guard let frame = data[name] else { throw DirectiveFailure("option '\(name)' gives no data", option: name) }
        return frame
    }
}

extension TimeSeriesFrame {
    /// Selects `names` (all series when nil), failing with the closest names for unknown ones.
    public func requireSeries(_ names: [String]?, option: String = "series") throws -> TimeSeriesFrame {
        guard let names else { return self }
        for name in names where index(of: name) == nil {
            let close = Suggestions.closest(to: name, in: self.names, limit: 3)
            let hint = close.isEmpty ? "" : "; closest: " + close.map { "'\($0)'" }.joined(separator: ", ")
            throw DirectiveFailure("unknown series '\(name)'\(hint)", option: option)
        }
        return selecting(names)
    }

    /// Cuts to `sample` when given, with a clear error outside the data.
    public func cut(to sample: ClosedRange<Month>?) throws -> TimeSeriesFrame {
        guard let sample else { return self }
        if frequency == .rows {
            throw DirectiveFailure("sample= needs dated data; this data set is a table of observations without dates", option: "sample")
        }
        do {
            return try slice(sample)
        } catch let diagnostic as Diagnostic {
            throw DirectiveFailure(diagnostic.message, option: "sample")
        } catch {
            throw DirectiveFailure("\(error)", option: "sample")
        }
    }
}
