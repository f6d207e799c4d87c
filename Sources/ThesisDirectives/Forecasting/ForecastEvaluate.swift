import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<forecast evaluate data=D target=UNRATE model=ar lags=12 horizon=1,3,6,12 start=2000-01
/// window=expanding step=12 id=e_ar>>`: the pseudo-out-of-sample protocol for one model — direct
/// (or, for VAR, iterated) forecasts from every origin from `start`, re-estimated every `step`
/// periods on a rolling or expanding window, with no look-ahead. Later `compare` directives use it.
/// A network's final fit (the one that made the last forecast at the first horizon listed) is
/// saved as a model: from the same window it predicts the same forecast.
public enum ForecastEvaluate: Directive {
    public static let kind = "forecast evaluate"
    public static let abstract = "pseudo-out-of-sample forecasts of one model: RMSE and MAE by horizon"
    public static let version = 3  // 3: a network's final fit (first horizon) is saved as a model
    public static let outputs: Set<OutputKind> = [.table, .figure]

    /// The forecasting models.
    enum Model: String, ArgumentChoice {
        case ar, rw, `var`, diffusion, favarVAR = "favar-var", mlp, lstm, gru
        /// The old name of `diffusion`: an error saying so.
        case favar
    }

    /// What the AR model forecasts.
    enum Form: String, ArgumentChoice {
        case level, change
    }

    /// The estimation window.
    enum Window: String, ArgumentChoice {
        case expanding, rolling
    }

