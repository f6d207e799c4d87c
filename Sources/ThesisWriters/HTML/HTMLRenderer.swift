import Foundation
import ThesisDocument

/// Renders the thesis's blocks and inlines as HTML, for one page (`HTMLSettings.Layout.singlePage`) or a
/// book of pages (`HTMLBook`): links to anything on another page name that page.
struct HTMLRenderer {
    let input: WriterInput
    var figureCopies: [String: String] = [:]
    /// The page being written (book layout), or nil when everything is on one page.
    var currentPage: String?
    /// Each chapter's page (book layout).
    var chapterPages: [Int: String] = [:]
    private var chapter = 0

    let citations: CitationFormatter

    init(input: WriterInput) {
        self.input = input
        citations = CitationFormatter(style: input.metadata.citationStyle, bibliography: input.bibliography, cited: input.citedKeys)
    }

    var numbering: Numbering { input.numbering }

    // MARK: - Links

    /// The page that holds the references (book layout).
    static let referencesPage = "references.html"

    /// A link to the element `id` in chapter `chapter`: `#id` on the same page, `PAGE#id` on another.
    func href(_ id: String, chapter: Int) -> String {
        let fragment = "#" + Escape.identifier(id)
        guard let current = currentPage, let page = chapterPages[chapter], page != current else { return fragment }
        return page + fragment
    }

    /// A link to a reference-list entry.
    func referenceHref(_ key: String) -> String {
        let fragment = "#ref-" + Escape.identifier(key)
        guard let current = currentPage, current != Self.referencesPage else { return fragment }
        return Self.referencesPage + fragment
    }

    /// A link to a section heading by its anchor.
    func sectionHref(_ anchor: String) -> String {
        href("sec:" + anchor, chapter: numbering.target(.section, anchor)?.chapter ?? chapter)
    }

    /// The single-page report: everything in `index.html`, its style sheet and script inline.
    mutating func singlePage() -> Data {
        let meta = input.metadata
        // Appended in place as bytes: a long thesis is never held twice.
        var page = OutputBuffer(reservingFor: input.document.chapters, scale: 1.4)
        page += """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.html(meta.title))</title>
        <link rel="stylesheet" href="katex/katex.min.css">
        <style>
        \(HTMLStyle.css)</style>
        </head>
        <body>
        \(titlePage(meta))\(tableOfContents())<main>

        """
        page += draftBanner()
        page += frontMatter(meta)
        for chapter in input.document.chapters {
            appendChapter(chapter, to: &page)
        }
        page += referenceList()
        page += """
        </main>
        <script src="katex/katex.min.js"></script>
        <script>
        \(HTMLStyle.script)</script>
        </body>
        </html>

        """
        return page.data
    }

    /// The problems outside directives of a draft build, in a red box.
    func draftBanner() -> String {
        guard let problems = input.draftProblems, !problems.isEmpty else { return "" }
        return "<div class=\"draft-error\" role=\"alert\"><p><strong>Draft: \(problems.count) problem\(problems.count == 1 ? "" : "s") outside directives</strong></p>\n<pre>"
            + Escape.html(problems.joined(separator: "\n")) + "</pre></div>\n"
    }

    /// The reference list (empty when nothing is cited).
    func referenceList() -> String {
        let cited = citations.sortedKeys
        guard !cited.isEmpty else { return "" }
        let list = citations.style.isNumeric ? "ol" : "ul"
        var html = "<section class=\"references \(citations.style.rawValue)\" id=\"references\">\n<h1>References</h1>\n<\(list)>\n"
        for key in cited {
            let label = (citations.style.isNumeric ? citations.label(key) : nil).map { "<span class=\"label\">[\($0)]</span> " } ?? ""
            html += "<li id=\"ref-\(Escape.identifier(key))\">\(label)\(segments(citations.reference(key)))</li>\n"
        }
        return html + "</\(list)>\n</section>\n"
    }

