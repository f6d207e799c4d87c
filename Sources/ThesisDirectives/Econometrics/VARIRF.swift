import Foundation
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// `<<var irf of=var1 shock=policy_rate horizon=24 reps=500>>`: orthogonalized impulse responses
/// (Cholesky, variables in the order given) with percentile bands, as a grid of small multiples
/// with a zero line.
public enum VARIRF: Directive {
    public static let kind = "var irf"
    public static let abstract = "orthogonalized impulse responses with bootstrap or Monte Carlo bands"
    public static let version = 2  // 2: grids without empty cells
    public static let outputs: Set<OutputKind> = [.figure]

    public struct Arguments: DirectiveArguments {
        @OptionGroup var model: VARModelOptions
        @Option("the shocked variables (default: all)") var shock: [String]?
        @Option("the responding variables (default: all)") var response: [String]?
        @Option(.range(1...240), "periods after the shock") var horizon = 24
        @Option("cumulative responses") var cumulative = false
        @OptionGroup var bands: VARBandArguments
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let fit = try FittedVAR.make(arguments.model, context: context)
        let model = fit.model
        let horizon = arguments.horizon
        let cumulative = arguments.cumulative
        let shocks = try (arguments.shock ?? model.names).map { try fit.index(of: $0, option: arguments.$shock) }
        let responses = try (arguments.response ?? model.names).map {
            try fit.index(of: $0, option: arguments.$response)
        }
        let irf = try econometrics { try model.impulseResponses(steps: horizon) }
        let point = cumulative ? irf.orthCumulativeEffects : irf.orthIRFs
        let bandOptions = arguments.bands.engineOptions(context: context, cumulative: cumulative)
        let bands: VARImpulseResponseBands? =
            arguments.bands.reps > 0
            ? try econometrics { try model.impulseResponseBands(steps: horizon, options: bandOptions) }
            : nil
        let x = (0...horizon).map(Double.init)
        var panels: [FigurePanel] = []
        var scalars: [String: Scalar] = [:]
        for r in responses {
            for s in shocks {
                let name = "\(model.names[r]).\(model.names[s])"
                let y = (0...horizon).map { h -> Double? in point[h][r, s] }
                for h in 0...horizon { scalars["\(name).\(h)"] = .number(point[h][r, s]) }
                var layers: [FigureLayer] = []
                if let bands {
                    let lower = (0...horizon).map { h -> Double? in bands.lower[h][r, s] }
                    let upper = (0...horizon).map { h -> Double? in bands.upper[h][r, s] }
                    layers.append(
                        .band(
                            Band(
                                name: "\(Int((bands.options.level * 100).rounded()))% band", x: x, lower: lower,
                                upper: upper, color: 0)))
                    for h in 0...horizon {
                        scalars["\(name).\(h).lower"] = .number(bands.lower[h][r, s])
                        scalars["\(name).\(h).upper"] = .number(bands.upper[h][r, s])
                    }
                }
                layers.append(.rule(Rule(y: 0)))
                layers.append(.line(LineSeries(name: "response", x: x, y: y, color: 0)))
                let title = shocks.count == 1 ? model.names[r] : "\(model.names[r]) ← \(model.names[s])"
                panels.append(FigurePanel(title: title, xAxis: FigureAxis(label: fit.periodWord), layers: layers))
            }
        }
        // Several shocks: one column per shock, one row per response (the grid is full).
        var spec = SmallMultiples.spec(
            panels, maximumColumns: shocks.count == 1 ? 4 : shocks.count, minimumHeight: FigureSpec.defaultHeight)
        if shocks.count > 1 { spec.columns = shocks.count }
        var caption =
            "Orthogonalized \(cumulative ? "cumulative " : "")responses to one-standard-deviation shocks (Cholesky, "
            + "order \(model.names.joined(separator: ", ")))"
        if let bands {
            caption +=
                "; \(Int((bands.options.level * 100).rounded()))% "
                + "\(bands.options.method == .residualBootstrap ? "residual-bootstrap" : "Monte Carlo") bands "
                + "from \(bands.options.replications) replications"
        }
        let object = try JSONObject.encode(
            IRFObject(
                names: model.names, irfs: irf.irfs.map(matrixRows), orth_irfs: irf.orthIRFs.map(matrixRows),
                lower: bands?.lower.map(matrixRows), upper: bands?.upper.map(matrixRows)))
        return DirectiveResult(
            content: [.figure(Figure(caption: caption + ".", spec: spec))], scalars: scalars,
            object: ResultObject(kind: "var-irf", payload: object))
    }
}

/// statsmodels-named impulse responses for `--json`: `[h][response][shock]`.
struct IRFObject: Codable {
    var names: [String]
    var irfs: [[[Double]]]
    var orth_irfs: [[[Double]]]
    var lower: [[[Double]]]?
    var upper: [[[Double]]]?
}

/// JSON for result objects: sorted keys, non-finite numbers as strings.
enum JSONObject {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }
}
