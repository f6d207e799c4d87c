import Foundation

/// Numbers for chapters, sections, figures and tables, and the targets of cross-references.
/// Computed once before writing so forward references resolve; every writer uses the same numbers.
public struct Numbering: Sendable {
    /// A numbered thing a cross-reference can point at.
    public struct Target: Hashable, Sendable {
        /// The number of the chapter it is in, so a multi-page report links to the right page.
        public var chapter: Int
        public var kind: CrossReferenceKind
        /// "4.2"
        public var number: String
        /// Label used for anchors: `fig:irf1`, `tbl:03-data-2`, `sec:data`.
        public var label: String
        /// For an unnumbered section: its title, which references show instead of a number.
        public var title: [Inline]? = nil
    }

    /// Targets by kind and id (the directive's `id=`, or a heading anchor for sections).
    public private(set) var targets: [CrossReferenceKind: [String: Target]] = [:]
    /// For each directive, the target of each figure or table in its output, in order.
    public private(set) var contentTargets: [DirectiveID: [Target?]] = [:]
    /// The figure target of each image figure, by where it is written.
    public private(set) var imageTargets: [SourceLocation: Target] = [:]
    /// Section numbers by heading anchor ("2", "2.1"); level-1 headings give the chapter number.
    public private(set) var sections: [String: String] = [:]
    /// What each chapter is numbered as: "4", or "A" in the appendix.
    public private(set) var chapterLabels: [Int: String] = [:]
    /// Chapter titles by chapter number, for tables of contents.
    public private(set) var chapterTitles: [Int: [Inline]] = [:]
    /// Directives whose figures are one figure of subfigures (`latex.subfigures`): the group's
    /// number ("4.1"); its figures are numbered 4.1a, 4.1b, …
    public private(set) var figureGroups: [DirectiveID: String] = [:]

    /// Numbers an executed document (outputs and ids filled in).
    public init(_ document: Document, groupingFigures: Bool = false) {
        self.init(document, groupingFigures: groupingFigures) { ($0.id, $0.output) }
    }

