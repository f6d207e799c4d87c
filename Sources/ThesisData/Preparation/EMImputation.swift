import Foundation
import ThesisDocument
import ThesisModels

/// EM-PCA imputation exactly as McCracken-Ng's `factors_em` (after Stock & Watson 2002):
///
/// 1. fill each missing value with its series' mean (of the observed values);
/// 2. standardize every series (ddof = 1) with the current mean and sd;
/// 3. choose k by IC_p2 over 0…kmax (`baing`, jj = 2);
/// 4. chat = Z V_k V_k' (V_k: the first k eigenvectors of Z'Z; McCracken-Ng's `pc2`);
/// 5. refill the missing values with chat·sd + mean, using the mean and sd that produced chat,
///    and go back to 2.
///
/// It stops when ‖chat − chat_prev‖²/‖chat_prev‖² ≤ tolerance or after `maxIterations` refills.
/// The imputed panel is the last refilled one (McCracken-Ng's `x2`): observed values unchanged,
/// each missing value = chat·sd + mean of the previous iteration.
public enum EMImputation {
    /// Imputes every missing value of `frame`. Throws when a series has no observation or is constant.
    /// A frame without missing values is returned unchanged with 0 iterations and an empty factor path.
    public static func impute(_ frame: TimeSeriesFrame, options: EMOptions = EMOptions())
        throws -> (frame: TimeSeriesFrame, report: EMReport) {
        let t = frame.periods.count, n = frame.columns.count
        var missing: [[Int]] = []            // per series, the periods missing
        var total = 0
        try checkShape(frame)
        for i in 0..<n {
            let m = frame.columns[i].indices.filter { frame.columns[i][$0].isNaN }
            if m.count == t {
                throw Diagnostic.error("\(frame.names[i]) has no observation in the sample \(frame.describe(frame.periods[0]...frame.periods[t - 1])); "
                                       + "EM cannot impute it: leave it out of the panel")
            }
            missing.append(m)
            total += m.count
        }
        guard total > 0 else {
            return (frame, EMReport(iterations: 0, factorPath: [], criterionPath: [], converged: true, imputed: 0))
        }
        let kmax = options.fixedFactors ?? options.kmax
        guard kmax >= 0, kmax <= min(n, t) else {
            throw Diagnostic.error("kmax \(kmax) is outside 0…\(min(n, t)) (min(N, T) for N = \(n) series and T = \(t) periods)")
        }
        var x = Panel(rows: t, cols: n)
        for i in 0..<n {
            var column = frame.columns[i]
            if !missing[i].isEmpty {
                var sum = 0.0
                for v in column where !v.isNaN { sum += v }
                let mean = sum / Double(t - missing[i].count)
                for s in missing[i] { column[s] = mean }
            }
            x.setColumn(i, column)
        }
        var state = try EMState(x: x, missing: missing, names: frame.names, kmax: kmax, fixed: options.fixedFactors)
        var factorPath = [state.k]
        var criterionPath: [Double] = []
        var err = 999.0
        var iterations = 0
        while err > options.tolerance && iterations < options.maxIterations {
            iterations += 1
            state.refill()
            try state.fit()
            err = ratioOfSquares(state.chat, state.previousChat)
            factorPath.append(state.k)
            criterionPath.append(err)
        }
        var result = frame
        for i in 0..<n where !missing[i].isEmpty { result.columns[i] = state.x.column(i) }
        return (result, EMReport(iterations: iterations, factorPath: factorPath, criterionPath: criterionPath,
                                 converged: err <= options.tolerance, imputed: total))
    }

    /// Every series must have one value per period.
    static func checkShape(_ frame: TimeSeriesFrame) throws {
        for (i, c) in frame.columns.enumerated() where c.count != frame.periods.count {
            throw Diagnostic.error("\(i < frame.names.count ? frame.names[i] : "a series") has \(c.count) values for "
                                   + "\(frame.periods.count) periods")
        }
    }