    /// The title page: title, subtitle, author, the degree, institution and department, the
    /// supervisors and the date, each line only when thesis.toml gives it.
    func titlePage(_ meta: ThesisMetadata) -> String {
        var html = "<header class=\"title-page\">\n<h1 class=\"title\">\(Escape.html(meta.title))</h1>\n"
        if let subtitle = meta.subtitle { html += "<p class=\"subtitle\">\(Escape.html(subtitle))</p>\n" }
        html += "<p class=\"author\">\(Escape.html(meta.author))</p>\n"
        if let degree = meta.degree { html += "<p class=\"degree\">\(Escape.html(degree))</p>\n" }
        for line in [meta.department, meta.institution].compactMap({ $0 }) { html += "<p class=\"institution\">\(Escape.html(line))</p>\n" }
        if !meta.supervisors.isEmpty {
            let title = meta.supervisors.count == 1 ? "Supervisor" : "Supervisors"
            html += "<p class=\"supervisor\">\(title): \(meta.supervisors.map(Escape.html).joined(separator: ", "))</p>\n"
        }
        if !meta.date.isEmpty { html += "<p class=\"date\">\(Escape.html(meta.date))</p>\n" }
        return html + "</header>\n"
    }

    /// Dedication, abstract, acknowledgements and the list of abbreviations, before chapter 1.
    mutating func frontMatter(_ meta: ThesisMetadata) -> String {
        var html = dedication()
        for index in input.document.front.sections.indices { html += frontSection(index) }
        return html + abbreviations()
    }

    mutating func dedication() -> String {
        let front = input.document.front
        guard !front.dedication.isEmpty else { return "" }
        return "<section class=\"dedication\" id=\"dedication\">\n\(blocks(front.dedication))</section>\n"
    }

    /// The abstract or the acknowledgements (`FrontMatter.sections[index]`).
    mutating func frontSection(_ index: Int) -> String {
        let (title, anchor, content) = input.document.front.sections[index]
        return "<section class=\"front\" id=\"\(anchor)\">\n<h1>\(title)</h1>\n\(blocks(content))</section>\n"
    }

    func abbreviations() -> String {
        let meta = input.metadata
        guard !meta.abbreviations.isEmpty else { return "" }
        var html = "<section class=\"front\" id=\"abbreviations\">\n<h1>Abbreviations</h1>\n<dl class=\"abbreviations\">\n"
        for a in meta.abbreviations { html += "<dt>\(Escape.html(a.short))</dt><dd>\(Escape.html(a.meaning))</dd>\n" }
        return html + "</dl>\n</section>\n"
    }

    private func segments(_ pieces: [CitationSegment]) -> String {
        var html = ""
        for piece in pieces {
            switch piece {
            case .text(let t): html += Escape.html(t)
            case .italic(let t): html += "<em>\(Escape.html(t))</em>"
            case .link(let key, let inner): html += "<a class=\"cite\" href=\"\(referenceHref(key))\">\(segments(inner))</a>"
            }
        }
        return html
    }

    /// The page of front-matter text `anchor` (book layout), or its fragment on the single page.
    func frontHref(_ anchor: String) -> String { currentPage == nil ? "#" + anchor : anchor + ".html" }

    /// A chapter's title as the contents show it: its number (unless unnumbered) and title.
    func chapterHeading(_ chapter: Chapter) -> String {
        let title = numbering.chapterTitles[chapter.number].map { inlines($0) } ?? Escape.html(chapter.stem)
        return chapterNumber(chapter).map { "<span class=\"number\">\($0)</span> " + title } ?? title
    }

    /// The same as plain text ("3 Data"), for page titles and search results.
    func chapterPlainTitle(_ chapter: Chapter) -> String {
        let title = numbering.chapterTitles[chapter.number].map { $0.map(searchText).joined() } ?? chapter.stem
        return chapterNumber(chapter).map { $0 + " " + title } ?? title
    }

    /// "3", "A", or nil for a chapter whose title is marked unnumbered.
    private func chapterNumber(_ chapter: Chapter) -> String? {
        let unnumbered = chapter.blocks.contains { if case .heading(1, _, let a) = $0 { return chapter.unnumbered.contains(a) }; return false }
        return unnumbered ? nil : numbering.chapterLabels[chapter.number] ?? String(chapter.number)
    }

    /// A chapter's headings of `levels` (2: sections; 3: subsections) with their anchors.
    func headings(_ chapter: Chapter, levels: ClosedRange<Int>) -> [(level: Int, anchor: String, content: [Inline])] {
        chapter.blocks.compactMap { block in
            if case .heading(let level, let content, let anchor) = block, levels.contains(level) { return (level, anchor, content) }
            return nil
        }
    }

