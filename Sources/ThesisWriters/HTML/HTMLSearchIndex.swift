import Foundation
import ThesisDocument

/// The documents the book's search looks through (`search-index.js`): one per section of every
/// page, with its link, its heading, its page's title and its text (prose, lists, tables, code,
/// figure and table captions, the text of directive results). The browser builds a lunr index
/// from them when the search box is first used, so the report searches offline, from `file://` too.
struct HTMLSearchIndex {
    struct Entry {
        /// `03-data.html#sec:sources`
        var url: String
        var heading: String
        var page: String
        var text: String
    }

    /// A section's text beyond this many characters is not searched (a generated 50 MB chapter
    /// would otherwise make an index the browser cannot load).
    static let maximumTextLength = 100_000
    /// The whole index's text stops at this many bytes (a long thesis has well under 1 MB of
    /// text); later sections are still listed, found by their headings. Without it a 50 MB
    /// chapter made a 46 MB index, slow to write and too big for the browser to index.
    static let maximumTotalText = 4_000_000

    private(set) var entries: [Entry] = []
    private var budget = maximumTotalText

    /// Adds a page's blocks, split at its headings of level 1 to 3.
    mutating func add(page: String, title: String, blocks: [Block], renderer: HTMLRenderer) {
        var current = Entry(url: page, heading: title, page: title, text: "")
        // A section is listed even when empty (its heading is searched); the page's opening
        // text only when there is some.
        func flush() {
            current.text = current.text.trimmingCharacters(in: .whitespacesAndNewlines)
            budget -= current.text.utf8.count
            if !current.text.isEmpty || current.url != page { entries.append(current) }
        }
        for block in blocks {
            if case .heading(let level, let content, let anchor) = block, level <= 3 {
                flush()
                let number = renderer.numbering.sections[anchor].map { $0 + " " } ?? ""
                let heading = number + content.map(renderer.searchText).joined()
                current = Entry(url: level == 1 ? page : page + "#" + Escape.identifier("sec:" + anchor),
                                heading: level == 1 ? title : heading, page: title, text: "")
                continue
            }
            guard budget > 0, current.text.utf8.count < Self.maximumTextLength else { continue }
            append(block, to: &current.text, renderer: renderer)
        }
        flush()
    }

    /// The reference list, one entry per cited work.
    mutating func addReferences(_ citations: CitationFormatter, renderer: HTMLRenderer) {
        for key in citations.sortedKeys {
            entries.append(Entry(url: HTMLRenderer.referencesPage + "#ref-" + Escape.identifier(key), heading: "References",
                                 page: "References", text: renderer.segmentText(citations.reference(key))))
        }
    }

    private func append(_ block: Block, to text: inout String, renderer: HTMLRenderer) {
        func line(_ s: String) { if !s.isEmpty { text += s + "\n" } }
        switch block {
        case .heading(_, let content, _), .paragraph(let content):
            line(content.map(renderer.searchText).joined())
        case .codeBlock(_, let code):
            line(code)
        case .blockQuote(let inner), .footnoteDefinition(_, let inner):
            for b in inner { append(b, to: &text, renderer: renderer) }
        case .list(_, _, _, let items):
            for item in items { for b in item { append(b, to: &text, renderer: renderer) } }
        case .table(let table):
            for row in [table.header] + table.rows { line(row.map { $0.map(renderer.searchText).joined() }.joined(separator: " ")) }
        case .image(let image):
            line(image.caption.map(renderer.searchText).joined())
        case .directive(let call):
            guard let output = call.output else { return }
            if let caption = call.captionInlines { line(caption.map(renderer.searchText).joined()) } else if let caption = call.caption { line(caption) }
            for content in output.content {
                switch content {
                case .text(let t): line(t)
                case .table(let t): line(t.caption ?? "")
                case .figure(let f): line(f.caption ?? f.spec.title ?? "")
                case .externalFigure(let f): line(f.caption ?? "")
                }
            }
        case .mathBlock, .thematicBreak, .raw, .rawHTML:
            return
        }
    }

    /// `search-index.js`: the entries as a JavaScript array (a script, not JSON fetched at run
    /// time, so the page works from `file://`).
    var script: Data {
        var out = "window.thesisSearchDocuments = [\n"
        for (k, e) in entries.enumerated() {
            out += "{\"u\":\(JSONText.quoted(e.url)),\"h\":\(JSONText.quoted(e.heading)),\"p\":\(JSONText.quoted(e.page)),\"b\":\(JSONText.quoted(e.text))}"
            out += k + 1 < entries.count ? ",\n" : "\n"
        }
        return Data((out + "];\n").utf8)
    }
}
