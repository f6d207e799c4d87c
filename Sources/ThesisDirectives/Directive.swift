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
/// A directive declares its options as a typed `Arguments` struct and returns a format-neutral
/// `DirectiveResult`; it never writes files or emits HTML/LaTeX, and never sees presentation
/// (figure size, title, caption), which the pipeline applies. Add one by writing a type and one
/// line in `DirectiveRegistry`.
public protocol Directive {
    /// The directive's options; the struct's initial values are the defaults.
    associatedtype Arguments: DirectiveArguments
    /// The words after `<<`, e.g. `data plot`. Unique across the registry.
    static var kind: String { get }
    /// One line for `thesis directives`.
    static var abstract: String { get }
    /// Bump when the output changes for identical options; part of the cache key.
    static var version: Int { get }
    /// What the directive shows (for cross-reference checks and the reference). Directives that
    /// show a figure accept the figure presentation options (width, height, title, …).
    static var outputs: Set<OutputKind> { get }
    /// The format of the data set used when `data=` is absent (see the extension's default).
    static var defaultDataFormat: String? { get }
    /// Whether its `data=` is an image data set (`format = "images"`) rather than a table.
    static var readsImages: Bool { get }
    /// Whether the directive's figures are drawn from specs, so the figure presentation options
    /// (width, height, title, …) apply. Default: when it shows figures.
    static var drawsFigures: Bool { get }
    /// Programs outside the project the result depends on (a script's interpreter), by name on
    /// PATH or path in the project. The pipeline resolves each, puts its identity (path, version
    /// output, SHA-256 of the file) in the cache key and hands it over as `context.programs`.
    static func programs(for arguments: Arguments) -> [ProgramRequest]
    /// Registered models the result depends on, as `NAME@ALIAS`: the pipeline resolves each
    /// before the build, puts the model id it names in the cache key and hands the ids over as
    /// `context.registeredModels`. Default: none.
    static func registryReferences(for arguments: Arguments) -> [String]
    /// Runs the directive. Throw `DirectiveFailure` for problems the user can fix.
    static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult
    /// For directives that record runs: the run to record when `run` fails (its experiment,
    /// parameters and tags; the pipeline adds the error). Default: none.
    static func failedRun(_ arguments: Arguments) -> RunRecord?
}

extension Directive {
    /// When `data=` is not given: the format of the declared data set to use (the FAVAR directives
    /// default to the project's FRED-MD data set). nil: `data=` must be given when needed.
    public static var defaultDataFormat: String? { nil }
    public static var readsImages: Bool { false }

    public static var drawsFigures: Bool { outputs.contains(.figure) }

    public static func programs(for arguments: Arguments) -> [ProgramRequest] { [] }
    public static func registryReferences(for arguments: Arguments) -> [String] { [] }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? { nil }

    /// `failedRun(_:)` with type-erased arguments.
    public static func failedRunRecord(_ arguments: any DirectiveArguments) -> RunRecord? {
        (arguments as? Arguments).flatMap { failedRun($0) }
    }

    /// `registryReferences(for:)` with type-erased arguments.
    public static func requestedRegistryReferences(_ arguments: any DirectiveArguments) -> [String] {
        (arguments as? Arguments).map { registryReferences(for: $0) } ?? []
    }
    /// `programs(for:)` with type-erased arguments.
    public static func requestedPrograms(_ arguments: any DirectiveArguments) -> [ProgramRequest] {
        (arguments as? Arguments).map { programs(for: $0) } ?? []
    }

    /// The options that change the result, in declaration order.
    public static var options: [OptionSpec] { Arguments.optionSpecs }

    /// Whether the figure presentation options apply.
    public static var showsFigures: Bool { drawsFigures }

    /// Whether `labels=` applies: the directive shows a table or a figure.
    public static var showsLabels: Bool { outputs.contains(.table) || outputs.contains(.figure) }

    /// Whether `figure=`, `table=` and `table-caption=` apply: the directive shows both.
    public static var showsTableAndFigure: Bool { outputs.contains(.table) && outputs.contains(.figure) }

    /// Every option: the directive's own, the figure presentation options when it shows a figure,
    /// `labels=` when it shows a table or figure, `figure=`, `table=` and `table-caption=` when it
    /// shows both, then `id` and `caption`.
    public static var allOptions: [OptionSpec] {
        ArgumentSchema.allOptions(of: Self.self) {
            let presentation =
                (showsFigures ? FigurePresentation.optionSpecs : [])
                + (showsLabels ? LabelPresentation.optionSpecs : [])
                + (showsTableAndFigure ? OutputPresentation.optionSpecs : []) + CommonArguments.optionSpecs
            return options
                + presentation.map { spec in
                    var spec = spec
                    spec.presentation = true
                    return spec
                }
        }
    }

