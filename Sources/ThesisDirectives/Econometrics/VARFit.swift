import ThesisDocument
import ThesisModels

/// `<<var fit data=macro series=output_growth,inflation,policy_rate lags=2 id=var1>>`: a VAR
/// estimated by OLS with a constant (statsmodels conventions): coefficients, both Σu,
/// information criteria and stability. Later directives use it with `of=var1`; the VAR is saved as
/// a model (kind `var`) that `thesis predict` and `<<model register of=var1 …>>` read.
public enum VARFit: Directive {
    public static let kind = "var fit"
    public static let abstract = "estimate a VAR by OLS: coefficients, sigma_u, information criteria, stability"
    public static let version = 2  // 2: the VAR is saved as a model (kind var)
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: VARModelOptions
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(arguments.model, context: context)
        let model = fit.model
        var scalars: [String: Scalar] = [
            "aic": .number(model.aic), "bic": .number(model.bic), "hqic": .number(model.hqic),
            "fpe": .number(model.fpe),
            "llf": .number(model.logLikelihood), "nobs": .number(Double(model.observationCount)),
            "lags": .number(Double(model.lags)),
        ]
        // Coefficients: one column per equation, standard errors in a second line.
        var rows: [[TableCell]] = []
        for (p, name) in model.paramNames.enumerated() {
            var row: [TableCell] = [.text(name)]
            for (k, equation) in model.names.enumerated() {
                row.append(.number(model.params[p, k], format: ".4f"))
                scalars["params.\(equation).\(name)"] = .number(model.params[p, k])
            }
            rows.append(row)
            rows.append(
                [.text("")]
                    + model.names.indices.map { k in
                        .text("(" + ValueFormat.format(model.standardErrors[p, k], spec: ".4f") + ")")
                    })
        }
        for i in model.names.indices {
            for j in model.names.indices {
                scalars["sigma_u.\(model.names[i]).\(model.names[j])"] = .number(model.sigmaU[i, j])
            }
        }
        let roots = try econometrics { try model.roots() }
        let largest = try econometrics { try model.companionEigenvalues() }.map(\.modulus).max() ?? 0
        scalars["max_root_modulus"] = .number(largest)
        scalars["stable"] = .number(largest < 1 ? 1 : 0)
        _ = roots
        let first = fit.periods.first.map(\.description) ?? "?", last = fit.periods.last.map(\.description) ?? "?"
        let notes = [
            "OLS, \(model.observationCount) observations (\(first)..\(last) less \(model.lags) presample "
                + "\(fit.periodWord)), trend '\(model.trend.rawValue)'; standard errors in parentheses.",
            "AIC \(ValueFormat.format(model.aic, spec: ".4f")), BIC \(ValueFormat.format(model.bic, spec: ".4f")), "
                + "HQ \(ValueFormat.format(model.hqic, spec: ".4f")), FPE "
                + "\(ValueFormat.format(model.fpe, spec: ".4e")), log likelihood "
                + "\(ValueFormat.format(model.logLikelihood, spec: ".2f")).",
            largest < 1
                ? "Stable: the largest companion eigenvalue has modulus \(ValueFormat.format(largest, spec: ".4f"))."
                : "Not stable: a companion eigenvalue has modulus \(ValueFormat.format(largest, spec: ".4f")) ≥ 1.",
        ]
        let table = ResultTable(
            columns: [TableColumn("")] + model.names.map { TableColumn($0, alignment: .right) }, rows: rows,
            notes: notes)
        var result = DirectiveResult(content: [.table(table)], scalars: scalars, object: try fit.object())
        result.model = try AutoregressionModels.artifact(
            fit, options: modelOptions(fit), dataHash: context.dataHash)
        return result
    }

    /// The settings a saved VAR records (its data are in `data_hash`).
    static func modelOptions(_ fit: FittedVAR) -> [String: String] {
        [
            "series": fit.names.joined(separator: ","), "lags": String(fit.model.lags),
            "trend": fit.model.trend.rawValue,
            "sample": "\(fit.periods.first?.description ?? "?")..\(fit.periods.last?.description ?? "?")",
        ]
    }
}
