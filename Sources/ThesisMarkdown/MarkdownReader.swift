import CCmarkGFM
import Foundation
import ThesisDocument

/// Reads a chapter's Markdown (CommonMark + GFM tables, strikethrough and footnotes) into the
/// document model. cmark-gfm parses; this type only converts its tree and restores the constructs
/// that `SourcePrepass` lifted out (directives, math, citations, cross-references).
public enum MarkdownReader {
    /// Parses one chapter.
    /// - Parameters:
    ///   - source: the file's text.
    ///   - file: the path relative to the project root, used in locations.
    ///   - number: the chapter number.
    /// - Returns: the chapter and every problem found (parsing never stops at the first one).
    public static func read(_ source: String, file: String, number: Int) -> (Chapter, [Diagnostic]) {
        read(source, file: file, number: number, partSize: partSize)
    }

    /// Parses one chapter from its bytes, which must be valid UTF-8 (a file's contents). It takes
    /// the bytes (`source` is left empty) and lets them go as soon as its prepass is done.
    public static func read(utf8 source: inout [UInt8], file: String, number: Int) -> (Chapter, [Diagnostic]) {
        read(utf8: &source, file: file, number: number, partSize: partSize)
    }

    /// `read` with the largest part given to cmark at once (tests cut small documents).
    static func read(_ source: String, file: String, number: Int, partSize: Int) -> (Chapter, [Diagnostic]) {
        var bytes = Array(source.utf8)
        return read(utf8: &bytes, file: file, number: number, partSize: partSize)
    }

    static func read(utf8 source: inout [UInt8], file: String, number: Int, partSize: Int) -> (Chapter, [Diagnostic]) {
        // The source's bytes live only as long as the prepass: then cmark reads its output.
        let sourceSize = source.count
        var taken: [UInt8] = []
        swap(&taken, &source)
        var prepass: SourcePrepass? = SourcePrepass(source: withoutCarriageReturns(taken), file: file)
        taken = []
        let headingIDs = prepass!.headingIDs
        let output = prepass!.output, items = prepass!.items, prepassProblems = prepass!.diagnostics
        let images = prepass!.images
        let cuts = parts(of: prepass!, size: partSize)
        prepass = nil
        var converter = Converter(items: items, file: file, chapter: number)
        converter.imageLocations = images
        var blocks: [Block] = []
        var blockLines: [Int] = []
        // cmark numbers each part's lines from 1: the lines before the part are added back.
        var partLine = 0, partIndex = 0
        forEachTree(output, parts: cuts) { root in
            let (more, lines) = converter.blocksWithLines(ofChildrenOf: root)
            blocks += more
            blockLines += lines.map { $0 + partLine }
            partLine += output[cuts[partIndex]].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            partIndex += 1
        }
        var chapter = Chapter(file: file, number: number, blocks: blocks)
        // Both passes rebuild the tree: only a chapter with directives needs them.
        if items.contains(where: { if case .directive = $0 { return true }; return false }) {
            blocks = converter.rejectStrandedDirectives(blocks, in: nil)
            var ordinal = 0
            chapter = Document(chapters: [Chapter(file: file, number: number, blocks: blocks)]).mapped(block: { block in
                guard case .directive(var call) = block else { return block }
                call.node = DirectiveID(chapter: number, ordinal: ordinal)
                ordinal += 1
                return .directive(call)
            }).chapters[0]
        }
        chapter.sourceSize = sourceSize
        chapter.blockLines = blockLines.count == chapter.blocks.count ? blockLines : []
        chapter.unnumbered = converter.unnumbered
        chapter.isAppendix = converter.appendix
        var problems = prepassProblems + converter.diagnostics
        for (id, location) in headingIDs {
            if let first = chapter.explicitAnchors[id] {
                problems.append(Diagnostic(.error, at: location, "duplicate section id '\(id)'; it is already used at \(first)"))
            } else {
                chapter.explicitAnchors[id] = location
            }
        }
        return (chapter, problems)
    }

