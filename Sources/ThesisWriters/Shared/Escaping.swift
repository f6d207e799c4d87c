/// Escaping for every string that comes from chapters or data.
public enum Escape {
    /// Text content and attribute values in HTML.
    public static func html(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            // Most text has nothing to escape: return it as it is.
            guard let first = bytes.firstIndex(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
            else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: bytes[..<first])
            for b in bytes[first...] {
                switch b {
                case 0x26: out.append(contentsOf: amp)
                case 0x3C: out.append(contentsOf: lt)
                case 0x3E: out.append(contentsOf: gt)
                case 0x22: out.append(contentsOf: quot)
                case 0x27: out.append(contentsOf: apos)
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A link destination as CommonMark renders it: bytes outside the URL-safe set are
    /// percent-encoded (UTF-8), existing `%XX` escapes are kept (cmark's `houdini_escape_href`).
    public static func percentEncodedURL(_ url: String) -> String {
        var out = ""
        out.reserveCapacity(url.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in url.utf8 {
            if hrefSafe[Int(b)] {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    private static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+!*'(),%#@?=;:/$~&".utf8 { table[Int(c)] = true }
        return table
    }()

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)

    /// LaTeX for the ASCII characters that need it (nil: the byte stands for itself).
    private static let latexASCII: [[UInt8]?] = {
        var table = [[UInt8]?](repeating: nil, count: 128)
        let map: [Character: String] = [
            "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#", "%": "\\%",
            "_": "\\_", "^": "\\textasciicircum{}", "~": "\\textasciitilde{}", "<": "\\textless{}",
            ">": "\\textgreater{}", "|": "\\textbar{}", "\"": "\\textquotedbl{}",
        ]
        for (c, tex) in map { table[Int(c.asciiValue!)] = Array(tex.utf8) }
        return table
    }()

    /// LaTeX for the non-ASCII characters that `inputenc` does not map.
    private static func latexSymbol(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "\u{2212}": return "\\textminus{}"
        case "\u{00A0}": return "~"
        case "\u{2026}": return "\\ldots{}"
        case "\u{221E}": return "\\ensuremath{\\infty}"
        case "\u{00B1}": return "\\ensuremath{\\pm}"
        case "\u{2264}": return "\\ensuremath{\\leq}"
        case "\u{2265}": return "\\ensuremath{\\geq}"
        case "\u{00D7}": return "\\ensuremath{\\times}"
        case "\u{2248}": return "\\ensuremath{\\approx}"
        case "\u{2260}": return "\\ensuremath{\\neq}"
        case "\u{2308}": return "\\ensuremath{\\lceil}"
        case "\u{2309}": return "\\ensuremath{\\rceil}"
        case "\u{230A}": return "\\ensuremath{\\lfloor}"
        case "\u{230B}": return "\\ensuremath{\\rfloor}"
        case "\u{2192}": return "\\ensuremath{\\rightarrow}"
        case "\u{221A}": return "\\ensuremath{\\surd}"
        case "\u{2211}": return "\\ensuremath{\\sum}"
        case "\u{00B7}": return "\\ensuremath{\\cdot}"
        case "\u{00B2}": return "\\textsuperscript{2}"
        case "\u{00B3}": return "\\textsuperscript{3}"
        case "\u{00B9}": return "\\textsuperscript{1}"
        case "\u{00BC}": return "\\textonequarter{}"
        case "\u{00BD}": return "\\textonehalf{}"
        case "\u{0391}"..."\u{03C9}": return greek[c].map { "\\ensuremath{\\\($0)}" }
        default: return nil
        }
    }

    /// Text in LaTeX (pdflatex with T1 fonts and UTF-8 input): every special character and the
    /// common Unicode symbols that `inputenc` does not map.
    public static func latex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var k = 0
            while k < bytes.count {
                let b = bytes[k]
                if b < 0x80 {
                    if let tex = latexASCII[Int(b)] { out.append(contentsOf: tex) } else { out.append(b) }
                    k += 1
                    continue
                }
                // A multi-byte scalar: only a few lead bytes can start one of the mapped symbols.
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                let end = min(k + length, bytes.count)
                if b == 0xC2 || b == 0xC3 || b == 0xCE || b == 0xCF || b == 0xE2,
                    let scalar = String(decoding: bytes[k..<end], as: UTF8.self).unicodeScalars.first,
                    let tex = latexSymbol(scalar)
                {
                    out.append(contentsOf: tex.utf8)
                } else {
                    out.append(contentsOf: bytes[k..<end])
                }
                k = end
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    public static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(text[first...last])
    }

    private static let greek: [Unicode.Scalar: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
        "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
        "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi",
        "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi",
        "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    ]

    /// A label or id safe for `\label{}` and HTML `id=`: letters, digits, `-`, `_`, `:`.
    public static func identifier(_ text: String) -> String {
        String(text.unicodeScalars.map { c -> Character in
            (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == ":")) ? Character(c) : "-"
        })
    }
}
