import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// `<<lp irf data=macro response=infl,unemp shock=tbilrate controls=realgdp lags=4 horizon=12>>`:
/// local projections (Jordà 2005), one regression per horizon of each response on the shock and p
/// lags of every series, with Newey-West bands (maxlags h + 1); the figure has the style of
/// `var irf`, so the two can be set side by side. The response is to a one-unit change in the
/// shock at t (no identification beyond the timing of the controls). Scalars:
/// `RESPONSE.h`, `RESPONSE.h.se`, `RESPONSE.h.lower`, `RESPONSE.h.upper`, `RESPONSE.h.nobs`.
public enum LPIRF: Directive {
    public static let kind = "lp irf"
    public static let abstract = "local-projection impulse responses (Jordà 2005) with Newey-West bands"
    public static let version = 2  // 2: grids without empty cells
    public static let outputs: Set<OutputKind> = [.figure]

    enum CovarianceChoice: String, ArgumentChoice {
        case HAC, HC1, nonrobust
        var engine: OLSCovariance { self == .HAC ? .hac : self == .HC1 ? .hc1 : .nonrobust }
    }

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option("the responding series") var response: [String]
        @Option("the series whose change at t is the shock") var shock: String
        @Option("further series whose lags are controls") var controls: [String]?
        @Option(.range(0...48), "lags of the response, the shock and the controls") var lags = 4
        @Option(.range(0...120), "the last horizon") var horizon = 12
        @Option(.range(0.5...0.999), "band coverage (normal quantiles of the standard errors)") var level = 0.9
        @Option("standard errors: Newey-West with h + 1 lags, White's HC1, or classical") var cov =
            CovarianceChoice.HAC
        @OptionGroup var window: DataWindow
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try arguments.window.frame(context, data: arguments.$data)
        let shock = frame.columns[try frame.requireIndex(of: arguments.shock, option: arguments.$shock)]
        let controls = try (arguments.controls ?? []).map {
            frame.columns[try frame.requireIndex(of: $0, option: arguments.$controls)]
        }
        let z = SpecialFunctions.normalQuantile(0.5 + arguments.level / 2)
        let x = (0...arguments.horizon).map(Double.init)
        var panels: [FigurePanel] = []
        var scalars: [String: Scalar] = [:]
        var fewest = Int.max
        for name in arguments.response {
            let y = frame.columns[try frame.requireIndex(of: name, option: arguments.$response)]
            let lp = try econometrics {
                try LocalProjection(
                    response: y, shock: shock, controls: controls, lags: arguments.lags, horizon: arguments.horizon,
                    covariance: arguments.cov.engine)
            }
            let lower = zip(lp.coefficients, lp.standardErrors).map { $0 - z * $1 }
            let upper = zip(lp.coefficients, lp.standardErrors).map { $0 + z * $1 }
            for h in 0...arguments.horizon {
                scalars["\(name).\(h)"] = .number(lp.coefficients[h])
                scalars["\(name).\(h).se"] = .number(lp.standardErrors[h])
                scalars["\(name).\(h).lower"] = .number(lower[h])
                scalars["\(name).\(h).upper"] = .number(upper[h])
                scalars["\(name).\(h).nobs"] = .number(Double(lp.nobs[h]))
            }
            fewest = min(fewest, lp.nobs.min() ?? 0)
            let layers: [FigureLayer] = [
                .band(
                    Band(
                        name: "\(Int((arguments.level * 100).rounded()))% band", x: x, lower: lower.map { $0 },
                        upper: upper.map { $0 }, color: 0)),
                .rule(Rule(y: 0)),
                .line(LineSeries(name: "response", x: x, y: lp.coefficients.map { $0 }, color: 0)),
            ]
            let word = frame.frequency == .quarterly ? "quarters" : frame.frequency == .monthly ? "months" : "periods"
            panels.append(FigurePanel(title: name, xAxis: FigureAxis(label: word), layers: layers))
        }
        let errors: String
        switch arguments.cov {
        case .HAC: errors = "Newey-West standard errors with h + 1 lags"
        case .HC1: errors = "HC1 standard errors"
        case .nonrobust: errors = "classical standard errors"
        }
        let controlText = arguments.controls.map { ", " + $0.joined(separator: ", ") } ?? ""
        let caption =
            "Local projections (Jordà 2005): responses to a one-unit change in \(arguments.shock) at horizon 0, each "
            + "horizon its own regression with \(arguments.lags) lags of the response, \(arguments.shock)\(controlText); "
            + "\(Int((arguments.level * 100).rounded()))% bands from \(errors) (at least \(fewest) observations)."
        let figure = Figure(
            caption: caption,
            spec: SmallMultiples.spec(panels, maximumColumns: 4, minimumHeight: FigureSpec.defaultHeight))
        return DirectiveResult(content: [.figure(figure)], scalars: scalars)
    }
}
