import Foundation
import ThesisDocument
import ThesisModels

/// Options of the EM-PCA imputation (McCracken-Ng `factors_em` with `DEMEAN = 2`, `jj = 2`).
public struct EMOptions: Codable, Hashable, Sendable {
    /// The largest number of factors IC_p2 considers at each iteration (McCracken-Ng: 8).
    public var kmax: Int
    /// Stop when ‖chat − chat_prev‖² / ‖chat_prev‖² ≤ tolerance (1e-6).
    public var tolerance: Double
    /// Stop after this many refills (50).
    public var maxIterations: Int
    /// Use this many factors at every iteration instead of choosing by IC_p2 (McCracken-Ng's
    /// `kmax = 99` case uses a fixed number); nil = choose by IC_p2.
    public var fixedFactors: Int?

    public init(kmax: Int = 8, tolerance: Double = 1e-6, maxIterations: Int = 50, fixedFactors: Int? = nil) {
        self.kmax = kmax
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.fixedFactors = fixedFactors
    }
}

/// What the EM imputation did.
public struct EMReport: Codable, Hashable, Sendable {
    /// Refills done (McCracken-Ng's `it`); 0 when nothing was missing.
    public var iterations: Int
    /// The number of factors at the initial mean fill (element 0) and after each refill (elements 1…).
    public var factorPath: [Int]
    /// ‖chat − chat_prev‖² / ‖chat_prev‖² after each refill (NaN, written `null`, when chat_prev = 0).
    @NaNAsNull public var criterionPath: [Double]
    /// True when the criterion reached the tolerance (false after `maxIterations`).
    public var converged: Bool
    /// Values imputed.
    public var imputed: Int

    /// The number of factors of the last iteration.
    public var finalFactors: Int { factorPath.last ?? 0 }

    public init(iterations: Int, factorPath: [Int], criterionPath: [Double], converged: Bool, imputed: Int) {
        self.iterations = iterations
        self.factorPath = factorPath
        self.criterionPath = criterionPath
        self.converged = converged
        self.imputed = imputed
    }
}

/// Principal-component factors of a balanced panel (no missing values), with Bai-Ng's IC_p2.
///
/// Conventions (guide, "Factors"): the panel is standardized (ddof = 1); F are the principal
/// components normalized F'F/T = I, Λ = Z'F/T, so Z ≈ FΛ'; each eigenvector of Z'Z has its
/// largest-magnitude element positive (so SVD and eigen-decomposition agree).
///
/// Non-finite numbers (ln V(k) = −∞ when k factors fit exactly) are written as JSON `null`.
public struct FactorModel: Codable, Hashable, Sendable {
    public var names: [String]
    public var periods: [Month]
    /// Factors kept (the IC_p2 choice unless a number was given).
    public var k: Int
    /// The largest k considered by IC_p2.
    public var kmax: Int
    /// The k minimising IC_p2 over 0…kmax (the first minimum).
    public var selectedK: Int
    /// IC_p2(k) = ln V(k) + k·(N+T)/(NT)·ln min(N,T), k = 0…kmax.
    @NaNAsNull public var criterion: [Double]
    /// V(k) = SSR_k/(NT) on the standardized panel, k = 0…kmax.
    @NaNAsNull public var meanSquaredResidual: [Double]
    /// The eigenvalues of Z'Z (equivalently the squared singular values of Z), descending;
    /// min(N, T) of them.
    @NaNAsNull public var eigenvalues: [Double]
    /// eigenvalue / Σ eigenvalues: the share of the panel's variance each component explains.
    @NaNAsNull public var shares: [Double]
    @NaNAsNull public var cumulativeShares: [Double]
    /// `factors[j][t]`: factor j in period t (k columns), F'F/T = I.
    @NaNAsNull public var factors: [[Double]]
    /// `loadings[j][i]`: series i's loading on factor j (k columns), Λ = Z'F/T.
    @NaNAsNull public var loadings: [[Double]]
    /// `rSquared[i][j]`: series i's R² on factors 1…j+1 (McCracken-Ng `mrsq`' R2), j < k.
    @NaNAsNull public var rSquared: [[Double]]
    /// The mean and standard deviation (ddof = 1) used to standardize each series.
    public var means: [Double]
    public var standardDeviations: [Double]

    /// The series' R² on all k factors (0 when k = 0).
    public var rSquaredOnAll: [Double] { rSquared.map { $0.last ?? 0 } }

