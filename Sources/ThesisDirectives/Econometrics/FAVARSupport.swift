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
    @Option("the policy rate: in levels, ordered last, left out of the factor panel") var policy = "FEDFUNDS"
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
        if context.objects[options.$data.name] != nil {
            // A prepared panel: the policy rate must have been kept in levels.
            frame = try context.frame(options.$data)
            let p = try frame.requireIndex(of: policy, option: options.$policy)
            if let code = frame.transformCodes[p], code != 1 {
                throw DirectiveFailure(
                    "the policy rate \(policy) was transformed with code \(code); prepare the panel with "
                        + "transform=\(policy):level so it enters the VAR in levels",
                    option: options.$data)
            }
            frame = try frame.cut(to: options.sample, option: options.$sample)
        } else {
            let raw = try context.frame(options.$data)
            _ = try raw.requireIndex(of: policy, option: options.$policy)
            var sample = options.sample
            if sample == nil, let span = raw.span {
                let bbe = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
                if span.lowerBound <= Month(year: 1959, month: 11), span.upperBound >= bbe.upperBound { sample = bbe }
            }
            var settings = PreparationOptions.mcCrackenNg
            settings.transformations = [policy: .level]
            do {
                frame = try Preparation.prepare(raw, sample: sample, options: settings).frame
            } catch let diagnostic as Diagnostic {
                throw DirectiveFailure(diagnostic.message, option: options.$sample)
            }
            notes.append(
                "Panel prepared as McCracken and Ng (2016): transformation codes, outliers beyond 10 IQR removed, EM "
                    + "imputation; \(policy) kept in levels."
            )
        }
        let p = try frame.requireIndex(of: policy, option: options.$policy)
        let panelIndices = frame.names.indices.filter { $0 != p && frame.columns[$0].allSatisfy(\.isFinite) }
        let dropped = frame.names.indices.filter { $0 != p && !panelIndices.contains($0) }.map { frame.names[$0] }
        if !dropped.isEmpty { notes.append("Left out for missing values: \(dropped.joined(separator: ", ")).") }
        guard frame.columns[p].allSatisfy(\.isFinite) else {
            throw DirectiveFailure(
                "\(policy) has missing values in the sample; choose sample= where it is observed",
                option: options.$sample)
        }
        let names = panelIndices.map { frame.names[$0] }
        var slow = options.slow
        if slow == ["default"] { slow = FAVARSlowSeries.defaultRule(names) }
        return FAVARSpecification(
            columns: panelIndices.map { frame.columns[$0] }, names: names, policyRate: frame.columns[p],
            policyName: policy, periods: frame.periods, factors: options.factors, lags: options.lags,
            trend: options.trend.rawValue, slow: slow,
            codes: panelIndices.map { frame.transformCodes[$0] ?? 1 }, notes: notes)
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
        return FittedFAVAR(model: model, specification: spec, notes: notes)
    }

    /// The object `favar fit` stores for `of=`.
    func object() throws -> ResultObject {
        ResultObject(kind: FAVARSpecification.kind, payload: try JSONObject.encode(specification))
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
