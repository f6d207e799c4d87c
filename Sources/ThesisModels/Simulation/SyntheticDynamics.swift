import ThesisLinearAlgebra

/// The state equation of the synthetic FRED-MD panel: a VAR(2) in s_t = [F1, F2, F3, R]
/// (see `SyntheticFREDMD` for the economics). All arithmetic here is plain Swift on small flat
/// arrays in a fixed order (no BLAS, no libm), so every machine computes the same bits.
public struct SyntheticVAR: Sendable {
    /// `F1, F2, F3, FEDFUNDS`: three latent factors, then the policy rate (ordered last).
    public let names: [String]
    /// Unconditional mean μ of s_t (the factors have mean 0; R has mean 5 percent).
    public let mean: [Double]
    /// A_1 and A_2 (4 × 4, row = equation, column = lagged variable):
    /// s_t − μ = A_1 (s_{t−1} − μ) + A_2 (s_{t−2} − μ) + P ε_t, ε_t ~ iid N(0, I).
    public let coefficients: [Matrix]
    /// P, lower triangular (Cholesky factor of Σ = PP'); column 4 is the policy shock.
    public let impact: Matrix
    /// The intercept of the VAR written in levels: c = (I − A_1 − A_2) μ.
    public var intercept: [Double] {
        let k = names.count
        return (0..<k).map { i in
            (0..<k).reduce(0.0) { acc, j in
                let identity = i == j ? 1.0 : 0.0
                return acc + (identity - coefficients[0][i, j] - coefficients[1][i, j]) * mean[j]
            }
        }
    }
    /// Σ = PP', the innovation covariance.
    public var innovationCovariance: Matrix {
        let k = names.count
        var s = Matrix(rows: k, columns: k)
        for i in 0..<k { for j in 0..<k {
            var v = 0.0
            for l in 0..<k { v += impact[i, l] * impact[j, l] }
            s[i, j] = v
        } }
        return s
    }
    /// The weight w of F3 in the rate-surprise signal U_t = (R_t − μ_R) − w·F3_t: w = (1 − a)/κ
    /// for F3_t = a·F3_{t−1} + κ·(R_{t−1} − μ_R) + …, so that U has no long-run component from R.
    public let surpriseWeight: Double

    /// The documented parameters (see `SyntheticFREDMD`).
    public static let standard: SyntheticVAR = {
        let a3 = 0.30, kappa = 0.70
        let w = (1 - a3) / kappa                       // = 1
        let beta = 1.00, gamma = 0.008, c = 1.20       // F1 and F2 respond to ΔR_{t−1}
        // Rows: F1 (real activity), F2 (nominal: change in inflation), F3 (market rate anchor), R.
        let a1: [[Double]] = [
            [0.80, 0.00, 0.00, -beta],
            [0.15, -0.40, 0.00, -c],
            [0.00, 0.00, a3, kappa],
            [0.06, 0.04, 0.00, 1.22],
        ]
        let a2: [[Double]] = [
            [-0.10, 0.00, 0.00, beta - gamma],
            [0.00, -0.20, 0.00, c],
            [0.00, 0.00, 0.00, 0.00],
            [0.00, 0.00, 0.00, -0.245],
        ]
        let p: [[Double]] = [
            [0.80, 0.00, 0.00, 0.00],
            [0.10, 0.90, 0.00, 0.00],
            [0.02, 0.00, 0.10, 0.00],
            [0.05, 0.02, 0.00, 0.20],
        ]
        return SyntheticVAR(names: ["F1", "F2", "F3", "FEDFUNDS"], mean: [0, 0, 0, 5],
                            coefficients: [try! Matrix(rowMajor: a1), try! Matrix(rowMajor: a2)],
                            impact: try! Matrix(rowMajor: p), surpriseWeight: w)
    }()

    /// Φ_0 … Φ_steps of the MA(∞) form, Φ_0 = I, Φ_h = Σ_j Φ_{h−j} A_j (row-major flat, K² each).
    func movingAverage(steps: Int) -> [[Double]] {
        let k = names.count
        var phi: [[Double]] = [(0..<(k * k)).map { $0 / k == $0 % k ? 1 : 0 }]
        if steps == 0 { return phi }
        for h in 1...steps {
            var m = [Double](repeating: 0, count: k * k)
            for (j, a) in coefficients.enumerated() where h - j - 1 >= 0 {
                let left = phi[h - j - 1]
                for r in 0..<k { for c in 0..<k {
                    var v = 0.0
                    for l in 0..<k { v += left[r * k + l] * a[l, c] }
                    m[r * k + c] += v
                } }
            }
            phi.append(m)
        }
        return phi
    }

    /// Responses of s to the policy shock (column 4 of P) scaled to `shockSize` on impact on R,
    /// h = 0 … steps: row h is Φ_h P e_4 · shockSize / P[4,4].
    func policyResponses(steps: Int, shockSize: Double) -> [[Double]] {
        let k = names.count, last = k - 1
        let scale = shockSize / impact[last, last]
        return movingAverage(steps: steps).map { phi in
            (0..<k).map { r in
                var v = 0.0
                for l in 0..<k { v += phi[r * k + l] * impact[l, last] }
                return v * scale
            }
        }
    }

    /// The companion matrix (row-major flat, (Kp)²).
    private var companion: [Double] {
        let k = names.count, p = coefficients.count, n = k * p
        var c = [Double](repeating: 0, count: n * n)
        for (j, a) in coefficients.enumerated() {
            for r in 0..<k { for col in 0..<k { c[r * n + j * k + col] = a[r, col] } }
        }
        for i in k..<n { c[i * n + i - k] = 1 }
        return c
    }

    /// The unconditional covariance Γ_0 of s_t (row-major flat, K²): the top-left block of
    /// Γ = Σ_{i≥0} C^i Q C^i', Q = diag(Σ, 0), summed by doubling (Γ ← Γ + A Γ A', A ← A²) for
    /// 40 steps, i.e. 2^40 terms; the VAR is stable, so the tail is far below rounding.
    var unconditionalCovariance: [Double] {
        let k = names.count, n = k * coefficients.count
        func product(_ a: [Double], _ b: [Double], transposeB: Bool = false) -> [Double] {
            var out = [Double](repeating: 0, count: n * n)
            for r in 0..<n { for c in 0..<n {
                var v = 0.0
                for l in 0..<n { v += a[r * n + l] * (transposeB ? b[c * n + l] : b[l * n + c]) }
                out[r * n + c] = v
            } }
            return out
        }
        var gamma = [Double](repeating: 0, count: n * n)
        let sigma = innovationCovariance
        for r in 0..<k { for c in 0..<k { gamma[r * n + c] = sigma[r, c] } }
        var a = companion
        for _ in 0..<40 {
            let add = product(product(a, gamma), a, transposeB: true)
            for i in gamma.indices { gamma[i] += add[i] }
            a = product(a, a)
        }
        var top = [Double](repeating: 0, count: k * k)
        for r in 0..<k { for c in 0..<k { top[r * k + c] = gamma[r * n + c] } }
        return top
    }

    /// The moduli of the companion eigenvalues are all below this (checked by the tests).
    public static let stabilityBound = 0.98
}