    /// ‖a − b‖² / ‖b‖² (four running sums, so the loop vectorizes).
    static func ratioOfSquares(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { p in
            b.withUnsafeBufferPointer { q in
                var num = SIMD4<Double>(), den = SIMD4<Double>()
                let count = p.count, whole = count / 4 * 4
                var i = 0
                while i < whole {
                    let x = SIMD4(p[i], p[i + 1], p[i + 2], p[i + 3])
                    let y = SIMD4(q[i], q[i + 1], q[i + 2], q[i + 3])
                    let d = x - y
                    num += d * d
                    den += y * y
                    i += 4
                }
                var n = num.sum(), m = den.sum()
                while i < count {
                    let d = p[i] - q[i]
                    n += d * d
                    m += q[i] * q[i]
                    i += 1
                }
                return n / m
            }
        }
    }
}

/// The EM loop's state: the filled panel, its standardization, Z'Z and the common component.
struct EMState {
    var x: Panel
    let missing: [[Int]]
    let names: [String]
    let kmax: Int
    let fixed: Int?
    /// Series with missing values: only their moments, Z columns and Z'Z rows/columns change.
    let changing: [Int]
    var z: [Double]
    var means: [Double]
    var sds: [Double]
    var gram: [Double]
    var k = 0
    /// The common component of the last fit, and of the one before (buffers swapped, not reallocated).
    var chat: [Double]
    var previousChat: [Double]
    /// Scratch: the changing columns of Z (T × m).
    var changingColumns: [Double]
    /// Series without missing values: their Z columns never change.
    let complete: [Int]
    /// Σ_t z_ti of each complete series (0 up to rounding).
    let columnSums: [Double]
    /// The means of the initial fill, μ⁰ (a shift that keeps the sums below well scaled).
    let shifts: [Double]
    /// `base[i + c·F]` = Σ_t z_t,complete[i] · (x_t,changing[c] − μ⁰) at the initial fill, where the
    /// missing values equal μ⁰ and so add nothing: the observed part of the cross products.
    let base: [Double]
    /// For each changing series c, the complete series' z at its missing periods, one row of F
    /// values per missing period.
    let zAtMissing: [[Double]]

    init(x: Panel, missing: [[Int]], names: [String], kmax: Int, fixed: Int?) throws {
        self.x = x
        self.missing = missing
        self.names = names
        self.kmax = kmax
        self.fixed = fixed
        changing = missing.indices.filter { !missing[$0].isEmpty }
        chat = [Double](repeating: 0, count: x.rows * x.cols)
        previousChat = chat
        changingColumns = [Double](repeating: 0, count: x.rows * changing.count)
        (z, means, sds) = try x.standardized(names: names)
        gram = PrepLinearAlgebra.gram(z, rows: x.rows, cols: x.cols)
        let t = x.rows
        let changingSet = Set(changing)
        let complete = (0..<x.cols).filter { !changingSet.contains($0) }
        self.complete = complete
        let z = self.z
        columnSums = complete.map { i in (0..<t).reduce(0.0) { $0 + z[$1 + i * t] } }
        let means = self.means
        shifts = means
        let f = complete.count
        var shifted = [Double](repeating: 0, count: t * changing.count)        // x − μ⁰, T × m
        for (c, j) in changing.enumerated() {
            for s in 0..<t { shifted[s + c * t] = x.values[s + j * t] - means[j] }
        }
        var zComplete = [Double](repeating: 0, count: t * f)                   // T × F
        for (a, i) in complete.enumerated() {
            for s in 0..<t { zComplete[s + a * t] = z[s + i * t] }
        }
        base = PrepLinearAlgebra.multiply(zComplete, shifted, m: f, k: t, n: changing.count, transposeA: true)
        zAtMissing = self.changing.map { j in
            var rows = [Double](repeating: 0, count: missing[j].count * f)
            for (r, s) in missing[j].enumerated() {
                for (a, i) in complete.enumerated() { rows[a + r * f] = z[s + i * t] }
            }
            return rows
        }
        try fitCommonComponent()
    }

