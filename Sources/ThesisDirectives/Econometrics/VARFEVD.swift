import ThesisDocument
import ThesisModels

/// `<<var fevd of=var1 horizon=24>>`: forecast-error variance decomposition (statsmodels `fevd`):
/// stacked shares by shock for each variable, and a table at selected horizons.
public enum VARFEVD: Directive {
    public static let kind = "var fevd"
    public static let abstract = "forecast-error variance decomposition: stacked shares and a table"
    public static let version = 2  // 2: grids without empty cells
    public static let outputs: Set<OutputKind> = [.figure, .table]

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: VARModelOptions
        @Option(.range(1...240), "periods after the shock") var horizon = 24
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(arguments.model, context: context)
        let model = fit.model
        let horizon = arguments.horizon
        let fevd = try econometrics { try model.fevd(periods: horizon) }
        let x = (1...horizon).map(Double.init)
        var panels: [FigurePanel] = []
        var scalars: [String: Scalar] = [:]
        for (i, variable) in model.names.enumerated() {
            let layers: [FigureLayer] = model.names.indices.map { j in
                .area(
                    AreaSeries(
                        name: model.names[j], x: x,
                        y: (1...horizon).map { h in fevd.share(variable: i, shock: j, horizon: h) }, color: j))
            }
            panels.append(
                FigurePanel(
                    title: variable, xAxis: FigureAxis(label: fit.periodWord),
                    yAxis: FigureAxis(format: .percent, minimum: 0, maximum: 1), layers: layers))
        }
        let marks =
            [1, 4, 8, 12, 24, 36, 48, 60].filter { $0 <= horizon }
            + (([1, 4, 8, 12, 24, 36, 48, 60].contains(horizon)) ? [] : [horizon])
        var rows: [[TableCell]] = []
        for (i, variable) in model.names.enumerated() {
            for (n, h) in marks.enumerated() {
                rows.append(
                    [.text(n == 0 ? variable : ""), .integer(h)]
                        + model.names.indices.map { j in
                            .number(fevd.share(variable: i, shock: j, horizon: h), format: ".1%")
                        })
                for j in model.names.indices {
                    scalars["\(variable).\(model.names[j]).\(h)"] = .number(
                        fevd.share(variable: i, shock: j, horizon: h))
                }
            }
        }
        let spec = SmallMultiples.spec(panels, maximumColumns: 2, rowHeight: 175, extra: 65, legend: .bottom)
        let table = ResultTable(
            caption: "Shares of the forecast-error variance by shock.",
            columns: [TableColumn("Variable"), TableColumn("h", alignment: .right)]
                + model.names.map { TableColumn($0, alignment: .right) },
            rows: rows,
            notes: [
                "Orthogonalized shocks in the order \(model.names.joined(separator: ", ")); h in \(fit.periodWord)."
            ])
        let figure = Figure(caption: "Forecast-error variance decomposition by shock.", spec: spec)
        let object = try JSONObject.encode([
            "fevd": (1...horizon).map { h in
                model.names.indices.map { i in
                    model.names.indices.map { j in fevd.share(variable: i, shock: j, horizon: h) }
                }
            }
        ])
        return DirectiveResult(
            content: [.figure(figure), .table(table)], scalars: scalars,
            object: ResultObject(kind: "var-fevd", payload: object))
    }
}
