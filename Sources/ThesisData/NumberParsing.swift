/// Reading numeric cells straight from UTF-8 bytes.
enum NumberParsing {
    /// What a numeric cell holds.
    enum Cell: Equatable {
        case value(Double)
        case missing
        case invalid
    }

    /// The missing-value markers, as listed in messages.
    static let missingMarkers = "an empty cell, NA, NaN, N/A or ."

    /// Classifies `bytes[start..<end]` (already trimmed): a missing marker (empty, `NA`, `NaN`,
    /// `N/A`, `.`, any case), a finite decimal number, or invalid.
    @inline(__always)
    static func cell(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Cell {
        let length = end - start
        if length == 0 { return .missing }
        if length <= 3, isMissingMarker(bytes, start, end) { return .missing }
        if let value = parseDouble(bytes, start, end) { return .value(value) }
        return .invalid
    }

    static func isMissingMarker(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        func lower(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b + 32 : b }
        switch end - start {
        case 0: return true
        case 1: return bytes[start] == UInt8(ascii: ".")
        case 2: return lower(bytes[start]) == UInt8(ascii: "n") && lower(bytes[start + 1]) == UInt8(ascii: "a")
        case 3:
            let a = lower(bytes[start]), b = lower(bytes[start + 1]), c = lower(bytes[start + 2])
            let isNaN = a == UInt8(ascii: "n") && b == UInt8(ascii: "a") && c == UInt8(ascii: "n")
            let isNA = a == UInt8(ascii: "n") && b == UInt8(ascii: "/") && c == UInt8(ascii: "a")
            return isNaN || isNA
        default: return false
        }
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (at least one mantissa digit), correctly
    /// rounded. Returns nil for anything else (including `inf`, hex floats and out-of-range values).
    ///
    /// Fast path (Clinger): a mantissa of at most 2^53 and a power of ten of at most 22 give an
    /// exact result with one rounding; other inputs go through the standard library's parser.
    static func parseDouble(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        var exact = true
        while i < end, bytes[i] &- 48 < 10 {
            let d = UInt64(bytes[i] &- 48)
            sawDigit = true
            if mantissa != 0 || d != 0 {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significantDigits += 1
                } else {
                    exact = false
                    exponent += 1
                }
            }
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                let d = UInt64(bytes[i] &- 48)
                sawDigit = true
                if significantDigits < 19 {
                    if mantissa != 0 || d != 0 { significantDigits += 1 }
                    mantissa = mantissa &* 10 &+ d
                    exponent -= 1
                } else if d != 0 {
                    exact = false
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < end, bytes[i] &- 48 < 10 {
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(bytes[i] &- 48) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard i == end else { return nil }

        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if exact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
            return negative ? -value : value
        }
        // Slow path: the syntax is already checked, so the standard parser accepts it.
        guard let value = Double(String(decoding: bytes[start..<end], as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }

    /// An integer in `range` written as digits (optionally `.0`); nil otherwise.
    static func integer(_ bytes: [UInt8], _ start: Int, _ end: Int, in range: ClosedRange<Int>) -> Int? {
        guard let value = parseDouble(bytes, start, end), value == value.rounded(),
              value >= Double(range.lowerBound), value <= Double(range.upperBound) else { return nil }
        return Int(value)
    }
}
