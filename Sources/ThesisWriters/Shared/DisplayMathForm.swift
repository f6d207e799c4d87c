/// Multi-line display math written as an environment (`\begin{align} … \end{align}`, `gather`,
/// their starred forms) becomes the single-block form (`aligned`, `gathered`) that fits inside
/// `\[ … \]` or one `equation`, and that KaTeX renders the same way: one number per block.
enum DisplayMathForm {
    static let environments = ["align": "aligned", "align*": "aligned", "gather": "gathered", "gather*": "gathered"]

    static func single(_ tex: String) -> String {
        for (environment, inner) in environments {
            let open = "\\begin{\(environment)}", close = "\\end{\(environment)}"
            if tex.hasPrefix(open), tex.hasSuffix(close), tex.count >= open.count + close.count {
                let body = tex.dropFirst(open.count).dropLast(close.count)
                return "\\begin{\(inner)}\(body)\\end{\(inner)}"
            }
        }
        return tex
    }
}
