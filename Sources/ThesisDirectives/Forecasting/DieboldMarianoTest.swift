import ThesisDocument
import ThesisModels

/// `<<dm data=preds actual=y first=f_ar second=f_lstm horizon=1 loss=squared>>`: the Diebold-Mariano
/// test of equal predictive accuracy with the Harvey-Leybourne-Newbold correction, as R's
/// `forecast::dm.test` (and PyPI `dieboldmariano`).
public enum DieboldMarianoTest: Directive {
    public static let kind = "dm"
    public static let abstract = "Diebold-Mariano test of equal forecast accuracy (HLN correction, as R dm.test)"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]
    public static let options: [OptionSpec] = [
        OptionSpec("data", .data, required: true, "the data set or id holding the columns"),
        OptionSpec("actual", .text, required: true, "column of realised values"),
        OptionSpec("first", .text, required: true, "column of the first forecast"),
        OptionSpec("second", .text, required: true, "column of the second forecast"),
        OptionSpec("horizon", .integer(min: 1, max: 120), default: .integer(1), "forecast horizon h (autocovariances to lag h − 1)"),
        OptionSpec("loss", .choice(["squared", "absolute"]), default: .word("squared"), "loss function"),
        OptionSpec("alternative", .choice(["two-sided", "less", "greater"]), default: .word("two-sided"),
                   "alternative hypothesis: 'less' means the first forecast is more accurate"),
        DataOptions.sample,
    ]

    public static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try DataOptions.frame(options, context: context)
        var columns: [[Double]] = []
        for option in ["actual", "first", "second"] {
            let name = options.string(option) ?? ""
            _ = try frame.requireSeries([name], option: option)
            columns.append(frame.column(named: name) ?? [])
        }
        let rows = columns[0].indices.filter { t in columns.allSatisfy { $0[t].isFinite } }
        let alternative: DieboldMariano.Alternative = {
            switch options.string("alternative") {
            case "less": return .less
            case "greater": return .greater
            default: return .twoSided
            }
        }()
        let result: DieboldMariano.Result
        do {
            result = try DieboldMariano.test(actual: rows.map { columns[0][$0] }, forecast1: rows.map { columns[1][$0] },
                                             forecast2: rows.map { columns[2][$0] }, horizon: options.int("horizon") ?? 1,
                                             power: options.string("loss") == "absolute" ? 1 : 2, alternative: alternative)
        } catch let error as MetricsError {
            throw DirectiveFailure(error.description)
        }
        let first = options.string("first") ?? "", second = options.string("second") ?? ""
        let table = ResultTable(columns: [TableColumn("Comparison"), TableColumn("DM", alignment: .right), TableColumn("p-value", alignment: .right),
                                          TableColumn("n", alignment: .right)],
                                rows: [[.text("\(first) vs \(second)"), .number(result.statistic, format: ".3f"), .number(result.pValue, format: ".4f"), .integer(result.count)]],
                                notes: ["Diebold and Mariano (1995) with the Harvey, Leybourne and Newbold (1997) correction; \(options.string("loss") ?? "squared") loss, h = \(result.horizon), \(options.string("alternative") ?? "two-sided"); t with \(result.degreesOfFreedom) df. A negative statistic favours \(first)."])
        return DirectiveResult(content: [.table(table)],
                               scalars: ["statistic": .number(result.statistic), "pvalue": .number(result.pValue), "n": .number(Double(result.count))])
    }
}
