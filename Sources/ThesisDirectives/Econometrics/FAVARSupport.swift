import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// Options and estimation shared by the `favar …` directives (Bernanke, Boivin and Eliasz 2005,
/// two-step): factors from the prepared panel, VAR on [factors, policy rate], loadings by OLS.
enum FAVAROptions {
    /// BBE's spirit: real activity, prices, labour, money, stocks, rates.
    static let defaultSeries = ["INDPRO", "CPIAUCSL", "UNRATE", "M2SL", "S&P 500", "PAYEMS", "HOUST", "GS10", "FEDFUNDS"]

    static let model: [OptionSpec] = [
        OptionSpec("data", .data, "a FRED-MD data set, prepared here as McCracken-Ng do, or a prepared panel's id (default: the project's FRED-MD data set)"),
        OptionSpec("sample", .monthRange, "estimation sample (default: 1960-01..2019-12 where the data cover it, else all)"),
        OptionSpec("factors", .integer(min: 1, max: 20), default: .integer(3), "number of factors K"),
        OptionSpec("lags", .integer(min: 1, max: 36), default: .integer(13), "VAR lags (BBE: 13)"),
        OptionSpec("policy", .text, default: .word("FEDFUNDS"), "the policy rate: in levels, ordered last, left out of the factor panel"),
        OptionSpec("slow", .names, "slow-moving series for BBE's rotation (the word 'default' takes FRED-MD's real activity, labour and price groups); no rotation when absent"),
        OptionSpec("trend", .choice(["n", "c", "ct"]), default: .word("c"), "deterministic terms of the VAR"),
    ]

    static let bands: [OptionSpec] = [
        OptionSpec("reps", .integer(min: 0, max: 100_000), default: .integer(500), "bootstrap replications; 0 = no bands"),
        OptionSpec("level", .number(min: 0.5, max: 0.999), default: .number(0.9), "band coverage"),
        OptionSpec("method", .choice(["bootstrap", "mc"]), default: .word("bootstrap"), "residual bootstrap (loadings fixed) or parametric Monte Carlo"),
        OptionSpec("seed", .integer(min: 0, max: nil), "random seed (default: derived from the cache key)"),
    ]
}

/// A fitted FAVAR with what the directives report about it.
struct FittedFAVAR {
    var model: FAVARModel
    var periods: [Month]
    var names: [String]
    var notes: [String]

    static func make(_ options: ResolvedOptions, context: DirectiveContext) throws -> FittedFAVAR {
        let policy = options.string("policy") ?? "FEDFUNDS"
        var frame: TimeSeriesFrame
        var notes: [String] = []
        if context.objects["data"] != nil {
            // A prepared panel: the policy rate must have been kept in levels.
            frame = try context.frame()
            guard let p = frame.index(of: policy) else { _ = try frame.requireSeries([policy], option: "policy"); throw DirectiveFailure("") }
            if let code = frame.transformCodes[p], code != 1 {
                throw DirectiveFailure("the policy rate \(policy) was transformed with code \(code); prepare the panel with transform=\(policy):level so it enters the VAR in levels", option: "data")
            }
            frame = try frame.cut(to: options.monthRange("sample"))
        } else {
            let raw = try context.frame()
            guard raw.index(of: policy) != nil else { _ = try raw.requireSeries([policy], option: "policy"); throw DirectiveFailure("") }
            var sample = options.monthRange("sample")
            if sample == nil, let span = raw.span {
                let bbe = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
                if span.lowerBound <= Month(year: 1959, month: 11), span.upperBound >= bbe.upperBound { sample = bbe }
            }
            var settings = PreparationOptions.mcCrackenNg
            settings.transformations = [policy: .level]
            do {
                frame = try Preparation.prepare(raw, sample: sample, options: settings).frame
            } catch let diagnostic as Diagnostic {
                throw DirectiveFailure(diagnostic.message, option: "sample")
            }
            notes.append("Panel prepared as McCracken and Ng (2016): transformation codes, outliers beyond 10 IQR removed, EM imputation; \(policy) kept in levels.")
        }
        guard let p = frame.index(of: policy) else { throw DirectiveFailure("no series \(policy)", option: "policy") }
        let panelIndices = frame.names.indices.filter { $0 != p && frame.columns[$0].allSatisfy(\.isFinite) }
        let dropped = frame.names.indices.filter { $0 != p && !panelIndices.contains($0) }.map { frame.names[$0] }
        if !dropped.isEmpty { notes.append("Left out for missing values: \(dropped.joined(separator: ", ")).") }
        guard frame.columns[p].allSatisfy(\.isFinite) else {
            throw DirectiveFailure("\(policy) has missing values in the sample; choose sample= where it is observed", option: "sample")
        }
        let names = panelIndices.map { frame.names[$0] }
        var slow = options.names("slow")
        if slow == ["default"] { slow = FAVARSlowSeries.defaultRule(names) }
        let trend = VARTrend(rawValue: options.string("trend") ?? "c") ?? .constant
        let codes = panelIndices.map { frame.transformCodes[$0] ?? 1 }
        let model = try econometrics {
            try FAVARModel(series: panelIndices.map { frame.columns[$0] }, names: names, policyRate: frame.columns[p], policyName: policy,
                           factors: options.int("factors") ?? 3, lags: options.int("lags") ?? 13, trend: trend,
                           slowSeries: slow, transformationCodes: codes)
        }
        notes.append("FAVAR: \(model.factorCount) principal-component factors of \(names.count) standardized series\(slow.map { ", rotated with \($0.count) slow series (BBE)" } ?? ""); VAR(\(model.varModel.lags)) on [F1…F\(model.factorCount), \(policy)] with \(policy) in levels, ordered last, Cholesky identification; \(policy) is not in the factor panel.")
        return FittedFAVAR(model: model, periods: frame.periods, names: names, notes: notes)
    }

    /// The response series: `series=` or the default set, present in the panel (or the policy rate).
    func responseSeries(_ options: ResolvedOptions) throws -> [String] {
        let available = names + [model.policyName]
        if let asked = options.names("series") {
            for name in asked where !available.contains(name) {
                let close = Suggestions.closest(to: name, in: available, limit: 3)
                throw DirectiveFailure("unknown series '\(name)'" + (close.isEmpty ? "" : "; closest: " + close.map { "'\($0)'" }.joined(separator: ", ")), option: "series")
            }
            return asked
        }
        let defaults = FAVAROptions.defaultSeries.filter { available.contains($0) }
        guard !defaults.isEmpty else { throw DirectiveFailure("none of the default series is in the panel; name some with series=", option: "series") }
        return defaults
    }
}

extension FAVARResponseScale {
    init(option: String?) {
        switch option {
        case "standardized": self = .standardized
        case "transformed": self = .transformed
        case "growth": self = .growth
        default: self = .level
        }
    }
}