    /// A caption or other one-line text as inline Markdown: emphasis, code, math, citations and
    /// cross-references. Everything found in it is located at `location` (where the text is
    /// written); text that is not a single paragraph stays plain text.
    public static func inlines(_ text: String, at location: SourceLocation) -> ([Inline], [Diagnostic]) {
        // Most captions are plain words: no parser needed (this runs for every directive in every build).
        if !text.utf8.contains(where: { "*_`$@[]<>&\\!~\n".utf8.contains($0) }) { return ([.text(text)], []) }
        let (chapter, problems) = read(text, file: location.file, number: 0, partSize: partSize)
        let located = problems.map { problem -> Diagnostic in
            var problem = problem
            problem.location = location
            return problem
        }
        guard chapter.blocks.count == 1, case .paragraph(let content) = chapter.blocks[0] else {
            return ([.text(text)], located)
        }
        func relocate(_ inlines: [Inline]) -> [Inline] {
            inlines.map { inline in
                switch inline {
                case .citation(var c):
                    c.location = location
                    return .citation(c)
                case .crossReference(let kind, let id, _): return .crossReference(kind: kind, id: id, location: location)
                case .emphasis(let c): return .emphasis(relocate(c))
                case .strong(let c): return .strong(relocate(c))
                case .strikethrough(let c): return .strikethrough(relocate(c))
                case .link(let url, let title, let c): return .link(url: url, title: title, content: relocate(c))
                case .inlineValue(var call):
                    call.location = location
                    return .inlineValue(call)
                default: return inline
                }
            }
        }
        return (relocate(content), located)
    }

    /// The bytes with every CR of a CRLF pair removed.
    static func withoutCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(of: 0x0D) else { return bytes }
        var out = Array(bytes[..<first])
        out.reserveCapacity(bytes.count)
        var k = first
        while k < bytes.count {
            let b = bytes[k]
            if b != 0x0D || k + 1 >= bytes.count || bytes[k + 1] != 0x0A { out.append(b) }
            k += 1
        }
        return out
    }

    /// Largest part handed to cmark at once: its tree takes about 15 times the text, so a long
    /// chapter is parsed in parts cut at headings (`SourcePrepass.splitPoints`), which gives the
    /// same blocks; a chapter with link-reference or footnote definitions is parsed whole.
    static let partSize = 1 << 20

    static func parts(of prepass: SourcePrepass, size: Int) -> [Range<Int>] {
        let count = prepass.output.count
        guard count > size, !prepass.hasDefinitions else { return [0..<count] }
        var parts: [Range<Int>] = []
        var start = 0
        for point in prepass.splitPoints where point - start >= size {
            parts.append(start..<point)
            start = point
        }
        parts.append(start..<count)
        return parts
    }

    private static let setup: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    /// cmark-gfm's inline parser switches global character tables for the extensions while a
    /// parser finishes: one parse at a time, whichever thread runs it.
    private static let parseLock = NSLock()

    /// cmark's tree of `text`; the caller frees it with `cmark_node_free`.
    private static func cmarkTree(_ text: ArraySlice<UInt8>) -> OpaquePointer {
        _ = setup
        parseLock.lock()
        defer { parseLock.unlock() }
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
        let parser = cmark_parser_new(options)
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        return cmark_parser_finish(parser)!
    }

    /// The parsed trees of the parts, handed to `body` in order and freed after it. With several
    /// parts, a second thread runs cmark on the next part while `body` converts this one (at most
    /// two trees wait), so the conversion keeps its order and its state on one thread.
    private static func forEachTree(_ text: [UInt8], parts: [Range<Int>], _ body: (OpaquePointer) -> Void) {
        guard parts.count > 1 else {
            for part in parts {
                let root = cmarkTree(text[part])
                body(root)
                cmark_node_free(root)
            }
            return
        }
        let trees = Trees(count: parts.count)
        let ready = DispatchSemaphore(value: 0), room = DispatchSemaphore(value: 2)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for (k, part) in parts.enumerated() {
                room.wait()
                trees.slots[k] = cmarkTree(text[part])
                ready.signal()
            }
        }
        for k in parts.indices {
            ready.wait()
            if let root = trees.slots[k] {
                body(root)
                cmark_node_free(root)
            }
            room.signal()
        }
        group.wait()
    }

    /// Slots for the trees of `forEachTree`: each written by the parsing thread before it signals
    /// and read by the converting thread after it waits (the semaphores order the accesses).
    private final class Trees: @unchecked Sendable {
        let slots: UnsafeMutablePointer<OpaquePointer?>
        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }
        deinit { slots.deallocate() }
    }
}

