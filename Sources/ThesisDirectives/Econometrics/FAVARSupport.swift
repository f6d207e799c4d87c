import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// The options that specify a FAVAR (Bernanke, Boivin and Eliasz 2005, two-step: factors from
/// the prepared panel, VAR on [factors, policy rate], loadings by OLS), shared by the `favar …`
/// directives. `favar irf|fevd|forecast` may instead take `of=` with the id of a `favar fit`.
struct FAVARModelOptions: DirectiveArguments {
    /// BBE's spirit: real activity, prices, labour, money, stocks, rates.
    static let defaultSeries = [
        "INDPRO", "CPIAUCSL", "UNRATE", "M2SL", "S&P 500", "PAYEMS", "HOUST", "GS10", "FEDFUNDS",
    ]

    @Option(
        "a FRED-MD data set, prepared here as McCracken-Ng do, or a prepared panel's id (default: the project's "
            + "FRED-MD data set)"
    )
    var data: DataName?
    @Option("estimation sample (default: 1960-01..2019-12 where the data cover it, else all)") var sample:
        ClosedRange<Month>?
    @Option(.range(1...20), "number of factors K") var factors = 3
    @Option(.range(1...36), "VAR lags (BBE: 13)") var lags = 13
    @Option(
        "the policy rate: left out of the factor panel, taken in levels from the raw data set (for a prepared panel "
            + "too), ordered last"
    )
    var policy = "FEDFUNDS"
    @Option(
        "slow-moving series for BBE's rotation (the word 'default' takes FRED-MD's real activity, labour and price "
            + "groups); no rotation when absent"
    )
    var slow: [String]?
    @Option("deterministic terms of the VAR") var trend = VARTrend.constant

    init() {}

    /// The options that `of=` replaces; giving one of them with `of=` is an error.
    var modelOptions: [OptionReference] { [$data, $sample, $factors, $lags, $policy, $slow, $trend] }
}

/// The band options of `favar irf`.
struct FAVARBandArguments: DirectiveArguments {
    @Option(.range(0...100_000), "bootstrap replications; 0 = no bands") var reps = 500
    @Option(.range(0.5...0.999), "band coverage") var level = 0.9
    @Option("residual bootstrap (loadings fixed) or parametric Monte Carlo") var method = BandMethod.bootstrap
    @Option(.atLeast(0), "random seed (default: derived from the cache key)") var seed: Int?

    init() {}
}

/// What `favar fit` stores for `of=`: the estimation panel and settings, from which the model is
/// refitted exactly (principal components and OLS take milliseconds; preparing the panel does not).
struct FAVARSpecification: Codable {
    static let kind = "favar"
    var columns: [[Double]]
    var names: [String]
    var policyRate: [Double]
    var policyName: String
    var periods: [Month]
    var factors: Int
    var lags: Int
    var trend: String
    var slow: [String]?
    var codes: [Int]
    var notes: [String]
    // The estimates with statsmodels' names, for `thesis exec … --json` (not read back by `of=`).
    /// The VAR's variables: F1…FK and the policy rate.
    var system_names: [String]?
    var param_names: [String]?
    /// (1 + K·p) × (K + 1), rows as `param_names` (const, L1.F1, …), one column per equation.
    var params: [[Double]]?
    var sigma_u: [[Double]]?
    var sigma_u_mle: [[Double]]?
    var aic: Double?
    var bic: Double?
    var hqic: Double?
    var fpe: Double?
    var llf: Double?
    var nobs: Int?
    /// F̂, T × K (rows in `periods` order), the factors entering the VAR.
    var factor_series: [[Double]]?
    /// (K + 2) × N loadings of the standardized series on [1, F̂, R], rows const, F1…FK, policy.
    var loadings: [[Double]]?
    var rsquared: [Double]?
    var eigenvalues: [Double]?
}

/// A fitted FAVAR with what the directives report about it.
struct FittedFAVAR {
    var model: FAVARModel
    var specification: FAVARSpecification
    var periods: [Month] { specification.periods }
    var names: [String] { specification.names }
    var notes: [String]

