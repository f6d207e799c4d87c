import Foundation
import ThesisLinearAlgebra

// The inner loop of the bootstrap and Monte Carlo bands: simulate a series, refit the VAR(p),
// compute its responses. Everything a replication touches lives in a per-worker
// `ReplicationWorkspace` that is allocated once and refilled in place.
//
// The refit solves the normal equations Z'Z B = Z'Y without forming Z. The blocks of Z'Z are
// windowed lagged cross-products of the series, C(i, j) = Σ_{s=p}^{T−1} y_{s−i} y_{s−j}', and
// consecutive blocks differ by two outer products (a telescoping sum):
//
//     C(i, j) = C(i−1, j−1) + y_{p−i} y_{p−j}' − y_{T−i} y_{T−j}'
//
// so only C(0, d), d = 0…p, are summed over the sample ((p+1)·K²·n multiply-adds instead of the
// ((Kp)²/2)·n of Z'Z), and Z'Y's lag rows are C(0, j)' (Lütkepohl 2005, section 3.2, for the
// moment-matrix form of the estimator). Each update adds or subtracts single products, so the
// rounding error stays at the level of a direct sum. Residuals then come from the recursion
// u_s = y_s − ν − δ(s+1) − Σ_j A_j y_{s−j}, and Σu = U'U / df from a `gram` of the n × K residuals.

/// Per-worker scratch space (see the file comment).
struct ReplicationWorkspace {
    let t: Int, k: Int, kPad: Int, p: Int, kt: Int, n: Int, m: Int, steps: Int
    /// The simulated series, row-major with rows padded to `kPad` (a multiple of 4):
    /// y(s, a) at s·kPad + a; the padding lanes stay 0.
    var series: [Double]
    var g: Matrix
    var zy: Matrix
    var u: Matrix
    /// C(0, d), d = 0…p: C(0, d)[a, b] at d·K² + a + b·K.
    var cross: [Double]
    /// Padded lag coefficients of the current refit (layout of `paddedLagCoefficients`).
    var fittedLag: [Double]
    /// A_1 … A_p of the current replication, K × K column-major each.
    var lagCoefficients: [Double]
    var phi: [Double]
    var theta: [Double]
    var chol: [Double]
    var draw: [Double]
    var scratch: [Double]
    var acc: [Double]

    init(t: Int, k: Int, p: Int, kt: Int, steps: Int, seriesRows: Int) {
        self.t = t; self.k = k; self.p = p; self.kt = kt; self.steps = steps
        kPad = (k + 3) & ~3
        n = t - p
        m = kt + k * p
        series = [Double](repeating: 0, count: seriesRows * kPad)
        g = Matrix(rows: m, columns: m)
        zy = Matrix(rows: m, columns: k)
        u = Matrix(rows: n, columns: k)
        cross = [Double](repeating: 0, count: (p + 1) * k * k)
        fittedLag = [Double](repeating: 0, count: max(1, p * k * kPad))
        lagCoefficients = [Double](repeating: 0, count: p * k * k)
        phi = [Double](repeating: 0, count: (steps + 1) * k * k)
        theta = phi
        chol = [Double](repeating: 0, count: k * k)
        draw = [Double](repeating: 0, count: m * k)
        scratch = draw
        acc = [Double](repeating: 0, count: kPad)
    }
}

extension VARModel {
    /// A_1 … A_p with columns zero-padded to kPad = 4⌈K/4⌉ rows: A_j[r, c] at ((j−1)·K + c)·kPad + r.
    static func paddedLagCoefficients(_ lag: [Double], k: Int, p: Int) -> [Double] {
        let kPad = (k + 3) & ~3
        var out = [Double](repeating: 0, count: max(1, p * k * kPad))
        for j in 0..<p { for c in 0..<k { for r in 0..<k { out[(j * k + c) * kPad + r] = lag[j * k * k + r + c * k] } } }
        return out
    }

