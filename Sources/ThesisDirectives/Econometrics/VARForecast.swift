import ThesisDocument
import ThesisModels

/// `<<var forecast of=var1 steps=12 level=0.95>>`: point forecasts from the end of the sample with
/// MSE-based intervals (statsmodels `forecast_interval`), drawn after the recent history.
public enum VARForecast: Directive {
    public static let kind = "var forecast"
    public static let abstract = "forecasts with intervals from the end of the sample"
    public static let version = 2  // 2: grids without empty cells
    public static let outputs: Set<OutputKind> = [.figure, .table]

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: VARModelOptions
        @Option(.range(1...240), "forecast horizon") var steps = 12
        @Option(.range(0.5...0.999), "interval coverage") var level = 0.95
        @Option(.range(0...1000), "past periods drawn before the forecast") var history = 48
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(arguments.model, context: context)
        let model = fit.model
        let steps = arguments.steps
        let level = arguments.level
        let interval = try econometrics { try model.forecastInterval(steps: steps, alpha: 1 - level) }
        guard let lastPeriod = fit.periods.last else { throw DirectiveFailure("empty sample") }
        let stride = fit.frequency == .monthly ? 1 : 3
        let future = (1...steps).map { Month(index: lastPeriod.index + $0 * stride) }
        let history = min(arguments.history, fit.periods.count)
        let pastPeriods = Array(fit.periods.suffix(history))
        var panels: [FigurePanel] = []
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        for (k, name) in model.names.enumerated() {
            let past = Array(fit.specification.columns[k].suffix(history))
            // The forecast line starts at the last observation so the two connect.
            let fx = [lastPeriod.decimalYear] + future.map(\.decimalYear)
            let last = past.last ?? .nan
            var layers: [FigureLayer] = [
                .band(
                    Band(
                        name: "\(Int((level * 100).rounded()))% interval", x: fx,
                        lower: [last] + (0..<steps).map { interval.lower[$0, k] },
                        upper: [last] + (0..<steps).map { interval.upper[$0, k] }, color: 1)),
                .line(LineSeries(name: "data", x: pastPeriods.map(\.decimalYear), y: past.map { $0 }, color: 0)),
            ]
            layers.append(
                .line(
                    LineSeries(
                        name: "forecast", x: fx, y: [last] + (0..<steps).map { interval.point[$0, k] }, style: .dashed,
                        color: 1)))
            panels.append(
                FigurePanel(
                    title: name, xAxis: FigureAxis(scale: fit.frequency == .monthly ? .monthly : .quarterly),
                    layers: layers))
            for h in 0..<steps {
                rows.append([
                    .text(h == 0 ? name : ""), .text(future[h].description),
                    .number(interval.point[h, k], format: ".3f"),
                    .number(interval.lower[h, k], format: ".3f"), .number(interval.upper[h, k], format: ".3f"),
                ])
                scalars["\(name).\(h + 1)"] = .number(interval.point[h, k])
                scalars["\(name).\(h + 1).lower"] = .number(interval.lower[h, k])
                scalars["\(name).\(h + 1).upper"] = .number(interval.upper[h, k])
            }
        }
        let spec = SmallMultiples.spec(panels, maximumColumns: 2, rowHeight: 175, extra: 65, legend: .bottom)
        let table = ResultTable(
            caption: "Forecasts and \(Int((level * 100).rounded()))% intervals.",
            columns: [
                TableColumn("Variable"), TableColumn("Period"), TableColumn("Forecast", alignment: .right),
                TableColumn("Lower", alignment: .right), TableColumn("Upper", alignment: .right),
            ],
            rows: rows,
            notes: [
                "Intervals from the forecast MSE, as statsmodels forecast_interval (parameter uncertainty not "
                    + "included)."
            ])
        let object = try JSONObject.encode([
            "forecast": matrixRows(interval.point), "lower": matrixRows(interval.lower),
            "upper": matrixRows(interval.upper),
        ])
        return DirectiveResult(
            content: [
                .figure(
                    Figure(
                        caption: "Forecasts from \(lastPeriod) with \(Int((level * 100).rounded()))% intervals.",
                        spec: spec)), .table(table),
            ],
            scalars: scalars, object: ResultObject(kind: "var-forecast", payload: object))
    }
}
