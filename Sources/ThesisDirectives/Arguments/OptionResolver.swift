import Foundation
import ThesisDocument

/// A directive call checked against its directive's options and decoded into its typed
/// arguments. It is the directive's identity from the plan to the writers.
public struct ResolvedCall: Sendable {
    public var call: DirectiveCall
    public var directive: any Directive.Type
    /// What `run` receives: the typed arguments, presentation left out.
    public var arguments: any DirectiveArguments
    /// Figure options and caption, applied by the pipeline.
    public var presentation: Presentation
    /// The result's name (`id=`).
    public var id: String?
    /// Every option given, and every default, as a chapter would write them (for the manifest and
    /// `thesis status`).
    public var values: [String: ArgumentValue]

    /// The options that change the result, as canonical text (presentation left out).
    public var computeOptions: [String: String] {
        var out: [String: String] = [:]
        for spec in directive.options {
            if let value = values[spec.name] { out[spec.name] = value.description }
        }
        return out
    }

    /// The canonical JSON of the typed arguments: the options part of the cache key. Each option
    /// that changes the result (presentation left out) by name, with its checked, typed value (the
    /// value `arguments` was decoded from; defaults filled in; null when absent), members sorted.
    public func argumentsJSON() -> String {
        var members: [String: String] = [:]
        for spec in directive.options { members[spec.name] = values[spec.name]?.canonicalJSON ?? "null" }
        return JSONText.object(members)
    }

    /// Runs the directive on its arguments.
    public func run(context: DirectiveContext) throws -> DirectiveResult {
        try directive.execute(arguments, context: context)
    }

    /// Where option `name` was written, or the directive's own location.
    public func location(of name: String?) -> SourceLocation {
        guard let name, let argument = call.arguments.first(where: { $0.key == name }) else { return call.location }
        return argument.location
    }

    /// The names given to options of `type` (data sets, ids), by option name.
    public func names(ofType type: OptionType) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for spec in directive.allOptions where spec.type == type {
            switch values[spec.name] {
            case .word(let name)?, .string(let name)?: out[spec.name] = [name]
            case .list(let items)?:
                out[spec.name] = items.map {
                    if case .string(let s) = $0 { return s }; return $0.description
                }
            default: break
            }
        }
        return out
    }
}

/// Checks a call's options against its directive's declarations and decodes them.
public enum OptionResolver {
    /// Resolves `call` for `directive`, returning every problem found.
    public static func resolve(
        _ call: DirectiveCall, as directive: any Directive.Type
    ) -> Result<ResolvedCall, DiagnosticList> {
        let specs = directive.allOptions
        var values: [String: ArgumentValue] = [:]
        var problems: [Diagnostic] = []
        func fail(_ message: String, at location: SourceLocation) {
            problems.append(Diagnostic(.error, at: location, directive: call.kind, message))
        }
        for argument in call.arguments {
            guard let spec = specs.first(where: { $0.name == argument.key }) else {
                let names = specs.map(\.name)
                let hint =
                    Suggestions.closest(to: argument.key, in: names).map { "; did you mean '\($0)'?" }
                    ?? "; valid options: " + names.joined(separator: ", ")
                fail("unknown option '\(argument.key)'\(hint)", at: argument.location)
                continue
            }
            switch coerce(argument.value, to: spec.type) {
            case .success(let value): values[spec.name] = value
            case .failure(let error): fail("option '\(spec.name)' \(error.message)", at: argument.location)
            }
        }
        let written = Set(values.keys)
        for spec in specs where values[spec.name] == nil {
            if let value = spec.defaultValue {
                values[spec.name] = value
            } else if spec.required {
                fail("missing required option '\(spec.name)=' (\(spec.type)): \(spec.doc)", at: call.location)
            }
        }
        if !problems.isEmpty { return .failure(DiagnosticList(problems)) }
        let table = ArgumentTable(
            values: values, written: written,
            optionNames: directive.optionNames)
        do {
            let arguments = try directive.decodeArguments(table)
            let figure =
                directive.showsFigures
                ? try ArgumentDecoder.decode(FigurePresentation.self, from: table) : FigurePresentation()
            let common = try ArgumentDecoder.decode(CommonArguments.self, from: table)
            let labels =
                directive.showsLabels
                ? try ArgumentDecoder.decode(LabelPresentation.self, from: table) : LabelPresentation()
            let outputs =
                directive.showsTableAndFigure
                ? try ArgumentDecoder.decode(OutputPresentation.self, from: table) : OutputPresentation()
            if !outputs.figure && !outputs.table {
                return .failure(
                    DiagnosticList([
                        Diagnostic(
                            .error, at: location(of: "table", in: call), directive: call.kind,
                            "figure=false and table=false leave nothing to show; drop one of them")
                    ]))
            }
            var shown = values
            for spec in specs where shown[spec.name] == nil {
                if let value = spec.shownDefault { shown[spec.name] = value }
            }
            return .success(
                ResolvedCall(
                    call: call, directive: directive, arguments: arguments,
                    presentation: Presentation(
                        figure: figure, caption: common.caption, labels: labels.labels ?? SeriesLabels(),
                        outputs: outputs),
                    id: common.id?.name, values: shown))
        } catch let failure as DirectiveFailure {
            return .failure(
                DiagnosticList([Diagnostic(.error, at: call.location, directive: call.kind, failure.message)]))
        } catch {
            return .failure(
                DiagnosticList([
                    Diagnostic(.error, at: call.location, directive: call.kind, "cannot read the options: \(error)")
                ]))
        }
    }

    /// Where option `name` was written in `call`, or the call's own location.
    private static func location(of name: String, in call: DirectiveCall) -> SourceLocation {
        call.arguments.first { $0.key == name }?.location ?? call.location
    }

