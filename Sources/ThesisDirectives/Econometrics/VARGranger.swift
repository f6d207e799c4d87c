import ThesisDocument
import ThesisModels

/// `<<var granger of=var1 caused=inflation causing=policy_rate>>`: Granger causality test
/// (statsmodels `test_causality`, F or Wald form).
public enum VARGranger: Directive {
    public static let kind = "var granger"
    public static let abstract = "Granger causality test between variables of a VAR"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]
    public static let options: [OptionSpec] = VAROptions.model + [
        OptionSpec("caused", .names, required: true, "the variable(s) whose equations are tested"),
        OptionSpec("causing", .names, "the variable(s) whose lags are excluded (default: all others)"),
        OptionSpec("test", .choice(["f", "wald"]), default: .word("f"), "F test or Wald (chi-squared) test"),
        OptionSpec("significance", .number(min: 0.001, max: 0.5), default: .number(0.05), "significance level"),
    ]

    public static func run(_ options: ResolvedOptions, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(options, context: context)
        let caused = options.names("caused") ?? []
        for name in caused { _ = try fit.index(of: name, option: "caused") }
        let causing = options.names("causing")
        for name in causing ?? [] { _ = try fit.index(of: name, option: "causing") }
        let kind: VARTestKind = options.string("test") == "wald" ? .wald : .f
        let test = try econometrics { try fit.model.testCausality(caused: caused, causing: causing, kind: kind, significance: options.double("significance") ?? 0.05) }
        let table = ResultTable(columns: [TableColumn("H0"), TableColumn("Statistic", alignment: .right), TableColumn("df", alignment: .right),
                                          TableColumn("p-value", alignment: .right), TableColumn("Decision")],
                                rows: [[.text("\(test.causing.joined(separator: ", ")) do not Granger-cause \(test.caused.joined(separator: ", "))"),
                                        .number(test.statistic, format: ".3f"), .text(test.degreesOfFreedom.map(String.init).joined(separator: ", ")),
                                        .number(test.pValue, format: ".4f"),
                                        .text(test.rejectsNull ? "reject at \(ValueFormat.format(test.significance, spec: ".0%"))" : "do not reject")]],
                                notes: ["\(kind == .f ? "F" : "Wald (chi-squared)") test on the VAR(\(fit.model.lags)) coefficients, as statsmodels test_causality."])
        return DirectiveResult(content: [.table(table)],
                               scalars: ["statistic": .number(test.statistic), "pvalue": .number(test.pValue), "reject": .number(test.rejectsNull ? 1 : 0)])
    }
}
