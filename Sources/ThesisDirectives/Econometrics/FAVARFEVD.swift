import ThesisDocument
import ThesisModels

/// `<<favar fevd horizon=60>>`: BBE's Table I — the share of each series' common-component
/// forecast-error variance due to the policy shock at a horizon, and the series' R² on [F, R].
public enum FAVARFEVD: Directive {
    public static let kind = "favar fevd"
    public static let abstract =
        "share of the common components' forecast-error variance due to the policy shock (BBE Table I)"
    public static let version = 2  // 2: the policy rate in levels from the raw series, left out of the EM
    public static let outputs: Set<OutputKind> = [.table]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("a fitted FAVAR's id (<<favar fit … id=NAME>>) instead of the model options") var of: ResultName?
        @Option("series listed (default: BBE's set where present)") var series: [String]?
        @Option(.range(1...240), "forecast horizon in months") var horizon = 60
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, of: arguments.of, ofOption: arguments.$of, context: context)
        let series = try fit.responseSeries(arguments.series, option: arguments.$series).filter {
            $0 != fit.model.policyName
        }
        let horizon = arguments.horizon
        let fevd = try econometrics { try fit.model.commonComponentFEVD(horizon: horizon, series: series) }
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        for (i, name) in fevd.names.enumerated() {
            rows.append([
                .text(name), .number(fevd.policyShare[i], format: ".1%"), .number(fevd.rSquared[i], format: ".3f"),
            ])
            scalars["\(name).share"] = .number(fevd.policyShare[i])
            scalars["\(name).r2"] = .number(fevd.rSquared[i])
        }
        let table = ResultTable(
            columns: [
                TableColumn("Series"), TableColumn("Policy share", alignment: .right),
                TableColumn("R²", alignment: .right),
            ],
            rows: rows,
            notes: fit.notes + [
                "Share of the \(horizon)-month forecast-error variance of each series' common component due to the "
                    + "\(fit.model.policyName) shock, and the R² of the series on [F, \(fit.model.policyName)] "
                    + "(Bernanke, Boivin and Eliasz 2005, Table I)."
            ])
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
