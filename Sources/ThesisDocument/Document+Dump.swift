/// A readable tree of a chapter, one node per line (`thesis dump-ast`, parser golden tests).
extension Chapter {
    public func dump() -> String {
        var lines: [String] = ["Chapter \(number) \(file)"]
        func inlines(_ content: [Inline]) -> String { content.map(describe).joined() }
        func describe(_ inline: Inline) -> String {
            switch inline {
            case .text(let t): return t
            case .code(let t): return "`\(t)`"
            case .emphasis(let c): return "*\(inlines(c))*"
            case .strong(let c): return "**\(inlines(c))**"
            case .strikethrough(let c): return "~~\(inlines(c))~~"
            case .link(let url, _, let c): return "[\(inlines(c))](\(url))"
            case .image(let url, _, let alt): return "![\(alt)](\(url))"
            case .math(let m): return "$\(m)$"
            case .displayMath(let m): return "$$\(m.tex)$$" + (m.id.map { "{#eq:\($0)}" } ?? "")
            case .softBreak: return " "
            case .lineBreak: return "\\n"
            case .rawHTML(let h): return "{html \(h)}"
            case .raw(let format, let text): return "{raw \(format.rawValue) \(text)}"
            case .citation(let c):
                let l = c.location
                let items = c.items.map { item in
                    (item.prefix.isEmpty ? "" : "\(item.prefix)|") + (item.suppressAuthor ? "-" : "") + item.key + (item.locator.isEmpty ? "" : "|\(item.locator)")
                }
                return "{cite\(c.narrative ? "-narrative" : "") \(items.joined(separator: ";")) @\(l.line):\(l.column)}"
            case .crossReference(let k, let id, let l): return "{ref \(k.rawValue):\(id) @\(l.line):\(l.column)}"
            case .inlineValue(let v): return "{value \(v.id).\(v.name)\(v.format.map { " " + $0 } ?? "") @\(v.location.line):\(v.location.column)}"
            case .footnoteReference(let label): return "{footnote \(label)}"
            }
        }
        func walk(_ blocks: [Block], depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            for block in blocks {
                switch block {
                case .heading(let level, let content, let anchor): lines.append("\(pad)Heading \(level) #\(anchor): \(inlines(content))")
                case .paragraph(let content): lines.append("\(pad)Paragraph: \(inlines(content))")
                case .codeBlock(let info, let text): lines.append("\(pad)CodeBlock \(info): \(text.debugDescription)")
                case .mathBlock(let math): lines.append("\(pad)MathBlock\(math.id.map { " #eq:\($0)" } ?? ""): \(math.tex)")
                case .blockQuote(let inner): lines.append("\(pad)BlockQuote"); walk(inner, depth: depth + 1)
                case .list(let ordered, let start, let tight, let items):
                    lines.append("\(pad)List \(ordered ? "ordered start=\(start)" : "bullet")")
                    for item in items { lines.append("\(pad)  Item"); walk(item, depth: depth + 2) }
                case .table(let t): lines.append("\(pad)Table \(t.alignments.map(\.rawValue).joined(separator: ",")) rows=\(t.rows.count)")
                case .thematicBreak: lines.append("\(pad)ThematicBreak")
                case .rawHTML(let h): lines.append("\(pad)RawHTML: \(h.debugDescription)")
                case .raw(let format, let text): lines.append("\(pad)Raw \(format.rawValue): \(text.debugDescription)")
                case .image(let image):
                    lines.append("\(pad)Image \(image.path)\(image.id.map { " #fig:" + $0 } ?? "")\(image.width.map { " width=\($0)" } ?? "") @\(image.location.line):\(image.location.column): \(inlines(image.caption))")
                case .footnoteDefinition(let label, let inner): lines.append("\(pad)Footnote \(label)"); walk(inner, depth: depth + 1)
                case .directive(let call):
                    let args = call.arguments.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    lines.append("\(pad)Directive @\(call.location.line):\(call.location.column) \(call.kind) \(args)")
                }
            }
        }
        walk(blocks, depth: 1)
        return lines.joined(separator: "\n")
    }
}
