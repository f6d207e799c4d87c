import ThesisDocument
import ThesisModels

/// `<<favar fit data=fredmd factors=3 lags=13 id=favar1>>`: the FAVAR's VAR on [factors, policy
/// rate] (criteria, stability), the variance the factors explain, and the fit of selected series.
/// `thesis exec … --json` exports the estimates with statsmodels' names: `params` (rows
/// `param_names`), `sigma_u`, `sigma_u_mle`, the criteria, `loadings` ((K + 2) × N on [1, F, R]),
/// `rsquared`, `eigenvalues` and `factor_series` (T × K). The FAVAR is saved as a model (kind
/// `favar`): `thesis predict` forecasts the policy rate and every series from a prepared panel.
public enum FAVARFit: Directive {
    public static let kind = "favar fit"
    public static let abstract = "estimate a FAVAR (BBE two-step): factors, VAR on [factors, policy rate], loadings"
    // 2: the policy rate in levels from the raw series, left out of the EM; 3: saved as a model (kind favar)
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.table]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("series whose R² on [F, R] is listed (default: BBE's set)") var series: [String]?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, context: context)
        let model = fit.model, var_ = model.varModel
        var scalars: [String: Scalar] = [
            "aic": .number(var_.aic), "bic": .number(var_.bic), "hqic": .number(var_.hqic),
            "fpe": .number(var_.fpe), "llf": .number(var_.logLikelihood),
            "nobs": .number(Double(var_.observationCount)),
            "series": .number(Double(fit.names.count)),
        ]
        var explained = 0.0
        for (j, value) in model.eigenvalues.enumerated() {
            explained += value / model.totalVariance
            scalars["share.\(j + 1)"] = .number(value / model.totalVariance)
        }
        scalars["explained"] = .number(explained)
        var rows: [[TableCell]] = []
        for name in try fit.responseSeries(arguments.series, option: arguments.$series) where name != model.policyName {
            guard let i = fit.names.firstIndex(of: name) else { continue }
            rows.append([.text(name), .number(model.rSquared[i], format: ".3f")])
            scalars["\(name).r2"] = .number(model.rSquared[i])
        }
        let largest = try econometrics { try var_.companionEigenvalues() }.map(\.modulus).max() ?? 0
        scalars["max_root_modulus"] = .number(largest)
        let notes =
            fit.notes + [
                "The \(model.factorCount) factors explain \(ValueFormat.format(explained, spec: ".1%")) of the "
                    + "panel's variance.",
                "VAR: \(var_.observationCount) observations, AIC \(ValueFormat.format(var_.aic, spec: ".3f")), BIC "
                    + "\(ValueFormat.format(var_.bic, spec: ".3f")), largest companion root "
                    + "\(ValueFormat.format(largest, spec: ".3f"))\(largest < 1 ? " (stable)" : " (not stable)").",
            ]
        let table = ResultTable(
            columns: [TableColumn("Series"), TableColumn("R² on [F, R]", alignment: .right)], rows: rows, notes: notes)
        var result = DirectiveResult(content: [.table(table)], scalars: scalars, object: try fit.object())
        let options = [
            "factors": String(model.factorCount), "lags": String(var_.lags), "trend": var_.trend.rawValue,
            "policy": model.policyName,
            "slow": model.rotation.map { _ in "\(fit.specification.slow?.count ?? 0) series" } ?? "none",
            "sample": "\(fit.periods.first?.description ?? "?")..\(fit.periods.last?.description ?? "?")",
        ]
        result.model = try AutoregressionModels.artifact(fit, options: options, dataHash: context.dataHash)
        return result
    }
}