    /// The FAVAR of `of=` (a `favar fit` result), or estimated from the model options.
    static func make(
        _ options: FAVARModelOptions, of: ResultName? = nil, ofOption: OptionReference? = nil,
        context: DirectiveContext
    ) throws -> FittedFAVAR {
        guard let of, let ofOption else { return try fit(specification(options, context: context)) }
        if let given = options.modelOptions.first(where: \.isExplicit) {
            throw DirectiveFailure(
                "\(given.name)= cannot be combined with of=: the model comes from '\(of)'", option: given)
        }
        guard let object = try context.result(ofOption).object, object.kind == FAVARSpecification.kind,
            let specification = try? JSONDecoder().decode(FAVARSpecification.self, from: object.payload)
        else {
            throw DirectiveFailure(
                "'\(of)' is not a fitted FAVAR; name the id of a <<favar fit … id=NAME>>", option: ofOption)
        }
        return try fit(specification)
    }

    /// The estimation panel and settings from the model options: the panel prepared as
    /// McCracken and Ng (2016) unless it is a prepared panel already.
    static func specification(_ options: FAVARModelOptions, context: DirectiveContext) throws -> FAVARSpecification {
        let policy = options.policy
        var frame: TimeSeriesFrame
        var notes: [String] = []
        let raw: (name: String, frame: TimeSeriesFrame)
        if context.objects[options.$data.name] != nil {
            // A prepared panel: its policy column (if any) is transformed and left out; the rate
            // comes in levels from the data set the panel was prepared from.
            frame = try context.frame(options.$data).cut(to: options.sample, option: options.$sample)
            raw = try context.rawSource(options.$data)
            if let p = frame.index(of: policy) {
                let code = frame.transformCodes[p] ?? 1
                frame = frame.selecting(frame.names.filter { $0 != policy })
                if code != 1 {
                    notes.append(
                        "The panel's \(policy) column (code \(code), transformed) is left out; \(policy) is taken "
                            + "in levels from data set '\(raw.name)'.")
                }
            }
        } else {
            raw = (context.dataSetNames[options.$data.name] ?? "data", try context.frame(options.$data))
            _ = try raw.frame.requireIndex(of: policy, option: options.$policy)
            var sample = options.sample
            if sample == nil, let span = raw.frame.span {
                let bbe = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
                if span.lowerBound <= Month(year: 1959, month: 11), span.upperBound >= bbe.upperBound { sample = bbe }
            }
            var settings = PreparationOptions.mcCrackenNg
            settings.exclude = [policy]
            do {
                frame = try Preparation.prepare(raw.frame, sample: sample, options: settings).frame
            } catch let diagnostic as Diagnostic {
                throw DirectiveFailure(diagnostic.message, option: options.$sample)
            }
            notes.append(
                "Panel prepared as McCracken and Ng (2016): transformation codes, outliers beyond 10 IQR removed, EM "
                    + "imputation; \(policy) left out of the panel (BBE)."
            )
        }
        let policyRate = try Self.levels(of: policy, in: raw.frame, at: frame.periods, options: options)
        if let first = frame.periods.first, let last = frame.periods.last {
            notes.append(
                "\(policy) enters the VAR in levels: the raw series of data set '\(raw.name)', \(first)..\(last), "
                    + "as Bernanke, Boivin and Eliasz (2005).")
        }
        let panelIndices = frame.names.indices.filter { frame.columns[$0].allSatisfy(\.isFinite) }
        let dropped = frame.names.indices.filter { !panelIndices.contains($0) }.map { frame.names[$0] }
        if !dropped.isEmpty { notes.append("Left out for missing values: \(dropped.joined(separator: ", ")).") }
        let names = panelIndices.map { frame.names[$0] }
        var slow = options.slow
        if slow == ["default"] { slow = FAVARSlowSeries.defaultRule(names) }
        return FAVARSpecification(
            columns: panelIndices.map { frame.columns[$0] }, names: names, policyRate: policyRate,
            policyName: policy, periods: frame.periods, factors: options.factors, lags: options.lags,
            trend: options.trend.rawValue, slow: slow,
            codes: panelIndices.map { frame.transformCodes[$0] ?? 1 }, notes: notes)
    }

