import Foundation
import ThesisDocument
import ThesisModels

/// `<<compare of=e_ar,e_lstm,e_favar benchmark=e_ar>>`: models × horizons — RMSE, MAE, RMSE
/// relative to the benchmark and the Diebold-Mariano p-value against it (HLN-corrected, squared
/// loss, h − 1 autocovariances), on the months every model forecast; and a figure of each model's
/// RMSE relative to the benchmark, one horizontal bar per horizon, read against a line at 1.
public enum Compare: Directive {
    public static let kind = "compare"
    public static let abstract = "compare forecast evaluations: RMSE, MAE, relative RMSE and Diebold-Mariano tests"
    public static let version = 2  // 2: the figure is a relative-RMSE bar chart
    public static let outputs: Set<OutputKind> = [.table, .figure]

    public struct Arguments: DirectiveArguments {
        @Option("ids of forecast evaluate results, e.g. e_ar,e_lstm") var of: [ResultName]
        @Option("the id of the benchmark evaluation (default: the first)") var benchmark: ResultName?
        @Option("loss of the Diebold-Mariano test") var loss = LossKind.squared
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let ids = arguments.of.map(\.name)
        let evaluations = try zip(ids, context.resultLists[arguments.$of.name] ?? []).map {
            id, result -> ForecastEvaluate.Evaluation in
            guard let object = result.object, object.kind == ForecastEvaluate.Evaluation.kind,
                let evaluation = try? JSONDecoder().decode(ForecastEvaluate.Evaluation.self, from: object.payload)
            else {
                throw DirectiveFailure(
                    "'\(id)' is not a forecast evaluation (<<forecast evaluate … id=\(id)>>)", option: arguments.$of)
            }
            return evaluation
        }
        guard evaluations.count >= 2 else {
            throw DirectiveFailure("compare needs at least two evaluations", option: arguments.$of)
        }
        let benchmarkID = arguments.benchmark?.name ?? ids[0]
        guard let b = ids.firstIndex(of: benchmarkID) else {
            throw DirectiveFailure(
                "benchmark '\(benchmarkID)' is not among of=\(ids.joined(separator: ","))", option: arguments.$benchmark
            )
        }
        let names = disambiguated(evaluations.map(\.model), ids: ids)
        let power: Double = arguments.loss == .absolute ? 1 : 2
        let horizons = Set(evaluations.flatMap { $0.horizons.map(\.horizon) }).sorted()
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        for h in horizons {
            // Common months: every model forecast them at this horizon.
            let records = evaluations.map { $0.horizons.first { $0.horizon == h } }
            guard records.allSatisfy({ $0 != nil }) else { continue }
            let common =
                records.compactMap { $0.map { Set($0.periods) } }.reduce(nil) { (acc: Set<Month>?, s) in
                    acc.map { $0.intersection(s) } ?? s
                } ?? []
            let months = common.sorted()
            guard months.count >= 3 else { continue }
            func aligned(_ r: ForecastEvaluate.HorizonRecord) -> (f: [Double], y: [Double]) {
                let index = Dictionary(uniqueKeysWithValues: r.periods.enumerated().map { ($1, $0) })
                return (
                    months.compactMap { index[$0].map { r.forecasts[$0] } },
                    months.compactMap { index[$0].map { r.actuals[$0] } }
                )
            }
            let data = records.compactMap { $0 }.map(aligned)
            let bench = data[b]
            let benchRMSE = try metric {
                try RegressionMetrics.rootMeanSquaredError(actual: bench.y, predicted: bench.f)
            }
            for (m, series) in data.enumerated() {
                let rmse = try metric {
                    try RegressionMetrics.rootMeanSquaredError(actual: series.y, predicted: series.f)
                }
                let mae = try metric { try RegressionMetrics.meanAbsoluteError(actual: series.y, predicted: series.f) }
                var dmCell = TableCell.text("–")
                if m != b {
                    if let dm = try? DieboldMariano.test(
                        errors1: zip(series.y, series.f).map { $0 - $1 },
                        errors2: zip(bench.y, bench.f).map { $0 - $1 },
                        horizon: h, power: power)
                    {
                        dmCell = .text(ValueFormat.format(dm.pValue, spec: ".3f") + stars(dm.pValue))
                        scalars["\(ids[m]).dm.\(h)"] = .number(dm.statistic)
                        scalars["\(ids[m]).pvalue.\(h)"] = .number(dm.pValue)
                    } else {
                        dmCell = .text("n/a")
                    }
                }
                rows.append([
                    .text(m == 0 ? "\(h)" : ""), .text(names[m] + (m == b ? " (benchmark)" : "")),
                    .integer(months.count),
                    .number(rmse, format: ".4f"), .number(mae, format: ".4f"), .number(rmse / benchRMSE, format: ".3f"),
                    dmCell,
                ])
                scalars["\(ids[m]).rmse.\(h)"] = .number(rmse)
                scalars["\(ids[m]).mae.\(h)"] = .number(mae)
                scalars["\(ids[m]).relative.\(h)"] = .number(rmse / benchRMSE)
            }
        }
        guard !rows.isEmpty else {
            throw DirectiveFailure(
                "the evaluations share no horizon with at least three common months", option: arguments.$of)
        }
        let table = ResultTable(
            caption: "Forecast accuracy by horizon, relative to \(names[b]).",
            columns: [
                TableColumn("h", alignment: .right), TableColumn("Model"), TableColumn("n", alignment: .right),
                TableColumn("RMSE", alignment: .right), TableColumn("MAE", alignment: .right),
                TableColumn("Relative RMSE", alignment: .right), TableColumn("DM p-value", alignment: .right),
            ],
            rows: rows,
            notes: [
                "Same months for every model at each horizon. Diebold-Mariano test against \(names[b]) with the "
                    + "Harvey-Leybourne-Newbold correction (\(power == 2 ? "squared" : "absolute") loss); * p < "
                    + "0.10, ** p < 0.05, *** p < 0.01."
            ])
        let figure = relativeFigure(
            names: names, ids: ids, benchmark: b, horizons: horizons, scalars: scalars,
            target: evaluations[b].target)
        return DirectiveResult(content: [.table(table)] + (figure.map { [.figure($0)] } ?? []), scalars: scalars)
    }

