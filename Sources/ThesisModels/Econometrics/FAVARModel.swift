import Foundation
import ThesisLinearAlgebra

/// BBE's slow/fast rotation of the factors, as estimated (Bernanke, Boivin & Eliasz 2005, QJE,
/// section III.A): F̂^s = the first K principal components of the slow block of the standardized
/// panel; Ĉ = b̂_0 + b̂_s F̂^s + b̂_R R + e by OLS; F̂ = Ĉ − b̂_R·R.
public struct FAVARRotation: Sendable {
    /// The slow series, in panel order.
    public let slowSeries: [String]
    /// The T × K principal components of the slow block (F'F/T = I, sign rule as `PrincipalComponents`).
    public let slowFactors: Matrix
    /// OLS coefficients of Ĉ on [1, F̂^s, R], (2 + K) × K: row 0 the constant, rows 1…K the slow
    /// factors, row K + 1 b̂_R (the row subtracted).
    public let coefficients: Matrix
}

/// A factor-augmented VAR estimated by the two-step principal-components method of Bernanke,
/// Boivin & Eliasz (2005, QJE, "BBE"), with the conventions of shared/guide/favar-methodology.md:
///
///     X_t = Λ^f F_t + Λ^R R_t + e_t,      [F_t; R_t] a VAR(p),
///
/// 1. the panel X (T × N: transformed, outlier-cleaned, imputed, e.g. `Preparation.prepare` with
///    `exclude: ["FEDFUNDS"]`) is standardized, Z = (X − mean)/sd with ddof = 1 (a panel that is
///    already standardized is unchanged by this);
/// 2. Ĉ = the first K principal components of Z (`PrincipalComponents`: F'F/T = I, each
///    eigenvector's largest-magnitude element positive);
/// 3. optionally BBE's rotation (`FAVARRotation`): F̂ = Ĉ − b̂_R R with b̂_R from the OLS of Ĉ on
///    [1, F̂^s, R], F̂^s the PCs of the slow block; without it F̂ = Ĉ;
/// 4. a VAR(p) on [F̂_1 … F̂_K, R] by OLS (`VARModel`, statsmodels' conventions), R ordered last
///    and identified by the Cholesky factor of Σu: the policy shock is the last orthogonal shock;
/// 5. the loadings of each Z_i by OLS on [1, F̂, R] over all T periods, and their R².
///
/// The policy rate R (FEDFUNDS in percent, in levels) is NOT part of the factor panel: BBE keep the
/// observed factor out of X so that Ĉ spans the unobserved factors and R enters only as Y_t. Pass a
/// panel without it (the estimator refuses a panel series named like the policy rate).
///
/// Assumptions: a balanced panel without missing or non-finite values, no constant series, the
/// same T periods for X and R; K ≤ min(N, T) (and ≤ the slow block's size with the rotation).
/// Responses to the policy shock do not depend on how the factor block is normalized (R is last);
/// VAR coefficients, Σu and information criteria do, hence the fixed normalization above.
public struct FAVARModel: Sendable {
    /// Names of the panel series (columns of X), in order.
    public let names: [String]
    /// The policy rate's name (default "FEDFUNDS"); the last variable of the VAR.
    public let policyName: String
    /// The policy rate R_t, T values, in levels.
    public let policyRate: [Double]
    /// K, the number of factors.
    public let factorCount: Int
    /// FRED-MD transformation codes (1…7) of the panel series, when given: needed for the
    /// `.growth` and `.level` response scales.
    public let transformationCodes: [Int]?
    /// Column means of X.
    public let means: [Double]
    /// Column standard deviations of X (ddof = 1).
    public let standardDeviations: [Double]
    /// Ĉ, the T × K principal components of the standardized panel (F'F/T = I).
    public let principalComponents: Matrix
    /// The K largest eigenvalues of Z'Z, descending; eigenvalue / `totalVariance` is the share of
    /// the panel's variance each principal component explains.
    public let eigenvalues: [Double]
    /// ‖Z‖² = trace(Z'Z) = (T − 1)·N, the sum of all eigenvalues.
    public let totalVariance: Double
    /// F̂, the T × K factors entering the VAR (= Ĉ without rotation).
    public let factors: Matrix
    /// The rotation, when slow series were given.
    public let rotation: FAVARRotation?
    /// V_k, the N × K leading eigenvectors of Z'Z: Ĉ = Z V_k diag(`componentScales`).
    public let componentVectors: Matrix
    /// √(T/λ_j), the scale that gives the principal components F'F/T = I.
    public let componentScales: [Double]
    /// The VAR(p) on [F1 … FK, policyName] (`varModel.names`), fitted by `VARModel`: params,
    /// Σu (df-adjusted and MLE), information criteria, IRFs, FEVD, forecasts, bands.
    public let varModel: VARModel
    /// Loadings of the standardized series, (K + 2) × N: row 0 the constant, rows 1…K the factors,
    /// row K + 1 the policy rate (OLS of Z_i on [1, F̂, R], T observations).
    public let loadings: Matrix
    /// R² of each standardized series on [1, F̂, R] (1 − SSR/Σ(z − z̄)²): the share of its variance
    /// that is common (BBE Table I's R² column).
    public let rSquared: [Double]
    /// Z, the standardized T × N panel (for the idiosyncratic residuals of the re-extraction bootstrap).
    let standardizedPanel: Matrix

