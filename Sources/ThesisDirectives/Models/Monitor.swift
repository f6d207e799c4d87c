import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<monitor reference=fredmd-2023 data=fredmd-2024 of=lstm rules="psi > 0.2; rmse > 1.25 *
/// registered" warn=true>>`: how far new data has moved from the data a model was trained on.
///
/// For each feature (the model's input columns, or `series=`): the population stability index,
/// the two-sample Kolmogorov-Smirnov statistic and p-value, and tests of equal means (Welch) and
/// variances (Brown-Forsythe), all matched to scipy. With `of=` (a directive that saved a model)
/// the model's predictions on both data sets are compared the same way (`prediction`), and where
/// the new data holds the model's target its RMSE and MAE there are set against the RMSE and MAE
/// the model recorded when it was fitted (`registered`). Rules that fire are alerts: the build
/// exits 2 unless the monitor says `warn=true`.
public enum Monitor: Directive {
    public static let kind = "monitor"
    public static let abstract =
        "drift of new data from a model's training data (PSI, KS, mean and variance tests), its performance, alerts"
    public static let version = 2
    public static let outputs: Set<OutputKind> = [.table, .figure]

    public struct Arguments: DirectiveArguments {
        @Option("the data the model was trained on (or any reference data)") var reference: DataName
        @Option("the new data") var data: DataName
        @Option("a directive that saved a model (nn train, ols, var fit, …): its predictions and performance too")
        var of: ResultName?
        @Option("features to compare (default: the model's input columns, else every column both data sets have)")
        var series: [String]?
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        @Option(name: "reference-sample", "months of the reference data to use (default: all)")
        var referenceSample: ClosedRange<Month>?
        @Option(
            "rules, separated by ';': STATISTIC OP NUMBER, on every feature (\(FeatureDrift.statistics.joined(separator: ", "))) or on performance (rmse, mae: NUMBER or NUMBER * registered)"
        )
        var rules: String?
        @Option("alerts are warnings: listed and sent, but the build exits 0") var warn = false
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let rules: [ThresholdRule]
        do {
            rules = try ThresholdRule.parse(
                arguments.rules ?? "", statistics: FeatureDrift.statistics + Self.performance,
                registered: Self.performance)
        } catch let problem as ThresholdRule.Problem {
            throw DirectiveFailure(problem.description, option: arguments.$rules)
        }
        let referenceData = try context.frame(arguments.$reference)
        let currentData = try context.frame(arguments.$data)
        let reference = try referenceData.cut(to: arguments.referenceSample, option: arguments.$referenceSample)
        let current = try currentData.cut(to: arguments.sample, option: arguments.$sample)
        var model: ModelArtifact?
        if arguments.of != nil {
            guard let bytes = context.modelFile(arguments.$of) else {
                throw DirectiveFailure(
                    "'\(arguments.of?.name ?? "")' saved no model; name a directive that fits one (nn train, ols, var fit, favar fit, forecast evaluate with a network)",
                    option: arguments.$of)
            }
            model = try neural { try ModelFile.decode(bytes) }
        }
        let features = try featureNames(arguments, model: model, reference: reference, current: current)
        var drifts: [FeatureDrift] = []
        for name in features {
            drifts.append(
                try compare(
                    name, reference: try column(name, in: reference, option: arguments.$reference),
                    current: try column(name, in: current, option: arguments.$data)))
        }
        var performance: [(name: String, value: Double, registered: Double?)] = []
        if let model {
            // Predictions for the samples' months, from inputs that may reach back before them.
            let (referencePredictions, _) = try ModelScoring.predictions(
                model, frame: referenceData, months: arguments.referenceSample, option: arguments.$reference)
            let (currentPredictions, targets) = try ModelScoring.predictions(
                model, frame: currentData, months: arguments.sample, option: arguments.$data)
            drifts.append(try compare("prediction", reference: referencePredictions, current: currentPredictions))
            if let targets, let accuracy = try ModelScoring.accuracy(predicted: currentPredictions, targets: targets) {
                performance = Self.performance.map {
                    ($0, accuracy[$0] ?? .nan, ModelScoring.recordedMetric($0, model))
                }
            }
        }
        let alerts = try evaluate(
            rules, drifts: drifts, performance: performance, warn: arguments.warn, option: arguments.$rules)
        return result(drifts: drifts, performance: performance, alerts: alerts, rules: rules, warn: arguments.warn)
    }

    /// The performance measures a rule can name (with `* registered`: a multiple of what the model recorded).
    static let performance = ["rmse", "mae"]

    // MARK: - Inputs

    private static func featureNames(
        _ arguments: Arguments, model: ModelArtifact?, reference: TimeSeriesFrame, current: TimeSeriesFrame
    ) throws -> [String] {
        if let series = arguments.series, !series.isEmpty { return series }
        // The model's numeric inputs (the drift statistics are for numbers, not categories).
        if let model { return model.input.rawColumns.filter { model.input.encoding(of: $0) == nil } }
        let common = reference.names.filter(current.names.contains)
        guard !common.isEmpty else {
            throw DirectiveFailure(
                "the two data sets have no column in common; name the features with series=", option: arguments.$data)
        }
        return common
    }

    private static func column(_ name: String, in frame: TimeSeriesFrame, option: OptionReference) throws -> [Double] {
        guard let i = frame.names.firstIndex(of: name) else {
            throw DirectiveFailure(
                "'\(name)' is not a column of '\(option.name)=' data\(Suggestions.didYouMean(name, in: frame.names))",
                option: option)
        }
        return frame.columns[i].filter(\.isFinite)
    }

    private static func compare(_ name: String, reference: [Double], current: [Double]) throws -> FeatureDrift {
        do {
            return try DriftStatistics.compare(name: name, reference: reference, current: current)
        } catch let problem as DriftStatistics.Problem {
            throw DirectiveFailure(problem.description)
        }
    }

