import Foundation

/// The fast path of `PredictionRequest.parse`: one pass over the bytes of a well-formed body
/// `{"rows": [{"COLUMN": NUMBER, …}, …], "steps": N}` straight into rows of doubles, without a
/// dictionary per row. It answers nil for anything it does not handle the common way (an escape in
/// a key, a model column that is not a finite number or is missing or repeated, malformed JSON);
/// the caller then reads the body with `JSONDecoder`, which gives the located error. Numbers are
/// read by `Double(_:)` from their JSON text, correctly rounded, as `JSONDecoder` reads them.
struct PredictionRowsParser {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    /// The model's columns as UTF-8, and the row index of each.
    private let columns: [[UInt8]]

    /// The rows (in `columns` order) and `steps`, or nil when the slow path must decide.
    static func parse(_ body: Data, columns: [String]) -> (rows: [[Double]], steps: Int?)? {
        body.withUnsafeBytes { raw in
            var parser = PredictionRowsParser(bytes: raw, columns: columns.map { Array($0.utf8) })
            return parser.document()
        }
    }

    private init(bytes: UnsafeRawBufferPointer, columns: [[UInt8]]) {
        self.bytes = bytes
        self.columns = columns
    }

    private mutating func document() -> (rows: [[Double]], steps: Int?)? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var rows: [[Double]]?, steps: Int?
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            repeat {
                guard let key = key() else { return nil }
                switch key {
                case Self.rowsKey:
                    guard rows == nil, let parsed = rowArray() else { return nil }
                    rows = parsed
                case Self.stepsKey:
                    guard steps == nil, let number = integer() else { return nil }
                    steps = number
                default:
                    guard skipValue(depth: 0) else { return nil }
                }
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard position == bytes.count, let rows else { return nil }
        return (rows, steps)
    }

    private static let rowsKey = Array("rows".utf8), stepsKey = Array("steps".utf8)

    private mutating func rowArray() -> [[Double]]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var rows: [[Double]] = []
        if consume(UInt8(ascii: "]")) { return rows }
        repeat {
            guard let row = row() else { return nil }
            rows.append(row)
            guard rows.count <= PredictionRequest.maximumRows else { return nil }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? rows : nil
    }

    private mutating func row() -> [Double]? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var row = [Double](repeating: 0, count: columns.count)
        var seen = [Bool](repeating: false, count: columns.count)
        if !consume(UInt8(ascii: "}")) {
            repeat {
                guard let key = key() else { return nil }
                if let c = columns.firstIndex(of: key) {
                    guard !seen[c], let value = number(), value.isFinite else { return nil }
                    row[c] = value
                    seen[c] = true
                } else {
                    guard skipValue(depth: 0) else { return nil }
                }
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else { return nil }
        }
        return seen.allSatisfy { $0 } ? row : nil
    }

    /// A member's key (without escapes) and the colon after it.
    private mutating func key() -> [UInt8]? {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        let key = Array(bytes[start..<end])
        position = end + 1
        return consume(UInt8(ascii: ":")) ? key : nil
    }

    /// A JSON number, as the text of the grammar says (no leading '+', no leading zeros).
    private mutating func number() -> Double? {
        skipSpace()
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { return nil }
        position += 1
        if first != UInt8(ascii: "0") { while let d = peek(), isDigit(d) { position += 1 } }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let d = peek(), isDigit(d) else { return nil }
            while let d = peek(), isDigit(d) { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), isDigit(d) else { return nil }
            while let d = peek(), isDigit(d) { position += 1 }
        }
        return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
    }

    private mutating func integer() -> Int? {
        guard let value = number(), value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// Skips any JSON value (strings with escapes, nested arrays and objects up to 64 deep).
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < 64 else { return false }
        skipSpace()
        guard let first = peek() else { return false }
        switch first {
        case UInt8(ascii: "\""):
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] < 0x20 { return false }
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard position < bytes.count else { return false }
            position += 1
            return true
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let object = first == UInt8(ascii: "{")
            position += 1
            if consume(object ? UInt8(ascii: "}") : UInt8(ascii: "]")) { return true }
            repeat {
                if object, key() == nil { return false }
                guard skipValue(depth: depth + 1) else { return false }
            } while consume(UInt8(ascii: ","))
            return consume(object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number() != nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { return false }
        position += count
        return true
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
