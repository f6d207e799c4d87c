import ThesisDocument

/// The checked values of one directive call, by option name, for `ArgumentDecoder`.
struct ArgumentTable {
    /// Every option given or defaulted, coerced to its type.
    var values: [String: ArgumentValue]
    /// The options the chapter wrote.
    var written: Set<String>
    /// Option name by Swift property name (they differ for names such as `only-missing`).
    var optionNames: [String: String]
}

/// Decodes a `DirectiveArguments` struct from checked option values: each `@Option` property
/// reads the value of its option, `@OptionGroup`s read from the same flat table. Only
/// `OptionResolver` creates one, after every value has been validated against its option type.
struct ArgumentDecoder: Decoder {
    let table: ArgumentTable
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<A: DirectiveArguments>(_ type: A.Type, from table: ArgumentTable) throws -> A {
        try A(from: ArgumentDecoder(table: table, codingPath: []))
    }

    /// The option this decoder stands at (its last coding key, mapped to the option's name).
    var optionName: String {
        let property = codingPath.last?.stringValue ?? ""
        return table.optionNames[property] ?? property
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "options are not lists of containers"))
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            Any.self, .init(codingPath: codingPath, debugDescription: "declare options with @Option"))
    }

    /// Every property is an `@Option` or an `@OptionGroup`, which decode themselves from the table.
    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ArgumentDecoder
        var codingPath: [CodingKey] { decoder.codingPath }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try T(from: ArgumentDecoder(table: decoder.table, codingPath: codingPath + [key]))
        }

        private func unsupported<T>(_ type: T.Type, _ key: Key) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: "declare options with @Option"))
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { throw unsupported(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { throw unsupported(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw unsupported(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { throw unsupported(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw unsupported(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { throw unsupported(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(type, key) }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(
                Keyed<NestedKey>(decoder: ArgumentDecoder(table: decoder.table, codingPath: codingPath + [key])))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            throw unsupported([Any].self, key)
        }

        func superDecoder() throws -> Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> Decoder {
            ArgumentDecoder(table: decoder.table, codingPath: codingPath + [key])
        }
    }
}
