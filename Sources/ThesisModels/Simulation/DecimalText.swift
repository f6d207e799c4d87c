/// Locale-free, platform-independent decimal text for the synthetic panel.
///
/// `DecimalText.significant(x, digits: 8)` rounds `x` to 8 significant digits and writes it in
/// plain positional notation (`2442.158`, `0.00012345678`, `-3.5`, never an exponent), with
/// trailing zeros removed. It uses no libm function, no `printf` and no locale: the decimal
/// exponent is found by comparing with exact powers of ten, the scaling is a single IEEE-754
/// multiplication or division by an exactly representable power of ten (correctly rounded, so
/// identical on every conforming machine), the rounding is `.toNearestOrAwayFromZero`, and the
/// digits come from integer arithmetic. Equal inputs (bit for bit) therefore give equal text on
/// every platform.
enum DecimalText {
    /// 10^0 … 10^22, every one exactly representable as a Double.
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `x` rounded to `digits` significant digits (1…15), in positional notation. Zero is `0`;
    /// magnitudes must lie in [1e-14, 1e15) (the synthetic panel's values are far inside).
    static func significant(_ x: Double, digits: Int = 8) -> String {
        if x == 0 { return "0" }
        let (m, e) = decompose(x, digits: digits)
        let digitString = String(Int64(m))                 // exactly `digits` characters
        var text: String
        let point = e + 1                                   // digits before the decimal point
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digitString
        } else if point >= digitString.count {
            text = digitString + String(repeating: "0", count: point - digitString.count)
        } else {
            let index = digitString.index(digitString.startIndex, offsetBy: point)
            text = String(digitString[..<index]) + "." + String(digitString[index...])
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return x < 0 ? "-" + text : text
    }

    /// The Double nearest to the text `significant(x, digits:)` denotes: m·10^(e−digits+1) as one
    /// correctly rounded operation on exact operands, so it is what any correct parser reads back.
    static func rounded(_ x: Double, digits: Int = 8) -> Double {
        if x == 0 { return 0 }
        let (m, e) = decompose(x, digits: digits)
        let shift = digits - 1 - e
        let value = shift >= 0 ? m / exactPowers[shift] : m * exactPowers[-shift]
        return x < 0 ? -value : value
    }

    /// |x| = m · 10^(e − digits + 1) after rounding, with m an integer of exactly `digits` digits.
    private static func decompose(_ x: Double, digits: Int) -> (m: Double, e: Int) {
        precondition(x.isFinite, "cannot format \(x)")
        precondition(digits >= 1 && digits <= 15, "digits must be 1…15")
        let magnitude = abs(x)
        precondition(magnitude >= 1e-14 && magnitude < 1e15, "\(x) is outside the formatter's range")
        // A first guess of e = floor(log10 |x|) by comparison with exact powers of ten; the
        // renormalisation below corrects it when a product rounds across a power of ten.
        var e = 0
        if magnitude >= 1 {
            while e + 1 < exactPowers.count && magnitude >= exactPowers[e + 1] { e += 1 }
        } else {
            var k = 1
            while magnitude * exactPowers[k] < 1 { k += 1 }
            e = -k
        }
        var m = scaled(magnitude, digits - 1 - e).rounded(.toNearestOrAwayFromZero)
        if m >= exactPowers[digits] {
            e += 1                                          // 9.99…95 rounded up to 10.0…0
            m = scaled(magnitude, digits - 1 - e).rounded(.toNearestOrAwayFromZero)
        } else if m < exactPowers[digits - 1] {
            e -= 1
            m = scaled(magnitude, digits - 1 - e).rounded(.toNearestOrAwayFromZero)
        }
        return (m, e)
    }

    /// |x| · 10^shift as one correctly rounded operation (10^|shift| is exact for |shift| ≤ 22).
    private static func scaled(_ magnitude: Double, _ shift: Int) -> Double {
        precondition(abs(shift) < exactPowers.count, "scale 10^\(shift) is not exact")
        return shift >= 0 ? magnitude * exactPowers[shift] : magnitude / exactPowers[-shift]
    }
}
