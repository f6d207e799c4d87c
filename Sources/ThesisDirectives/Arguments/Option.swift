import Foundation
import ThesisDocument

/// A directive's typed arguments: a struct of `@Option` properties, and `@OptionGroup`s of shared
/// options, whose initial values are the defaults. `init()` gives the defaults, so defaults live
/// in exactly one place; `thesis directives`, validation and the cache key all read them there.
///
/// ```swift
/// public struct Arguments: DirectiveArguments {
///     @Option("the data set") var data: DataName
///     @Option(.range(0...60), "lag order p") var lags = 2
///     @Option("deterministic terms") var trend = VARTrend.constant
///     public init() {}
/// }
/// ```
public protocol DirectiveArguments: Codable, Sendable {
    init()
}

/// Directives without options of their own.
public struct NoArguments: DirectiveArguments {
    public init() {}
}

/// The bounds of a numeric option, checked before the directive runs.
public struct OptionBounds: Sendable {
    var minimum: Double?
    var maximum: Double?

    public static let none = OptionBounds(minimum: nil, maximum: nil)
    public static func range(_ range: ClosedRange<Int>) -> OptionBounds {
        OptionBounds(minimum: Double(range.lowerBound), maximum: Double(range.upperBound))
    }
    public static func range(_ range: ClosedRange<Double>) -> OptionBounds {
        OptionBounds(minimum: range.lowerBound, maximum: range.upperBound)
    }
    public static func atLeast(_ value: Int) -> OptionBounds { OptionBounds(minimum: Double(value), maximum: nil) }
    public static func atLeast(_ value: Double) -> OptionBounds { OptionBounds(minimum: value, maximum: nil) }

    /// `type` narrowed to these bounds.
    func apply(to type: OptionType) -> OptionType {
        switch type {
        case .integer: return .integer(min: minimum.map { Int($0) }, max: maximum.map { Int($0) })
        case .integers: return .integers(min: minimum.map { Int($0) }, max: maximum.map { Int($0) })
        case .number: return .number(min: minimum, max: maximum)
        default: return type
        }
    }
}

/// Which option a property is, after decoding: its name as written in chapters, and whether the
/// chapter wrote it (`$lags.isExplicit`). Pass it to `DirectiveFailure` to point at the option.
public struct OptionReference: Sendable, Hashable {
    public var name: String
    public var isExplicit: Bool
}

/// One option of a directive: `@Option(.range(1...240), "periods after the shock") var horizon = 24`.
///
/// The property's name is the option's name unless `name:` says otherwise (for names such as
/// `only-missing`). An optional type without an initial value is an option without a default;
/// a non-optional one without an initial value is required.
@propertyWrapper
public struct Option<Value: Sendable>: Sendable {
    // `Value` is not constrained to `ArgumentType` in the type itself, only in the initialisers
    // and the (conditional) Codable conformance: a generic type whose parameters must conform to
    // a protocol costs a search of every loaded conformance table each time the runtime builds
    // its metadata, several milliseconds per build for the few dozen option types.
    private var storage: Value?
    /// Set on declaration (the prototype); nil once decoded.
    let declaration: Declaration?
    /// Set when decoded.
    private var reference: OptionReference?

    struct Declaration: Sendable {
        var name: String?
        var type: OptionType
        var defaultValue: ArgumentValue?
        var required: Bool
        var shown: ArgumentValue?
        var doc: String
    }

    public var wrappedValue: Value {
        get {
            guard let storage else {
                preconditionFailure("required option read from a directive's prototype arguments")
            }
            return storage
        }
        set { storage = newValue }
    }

    /// The option's name and whether the chapter wrote it.
    public var projectedValue: OptionReference {
        reference ?? OptionReference(name: declaration?.name ?? "", isExplicit: false)
    }

    /// An option with a default: the initial value.
    /// - Parameter shown: the default printed in the reference when the value is chosen later
    ///   (e.g. a figure's width, chosen by the directive unless the chapter gives one).
    public init(
        wrappedValue: Value, name: String? = nil, _ bounds: OptionBounds, shown: ArgumentValue? = nil, _ doc: String
    ) where Value: ArgumentType {
        storage = wrappedValue
        declaration = Declaration(
            name: name, type: bounds.apply(to: Value.optionType), defaultValue: wrappedValue.argumentValue,
            required: false, shown: shown, doc: doc)
    }

    /// An option with a default: the initial value.
    public init(wrappedValue: Value, name: String? = nil, shown: ArgumentValue? = nil, _ doc: String)
    where Value: ArgumentType {
        self.init(wrappedValue: wrappedValue, name: name, .none, shown: shown, doc)
    }

    /// An option without a default: required, or absent (nil) for optional types.
    public init(name: String? = nil, _ bounds: OptionBounds, shown: ArgumentValue? = nil, _ doc: String)
    where Value: ArgumentType {
        storage = Value.absent
        declaration = Declaration(
            name: name, type: bounds.apply(to: Value.optionType), defaultValue: nil,
            required: Value.absent == nil, shown: shown, doc: doc)
    }

    /// An option without a default: required, or absent (nil) for optional types.
    public init(name: String? = nil, shown: ArgumentValue? = nil, _ doc: String) where Value: ArgumentType {
        self.init(name: name, .none, shown: shown, doc)
    }

    /// The option's declaration as the reference and the resolver see it.
    func spec(property: String) -> OptionSpec {
        guard let declaration else {
            preconditionFailure("option '\(property)' described from decoded arguments instead of the prototype")
        }
        return OptionSpec(
            declaration.name ?? property, declaration.type, default: declaration.defaultValue, shown: declaration.shown,
            required: declaration.required, property: property, declaration.doc)
    }
}

