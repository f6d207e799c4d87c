import Foundation

/// Values whose non-finite numbers are written as JSON `null` (read back as NaN) and whose NaNs
/// compare equal to each other: `Double` and arrays of them, nested to any depth.
public protocol NaNAsNullValue: Sendable {
    /// Decodes `null` as NaN.
    static func decodeNaNAsNull(from decoder: Decoder) throws -> Self
    /// Encodes NaN and ±infinity as `null`.
    func encodeNaNAsNull(to encoder: Encoder) throws
    /// Equal, with NaN equal to NaN.
    func sameNaNAware(as other: Self) -> Bool
    /// Hashes consistently with `sameNaNAware`.
    func hashNaNAware(into hasher: inout Hasher)
}

extension Double: NaNAsNullValue {
    public static func decodeNaNAsNull(from decoder: Decoder) throws -> Double {
        try decoder.singleValueContainer().decode(Double?.self) ?? .nan
    }
    public func encodeNaNAsNull(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(isFinite ? self : nil)
    }
    public func sameNaNAware(as other: Double) -> Bool { sameValue(self, other) }
    public func hashNaNAware(into hasher: inout Hasher) { ThesisData.hashNaNAware(self, into: &hasher) }
}

extension Array: NaNAsNullValue where Element: NaNAsNullValue {
    public static func decodeNaNAsNull(from decoder: Decoder) throws -> [Element] {
        if Element.self == Double.self {   // fast path: one container for the whole vector
            return try decoder.singleValueContainer().decode([Double?].self).map { $0 ?? .nan } as! [Element]
        }
        var c = try decoder.unkeyedContainer()
        var result: [Element] = []
        while !c.isAtEnd { result.append(try Element.decodeNaNAsNull(from: c.superDecoder())) }
        return result
    }
    public func encodeNaNAsNull(to encoder: Encoder) throws {
        if let vector = self as? [Double] {
            var c = encoder.singleValueContainer()
            try c.encode(vector.map { $0.isFinite ? $0 : nil })
            return
        }
        var c = encoder.unkeyedContainer()
        for element in self { try element.encodeNaNAsNull(to: c.superEncoder()) }
    }
    public func sameNaNAware(as other: [Element]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { $0.sameNaNAware(as: $1) }
    }
    public func hashNaNAware(into hasher: inout Hasher) {
        hasher.combine(count)
        for x in self { x.hashNaNAware(into: &hasher) }
    }
}

/// A stored property whose non-finite numbers encode as JSON `null` (a plain `JSONEncoder` refuses
/// NaN and infinity) and whose NaNs compare equal, so result types can synthesize `Codable` and
/// `Hashable`. Infinity reads back as NaN.
@propertyWrapper
public struct NaNAsNull<Value: NaNAsNullValue>: Codable, Hashable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public init(from decoder: Decoder) throws { wrappedValue = try Value.decodeNaNAsNull(from: decoder) }
    public func encode(to encoder: Encoder) throws { try wrappedValue.encodeNaNAsNull(to: encoder) }
    public static func == (a: NaNAsNull, b: NaNAsNull) -> Bool { a.wrappedValue.sameNaNAware(as: b.wrappedValue) }
    public func hash(into hasher: inout Hasher) { wrappedValue.hashNaNAware(into: &hasher) }
}
