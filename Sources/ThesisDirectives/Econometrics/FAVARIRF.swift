import Foundation
import ThesisDocument
import ThesisModels

/// `<<favar irf lags=12>>`: responses of observed series to a 25 bp policy shock through the
/// loadings, with 90% bootstrap bands and a zero line — BBE's Figure. Every option has a default:
/// the project's FRED-MD data set, 3 factors, FEDFUNDS last, 48 months, BBE's series.
public enum FAVARIRF: Directive {
    public static let kind = "favar irf"
    public static let abstract = "responses of observed series to a policy shock, with bootstrap bands (BBE)"
    // 2: the policy rate in levels from the raw series, left out of the EM; 3: units per panel, full grids
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.figure]
    public static let defaultDataFormat: String? = "fred-md"

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: FAVARModelOptions
        @Option("a fitted FAVAR's id (<<favar fit … id=NAME>>) instead of the model options") var of: ResultName?
        @Option("responding series (default: \(FAVARModelOptions.defaultSeries.joined(separator: ", ")) where present)")
        var series: [String]?
        @Option(.range(-10.0...10.0), "size of the policy shock in the units of the policy rate (0.25 = 25 bp)")
        var shock = 0.25
        @Option(.range(1...240), "months after the shock") var horizon = 48
        @Option(
            "units: cumulated back to levels (percent for logs), growth rates, the transformed series, or standardized")
        var scale = ResponseScale.level
        @Option(
            "a table of known responses (one column per series, one row per horizon from 0, same units and shock) "
                + "drawn as dashed lines, e.g. for simulated data"
        )
        var truth: DataName?
        @OptionGroup var bands: FAVARBandArguments
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedFAVAR.make(arguments.model, of: arguments.of, ofOption: arguments.$of, context: context)
        let series = try fit.responseSeries(arguments.series, option: arguments.$series)
        let horizon = arguments.horizon, shock = arguments.shock
        let scale = arguments.scale.engineScale
        let point = try econometrics {
            try fit.model.responses(of: series, steps: horizon, shockSize: shock, scale: scale)
        }
        let reps = arguments.bands.reps
        var bands: FAVARResponseBands?
        if reps > 0 {
            let bandOptions = VARBandOptions(
                method: arguments.bands.method.engineMethod,
                replications: reps, level: arguments.bands.level,
                seed: arguments.bands.seed.map { UInt64($0) } ?? context.seed)
            bands = try econometrics {
                try fit.model.responseBands(
                    of: series, steps: horizon, shockSize: shock, scale: scale, options: bandOptions)
            }
        }
        let x = (0...horizon).map(Double.init)
        var panels: [FigurePanel] = []
        var scalars: [String: Scalar] = [:]
        let truth = arguments.truth != nil ? try context.frame(arguments.$truth) : nil
        for (s, name) in series.enumerated() {
            let path = point.responses[s]
            var layers: [FigureLayer] = []
            if let bands {
                layers.append(
                    .band(
                        Band(
                            name: "band", x: x, lower: bands.lower[s].map { $0 }, upper: bands.upper[s].map { $0 },
                            color: 0)))
                for h in [6, 12, 24, 36, 48] where h <= horizon {
                    scalars["\(name).\(h).lower"] = .number(bands.lower[s][h])
                    scalars["\(name).\(h).upper"] = .number(bands.upper[s][h])
                }
            }
            layers.append(.rule(Rule(y: 0)))
            if let known = truth?.column(named: name) {
                let steps = min(known.count, horizon + 1)
                layers.append(
                    .line(
                        LineSeries(
                            name: "true", x: Array(x.prefix(steps)),
                            y: known.prefix(steps).map { $0.isFinite ? $0 : nil }, style: .dashed, color: 1)))
                let gaps = (0..<steps).map { abs(path[$0] - known[$0]) }.filter(\.isFinite)
                scalars["\(name).max_error"] = .number(gaps.max() ?? .nan)
            }
            layers.append(.line(LineSeries(name: "response", x: x, y: path.map { $0 }, color: 0)))
            for h in 0...horizon { scalars["\(name).\(h)"] = .number(path[h]) }
            let unit = ResponseUnits.favar(
                code: fit.code(of: name), scale: arguments.scale, isPolicyRate: name == fit.model.policyName)
            panels.append(
                FigurePanel(
                    title: name, xAxis: FigureAxis(label: "months"), yAxis: FigureAxis(label: unit), layers: layers))
        }
        let spec = SmallMultiples.spec(
            panels, maximumColumns: 3, extra: truth != nil ? 60 : 45, legend: truth != nil ? .bottom : .none)
        var caption =
            "Responses to a \(ValueFormat.format(shock * 100, spec: ".0f")) bp \(fit.model.policyName) shock "
            + "(\(scaleText(scale)))"
        if let bands {
            caption +=
                "; \(Int((bands.options.level * 100).rounded()))% "
                + "\(bands.options.method == .residualBootstrap ? "bootstrap" : "Monte Carlo") bands, "
                + "\(bands.options.replications) replications"
        }
        if truth != nil { caption += "; dashed: the true responses" }
        return DirectiveResult(content: [.figure(Figure(caption: caption + ".", spec: spec))], scalars: scalars)
    }

    static func scaleText(_ scale: FAVARResponseScale) -> String {
        switch scale {
        case .level: return "levels; percent for series in logs"
        case .growth: return "growth rates; percent for series in logs"
        case .transformed: return "transformed series"
        case .standardized: return "standard deviations"
        }
    }
}
