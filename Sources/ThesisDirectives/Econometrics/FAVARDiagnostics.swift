import ThesisDocument
import ThesisModels

/// `<<favar diagnostics of=favar-fit nlags=24,36>>`: residual diagnostics of the FAVAR's VAR on
/// [F1…FK, policy rate], as two tables: the multivariate portmanteau test of residual
/// autocorrelation (plain and small-sample adjusted, statsmodels `test_whiteness`) at each `nlags=`,
/// and the Jarque-Bera-type normality test of the Cholesky-standardized residuals per component
/// and jointly (statsmodels `test_normality`; Lütkepohl 2005, sections 4.4 and 4.5).
public enum FAVARDiagnostics: Directive {
    public static let kind = "favar diagnostics"
    public static let abstract = "residual diagnostics of the FAVAR's VAR: portmanteau and normality tests"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("a fitted FAVAR's id (<<favar fit … id=NAME>>) instead of the model options") var of: ResultName?
        @Option(
            .range(1...240),
            "portmanteau lags h, each more than the VAR's lags (default: 2 and 3 times the lags)")
        var nlags: [Int]?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, of: arguments.of, ofOption: arguments.$of, context: context)
        let var_ = fit.model.varModel
        let p = var_.lags
        let lags = arguments.nlags ?? [2 * p, 3 * p]
        if let bad = lags.first(where: { $0 <= p }) {
            throw DirectiveFailure(
                "the portmanteau test needs more lags than the VAR's \(p); got \(bad)", option: arguments.$nlags)
        }
        var scalars: [String: Scalar] = [:]
        var rows: [[TableCell]] = []
        for h in lags {
            let plain = try econometrics { try var_.portmanteauTest(lags: h) }
            let adjusted = try econometrics { try var_.portmanteauTest(lags: h, adjusted: true) }
            rows.append([
                .integer(h), .number(plain.statistic, format: ".2f"), .number(plain.pValue, format: ".3f"),
                .number(adjusted.statistic, format: ".2f"), .number(adjusted.pValue, format: ".3f"),
                .integer(plain.degreesOfFreedom),
            ])
            scalars["portmanteau.\(h).statistic"] = .number(plain.statistic)
            scalars["portmanteau.\(h).pvalue"] = .number(plain.pValue)
            scalars["portmanteau.\(h).adjusted.statistic"] = .number(adjusted.statistic)
            scalars["portmanteau.\(h).adjusted.pvalue"] = .number(adjusted.pValue)
            scalars["portmanteau.\(h).df"] = .number(Double(plain.degreesOfFreedom))
        }
        let system = var_.names.joined(separator: ", ")
        let whiteness = ResultTable(
            caption: "Portmanteau tests of the FAVAR's residuals for autocorrelation.",
            columns: [
                TableColumn("h", alignment: .right), TableColumn("Q", alignment: .right),
                TableColumn("p-value", alignment: .right), TableColumn("Q adjusted", alignment: .right),
                TableColumn("p-value", alignment: .right), TableColumn("df", alignment: .right),
            ],
            rows: rows,
            notes: [
                "H0: no residual autocorrelation up to lag h in the VAR(\(p)) on [\(system)]; Q against χ²(K²(h − p)), "
                    + "the adjusted Q with Lütkepohl's small-sample correction (T = \(var_.observationCount))."
            ])

        let normal = try econometrics { try var_.normalityTest() }
        var normalRows: [[TableCell]] = []
        for (i, name) in var_.names.enumerated() {
            let statistic = normal.componentStatistic(i)
            normalRows.append([
                .text(name), .number(normal.skewness[i], format: ".3f"),
                .number(normal.excessKurtosis[i], format: ".3f"),
                .number(statistic, format: ".2f"), .number(SpecialFunctions.chiSquaredSF(statistic, 2), format: ".3f"),
            ])
            scalars["normality.\(name).skewness"] = .number(normal.skewness[i])
            scalars["normality.\(name).kurtosis"] = .number(normal.excessKurtosis[i])
            scalars["normality.\(name).statistic"] = .number(statistic)
        }
        normalRows.append([
            .text("joint"), .missing, .missing, .number(normal.statistic, format: ".2f"),
            .number(normal.pValue, format: ".3f"),
        ])
        scalars["normality.statistic"] = .number(normal.statistic)
        scalars["normality.pvalue"] = .number(normal.pValue)
        scalars["normality.skewness.statistic"] = .number(normal.skewnessStatistic)
        scalars["normality.kurtosis.statistic"] = .number(normal.kurtosisStatistic)
        let normality = ResultTable(
            caption: "Normality of the FAVAR's residuals.",
            columns: [
                TableColumn("component"), TableColumn("skewness", alignment: .right),
                TableColumn("excess kurtosis", alignment: .right), TableColumn("JB", alignment: .right),
                TableColumn("p-value", alignment: .right),
            ],
            rows: normalRows,
            notes: [
                "Jarque-Bera-type tests on the Cholesky-standardized residuals (ordered as the VAR): each "
                    + "component against χ²(2), jointly against χ²(\(2 * var_.names.count)). H0: Gaussian errors."
            ])
        return DirectiveResult(content: [.table(whiteness), .table(normality)], scalars: scalars)
    }
}
