import Foundation
import ThesisDocument

/// Everything a writer needs: the executed document and what was computed about it.
public struct WriterInput: Sendable {
    public var document: Document
    public var metadata: ThesisMetadata
    public var bibliography: Bibliography
    /// The .bib file's project-relative path, if any (LaTeX copies it).
    public var bibliographyFile: String?
    public var numbering: Numbering
    /// A draft build with errors: the problems not shown at a directive, listed at the top.
    public var draftProblems: [String]?

    public init(document: Document, metadata: ThesisMetadata, bibliography: Bibliography,
                bibliographyFile: String?, numbering: Numbering) {
        self.document = document
        self.metadata = metadata
        self.bibliography = bibliography
        self.bibliographyFile = bibliographyFile
        self.numbering = numbering
    }

    /// Cited keys in order of first citation.
    public var citedKeys: [String] {
        var seen = Set<String>(), keys: [String] = []
        document.forEachInline { _, inline in
            if case .citation(let c) = inline { for key in c.keys where seen.insert(key).inserted { keys.append(key) } }
        }
        return keys
    }
}

/// Files a writer produces, relative to its output directory (`reports/html/`, `reports/latex/`).
public struct WriterOutput: Sendable {
    /// Generated files and their bytes.
    public var files: [String: Data] = [:]
    /// Files copied in: destination (relative to the output directory) → source (project-relative
    /// path, or an absolute path of a system file such as KaTeX).
    public var copies: [String: String] = [:]

    public init() {}
}

/// Renders an executed document into one output format. Writers see only format-neutral
/// results (`DirectiveResult`), never models or directives.
public protocol Writer {
    /// The directory under `reports/` and the `--to` name: `html`, `latex`.
    static var name: String { get }
    /// The file a reader opens first (`index.html`, `thesis.tex`), named in the build summary.
    static var mainFile: String { get }
    func write(_ input: WriterInput) -> WriterOutput
}

/// Every writer, one line each.
public enum WriterRegistry {
    public static let all: [any Writer] = [HTMLWriter(), LaTeXWriter()]
}

/// A file's bytes as a writer appends them: the text is held once, as the bytes written (no
/// whole-document String and then a copy of it).
struct OutputBuffer {
    private(set) var data = Data()

    /// A buffer with room for about `scale` times the sources of `chapters` (growing by doubling
    /// from a small start would hold up to three times the output while it copies).
    init(reservingFor chapters: [Chapter] = [], scale: Double = 1) {
        let source = chapters.reduce(0) { $0 + ($1.sourceSize ?? 0) }
        data.reserveCapacity(Int(Double(source) * scale) + 64 * 1024)
    }

    static func += (buffer: inout OutputBuffer, text: String) {
        var text = text
        text.withUTF8 { buffer.data.append($0) }
    }
}
