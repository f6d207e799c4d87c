import Foundation

/// Makes Cairo's SVG output independent of the process's history.
///
/// Cairo numbers its surfaces with a process-wide counter (`<g id="surface72">`), so the same
/// figure gets another id on every render. Each `surfaceN` in the file is renumbered in order
/// of first appearance (`surface1`, `surface2`, …), definitions and references alike, which
/// keeps any reference valid.
enum SVGNormalizer {
    private static let word = Array("surface".utf8)

    static func normalize(_ svg: Data) -> Data {
        let bytes = [UInt8](svg)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        var i = 0
        while i < bytes.count {
            if bytes[i] == word[0], i + word.count < bytes.count, bytes[i..<(i + word.count)].elementsEqual(word),
               isDigit(bytes[i + word.count]), i == 0 || !isIdentifier(bytes[i - 1]) {
                var end = i + word.count
                while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                let original = bytes[(i + word.count)..<end]
                let number: Int
                if let known = numbers[original] {
                    number = known
                } else {
                    number = numbers.count + 1
                    numbers[original] = number
                }
                out.append(contentsOf: word)
                out.append(contentsOf: Array(String(number).utf8))
                i = end
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return Data(out)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isIdentifier(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
    }
}
