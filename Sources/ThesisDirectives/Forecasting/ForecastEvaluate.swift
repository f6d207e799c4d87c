import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<forecast evaluate data=D target=UNRATE model=ar lags=12 horizon=1,3,6,12 start=2000-01
/// window=expanding step=12 id=e_ar>>`: the pseudo-out-of-sample protocol for one model — direct
/// (or, for VAR, iterated) forecasts from every origin from `start`, re-estimated every `step`
/// periods on a rolling or expanding window, with no look-ahead. Later `compare` directives use it.
public enum ForecastEvaluate: Directive {
    public static let kind = "forecast evaluate"
    public static let abstract = "pseudo-out-of-sample forecasts of one model: RMSE and MAE by horizon"
    public static let version = 2
    public static let outputs: Set<OutputKind> = [.table, .figure]
    public static let models = ["ar", "rw", "var", "favar", "mlp", "lstm", "gru"]
    public static let options: [OptionSpec] = [
        OptionSpec("data", .data, required: true, "the data set or prepared panel"),
        OptionSpec("target", .text, required: true, "the series to forecast"),
        OptionSpec("model", .choice(models), default: .word("ar"), "ar: direct AR(p) by OLS; rw: random walk (no change); var: iterated VAR(p) on the target and predictors; favar: direct forecasts on principal-component factors of the predictors (default: every other series) re-estimated on each window and lags of the target (Stock and Watson 2002); mlp, lstm, gru: direct forecasts by a network on the last lags, re-fitted on each training window"),
        OptionSpec("lags", .integer(min: 0, max: 60), default: .integer(12), "lags of the target (AR, VAR)"),
        OptionSpec("form", .choice(["level", "change"]), default: .word("level"), "ar: forecast the level, or the change y(t+h) − y(t) from lagged changes"),
        OptionSpec("predictors", .names, "other series whose lags enter (ar: as ARX; var: as VAR variables; favar: the factor panel, default every other series)"),
        OptionSpec("factors", .integer(min: 1, max: 20), default: .integer(3), "favar: number of factors"),
        OptionSpec("horizon", .names, default: .list([.integer(1), .integer(3), .integer(6), .integer(12)]), "forecast horizons"),
        OptionSpec("start", .month, required: true, "first month of the evaluation: one-step forecasts start here, so the first origin (the last month a forecast may use) is the month before"),
        OptionSpec("end", .month, "last forecast origin (default: as late as the data allow)"),
        OptionSpec("window", .choice(["expanding", "rolling"]), default: .word("expanding"), "estimation window"),
        OptionSpec("length", .integer(min: 12, max: 2000), default: .integer(120), "rolling window length"),
        OptionSpec("step", .integer(min: 1, max: 240), default: .integer(1), "re-estimate every step origins"),
        DataOptions.sample, DataOptions.transformed, DataOptions.transform,
    ] + NNOptions.network.filter { $0.name != "model" } + OptionSpec.figureOptions

    /// What later directives (`compare`) read: forecasts by horizon with their months.
    struct Evaluation: Codable {
        static let kind = "forecast-evaluation"
        var model: String
        var target: String
        var horizons: [HorizonRecord]
    }

    struct HorizonRecord: Codable {
        var horizon: Int
        var periods: [Month]
        var forecasts: [Double]
        var actuals: [Double]
    }

