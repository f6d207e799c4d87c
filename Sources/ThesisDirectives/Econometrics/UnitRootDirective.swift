import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<unitroot data=fredmd transformed=true regression=c autolag=AIC id=adf>>`: augmented
/// Dickey-Fuller tests of many series in one table, as statsmodels' `adfuller` computes them
/// (lags by AIC or BIC on a common sample, MacKinnon p-values and critical values). Each series
/// is tested on its observed span in the sample (leading and trailing gaps left out); `test=kpss`
/// gives KPSS stationarity tests as statsmodels' `kpss` (Hobijn et al. lags, or `maxlag=`).
/// Scalars: `SERIES.stat`, `.pvalue`, `.lags`, `.nobs`, and the critical values (ADF `.crit1`,
/// `.crit5`, `.crit10`; KPSS `.crit10`, `.crit5`, `.crit2_5`, `.crit1`).
public enum UnitRootTests: Directive {
    public static let kind = "unitroot"
    public static let abstract = "unit-root (ADF) or stationarity (KPSS) tests of many series, as statsmodels"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    enum TrendChoice: String, ArgumentChoice {
        case n, c, ct
        var engine: UnitRootTrend { UnitRootTrend(rawValue: rawValue) ?? .c }
        var words: String {
            switch self {
            case .n: return "no constant"
            case .c: return "a constant"
            case .ct: return "a constant and a linear trend"
            }
        }
    }

    enum TestChoice: String, ArgumentChoice {
        case adf, kpss
    }

    enum LagChoice: String, ArgumentChoice {
        case AIC, BIC, none
        var engine: UnitRootLagChoice { self == .AIC ? .aic : self == .BIC ? .bic : .fixed }
    }

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("series to test (default: every series)") var series: [String]?
        @Option("augmented Dickey-Fuller (H0: a unit root) or KPSS (H0: stationarity)") var test = TestChoice.adf
        @OptionGroup var window: DataWindow
        @Option("deterministic terms: none (ADF only), a constant, a constant and a trend") var regression = TrendChoice
            .c
        @Option("lag choice: smallest AIC or BIC over 0…maxlag, or exactly maxlag (none)") var autolag = LagChoice.AIC
        @Option(
            .range(0...100),
            "ADF: the largest lag (default ⌈12 (n/100)^¼⌉), required with autolag=none; KPSS: the lags of the long-run "
                + "variance (default: Hobijn et al. 1998)"
        )
        var maxlag: Int?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        if arguments.test == .kpss {
            if arguments.$autolag.isExplicit {
                throw DirectiveFailure(
                    "autolag= is for test=adf; KPSS takes its lags from maxlag= or chooses them",
                    option: arguments.$autolag)
            }
            if arguments.regression == .n {
                throw DirectiveFailure(
                    "KPSS tests stationarity around a constant (c) or a trend (ct)", option: arguments.$regression)
            }
        }
        if arguments.test == .adf, arguments.autolag == .none, arguments.maxlag == nil {
            throw DirectiveFailure(
                "autolag=none tests exactly maxlag lags: give maxlag=, e.g. maxlag=4", option: arguments.$autolag)
        }
        let frame = try arguments.window.frame(
            context, data: arguments.$data, series: arguments.series, seriesOption: arguments.$series)
        guard !frame.names.isEmpty else {
            throw DirectiveFailure("the data have no series to test", option: arguments.$data)
        }
        var rows: [[TableCell]] = []
        var scalars: [String: Scalar] = [:]
        for (index, name) in frame.names.enumerated() {
            let column = frame.columns[index]
            guard let first = column.firstIndex(where: \.isFinite), let last = column.lastIndex(where: \.isFinite)
            else {
                throw DirectiveFailure("series '\(name)' has no values in the sample", option: arguments.$series)
            }
            let span = Array(column[first...last])
            if let gap = span.firstIndex(where: { !$0.isFinite }) {
                throw DirectiveFailure(
                    "series '\(name)' is missing in \(frame.periods[first + gap]), inside its sample; the test needs an "
                        + "unbroken span (prepare the data, or choose sample=)",
                    option: arguments.$series)
            }
            var values: [String: Double]
            do {
                if arguments.test == .kpss {
                    let test = try KPSSTest(
                        span, trend: arguments.regression.engine, lags: arguments.maxlag.map { .fixed($0) } ?? .auto)
                    let p =
                        test.pValueAtBound
                        ? (test.pValue < 0.05 ? "< " : "> ") + ValueFormat.format(test.pValue, spec: ".3f")
                        : ValueFormat.format(test.pValue, spec: ".3f")
                    rows.append(
                        [
                            .text(name), .number(test.statistic, format: ".3f"), .text(p), .integer(test.lags),
                            .integer(test.nobs),
                        ] + test.criticalValues.map { .number($0, format: ".3f") })
                    values = [
                        "stat": test.statistic, "pvalue": test.pValue, "lags": Double(test.lags),
                        "nobs": Double(test.nobs), "crit10": test.criticalValues[0], "crit5": test.criticalValues[1],
                        "crit2_5": test.criticalValues[2], "crit1": test.criticalValues[3],
                    ]
                } else {
                    let test = try ADFTest(
                        span, trend: arguments.regression.engine, lags: arguments.autolag.engine,
                        maxlag: arguments.maxlag)
                    rows.append(
                        [
                            .text(name), .number(test.statistic, format: ".3f"), .number(test.pValue, format: ".3f"),
                            .integer(test.usedLag), .integer(test.nobs),
                        ] + test.criticalValues.map { .number($0, format: ".2f") })
                    values = [
                        "stat": test.statistic, "pvalue": test.pValue, "lags": Double(test.usedLag),
                        "nobs": Double(test.nobs), "crit1": test.criticalValues[0], "crit5": test.criticalValues[1],
                        "crit10": test.criticalValues[2],
                    ]
                }
            } catch {
                throw DirectiveFailure("series '\(name)': \(error)", option: arguments.$series)
            }
            for (key, value) in values { scalars["\(name).\(key)"] = .number(value) }
        }
        if arguments.test == .kpss {
            let level = arguments.regression == .ct ? "trend" : "level"
            let lagText = arguments.maxlag.map { "\($0) lags" } ?? "lags by Hobijn, Franses and Ooms (1998)"
            let notes = [
                "KPSS tests; H0: \(level) stationarity. Newey-West long-run variance with Bartlett weights, \(lagText); "
                    + "p-values interpolated in Kwiatkowski et al. (1992), Table 1, and held at 0.10 and 0.01 outside it."
            ]
            let columns = [
                TableColumn("Series"), TableColumn("KPSS statistic", alignment: .right),
                TableColumn("p-value", alignment: .right), TableColumn("Lags", alignment: .right),
                TableColumn("Observations", alignment: .right), TableColumn("10%", alignment: .right),
                TableColumn("5%", alignment: .right), TableColumn("2.5%", alignment: .right),
                TableColumn("1%", alignment: .right),
            ]
            return DirectiveResult(
                content: [.table(ResultTable(columns: columns, rows: rows, notes: notes))], scalars: scalars)
        }
        let lagText =
            arguments.autolag == .none
            ? "\(arguments.maxlag ?? 0) lags of the difference"
            : "lags of the difference chosen by \(arguments.autolag.rawValue) over 0…maxlag on a common sample"
                + (arguments.maxlag.map { " (maxlag \($0))" } ?? " (maxlag ⌈12 (n/100)^¼⌉)")
        let notes = [
            "Augmented Dickey-Fuller tests; H0: a unit root. Regression with \(arguments.regression.words); \(lagText). "
                + "p-values from MacKinnon (1994), critical values from MacKinnon (2010)."
        ]
        let columns = [
            TableColumn("Series"), TableColumn("ADF statistic", alignment: .right),
            TableColumn("p-value", alignment: .right), TableColumn("Lags", alignment: .right),
            TableColumn("Observations", alignment: .right), TableColumn("1%", alignment: .right),
            TableColumn("5%", alignment: .right), TableColumn("10%", alignment: .right),
        ]
        return DirectiveResult(
            content: [.table(ResultTable(columns: columns, rows: rows, notes: notes))], scalars: scalars)
    }
}