    private static func scalarText(_ value: ArgumentValue) -> String? {
        switch value {
        case .string(let s), .word(let s): return s
        case .list: return nil
        default: return value.description
        }
    }

    /// Coerces a lexed value to `type`, or says what would be valid.
    static func coerce(_ value: ArgumentValue, to type: OptionType) -> Result<ArgumentValue, CoercionError> {
        switch type {
        case .integer(let lo, let hi):
            guard case .integer(let v) = value else {
                return .failure(CoercionError("expects an \(type), got '\(value)'"))
            }
            if let lo, v < lo { return .failure(CoercionError("must be at least \(lo), got \(v)")) }
            if let hi, v > hi { return .failure(CoercionError("must be at most \(hi), got \(v)")) }
            return .success(value)
        case .number(let lo, let hi):
            let v: Double
            switch value {
            case .integer(let i): v = Double(i)
            case .number(let d): v = d
            default: return .failure(CoercionError("expects a number, got '\(value)'"))
            }
            if let lo, v < lo {
                return .failure(CoercionError("must be at least \(ValueFormat.format(lo, spec: nil)), got \(value)"))
            }
            if let hi, v > hi {
                return .failure(CoercionError("must be at most \(ValueFormat.format(hi, spec: nil)), got \(value)"))
            }
            return .success(.number(v))
        case .bool:
            guard case .bool = value else { return .failure(CoercionError("expects true or false, got '\(value)'")) }
            return .success(value)
        case .text:
            if case .list(let items) = value {
                return .success(.string(items.compactMap(scalarText).joined(separator: ",")))
            }
            return .success(.string(scalarText(value) ?? value.description))
        case .choice(let words):
            guard let word = scalarText(value), words.contains(word) else {
                let given = scalarText(value) ?? value.description
                let hint = Suggestions.closest(to: given, in: words).map { "; did you mean '\($0)'?" } ?? ""
                return .failure(CoercionError("expects one of \(words.joined(separator: ", ")), got '\(given)'\(hint)"))
            }
            return .success(.word(word))
        case .integers(let lo, let hi):
            let items: [ArgumentValue] = {
                if case .list(let items) = value { return items }; return [value]
            }()
            for item in items {
                guard case .integer(let v) = item else {
                    return .failure(CoercionError("expects whole numbers separated by commas, got '\(value)'"))
                }
                if let lo, v < lo { return .failure(CoercionError("must be at least \(lo), got \(v)")) }
                if let hi, v > hi { return .failure(CoercionError("must be at most \(hi), got \(v)")) }
            }
            return .success(.list(items))
        case .names, .results:
            let items: [ArgumentValue] = {
                if case .list(let items) = value { return items }; return [value]
            }()
            var names: [ArgumentValue] = []
            for item in items {
                guard let text = scalarText(item) else {
                    return .failure(CoercionError("expects a list of names, got '\(value)'"))
                }
                names.append(.string(text))
            }
            return .success(.list(names))
        case .month:
            guard case .month = value else { return .failure(CoercionError("expects a month YYYY-MM, got '\(value)'")) }
            return .success(value)
        case .monthRange:
            guard case .monthRange(let a, let b) = value else {
                return .failure(CoercionError("expects a month range YYYY-MM..YYYY-MM, got '\(value)'"))
            }
            guard a <= b else { return .failure(CoercionError("range \(value) ends before it starts")) }
            return .success(value)
        case .file:
            guard let path = scalarText(value) else {
                return .failure(CoercionError("expects a file of the project, e.g. tables/results.csv, got '\(value)'"))
            }
            return checkProjectPath(path).map { .string($0) }
        case .files:
            let items: [ArgumentValue] = {
                if case .list(let items) = value { return items }; return [value]
            }()
            var paths: [ArgumentValue] = []
            for item in items {
                guard let text = scalarText(item) else {
                    return .failure(CoercionError("expects files of the project separated by commas, got '\(value)'"))
                }
                switch checkProjectPath(text) {
                case .success(let path): paths.append(.string(path))
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.list(paths))
        case .dataSets:
            let items: [ArgumentValue] = {
                if case .list(let items) = value { return items }; return [value]
            }()
            var names: [ArgumentValue] = []
            for item in items {
                guard let name = scalarText(item), isIdentifier(name) else {
                    return .failure(
                        CoercionError("expects names of data sets of thesis.toml separated by commas, got '\(value)'"))
                }
                names.append(.string(name))
            }
            return .success(.list(names))
        case .seriesTexts:
            return SeriesLabels.parse(value).map { $0.argumentValue ?? .list([]) }
        case .data, .result, .identifier:
            guard let word = scalarText(value), isIdentifier(word) else {
                return .failure(
                    CoercionError(
                        "expects \(type == .identifier ? "an identifier" : "a name") (letters, digits, '_', '-'), "
                            + "got '\(value)'"
                    ))
            }
            return .success(.word(word))
        }
    }

    /// A relative path inside the project, or why not.
    static func checkProjectPath(_ path: String) -> Result<String, CoercionError> {
        if path.isEmpty {
            return .failure(CoercionError("expects a file of the project, e.g. tables/results.csv, got ''"))
        }
        if path.hasPrefix("/") || path.hasPrefix("~") || path.contains("://")
            || path.split(separator: "/").contains("..")
        {
            return .failure(CoercionError("'\(path)' is not a file of the project: give a relative path inside it"))
        }
        return .success(path)
    }

    static func isIdentifier(_ word: String) -> Bool {
        guard let first = word.first, first.isLetter || first == "_" else { return false }
        return word.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
    }
}

/// Why a value does not fit an option's type.
struct CoercionError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