    public static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult {
        let targetName = options.string("target") ?? ""
        var predictorNames = options.names("predictors") ?? []
        if options.string("model") == "favar", options.names("predictors") == nil {
            predictorNames = try context.frame().names.filter { $0 != targetName }
        }
        let frame = try DataOptions.frame(options, context: context, series: [targetName] + predictorNames)
        guard frame.frequency != .rows else { throw DirectiveFailure("forecasting needs dated data", option: "data") }
        let horizons = try (options.names("horizon") ?? ["1"]).map { text -> Int in
            guard let h = Int(text), h >= 1, h <= 120 else { throw DirectiveFailure("horizons are whole numbers 1…120, got '\(text)'", option: "horizon") }
            return h
        }
        // The sample runs from the first month where every series is observed.
        let complete = frame.periods.indices.filter { t in frame.columns.allSatisfy { $0[t].isFinite } }
        guard let first = complete.first, let last = complete.last else { throw DirectiveFailure("no month has every series observed", option: "target") }
        if let gap = (first...last).first(where: { t in !frame.columns.allSatisfy { $0[t].isFinite } }) {
            throw DirectiveFailure("a value is missing in \(frame.periods[gap]); prepare the data or shorten sample=", option: "target")
        }
        let periods = Array(frame.periods[first...last])
        let target = Array(frame.columns[0][first...last])
        let predictors = frame.columns.dropFirst().map { Array($0[first...last]) }
        guard let start = options.month("start"), let startIndex = periods.firstIndex(of: start), startIndex >= 1 else {
            throw DirectiveFailure("start=\(options.month("start").map(\.description) ?? "?") is outside the data (\(periods.first?.description ?? "?")..\(periods.last?.description ?? "?"))", option: "start")
        }
        let lastOrigin = options.month("end").flatMap { periods.firstIndex(of: $0) }
        let window: EstimationWindow = options.string("window") == "rolling" ? .rolling(length: options.int("length") ?? 120) : .expanding
        let plan = ForecastPlan(horizons: horizons, firstOrigin: startIndex - 1, lastOrigin: lastOrigin, window: window,
                                reestimationStep: options.int("step") ?? 1)
        let lags = options.int("lags") ?? 12
        let forecaster: any Forecaster
        switch options.string("model") ?? "ar" {
        case "rw": forecaster = RandomWalkForecaster(name: "RW")
        case "var": forecaster = VARForecaster(lags: max(1, lags))
        case "favar": forecaster = DiffusionIndexForecaster(factors: options.int("factors") ?? 3, lags: lags)
        case "mlp": forecaster = MLPForecaster(lags: max(1, lags), options: try NNOptions.modelOptions(options, recurrent: false))
        case "lstm", "gru":
            forecaster = RecurrentForecaster(cell: options.string("model") == "gru" ? .gru : .lstm, lags: max(1, lags),
                                             options: try NNOptions.modelOptions(options, recurrent: true))
        default:
            forecaster = DirectARForecaster(lags: lags, predictorLags: predictors.isEmpty ? 0 : lags,
                                            target: options.string("form") == "change" ? .change : .level)
        }
        let comparison: ForecastComparison
        do {
            comparison = try ForecastEvaluation.run(target: target, predictors: Array(predictors), plan: plan, models: [forecaster])
        } catch let error as ForecastingError {
            throw DirectiveFailure(error.message)
        }
        return try result(comparison, model: forecaster.name, target: targetName, periods: periods)
    }

    static func result(_ comparison: ForecastComparison, model name: String, target: String, periods: [Month]) throws -> DirectiveResult {
        guard let model = comparison.models.first else { throw DirectiveFailure("no forecasts") }
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        var records: [HorizonRecord] = []
        for h in model.horizons {
            let rmse = try h.rootMeanSquaredError(), mae = try h.meanAbsoluteError()
            rows.append([.integer(h.horizon), .integer(h.forecasts.count), .number(rmse, format: ".4f"), .number(mae, format: ".4f")])
            scalars["rmse.\(h.horizon)"] = .number(rmse)
            scalars["mae.\(h.horizon)"] = .number(mae)
            scalars["n.\(h.horizon)"] = .number(Double(h.forecasts.count))
            records.append(HorizonRecord(horizon: h.horizon, periods: h.periods.map { periods[$0] }, forecasts: h.forecasts, actuals: h.actuals))
        }
        let firstOrigin = comparison.steps.values.compactMap { $0.first?.origin }.min().map { periods[$0].description } ?? "?"
        let lastTarget = comparison.steps.values.compactMap { $0.last?.target }.max().map { periods[$0].description } ?? "?"
        let table = ResultTable(caption: "Out-of-sample accuracy of \(name) for \(target).",
                                columns: [TableColumn("h", alignment: .right), TableColumn("n", alignment: .right),
                                          TableColumn("RMSE", alignment: .right), TableColumn("MAE", alignment: .right)],
                                rows: rows, notes: ["Forecast origins from \(firstOrigin), outcomes to \(lastTarget); \(windowText(comparison.plan)); re-estimated every \(comparison.plan.reestimationStep) origin(s)."])
        let shortest = records.min { $0.horizon < $1.horizon }
        var content: [ResultContent] = [.table(table)]
        if let shortest {
            let x = shortest.periods.map(\.decimalYear)
            let panel = FigurePanel(title: "\(target), \(shortest.horizon)-step forecasts", xAxis: FigureAxis(scale: .monthly), layers: [
                .line(LineSeries(name: "actual", x: x, y: shortest.actuals.map { $0 }, color: 0)),
                .line(LineSeries(name: name, x: x, y: shortest.forecasts.map { $0 }, style: .dashed, color: 1)),
            ])
            content.append(.figure(Figure(caption: "\(name) forecasts of \(target) against the outcomes.", spec: FigureSpec(panels: [panel]))))
        }
        let object = try JSONObject.encode(Evaluation(model: name, target: target, horizons: records))
        return DirectiveResult(content: content, scalars: scalars, object: ResultObject(kind: Evaluation.kind, payload: object))
    }

    static func windowText(_ plan: ForecastPlan) -> String {
        switch plan.window {
        case .expanding: return "expanding window"
        case .rolling(let length): return "rolling window of \(length)"
        }
    }
}
