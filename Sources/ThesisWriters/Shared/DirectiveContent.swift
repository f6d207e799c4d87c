import ThesisDocument

/// One item of a directive's output as every writer lays it out: the content, its number and
/// label (for tables and figures), and its caption.
struct PlacedContent {
    var content: ResultContent
    var target: Numbering.Target?
    var caption: String?
    /// The chapter's `caption=` (or `table-caption=`) as inline Markdown, when it captions this item.
    var captionInlines: [Inline]? = nil
}

extension Numbering {
    /// The output of `call` with numbers and captions: the chapter's `caption=` captions the first
    /// table or figure (the first figure when `table-caption=` captions the tables); the others keep
    /// the captions their directive gave them.
    func placed(_ call: DirectiveCall, _ output: DirectiveResult) -> [PlacedContent] {
        let targets = contentTargets[call.node] ?? []
        var caption = call.caption
        let tableCaptioned = call.arguments.contains { $0.key == "table-caption" }
        return output.content.enumerated().map { index, content in
            let target = targets.indices.contains(index) ? targets[index] : nil
            var own: String?
            switch content {
            case .text: return PlacedContent(content: content, target: nil, caption: nil)
            case .table(let table) where tableCaptioned:
                return PlacedContent(content: content, target: target, caption: table.caption,
                                     captionInlines: call.tableCaptionInlines)
            case .table(let table): own = table.caption
            case .figure(let figure): own = figure.caption
            case .externalFigure(let figure): own = figure.caption
            }
            defer { caption = nil }
            return PlacedContent(content: content, target: target, caption: caption ?? own,
                                 captionInlines: caption != nil ? call.captionInlines : nil)
        }
    }
}
