import Foundation
import ThesisLinearAlgebra

/// The form of a Wald-type test.
public enum VARTestKind: String, Sendable, CaseIterable {
    /// F form: Wald statistic / number of restrictions against F(J, K·df_resid) (statsmodels `kind="f"`).
    case f
    /// Wald form: the statistic against chi-squared(J) (statsmodels `kind="wald"`).
    case wald
}

/// A Granger-causality test (statsmodels `VARResults.test_causality`).
public struct VARCausalityTest: Sendable {
    /// The variables whose equations are restricted.
    public let caused: [String]
    /// The variables whose lags are restricted to zero in those equations.
    public let causing: [String]
    /// F or Wald form.
    public let kind: VARTestKind
    /// The test statistic (λ_W / J for F, λ_W for Wald).
    public let statistic: Double
    /// P-value: the survival function of the reference distribution at `statistic`.
    public let pValue: Double
    /// Critical value at `significance`.
    public let criticalValue: Double
    /// Degrees of freedom: (J, K·df_resid) for F, (J) for Wald.
    public let degreesOfFreedom: [Int]
    /// The significance level of `criticalValue`.
    public let significance: Double

    /// `true` when H0 (no Granger causality) is rejected at `significance`.
    public var rejectsNull: Bool { statistic > criticalValue }
}

extension VARModel {
    /// Tests H0: the lags of `causing` do not enter the equations of `caused` (Lütkepohl 2005,
    /// section 3.6.1, as statsmodels `test_causality(caused, causing, kind, signif)`).
    ///
    /// With β = vec of the lag coefficients restricted by C (J = |caused|·|causing|·p rows) and
    /// Cov(β̂) = (Z'Z)⁻¹ ⊗ Σu (df-adjusted Σu), λ_W = (Cβ̂)' [C Cov C']⁻¹ (Cβ̂). The F form divides
    /// by J and uses F(J, K·(n − K·p − k_trend)) — statsmodels' degrees of freedom, which count
    /// all K equations. `causing` nil means all other variables.
    /// - Throws: `VARError.unknownVariable`, `.invalidArgument` (p = 0, overlapping or empty lists,
    ///   significance outside (0, 1)), `.linearAlgebra` if C Cov C' is singular.
    public func testCausality(caused: [String], causing: [String]? = nil, kind: VARTestKind = .f,
                              significance: Double = 0.05) throws -> VARCausalityTest {
        guard significance > 0, significance < 1 else {
            throw VARError.invalidArgument("the significance level must be in (0, 1), got \(significance)")
        }
        guard lags > 0 else {
            throw VARError.invalidArgument("cannot test Granger causality in a VAR with 0 lags")
        }
        guard !caused.isEmpty else { throw VARError.invalidArgument("no caused variable given") }
        let causedIndex = try caused.map { try index(of: $0) }
        let causingNames = causing ?? names.filter { !caused.contains($0) }
        guard !causingNames.isEmpty else { throw VARError.invalidArgument("no causing variable given") }
        let causingIndex = try causingNames.map { try index(of: $0) }
        if let both = causingNames.first(where: { caused.contains($0) }) {
            throw VARError.invalidArgument("'\(both)' is both caused and causing")
        }
        let k = seriesCount, kt = trend.termCount
        // Restrictions in statsmodels' order: for each lag j, each causing variable, each caused one.
        var restrictions: [(regressor: Int, equation: Int)] = []
        for j in 0..<lags {
            for ing in causingIndex {
                for ed in causedIndex { restrictions.append((kt + j * k + ing, ed)) }
            }
        }
        let jCount = restrictions.count
        var cb = [Double](repeating: 0, count: jCount)
        var middle = Matrix(rows: jCount, columns: jCount)
        for (a, ra) in restrictions.enumerated() {
            cb[a] = params[ra.regressor, ra.equation]
            for (b, rb) in restrictions.enumerated() {
                middle[a, b] = inverseGram[ra.regressor, rb.regressor] * sigmaU[ra.equation, rb.equation]
            }
        }
        let solved = try VARError.wrap {
            try solve(middle, cb, context: "Granger causality: solving with C·Cov(β̂)·C'")
        }
        var wald = 0.0
        for a in 0..<jCount { wald += cb[a] * solved[a] }

        switch kind {
        case .wald:
            let df = Double(jCount)
            return VARCausalityTest(
                caused: caused, causing: causingNames, kind: kind, statistic: wald,
                pValue: SpecialFunctions.chiSquaredSF(wald, df),
                criticalValue: SpecialFunctions.chiSquaredQuantile(1 - significance, df),
                degreesOfFreedom: [jCount], significance: significance)
        case .f:
            let statistic = wald / Double(jCount)
            let d1 = Double(jCount), d2 = Double(k * dfResid)
            return VARCausalityTest(
                caused: caused, causing: causingNames, kind: kind, statistic: statistic,
                pValue: SpecialFunctions.fSF(statistic, d1, d2),
                criticalValue: SpecialFunctions.fQuantile(1 - significance, d1, d2),
                degreesOfFreedom: [jCount, k * dfResid], significance: significance)
        }
    }
}

