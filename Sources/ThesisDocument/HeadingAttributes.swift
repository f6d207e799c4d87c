/// The attributes of a heading, pandoc's way: `{#sec:id .unnumbered}`, `{-}`, `{.appendix}`.
/// Words are `#id`, `.class` or `-` (short for `.unnumbered`); anything else means the braces are
/// the heading's text.
public struct HeadingAttributes: Hashable, Sendable {
    public var id: String?
    public var classes: [String]

    public init?(_ inner: String) {
        var id: String?
        var classes: [String] = []
        let words = inner.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return nil }
        for word in words {
            if word == "-" {
                classes.append("unnumbered")
            } else if word.hasPrefix("#"), word.count > 1, id == nil {
                id = String(word.dropFirst())
            } else if word.hasPrefix("."), word.count > 1 {
                classes.append(String(word.dropFirst()))
            } else {
                return nil
            }
        }
        self.id = id
        self.classes = classes
    }
}
