import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<ols data=macro formula="infl ~ unemp + lag(infl, 1)" cov=HC1 id=reg>>`: ordinary least
/// squares as statsmodels fits it, as the regression table of an empirical thesis. Several
/// formulas separated by `;` are fitted on the same data and shown side by side. Scalars (for
/// one formula; with several, each prefixed `m1.`, `m2.`, …): `params.NAME`, `bse.NAME`,
/// `tvalues.NAME`, `pvalues.NAME` (NAME as in the table: `const`, `x1`, `lag(x1,1)`), `rsquared`,
/// `rsquared_adj`, `fvalue`, `f_pvalue`, `llf`, `aic`, `bic`, `nobs`, `df_model`, `df_resid`,
/// `ssr`. `thesis exec … --json` gives every model with statsmodels' names, `cov_params` included.
public enum OLSRegression: Directive {
    public static let kind = "ols"
    public static let abstract =
        "ordinary least squares: a regression table with classical, HC0-HC3 or Newey-West (HAC) standard errors"
    public static let version = 3  // 2: a single regression is saved as a model artifact; 3: with its rmse and mae
    public static let outputs: Set<OutputKind> = [.table]

    /// statsmodels' `cov_type`.
    enum CovarianceChoice: String, ArgumentChoice {
        case nonrobust, HC0, HC1, HC2, HC3, HAC

        var engine: OLSCovariance { OLSCovariance(rawValue: rawValue) ?? .nonrobust }
    }

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option(
            "the regression, e.g. \"y ~ x1 + x2 + lag(x1, 1)\" (terms: series, lag(x, k), diff(x), log(x); - 1 for no "
                + "constant); several separated by ';' are shown side by side"
        )
        var formula: String
        @Option("covariance of the coefficients: classical, White's HC0-HC3, or Newey-West with maxlags=") var cov =
            CovarianceChoice.nonrobust
        @Option(.range(0...240), "HAC: the highest autocovariance lag (Bartlett weights); required with cov=HAC")
        var maxlags: Int?
        @Option(.range(0...8), "decimals of coefficients and standard errors") var digits = 3
        @OptionGroup var window: DataWindow
        public init() {}
    }

    /// What `--json` shows of each model.
    struct ModelExport: Codable {
        var formula: String
        var target: String
        var names: [String]
        var params: [Double]
        var bse: [Double]
        var tvalues: [Double]
        var pvalues: [Double]
        var cov_params: [[Double]]
        var cov_type: String
        var use_t: Bool
        var rsquared: Double
        var rsquared_adj: Double
        var fvalue: Double
        var f_pvalue: Double
        var llf: Double
        var aic: Double
        var bic: Double
        var nobs: Int
        var df_model: Int
        var df_resid: Int
        var ssr: Double
        var first: String?
        var last: String?
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let texts = arguments.formula.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !texts.isEmpty else {
            throw DirectiveFailure("formula= is empty; \(RegressionFormula.usage)", option: arguments.$formula)
        }
        if arguments.cov == .HAC, arguments.maxlags == nil {
            throw DirectiveFailure("cov=HAC needs maxlags=, e.g. maxlags=4", option: arguments.$cov)
        }
        if arguments.cov != .HAC, arguments.maxlags != nil {
            throw DirectiveFailure("maxlags= is only used with cov=HAC", option: arguments.$maxlags)
        }
        let frame = try arguments.window.frame(context, data: arguments.$data)
        var models: [(RegressionFormula, OLSModel, [Int])] = []
        for text in texts {
            let formula: RegressionFormula
            let design: (y: [Double], x: Matrix, names: [String], rows: [Int])
            do {
                formula = try RegressionFormula.parse(text)
                design = try formula.design(frame)
            } catch let failure as DirectiveFailure {
                throw DirectiveFailure(failure.message, option: arguments.$formula)
            }
            let model = try econometrics {
                try OLSModel(
                    y: design.y, x: design.x, names: design.names, hasConstant: formula.hasConstant,
                    covariance: arguments.cov.engine, maxlags: arguments.maxlags ?? 0)
            }
            models.append((formula, model, design.rows))
        }
        var evaluated = try result(models, texts: texts, frame: frame, arguments: arguments)
        if models.count == 1, let (formula, model, _) = models.first {
            evaluated.model = try ModelFile.saved(
                try artifact(formula, model, text: texts[0], arguments: arguments, dataHash: context.dataHash))
        }
        return evaluated
    }

    /// A single regression as a model file (several, side by side, save none: one result holds one model).
    static func artifact(
        _ formula: RegressionFormula, _ model: OLSModel, text: String, arguments: Arguments, dataHash: String
    ) throws -> ModelArtifact {
        func term(_ term: RegressionFormula.Term) -> ModelArtifact.Term {
            switch term {
            case .series(let s): return ModelArtifact.Term(series: s, transform: "level")
            case .lag(let s, let k): return ModelArtifact.Term(series: s, transform: "lag", lag: k)
            case .diff(let s): return ModelArtifact.Term(series: s, transform: "diff")
            case .log(let s): return ModelArtifact.Term(series: s, transform: "log")
            }
        }
        var options = ["formula": text, "cov": arguments.cov.rawValue]
        if let maxlags = arguments.maxlags { options["maxlags"] = String(maxlags) }
        let linear = ModelArtifact.Linear(
            target: term(formula.target), terms: formula.terms.map(term), constant: formula.hasConstant,
            coefficients: model.params)
        let training = ModelArtifact.Training(
            directive: kind, options: options, dataHash: dataHash,
            metrics: [
                "rsquared": model.rsquared, "rsquared_adj": model.rsquaredAdj, "aic": model.aic, "bic": model.bic,
                "nobs": Double(model.nobs),
                // In-sample accuracy, what a monitor's `rmse > 1.25 * registered` compares with.
                "rmse": (model.residuals.reduce(0) { $0 + $1 * $1 } / Double(model.residuals.count)).squareRoot(),
                "mae": model.residuals.reduce(0) { $0 + abs($1) } / Double(model.residuals.count),
            ], seed: 0)
        return try neural { try ModelArtifact(linear, training: training) }
    }

    private static func stars(_ p: Double) -> String { p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "" }

    private static func result(
        _ models: [(RegressionFormula, OLSModel, [Int])], texts: [String], frame: TimeSeriesFrame,
        arguments: Arguments
    ) throws -> DirectiveResult {
        let spec = ".\(arguments.digits)f"
        var regressors: [String] = []
        for (_, model, _) in models {
            for name in model.names where !regressors.contains(name) { regressors.append(name) }
        }
        // The constant last, as regression tables put it.
        if let c = regressors.firstIndex(of: "const") { regressors.append(regressors.remove(at: c)) }
        var rows: [[TableCell]] = []
        for name in regressors {
            var coefficient: [TableCell] = [.text(name == "const" ? "Constant" : name)]
            var error: [TableCell] = [.text("")]
            for (_, model, _) in models {
                if let i = model.names.firstIndex(of: name) {
                    coefficient.append(.text(ValueFormat.format(model.params[i], spec: spec) + stars(model.pvalues[i])))
                    error.append(.text("(" + ValueFormat.format(model.bse[i], spec: spec) + ")"))
                } else {
                    coefficient.append(.text(""))
                    error.append(.text(""))
                }
            }
            rows.append(coefficient)
            rows.append(error)
        }
        func statistic(_ title: String, _ value: (OLSModel) -> TableCell) {
            rows.append([.text(title)] + models.map { value($0.1) })
        }
        statistic("Observations") { .integer($0.nobs) }
        statistic("R²") { .number($0.rsquared, format: ".3f") }
        statistic("Adjusted R²") { .number($0.rsquaredAdj, format: ".3f") }
        statistic("F statistic") {
            .text(
                ValueFormat.format($0.fvalue, spec: ".2f") + " (p " + ValueFormat.format($0.fPValue, spec: ".3f") + ")")
        }
        statistic("AIC") { .number($0.aic, format: ".1f") }
        statistic("BIC") { .number($0.bic, format: ".1f") }

        let single = models.count == 1
        let columns =
            [TableColumn("")]
            + models.enumerated().map { k, m in
                TableColumn(single ? m.0.target.name : "(\(k + 1)) \(m.0.target.name)", alignment: .right)
            }
        let covText: String
        switch arguments.cov {
        case .nonrobust: covText = "classical standard errors, t tests"
        case .HAC:
            covText =
                "Newey-West (HAC) standard errors with \(arguments.maxlags ?? 0) lags (Bartlett weights), normal tests"
        default: covText = "heteroskedasticity-robust \(arguments.cov.rawValue) standard errors, normal tests"
        }
        var notes = [
            "OLS; \(covText); standard errors in parentheses; * p < 0.10, ** p < 0.05, *** p < 0.01. The F statistic "
                + "tests every coefficient but the constant with the same covariance."
        ]
        var scalars: [String: Scalar] = [:]
        var exports: [ModelExport] = []
        for (k, entry) in models.enumerated() {
            let (formula, model, used) = entry
            let first = used.first.map { frame.periods[$0].description },
                last = used.last.map { frame.periods[$0].description }
            if frame.frequency != .rows, let first, let last {
                notes.append("\(single ? "Sample" : "(\(k + 1))"): \(first)..\(last), \(model.nobs) observations.")
            }
            let prefix = single ? "" : "m\(k + 1)."
            for (i, name) in model.names.enumerated() {
                scalars["\(prefix)params.\(name)"] = .number(model.params[i])
                scalars["\(prefix)bse.\(name)"] = .number(model.bse[i])
                scalars["\(prefix)tvalues.\(name)"] = .number(model.tvalues[i])
                scalars["\(prefix)pvalues.\(name)"] = .number(model.pvalues[i])
            }
            let values: [String: Double] = [
                "rsquared": model.rsquared, "rsquared_adj": model.rsquaredAdj, "fvalue": model.fvalue,
                "f_pvalue": model.fPValue, "llf": model.llf, "aic": model.aic, "bic": model.bic,
                "nobs": Double(model.nobs), "df_model": Double(model.dfModel), "df_resid": Double(model.dfResid),
                "ssr": model.ssr,
            ]
            for (key, value) in values { scalars[prefix + key] = .number(value) }
            exports.append(
                ModelExport(
                    formula: texts[k], target: formula.target.name, names: model.names, params: model.params,
                    bse: model.bse, tvalues: model.tvalues, pvalues: model.pvalues,
                    cov_params: matrixRows(model.covParams), cov_type: arguments.cov.rawValue,
                    use_t: model.covariance.usesT, rsquared: model.rsquared, rsquared_adj: model.rsquaredAdj,
                    fvalue: model.fvalue, f_pvalue: model.fPValue, llf: model.llf, aic: model.aic, bic: model.bic,
                    nobs: model.nobs, df_model: model.dfModel, df_resid: model.dfResid, ssr: model.ssr,
                    first: first, last: last))
        }
        let table = ResultTable(columns: columns, rows: rows, notes: notes)
        return DirectiveResult(
            content: [.table(table)], scalars: scalars,
            object: ResultObject(kind: "ols", payload: try JSONObject.encode(["models": exports])))
    }
}
