import Foundation

/// Values whose NaNs are written as JSON `null` and compared equal to each other.
public protocol NaNAsNullValue: Sendable {
    /// Decodes `null` as NaN.
    static func decodeNaNAsNull(from decoder: Decoder) throws -> Self
    /// Encodes NaN (and ±infinity) as `null`.
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

extension Array: NaNAsNullValue where Element == Double {
    public static func decodeNaNAsNull(from decoder: Decoder) throws -> [Double] {
        try decoder.singleValueContainer().decode([Double?].self).map { $0 ?? .nan }
    }
    public func encodeNaNAsNull(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(map { $0.isFinite ? $0 : nil })
    }
    public func sameNaNAware(as other: [Double]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { sameValue($0, $1) }
    }
    public func hashNaNAware(into hasher: inout Hasher) {
        hasher.combine(count)
        for x in self { ThesisData.hashNaNAware(x, into: &hasher) }
    }
}

/// A matrix stored as columns.
public struct DoubleColumns: NaNAsNullValue, ExpressibleByArrayLiteral {
    public var columns: [[Double]]
    public init(_ columns: [[Double]]) { self.columns = columns }
    public init(arrayLiteral elements: [Double]...) { columns = elements }
    public static func decodeNaNAsNull(from decoder: Decoder) throws -> DoubleColumns {
        DoubleColumns(try decoder.singleValueContainer().decode([[Double?]].self).map { $0.map { $0 ?? .nan } })
    }
    public func encodeNaNAsNull(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(columns.map { $0.map { $0.isFinite ? $0 : nil } })
    }
    public func sameNaNAware(as other: DoubleColumns) -> Bool {
        columns.count == other.columns.count && zip(columns, other.columns).allSatisfy { $0.sameNaNAware(as: $1) }
    }
    public func hashNaNAware(into hasher: inout Hasher) {
        hasher.combine(columns.count)
        for c in columns { c.hashNaNAware(into: &hasher) }
    }
}

/// A stored property whose NaNs encode as JSON `null` (plain `JSONEncoder` refuses NaN) and compare
/// equal to each other, so result types can synthesize `Codable` and `Hashable`.
@propertyWrapper
public struct NaNAsNull<Value: NaNAsNullValue>: Codable, Hashable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public init(from decoder: Decoder) throws { wrappedValue = try Value.decodeNaNAsNull(from: decoder) }
    public func encode(to encoder: Encoder) throws { try wrappedValue.encodeNaNAsNull(to: encoder) }
    public static func == (a: NaNAsNull, b: NaNAsNull) -> Bool { a.wrappedValue.sameNaNAware(as: b.wrappedValue) }
    public func hash(into hasher: inout Hasher) { wrappedValue.hashNaNAware(into: &hasher) }
}
