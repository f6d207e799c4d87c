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
public struct Option<Value: ArgumentType>: Codable, Sendable {
    private var storage: Value?
    /// Set on declaration (the prototype); nil once decoded.
    let declaration: Declaration?
    /// Set when decoded.
    private var reference: OptionReference?

    struct Declaration: Sendable {
        var name: String?
        var bounds: OptionBounds
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
    ) {
        storage = wrappedValue
        declaration = Declaration(name: name, bounds: bounds, shown: shown, doc: doc)
    }

    /// An option with a default: the initial value.
    public init(wrappedValue: Value, name: String? = nil, shown: ArgumentValue? = nil, _ doc: String) {
        self.init(wrappedValue: wrappedValue, name: name, .none, shown: shown, doc)
    }

    /// An option without a default: required, or absent (nil) for optional types.
    public init(name: String? = nil, _ bounds: OptionBounds, shown: ArgumentValue? = nil, _ doc: String) {
        storage = Value.absent
        declaration = Declaration(name: name, bounds: bounds, shown: shown, doc: doc)
    }

    /// An option without a default: required, or absent (nil) for optional types.
    public init(name: String? = nil, shown: ArgumentValue? = nil, _ doc: String) {
        self.init(name: name, .none, shown: shown, doc)
    }

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

    public func encode(to encoder: Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }

    /// The option's declaration as the reference and the resolver see it.
    func spec(property: String) -> OptionSpec {
        let declaration = declaration ?? Declaration(name: nil, bounds: .none, shown: nil, doc: "")
        return OptionSpec(
            declaration.name ?? property, declaration.bounds.apply(to: Value.optionType),
            default: storage.flatMap { $0.argumentValue }, shown: declaration.shown,
            required: storage == nil, property: property, declaration.doc)
    }
}

/// Options shared by several directives, declared once as their own `DirectiveArguments` struct
/// and flattened into the directive's options: `@OptionGroup var selection: DataSelection`.
@propertyWrapper
public struct OptionGroup<Group: DirectiveArguments>: Codable, Sendable {
    public var wrappedValue: Group

    public init() { wrappedValue = Group() }

    public init(from decoder: Decoder) throws { wrappedValue = try Group(from: decoder) }

    public func encode(to encoder: Encoder) throws { try wrappedValue.encode(to: encoder) }
}

/// The options of an arguments type, read once from its prototype (`init()`) by reflection.
enum ArgumentSchema {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: [OptionSpec]] = [:]

    static func specs<A: DirectiveArguments>(of type: A.Type) -> [OptionSpec] {
        lock.lock()
        if let cached = cache[ObjectIdentifier(type)] { lock.unlock(); return cached }
        lock.unlock()
        let specs = collect(A())
        lock.lock(); defer { lock.unlock() }
        cache[ObjectIdentifier(type)] = specs
        return specs
    }

    private static func collect(_ value: Any) -> [OptionSpec] {
        var specs: [OptionSpec] = []
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let property = label.hasPrefix("_") ? String(label.dropFirst()) : label
            if let option = child.value as? any OptionDeclaring {
                specs.append(option.spec(property: property))
            } else if let group = child.value as? any OptionGroupDeclaring {
                specs.append(contentsOf: collect(group.groupValue))
            } else {
                preconditionFailure("\(type(of: value)).\(property) is neither an @Option nor an @OptionGroup")
            }
        }
        return specs
    }
}

protocol OptionDeclaring { func spec(property: String) -> OptionSpec }
extension Option: OptionDeclaring {}
protocol OptionGroupDeclaring { var groupValue: Any { get } }
extension OptionGroup: OptionGroupDeclaring { var groupValue: Any { wrappedValue } }

extension DirectiveArguments {
    /// The options, in declaration order (groups flattened in place).
    public static var optionSpecs: [OptionSpec] { ArgumentSchema.specs(of: Self.self) }
}
