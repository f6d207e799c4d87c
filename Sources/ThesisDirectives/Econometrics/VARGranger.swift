import ThesisDocument
import ThesisModels

/// `<<var granger of=var1 caused=inflation causing=policy_rate>>`: Granger causality test
/// (statsmodels `test_causality`, F or Wald form).
public enum VARGranger: Directive {
    public static let kind = "var granger"
    public static let abstract = "Granger causality test between variables of a VAR"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    /// The form of the test.
    enum TestForm: String, ArgumentChoice {
        case f, wald
    }

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: VARModelOptions
        @Option("the variable(s) whose equations are tested") var caused: [String]
        @Option("the variable(s) whose lags are excluded (default: all others)") var causing: [String]?
        @Option("F test or Wald (chi-squared) test") var test = TestForm.f
        @Option(.range(0.001...0.5), "significance level") var significance = 0.05
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(arguments.model, context: context)
        let caused = arguments.caused
        for name in caused { _ = try fit.index(of: name, option: arguments.$caused) }
        let causing = arguments.causing
        for name in causing ?? [] { _ = try fit.index(of: name, option: arguments.$causing) }
        let kind: VARTestKind = arguments.test == .wald ? .wald : .f
        let test = try econometrics {
            try fit.model.testCausality(
                caused: caused, causing: causing, kind: kind, significance: arguments.significance)
        }
        let table = ResultTable(
            columns: [
                TableColumn("H0"), TableColumn("Statistic", alignment: .right), TableColumn("df", alignment: .right),
                TableColumn("p-value", alignment: .right), TableColumn("Decision"),
            ],
            rows: [
                [
                    .text(
                        "\(test.causing.joined(separator: ", ")) do not Granger-cause "
                            + "\(test.caused.joined(separator: ", "))"
                    ),
                    .number(test.statistic, format: ".3f"),
                    .text(test.degreesOfFreedom.map(String.init).joined(separator: ", ")),
                    .number(test.pValue, format: ".4f"),
                    .text(
                        test.rejectsNull
                            ? "reject at \(ValueFormat.format(test.significance, spec: ".0%"))" : "do not reject"),
                ]
            ],
            notes: [
                "\(kind == .f ? "F" : "Wald (chi-squared)") test on the VAR(\(fit.model.lags)) coefficients, as "
                    + "statsmodels test_causality."
            ])
        return DirectiveResult(
            content: [.table(table)],
            scalars: [
                "statistic": .number(test.statistic), "pvalue": .number(test.pValue),
                "reject": .number(test.rejectsNull ? 1 : 0),
            ])
    }
}
