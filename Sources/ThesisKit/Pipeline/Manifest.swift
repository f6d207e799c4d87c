import Foundation
import ThesisDocument

/// `reports/manifest.json`: what a build produced and from what, for `verify` and `status`.
/// No timestamps and no absolute paths, so two builds of one project give identical bytes.
public struct Manifest: Codable, Hashable, Sendable {
    public static let path = "reports/manifest.json"
    public static let formatVersion = 1

    public var format: Int
    public var engine: String
    public var blasThreads: Int
    public var directives: [Entry]
    /// Every input file (project-relative path → SHA-256).
    public var inputs: [String: String]
    /// Every file written under reports/ except the manifest itself.
    public var reports: [String: String]
    /// The `--data NAME=PATH` the build was given (absent when none).
    public var dataOverrides: [String: String]?
    /// A draft build that had errors (`thesis build --draft`): its reports show error boxes and
    /// `verify` refuses to vouch for them (absent otherwise).
    public var draft: Bool?

    /// `--data NAME=PATH …` that repeats the build's data, for messages ("" when none).
    public var dataArguments: String {
        (dataOverrides ?? [:]).sorted { $0.key < $1.key }.map { "--data \($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// One executed directive.
    public struct Entry: Codable, Hashable, Sendable {
        /// `chapters/03-data.md:12:1`
        public var location: String
        public var kind: String
        public var id: String?
        /// Resolved options (defaults filled in), as canonical text.
        public var options: [String: String]
        public var key: String
        public var inputs: [String: String]
        /// Ids (or indices) of the results this one builds on → their keys.
        public var dependencies: [String: String]
        /// Drawn files (figures/…) → SHA-256.
        public var outputs: [String: String]
        /// SHA-256 of the canonical JSON of the result (tables, figure specs, scalars).
        public var result: String
        /// Named scalar results (numbers; null when not finite; texts).
        public var scalars: [String: Scalar]
    }

    public func entry(at location: String) -> Entry? { directives.first { $0.location == location } }
    public func entry(id: String) -> Entry? { directives.first { $0.id == id } }

    /// Reads the manifest of the project at `root`, or nil if there is none or it is unreadable.
    /// The `--data` overrides the manifest at `root` records, without decoding the rest of it
    /// (a large thesis's manifest takes a while to decode; most record none).
    public static func dataOverrides(root: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
              data.range(of: Data("\"dataOverrides\"".utf8)) != nil else { return [:] }
        struct Overrides: Decodable { var dataOverrides: [String: String]? }
        return (try? JSONDecoder().decode(Overrides.self, from: data))?.dataOverrides ?? [:]
    }

    public static func read(root: URL) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }
}
