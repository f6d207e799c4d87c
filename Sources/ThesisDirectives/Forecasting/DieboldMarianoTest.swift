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

    /// The alternative hypothesis.
    enum AlternativeChoice: String, ArgumentChoice {
        case twoSided = "two-sided", less, greater

        var engine: DieboldMariano.Alternative {
            switch self {
            case .twoSided: return .twoSided
            case .less: return .less
            case .greater: return .greater
            }
        }
    }

    public struct Arguments: DirectiveArguments {
        @Option("the data set or id holding the columns") var data: DataName
        @Option("column of realised values") var actual: String
        @Option("column of the first forecast") var first: String
        @Option("column of the second forecast") var second: String
        @Option(.range(1...120), "forecast horizon h (autocovariances to lag h − 1)") var horizon = 1
        @Option("loss function") var loss = LossKind.squared
        @Option("alternative hypothesis: 'less' means the first forecast is more accurate")
        var alternative = AlternativeChoice.twoSided
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try context.frame(arguments.$data).cut(to: arguments.sample, option: arguments.$sample)
        var columns: [[Double]] = []
        for (name, option) in [
            (arguments.actual, arguments.$actual), (arguments.first, arguments.$first),
            (arguments.second, arguments.$second),
        ] {
            columns.append(frame.columns[try frame.requireIndex(of: name, option: option)])
        }
        let rows = columns[0].indices.filter { t in columns.allSatisfy { $0[t].isFinite } }
        let alternative = arguments.alternative.engine
        let result: DieboldMariano.Result
        do {
            result = try DieboldMariano.test(
                actual: rows.map { columns[0][$0] }, forecast1: rows.map { columns[1][$0] },
                forecast2: rows.map { columns[2][$0] }, horizon: arguments.horizon,
                power: arguments.loss == .absolute ? 1 : 2, alternative: alternative)
        } catch let error as MetricsError {
            throw DirectiveFailure(error.description)
        }
        let first = arguments.first, second = arguments.second
        let table = ResultTable(
            columns: [
                TableColumn("Comparison"), TableColumn("DM", alignment: .right),
                TableColumn("p-value", alignment: .right),
                TableColumn("n", alignment: .right),
            ],
            rows: [
                [
                    .text("\(first) vs \(second)"), .number(result.statistic, format: ".3f"),
                    .number(result.pValue, format: ".4f"), .integer(result.count),
                ]
            ],
            notes: [
                "Diebold and Mariano (1995) with the Harvey, Leybourne and Newbold (1997) correction; "
                    + "\(arguments.loss.rawValue) loss, h = \(result.horizon), \(arguments.alternative.rawValue); t "
                    + "with \(result.degreesOfFreedom) df. A negative statistic favours \(first)."
            ])
        return DirectiveResult(
            content: [.table(table)],
            scalars: [
                "statistic": .number(result.statistic), "pvalue": .number(result.pValue),
                "n": .number(Double(result.count)),
            ])
    }
}