    /// Numbers a document whose directives' ids and outputs are given by `directive`, so the
    /// numbers (and figure file names) are known before the outputs are placed in the document.
    /// - Parameter groupingFigures: a directive's figures, when it makes several, are one
    ///   numbered figure with lettered subfigures.
    public init(_ document: Document, groupingFigures: Bool = false, directive: (DirectiveCall) -> (id: String?, output: DirectiveResult?)) {
        // Chapters from the first one marked {.appendix} on are lettered A, B, …
        var letter = 0
        var inAppendix = false
        for chapter in document.chapters {
            inAppendix = inAppendix || chapter.isAppendix
            if inAppendix {
                let scalar = Unicode.Scalar(UInt8(ascii: "A") + UInt8(letter % 26))
                chapterLabels[chapter.number] = String(Character(scalar))
                letter += 1
            } else {
                chapterLabels[chapter.number] = String(chapter.number)
            }
        }
        for chapter in document.chapters {
            let chapterLabel = chapterLabels[chapter.number] ?? String(chapter.number)
            var counters = [0, 0]  // sections, subsections
            var figures = 0, tables = 0, unnamed = 0, equations = 0
            func number(_ math: DisplayMath) {
                guard let id = math.id, targets[.equation]?[id] == nil else { return }
                equations += 1
                targets[.equation, default: [:]][id] = Target(chapter: chapter.number, kind: .equation, number: "\(chapterLabel).\(equations)", label: "eq:\(id)")
            }
            var sawTitle = false
            walk(chapter.blocks) { block in
                switch block {
                case .heading(let level, let content, let anchor):
                    if chapter.unnumbered.contains(anchor) {
                        // No number; a reference to it gives its title.
                        if level == 1, !sawTitle {
                            sawTitle = true
                            chapterTitles[chapter.number] = content
                        }
                        targets[.section, default: [:]][anchor] = Target(chapter: chapter.number, kind: .section, number: "", label: "sec:\(anchor)", title: content)
                    } else if level == 1, !sawTitle {
                        sawTitle = true
                        chapterTitles[chapter.number] = content
                        sections[anchor] = chapterLabel
                    } else if level == 2 {
                        counters[0] += 1; counters[1] = 0
                        sections[anchor] = "\(chapterLabel).\(counters[0])"
                    } else if level == 3 {
                        counters[1] += 1
                        sections[anchor] = "\(chapterLabel).\(counters[0]).\(counters[1])"
                    }
                    if !chapter.unnumbered.contains(anchor), let number = sections[anchor] {
                        targets[.section, default: [:]][anchor] = Target(chapter: chapter.number, kind: .section, number: number, label: "sec:\(anchor)")
                    }
                case .directive(let call):
                    let (id, output) = directive(call)
                    guard let output else { return }
                    var list: [Target?] = []
                    let figureCount = output.content.filter { if case .figure = $0 { return true }; if case .externalFigure = $0 { return true }; return false }.count
                    let grouped = groupingFigures && figureCount >= 2
                    var letter = 0
                    if grouped {
                        figures += 1
                        figureGroups[call.node] = "\(chapterLabel).\(figures)"
                    }
                    for content in output.content {
                        let kind: CrossReferenceKind
                        switch content {
                        case .figure, .externalFigure:
                            if grouped { letter += 1 } else { figures += 1 }
                            kind = .figure
                        case .table: tables += 1; kind = .table
                        case .text: list.append(nil); continue
                        }
                        var number = "\(chapterLabel).\(kind == .figure ? figures : tables)"
                        if grouped, kind == .figure { number += Self.letter(letter - 1) }
                        let base = id ?? { unnamed += 1; return "\(chapter.stem)-\(unnamed)" }()
                        let suffix = list.compactMap { $0 }.filter { $0.kind == kind }.isEmpty ? "" : "-\(list.count + 1)"
                        let target = Target(chapter: chapter.number, kind: kind, number: number, label: "\(kind.rawValue):\(base)\(suffix)")
                        list.append(target)
                        if let id, targets[kind]?[id] == nil { targets[kind, default: [:]][id] = target }
                        // Later outputs of a directive are referenced by their labels: @tbl:ID-2.
                        if id != nil, !suffix.isEmpty { targets[kind, default: [:]][String(target.label.dropFirst(4))] = target }
                    }
                    contentTargets[call.node] = list
                case .mathBlock(let math):
                    number(math)
                case .paragraph(let content):
                    for case .displayMath(let math) in content { number(math) }
                case .image(let image):
                    figures += 1
                    let base = image.id ?? { unnamed += 1; return "\(chapter.stem)-\(unnamed)" }()
                    let target = Target(chapter: chapter.number, kind: .figure, number: "\(chapterLabel).\(figures)", label: "fig:\(base)")
                    imageTargets[image.location] = target
                    if let id = image.id, targets[.figure]?[id] == nil { targets[.figure, default: [:]][id] = target }
                default:
                    break
                }
            }
            if !sawTitle { chapterTitles[chapter.number] = [.text(chapter.stem)] }
        }
    }

    /// "a", "b", … for 0, 1, … (subfigures, and works of one author and year); "z" from 25 on.
    public static func letter(_ index: Int) -> String {
        String(Character(Unicode.Scalar(UInt8(97 + max(0, min(index, 25))))))
    }

    /// The caption of a figure group without one of its own: "(a) first; (b) second".
    public static func groupCaption(_ subcaptions: [String]) -> String {
        subcaptions.enumerated().map { "(\(letter($0.offset))) \($0.element)" }.joined(separator: "; ")
    }

    /// The target of `@kind:id`, if it exists.
    public func target(_ kind: CrossReferenceKind, _ id: String) -> Target? { targets[kind]?[id] }

    /// Every id that a cross-reference of `kind` may name, for suggestions.
    public func ids(_ kind: CrossReferenceKind) -> [String] { (targets[kind] ?? [:]).keys.sorted() }

    private func walk(_ blocks: [Block], _ visit: (Block) -> Void) {
        for block in blocks {
            visit(block)
            switch block {
            case .blockQuote(let inner), .footnoteDefinition(_, let inner): walk(inner, visit)
            case .list(_, _, _, let items): items.forEach { walk($0, visit) }
            default: break
            }
        }
    }
}

/// The word for a cross-reference: "Figure", "Table", "Section".
public func crossReferenceName(_ kind: CrossReferenceKind) -> String {
    switch kind {
    case .figure: return "Figure"
    case .table: return "Table"
    case .section: return "Section"
    case .equation: return "Equation"
    }
}
