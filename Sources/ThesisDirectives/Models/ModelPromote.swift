import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<model promote name=unemployment challenger=lstm holdout=panel-2021 sample=2020-01..2021-12
/// rule="rmse < 0.98 * champion">>`: scores a retrained model (the challenger) and the champion on
/// the same holdout months, and promotes the challenger when every condition of the rule holds.
///
/// The champion is `champion=` (another result that saved a model) or, without it, the model the
/// registry's `NAME@champion` points at when the build starts (its id is in the cache key). The
/// pipeline applies the decision at every build: both models become versions of `name`,
/// `challenger` points at the challenger, a promotion moves `champion`, and the decision is
/// recorded in the registry with who, what, when and why. The table shows both models' numbers.
public enum ModelPromote: Directive {
    public static let kind = "model promote"
    public static let abstract =
        "promote a retrained model to champion when a rule on the holdout says so; recorded in the registry"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("the registered name") var name: String
        @Option("a directive that saved the retrained model (nn train, ols, var fit, …)") var challenger: ResultName
        @Option("a directive that saved the model to beat (default: the registry's NAME@champion)")
        var champion: ResultName?
        @Option("the data both models are scored on (it must hold the models' target)") var holdout: DataName
        @Option("months of the holdout to score (default: all)") var sample: ClosedRange<Month>?
        @Option(
            "conditions, separated by ';' or 'and', all of which promote: MEASURE OP NUMBER [* champion] (measures: rmse, mae)"
        )
        var rule = "rmse < 0.98 * champion"
        public init() {}
    }

    public static func registryReferences(for arguments: Arguments) -> [String] {
        arguments.champion == nil ? [arguments.name + "@champion"] : []
    }

    /// The measures a rule can name.
    static let measures = ["rmse", "mae"]

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        guard ModelRegister.valid(arguments.name) else {
            throw DirectiveFailure(
                "'\(arguments.name)' is not a valid model name: use a letter, then letters, digits, '_', '-' or '.' (at most 64)",
                option: arguments.$name)
        }
        let rules = try parseRule(arguments.rule, option: arguments.$rule)
        guard let challengerBytes = context.modelFile(arguments.$challenger),
            let challengerID = try context.result(arguments.$challenger).model?.id, !challengerID.isEmpty
        else {
            throw DirectiveFailure(
                "'\(arguments.challenger.name)' saved no model; name a directive that fits one (nn train, ols, var fit, favar fit, forecast evaluate with a network)",
                option: arguments.$challenger)
        }
        let challenger = try neural { try ModelFile.decode(challengerBytes) }
        var champion: (id: String, model: ModelArtifact)?
        if arguments.champion != nil {
            guard let bytes = context.modelFile(arguments.$champion),
                let id = try context.result(arguments.$champion).model?.id, !id.isEmpty
            else {
                throw DirectiveFailure(
                    "'\(arguments.champion?.name ?? "")' saved no model; name a directive that fits one",
                    option: arguments.$champion)
            }
            champion = (id, try neural { try ModelFile.decode(bytes) })
        } else if var id = context.registeredModels[arguments.name + "@champion"] {
            // A promotion already in force is judged again against the champion it displaced.
            if id == challengerID {
                if let displaced = context.displacedChampion(arguments.name, challengerID) {
                    id = displaced
                } else {
                    id = ""
                }
            }
            if !id.isEmpty {
                guard let bytes = context.modelFileByID(id) else {
                    throw DirectiveFailure(
                        "the champion of '\(arguments.name)' (model \(id.prefix(12))) has no file in .thesis/models; rebuild the directive that saved it or name the champion with champion=",
                        option: arguments.$name)
                }
                champion = (id, try neural { try ModelFile.decode(bytes) })
            }
        }
        // The sample's months are scored; a model's lags may reach back before them.
        let holdout = try context.frame(arguments.$holdout)
        _ = try holdout.cut(to: arguments.sample, option: arguments.$sample)
        let challengerScore = try score(challenger, on: holdout, months: arguments.sample, option: arguments.$holdout)
        let championScore = try champion.map {
            try score($0.model, on: holdout, months: arguments.sample, option: arguments.$holdout)
        }
        let decision = decide(rules, challenger: challengerScore, champion: championScore)
        let promotion = Promotion(
            name: arguments.name, challengerID: challengerID, championID: champion?.id, promoted: decision.promoted,
            rule: rules.map(\.text).joined(separator: " and "), reason: decision.reason,
            challengerMetrics: challengerScore, championMetrics: championScore ?? [:])
        var result = DirectiveResult(
            content: [
                .table(
                    table(
                        promotion, challenger: (challengerID, challenger), champion: champion,
                        holdout: arguments.holdout.name, sample: arguments.sample))
            ],
            scalars: scalars(promotion))
        result.promotion = promotion
        return result
    }

    /// Reads the rule: conditions joined by ';' or ' and ', each `MEASURE OP NUMBER` or
    /// `MEASURE OP NUMBER * champion`; the issue's phrasing "challenger if … on the holdout" is
    /// accepted around them.
    static func parseRule(_ text: String, option: OptionReference) throws -> [ThresholdRule] {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.lowercased().hasPrefix("challenger if ") { body = String(body.dropFirst("challenger if ".count)) }
        if body.lowercased().hasSuffix(" on the holdout") { body = String(body.dropLast(" on the holdout".count)) }
        body = body.replacingOccurrences(of: " and ", with: ";")
        do {
            let rules = try ThresholdRule.parse(
                body, statistics: measures, registered: measures, reference: "champion")
            guard !rules.isEmpty else {
                throw ThresholdRule.Problem(description: "the rule is empty; write e.g. 'rmse < 0.98 * champion'")
            }
            return rules
        } catch let problem as ThresholdRule.Problem {
            throw DirectiveFailure(problem.description, option: option)
        }
    }

    private static func score(
        _ model: ModelArtifact, on frame: TimeSeriesFrame, months: ClosedRange<Month>?, option: OptionReference
    ) throws
        -> [String: Double]
    {
        guard model.kind != .mlpClassifier else {
            throw DirectiveFailure(
                "model promote compares regression and forecasting models by rmse and mae; this model is a classifier",
                option: option)
        }
        guard let accuracy = try ModelScoring.accuracy(model, frame: frame, months: months, option: option) else {
            throw DirectiveFailure(
                "'\(option.name)=' data do not hold the model's target (\(model.output.names.first ?? "?")) in at least two months to score",
                option: option)
        }
        return accuracy
    }

    /// Whether every condition holds, and why, with the numbers.
    static func decide(
        _ rules: [ThresholdRule], challenger: [String: Double], champion: [String: Double]?
    ) -> (promoted: Bool, reason: String) {
        guard let champion else {
            return (true, "the name has no champion yet, so the challenger becomes the first")
        }
        func f(_ v: Double) -> String { ValueFormat.format(v, spec: ".4g") }
        var held: [String] = [], failed: [String] = []
        for rule in rules {
            let value = challenger[rule.statistic] ?? .nan
            let base = champion[rule.statistic] ?? .nan
            let threshold = rule.timesRegistered ? rule.threshold * base : rule.threshold
            let measure = rule.statistic.uppercased()
            let bound =
                rule.timesRegistered
                ? "\(f(threshold)) (\(f(rule.threshold)) × the champion's \(f(base)))" : f(threshold)
            if rule.fires(value, threshold: threshold) {
                held.append("the challenger's \(measure) \(f(value)) \(rule.op) \(bound)")
            } else {
                failed.append("the challenger's \(measure) \(f(value)) is not \(rule.op) \(bound)")
            }
        }
        return failed.isEmpty
            ? (true, held.joined(separator: " and "))
            : (false, failed.joined(separator: " and "))
    }

    private static func table(
        _ promotion: Promotion, challenger: (id: String, model: ModelArtifact),
        champion: (id: String, model: ModelArtifact)?, holdout: String, sample: ClosedRange<Month>?
    ) -> ResultTable {
        func number(_ metrics: [String: Double], _ key: String, _ format: String) -> TableCell {
            metrics[key].map { .number($0, format: format) } ?? .text("–")
        }
        func recorded(_ model: ModelArtifact?) -> TableCell {
            guard let model, let value = ModelScoring.recordedMetric("rmse", model) else { return .text("–") }
            return .number(value, format: ".4f")
        }
        let championMetrics = promotion.championMetrics
        let rows: [[TableCell]] = [
            [
                .text("Model"), .text(String(challenger.id.prefix(12))),
                .text(champion.map { String($0.id.prefix(12)) } ?? "none"),
            ],
            [.text("Kind"), .text(challenger.model.kind.rawValue), .text(champion?.model.kind.rawValue ?? "–")],
            [
                .text("RMSE (holdout)"), number(promotion.challengerMetrics, "rmse", ".4f"),
                number(championMetrics, "rmse", ".4f"),
            ],
            [
                .text("MAE (holdout)"), number(promotion.challengerMetrics, "mae", ".4f"),
                number(championMetrics, "mae", ".4f"),
            ],
            [
                .text("Months scored"), number(promotion.challengerMetrics, "n", ".0f"),
                number(championMetrics, "n", ".0f"),
            ],
            [.text("RMSE recorded at fitting (test)"), recorded(challenger.model), recorded(champion?.model)],
        ]
        let where_ = "\(holdout)" + (sample.map { " \($0.lowerBound)–\($0.upperBound)" } ?? "")
        let verdict =
            promotion.promoted
            ? "The challenger becomes the champion of \(promotion.name)"
            : "The champion of \(promotion.name) stays"
        return ResultTable(
            caption: "Challenger against champion for \(promotion.name) on the holdout (\(where_)).",
            columns: [
                TableColumn("Measure"), TableColumn("Challenger", alignment: .right),
                TableColumn("Champion", alignment: .right),
            ],
            rows: rows,
            notes: [
                "\(verdict): \(promotion.reason) "
                    + "(rule: \(promotion.rule)).",
                "Model: the first 12 characters of the SHA-256 of its file in .thesis/models. The decision is "
                    + "recorded in the registry (thesis models promotions).",
            ])
    }

    private static func scalars(_ promotion: Promotion) -> [String: Scalar] {
        var scalars: [String: Scalar] = [
            "promoted": .number(promotion.promoted ? 1 : 0),
            "decision": .text(promotion.promoted ? "promoted" : "refused"),
            "reason": .text(promotion.reason),
            "challenger_id": .text(promotion.challengerID),
        ]
        if let champion = promotion.championID { scalars["champion_id"] = .text(champion) }
        for (key, value) in promotion.challengerMetrics { scalars["challenger.\(key)"] = .number(value) }
        for (key, value) in promotion.championMetrics { scalars["champion.\(key)"] = .number(value) }
        return scalars
    }
}