    /// Names of the VAR variables: F1…FK and the policy rate.
    public var systemNames: [String] { varModel.names }
    /// T, the periods.
    public var periodCount: Int { policyRate.count }

    /// Estimates the FAVAR.
    /// - Parameters:
    ///   - panel: X, T × N (one column per series), transformed and without missing values.
    ///   - names: the N series names.
    ///   - policyRate: R, T values in levels (FEDFUNDS in percent: a 25 bp shock is 0.25).
    ///   - policyName: R's name in the VAR (default "FEDFUNDS").
    ///   - factors: K (default 3, BBE's baseline).
    ///   - lags: the VAR's lag order (default 13, BBE's baseline; their monthly VAR).
    ///   - trend: the VAR's deterministic terms (default a constant).
    ///   - slowSeries: the slow-moving series for BBE's rotation (e.g. `FAVARSlowSeries.defaultRule`);
    ///     nil for none (F̂ = Ĉ).
    ///   - transformationCodes: the series' FRED-MD codes 1…7 (for `.growth`/`.level` responses).
    /// - Throws: `VARError.invalidArgument` (shapes, names, K, codes), `.nonFinite`,
    ///   `.unknownVariable` (a slow series not in the panel), and the VAR's errors.
    public init(panel: Matrix, names: [String], policyRate: [Double], policyName: String = "FEDFUNDS",
                factors: Int = 3, lags: Int = 13, trend: VARTrend = .constant, slowSeries: [String]? = nil,
                transformationCodes: [Int]? = nil) throws {
        let t = panel.rows, n = panel.columns
        guard names.count == n else {
            throw VARError.invalidArgument("\(names.count) names for a panel of \(n) series")
        }
        guard Set(names).count == n else {
            throw VARError.invalidArgument("the panel's series names are not unique")
        }
        guard policyRate.count == t else {
            throw VARError.invalidArgument("the policy rate has \(policyRate.count) values for a panel of \(t) periods")
        }
        guard !names.contains(policyName) else {
            throw VARError.invalidArgument("the panel contains the policy rate '\(policyName)': BBE leave it out of "
                                           + "the factor panel (it enters the VAR as the observed factor)")
        }
        guard t > 2, n >= 1 else { throw VARError.invalidArgument("the panel has \(t) periods and \(n) series") }
        guard factors >= 1, factors <= min(n, t) else {
            throw VARError.invalidArgument("the number of factors must be in 1…\(min(n, t)) (min(N, T)), got \(factors)")
        }
        if let codes = transformationCodes {
            guard codes.count == n else {
                throw VARError.invalidArgument("\(codes.count) transformation codes for \(n) series")
            }
            if let bad = codes.firstIndex(where: { !(1...7).contains($0) }) {
                throw VARError.invalidArgument("series '\(names[bad])' has transformation code \(codes[bad]); "
                                               + "FRED-MD codes are 1…7")
            }
        }
        for j in 0..<n {
            if let s = panel.withUnsafeColumn(j, { c in c.firstIndex(where: { !$0.isFinite }) }) {
                throw VARError.nonFinite(series: names[j], row: s, value: panel[s, j])
            }
        }
        if let s = policyRate.firstIndex(where: { !$0.isFinite }) {
            throw VARError.nonFinite(series: policyName, row: s, value: policyRate[s])
        }

        // 1-2. Standardize, principal components.
        let (z, means, sds): ([Double], [Double], [Double])
        switch PrincipalComponents.standardize(panel.elements, rows: t, cols: n) {
        case .success(let result): (z, means, sds) = result
        case .failure(let column):
            throw VARError.invalidArgument("series '\(names[column.index])' is constant in the sample: "
                                           + "it cannot be standardized; leave it out of the panel")
        }
        // Only the K leading pairs (LAPACK dsyevr): the same vectors as a full decomposition.
        let pca = try VARError.wrap { try PrincipalComponents(z, rows: t, cols: n, count: factors) }
        let c = try! Matrix(rows: t, columns: factors, columnMajor: pca.factors(z, k: factors).f)
        let rColumn = Matrix(column: policyRate)

        // 3. Rotation.
        var f = c
        var rotation: FAVARRotation?
        if let slowSeries {
            var seen = Set<String>()
            for s in slowSeries {
                guard names.contains(s) else { throw VARError.unknownVariable(s, available: names) }
                seen.insert(s)
            }
            let slowIndex = names.indices.filter { seen.contains(names[$0]) }
            guard slowIndex.count >= factors else {
                throw VARError.invalidArgument("the slow block has \(slowIndex.count) series, fewer than the \(factors) "
                                               + "factors it must span")
            }
            var zs = [Double](repeating: 0, count: t * slowIndex.count)
            for (b, j) in slowIndex.enumerated() { for s in 0..<t { zs[s + b * t] = z[s + j * t] } }
            let slowPCA = try VARError.wrap { try PrincipalComponents(zs, rows: t, cols: slowIndex.count, count: factors) }
            let fs = try! Matrix(rows: t, columns: factors, columnMajor: slowPCA.factors(zs, k: factors).f)
            let design = try! Matrix(horizontallyStacking: [Matrix(rows: t, columns: 1, repeating: 1), fs, rColumn])
            let b = try VARError.wrap {
                try leastSquares(design, c, context: "regressing the principal components on the slow factors and R")
            }
            for j in 0..<factors { for s in 0..<t { f[s, j] = c[s, j] - b[factors + 1, j] * policyRate[s] } }
            rotation = FAVARRotation(slowSeries: slowIndex.map { names[$0] }, slowFactors: fs, coefficients: b)
        }

        // 4. The VAR on [F̂, R].
        let system = try! Matrix(horizontallyStacking: [f, rColumn])
        let systemNames = (1...factors).map { "F\($0)" } + [policyName]
        let model = try VARModel(data: system, names: systemNames, lags: lags, trend: trend)

        // 5. Loadings and R².
        let design = try! Matrix(horizontallyStacking: [Matrix(rows: t, columns: 1, repeating: 1), system])
        let zMatrix = try! Matrix(rows: t, columns: n, columnMajor: z)
        let lambda = try VARError.wrap { try leastSquares(design, zMatrix, context: "estimating the FAVAR loadings") }
        let fitted = try VARError.wrap { try multiply(design, lambda) }
        var r2 = [Double](repeating: 0, count: n)
        z.withUnsafeBufferPointer { pz in
            fitted.withUnsafeBufferPointer { pf in
                for i in 0..<n {
                    let base = i * t
                    var mean = 0.0
                    for s in 0..<t { mean += pz[base &+ s] }
                    mean /= Double(t)
                    var ssr = 0.0, sst = 0.0
                    for s in 0..<t {
                        let v = pz[base &+ s]
                        let e = v - pf[base &+ s]
                        ssr += e * e
                        sst += (v - mean) * (v - mean)
                    }
                    r2[i] = 1 - ssr / sst
                }
            }
        }

        self.names = names
        self.policyName = policyName
        self.policyRate = policyRate
        self.factorCount = factors
        self.transformationCodes = transformationCodes
        self.means = means
        self.standardDeviations = sds
        self.principalComponents = c
        self.eigenvalues = pca.values
        self.totalVariance = pca.total
        self.factors = f
        self.rotation = rotation
        self.componentVectors = try! Matrix(rows: n, columns: factors, columnMajor: Array(pca.vectors[0..<(n * factors)]))
        self.componentScales = (0..<factors).map { (Double(t) / pca.values[$0]).squareRoot() }
        self.varModel = model
        self.loadings = lambda
        self.rSquared = r2
        self.standardizedPanel = zMatrix
    }

    /// Estimates the FAVAR from one array per series (`panel[i]` is series i's T values).
    public init(series panel: [[Double]], names: [String], policyRate: [Double], policyName: String = "FEDFUNDS",
                factors: Int = 3, lags: Int = 13, trend: VARTrend = .constant, slowSeries: [String]? = nil,
                transformationCodes: [Int]? = nil) throws {
        let matrix = try VARError.wrap { try Matrix(columns: panel, context: "FAVAR panel") }
        try self.init(panel: matrix, names: names, policyRate: policyRate, policyName: policyName, factors: factors,
                      lags: lags, trend: trend, slowSeries: slowSeries, transformationCodes: transformationCodes)
    }

    /// The index of panel series `name`.
    /// - Throws: `VARError.unknownVariable`.
    public func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else { throw VARError.unknownVariable(name, available: names) }
        return i
    }

    /// Loadings of series i on [F̂, R] (K + 1 values, the constant left out).
    func loadingVector(_ i: Int) -> [Double] {
        (0...factorCount).map { loadings[$0 + 1, i] }
    }
}
