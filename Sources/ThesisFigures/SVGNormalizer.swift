import Foundation

/// Makes Cairo's SVG output independent of the process's history.
///
/// Cairo numbers its surfaces with a process-wide counter (`<g id="surface72">`), and the images
/// it embeds after their surfaces (`<image id="image1269">`, `source-5`), so the same figure gets
/// other ids on every render. Each such id in the file is renumbered in order of first
/// appearance (`surface1`, `surface2`, …; `image1`, …), definitions and references alike, which
/// keeps any reference valid. `image` and `source-` ids are renumbered only right after `id="`
/// or `#`, never inside an embedded picture's base64 text.
enum SVGNormalizer {
    private struct Counter {
        let word: [UInt8]
        /// Only after `"` or `#` (an id or a reference).
        let anchored: Bool
        var numbers: [ArraySlice<UInt8>: Int] = [:]
    }

    static func normalize(_ svg: Data) -> Data {
        let bytes = [UInt8](svg)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var counters = [
            Counter(word: Array("surface".utf8), anchored: false), Counter(word: Array("image".utf8), anchored: true),
            Counter(word: Array("source-".utf8), anchored: true),
        ]
        var i = 0
        scan: while i < bytes.count {
            for k in counters.indices {
                let word = counters[k].word
                guard bytes[i] == word[0], i + word.count < bytes.count, bytes[i..<(i + word.count)].elementsEqual(word),
                      isDigit(bytes[i + word.count]), i == 0 || !isIdentifier(bytes[i - 1]) else { continue }
                if counters[k].anchored, i == 0 || (bytes[i - 1] != UInt8(ascii: "\"") && bytes[i - 1] != UInt8(ascii: "#")) {
                    continue
                }
                var end = i + word.count
                while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                let original = bytes[(i + word.count)..<end]
                let number: Int
                if let known = counters[k].numbers[original] {
                    number = known
                } else {
                    number = counters[k].numbers.count + 1
                    counters[k].numbers[original] = number
                }
                out.append(contentsOf: word)
                out.append(contentsOf: Array(String(number).utf8))
                i = end
                continue scan
            }
            out.append(bytes[i])
            i += 1
        }
        return Data(out)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isIdentifier(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
    }
}