    /// Step 5: missing values ← chat·sd + mean (the current mean and sd).
    mutating func refill() {
        let t = x.rows
        x.values.withUnsafeMutableBufferPointer { p in
            for j in changing {
                let sd = sds[j], mean = means[j]
                for s in missing[j] { p[s + j * t] = chat[s + j * t] * sd + mean }
            }
        }
    }

    /// Steps 2-4 after a refill: re-standardize the series that changed, update Z'Z, refit.
    mutating func fit() throws {
        for j in changing {
            let (mean, sd) = x.moments(j)
            guard sd > 0, sd.isFinite else {
                throw Diagnostic.error("\(names[j]) became constant during EM imputation; leave it out of the panel")
            }
            means[j] = mean
            sds[j] = sd
            x.standardize(column: j, mean: mean, sd: sd, into: &z)
        }
        updateGram()
        try fitCommonComponent()
    }

    /// Z'Z after the changing series were re-standardized. Only their rows and columns change:
    /// - between two changing series, directly from their Z columns;
    /// - between a complete series i and a changing series c, from what is already known:
    ///   z_i'z_c = (z_i'(x_c − μ⁰_c) − (μ_c − μ⁰_c)·Σ_t z_ti)/σ_c, where z_i'(x_c − μ⁰_c) is the
    ///   observed part (`base`) plus the missing periods' part, a product of |missing_c| × F values.
    ///   This equals the direct product in exact arithmetic and costs Σ|missing| × F instead of T × N × m.
    mutating func updateGram() {
        let t = x.rows, n = x.cols, m = changing.count, f = complete.count
        z.withUnsafeBufferPointer { p in
            changingColumns.withUnsafeMutableBufferPointer { q in
                for (c, j) in changing.enumerated() {
                    for s in 0..<t { q[s + c * t] = p[s + j * t] }
                }
            }
        }
        let inner = PrepLinearAlgebra.gram(changingColumns, rows: t, cols: m)        // m × m
        for (c, j) in changing.enumerated() {
            for (d, l) in changing.enumerated() { gram[l + j * n] = inner[d + c * m] }
        }
        var cross = [Double](repeating: 0, count: f)
        for (c, j) in changing.enumerated() {
            let shift = shifts[j], mean = means[j], sd = sds[j]
            for a in 0..<f { cross[a] = base[a + c * f] }
            zAtMissing[c].withUnsafeBufferPointer { rows in
                x.values.withUnsafeBufferPointer { xv in
                    cross.withUnsafeMutableBufferPointer { u in
                        for (r, s) in missing[j].enumerated() {
                            let d = xv[s + j * t] - shift
                            for a in 0..<f { u[a] += rows[a + r * f] * d }
                        }
                    }
                }
            }
            let drift = mean - shift
            for (a, i) in complete.enumerated() {
                let v = (cross[a] - drift * columnSums[a]) / sd
                gram[i + j * n] = v
                gram[j + i * n] = v
            }
        }
    }

    /// IC_p2 choice of k and chat = Z V_k V_k'.
    mutating func fitCommonComponent() throws {
        let t = x.rows, n = x.cols
        let pca = try PrincipalComponents(z, rows: t, cols: n, count: max(kmax, 1), gram: gram)
        k = fixed ?? pca.criterion(kmax: kmax).selected
        swap(&chat, &previousChat)
        guard k > 0 else {
            chat.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = 0 } }
            return
        }
        let vk = Array(pca.vectors[0..<(n * k)])
        let w = PrepLinearAlgebra.multiply(z, vk, m: t, k: n, n: k)
        PrepLinearAlgebra.multiplyTransposed(w, vk, m: t, k: k, n: n, into: &chat)
    }
}