extension Option: Decodable where Value: ArgumentType {
    public init(from decoder: Decoder) throws {
        declaration = nil
        guard let decoder = decoder as? ArgumentDecoder else {
            storage = try Value(from: decoder)
            return
        }
        let name = decoder.optionName
        reference = OptionReference(name: name, isExplicit: decoder.table.written.contains(name))
        if let value = decoder.table.values[name] {
            storage = try Value(argument: value)
        } else if let absent = Value.absent {
            storage = absent
        } else {
            throw DirectiveFailure("missing required option '\(name)='", option: name)
        }
    }
}

extension Option: Encodable where Value: ArgumentType {
    public func encode(to encoder: Encoder) throws {
        if let schema = encoder as? SchemaEncoder {
            schema.record(spec(property: encoder.codingPath.last?.stringValue ?? ""))
        } else {
            try wrappedValue.encode(to: encoder)
        }
    }
}

/// Options shared by several directives, declared once as their own `DirectiveArguments` struct
/// and flattened into the directive's options: `@OptionGroup var selection: DataSelection`.
@propertyWrapper
public struct OptionGroup<Group: Sendable>: Sendable {
    public var wrappedValue: Group

    public init() where Group: DirectiveArguments { wrappedValue = Group() }
}

extension OptionGroup: Decodable where Group: DirectiveArguments {
    public init(from decoder: Decoder) throws { wrappedValue = try Group(from: decoder) }
}

extension OptionGroup: Encodable where Group: DirectiveArguments {
    public func encode(to encoder: Encoder) throws { try wrappedValue.encode(to: encoder) }
}

/// The options of an arguments type, read once from its prototype (`init()`): the prototype is
/// encoded with `SchemaEncoder`, and each `@Option` records its declaration instead of a value.
/// (The synthesized `Encodable` visits the properties in declaration order, groups in place.)
enum ArgumentSchema {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: [OptionSpec]] = [:]

    nonisolated(unsafe) private static var allOptions: [ObjectIdentifier: [OptionSpec]] = [:]
    nonisolated(unsafe) private static var optionNames: [ObjectIdentifier: [String: String]] = [:]

    /// Every option of a directive (its own, then presentation), computed once per process.
    static func allOptions(of directive: Any.Type, _ compute: () -> [OptionSpec]) -> [OptionSpec] {
        memo(&allOptions, ObjectIdentifier(directive), compute)
    }

    /// Option name by property name of a directive, computed once per process.
    static func optionNames(of directive: Any.Type, _ compute: () -> [String: String]) -> [String: String] {
        memo(&optionNames, ObjectIdentifier(directive), compute)
    }

    private static func memo<T>(_ table: inout [ObjectIdentifier: T], _ key: ObjectIdentifier, _ compute: () -> T) -> T
    {
        lock.lock()
        if let cached = table[key] { lock.unlock(); return cached }
        lock.unlock()
        let value = compute()
        lock.lock(); defer { lock.unlock() }
        table[key] = value
        return value
    }

    static func specs<A: DirectiveArguments>(of type: A.Type) -> [OptionSpec] {
        lock.lock()
        if let cached = cache[ObjectIdentifier(type)] { lock.unlock(); return cached }
        lock.unlock()
        let recorder = SchemaEncoder()
        do {
            try A().encode(to: recorder)
        } catch {
            preconditionFailure(
                "\(A.self) cannot be described: \(error); declare every property with @Option or "
                    + "@OptionGroup")
        }
        lock.lock(); defer { lock.unlock() }
        cache[ObjectIdentifier(type)] = recorder.specs
        return recorder.specs
    }
}

/// Records the declarations of the `@Option`s of an arguments prototype (see `ArgumentSchema`).
final class SchemaEncoder: Encoder {
    private(set) var specs: [OptionSpec] = []
    let codingPath: [CodingKey]
    let userInfo: [CodingUserInfoKey: Any] = [:]
    private let root: SchemaEncoder?

    init(codingPath: [CodingKey] = [], root: SchemaEncoder? = nil) {
        self.codingPath = codingPath
        self.root = root
    }

    func record(_ spec: OptionSpec) {
        if let root { root.record(spec) } else { specs.append(spec) }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        preconditionFailure("declare every property of directive arguments with @Option or @OptionGroup")
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        preconditionFailure("declare every property of directive arguments with @Option or @OptionGroup")
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: SchemaEncoder
        var codingPath: [CodingKey] { encoder.codingPath }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try value.encode(to: SchemaEncoder(codingPath: codingPath + [key], root: encoder.root ?? encoder))
        }

        mutating func encodeNil(forKey key: Key) throws { unsupported(key) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        )
            -> KeyedEncodingContainer<NestedKey>
        {
            KeyedEncodingContainer(
                Keyed<NestedKey>(encoder: SchemaEncoder(codingPath: codingPath + [key], root: encoder.root ?? encoder)))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { unsupported(key) }
        mutating func superEncoder() -> Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> Encoder {
            SchemaEncoder(codingPath: codingPath + [key], root: encoder.root ?? encoder)
        }

        private func unsupported(_ key: Key) -> Never {
            preconditionFailure(
                "\(key.stringValue): declare every property of directive arguments with @Option or "
                    + "@OptionGroup")
        }
    }
}

extension DirectiveArguments {
    /// The options, in declaration order (groups flattened in place).
    public static var optionSpecs: [OptionSpec] { ArgumentSchema.specs(of: Self.self) }
}