    /// acc[0..<K] += Σ_j A_j y_{s−j} for the row-major padded series `y`, four equations at a time
    /// in SIMD registers, with two accumulators (odd and even lags) so the additions form two
    /// independent dependency chains. `a` is in the layout of `paddedLagCoefficients`.
    @inline(__always)
    static func accumulateLags(_ acc: UnsafeMutablePointer<Double>, y: UnsafePointer<Double>,
                               lag a: UnsafePointer<Double>, s: Int, k: Int, kPad: Int, p: Int) {
        let raw = UnsafeRawPointer(a)
        var block = 0
        while block < k {
            var odd = SIMD4<Double>(repeating: 0), even = SIMD4<Double>(repeating: 0)
            var j = 1
            while j <= p {
                var row = (s &- j) &* kPad
                var base = ((j &- 1) &* k &* kPad &+ block) &* 8
                for c in 0..<k {
                    odd += raw.loadUnaligned(fromByteOffset: base &+ c &* kPad &* 8, as: SIMD4<Double>.self) * y[row &+ c]
                }
                if j &+ 1 <= p {
                    row = (s &- j &- 1) &* kPad
                    base = (j &* k &* kPad &+ block) &* 8
                    for c in 0..<k {
                        even += raw.loadUnaligned(fromByteOffset: base &+ c &* kPad &* 8, as: SIMD4<Double>.self)
                            * y[row &+ c]
                    }
                }
                j &+= 2
            }
            let total = odd + even
            for r in 0..<min(4, k &- block) { acc[block &+ r] += total[r] }
            block &+= 4
        }
    }

    /// Residual bootstrap series: rows 0..<p are the data, then
    /// y_s = ν + δ(s + 1) + Σ_j A_j y_{s−j} + u*_s with u*_s a uniformly drawn row of the centred
    /// residuals (`centered`, row-major n × K). `data` is the model's column-major T × K data.
    static func simulateBootstrap(_ ws: inout ReplicationWorkspace, data: UnsafePointer<Double>,
                                  centered: UnsafePointer<Double>, lag: UnsafePointer<Double>,
                                  constant: UnsafePointer<Double>, slope: UnsafePointer<Double>,
                                  rng: inout Xoshiro256StarStar) {
        let t = ws.t, k = ws.k, kPad = ws.kPad, p = ws.p, n = ws.n
        ws.series.withUnsafeMutableBufferPointer { sb in
            ws.acc.withUnsafeMutableBufferPointer { ab in
                let y = sb.baseAddress!, acc = ab.baseAddress!
                for s in 0..<p { for a in 0..<k { y[s &* kPad &+ a] = data[a &* t &+ s] } }
                for s in p..<t {
                    let drawRow = rng.nextInt(below: n) &* k
                    for r in 0..<k { acc[r] = constant[r] + slope[r] * Double(s + 1) + centered[drawRow &+ r] }
                    accumulateLags(acc, y: y, lag: lag, s: s, k: k, kPad: kPad, p: p)
                    for r in 0..<k { y[s &* kPad &+ r] = acc[r] }
                }
            }
        }
    }

    /// Gaussian simulation of the fitted VAR for `rows` = burn + T periods (statsmodels
    /// `util.varsim`): rows 0..<p are the deterministic term, then
    /// y_s = ν + δτ + Σ_j A_j y_{s−j} + P ε_s, ε_s iid N(0, I), with τ = s − burn + 1.
    static func simulateGaussian(_ ws: inout ReplicationWorkspace, chol: UnsafePointer<Double>,
                                 lag: UnsafePointer<Double>, constant: UnsafePointer<Double>,
                                 slope: UnsafePointer<Double>, burn: Int, rng: inout Xoshiro256StarStar) {
        let k = ws.k, kPad = ws.kPad, p = ws.p, rows = ws.t + burn
        ws.series.withUnsafeMutableBufferPointer { sb in
            ws.acc.withUnsafeMutableBufferPointer { ab in
                ws.scratch.withUnsafeMutableBufferPointer { shockBuffer in
                    let y = sb.baseAddress!, acc = ab.baseAddress!, shock = shockBuffer.baseAddress!
                    for s in 0..<rows {
                        let trendIndex = Double(s - burn + 1)
                        if s < p {
                            for r in 0..<k { y[s &* kPad &+ r] = constant[r] + slope[r] * trendIndex }
                            continue
                        }
                        for c in 0..<k { shock[c] = rng.nextNormal() }
                        for r in 0..<k {
                            var v = constant[r] + slope[r] * trendIndex
                            for c in 0...r { v += chol[r &+ c &* k] * shock[c] }
                            acc[r] = v
                        }
                        accumulateLags(acc, y: y, lag: lag, s: s, k: k, kPad: kPad, p: p)
                        for r in 0..<k { y[s &* kPad &+ r] = acc[r] }
                    }
                }
            }
        }
    }

