import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// The options that specify a VAR, shared by the `var …` directives: data, series, sample,
/// transformations, lags and trend, or `of=` with the id of a `var fit`.
struct VARModelOptions: DirectiveArguments {
    @Option("the data set or a prepared panel's id (or give of=)") var data: DataName?
    @Option("the VAR's variables, in Cholesky order (default: every series of the data)") var series: [String]?
    @OptionGroup var window: DataWindow
    @Option(.range(0...60), "lag order p") var lags = 2
    @Option("deterministic terms: none, constant, constant and trend") var trend = VARTrend.constant
    @Option("a fitted VAR's id (<<var fit … id=NAME>>) instead of data=, series=, lags=") var of: ResultName?

    init() {}

    /// The options that `of=` replaces; giving one of them with `of=` is an error.
    var modelOptions: [OptionReference] {
        [$data, $series, window.$sample, window.$transformed, window.$transform, $lags, $trend]
    }
}

/// How bands are drawn.
enum BandMethod: String, ArgumentChoice {
    case bootstrap, mc

    var engineMethod: VARBandMethod { self == .mc ? .parametricMonteCarlo : .residualBootstrap }
}

/// The band options of `var irf`.
struct VARBandArguments: DirectiveArguments {
    @Option(.range(0...100_000), "replications for the bands; 0 = no bands") var reps = 500
    @Option(.range(0.5...0.999), "band coverage") var level = 0.9
    @Option("bands by residual bootstrap or by parametric Monte Carlo (statsmodels irf_errband_mc)")
    var method = BandMethod.bootstrap
    @Option(.atLeast(0), "random seed for the bands (default: derived from the directive's cache key)") var seed: Int?

    init() {}

    func engineOptions(context: DirectiveContext, cumulative: Bool) -> VARBandOptions {
        VARBandOptions(
            method: method.engineMethod, replications: reps, level: level,
            seed: seed.map { UInt64($0) } ?? context.seed,
            workers: nil, orthogonalized: true, cumulative: cumulative)
    }
}

/// What `var fit` stores for later directives (`of=`): the estimation data and settings (the model
/// is refitted, which takes about a millisecond) plus statsmodels-named results for `--json`.
struct VARSpecification: Codable {
    static let kind = "var"
    var names: [String]
    var lags: Int
    var trend: String
    /// Columns of the estimation sample.
    var columns: [[Double]]
    var periods: [Month]
    var frequency: Frequency
    // statsmodels names, for `thesis exec … --json`.
    var params: [[Double]]?
    var sigma_u: [[Double]]?
    var sigma_u_mle: [[Double]]?
    var aic: Double?
    var bic: Double?
    var hqic: Double?
    var fpe: Double?
    var llf: Double?
}

/// A fitted VAR with the dates of its sample.
struct FittedVAR {
    var model: VARModel
    var specification: VARSpecification

    var periods: [Month] { specification.periods }
    var frequency: Frequency { specification.frequency }
    var names: [String] { model.names }

    /// Fits from `of=` or from data, series, sample, lags and trend.
    static func make(_ options: VARModelOptions, context: DirectiveContext) throws -> FittedVAR {
        var spec: VARSpecification
        if let of = options.of {
            if let given = options.modelOptions.first(where: \.isExplicit) {
                throw DirectiveFailure(
                    "\(given.name)= cannot be combined with of=: the model comes from '\(of)'", option: given)
            }
            guard let object = try context.result(options.$of).object, object.kind == VARSpecification.kind,
                let decoded = try? JSONDecoder().decode(VARSpecification.self, from: object.payload)
            else {
                throw DirectiveFailure(
                    "'\(of)' is not a fitted VAR; name the id of a <<var fit … id=NAME>>", option: options.$of)
            }
            spec = decoded
        } else {
            guard options.data != nil else {
                throw DirectiveFailure("give data= (and series=) or of= with the id of a fitted VAR", option: nil)
            }
            var frame = try options.window.frame(
                context, data: options.$data, series: options.series, seriesOption: options.$series)
            frame = try trimToCompleteRows(frame, seriesOption: options.$series)
            spec = VARSpecification(
                names: frame.names, lags: options.lags, trend: options.trend.rawValue,
                columns: frame.columns, periods: frame.periods, frequency: frame.frequency)
        }
        let trend = VARTrend(rawValue: spec.trend) ?? .constant
        let model: VARModel
        do {
            model = try VARModel(series: spec.columns, names: spec.names, lags: spec.lags, trend: trend)
        } catch let error as VARError {
            throw DirectiveFailure(error.description, option: option(for: error))
        }
        spec.params = matrixRows(model.params)
        spec.sigma_u = matrixRows(model.sigmaU)
        spec.sigma_u_mle = matrixRows(model.sigmaUMLE)
        spec.aic = model.aic
        spec.bic = model.bic
        spec.hqic = model.hqic
        spec.fpe = model.fpe
        spec.llf = model.logLikelihood
        return FittedVAR(model: model, specification: spec)
    }

    /// The option a VAR error is about, for the diagnostic's location.
    static func option(for error: VARError) -> String? {
        switch error {
        case .tooManyLags: return "lags"
        case .unknownVariable, .singularDesign: return "series"
        case .nonFinite: return "data"
        default: return nil
        }
    }

    /// Drops leading and trailing months where any series is missing (differencing leaves
    /// them); a gap inside the sample is an error naming the series and month.
    static func trimToCompleteRows(_ frame: TimeSeriesFrame, seriesOption: OptionReference) throws -> TimeSeriesFrame {
        let complete = frame.periods.indices.map { t in frame.columns.allSatisfy { t < $0.count && $0[t].isFinite } }
        guard let first = complete.firstIndex(of: true), let last = complete.lastIndex(of: true) else {
            throw DirectiveFailure(
                "no month has every series observed; check series= and sample=", option: seriesOption)
        }
        if let gap = (first...last).first(where: { !complete[$0] }) {
            let missing = frame.names.indices.filter { !frame.columns[$0][gap].isFinite }.map { frame.names[$0] }
            throw DirectiveFailure(
                "\(missing.joined(separator: ", ")) missing in \(frame.periods[gap]) inside the sample; prepare the "
                    + "data (<<data prepare …>>) or shorten sample=",
                option: seriesOption)
        }
        return try frame.slice(frame.periods[first]...frame.periods[last])
    }

    /// The object later directives read through `of=`.
    func object() throws -> ResultObject {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return ResultObject(kind: VARSpecification.kind, payload: try encoder.encode(specification))
    }

    /// Index of a variable, failing with the closest names.
    func index(of name: String, option: OptionReference) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw DirectiveFailure(
                "'\(name)' is not a variable of the VAR\(Suggestions.didYouMean(name, in: names)); variables: "
                    + "\(names.joined(separator: ", "))",
                option: option)
        }
        return i
    }

    /// "months" or "quarters".
    var periodWord: String { frequency == .monthly ? "months" : "quarters" }
}

/// Rows of a matrix as nested arrays (statsmodels' layout for JSON).
func matrixRows(_ m: Matrix) -> [[Double]] {
    (0..<m.rows).map { i in (0..<m.columns).map { j in m[i, j] } }
}

/// Wraps errors of the econometrics engine as directive failures.
func econometrics<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as VARError {
        throw DirectiveFailure(error.description, option: FittedVAR.option(for: error))
    } catch let error as LinearAlgebraError {
        throw DirectiveFailure(error.description)
    }
}
