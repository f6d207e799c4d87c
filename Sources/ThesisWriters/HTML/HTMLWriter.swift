import Foundation
import ThesisDocument

/// Writes the thesis as HTML (`reports/html/`): by default a book (`HTMLBook`): `index.html`
/// with the title page and contents, a page per chapter, appendix and front-matter text, and
/// `references.html`, with a sidebar, previous/next links and full-text search (lunr, copied in);
/// or, with `[html] layout = "single-page"`, the whole thesis in `index.html`. Numbered chapters,
/// sections, figures (SVG with PNG fallback, full size on click) and tables, cross-references and
/// citations that link across pages, footnotes, and math rendered by KaTeX from a copy inside the
/// report: it reads offline. Every string from chapters or data is escaped.
public struct HTMLWriter: Writer {
    public static let name = "html"
    public static let mainFile = "index.html"
    /// Where Debian's libjs-katex installs KaTeX.
    public static let katexDirectory = "/usr/share/javascript/katex"
    /// Where Debian's libjs-lunr installs lunr.
    public static let lunrDirectory = "/usr/share/javascript/lunr"

    public init() {}

    public func write(_ input: WriterInput) -> WriterOutput {
        var renderer = HTMLRenderer(input: input)
        var output = WriterOutput()
        switch input.metadata.html.layout {
        case .singlePage:
            output.files["index.html"] = renderer.singlePage()
        case .book:
            let book = HTMLBook(input: input, plainTitle: renderer.chapterPlainTitle)
            renderer.chapterPages = book.chapterPages
            var search = HTMLSearchIndex()
            for (position, page) in book.pages.enumerated() {
                output.files[page.file] = book.render(page, at: position, with: &renderer)
                search.add(page: page.file, title: page.title, blocks: book.searchableBlocks(page), renderer: renderer)
            }
            if !renderer.citations.sortedKeys.isEmpty {
                search.addReferences(renderer.citations, renderer: renderer)
            }
            output.files["search-index.js"] = search.script
            output.files["thesis.css"] = Data((HTMLStyle.css + HTMLStyle.bookCSS).utf8)
            output.files["thesis.js"] = Data((HTMLStyle.script + HTMLStyle.bookScript).utf8)
            for (destination, source) in Self.lunrAssets() { output.copies[destination] = source }
        }
        output.copies.merge(renderer.figureCopies) { a, _ in a }
        for (destination, source) in Self.katexAssets() { output.copies[destination] = source }
        return output
    }

    /// KaTeX's script, style sheet and WOFF2 fonts, if installed.
    static func katexAssets() -> [String: String] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: katexDirectory + "/katex.min.js") else { return [:] }
        var assets = ["katex/katex.min.js": katexDirectory + "/katex.min.js",
                      "katex/katex.min.css": katexDirectory + "/katex.min.css"]
        let fonts = (try? fm.contentsOfDirectory(atPath: katexDirectory + "/fonts")) ?? []
        for font in fonts where font.hasSuffix(".woff2") {
            assets["katex/fonts/" + font] = katexDirectory + "/fonts/" + font
        }
        return assets
    }

    /// lunr's script, if installed (without it the search box says search is unavailable).
    static func lunrAssets() -> [String: String] {
        FileManager.default.fileExists(atPath: lunrDirectory + "/lunr.min.js") ? ["search/lunr.min.js": lunrDirectory + "/lunr.min.js"] : [:]
    }
}