/// Walks cmark's tree.
private struct Converter {
    let items: [LiftedItem]
    let file: String
    let chapter: Int
    var diagnostics: [Diagnostic] = []
    private var usedAnchors: [String: Int] = [:]
    /// Anchors of headings marked `.unnumbered`.
    var unnumbered: Set<String> = []
    /// Whether the chapter's title is marked `.appendix`.
    var appendix = false
    private var footnoteDefinitions = 0

    init(items: [LiftedItem], file: String, chapter: Int) {
        self.items = items
        self.file = file
        self.chapter = chapter
    }


    /// The children of a node, walked in place (no array is built).
    private struct Children: Sequence, IteratorProtocol {
        var next_: OpaquePointer?
        mutating func next() -> OpaquePointer? {
            guard let current = next_ else { return nil }
            next_ = cmark_node_next(current)
            return current
        }
    }

    private func children(_ n: OpaquePointer) -> Children { Children(next_: cmark_node_first_child(n)) }

    private func typeName(_ n: OpaquePointer) -> String {
        String(cString: cmark_node_get_type_string(n))
    }

    private func literal(_ n: OpaquePointer) -> String {
        cmark_node_get_literal(n).map { String(cString: $0) } ?? ""
    }

    mutating func blocks(ofChildrenOf root: OpaquePointer) -> [Block] {
        blocks(children(root))
    }

    /// The top-level blocks with the source line each starts on (the prepass keeps every line
    /// where it was, so cmark's lines are the source's).
    mutating func blocksWithLines(ofChildrenOf root: OpaquePointer) -> ([Block], [Int]) {
        var out: [Block] = [], lines: [Int] = []
        for n in children(root) {
            if let b = block(n) {
                out.append(b)
                lines.append(Int(cmark_node_get_start_line(n)))
            }
        }
        return (out, lines)
    }

    private mutating func blocks(_ nodes: Children) -> [Block] {
        var out: [Block] = []
        for n in nodes { if let b = block(n) { out.append(b) } }
        return out
    }

