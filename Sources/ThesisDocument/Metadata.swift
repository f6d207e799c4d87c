import Foundation

/// Title-page data from thesis.toml.
public struct ThesisMetadata: Codable, Hashable, Sendable {
    public var title: String
    public var author: String
    /// Fixed text such as "2026-11" (never the build time).
    public var date: String

    public init(title: String, author: String, date: String) {
        self.title = title
        self.author = author
        self.date = date
    }
}
