import Foundation
import ThesisLinearAlgebra

/// Principal components of a standardized T × N panel Z (column-major `[Double]`, no missing
/// values), the one PCA kernel of the project: ThesisData's `FactorModel` and EM imputation and
/// the FAVAR estimator all call it.
///
/// Conventions (shared/guide/favar-methodology.md, "Factors"; Stock & Watson 2002, Bai & Ng 2002):
/// - the eigen-decomposition is of Z'Z (when N ≤ T) or of ZZ' (when T < N, the vectors mapped back
///   by V = Z'U diag(1/√λ)); eigenvalues descending (LAPACK `dsyevd` for all of them, `dsyevr`
///   for the `count` largest);
/// - sign rule: each eigenvector's largest-magnitude element is positive (the first such element
///   on ties), so SVD- and eigen-based implementations agree;
/// - F = Z V_k diag(√(T/λ)) so that F'F/T = I, and Λ = Z'F/T = V_k diag(√(λ/T)), Z ≈ FΛ'.
///
/// The caller standardizes (ddof = 1, `standardize`); nothing here checks that Z is standardized,
/// so the kernel also serves for a panel that is only demeaned.
public struct PrincipalComponents: Sendable {
    /// T, the periods (rows of Z).
    public let rows: Int
    /// N, the series (columns of Z).
    public let cols: Int
    /// Eigenvalues of Z'Z, descending (min(N, T) of them, or the `count` largest).
    public let values: [Double]
    /// Right singular vectors of Z (N × values.count, column-major), sign rule applied.
    public let vectors: [Double]
    /// ‖Z‖², the trace of Z'Z.
    public let total: Double

    /// Eigen-decomposition of Z'Z (when N ≤ T) or of ZZ' (when T < N); the `count` largest pairs,
    /// all when nil. `gram` is Z'Z when the caller already has it (N ≤ T only).
    /// - Throws: the linear-algebra error of the eigen-decomposition.
    public init(_ z: [Double], rows: Int, cols: Int, count: Int? = nil, gram: [Double]? = nil) throws {
        self.rows = rows
        self.cols = cols
        var v: [Double]
        if cols <= rows {
            let g = gram ?? PrincipalComponents.gram(z, rows: rows, cols: cols)
            var trace = 0.0
            for j in 0..<cols { trace += g[j + j * cols] }
            total = trace
            (values, v) = try PrincipalComponents.symmetricEigen(g, n: cols, count: count)
        } else {
            var zt = [Double](repeating: 0, count: rows * cols)   // Z' (N × T)
            for j in 0..<cols { for t in 0..<rows { zt[j + t * cols] = z[t + j * rows] } }
            let g = PrincipalComponents.gram(zt, rows: cols, cols: rows)  // ZZ' (T × T)
            var trace = 0.0
            for s in 0..<rows { trace += g[s + s * rows] }
            total = trace
            let (w, u) = try PrincipalComponents.symmetricEigen(g, n: rows, count: min(count ?? cols, cols))
            values = w
            // V = Z'U diag(1/√λ).
            v = PrincipalComponents.multiply(z, u, m: cols, k: rows, n: w.count, transposeA: true)
            for j in 0..<w.count {
                let scale = w[j] > 0 ? 1 / w[j].squareRoot() : 0
                for i in 0..<cols { v[i + j * cols] *= scale }
            }
        }
        vectors = PrincipalComponents.signed(v, n: cols, count: values.count)
    }

    /// Each eigenvector's largest-magnitude element positive (the first such element on ties).
    public static func signed(_ v: [Double], n: Int, count: Int) -> [Double] {
        var v = v
        for j in 0..<count {
            var best = 0, magnitude = -1.0
            for i in 0..<n where abs(v[i + j * n]) > magnitude { magnitude = abs(v[i + j * n]); best = i }
            if v[best + j * n] < 0 { for i in 0..<n { v[i + j * n] = -v[i + j * n] } }
        }
        return v
    }

    /// Bai & Ng's IC_p2(k) = ln V(k) + k·(N+T)/(NT)·ln min(N, T) for k = 0…kmax, with
    /// V(k) = SSR_k/(NT) = (‖Z‖² − Σ_{j≤k} λ_j)/(NT), and the first arg-min.
    /// Needs at least `kmax` eigenvalues.
    public func criterion(kmax: Int) -> (values: [Double], v: [Double], selected: Int) {
        let n = Double(cols), t = Double(rows)
        let nt = n * t, nt1 = n + t
        let penalty = (nt1 / nt) * Foundation.log(min(n, t))
        var ssr = total
        var ic: [Double] = [], v: [Double] = []
        for k in 0...kmax {
            if k > 0 { ssr -= values[k - 1] }
            let vk = max(ssr, 0) / nt
            v.append(vk)
            ic.append(Foundation.log(vk) + Double(k) * penalty)
        }
        var best = 0
        for k in 1...max(kmax, 1) where k <= kmax && ic[k] < ic[best] { best = k }
        return (ic, v, best)
    }