    private mutating func block(_ n: OpaquePointer) -> Block? {
        switch cmark_node_get_type(n) {
        case CMARK_NODE_PARAGRAPH:
            if let image = imageFigure(n) { return .image(image) }
            return paragraph(inlines(children(n)))
        case CMARK_NODE_HEADING:
            var content = inlines(children(n))
            let level = Int(cmark_node_get_heading_level(n))
            // cmark's lines are the source's: the prepass keeps every line where it was.
            let at = SourceLocation(file: file, line: Int(cmark_node_get_start_line(n)), column: Int(cmark_node_get_start_column(n)))
            let anchor = takeAnchor(&content, level: level, at: at)
            return .heading(level: level, content: content, anchor: anchor)
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(n).map { String(cString: $0) } ?? ""
            if let format = Self.rawFormat(info) { return .raw(format: format, text: restoreRaw(literal(n))) }
            return .codeBlock(info: info, text: restoreRaw(literal(n)))
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(children(n)))
        case CMARK_NODE_LIST:
            let items = children(n).map { blocks(children($0)) }
            return .list(ordered: cmark_node_get_list_type(n) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(n)), tight: cmark_node_get_list_tight(n) != 0, items: items)
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_HTML_BLOCK:
            return .rawHTML(restoreRaw(literal(n)))
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            // cmark-gfm numbers references 1, 2, … and emits the definitions in that order.
            footnoteDefinitions += 1
            return .footnoteDefinition(label: String(footnoteDefinitions), content: blocks(children(n)))
        default:
            if typeName(n) == "table" { return table(n) }
            return nil
        }
    }

    /// Where each image of the source is, with its URL (from the prepass), in order.
    var imageLocations: [(url: String, location: SourceLocation)] = []
    private var usedImages = 0

    /// The location of the next image with `url`.
    private mutating func imageLocation(_ url: String) -> SourceLocation {
        if let k = imageLocations[usedImages...].firstIndex(where: { $0.url == url }) {
            usedImages = k + 1
            return imageLocations[k].location
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// A paragraph that is one image (and its `{#fig:id width=60%}`) is an image figure.
    private mutating func imageFigure(_ paragraph: OpaquePointer) -> ImageFigure? {
        // Most paragraphs do not start with an image: no array of their children for them.
        guard let head = cmark_node_first_child(paragraph), cmark_node_get_type(head) == CMARK_NODE_IMAGE else {
            return nil
        }
        var nodes = Array(children(paragraph))
        while let last = nodes.last, cmark_node_get_type(last) == CMARK_NODE_SOFTBREAK
            || (cmark_node_get_type(last) == CMARK_NODE_TEXT && literal(last).allSatisfy(\.isWhitespace)) {
            nodes.removeLast()
        }
        guard let image = nodes.first, cmark_node_get_type(image) == CMARK_NODE_IMAGE, nodes.count <= 2 else { return nil }
        var attributes = ""
        if nodes.count == 2 {
            guard cmark_node_get_type(nodes[1]) == CMARK_NODE_TEXT else { return nil }
            attributes = literal(nodes[1]).trimmingCharacters(in: .whitespaces)
            guard attributes.hasPrefix("{"), attributes.hasSuffix("}") else { return nil }
        }
        let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
        let location = imageLocation(url)
        var figure = ImageFigure(path: url, caption: inlines(children(image)), id: nil, width: nil, location: location)
        for word in attributes.dropFirst().dropLast().split(whereSeparator: \.isWhitespace).map(String.init) {
            if word.hasPrefix("#") {
                let id = word.hasPrefix("#fig:") ? String(word.dropFirst(5)) : String(word.dropFirst())
                if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) {
                    diagnostics.append(Diagnostic(.error, at: location, "'\(word)' is not a figure id; write {#fig:NAME} with letters, digits, - and _"))
                }
                figure.id = id
            } else if word.hasPrefix("width=") {
                let value = word.dropFirst(6)
                let number = value.hasSuffix("%") ? Double(value.dropLast()).map { $0 / 100 } : Double(value)
                guard let number, number > 0, number <= 1 else {
                    diagnostics.append(Diagnostic(.error, at: location, "width=\(value) is not a share of the text width; write width=60% (or 0.6), at most 100%"))
                    continue
                }
                figure.width = number
            } else {
                diagnostics.append(Diagnostic(.error, at: location, "unknown image attribute '\(word)'; \(MarkdownImagePath.usage)"))
            }
        }
        if let problem = MarkdownImagePath.problem(url) {
            diagnostics.append(Diagnostic(.error, at: location, problem))
        }
        return figure
    }

    /// A paragraph that is only a directive or only display math becomes that block.
    /// A block directive can only be a paragraph of its own (at the top level, in a block quote or
    /// a list item). Anywhere else — a heading, a table cell, link text, emphasis, a footnote — it
    /// cannot be executed: each is an error at the directive, and its source stays visible.
    mutating func rejectStrandedDirectives(_ blocks: [Block], in container: String?) -> [Block] {
        blocks.map { block in
            switch block {
            case .paragraph(let content): return .paragraph(reject(content, in: container ?? "a sentence"))
            case .heading(let level, let content, let anchor):
                return .heading(level: level, content: reject(content, in: "a heading"), anchor: anchor)
            case .blockQuote(let inner): return .blockQuote(rejectStrandedDirectives(inner, in: container))
            case .list(let ordered, let start, let tight, let items):
                return .list(ordered: ordered, start: start, tight: tight, items: items.map { rejectStrandedDirectives($0, in: container) })
            case .footnoteDefinition(let label, let inner):
                return .footnoteDefinition(label: label, content: rejectStrandedDirectives(inner, in: "a footnote"))
            case .table(var table):
                table.header = table.header.map { reject($0, in: "a table cell") }
                table.rows = table.rows.map { $0.map { reject($0, in: "a table cell") } }
                return .table(table)
            case .directive(let call) where container != nil:
                strand(call, in: container ?? "")
                return .paragraph([.text("<<\(call.source)>>")])
            default: return block
            }
        }
    }

    private mutating func reject(_ content: [Inline], in container: String) -> [Inline] {
        content.map { inline in
            switch inline {
            case .rawHTML(let marker):
                guard case .directive(let call)? = item(forMarker: marker) else { return inline }
                strand(call, in: container)
                return .text("<<\(call.source)>>")
            case .emphasis(let c): return .emphasis(reject(c, in: "emphasis"))
            case .strong(let c): return .strong(reject(c, in: "bold text"))
            case .strikethrough(let c): return .strikethrough(reject(c, in: "struck-through text"))
            case .link(let url, let title, let c): return .link(url: url, title: title, content: reject(c, in: "link text"))
            default: return inline
            }
        }
    }

    private mutating func strand(_ call: DirectiveCall, in container: String) {
        diagnostics.append(Diagnostic(.error, at: call.location, directive: call.kind,
            "a block directive cannot stand in \(container); give it a paragraph of its own (blank lines before and after), and cite its output with @fig:ID or @tbl:ID, or a value with <<= ID.NAME>>"))
    }

    private mutating func paragraph(_ content: [Inline]) -> Block {
        let meaningful = content.filter {
            if case .text(let t) = $0 { return !t.allSatisfy(\.isWhitespace) }
            if case .softBreak = $0 { return false }
            return true
        }
        if meaningful.count == 1, case .rawHTML(let marker) = meaningful[0], let item = item(forMarker: marker) {
            switch item {
            case .directive(let call): return .directive(call)
            default: break
            }
        }
        if meaningful.count == 1, case .displayMath(let math) = meaningful[0] {
            return .mathBlock(math)
        }
        return .paragraph(content)
    }

    /// Heading attributes at the end of the text: `{#sec:id}` or `{#id}` (otherwise a slug), and
    /// the classes `.unnumbered` (or `-`, as pandoc) and `.appendix`, noted for the chapter.
    private mutating func takeAnchor(_ content: inout [Inline], level: Int, at location: SourceLocation) -> String {
        var anchor: String?
        var classes: [String] = []
        if case .text(let last)? = content.last, last.hasSuffix("}"), let open = last.range(of: "{", options: .backwards),
           let attributes = HeadingAttributes(String(last[open.upperBound..<last.index(before: last.endIndex)]))
        {
            anchor = attributes.id
            let remaining = String(last[..<open.lowerBound]).trimmingCharacters(in: .whitespaces)
            content.removeLast()
            if !remaining.isEmpty { content.append(.text(remaining)) }
            classes = attributes.classes
        }
        if let a = anchor, a.hasPrefix("sec:") { anchor = String(a.dropFirst(4)) }
        let base = anchor ?? slug(content)
        let count = usedAnchors[base, default: 0]
        usedAnchors[base] = count + 1
        let result = count == 0 ? base : "\(base)-\(count)"
        if classes.contains("unnumbered") { unnumbered.insert(result) }
        if classes.contains("appendix") {
            if level == 1 { appendix = true } else {
                diagnostics.append(Diagnostic(.error, at: location, "{.appendix} belongs on a chapter's level-1 heading ('# Title {.appendix}'), not on '\(content.map(plainText).joined())'"))
            }
        }
        return result
    }

    private func slug(_ content: [Inline]) -> String {
        let text = content.map(plainText).joined().lowercased()
        var slug = ""
        for scalar in text.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII { slug.unicodeScalars.append(scalar) }
            else if !slug.isEmpty, slug.last != "-" { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return "ch\(chapter)-" + (slug.isEmpty ? "section" : slug)
    }

    private func plainText(_ inline: Inline) -> String {
        switch inline {
        case .text(let t), .code(let t), .math(let t): return t
        case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): return c.map(plainText).joined()
        default: return ""
        }
    }

    private mutating func table(_ n: OpaquePointer) -> Block {
        let columns = Int(cmark_gfm_extensions_get_table_columns(n))
        var alignments: [ColumnAlignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(n) {
            for k in 0..<columns {
                switch raw[k] {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        for row in children(n) {
            let cells = children(row).map { inlines(children($0)) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
        }
        return .table(MarkdownTable(alignments: alignments, header: header, rows: rows))
    }

    // MARK: - Inlines

    private mutating func inlines(_ nodes: Children) -> [Inline] {
        var out: [Inline] = []
        for n in nodes {
            switch cmark_node_get_type(n) {
            case CMARK_NODE_TEXT:
                out.append(contentsOf: restore(literal(n)))
            case CMARK_NODE_CODE:
                out.append(.code(restoreRaw(literal(n))))
            case CMARK_NODE_SOFTBREAK:
                out.append(.softBreak)
            case CMARK_NODE_LINEBREAK:
                out.append(.lineBreak)
            case CMARK_NODE_EMPH:
                out.append(.emphasis(inlines(children(n))))
            case CMARK_NODE_STRONG:
                out.append(.strong(inlines(children(n))))
            case CMARK_NODE_LINK:
                out.append(.link(url: cmark_node_get_url(n).map { String(cString: $0) } ?? "",
                                 title: cmark_node_get_title(n).map { String(cString: $0) } ?? "",
                                 content: inlines(children(n))))
            case CMARK_NODE_IMAGE:
                let url = cmark_node_get_url(n).map { String(cString: $0) } ?? ""
                diagnostics.append(Diagnostic(.error, at: imageLocation(url), "image '\(url)' stands inside text; \(MarkdownImagePath.usage)"))
                let alt = inlines(children(n)).map(plainText).joined()
                out.append(.image(url: cmark_node_get_url(n).map { String(cString: $0) } ?? "",
                                  title: cmark_node_get_title(n).map { String(cString: $0) } ?? "", alt: alt))
            case CMARK_NODE_HTML_INLINE:
                out.append(contentsOf: restore(literal(n)).map { if case .text(let t) = $0 { return .rawHTML(t) }; return $0 })
            case CMARK_NODE_FOOTNOTE_REFERENCE:
                out.append(.footnoteReference(label: literal(n)))
            default:
                if typeName(n) == "strikethrough" { out.append(.strikethrough(inlines(children(n)))) }
                else { out.append(contentsOf: inlines(children(n))) }
            }
        }
        return merge(out)
    }

    /// `{=latex}` or `{=html}`: the format of a raw block or span (checked by the prepass).
    static func rawFormat(_ info: String) -> RawFormat? {
        let trimmed = info.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{="), trimmed.hasSuffix("}") else { return nil }
        return RawFormat(rawValue: String(trimmed.dropFirst(2).dropLast()))
    }

    /// Joins adjacent text runs, and makes a code span followed by `{=latex}` or `{=html}` a raw span.
    private func merge(_ inlines: [Inline]) -> [Inline] {
        var out: [Inline] = []
        for inline in inlines {
            if case .text(var t) = inline, case .code(let code)? = out.last, t.hasPrefix("{="),
               let close = t.firstIndex(of: "}"), let format = Self.rawFormat(String(t[...close])) {
                out[out.count - 1] = .raw(format: format, text: code)
                t = String(t[t.index(after: close)...])
                if t.isEmpty { continue }
                out.append(.text(t))
                continue
            }
            if case .text(let t) = inline, case .text(let previous)? = out.last {
                out[out.count - 1] = .text(previous + t)
            } else {
                out.append(inline)
            }
        }
        return out
    }

    private func item(forMarker marker: String) -> LiftedItem? {
        guard marker.first == SourcePrepass.open, marker.last == SourcePrepass.close,
              let index = Int(marker.dropFirst().dropLast()), items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Splits text at placeholders and puts the lifted constructs back.
    private mutating func restore(_ text: String) -> [Inline] {
        guard text.utf8.contains(0xEE), text.contains(SourcePrepass.open) else { return [.text(text)] }
        var out: [Inline] = []
        var current = ""
        var chars = Substring(text)
        while let open = chars.firstIndex(of: SourcePrepass.open) {
            current += chars[..<open]
            guard let close = chars[open...].firstIndex(of: SourcePrepass.close) else { break }
            let marker = String(chars[open...close])
            chars = chars[chars.index(after: close)...]
            guard let item = item(forMarker: marker) else { current += marker; continue }
            if !current.isEmpty { out.append(.text(current)); current = "" }
            switch item {
            case .math(let body):
                out.append(.math(body))
            case .displayMath(let math):
                out.append(.displayMath(math))
            case .citation(let citation):
                out.append(.citation(citation))
            case .crossReference(let kind, let id, let location):
                out.append(.crossReference(kind: kind, id: id, location: location))
            case .inlineValue(let call):
                out.append(.inlineValue(call))
            case .directive(let call):
                // A block directive mixed with prose: kept as a marker for the paragraph check.
                if text.trimmingCharacters(in: .whitespacesAndNewlines) == marker {
                    out.append(.rawHTML(marker))
                } else {
                    diagnostics.append(Diagnostic(.error, at: call.location, directive: call.kind,
                        "a block directive must stand alone in its own paragraph (blank lines before and after); for a value inside a sentence use <<= id.name>>"))
                    out.append(.text("<<\(call.source)>>"))
                }
            }
        }
        current += chars
        if !current.isEmpty { out.append(.text(current)) }
        return out
    }

    /// Restores placeholders in raw text (code, HTML) to their source form.
    private func restoreRaw(_ text: String) -> String {
        guard text.utf8.contains(0xEE), text.contains(SourcePrepass.open) else { return text }
        var result = ""
        var chars = Substring(text)
        while let open = chars.firstIndex(of: SourcePrepass.open), let close = chars[open...].firstIndex(of: SourcePrepass.close) {
            result += chars[..<open]
            let marker = String(chars[open...close])
            chars = chars[chars.index(after: close)...]
            switch item(forMarker: marker) {
            case .directive(let call)?: result += "<<\(call.source)>>"
            case .math(let body)?: result += "$\(body)$"
            case .displayMath(let math)?: result += "$$\(math.tex)$$" + (math.id.map { "{#eq:\($0)}" } ?? "")
            case .citation(let citation)?: result += citation.source
            case .crossReference(let kind, let id, _)?: result += "@\(kind.rawValue):\(id)"
            case .inlineValue(let call)?: result += "<<= \(call.id).\(call.name)\(call.format.map { " " + $0 } ?? "")>>"
            case nil: result += marker
            }
        }
        return result + chars
    }
}

/// The rules for an image figure's file name.
public enum MarkdownImagePath {
    static let usage = "an image figure is ![caption](images/file.png){#fig:id width=60%} in a paragraph of its own"

    /// Why `path` cannot be an image figure's file, if it cannot.
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "the image has no file; \(usage)" }
        if path.contains("://") || path.hasPrefix("/") || path.hasPrefix("~") || path.split(separator: "/").contains("..") {
            return "image '\(path)' is not a file of the project: images are read only from inside it, by a relative path such as images/x.png"
        }
        let ext = (path.split(separator: ".").last.map(String.init) ?? "").lowercased()
        if ext == "svg" {
            return "image '\(path)' is an SVG, which pdflatex cannot include: convert it to PDF (e.g. rsvg-convert -f pdf -o x.pdf x.svg) or PNG and use that file"
        }
        guard ImageFigure.extensions.contains(ext) else {
            return "image '\(path)' is not a PNG, JPEG or PDF file (by its extension)"
        }
        guard path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            return "image '\(path)': rename the file to letters, digits, '-', '_' and '.' so LaTeX can include it"
        }
        return nil
    }
}