    /// Option name by Swift property name, for the decoder.
    static var optionNames: [String: String] {
        ArgumentSchema.optionNames(of: Self.self) {
            Dictionary(allOptions.map { ($0.property, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Decodes this directive's arguments from checked option values.
    static func decodeArguments(_ table: ArgumentTable) throws -> any DirectiveArguments {
        try ArgumentDecoder.decode(Arguments.self, from: table)
    }

    /// Runs with type-erased arguments (the pipeline holds `any DirectiveArguments`).
    static func execute(_ arguments: any DirectiveArguments, context: DirectiveContext) throws -> DirectiveResult {
        guard let arguments = arguments as? Arguments else {
            throw DirectiveFailure("internal error: \(kind) was given arguments of type \(type(of: arguments))")
        }
        return try run(arguments, context: context)
    }
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

    /// A failure about one option: `DirectiveFailure("…", option: arguments.$lags)`.
    public init(_ message: String, option: OptionReference) {
        self.init(message, option: option.name)
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
    /// For `data`-typed options that name a file: the data set's name in thesis.toml.
    public var dataSetNames: [String: String] = [:]
    /// The bytes of the files named by `ProjectFile` options, by option name.
    public var files: [String: Data] = [:]
    /// The files named by `[ProjectFile]` options (`depends=a.R,b.R`), in the order given.
    public var fileLists: [String: [ProjectFileContents]] = [:]
    /// The declared data sets named by `[DataSetName]` options, with their files' bytes.
    public var dataSetFiles: [String: [DataSetFile]] = [:]
    /// The programs the directive asked for (`programs(for:)`), resolved, by requested name.
    public var programs: [String: ResolvedProgram] = [:]
    /// The saved model of each result named by an `of=`-style option that made one (its
    /// thesis-model file), by option name: given (tests), or read on first use (`modelFile`).
    public var modelFiles: [String: Data] = [:]
    /// How the pipeline reads those files when a directive asks, so directives that do not read
    /// models (`nn curve of=`, `favar irf of=`) read none.
    public var modelFileLoaders: [String: () -> Data?] = [:]

    /// The model file behind `option`, nil when its result saved none.
    public func modelFile(_ option: OptionReference) -> Data? {
        modelFiles[option.name] ?? modelFileLoaders[option.name]?()
    }
    /// The references of `registryReferences(for:)` (`NAME@ALIAS`), resolved before the build to
    /// the model id each names; absent when the name or the alias does not exist.
    public var registeredModels: [String: String] = [:]
    /// Reads a saved model's file by id from the project's models (nil when it is missing).
    public var modelFileByID: (String) -> Data? = { _ in nil }
    /// The champion model `model` displaced when it was promoted as `name` (nil: none recorded).
    public var displacedChampion: (_ name: String, _ model: String) -> String? = { _, _ in nil }
    /// The objects behind `data`-typed options that name a result (e.g. a prepared panel).
    public var objects: [String: ResultObject] = [:]
    /// For `data`-typed options that name a result: the declared data set behind it (e.g. the raw
    /// FRED-MD file a prepared panel was made from), loaded on first use.
    public var rawSources: [String: RawDataSource] = [:]
    /// The image data sets behind `data`-typed options (`format = "images"`), by option name.
    public var imageSets: [String: ImageSet] = [:]
    /// A seed derived from the cache key, for directives that need randomness.
    public var seed: UInt64
    /// Where a long directive reports its steps (`done` of `total` `unit`, e.g. 120 of 290
    /// fits): the build's progress line. Called from any thread; nil when nobody listens.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ unit: String) -> Void)?
    /// How many threads a directive may run its own independent work on (`thesis build --jobs`);
    /// results must not depend on it.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// SHA-256 over the hashes of every data file and result the directive reads (a run's and a
    /// saved model's `data_hash`).
    public var dataHash = ""

    public init(data: [String: TimeSeriesFrame] = [:], results: [String: DirectiveResult] = [:], seed: UInt64 = 0) {
        self.data = data
        self.results = results
        self.seed = seed
    }

    /// The frame given by a `DataName` option: `context.frame(arguments.$data)`.
    public func frame(_ option: OptionReference) throws -> TimeSeriesFrame {
        guard let frame = data[option.name] else {
            throw DirectiveFailure("option '\(option.name)' gives no data", option: option)
        }
        return frame
    }

    /// The image data set a `DataName` option names.
    public func images(_ option: OptionReference) throws -> ImageSet {
        guard let set = imageSets[option.name] else {
            throw DirectiveFailure(
                "'\(option.name)=' names no image data set (format = \"images\" in thesis.toml)", option: option)
        }
        return set
    }

    /// The bytes of the file a `ProjectFile` option names.
    public func file(_ option: OptionReference) throws -> Data {
        guard let data = files[option.name] else {
            throw DirectiveFailure("option '\(option.name)' names no file", option: option)
        }
        return data
    }

    /// The declared data set behind a `DataName` option that names a result, with its name.
    public func rawSource(_ option: OptionReference) throws -> (name: String, frame: TimeSeriesFrame) {
        guard let source = rawSources[option.name] else {
            throw DirectiveFailure(
                "'\(option.name)=' names a result that was not made from a data set of thesis.toml", option: option)
        }
        return (source.name, try source.load())
    }

    /// The result named by a `ResultName` option: `context.result(arguments.$of)`.
    public func result(_ option: OptionReference) throws -> DirectiveResult {
        guard let result = results[option.name] else {
            throw DirectiveFailure("option '\(option.name)' names no result", option: option)
        }
        return result
    }
}

/// A program a directive runs, by name (`python3`) or project path, with the option that chose it.
public struct ProgramRequest: Hashable, Sendable {
    public var name: String
    /// The option to point at when it cannot be found.
    public var option: String
    public init(name: String, option: String) {
        self.name = name
        self.option = option
    }
}

/// A program found on PATH (or in the project), identified for the cache key.
public struct ResolvedProgram: Codable, Hashable, Sendable {
    /// As requested, e.g. `python3`.
    public var name: String
    /// The absolute path it was found at (symbolic links followed).
    public var path: String
    /// What `--version` printed (first line), empty when it prints nothing.
    public var version: String
    /// SHA-256 of the file at `path`.
    public var sha256: String

    public init(name: String, path: String, version: String, sha256: String) {
        self.name = name
        self.path = path
        self.version = version
        self.sha256 = sha256
    }

    /// The text hashed into the key: path, version and file hash.
    public var identity: String { [path, version, sha256].joined(separator: "\n") }
}

/// A project file's path and bytes.
public struct ProjectFileContents: Sendable {
    public var path: String
    public var bytes: Data
    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }
}

/// A declared data set's name, project-relative path and bytes.
public struct DataSetFile: Sendable {
    public var name: String
    public var path: String
    public var bytes: Data
    public init(name: String, path: String, bytes: Data) {
        self.name = name
        self.path = path
        self.bytes = bytes
    }
}

/// A declared data set, loaded when a directive asks for it.
public struct RawDataSource: @unchecked Sendable {
    /// The data set's name in thesis.toml.
    public var name: String
    /// Reads (or returns the already-read) frame.
    public var load: () throws -> TimeSeriesFrame

    public init(name: String, load: @escaping () throws -> TimeSeriesFrame) {
        self.name = name
        self.load = load
    }
}

extension TimeSeriesFrame {
    /// Selects `names` (all series when nil), failing with the closest names for unknown ones.
    public func requireSeries(_ names: [String]?, option: OptionReference) throws -> TimeSeriesFrame {
        try requireSeries(names, option: option.name)
    }

    /// The index of series `name`, failing with the closest names.
    public func requireIndex(of name: String, option: OptionReference) throws -> Int {
        _ = try requireSeries([name], option: option.name)
        return index(of: name) ?? 0
    }

    /// Selects `names` (all series when nil), failing with the closest names for unknown ones.
    public func requireSeries(_ names: [String]?, option: String) throws -> TimeSeriesFrame {
        guard let names else { return self }
        for name in names where index(of: name) == nil {
            if categories(named: name) != nil {
                throw DirectiveFailure(
                    "'\(name)' holds categories (categorical in its data set), not numbers; nn train and nn tune read it with encode=\"\(name):one-hot\"",
                    option: option)
            }
            let close = Suggestions.closest(to: name, in: self.names, limit: 3)
            let hint = close.isEmpty ? "" : "; closest: " + close.map { "'\($0)'" }.joined(separator: ", ")
            throw DirectiveFailure("unknown series '\(name)'\(hint)", option: option)
        }
        return selecting(names)
    }

    /// Cuts to `sample` when given, with a clear error outside the data.
    public func cut(to sample: ClosedRange<Month>?, option: OptionReference) throws -> TimeSeriesFrame {
        guard let sample else { return self }
        let option = option.name
        if frequency == .rows {
            throw DirectiveFailure(
                "\(option)= needs dated data; this data set is a table of observations without dates",
                option: option)
        }
        do {
            return try slice(sample)
        } catch let diagnostic as Diagnostic {
            throw DirectiveFailure(diagnostic.message, option: option)
        } catch {
            throw DirectiveFailure("\(error)", option: option)
        }
    }
}
