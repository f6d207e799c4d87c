import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<favar select maxlags=13>>`: the lag order of the FAVAR's VAR on [F1…FK, policy rate] by AIC,
/// BIC, HQ and FPE, every p on the same sample (statsmodels `select_order` on the FAVAR system).
/// The factors are those of the model options (or of `of=` a `favar fit`); `lags=` plays no part.
public enum FAVARSelect: Directive {
    public static let kind = "favar select"
    public static let abstract = "choose the FAVAR's lag order by AIC, BIC, HQ and FPE on a common sample"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("a favar fit whose factors to use") var of: ResultName?
        @Option(.range(1...36), "largest lag order considered") var maxlags = 13
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, of: arguments.of, ofOption: arguments.$of, context: context)
        let model = fit.model
        let system = try econometrics {
            try Matrix(
                columns: (0..<model.factorCount).map { model.factors.column($0) } + [model.policyRate],
                context: "the FAVAR system")
        }
        let selection = try econometrics {
            try VARModel.selectOrder(
                data: system, names: model.systemNames, maxLags: arguments.maxlags, trend: model.varModel.trend)
        }
        return VARSelect.result(
            selection,
            note:
                "The VAR on [\(model.systemNames.joined(separator: ", "))] of the FAVAR (\(model.factorCount) factors)."
        )
    }
}
