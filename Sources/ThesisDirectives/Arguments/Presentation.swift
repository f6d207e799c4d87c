import ThesisDocument

/// How a figure is shown: size, title, axis label, legend and units. These options change the
/// drawing, not the computation, so they are left out of the cache key; the pipeline applies them
/// to the directive's figures, and a directive never sees them. Absent options leave the
/// directive's own choices (a taller grid of panels, a legend below) as they are.
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
    @Option(
        "units on the y axis of the panel of each series, SERIES:\"text\" (e.g. UNRATE:\"percentage points\"); "
            + "overrides the units the directive derives")
    public var units: SeriesLabels?

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
        if let units {
            // Panels are titled by their series' mnemonic until labels are applied ("RESPONSE ← SHOCK"
            // for responses to several shocks: the unit is the response's).
            for i in spec.panels.indices {
                guard let title = spec.panels[i].title else { continue }
                let series = title.components(separatedBy: " ← ").first ?? title
                if let unit = units[series: series] { spec.panels[i].yAxis.label = unit }
            }
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
            + (units.map { "|units=" + ($0.argumentValue?.description ?? "") } ?? "")
    }
}

/// Display names for series mnemonics in figures and tables. `labels=` of a directive names some;
/// thesis.toml's `[labels]` table names them for every directive, and `labels=` wins over it.
public struct LabelPresentation: DirectiveArguments {
    @Option(
        "names shown for series in figures and table headers, SERIES:\"label\" (e.g. "
            + "INDPRO:\"Industrial production\"); over thesis.toml's [labels]")
    public var labels: SeriesLabels?

    public init() {}
}

/// For directives that make a table and a figure: either can be left out, and the table can
/// have a caption of its own.
public struct OutputPresentation: DirectiveArguments {
    @Option("show the figure (false: the table only)") public var figure = true
    @Option("show the table (false: the figure only)") public var table = true
    @Option(
        name: "table-caption",
        "caption of the table; caption= then captions the figure")
    public var tableCaption: String?

    public init() {}
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
    /// The chapter's `caption=`: captions the first table or figure (the figure when
    /// `table-caption=` captions the table).
    public var caption: String?
    /// The chapter's `labels=` (empty when not given).
    public var labels: SeriesLabels
    /// `figure=`, `table=` and `table-caption=` (defaults for directives without both outputs).
    public var outputs: OutputPresentation

    public init(
        figure: FigurePresentation = FigurePresentation(), caption: String? = nil,
        labels: SeriesLabels = SeriesLabels(),
        outputs: OutputPresentation = OutputPresentation()
    ) {
        self.figure = figure
        self.caption = caption
        self.labels = labels
        self.outputs = outputs
    }

    /// The result as the chapter shows it: the outputs it turned off left out, figures with the
    /// presentation options applied, series named by `labels=` over `projectLabels` (thesis.toml's
    /// `[labels]`) in figures and in table headers, and the table's own caption. Scalars and
    /// objects are untouched.
    public func shown(_ result: DirectiveResult, projectLabels: SeriesLabels = SeriesLabels()) -> DirectiveResult {
        let labels = self.labels.over(projectLabels)
        var result = result
        result.content = result.content.compactMap { content in
            switch content {
            case .figure(var figure):
                guard outputs.figure else { return nil }
                figure.spec = Relabel.spec(self.figure.apply(to: figure.spec), labels)
                return .figure(figure)
            case .externalFigure:
                return outputs.figure ? content : nil
            case .table(var table):
                guard outputs.table else { return nil }
                table = Relabel.table(table, labels)
                if let tableCaption = outputs.tableCaption { table.caption = tableCaption }
                return .table(table)
            case .text:
                return content
            }
        }
        return result
    }

    /// Identifies what `shown` does to a figure, for the key of a drawn figure.
    public func drawingText(projectLabels: SeriesLabels = SeriesLabels()) -> String {
        let labels = self.labels.over(projectLabels)
        return figure.canonicalText + (labels.isEmpty ? "" : "|labels=" + (labels.argumentValue?.description ?? ""))
            + (outputs.table ? "" : "|table=false")
    }
}

/// Replaces series mnemonics by their labels.
enum Relabel {
    /// Panel titles (also either side of "A ← B"), series names, axis titles, categories and
    /// heatmap rows and columns that are exactly a labelled series.
    static func spec(_ spec: FigureSpec, _ labels: SeriesLabels) -> FigureSpec {
        guard !labels.isEmpty else { return spec }
        func name(_ text: String?) -> String? { text.map { labels[series: $0] ?? $0 } }
        func names(_ texts: [String]?) -> [String]? { texts.map { $0.map { labels[series: $0] ?? $0 } } }
        var spec = spec
        for p in spec.panels.indices {
            var panel = spec.panels[p]
            if let title = panel.title {
                let parts = title.components(separatedBy: " ← ")
                panel.title = parts.map { labels[series: $0] ?? $0 }.joined(separator: " ← ")
            }
            panel.xAxis.label = name(panel.xAxis.label)
            panel.yAxis.label = name(panel.yAxis.label)
            panel.xAxis.categories = names(panel.xAxis.categories)
            panel.yAxis.categories = names(panel.yAxis.categories)
            if let label = panel.secondaryYAxis?.label { panel.secondaryYAxis?.label = name(label) }
            panel.layers = panel.layers.map { layer in
                switch layer {
                case .line(var s): s.name = name(s.name); return .line(s)
                case .band(var s): s.name = name(s.name); return .band(s)
                case .bars(var s): s.name = name(s.name); return .bars(s)
                case .scatter(var s): s.name = name(s.name); return .scatter(s)
                case .histogram(var s): s.name = name(s.name); return .histogram(s)
                case .area(var s): s.name = name(s.name); return .area(s)
                case .heatmap(var h):
                    h.rows = names(h.rows) ?? h.rows
                    h.columns = names(h.columns) ?? h.columns
                    return .heatmap(h)
                case .rule: return layer
                }
            }
            spec.panels[p] = panel
        }
        return spec
    }

    /// Column titles and the row headers (text cells of the first column) that are exactly a
    /// labelled series.
    static func table(_ table: ResultTable, _ labels: SeriesLabels) -> ResultTable {
        guard !labels.isEmpty else { return table }
        var table = table
        for c in table.columns.indices {
            table.columns[c].title = labels[series: table.columns[c].title] ?? table.columns[c].title
        }
        for r in table.rows.indices {
            if case .text(let text)? = table.rows[r].first, let label = labels[series: text] {
                table.rows[r][0] = .text(label)
            }
        }
        return table
    }
}
