import ThesisDocument
import ThesisModels

/// `<<favar forecast steps=12>>`: forecasts of the factors and the policy rate from the FAVAR's
/// VAR (statsmodels `forecast_interval`), and of observed series through their loadings,
/// x̂_i = mean_i + sd_i · (c_i + λ_i'[F̂; R̂]), on each series' transformed scale.
public enum FAVARForecast: Directive {
    public static let kind = "favar forecast"
    public static let abstract = "forecasts of the policy rate and of observed series through the FAVAR's loadings"
    // 2: the policy rate in levels from the raw series, left out of the EM; 3: history before the forecast
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.table, .figure]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("a fitted FAVAR's id (<<favar fit … id=NAME>>) instead of the model options") var of: ResultName?
        @Option("series to forecast (default: BBE's set where present)") var series: [String]?
        @Option(.range(1...120), "months ahead") var steps = 12
        @Option(.range(0.5...0.999), "interval coverage of the policy-rate forecast") var level = 0.95
        @Option(.range(0...600), "months of each series drawn before the forecast") var history = 36
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, of: arguments.of, ofOption: arguments.$of, context: context)
        let model = fit.model, var_ = model.varModel
        let steps = arguments.steps, level = arguments.level
        let interval = try econometrics { try var_.forecastInterval(steps: steps, alpha: 1 - level) }
        guard let last = fit.periods.last else {
            throw DirectiveFailure("empty sample", option: arguments.model.$sample)
        }
        let future = (1...steps).map { Month(index: last.index + $0) }
        let k = model.factorCount
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        var panels: [FigurePanel] = []
        let shownHistory = Array(fit.periods.suffix(arguments.history))
        for name in try fit.responseSeries(arguments.series, option: arguments.$series) {
            var path: [Double]
            var lower: [Double]?, upper: [Double]?
            // The series as the model saw it (the policy rate in levels, the others transformed).
            let actual: [Double]? =
                name == model.policyName
                ? fit.specification.policyRate : fit.names.firstIndex(of: name).map { fit.specification.columns[$0] }
            if name == model.policyName {
                path = (0..<steps).map { interval.point[$0, k] }
                lower = (0..<steps).map { interval.lower[$0, k] }
                upper = (0..<steps).map { interval.upper[$0, k] }
            } else {
                guard let i = fit.names.firstIndex(of: name) else { continue }
                path = (0..<steps).map { h in
                    var z = model.loadings[0, i]
                    for j in 0...k { z += model.loadings[j + 1, i] * interval.point[h, j] }
                    return model.means[i] + model.standardDeviations[i] * z
                }
            }
            for h in 0..<steps {
                rows.append([
                    .text(h == 0 ? name : ""), .text(future[h].description), .number(path[h], format: ".4g"),
                    lower.map { .number($0[h], format: ".4g") } ?? .missing,
                    upper.map { .number($0[h], format: ".4g") } ?? .missing,
                ])
                scalars["\(name).\(h + 1)"] = .number(path[h])
            }
            var layers: [FigureLayer] = []
            if let lower, let upper {
                layers.append(
                    .band(
                        Band(
                            name: "\(Int((level * 100).rounded()))% interval", x: future.map(\.decimalYear),
                            lower: lower.map { $0 }, upper: upper.map { $0 }, color: 1)))
            }
            var forecastX = future.map(\.decimalYear), forecastY: [Double?] = path.map { $0 }
            if let actual, !shownHistory.isEmpty, let lastActual = actual.last {
                let past = Array(actual.suffix(shownHistory.count))
                layers.append(
                    .line(
                        LineSeries(
                            name: "actual", x: shownHistory.map(\.decimalYear), y: past.map { $0.isFinite ? $0 : nil },
                            color: 0)))
                // The forecast line starts at the last observation, so the two join.
                forecastX.insert(last.decimalYear, at: 0)
                forecastY.insert(lastActual.isFinite ? lastActual : nil, at: 0)
            }
            layers.append(
                .line(LineSeries(name: "forecast", x: forecastX, y: forecastY, style: .dashed, color: 1)))
            // Forecasts are on the transformed scale (the policy rate in levels).
            let unit = ResponseUnits.favar(
                code: fit.code(of: name), scale: .transformed, isPolicyRate: name == model.policyName)
            panels.append(
                FigurePanel(
                    title: name, xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: unit), layers: layers))
        }
        let table = ResultTable(
            caption: "FAVAR forecasts from \(last).",
            columns: [
                TableColumn("Series"), TableColumn("Month"), TableColumn("Forecast", alignment: .right),
                TableColumn("Lower", alignment: .right), TableColumn("Upper", alignment: .right),
            ],
            rows: rows,
            notes: fit.notes + [
                "Observed series on their transformed scale through the loadings; the interval (policy rate) from "
                    + "the forecast MSE, parameter uncertainty not included."
            ])
        let spec = SmallMultiples.spec(
            panels, maximumColumns: 3, extra: shownHistory.isEmpty ? 45 : 60,
            legend: shownHistory.isEmpty ? .none : .bottom)
        return DirectiveResult(
            content: [
                .table(table),
                .figure(
                    Figure(
                        caption: "FAVAR forecasts from \(last)"
                            + (shownHistory.isEmpty ? "" : ", after the last \(shownHistory.count) months of data")
                            + "; observed series on their transformed scale, \(model.policyName) in levels.",
                        spec: spec)),
            ],
            scalars: scalars)
    }
}
