import ThesisDocument

/// A directive's options after validation: every option present with its default filled in,
/// each value coerced to its declared type.
public struct ResolvedOptions: Hashable, Sendable {
    public var values: [String: ArgumentValue]

    public init(values: [String: ArgumentValue]) { self.values = values }

    public func int(_ name: String) -> Int? { if case .integer(let v)? = values[name] { return v }; return nil }
    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .number(let v)?: return v
        case .integer(let v)?: return Double(v)
        default: return nil
        }
    }
    public func bool(_ name: String) -> Bool? { if case .bool(let v)? = values[name] { return v }; return nil }
    public func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s)?, .word(let s)?: return s
        default: return nil
        }
    }
    public func names(_ name: String) -> [String]? {
        if case .list(let items)? = values[name] {
            return items.map { if case .string(let s) = $0 { return s }; if case .word(let s) = $0 { return s }; return $0.description }
        }
        return nil
    }
    public func month(_ name: String) -> Month? { if case .month(let m)? = values[name] { return m }; return nil }
    public func monthRange(_ name: String) -> ClosedRange<Month>? {
        if case .monthRange(let a, let b)? = values[name] { return a...b }
        return nil
    }
}

/// A directive call checked against its directive's options.
public struct ResolvedCall: Sendable {
    public var call: DirectiveCall
    public var directive: any Directive.Type
    public var options: ResolvedOptions

    /// Options that change the result (presentation options left out), as canonical text.
    public var computeOptions: [String: String] {
        var out: [String: String] = [:]
        for spec in directive.allOptions where !spec.presentation {
            if let value = options.values[spec.name] { out[spec.name] = value.description }
        }
        return out
    }

    /// The options a directive's `run` sees: presentation options are left out, so a result can
    /// never depend on something the cache key ignores.
    public var computeValues: ResolvedOptions {
        let presentation = Set(directive.allOptions.filter(\.presentation).map(\.name))
        return ResolvedOptions(values: options.values.filter { !presentation.contains($0.key) })
    }

    /// Where option `name` was written, or the directive's own location.
    public func location(of name: String?) -> SourceLocation {
        guard let name, let argument = call.arguments.first(where: { $0.key == name }) else { return call.location }
        return argument.location
    }
}

/// Checks a call's options against the directive's declared options.
public enum OptionResolver {
    /// Resolves `call` for `directive`, returning every problem found.
    public static func resolve(_ call: DirectiveCall, as directive: any Directive.Type) -> Result<ResolvedCall, DiagnosticList> {
        let specs = directive.allOptions
        var values: [String: ArgumentValue] = [:]
        var problems: [Diagnostic] = []
        func fail(_ message: String, at location: SourceLocation) {
            problems.append(Diagnostic(.error, at: location, directive: call.kind, message))
        }
        for argument in call.arguments {
            guard let spec = specs.first(where: { $0.name == argument.key }) else {
                let names = specs.map(\.name)
                let hint = Suggestions.closest(to: argument.key, in: names).map { "; did you mean '\($0)'?" }
                    ?? "; valid options: " + names.joined(separator: ", ")
                fail("unknown option '\(argument.key)'\(hint)", at: argument.location)
                continue
            }
            switch coerce(argument.value, to: spec.type) {
            case .success(let value): values[spec.name] = value
            case .failure(let error): fail("option '\(spec.name)' \(error.message)", at: argument.location)
            }
        }
        for spec in specs where values[spec.name] == nil {
            if let value = spec.defaultValue {
                values[spec.name] = value
            } else if spec.required {
                fail("missing required option '\(spec.name)=' (\(spec.type)): \(spec.doc)", at: call.location)
            }
        }
        if !problems.isEmpty { return .failure(DiagnosticList(problems)) }
        return .success(ResolvedCall(call: call, directive: directive, options: ResolvedOptions(values: values)))
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
            guard case .integer(let v) = value else { return .failure(CoercionError("expects \(type), got '\(value)'")) }
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
            if let lo, v < lo { return .failure(CoercionError("must be at least \(ValueFormat.format(lo, spec: nil)), got \(value)")) }
            if let hi, v > hi { return .failure(CoercionError("must be at most \(ValueFormat.format(hi, spec: nil)), got \(value)")) }
            return .success(.number(v))
        case .bool:
            guard case .bool = value else { return .failure(CoercionError("expects true or false, got '\(value)'")) }
            return .success(value)
        case .text:
            if case .list(let items) = value { return .success(.string(items.compactMap(scalarText).joined(separator: ","))) }
            return .success(.string(scalarText(value) ?? value.description))
        case .choice(let words):
            guard let word = scalarText(value), words.contains(word) else {
                let given = scalarText(value) ?? value.description
                let hint = Suggestions.closest(to: given, in: words).map { "; did you mean '\($0)'?" } ?? ""
                return .failure(CoercionError("expects one of \(words.joined(separator: ", ")), got '\(given)'\(hint)"))
            }
            return .success(.word(word))
        case .names, .results:
            let items: [ArgumentValue] = { if case .list(let items) = value { return items }; return [value] }()
            var names: [ArgumentValue] = []
            for item in items {
                guard let text = scalarText(item) else { return .failure(CoercionError("expects a list of names, got '\(value)'")) }
                names.append(.string(text))
            }
            return .success(.list(names))
        case .month:
            guard case .month = value else { return .failure(CoercionError("expects a month YYYY-MM, got '\(value)'")) }
            return .success(value)
        case .monthRange:
            guard case .monthRange(let a, let b) = value else { return .failure(CoercionError("expects a month range YYYY-MM..YYYY-MM, got '\(value)'")) }
            guard a <= b else { return .failure(CoercionError("range \(value) ends before it starts")) }
            return .success(value)
        case .data, .result, .identifier:
            guard let word = scalarText(value), isIdentifier(word) else {
                return .failure(CoercionError("expects \(type == .identifier ? "an identifier" : "a name") (letters, digits, '_', '-'), got '\(value)'"))
            }
            return .success(.word(word))
        case .format:
            guard let word = scalarText(value), ValueFormat.isValid(word) else {
                return .failure(CoercionError("expects a format such as .2f, .1%, ,.0f or ,d, got '\(value)'"))
            }
            return .success(.word(word))
        }
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