    /// The raw values of the policy rate at `periods`, all of which it must cover with numbers.
    static func levels(
        of policy: String, in raw: TimeSeriesFrame, at periods: [Month], options: FAVARModelOptions
    ) throws -> [Double] {
        let p = try raw.requireIndex(of: policy, option: options.$policy)
        let rows = Dictionary(raw.periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return try periods.map { month in
            guard let row = rows[month], raw.columns[p][row].isFinite else {
                throw DirectiveFailure(
                    "\(policy) has no value in \(month) of the raw data; choose sample= where it is observed",
                    option: options.$sample)
            }
            return raw.columns[p][row]
        }
    }

    /// Estimates the model of a specification.
    static func fit(_ spec: FAVARSpecification) throws -> FittedFAVAR {
        let trend = VARTrend(rawValue: spec.trend) ?? .constant
        let model = try econometrics {
            try FAVARModel(
                series: spec.columns, names: spec.names, policyRate: spec.policyRate, policyName: spec.policyName,
                factors: spec.factors, lags: spec.lags, trend: trend,
                slowSeries: spec.slow, transformationCodes: spec.codes)
        }
        var notes = spec.notes
        notes.append(
            "FAVAR: \(model.factorCount) principal-component factors of \(spec.names.count) standardized "
                + "series\(spec.slow.map { ", rotated with \($0.count) slow series (BBE)" } ?? ""); "
                + "VAR(\(model.varModel.lags)) on [F1…F\(model.factorCount), \(spec.policyName)] with "
                + "\(spec.policyName) in levels, ordered last, Cholesky identification; \(spec.policyName) is not in "
                + "the factor panel."
        )
        var exported = spec
        let var_ = model.varModel
        exported.system_names = var_.names
        exported.param_names = var_.paramNames
        exported.params = matrixRows(var_.params)
        exported.sigma_u = matrixRows(var_.sigmaU)
        exported.sigma_u_mle = matrixRows(var_.sigmaUMLE)
        exported.aic = var_.aic
        exported.bic = var_.bic
        exported.hqic = var_.hqic
        exported.fpe = var_.fpe
        exported.llf = var_.logLikelihood
        exported.nobs = var_.observationCount
        exported.factor_series = matrixRows(model.factors)
        exported.loadings = matrixRows(model.loadings)
        exported.rsquared = model.rSquared
        exported.eigenvalues = model.eigenvalues
        return FittedFAVAR(model: model, specification: exported, notes: notes)
    }

    /// The object `favar fit` stores for `of=`.
    func object() throws -> ResultObject {
        ResultObject(kind: FAVARSpecification.kind, payload: try JSONObject.encode(specification))
    }

    /// The FRED-MD transformation code of a series of the panel (1, levels, for the policy rate,
    /// which enters in levels); nil for a name not in the panel.
    func code(of name: String) -> Int? {
        if name == model.policyName { return 1 }
        return names.firstIndex(of: name).flatMap {
            specification.codes.indices.contains($0) ? specification.codes[$0] : nil
        }
    }

    /// The response series: `series=` or the default set, present in the panel (or the policy rate).
    func responseSeries(_ asked: [String]?, option: OptionReference) throws -> [String] {
        let available = names + [model.policyName]
        if let asked {
            for name in asked where !available.contains(name) {
                let close = Suggestions.closest(to: name, in: available, limit: 3)
                throw DirectiveFailure(
                    "unknown series '\(name)'"
                        + (close.isEmpty ? "" : "; closest: " + close.map { "'\($0)'" }.joined(separator: ", ")),
                    option: option)
            }
            return asked
        }
        let defaults = FAVARModelOptions.defaultSeries.filter { available.contains($0) }
        guard !defaults.isEmpty else {
            throw DirectiveFailure("none of the default series is in the panel; name some with series=", option: option)
        }
        return defaults
    }
}

/// The units of `favar irf`'s responses.
enum ResponseScale: String, ArgumentChoice {
    case level, growth, transformed, standardized

    var engineScale: FAVARResponseScale {
        switch self {
        case .level: return .level
        case .growth: return .growth
        case .transformed: return .transformed
        case .standardized: return .standardized
        }
    }
}
