/// Escaping for every string that comes from chapters or data.
public enum Escape {
    /// Text content and attribute values in HTML.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text in LaTeX (pdflatex with T1 fonts and UTF-8 input): every special character and the
    /// common Unicode symbols that `inputenc` does not map.
    public static func latex(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "$": out += "\\$"
            case "&": out += "\\&"
            case "#": out += "\\#"
            case "%": out += "\\%"
            case "_": out += "\\_"
            case "^": out += "\\textasciicircum{}"
            case "~": out += "\\textasciitilde{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\"": out += "\\textquotedbl{}"
            case "\u{2212}": out += "\\textminus{}"
            case "\u{00A0}": out += "~"
            case "\u{2026}": out += "\\ldots{}"
            case "\u{221E}": out += "\\ensuremath{\\infty}"
            case "\u{00B1}": out += "\\ensuremath{\\pm}"
            case "\u{2264}": out += "\\ensuremath{\\leq}"
            case "\u{2265}": out += "\\ensuremath{\\geq}"
            case "\u{00D7}": out += "\\ensuremath{\\times}"
            case "\u{2248}": out += "\\ensuremath{\\approx}"
            case "\u{0391}"..."\u{03C9}":
                out += greek[c].map { "\\ensuremath{\\\($0)}" } ?? String(c)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
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
