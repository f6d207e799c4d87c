/// Traversals shared by the pipeline and writers.
extension Document {
    /// Every directive call, in document order (including those inside lists and quotes).
    public var directiveCalls: [DirectiveCall] {
        var calls: [DirectiveCall] = []
        for chapter in chapters { Block.visit(chapter.blocks) { if case .directive(let c) = $0 { calls.append(c) } } }
        return calls
    }

    /// Every inline element, in document order, with its chapter.
    public func forEachInline(_ body: (Chapter, Inline) -> Void) {
        let frontBlocks = front.abstract + front.acknowledgements + front.dedication
        let frontChapter = frontBlocks.isEmpty ? [] : [Chapter(file: "front matter", number: 0, blocks: frontBlocks)]
        for chapter in frontChapter + chapters {
            Block.visit(chapter.blocks) { block in
                switch block {
                case .heading(_, let content, _), .paragraph(let content): Inline.visit(content) { body(chapter, $0) }
                case .table(let table):
                    for cell in table.header + table.rows.flatMap({ $0 }) { Inline.visit(cell) { body(chapter, $0) } }
                case .image(let image): Inline.visit(image.caption) { body(chapter, $0) }
                case .directive(let call):
                    for caption in [call.captionInlines, call.tableCaptionInlines].compactMap({ $0 }) {
                        Inline.visit(caption) { body(chapter, $0) }
                    }
                default: break
                }
            }
        }
    }

    /// Every image figure, in document order.
    public var imageFigures: [ImageFigure] {
        var images: [ImageFigure] = []
        for chapter in chapters { Block.visit(chapter.blocks) { if case .image(let i) = $0 { images.append(i) } } }
        return images
    }

    /// Every display equation, in document order (blocks, and display math inside paragraphs).
    public var displayEquations: [DisplayMath] {
        var equations: [DisplayMath] = []
        for chapter in chapters {
            Block.visit(chapter.blocks) { block in
                switch block {
                case .mathBlock(let math): equations.append(math)
                case .paragraph(let content): for case .displayMath(let math) in content { equations.append(math) }
                default: break
                }
            }
        }
        return equations
    }

    /// Every heading anchor.
    public var headingAnchors: [String] {
        var anchors: [String] = []
        for chapter in chapters { Block.visit(chapter.blocks) { if case .heading(_, _, let a) = $0 { anchors.append(a) } } }
        return anchors
    }

    /// A copy with every block and inline passed through the transforms (bottom-up).
    public func mapped(block: (Block) -> Block = { $0 }, inline: (Inline) -> Inline = { $0 }) -> Document {
        var copy = self
        copy.chapters = chapters.map { chapter in
            var c = chapter
            c.blocks = Block.map(chapter.blocks, block: block, inline: inline)
            return c
        }
        return copy
    }
}

extension Block {
    /// Visits blocks depth-first, parents before children.
    public static func visit(_ blocks: [Block], _ body: (Block) -> Void) {
        for block in blocks {
            body(block)
            switch block {
            case .blockQuote(let inner), .footnoteDefinition(_, let inner): visit(inner, body)
            case .list(_, _, _, let items): items.forEach { visit($0, body) }
            default: break
            }
        }
    }

    static func map(_ blocks: [Block], block: (Block) -> Block, inline: (Inline) -> Inline) -> [Block] {
        blocks.map { b in
            let inner: Block
            switch b {
            case .heading(let level, let content, let anchor):
                inner = .heading(level: level, content: Inline.map(content, inline), anchor: anchor)
            case .paragraph(let content):
                inner = .paragraph(Inline.map(content, inline))
            case .blockQuote(let children):
                inner = .blockQuote(map(children, block: block, inline: inline))
            case .footnoteDefinition(let label, let children):
                inner = .footnoteDefinition(label: label, content: map(children, block: block, inline: inline))
            case .list(let ordered, let start, let tight, let items):
                inner = .list(ordered: ordered, start: start, tight: tight, items: items.map { map($0, block: block, inline: inline) })
            case .table(var table):
                table.header = table.header.map { Inline.map($0, inline) }
                table.rows = table.rows.map { $0.map { Inline.map($0, inline) } }
                inner = .table(table)
            case .image(var image):
                image.caption = Inline.map(image.caption, inline)
                inner = .image(image)
            default:
                inner = b
            }
            return block(inner)
        }
    }
}

extension Inline {
    /// Visits inlines depth-first.
    public static func visit(_ inlines: [Inline], _ body: (Inline) -> Void) {
        for inline in inlines {
            body(inline)
            switch inline {
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): visit(c, body)
            default: break
            }
        }
    }

    static func map(_ inlines: [Inline], _ transform: (Inline) -> Inline) -> [Inline] {
        inlines.map { i in
            switch i {
            case .emphasis(let c): return transform(.emphasis(map(c, transform)))
            case .strong(let c): return transform(.strong(map(c, transform)))
            case .strikethrough(let c): return transform(.strikethrough(map(c, transform)))
            case .link(let url, let title, let c): return transform(.link(url: url, title: title, content: map(c, transform)))
            default: return transform(i)
            }
        }
    }
}