    public struct Arguments: DirectiveArguments {
        @Option("the data set or prepared panel") var data: DataName
        @Option("the series to forecast") var target: String
        @Option(
            "ar: direct AR(p) by OLS; rw: random walk (no change); var: iterated VAR(p) on the target and "
                + "predictors; diffusion: direct forecasts on principal-component factors of the predictors "
                + "(default: every other series) re-estimated on each window and lags of the target (Stock and Watson "
                + "2002); favar-var: the FAVAR's own forecasts (BBE 2005): on each window the raw data set is "
                + "prepared again, the factors re-extracted, the VAR(lags) on [factors, policy rate] re-fitted and "
                + "iterated, and the target read through its loadings; mlp, lstm, gru: direct forecasts by a network "
                + "on the last lags, re-fitted on each training window; favar: the old name of diffusion"
        )
        var model = Model.ar
        @Option(.range(0...60), "lags of the target (AR, VAR)") var lags = 12
        @Option("ar: forecast the level, or the change y(t+h) − y(t) from lagged changes") var form = Form.level
        @Option(
            "other series whose lags enter (ar: as ARX; var: as VAR variables; diffusion, favar-var: the factor "
                + "panel, default every other series)"
        )
        var predictors: [String]?
        @Option(.range(1...20), "diffusion, favar-var: number of factors") var factors = 3
        @Option("favar-var: the policy rate, in levels from the raw data set, ordered last in the VAR")
        var policy = "FEDFUNDS"
        @Option(.range(1...120), "forecast horizons") var horizon = [1, 3, 6, 12]
        @Option(
            "first month of the evaluation: one-step forecasts start here, so the first origin (the last month a "
                + "forecast may use) is the month before"
        )
        var start: Month
        @Option("last forecast origin (default: as late as the data allow)") var end: Month?
        @Option("estimation window") var window = Window.expanding
        @Option(.range(12...2000), "rolling window length") var length = 120
        @Option(.range(1...240), "re-estimate every step origins") var step = 1
        @OptionGroup var dataWindow: DataWindow
        @OptionGroup var network: NetworkOptions
        @Option(
            "networks: start each re-fit from the previous origin's weights (continued training, scales of the first "
                + "fit); the origins then run in order instead of side by side"
        )
        var warm = false
        @Option("networks: your tags on the run, KEY:VALUE (e.g. stage:draft,team:macro)") var tags: [String] = []
        public init() {}
    }

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

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        _ = try RunTags.parse(arguments.tags, option: arguments.$tags)
        if !arguments.tags.isEmpty, ![.mlp, .lstm, .gru].contains(arguments.model) {
            throw DirectiveFailure(
                "tags= labels the run of a network (model=mlp, lstm or gru); model=\(arguments.model.rawValue) records no run",
                option: arguments.$tags)
        }
        if arguments.warm, ![.mlp, .lstm, .gru].contains(arguments.model) {
            throw DirectiveFailure(
                "warm=true starts a network from the previous origin's weights (model=mlp, lstm or gru); "
                    + "model=\(arguments.model.rawValue) has no weights to carry over", option: arguments.$warm)
        }
        let targetName = arguments.target
        if arguments.model == .favar {
            throw DirectiveFailure(
                "model=favar is now model=diffusion (diffusion-index forecasts, Stock and Watson 2002); "
                    + "model=favar-var gives the FAVAR's own forecasts", option: arguments.$model)
        }
        var predictorNames = arguments.predictors ?? []
        if arguments.model == .diffusion, arguments.predictors == nil {
            predictorNames = try context.frame(arguments.$data).names.filter { $0 != targetName }
        }
        if arguments.model == .favarVAR { predictorNames = [] }
        _ = try context.frame(arguments.$data).requireIndex(of: targetName, option: arguments.$target)
        let frame = try arguments.dataWindow.frame(
            context, data: arguments.$data, series: [targetName] + predictorNames,
            seriesOption: arguments.$predictors)
        guard frame.frequency != .rows else {
            throw DirectiveFailure("forecasting needs dated data", option: arguments.$data)
        }
        let horizons = arguments.horizon
        // The sample runs from the first month where every series is observed.
        let complete = frame.periods.indices.filter { t in frame.columns.allSatisfy { $0[t].isFinite } }
        guard let first = complete.first, let last = complete.last else {
            throw DirectiveFailure("no month has every series observed", option: arguments.$target)
        }
        if let gap = (first...last).first(where: { t in !frame.columns.allSatisfy { $0[t].isFinite } }) {
            throw DirectiveFailure(
                "a value is missing in \(frame.periods[gap]); prepare the data or shorten sample=",
                option: arguments.$target)
        }
        let periods = Array(frame.periods[first...last])
        let target = Array(frame.columns[0][first...last])
        var predictors = frame.columns.dropFirst().map { Array($0[first...last]) }
        var favar: FAVARVARForecaster?
        if arguments.model == .favarVAR {
            let made = try favarForecaster(arguments, context: context, periods: periods)
            favar = made.forecaster
            predictors = made.rawColumns
        }
        let start = arguments.start
        guard let startIndex = periods.firstIndex(of: start), startIndex >= 1 else {
            throw DirectiveFailure(
                "start=\(start) is outside the data "
                    + "(\(periods.first?.description ?? "?")..\(periods.last?.description ?? "?"))",
                option: arguments.$start)
        }
        var lastOrigin: Int?
        if let end = arguments.end {
            guard let index = periods.firstIndex(of: end) else {
                throw DirectiveFailure(
                    "end=\(end) is outside the data "
                        + "(\(periods.first?.description ?? "?")..\(periods.last?.description ?? "?"))",
                    option: arguments.$end)
            }
            lastOrigin = index
        }
        let window: EstimationWindow = arguments.window == .rolling ? .rolling(length: arguments.length) : .expanding
        let plan = ForecastPlan(
            horizons: horizons, firstOrigin: startIndex - 1, lastOrigin: lastOrigin, window: window,
            reestimationStep: arguments.step)
        let lags = arguments.lags
        let forecaster: any Forecaster
        switch arguments.model {
        case .rw: forecaster = RandomWalkForecaster(name: "RW")
        case .var: forecaster = VARForecaster(lags: max(1, lags))
        case .diffusion: forecaster = DiffusionIndexForecaster(factors: arguments.factors, lags: lags)
        case .favarVAR:
            guard let favar else { throw DirectiveFailure("internal error: no FAVAR forecaster") }
            forecaster = favar
        case .favar: throw DirectiveFailure("model=favar is now model=diffusion", option: arguments.$model)
        case .mlp: forecaster = MLPForecaster(lags: max(1, lags), options: arguments.network.modelOptions)
        case .lstm, .gru:
            forecaster = RecurrentForecaster(
                cell: arguments.model == .gru ? .gru : .lstm, lags: max(1, lags),
                options: arguments.network.modelOptions)
        case .ar:
            forecaster = DirectARForecaster(
                lags: lags, predictorLags: predictors.isEmpty ? 0 : lags,
                target: arguments.form == .change ? .change : .level)
        }
        let comparison: ForecastComparison
        var finalFit: (any SavableForecast)?
        do {
            let progress = context.progress
            comparison = try ForecastEvaluation.run(
                target: target, predictors: Array(predictors), plan: plan, models: [forecaster],
                workers: context.workers,
                warm: arguments.warm,
                progress: progress.map { report in { done, total in report(done, total, "fits") } }
            ) { _, horizon, fitted in
                if horizon == horizons.first { finalFit = fitted as? any SavableForecast }
            }
        } catch let error as ForecastingError {
            throw DirectiveFailure(error.message)
        }
        var evaluated = try result(comparison, model: forecaster.name, target: targetName, periods: periods)
        if [.mlp, .lstm, .gru].contains(arguments.model) {
            let run = run(arguments, comparison: comparison, scalars: evaluated.scalars)
            evaluated.run = run
            if let finalFit, let horizon = horizons.first {
                let training = ModelArtifact.Training(
                    directive: kind, options: run.params, dataHash: context.dataHash,
                    metrics: run.metrics.filter { $0.key.hasSuffix(".\(horizon)") || $0.key == "origins" },
                    seed: UInt64(arguments.network.seed))
                evaluated.model = try ModelFile.saved(
                    try neural {
                        try finalFit.artifact(
                            columns: [targetName] + predictorNames, horizon: horizon, training: training)
                    })
            }
        }
        return evaluated
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        guard [.mlp, .lstm, .gru].contains(arguments.model) else { return nil }
        return RunRecord(
            experiment: arguments.target, params: ["model": arguments.model.rawValue, "lags": String(arguments.lags)],
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging([
                "kind": "forecast-evaluate", "model": arguments.model.rawValue, "target": arguments.target,
            ]) { _, automatic in automatic })
    }

    /// The run of a network's evaluation: its settings and its accuracy by horizon, with the
    /// number of fits (one per re-estimation per horizon), in the experiment of the target.
    static func run(_ arguments: Arguments, comparison: ForecastComparison, scalars: [String: Scalar]) -> RunRecord {
        var params = arguments.network.parameters
        params["model"] = arguments.model.rawValue
        params["lags"] = String(arguments.lags)
        params["horizon"] = arguments.horizon.map(String.init).joined(separator: ",")
        params["window"] = arguments.window.rawValue
        params["step"] = String(arguments.step)
        if arguments.warm { params["warm"] = "true" }
        var metrics = scalars.compactMapValues(\.number)
        metrics["origins"] = Double(comparison.steps.values.map(\.count).max() ?? 0)
        return RunRecord(
            experiment: arguments.target, params: params, metrics: metrics,
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging([
                "kind": "forecast-evaluate", "model": arguments.model.rawValue, "target": arguments.target,
            ]) { _, automatic in automatic },
            seed: UInt64(arguments.network.seed))
    }

    /// The FAVAR-VAR forecaster and the raw series its windows hold (panel series, then the policy
    /// rate, at the evaluation's months): from the data set itself, or the one a prepared panel was
    /// made from.
    static func favarForecaster(
        _ arguments: Arguments, context: DirectiveContext, periods: [Month]
    ) throws
        -> (forecaster: FAVARVARForecaster, rawColumns: [[Double]])
    {
        let raw =
            context.objects[arguments.$data.name] != nil
            ? try context.rawSource(arguments.$data).frame : try context.frame(arguments.$data)
        let policy = arguments.policy
        _ = try raw.requireIndex(of: policy, option: arguments.$policy)
        guard arguments.target != policy else {
            throw DirectiveFailure(
                "favar-var forecasts panel series through their loadings; forecast the policy rate with model=var",
                option: arguments.$target)
        }
        var panel = arguments.predictors ?? raw.names.filter { $0 != policy }
        for name in panel where raw.index(of: name) == nil || name == policy {
            let hint = name == policy ? " (the policy rate is not part of the factor panel)" : ""
            throw DirectiveFailure(
                "'\(name)' is not a series of the raw data set\(hint)", option: arguments.$predictors)
        }
        if !panel.contains(arguments.target) {
            guard raw.index(of: arguments.target) != nil else {
                throw DirectiveFailure(
                    "'\(arguments.target)' is not a series of the raw data set the FAVAR is prepared from",
                    option: arguments.$target)
            }
            panel.insert(arguments.target, at: 0)
        }
        guard panel.count > arguments.factors else {
            throw DirectiveFailure(
                "favar-var needs more panel series than factors (\(panel.count) for factors=\(arguments.factors))",
                option: arguments.$factors)
        }
        let names = panel + [policy]
        let indices = names.map { raw.index(of: $0)! }
        let rows = Dictionary(raw.periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = indices.map { c in periods.map { rows[$0].map { raw.columns[c][$0] } ?? .nan } }
        let before = raw.periods.indices.filter { raw.periods[$0] < (periods.first ?? raw.periods[$0]) }
        let preSample = (
            periods: before.map { raw.periods[$0] }, columns: indices.map { c in before.map { raw.columns[c][$0] } }
        )
        let forecaster = FAVARVARForecaster(
            factors: arguments.factors, lags: max(1, arguments.lags), target: arguments.target, policy: policy,
            seriesNames: names, codes: indices.map { raw.transformCodes[$0] }, periods: periods, preSample: preSample)
        return (forecaster, columns)
    }

    static func result(
        _ comparison: ForecastComparison, model name: String, target: String, periods: [Month]
    ) throws -> DirectiveResult {
        guard let model = comparison.models.first else { throw DirectiveFailure("no forecasts") }
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        var records: [HorizonRecord] = []
        for h in model.horizons {
            let rmse = try h.rootMeanSquaredError(), mae = try h.meanAbsoluteError()
            rows.append([
                .integer(h.horizon), .integer(h.forecasts.count), .number(rmse, format: ".4f"),
                .number(mae, format: ".4f"),
            ])
            scalars["rmse.\(h.horizon)"] = .number(rmse)
            scalars["mae.\(h.horizon)"] = .number(mae)
            scalars["n.\(h.horizon)"] = .number(Double(h.forecasts.count))
            records.append(
                HorizonRecord(
                    horizon: h.horizon, periods: h.periods.map { periods[$0] }, forecasts: h.forecasts,
                    actuals: h.actuals))
        }
        let firstOrigin =
            comparison.steps.values.compactMap { $0.first?.origin }.min().map { periods[$0].description } ?? "?"
        let lastTarget =
            comparison.steps.values.compactMap { $0.last?.target }.max().map { periods[$0].description } ?? "?"
        let table = ResultTable(
            caption: "Out-of-sample accuracy of \(name) for \(target).",
            columns: [
                TableColumn("h", alignment: .right), TableColumn("n", alignment: .right),
                TableColumn("RMSE", alignment: .right), TableColumn("MAE", alignment: .right),
            ],
            rows: rows,
            notes: [
                "Forecast origins from \(firstOrigin), outcomes to \(lastTarget); \(windowText(comparison.plan)); "
                    + "re-estimated every \(comparison.plan.reestimationStep) origin(s)."
            ])
        let shortest = records.min { $0.horizon < $1.horizon }
        var content: [ResultContent] = [.table(table)]
        if let shortest {
            let x = shortest.periods.map(\.decimalYear)
            let panel = FigurePanel(
                title: "\(target), \(shortest.horizon)-step forecasts", xAxis: FigureAxis(scale: .monthly),
                layers: [
                    .line(LineSeries(name: "actual", x: x, y: shortest.actuals.map { $0 }, color: 0)),
                    .line(LineSeries(name: name, x: x, y: shortest.forecasts.map { $0 }, style: .dashed, color: 1)),
                ])
            content.append(
                .figure(
                    Figure(
                        caption: "\(name) forecasts of \(target) against the outcomes.",
                        spec: FigureSpec(panels: [panel]))))
        }
        let object = try JSONObject.encode(Evaluation(model: name, target: target, horizons: records))
        return DirectiveResult(
            content: content, scalars: scalars, object: ResultObject(kind: Evaluation.kind, payload: object))
    }

    static func windowText(_ plan: ForecastPlan) -> String {
        switch plan.window {
        case .expanding: return "expanding window"
        case .rolling(let length): return "rolling window of \(length)"
        }
    }
}