    // MARK: - Rules

    static func evaluate(
        _ rules: [ThresholdRule], drifts: [FeatureDrift],
        performance: [(name: String, value: Double, registered: Double?)],
        warn: Bool, option: OptionReference
    ) throws -> [Alert] {
        var alerts: [Alert] = []
        for rule in rules {
            if let measure = performance.first(where: { $0.name == rule.statistic }) {
                var threshold = rule.threshold
                if rule.timesRegistered {
                    guard let registered = measure.registered else {
                        throw DirectiveFailure(
                            "the rule '\(rule.text)' needs the model's recorded \(rule.statistic), and the model recorded none",
                            option: option)
                    }
                    threshold *= registered
                }
                if rule.fires(measure.value, threshold: threshold) {
                    alerts.append(
                        Alert(
                            rule: rule.text, subject: rule.statistic, value: measure.value, threshold: threshold,
                            warn: warn))
                }
            } else if Self.performance.contains(rule.statistic) {
                throw DirectiveFailure(
                    "the rule '\(rule.text)' needs the model's performance: give of= and new data that hold its target",
                    option: option)
            } else {
                for drift in drifts {
                    guard let value = drift.value(rule.statistic), value.isFinite else { continue }
                    if rule.fires(value, threshold: rule.threshold) {
                        alerts.append(
                            Alert(
                                rule: rule.text, subject: drift.name, value: value, threshold: rule.threshold,
                                warn: warn))
                    }
                }
            }
        }
        return alerts
    }

    // MARK: - Output

    private static func result(
        drifts: [FeatureDrift], performance: [(name: String, value: Double, registered: Double?)], alerts: [Alert],
        rules: [ThresholdRule], warn: Bool
    ) -> DirectiveResult {
        var scalars: [String: Scalar] = ["alerts": .number(Double(alerts.count))]
        let fired = Set(alerts.map(\.subject))
        let flagged = drifts.contains { fired.contains($0.name) }
        let rows: [[TableCell]] = drifts.map { d in
            for statistic in FeatureDrift.statistics {
                scalars["\(d.name).\(statistic)"] = d.value(statistic).map(Scalar.number)
            }
            func f(_ v: Double, _ spec: String) -> String { ValueFormat.format(v, spec: spec) }
            return [
                .text(d.name), .number(d.psi, format: ".3f"),
                .text("\(f(d.ks, ".3f")) (\(f(d.ksPValue, ".2g")))"),
                .text("\(f(d.value("mean_shift") ?? .nan, ".2f")) (\(f(d.meanPValue, ".2g")))"),
                .text("\(f(d.currentVariance / d.referenceVariance, ".3g")) (\(f(d.variancePValue, ".2g")))"),
            ] + (flagged ? [.text(fired.contains(d.name) ? "alert" : "")] : [])
        }
        var notes = [
            "PSI over the reference's deciles (below 0.1 is usually read as stable, above 0.25 as a major shift); "
                + "KS: two-sample Kolmogorov-Smirnov statistic (asymptotic p-value); mean shift: new mean less the "
                + "reference's, in reference standard deviations (p: Welch's t-test); variance ratio new / reference "
                + "(p: Brown-Forsythe, scipy levene).",
            "Observations, reference / new: "
                + drifts.map { "\($0.name) \($0.referenceCount) / \($0.currentCount)" }.joined(separator: ", ") + ".",
        ]
        for measure in performance {
            scalars[measure.name] = .number(measure.value)
            if let registered = measure.registered { scalars["\(measure.name).registered"] = .number(registered) }
            notes.append(
                "\(measure.name.uppercased()) on the new data: \(ValueFormat.format(measure.value, spec: ".4g"))"
                    + (measure.registered.map {
                        " (recorded at fitting: \(ValueFormat.format($0, spec: ".4g")), ratio \(ValueFormat.format(measure.value / $0, spec: ".3f")))"
                    } ?? ""))
        }
        if !rules.isEmpty {
            notes.append(
                alerts.isEmpty
                    ? "Rules \(rules.map(\.text).joined(separator: "; ")): none fired."
                    : "Alerts\(warn ? " (warnings)" : ""): " + alerts.map(\.summary).joined(separator: "; ") + ".")
        }
        let table = ResultTable(
            caption: "Drift of the new data from the reference data"
                + (drifts.contains { $0.name == "prediction" } ? ", of the model's predictions" : "")
                + (performance.isEmpty ? "" : " and the model's accuracy on the new data") + ".",
            columns: [
                TableColumn("Feature"), TableColumn("PSI", alignment: .right), TableColumn("KS (p)", alignment: .right),
                TableColumn("Mean shift (p)", alignment: .right), TableColumn("Var. ratio (p)", alignment: .right),
            ] + (flagged ? [TableColumn("")] : []),
            rows: rows, notes: notes)
        var layers: [FigureLayer] = [.bars(BarSeries(name: "PSI", values: drifts.map { $0.psi }, color: 0))]
        layers.append(.rule(Rule(x: 0.1, style: .dotted)))
        layers.append(.rule(Rule(x: 0.25, style: .dashed)))
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "population stability index", minimum: 0),
            yAxis: FigureAxis(categories: drifts.map(\.name)), layers: layers, barOrientation: .horizontal)
        let figure = Figure(
            caption: "Drift of each feature from the reference data (PSI); dotted at 0.1, dashed at 0.25.",
            spec: FigureSpec(height: min(600, max(150, 24 * Double(drifts.count) + 80)), panels: [panel], legend: .none)
        )
        var result = DirectiveResult(content: [.table(table), .figure(figure)], scalars: scalars)
        result.alerts = alerts
        return result
    }
}