    /// Estimates the factors of a frame without missing values. `k` nil chooses it by IC_p2 over
    /// 0…`kmax`. Throws when a value is missing, a series is constant, or `kmax`/`k` exceed min(N, T).
    public init(_ frame: TimeSeriesFrame, kmax: Int = 8, k: Int? = nil) throws {
        let t = frame.periods.count, n = frame.columns.count
        guard t > 1, n > 0 else {
            throw Diagnostic.error("factors need at least 2 periods and 1 series; the panel has \(t) and \(n)")
        }
        try EMImputation.checkShape(frame)
        for i in 0..<n {
            if let s = frame.columns[i].firstIndex(where: { $0.isNaN }) {
                throw Diagnostic.error("factors need a balanced panel: \(frame.names[i]) is missing in \(frame.periods[s]); "
                                       + "impute first (missing=em or interpolate) or drop incomplete periods")
            }
        }
        var panel = Panel(rows: t, cols: n)
        for i in 0..<n { panel.setColumn(i, frame.columns[i]) }
        try self.init(panel: panel, names: frame.names, periods: frame.periods, kmax: kmax, k: k)
    }

    init(panel x: Panel, names: [String], periods: [Month], kmax: Int, k requested: Int?) throws {
        let t = x.rows, n = x.cols, r = min(n, t)
        guard kmax >= 0, kmax <= r else {
            throw Diagnostic.error("kmax \(kmax) is outside 0…\(r) (min(N, T) for N = \(n) series and T = \(t) periods)")
        }
        if let requested, requested < 0 || requested > r {
            throw Diagnostic.error("the number of factors \(requested) is outside 0…\(r) (min(N, T) for N = \(n), T = \(t))")
        }
        let (z, means, sds) = try x.standardized(names: names)
        let pca = try PrincipalComponents(z, rows: t, cols: n, count: nil)
        let ic = pca.criterion(kmax: kmax)
        let k = requested ?? ic.selected
        let (f, lambda) = pca.factors(z, k: k)
        self.names = names
        self.periods = periods
        self.k = k
        self.kmax = kmax
        self.selectedK = ic.selected
        self.criterion = ic.values
        self.meanSquaredResidual = ic.v
        self.eigenvalues = pca.values
        let total = pca.values.reduce(0, +)
        let shares = pca.values.map { $0 / total }
        self.shares = shares
        var running = 0.0
        self.cumulativeShares = shares.map { running += $0; return running }
        self.factors = (0..<k).map { j in Array(f[(j * t)..<((j + 1) * t)]) }
        self.loadings = (0..<k).map { j in Array(lambda[(j * n)..<((j + 1) * n)]) }
        // R²_i(j) = ‖F_{1..j} λ_i‖² / ‖z_i‖² = T Σ_{l≤j} λ_il² / ‖z_i‖² (F'F = T·I).
        self.rSquared = (0..<n).map { i in
            var ss = 0.0
            for s in 0..<t { let v = z[s + i * t]; ss += v * v }
            var explained = 0.0
            return (0..<k).map { j in
                let l = lambda[i + j * n]
                explained += Double(t) * l * l
                return explained / ss
            }
        }
        self.means = means
        self.standardDeviations = sds
    }
}

// MARK: - Dense panel internals

/// A T × N column-major panel.
struct Panel {
    let rows: Int
    let cols: Int
    var values: [Double]

    init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        values = [Double](repeating: 0, count: rows * cols)
    }

    mutating func setColumn(_ j: Int, _ column: [Double]) {
        values.withUnsafeMutableBufferPointer { p in
            for t in 0..<rows { p[t + j * rows] = column[t] }
        }
    }

    func column(_ j: Int) -> [Double] { Array(values[(j * rows)..<((j + 1) * rows)]) }

    /// Column mean and standard deviation (ddof = 1).
    func moments(_ j: Int) -> (mean: Double, sd: Double) {
        values.withUnsafeBufferPointer { p in
            var sum = 0.0
            for t in 0..<rows { sum += p[t + j * rows] }
            let mean = sum / Double(rows)
            var squares = 0.0
            for t in 0..<rows { let d = p[t + j * rows] - mean; squares += d * d }
            return (mean, (squares / Double(rows - 1)).squareRoot())
        }
    }

    /// (x − mean)/sd by column. Throws for a constant series (sd = 0).
    func standardized(names: [String]) throws -> (z: [Double], means: [Double], sds: [Double]) {
        var z = [Double](repeating: 0, count: rows * cols)
        var means = [Double](repeating: 0, count: cols), sds = means
        for j in 0..<cols {
            let (mean, sd) = moments(j)
            guard sd > 0, sd.isFinite else {
                throw Diagnostic.error("\(j < names.count ? names[j] : "a series") is constant (or not finite) in the sample; "
                                       + "it cannot be standardized: leave it out of the panel")
            }
            means[j] = mean
            sds[j] = sd
            standardize(column: j, mean: mean, sd: sd, into: &z)
        }
        return (z, means, sds)
    }

    func standardize(column j: Int, mean: Double, sd: Double, into z: inout [Double]) {
        values.withUnsafeBufferPointer { p in
            z.withUnsafeMutableBufferPointer { q in
                for t in 0..<rows { q[t + j * rows] = (p[t + j * rows] - mean) / sd }
            }
        }
    }
}
