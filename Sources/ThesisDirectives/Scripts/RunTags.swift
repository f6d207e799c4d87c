import ThesisDocument

/// The author's own tags on the run a directive records (`tags=stage:draft,team:macro`), beside
/// the automatic ones (`kind`, `model`, `target`, `git_commit`, …). They are part of the
/// directive's options, so changing them records a new run.
public enum RunTags {
    /// Keys the tool sets itself; a user tag may not replace them.
    public static let automatic: Set<String> = [
        "kind", "model", "target", "trial", "script", "interpreter_path", "interpreter_sha256", "error", "git_commit",
        "git_dirty",
    ]

    /// `KEY:VALUE` entries as a dictionary.
    /// - Throws: `DirectiveFailure` at `option` for an entry without `:`, an empty or repeated
    ///   key, a key other than letters, digits, `_`, `-` and `.`, or an automatic key.
    static func parse(_ entries: [String], option: OptionReference) throws -> [String: String] {
        var tags: [String: String] = [:]
        // A quoted "a:1, b:2" arrives as one entry: split it as the list it is.
        for entry in entries.flatMap({ $0.split(separator: ",").map(String.init) }).map(\.trimmingSpaces) {
            guard let colon = entry.firstIndex(of: ":") else {
                throw DirectiveFailure("tag '\(entry)' has no value; write KEY:VALUE, e.g. stage:draft", option: option)
            }
            let key = String(entry[..<colon]).trimmingSpaces,
                value = String(entry[entry.index(after: colon)...]).trimmingSpaces
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
                throw DirectiveFailure(
                    "tag key '\(key)' must be letters, digits, '_', '-' or '.'; write KEY:VALUE, e.g. stage:draft",
                    option: option)
            }
            guard !automatic.contains(key) else {
                throw DirectiveFailure(
                    "'\(key)' is a tag the tool sets itself (\(automatic.sorted().joined(separator: ", "))); choose another key",
                    option: option)
            }
            guard tags[key] == nil else { throw DirectiveFailure("tag '\(key)' is given twice", option: option) }
            tags[key] = value
        }
        return tags
    }

    /// The tags of a failed run: as `parse`, or none when they do not parse (the failure says why).
    static func lenient(_ entries: [String], option: OptionReference) -> [String: String] {
        (try? parse(entries, option: option)) ?? [:]
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
