import Foundation

/// Shortening text to a width with an ellipsis.
enum TextFit {
    /// Widest tick label before it is shortened (y-axis category names).
    static let maximumTickLabel = 110.0
    /// Widest category label on a (turned) x axis.
    static let maximumCategoryLabel = 80.0
    static let ellipsis = "…"

    /// `text` if it fits in `width`, else its longest prefix (whole characters, trailing spaces
    /// and punctuation dropped) followed by "…". Never empty when `text` is not.
    static func truncate(_ text: String, width: Double, measure: (String) -> Double) -> String {
        guard !text.isEmpty, measure(text) > width else { return text }
        let characters = Array(text)
        // Binary search for the longest prefix that fits with the ellipsis.
        var lo = 0, hi = characters.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if measure(String(characters[0..<mid]) + ellipsis) <= width { lo = mid } else { hi = mid - 1 }
        }
        var prefix = String(characters[0..<max(1, lo)])
        while let last = prefix.last, prefix.count > 1, last.isWhitespace || ",;:–-".contains(last) {
            prefix.removeLast()
        }
        return prefix + ellipsis
    }
}