    /// F = Z V_k diag(√(T/λ)) (F'F/T = I) and Λ = Z'F/T = V_k diag(√(λ/T)), column-major T × k and
    /// N × k. `z` must be the panel the components were computed from; k ≤ `values.count`.
    public func factors(_ z: [Double], k: Int) -> (f: [Double], lambda: [Double]) {
        guard k > 0 else { return ([], []) }
        let vk = Array(vectors[0..<(cols * k)])
        var f = PrincipalComponents.multiply(z, vk, m: rows, k: cols, n: k)
        var lambda = vk
        let t = Double(rows)
        for j in 0..<k {
            let scale = (t / values[j]).squareRoot()
            for s in 0..<rows { f[s + j * rows] *= scale }
            let l = (values[j] / t).squareRoot()
            for i in 0..<cols { lambda[i + j * cols] *= l }
        }
        return (f, lambda)
    }

    /// (x − mean)/sd by column of a T × N column-major panel, sd with ddof = 1. Returns the index
    /// of the first column whose sd is 0 or not finite instead (it cannot be standardized).
    public static func standardize(_ x: [Double], rows: Int, cols: Int)
        -> Result<(z: [Double], means: [Double], sds: [Double]), ConstantColumn> {
        var z = [Double](repeating: 0, count: rows * cols)
        var means = [Double](repeating: 0, count: cols), sds = means
        // Unchecked pointers so the element-wise pass vectorises; the sums keep their order.
        let constant: Int? = x.withUnsafeBufferPointer { px in
            z.withUnsafeMutableBufferPointer { pz in
                for j in 0..<cols {
                    let column = UnsafeBufferPointer(rebasing: px[(j * rows)..<((j + 1) * rows)])
                    var sum = 0.0
                    for v in column { sum += v }
                    let mean = sum / Double(rows)
                    var squares = 0.0
                    for v in column { let d = v - mean; squares += d * d }
                    let sd = (squares / Double(rows - 1)).squareRoot()
                    guard sd > 0, sd.isFinite else { return j }
                    means[j] = mean
                    sds[j] = sd
                    let base = j * rows
                    for t in 0..<rows { pz[base &+ t] = (column[t] - mean) / sd }
                }
                return nil
            }
        }
        if let constant { return .failure(ConstantColumn(index: constant)) }
        return .success((z, means, sds))
    }

    /// A column that cannot be standardized (constant or not finite).
    public struct ConstantColumn: Error, Sendable {
        /// Its 0-based index.
        public let index: Int
    }

    // MARK: - Linear algebra (column-major arrays wrapped without copying)

    /// AᵀA (cols × cols) of A (rows × cols).
    static func gram(_ a: [Double], rows: Int, cols: Int) -> [Double] {
        ThesisLinearAlgebra.gram(matrix(a, rows, cols)).elements
    }

    /// A·B with A (m × k) and B (k × n), or Aᵀ·B when `transposeA` (A is k × m).
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool = false) -> [Double] {
        let left = transposeA ? matrix(a, k, m) : matrix(a, m, k)
        return try! ThesisLinearAlgebra.multiply(left, matrix(b, k, n), transposeA: transposeA).elements
    }

    /// Eigenvalues descending and eigenvectors (n × count) of a symmetric n × n matrix: the
    /// `count` largest (`dsyevr`), or all when nil (`dsyevd`, as numpy's `eigh`).
    static func symmetricEigen(_ a: [Double], n: Int, count: Int?) throws -> (values: [Double], vectors: [Double]) {
        let want = min(count ?? n, n)
        let decomposition = want == n
            ? try ThesisLinearAlgebra.symmetricEigen(matrix(a, n, n), context: "extracting principal components")
            : try ThesisLinearAlgebra.symmetricEigen(matrix(a, n, n), largest: want,
                                                     context: "extracting principal components")
        return (decomposition.values, decomposition.vectors.elements)
    }

    private static func matrix(_ values: [Double], _ rows: Int, _ cols: Int) -> Matrix {
        try! Matrix(rows: rows, columns: cols, columnMajor: values)
    }
}
