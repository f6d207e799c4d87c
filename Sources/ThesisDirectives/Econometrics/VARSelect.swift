import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<var select data=macro series=a,b,c maxlags=8>>`: lag order selection by AIC, BIC, HQ and
/// FPE, every p estimated on the same sample (statsmodels `select_order`). Scalars: the orders
/// chosen (`aic`, `bic`, `hqic`, `fpe`) and each criterion at each order (`aic.4`, …).
public enum VARSelect: Directive {
    public static let kind = "var select"
    public static let abstract = "choose the lag order by AIC, BIC, HQ and FPE on a common sample"
    public static let version = 2  // 2: each criterion at each order as a scalar
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("the data set or a prepared panel's id") var data: DataName
        @Option("the VAR's variables, in Cholesky order (default: every series of the data)") var series: [String]?
        @OptionGroup var window: DataWindow
        @Option(.range(1...60), "largest lag order considered") var maxlags = 8
        @Option("deterministic terms: none, constant, constant and trend") var trend = VARTrend.constant
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        var frame = try arguments.window.frame(
            context, data: arguments.$data, series: arguments.series,
            seriesOption: arguments.$series)
        frame = try FittedVAR.trimToCompleteRows(frame, seriesOption: arguments.$series)
        let data = try econometrics { try Matrix(columns: frame.columns) }
        let selection = try econometrics {
            try VARModel.selectOrder(data: data, names: frame.names, maxLags: arguments.maxlags, trend: arguments.trend)
        }
        return result(selection)
    }

    /// The criteria table (the minimum of each marked) and the selected orders as scalars; also
    /// `favar select`'s.
    static func result(_ selection: VARLagOrderSelection, note: String? = nil) -> DirectiveResult {
        let chosen = [selection.selectedAIC, selection.selectedBIC, selection.selectedHQIC, selection.selectedFPE]
        var rows: [[TableCell]] = []
        for (i, p) in selection.lags.enumerated() {
            let values = [selection.aic[i], selection.bic[i], selection.hqic[i], selection.fpe[i]]
            rows.append(
                [.integer(p)]
                    + values.enumerated().map { c, v in
                        .text(ValueFormat.format(v, spec: c == 3 ? ".4e" : ".4f") + (chosen[c] == p ? "*" : ""))
                    })
        }
        let table = ResultTable(
            columns: [
                TableColumn("p", alignment: .right), TableColumn("AIC", alignment: .right),
                TableColumn("BIC", alignment: .right),
                TableColumn("HQ", alignment: .right), TableColumn("FPE", alignment: .right),
            ],
            rows: rows,
            notes: [
                (note.map { $0 + " " } ?? "") + "Each p estimated on the same \(selection.observationCount) "
                    + "observations; * marks the minimum of each criterion."
            ])
        var scalars: [String: Scalar] = [
            "aic": .number(Double(selection.selectedAIC)), "bic": .number(Double(selection.selectedBIC)),
            "hqic": .number(Double(selection.selectedHQIC)), "fpe": .number(Double(selection.selectedFPE)),
        ]
        // Each criterion at each order: `aic.4`, `fpe.12`, …
        for (i, p) in selection.lags.enumerated() {
            scalars["aic.\(p)"] = .number(selection.aic[i])
            scalars["bic.\(p)"] = .number(selection.bic[i])
            scalars["hqic.\(p)"] = .number(selection.hqic[i])
            scalars["fpe.\(p)"] = .number(selection.fpe[i])
        }
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
