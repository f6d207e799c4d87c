import Foundation
import ThesisDocument

/// The thesis as a book of HTML pages: `index.html` (title page and contents), one page per
/// front-matter text, per chapter and appendix, and `references.html`. Every page has the sidebar
/// (contents with the current page marked and its sections, and the search box), previous/next
/// links, and the shared `thesis.css` and `thesis.js`.
struct HTMLBook {
    /// One page of the book.
    struct Page: Equatable {
        enum Content: Equatable {
            case home
            /// `FrontMatter.sections[index]`.
            case front(Int)
            case abbreviations
            case chapter(Int)
            case references
        }

        var file: String
        /// The page's title as plain text (the browser tab, the search results).
        var title: String
        var content: Content
    }

    let input: WriterInput
    let pages: [Page]
    /// Each chapter's page, by chapter number.
    let chapterPages: [Int: String]

    init(input: WriterInput, plainTitle: (Chapter) -> String) {
        self.input = input
        var pages = [Page(file: "index.html", title: input.metadata.title, content: .home)]
        for (index, section) in input.document.front.sections.enumerated() {
            pages.append(Page(file: section.anchor + ".html", title: section.title, content: .front(index)))
        }
        if !input.metadata.abbreviations.isEmpty {
            pages.append(Page(file: "abbreviations.html", title: "Abbreviations", content: .abbreviations))
        }
        var used = Set(pages.map(\.file) + [HTMLRenderer.referencesPage])
        var chapterPages: [Int: String] = [:]
        for chapter in input.document.chapters {
            // The file's stem names the page (`03-data.html`); a stem that would collide with
            // another page gets the chapter number.
            var file = Escape.identifier(chapter.stem).replacingOccurrences(of: ":", with: "-") + ".html"
            if used.contains(file) { file = "chapter-\(chapter.number).html" }
            used.insert(file)
            chapterPages[chapter.number] = file
            pages.append(Page(file: file, title: plainTitle(chapter), content: .chapter(chapter.number)))
        }
        if !input.citedKeys.isEmpty {
            pages.append(Page(file: HTMLRenderer.referencesPage, title: "References", content: .references))
        }
        self.pages = pages
        self.chapterPages = chapterPages
    }

    /// The page's HTML.
    func render(_ page: Page, at position: Int, with renderer: inout HTMLRenderer) -> Data {
        renderer.currentPage = page.file
        let meta = input.metadata
        var html = OutputBuffer(reservingFor: chapter(page).map { [$0] } ?? [], scale: 1.4)
        let title = page.content == .home ? meta.title : page.title + " · " + meta.title
        let previous = position > 0 ? pages[position - 1] : nil
        let next = position + 1 < pages.count ? pages[position + 1] : nil
        html += """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.html(title))</title>
        <link rel="stylesheet" href="katex/katex.min.css">
        <link rel="stylesheet" href="thesis.css">

        """
        if let previous { html += "<link rel=\"prev\" href=\"\(previous.file)\">\n" }
        if let next { html += "<link rel=\"next\" href=\"\(next.file)\">\n" }
        html += """
        </head>
        <body class="book">
        <button class="menu-toggle" type="button" aria-controls="sidebar" aria-expanded="false">☰ Contents</button>
        \(sidebar(current: page, renderer: renderer))<main>

        """
        html += renderer.draftBanner()
        switch page.content {
        case .home:
            html += renderer.titlePage(meta)
            html += renderer.dedication()
            html += renderer.tableOfContents()
        case .front(let index):
            html += renderer.frontSection(index)
        case .abbreviations:
            html += renderer.abbreviations()
        case .chapter:
            if let chapter = chapter(page) { renderer.appendChapter(chapter, to: &html) }
        case .references:
            html += renderer.referenceList()
        }
        html += pageNavigation(previous: previous, next: next)
        html += """
        </main>
        <div class="zoom" hidden><img alt=""></div>
        <script src="katex/katex.min.js"></script>
        <script src="search/lunr.min.js"></script>
        <script src="search-index.js"></script>
        <script src="thesis.js"></script>
        </body>
        </html>

        """
        return html.data
    }

    /// What the search indexes of a page.
    func searchableBlocks(_ page: Page) -> [Block] {
        switch page.content {
        case .home: return input.document.front.dedication
        case .front(let index): return input.document.front.sections[index].blocks
        case .abbreviations:
            return input.metadata.abbreviations.map { .paragraph([.text($0.short + " " + $0.meaning)]) }
        case .chapter: return chapter(page)?.blocks ?? []
        case .references: return []
        }
    }

    private func chapter(_ page: Page) -> Chapter? {
        guard case .chapter(let number) = page.content else { return nil }
        return input.document.chapters.first { $0.number == number }
    }

    /// The contents, with the current page marked (`aria-current`) and its sections listed under it.
    private func sidebar(current: Page, renderer: HTMLRenderer) -> String {
        var html = """
        <nav class="sidebar" id="sidebar" aria-label="Contents">
        <p class="book-title"><a href="index.html">\(Escape.html(input.metadata.title))</a></p>
        <div class="search" role="search">
        <input type="search" id="search-input" placeholder="Search the thesis" aria-label="Search the thesis" autocomplete="off">
        <ol id="search-results" class="search-results" hidden></ol>
        </div>
        <ol class="chapters">

        """
        for page in pages where page.content != .home {
            let isCurrent = page == current
            let mark = isCurrent ? " aria-current=\"page\"" : ""
            let label = chapter(page).map(renderer.chapterHeading) ?? Escape.html(page.title)
            html += "<li\(isCurrent ? " class=\"current\"" : "")><a href=\"\(page.file)\"\(mark)>\(label)</a>"
            if isCurrent, let chapter = chapter(page) {
                let outline = renderer.headings(chapter, levels: 2...3)
                if !outline.isEmpty {
                    html += "\n<ol class=\"outline\">\n"
                    for (level, anchor, content) in outline {
                        let number = renderer.numbering.sections[anchor].map { "<span class=\"number\">\($0)</span> " } ?? ""
                        html += "<li class=\"level\(level)\"><a href=\"#\(Escape.identifier("sec:" + anchor))\">\(number)\(renderer.inlines(content))</a></li>\n"
                    }
                    html += "</ol>\n"
                }
            }
            html += "</li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    private func pageNavigation(previous: Page?, next: Page?) -> String {
        guard previous != nil || next != nil else { return "" }
        var html = "<nav class=\"page-nav\" aria-label=\"Previous and next\">\n"
        if let previous { html += "<a class=\"previous\" rel=\"prev\" href=\"\(previous.file)\">← \(Escape.html(previous.title))</a>\n" }
        if let next { html += "<a class=\"next\" rel=\"next\" href=\"\(next.file)\">\(Escape.html(next.title)) →</a>\n" }
        return html + "</nav>\n"
    }
}