// MARK: - Lag order selection

/// Information criteria for p = pMin…maxLags, all estimated on the common sample
/// t = maxLags + 1 … T (statsmodels `VAR.select_order(maxlags, trend)`).
public struct VARLagOrderSelection: Sendable {
    /// The lag orders tried (0…maxLags, or 1…maxLags without deterministic terms).
    public let lags: [Int]
    /// AIC for each entry of `lags`.
    public let aic: [Double]
    /// BIC for each entry of `lags`.
    public let bic: [Double]
    /// Hannan-Quinn for each entry of `lags`.
    public let hqic: [Double]
    /// FPE for each entry of `lags`.
    public let fpe: [Double]
    /// The common number of observations, T − maxLags.
    public let observationCount: Int

    private func argmin(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] < values[best] { best = i }
        return lags[best]
    }

    /// The lag order minimising AIC (first minimum on ties, as numpy's argmin).
    public var selectedAIC: Int { argmin(aic) }
    /// The lag order minimising BIC.
    public var selectedBIC: Int { argmin(bic) }
    /// The lag order minimising HQ.
    public var selectedHQIC: Int { argmin(hqic) }
    /// The lag order minimising FPE.
    public var selectedFPE: Int { argmin(fpe) }
}

extension VARModel {
    /// Lag order selection on a common sample: every p = 0…maxLags (1…maxLags for trend `.none`)
    /// is estimated on observations maxLags + 1 … T, so the criteria compare like with like
    /// (statsmodels `select_order`; Lütkepohl 2005, section 4.3).
    /// - Throws: `VARError.tooManyLags` when the largest model cannot be estimated
    ///   (maxLags > (T − K − k_trend) / (1 + K), statsmodels' bound), and the data errors of `init`.
    public static func selectOrder(data: Matrix, names: [String], maxLags: Int,
                                   trend: VARTrend = .constant) throws -> VARLagOrderSelection {
        try validate(data: data, names: names)
        let k = names.count, t = data.rows
        guard maxLags >= (trend == .none ? 1 : 0) else {
            throw VARError.invalidArgument("maxLags must be ≥ \(trend == .none ? 1 : 0), got \(maxLags)")
        }
        let maxEstimable = (t - k - trend.termCount) / (1 + k)
        if maxLags > maxEstimable {
            throw VARError.tooManyLags(lags: maxLags, rows: t, series: k, trendTerms: trend.termCount,
                                       maximum: max(0, maxEstimable))
        }
        // The largest design contains every smaller one (same rows, a superset of the columns):
        // checking it first reports collinear series as such, before any Σu turns out singular.
        try VAREstimation.checkDesign(data: data, names: names, offset: 0, lags: maxLags, trend: trend)
        let pMin = trend == .none ? 1 : 0
        var lagList: [Int] = [], aic: [Double] = [], bic: [Double] = [], hqic: [Double] = [], fpe: [Double] = []
        for p in pMin...maxLags {
            let fit = try VAREstimation.estimate(data: data, names: names, offset: maxLags - p, lags: p,
                                                 trend: trend, checkRank: false)
            lagList.append(p)
            aic.append(fit.criteria.aic)
            bic.append(fit.criteria.bic)
            hqic.append(fit.criteria.hqic)
            fpe.append(fit.criteria.fpe)
        }
        return VARLagOrderSelection(lags: lagList, aic: aic, bic: bic, hqic: hqic, fpe: fpe,
                                    observationCount: t - maxLags)
    }
}
