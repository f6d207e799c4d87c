import ThesisDocument

/// How a figure is shown: size, title, axis label and legend. These options change the drawing,
/// not the computation, so they are left out of the cache key; the pipeline applies them to the
/// directive's figures, and a directive never sees them. Absent options leave the directive's
/// own choices (a taller grid of panels, a legend below) as they are.
public struct FigurePresentation: DirectiveArguments {
    @Option(
        .range(72.0...2000.0), shown: .number(FigureSpec.fullWidth),
        "figure width in points (453.6 = full LaTeX text width)")
    public var width: Double?
    @Option(.range(72.0...2000.0), shown: .number(FigureSpec.defaultHeight), "figure height in points")
    public var height: Double?
    @Option("title drawn above the figure") public var title: String?
    @Option("label of the y axis") public var ylabel: String?
    @Option(shown: .word(LegendPosition.auto.rawValue), "legend position") public var legend: LegendPosition?

    public init() {}

    /// `spec` with the options the chapter gave.
    public func apply(to spec: FigureSpec) -> FigureSpec {
        var spec = spec
        if let width { spec.width = width }
        if let height { spec.height = height }
        if let title { spec.title = title }
        if let ylabel {
            for i in spec.panels.indices { spec.panels[i].yAxis.label = ylabel }
        }
        if let legend { spec.legend = legend }
        return spec
    }

    /// The options as canonical text, for the key of a drawn figure (absent options empty).
    public var canonicalText: String {
        [
            width.map { String($0) }, height.map { String($0) }, title.map(JSONText.quoted),
            ylabel.map(JSONText.quoted),
            legend?.rawValue,
        ].map { $0 ?? "" }.joined(separator: "|")
    }
}

/// The options every directive accepts besides its own: its name and its caption. Neither
/// changes the result, so neither is in the cache key.
public struct CommonArguments: DirectiveArguments {
    @Option("names the result: later directives use it (of=, data=), prose cites it (@fig:id, @tbl:id, <<= id.name>>)")
    public var id: Identifier?
    @Option("caption of the table or figure") public var caption: String?

    public init() {}
}

/// Everything about a directive call that is presentation: applied by the pipeline and the
/// writers after execution, never part of the cache key.
public struct Presentation: Sendable {
    /// Size, title, axis label and legend of the figures (empty for directives without figures).
    public var figure: FigurePresentation
    /// The chapter's `caption=`: captions the first table or figure.
    public var caption: String?

    public init(figure: FigurePresentation = FigurePresentation(), caption: String? = nil) {
        self.figure = figure
        self.caption = caption
    }
}