    /// Relative RMSE by model (one row each, the benchmark at 1) and horizon (one bar each), with a
    /// dashed line at 1: bars shorter than it beat the benchmark. nil when no horizon was compared.
    static func relativeFigure(
        names: [String], ids: [String], benchmark b: Int, horizons: [Int], scalars: [String: Scalar], target: String
    ) -> Figure? {
        let compared = horizons.filter { h in scalars["\(ids[b]).relative.\(h)"] != nil }
        guard !compared.isEmpty else { return nil }
        var layers: [FigureLayer] = compared.enumerated().map { k, h in
            .bars(
                BarSeries(
                    name: "h = \(h)", values: ids.map { scalars["\($0).relative.\(h)"]?.number }, color: k))
        }
        layers.append(.rule(Rule(x: 1, style: .dashed)))
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "RMSE relative to \(names[b])", minimum: 0), yAxis: FigureAxis(categories: names),
            layers: layers, barOrientation: .horizontal)
        let height = min(600, max(150, 26 * Double(names.count) * max(1, Double(compared.count) * 0.6) + 70))
        return Figure(
            caption: "Root mean squared error of the forecasts of \(target) relative to \(names[b]), by horizon; "
                + "bars short of the dashed line beat \(names[b]).",
            spec: FigureSpec(height: height, panels: [panel], legend: compared.count > 1 ? .bottom : .none))
    }

    static func stars(_ p: Double) -> String { p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "" }

    /// Model names, made unique with their ids when two evaluations share a name.
    static func disambiguated(_ names: [String], ids: [String]) -> [String] {
        names.enumerated().map { i, name in names.filter { $0 == name }.count > 1 ? "\(name) [\(ids[i])]" : name }
    }

    private static func metric(_ body: () throws -> Double) throws -> Double {
        do { return try body() } catch let error as MetricsError { throw DirectiveFailure(error.description) }
    }
}

/// The loss of a Diebold-Mariano test.
enum LossKind: String, ArgumentChoice {
    case squared, absolute
}