    /// The contents: front matter, chapters with their sections, references.
    func tableOfContents() -> String {
        var html = "<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n"
        for (title, anchor, _) in input.document.front.sections { html += "<li class=\"front\"><a href=\"\(frontHref(anchor))\">\(title)</a></li>\n" }
        if !input.metadata.abbreviations.isEmpty { html += "<li class=\"front\"><a href=\"\(frontHref("abbreviations"))\">Abbreviations</a></li>\n" }
        for chapter in input.document.chapters {
            let link = currentPage == nil ? "#ch\(chapter.number)" : chapterPages[chapter.number] ?? "#"
            html += "<li><a href=\"\(link)\">\(chapterHeading(chapter))</a>"
            let sections = headings(chapter, levels: 2...2)
            if !sections.isEmpty {
                html += "\n<ol>\n"
                for (_, anchor, content) in sections {
                    html += "<li><a href=\"\(sectionHref(anchor))\"><span class=\"number\">\(numbering.sections[anchor] ?? "")</span> \(inlines(content))</a></li>\n"
                }
                html += "</ol>\n"
            }
            html += "</li>\n"
        }
        if !input.citedKeys.isEmpty {
            html += "<li><a href=\"\(currentPage == nil ? "#references" : Self.referencesPage)\">References</a></li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    mutating func appendChapter(_ chapter: Chapter, to html: inout OutputBuffer) {
        self.chapter = chapter.number
        html += "<section class=\"chapter\" id=\"ch\(chapter.number)\">\n"
        let definitions = footnoteDefinitions(chapter.blocks)
        for b in chapter.blocks {
            if case .footnoteDefinition = b { continue }
            html += block(b)
        }
        if !definitions.isEmpty {
            html += "<section class=\"footnotes\">\n<ol>\n"
            for (label, content) in definitions {
                // A link back to the reference, at the end of the last paragraph (as cmark-gfm).
                let id = "\(chapter.number)-\(Escape.identifier(label))"
                let back = "<a href=\"#fnref\(id)\" class=\"footnote-backref\">↩</a>"
                var body = blocks(content)
                if case .paragraph? = content.last, body.hasSuffix("</p>\n") {
                    body = String(body.dropLast(5)) + " " + back + "</p>\n"
                } else {
                    body += "<p>" + back + "</p>\n"
                }
                html += "<li id=\"fn\(id)\">\(body)</li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        html += "</section>\n"
    }

    private func footnoteDefinitions(_ blocks: [Block]) -> [(String, [Block])] {
        blocks.compactMap { if case .footnoteDefinition(let label, let content) = $0 { return (label, content) }; return nil }
    }

    // MARK: - Blocks

    mutating func blocks(_ blocks: [Block]) -> String {
        // Appended in place: a long chapter's pieces are never all held at once.
        var out = ""
        for b in blocks { out += block(b) }
        return out
    }

    private mutating func block(_ block: Block) -> String {
        switch block {
        case .heading(let level, let content, let anchor):
            let number = numbering.sections[anchor].map { "<span class=\"number\">\($0)</span> " } ?? ""
            let tag = "h\(min(level, 6))"
            return "<\(tag) id=\"\(Escape.identifier("sec:" + anchor))\">\(number)\(inlines(content))</\(tag)>\n"
        case .paragraph(let content):
            return "<p>\(inlines(content))</p>\n"
        case .codeBlock(let info, let text):
            let language = info.split(separator: " ").first.map { " class=\"language-\(Escape.html(String($0)))\"" } ?? ""
            return "<pre><code\(language)>\(Escape.html(text))</code></pre>\n"
        case .mathBlock(let math):
            return displayMathHTML(math, element: "div") + "\n"
        case .blockQuote(let inner):
            return "<blockquote>\n\(blocks(inner))</blockquote>\n"
        case .list(let ordered, let start, let tight, let items):
            let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
            var html = open + "\n"
            for item in items {
                // As CommonMark renders them: a tight list's paragraphs have no <p>, a loose
                // list's have.
                guard tight else {
                    html += "<li>\n\(blocks(item))</li>\n"
                    continue
                }
                var inner = ""
                for (k, b) in item.enumerated() {
                    if case .paragraph(let content) = b {
                        inner += inlines(content) + (k < item.count - 1 ? "\n" : "")
                    } else {
                        inner += (k == 0 ? "\n" : "") + self.block(b)
                    }
                }
                html += "<li>\(inner)</li>\n"
            }
            return html + (ordered ? "</ol>\n" : "</ul>\n")
        case .table(let table):
            return markdownTable(table)
        case .thematicBreak:
            return "<hr>\n"
        case .image(let image):
            return imageHTML(image)
        case .raw(let format, let text):
            // The author's own HTML, for this output only.
            return format == .html ? text + (text.hasSuffix("\n") ? "" : "\n") : ""
        case .rawHTML(let raw):
            return "<pre class=\"raw\">\(Escape.html(raw))</pre>\n"
        case .footnoteDefinition:
            return ""
        case .directive(let call):
            return directive(call)
        }
    }

    /// A directive's figures as one numbered figure of lettered subfigures (`latex.subfigures`,
    /// the same numbers as the PDF); its tables and text follow.
    private mutating func figureGroup(_ call: DirectiveCall, _ output: DirectiveResult, number: String) -> String {
        var html = "<figure class=\"subfigures\">\n<div class=\"subfigure-row\">\n"
        var rest = ""
        var subcaptions: [String] = []
        for item in numbering.placed(call, output) {
            switch item.content {
            case .figure(let figure):
                let own = figure.caption ?? figure.spec.title ?? ""
                html += figureHTML(figure, target: item.target, caption: own, markup: nil)
                subcaptions.append(Escape.html(own))
            case .externalFigure(let figure):
                let own = figure.caption ?? ""
                html += externalFigureHTML(figure, target: item.target, caption: own, markup: nil)
                subcaptions.append(Escape.html(own))
            case .table(let table):
                rest += resultTable(table, target: item.target, caption: table.caption, markup: nil)
            case .text(let text):
                rest += "<p class=\"result\">\(Escape.html(text))</p>\n"
            }
        }
        let caption = call.captionInlines.map { inlines($0) } ?? call.caption.map(Escape.html)
            ?? Numbering.groupCaption(subcaptions)
        html += "</div>\n<figcaption><span class=\"label\">Figure \(Escape.html(number)).</span> \(caption)</figcaption>\n</figure>\n"
        return html + rest
    }

    private func alignment(_ a: ColumnAlignment) -> String {
        a == .none ? "" : " style=\"text-align: \(a.rawValue)\""
    }

    private mutating func markdownTable(_ table: MarkdownTable) -> String {
        var html = "<div class=\"table-wrap\">\n<table class=\"markdown\">\n<thead>\n<tr>"
        for (i, cell) in table.header.enumerated() {
            html += "<th\(alignment(table.alignments.indices.contains(i) ? table.alignments[i] : .none))>\(inlines(cell))</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                html += "<td\(alignment(table.alignments.indices.contains(i) ? table.alignments[i] : .none))>\(inlines(cell))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    private mutating func directive(_ call: DirectiveCall) -> String {
        guard let output = call.output else {
            if let pending = call.pending {
                return "<div class=\"pending\" role=\"status\"><p><strong>&lt;&lt;\(Escape.html(call.kind))&gt;&gt; is running</strong> \(Escape.html(pending))</p></div>\n"
            }
            guard let problem = call.problem else { return "" }
            return "<div class=\"draft-error\" role=\"alert\"><p><strong>Draft: &lt;&lt;\(Escape.html(call.kind))&gt;&gt; failed</strong></p>\n<pre>\(Escape.html(problem))</pre></div>\n"
        }
        if let group = numbering.figureGroups[call.node] { return figureGroup(call, output, number: group) }
        var html = ""
        for item in numbering.placed(call, output) {
            let captionMarkup = item.captionInlines.map { inlines($0) }
            let captionText = item.captionInlines.map { $0.map(plainText).joined() } ?? item.caption
            switch item.content {
            case .text(let text):
                html += "<p class=\"result\">\(Escape.html(text))</p>\n"
            case .table(let table):
                html += resultTable(table, target: item.target, caption: captionText, markup: captionMarkup)
            case .figure(let figure):
                html += figureHTML(figure, target: item.target, caption: captionText, markup: captionMarkup)
            case .externalFigure(let figure):
                html += externalFigureHTML(figure, target: item.target, caption: captionText, markup: captionMarkup)
            }
        }
        return html
    }

    private func label(_ target: Numbering.Target?, caption: String?, markup: String? = nil) -> String {
        let caption = markup ?? caption.map(Escape.html)
        guard let target else { return caption ?? "" }
        let text = "<span class=\"label\">\(crossReferenceName(target.kind)) \(target.number).</span>"
        return caption.map { text + " " + $0 } ?? text
    }

    private func resultTable(_ table: ResultTable, target: Numbering.Target?, caption: String?, markup: String?) -> String {
        let id = target.map { " id=\"\(Escape.identifier($0.label))\"" } ?? ""
        var html = "<div class=\"table-wrap\"\(id)>\n<table class=\"result\">\n<caption>\(label(target, caption: caption, markup: markup))</caption>\n<thead>\n<tr>"
        for column in table.columns {
            html += "<th\(alignment(column.alignment))>\(Escape.html(column.title))</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                let a = table.columns.indices.contains(i) ? table.columns[i].alignment : .left
                html += "<td\(alignment(a))>\(Escape.html(cell.display))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        for note in table.notes { html += "<p class=\"table-note\">\(Escape.html(note))</p>\n" }
        return html + "</div>\n"
    }

    /// An image figure: the file copied into the report under `media/`.
    private mutating func imageHTML(_ image: ImageFigure) -> String {
        let target = numbering.imageTargets[image.location]
        let id = target.map { " id=\"\(Escape.identifier($0.label))\"" } ?? ""
        let source = "media/" + image.path
        figureCopies[source] = image.path
        let style = image.width.map { " style=\"width: \(String(format: "%.1f", $0 * 100))%\"" } ?? ""
        let alt = Escape.html(image.caption.map(plainText).joined())
        var html = "<figure class=\"image\"\(id)>\n"
        if image.fileExtension == "pdf" {
            html += "<object data=\"\(Escape.html(source))\" type=\"application/pdf\"\(style)>"
            html += "<a href=\"\(Escape.html(source))\">\(alt)</a></object>\n"
        } else {
            html += "<img src=\"\(Escape.html(source))\" alt=\"\(alt)\"\(style)>\n"
        }
        let text = target.map { "<span class=\"label\">\(crossReferenceName($0.kind)) \($0.number).</span> " } ?? ""
        return html + "<figcaption>\(text)\(inlines(image.caption))</figcaption>\n</figure>\n"
    }

    func plainText(_ inline: Inline) -> String {
        switch inline {
        case .text(let t), .code(let t), .math(let t): return t
        case .displayMath(let m): return m.tex
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): return c.map(plainText).joined()
        default: return ""
        }
    }

    /// An inline as the search sees it: its words, citations as printed, references with numbers.
    func searchText(_ inline: Inline) -> String {
        switch inline {
        case .text(let t), .code(let t), .math(let t): return t
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): return c.map(searchText).joined()
        case .softBreak, .lineBreak: return " "
        case .citation(let citation): return segmentText(citations.inText(citation))
        case .crossReference(let kind, let id, _):
            guard let target = numbering.target(kind, id) else { return "" }
            return target.title.map { $0.map(searchText).joined() } ?? crossReferenceName(kind) + " " + target.number
        case .inlineValue(let call): return call.rendered ?? ""
        default: return ""
        }
    }

    func segmentText(_ pieces: [CitationSegment]) -> String {
        pieces.map { piece -> String in
            switch piece {
            case .text(let t), .italic(let t): return t
            case .link(_, let inner): return segmentText(inner)
            }
        }.joined()
    }

    /// A script's figure: its SVG, PNG or JPEG (a PDF alone is embedded as an object).
    private mutating func externalFigureHTML(_ figure: ExternalFigure, target: Numbering.Target?, caption: String?, markup: String?) -> String {
        let id = target.map { " id=\"\(Escape.identifier($0.label))\"" } ?? ""
        var html = "<figure class=\"image\"\(id)>\n"
        if let format = ExternalFigure.htmlFormats.first(where: { figure.files[$0] != nil }), let path = figure.files[format] {
            let name = "figures/" + (path.split(separator: "/").last.map(String.init) ?? path)
            figureCopies[name] = path
            let alt = Escape.html(caption ?? figure.name)
            if format == "pdf" {
                html += "<object data=\"\(Escape.html(name))\" type=\"application/pdf\"><a href=\"\(Escape.html(name))\">\(alt)</a></object>\n"
            } else {
                html += "<img src=\"\(Escape.html(name))\" alt=\"\(alt)\">\n"
            }
        }
        return html + "<figcaption>\(label(target, caption: caption, markup: markup))</figcaption>\n</figure>\n"
    }

    /// Display math for KaTeX; a numbered equation carries its id and its number beside it.
    private func displayMathHTML(_ math: DisplayMath, element: String) -> String {
        let body = "<\(element) class=\"math display\">\(Escape.html(DisplayMathForm.single(math.tex)))</\(element)>"
        guard let id = math.id, let target = numbering.target(.equation, id) else { return body }
        return "<\(element) class=\"equation\" id=\"\(Escape.identifier(target.label))\">\(body)"
            + "<span class=\"equation-number\">(\(target.number))</span></\(element)>"
    }

    private mutating func figureHTML(_ figure: Figure, target: Numbering.Target?, caption: String?, markup: String?) -> String {
        let id = target.map { " id=\"\(Escape.identifier($0.label))\"" } ?? ""
        var html = "<figure\(id)>\n"
        let name = { (path: String) in "figures/" + (path.split(separator: "/").last.map(String.init) ?? path) }
        if let svg = figure.files["svg"] {
            let png = figure.files["png"]
            figureCopies[name(svg)] = svg
            if let png { figureCopies[name(png)] = png }
            let alt = Escape.html(caption ?? figure.spec.title ?? "Figure")
            let width = Int(figure.spec.width.rounded())
            html += "<picture><source type=\"image/svg+xml\" srcset=\"\(Escape.html(name(svg)))\">"
            html += "<img src=\"\(Escape.html(name(png ?? svg)))\" alt=\"\(alt)\" width=\"\(width * 4 / 3)\"></picture>\n"
        }
        html += "<figcaption>\(label(target, caption: caption, markup: markup))</figcaption>\n</figure>\n"
        return html
    }

    // MARK: - Inlines

    func inlines(_ content: [Inline]) -> String {
        var out = ""
        for i in content { out += inline(i) }
        return out
    }

    private func inline(_ inline: Inline) -> String {
        switch inline {
        case .text(let t): return Escape.html(t)
        case .code(let t): return "<code>\(Escape.html(t))</code>"
        case .emphasis(let c): return "<em>\(inlines(c))</em>"
        case .strong(let c): return "<strong>\(inlines(c))</strong>"
        case .strikethrough(let c): return "<del>\(inlines(c))</del>"
        case .link(let url, let title, let c):
            let t = title.isEmpty ? "" : " title=\"\(Escape.html(title))\""
            return "<a href=\"\(Escape.html(Escape.percentEncodedURL(safeURL(url))))\"\(t)>\(inlines(c))</a>"
        case .image(let url, let title, let alt):
            let t = title.isEmpty ? "" : " title=\"\(Escape.html(title))\""
            return "<img src=\"\(Escape.html(Escape.percentEncodedURL(safeURL(url))))\" alt=\"\(Escape.html(alt))\"\(t)>"
        case .math(let tex):
            return "<span class=\"math inline\">\(Escape.html(tex))</span>"
        case .displayMath(let math):
            return displayMathHTML(math, element: "span")
        case .softBreak: return "\n"
        case .lineBreak: return "<br>\n"
        case .rawHTML(let raw): return Escape.html(raw)
        case .raw(let format, let text): return format == .html ? text : ""
        case .citation(let citation):
            return segments(citations.inText(citation))
        case .crossReference(let kind, let id, _):
            guard let target = numbering.target(kind, id) else { return "<span class=\"broken\">??</span>" }
            if let title = target.title {
                return "<a class=\"xref\" href=\"\(href(target.label, chapter: target.chapter))\">\(inlines(title))</a>"
            }
            let number = kind == .equation ? "(\(target.number))" : target.number
            return "<a class=\"xref\" href=\"\(href(target.label, chapter: target.chapter))\">\(crossReferenceName(kind))&nbsp;\(number)</a>"
        case .inlineValue(let call):
            return "<span class=\"value\">\(Escape.html(call.rendered ?? "??"))</span>"
        case .footnoteReference(let label):
            let id = "fn\(chapter)-\(Escape.identifier(label))"
            return "<sup class=\"footnote-ref\"><a href=\"#\(id)\" id=\"fnref\(chapter)-\(Escape.identifier(label))\">\(Escape.html(label))</a></sup>"
        }
    }

    /// Drops `javascript:` and similar schemes from chapter links.
    private func safeURL(_ url: String) -> String {
        let lower = url.lowercased().trimmingCharacters(in: .whitespaces)
        for scheme in ["javascript:", "vbscript:", "data:"] where lower.hasPrefix(scheme) { return "#" }
        return url
    }
}