    /// Refits the VAR(p) on rows `base ..< base + T` of the workspace's series by the normal
    /// equations built from lagged cross-products (see the file comment); leaves A_1 … A_p in
    /// `ws.lagCoefficients` and chol(Σu) in `ws.chol`. Returns the coefficients (m × K).
    @discardableResult
    static func refitByCrossProducts(_ ws: inout ReplicationWorkspace, base: Int, dfResid: Int) throws -> Matrix {
        let t = ws.t, k = ws.k, kk = k * k, kPad = ws.kPad, p = ws.p, kt = ws.kt, n = ws.n, m = ws.m
        ws.series.withUnsafeBufferPointer { sb in
            ws.cross.withUnsafeMutableBufferPointer { cb in
                let y = sb.baseAddress! + base * kPad
                let raw = UnsafeRawPointer(y)
                // C(0, d)[a, b] = Σ_{s=p}^{T−1} y(s, a) y(s − d, b), SIMD over a, two accumulators over s.
                for d in 0...p {
                    for b in 0..<k {
                        var block = 0
                        while block < k {
                            var even = SIMD4<Double>(repeating: 0), odd = SIMD4<Double>(repeating: 0)
                            var s = p
                            while s &+ 1 < t {
                                even += raw.loadUnaligned(fromByteOffset: (s &* kPad &+ block) &* 8, as: SIMD4<Double>.self)
                                    * y[(s &- d) &* kPad &+ b]
                                odd += raw.loadUnaligned(fromByteOffset: ((s &+ 1) &* kPad &+ block) &* 8, as: SIMD4<Double>.self)
                                    * y[(s &+ 1 &- d) &* kPad &+ b]
                                s &+= 2
                            }
                            if s < t {
                                even += raw.loadUnaligned(fromByteOffset: (s &* kPad &+ block) &* 8, as: SIMD4<Double>.self)
                                    * y[(s &- d) &* kPad &+ b]
                            }
                            let total = even + odd
                            for r in 0..<min(4, k &- block) { cb[d &* kk &+ (block &+ r) &+ b &* k] = total[r] }
                            block &+= 4
                        }
                    }
                }
            }
        }
        ws.series.withUnsafeBufferPointer { sb in
            ws.cross.withUnsafeBufferPointer { cb in
                ws.g.withUnsafeMutableBufferPointer { gb in
                    ws.zy.withUnsafeMutableBufferPointer { zb in
                        let y = sb.baseAddress! + base * kPad
                        func yv(_ s: Int, _ a: Int) -> Double { y[s &* kPad &+ a] }
                        func lagIndex(_ j: Int, _ a: Int) -> Int { kt &+ (j &- 1) &* k &+ a }
                        // Lag-lag blocks by the telescoping recursion.
                        for i in 1...p {
                            for j in i...p {
                                for b in 0..<k {
                                    for a in 0..<k {
                                        let previous = i == 1
                                            ? cb[(j &- 1) &* kk &+ a &+ b &* k]
                                            : gb[lagIndex(i &- 1, a) &+ lagIndex(j &- 1, b) &* m]
                                        let v = previous + yv(p &- i, a) * yv(p &- j, b) - yv(t &- i, a) * yv(t &- j, b)
                                        gb[lagIndex(i, a) &+ lagIndex(j, b) &* m] = v
                                        gb[lagIndex(j, b) &+ lagIndex(i, a) &* m] = v
                                    }
                                }
                            }
                        }
                        // Z'Y lag rows: Σ_s y(s − j, a) y(s, e) = C(0, j)[e, a].
                        for j in 1...p {
                            for e in 0..<k { for a in 0..<k { zb[lagIndex(j, a) &+ e &* m] = cb[j &* kk &+ e &+ a &* k] } }
                        }
                        if kt >= 1 {
                            // S1(j)[a] = Σ_{s=p}^{T−1} y(s − j, a): S1(j) = S1(j−1) + y(p − j) − y(T − j).
                            var s1 = [Double](repeating: 0, count: k)
                            for s in p..<t { for a in 0..<k { s1[a] += yv(s, a) } }
                            gb[0] = Double(n)
                            for e in 0..<k { zb[e &* m] = s1[e] }
                            for j in 1...p {
                                for a in 0..<k {
                                    s1[a] += yv(p &- j, a) - yv(t &- j, a)
                                    gb[lagIndex(j, a) &* m] = s1[a]
                                    gb[lagIndex(j, a)] = s1[a]
                                }
                            }
                        }
                        if kt == 2 {
                            var sumTau = 0.0, sumTau2 = 0.0
                            for s in p..<t { let tau = Double(s + 1); sumTau += tau; sumTau2 += tau * tau }
                            gb[1] = sumTau; gb[m] = sumTau; gb[1 &+ m] = sumTau2
                            for j in 0...p {
                                for a in 0..<k {
                                    var acc = 0.0
                                    for s in p..<t { acc += Double(s + 1) * yv(s &- j, a) }
                                    if j == 0 {
                                        zb[1 &+ a &* m] = acc
                                    } else {
                                        gb[1 &+ lagIndex(j, a) &* m] = acc
                                        gb[lagIndex(j, a) &+ m] = acc
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let coefficients = try solveSymmetricPositiveDefinite(ws.g, ws.zy, context: "normal equations of a replication")
        // Padded lag coefficients of the refit, and A_j for the responses.
        coefficients.withUnsafeBufferPointer { bb in
            for j in 0..<p {
                for c in 0..<k {
                    for r in 0..<k {
                        let value = bb[(kt + j * k + c) + r * m]
                        ws.fittedLag[(j * k + c) * kPad + r] = value
                        ws.lagCoefficients[j * kk + r + c * k] = value
                    }
                }
            }
            // Residuals u_s = y_s − ν − δ(s+1) − Σ_j A_j y_{s−j}.
            ws.series.withUnsafeBufferPointer { sb in
                ws.fittedLag.withUnsafeBufferPointer { lb in
                    ws.acc.withUnsafeMutableBufferPointer { ab in
                        ws.u.withUnsafeMutableBufferPointer { ub in
                            let y = sb.baseAddress! + base * kPad, acc = ab.baseAddress!
                            for s in p..<t {
                                for r in 0..<k {
                                    var det = 0.0
                                    if kt >= 1 { det += bb[r &* m] }
                                    if kt == 2 { det += bb[1 &+ r &* m] * Double(s + 1) }
                                    acc[r] = det
                                }
                                accumulateLags(acc, y: y, lag: lb.baseAddress!, s: s, k: k, kPad: kPad, p: p)
                                for r in 0..<k { ub[(s &- p) &+ r &* n] = y[s &* kPad &+ r] - acc[r] }
                            }
                        }
                    }
                }
            }
        }
        var sigma = gram(ws.u)
        sigma.withUnsafeMutableBufferPointer { ps in for i in ps.indices { ps[i] /= Double(dfResid) } }
        let chol = try cholesky(sigma, context: "sigma_u of a replication")
        chol.withUnsafeBufferPointer { pc in for i in 0..<kk { ws.chol[i] = pc[i] } }
        return coefficients
    }

    /// Φ (and Θ) from the workspace's A_j and P, cumulated if asked, written to `out`.
    static func replicationResponses(_ ws: inout ReplicationWorkspace, orthogonalized: Bool, cumulative: Bool,
                                     into out: UnsafeMutablePointer<Double>) {
        let k = ws.k, kk = k * k, steps = ws.steps, p = ws.p
        ws.lagCoefficients.withUnsafeBufferPointer { a in
            ws.phi.withUnsafeMutableBufferPointer { phi in
                maCoefficients(lagCoefficients: a, k: k, lags: p, steps: steps, into: phi)
            }
        }
        let count = (steps + 1) * kk
        if orthogonalized {
            ws.phi.withUnsafeBufferPointer { phi in
                ws.chol.withUnsafeBufferPointer { c in
                    ws.theta.withUnsafeMutableBufferPointer { th in
                        orthogonalize(phi, p: c, k: k, count: steps + 1, into: th)
                    }
                }
            }
            ws.theta.withUnsafeBufferPointer { th in for i in 0..<count { out[i] = th[i] } }
        } else {
            ws.phi.withUnsafeBufferPointer { ph in for i in 0..<count { out[i] = ph[i] } }
        }
        if cumulative && steps > 0 {
            for h in 1...steps { for e in 0..<kk { out[h &* kk &+ e] += out[(h &- 1) &* kk &+ e] } }
        }
    }

    /// The replication refit applied to the model's own data: the coefficients and Σu that a
    /// bootstrap replication drawing exactly the original residuals would produce. For the tests
    /// (the structured normal equations must agree with the QR fit).
    func crossProductRefit() throws -> (params: Matrix, sigmaU: Matrix) {
        var ws = ReplicationWorkspace(t: rowCount, k: seriesCount, p: lags, kt: trend.termCount, steps: 0,
                                      seriesRows: rowCount)
        for s in 0..<rowCount { for a in 0..<seriesCount { ws.series[s * ws.kPad + a] = data[s, a] } }
        let b = try VARModel.refitByCrossProducts(&ws, base: 0, dfResid: dfResid)
        return (b, (1 / Double(dfResid)) * gram(ws.u))
    }
}
