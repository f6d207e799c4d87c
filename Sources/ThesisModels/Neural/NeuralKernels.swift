import Foundation

// The element-wise kernels behind `NeuralScalar`'s `_` requirements, written once for both
// precisions. `@_transparent` makes the compiler inline each body into the `Float` and the
// `Double` conformance even without optimisation, so the loops run on concrete types. Loops are
// `while` loops over raw pointers: no bounds checks or iterator calls in debug builds, and
// straight-line bodies that LLVM vectorises in release builds.

@_transparent
func neuralSigmoid<T: NeuralScalar>(_ x: T) -> T {
    1 / (1 + T._exp(-x))
}

@_transparent
func neuralTanh<T: NeuralScalar>(_ x: T) -> T {
    1 - 2 / (T._exp(x + x) + 1)
}

@_transparent
func neuralFill<T: NeuralScalar>(_ p: UnsafeMutablePointer<T>, _ n: Int, _ value: T) {
    var i = 0
    while i < n { p[i] = value; i += 1 }
}

@_transparent
func neuralMultiply<T: NeuralScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ n: Int) {
    var i = 0
    while i < n { out[i] = a[i] * b[i]; i += 1 }
}

@_transparent
func neuralBroadcastColumns<T: NeuralScalar>(_ v: UnsafePointer<T>, _ rows: Int, _ columns: Int, _ out: UnsafeMutablePointer<T>) {
    var j = 0
    while j < columns {
        (out + j * rows).update(from: v, count: rows)
        j += 1
    }
}

@_transparent
func neuralDropoutMask<T: NeuralScalar>(_ mask: UnsafeMutablePointer<T>, _ n: Int, _ rate: Double, _ random: inout Neural.Random) {
    let keep = 1 - rate
    let scale = T(1 / keep)
    var i = 0
    while i < n {
        mask[i] = random.uniform() < keep ? scale : 0
        i += 1
    }
}

// MARK: - Activations

/// √(2/π) and the cubic coefficient of the tanh approximation of GELU.
@usableFromInline let geluC = 0.7978845608028654
@usableFromInline let geluA = 0.044715

@_transparent
func neuralActivate<T: NeuralScalar>(_ f: Neural.Activation, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    var i = 0
    switch f {
    case .identity:
        if UnsafePointer(y) != x { y.update(from: x, count: n) }
    case .relu:
        while i < n { let v = x[i]; y[i] = v > 0 ? v : 0; i += 1 }
    case .tanh:
        while i < n { y[i] = neuralTanh(x[i]); i += 1 }
    case .sigmoid:
        while i < n { y[i] = neuralSigmoid(x[i]); i += 1 }
    case .gelu:
        let c = T(geluC), a = T(geluA)
        while i < n {
            let v = x[i]
            y[i] = v / 2 * (1 + neuralTanh(c * (v + a * v * v * v)))
            i += 1
        }
    }
}

@_transparent
func neuralActivationGradient<T: NeuralScalar>(_ f: Neural.Activation, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>,
                                               _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
    var i = 0
    switch f {
    case .identity:
        if UnsafePointer(dx) != dy { dx.update(from: dy, count: n) }
    case .relu:
        while i < n { let g = dy[i]; dx[i] = x[i] > 0 ? g : 0; i += 1 }  // unconditional load: vectorises
    case .tanh:
        while i < n { let v = y[i]; dx[i] = dy[i] * (1 - v * v); i += 1 }
    case .sigmoid:
        while i < n { let v = y[i]; dx[i] = dy[i] * v * (1 - v); i += 1 }
    case .gelu:
        let c = T(geluC), a = T(geluA)
        while i < n {
            let v = x[i]
            let t = neuralTanh(c * (v + a * v * v * v))
            dx[i] = dy[i] * ((1 + t) / 2 + v / 2 * (1 - t * t) * c * (1 + 3 * a * v * v))
            i += 1
        }
    }
}

// MARK: - Losses

@_transparent
func neuralLoss<T: NeuralScalar>(_ loss: Neural.Loss, _ p: UnsafePointer<T>, _ y: UnsafePointer<T>,
                                 _ g: UnsafeMutablePointer<T>?, _ rows: Int, _ columns: Int) -> Double {
    let n = rows * columns
    var total = 0.0
    var i = 0
    switch loss {
    case .meanSquaredError:
        let scale = T(2) / T(n)
        while i < n {
            let r = p[i] - y[i]
            total += Double(r * r)
            if let g { g[i] = scale * r }
            i += 1
        }
        return total / Double(n)
    case .meanAbsoluteError:
        let scale = 1 / T(n)
        while i < n {
            let r = p[i] - y[i]
            total += Double(abs(r))
            if let g { g[i] = r > 0 ? scale : (r < 0 ? -scale : 0) }
            i += 1
        }
        return total / Double(n)
    case .huber(let deltaValue):
        let delta = T(deltaValue), scale = 1 / T(n)
        while i < n {
            let r = p[i] - y[i]
            let a = abs(r)
            if a <= delta {
                total += Double(r * r / 2)
                if let g { g[i] = scale * r }
            } else {
                total += Double(delta * (a - delta / 2))
                if let g { g[i] = r > 0 ? scale * delta : -scale * delta }
            }
            i += 1
        }
        return total / Double(n)
    case .binaryCrossEntropy:
        let scale = 1 / T(n)
        while i < n {
            let z = p[i], t = y[i]
            let e = T._exp(-abs(z))
            total += Double(Swift.max(z, 0) - z * t) + Foundation.log1p(Double(e))
            if let g {
                let s = z >= 0 ? 1 / (1 + e) : e / (1 + e)  // σ(z) without overflow
                g[i] = scale * (s - t)
            }
            i += 1
        }
        return total / Double(n)
    case .softmaxCrossEntropy:
        // Per sample: logsumexp via the column maximum; with a gradient buffer the exponentials
        // are stored there once and rescaled to `(Σ_k y_k) softmax - y`.
        let scale = 1 / T(columns)
        var j = 0
        while j < columns {
            let pj = p + j * rows, yj = y + j * rows
            var m = pj[0]
            i = 1
            while i < rows { m = Swift.max(m, pj[i]); i += 1 }
            var sum = 0.0, mass = 0.0, dotted = 0.0
            i = 0
            while i < rows { let t = Double(yj[i]); mass += t; dotted += t * Double(pj[i]); i += 1 }
            if let g {
                let gj = g + j * rows
                i = 0
                while i < rows { let e = T._exp(pj[i] - m); gj[i] = e; sum += Double(e); i += 1 }
                let factor = T(mass / sum)
                i = 0
                while i < rows { gj[i] = scale * (factor * gj[i] - yj[i]); i += 1 }
            } else {
                i = 0
                while i < rows { sum += Double(T._exp(pj[i] - m)); i += 1 }
            }
            total += mass * (Double(m) + Foundation.log(sum)) - dotted
            j += 1
        }
        return total / Double(columns)
    }
}

@_transparent
func neuralSoftmaxColumns<T: NeuralScalar>(_ p: UnsafeMutablePointer<T>, _ rows: Int, _ columns: Int) {
    var j = 0
    while j < columns {
        let pj = p + j * rows
        var m = pj[0]
        var i = 1
        while i < rows { m = Swift.max(m, pj[i]); i += 1 }
        var sum: T = 0
        i = 0
        while i < rows { let e = T._exp(pj[i] - m); pj[i] = e; sum += e; i += 1 }
        let inverse = 1 / sum
        i = 0
        while i < rows { pj[i] *= inverse; i += 1 }
        j += 1
    }
}

// MARK: - Optimisers

@_transparent
func neuralSGDStep<T: NeuralScalar>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ velocity: UnsafeMutablePointer<T>,
                                    _ n: Int, _ lr: T, _ momentum: T, _ nesterov: Bool, _ decay: T) {
    var i = 0
    if momentum == 0 {
        while i < n { w[i] -= lr * (g[i] + decay * w[i]); i += 1 }
    } else if nesterov {
        while i < n {
            let d = g[i] + decay * w[i]
            let v = momentum * velocity[i] + d
            velocity[i] = v
            w[i] -= lr * (d + momentum * v)
            i += 1
        }
    } else {
        while i < n {
            let v = momentum * velocity[i] + g[i] + decay * w[i]
            velocity[i] = v
            w[i] -= lr * v
            i += 1
        }
    }
}

@_transparent
func neuralAdamStep<T: NeuralScalar>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                     _ v: UnsafeMutablePointer<T>, _ n: Int, _ lr: T, _ beta1: T, _ beta2: T, _ epsilon: T,
                                     _ correction1: T, _ correction2: T, _ l2: T, _ decoupled: T) {
    let shrink = 1 - lr * decoupled
    let stepSize = lr / correction1
    let rootCorrection2 = correction2.squareRoot()
    let oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2
    var i = 0
    while i < n {
        let d = g[i] + l2 * w[i]
        let mi = beta1 * m[i] + oneMinusBeta1 * d
        let vi = beta2 * v[i] + oneMinusBeta2 * d * d
        m[i] = mi
        v[i] = vi
        // `magnitude` (v ≥ 0 anyway) tells LLVM that sqrt cannot set errno, so the loop vectorises.
        w[i] = w[i] * shrink - stepSize * mi / (vi.magnitude.squareRoot() / rootCorrection2 + epsilon)
        i += 1
    }
}

// MARK: - Recurrent cells
//
// Each cell is split into loops that write one stream and read few: LLVM vectorises a loop only
// when it can check every pair of written and read ranges for overlap in a handful of run-time
// comparisons, and a fused cell loop touches a dozen streams (it then runs scalar). In-place
// loops need no check.

@_transparent
func neuralSigmoidInPlace<T: NeuralScalar>(_ p: UnsafeMutablePointer<T>, _ n: Int) {
    var j = 0
    while j < n { p[j] = neuralSigmoid(p[j]); j += 1 }
}

@_transparent
func neuralTanhInPlace<T: NeuralScalar>(_ p: UnsafeMutablePointer<T>, _ n: Int) {
    var j = 0
    while j < n { p[j] = neuralTanh(p[j]); j += 1 }
}

@_transparent
func neuralTanh<T: NeuralScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    var j = 0
    while j < n { y[j] = neuralTanh(x[j]); j += 1 }
}

@_transparent
func neuralLSTMForward<T: NeuralScalar>(_ gates: UnsafeMutablePointer<T>, _ cPrevious: UnsafePointer<T>,
                                        _ c: UnsafeMutablePointer<T>, _ tanhC: UnsafeMutablePointer<T>,
                                        _ h: UnsafeMutablePointer<T>, _ hidden: Int, _ batch: Int) {
    var b = 0
    while b < batch {
        let gi = gates + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden
        let o = b * hidden
        let cp = cPrevious + o, cb = c + o, tb = tanhC + o, hb = h + o
        neuralSigmoidInPlace(gi, 2 * hidden)  // i and f
        neuralTanhInPlace(gg, hidden)
        neuralSigmoidInPlace(go, hidden)
        var j = 0
        while j < hidden { cb[j] = gf[j] * cp[j] + gi[j] * gg[j]; j += 1 }
        neuralTanh(cb, tb, hidden)
        j = 0
        while j < hidden { hb[j] = go[j] * tb[j]; j += 1 }
        b += 1
    }
}

@_transparent
func neuralLSTMBackward<T: NeuralScalar>(_ gates: UnsafePointer<T>, _ cPrevious: UnsafePointer<T>, _ tanhC: UnsafePointer<T>,
                                         _ dh: UnsafePointer<T>, _ dc: UnsafeMutablePointer<T>, _ dGates: UnsafeMutablePointer<T>,
                                         _ hidden: Int, _ batch: Int) {
    var b = 0
    while b < batch {
        let gi = gates + b * 4 * hidden, gf = gi + hidden, gg = gf + hidden, go = gg + hidden
        let di = dGates + b * 4 * hidden, df = di + hidden, dg = df + hidden, dout = dg + hidden
        let o = b * hidden
        let cp = cPrevious + o, tb = tanhC + o, dhb = dh + o, dcb = dc + o
        var j = 0
        // dc_t = dc_{t+1} f_{t+1} (carried in dc) + dh_t o_t (1 - tanh²c_t)
        while j < hidden { let t = tb[j]; dcb[j] += dhb[j] * go[j] * (1 - t * t); j += 1 }
        j = 0
        while j < hidden { let i = gi[j]; di[j] = dcb[j] * gg[j] * i * (1 - i); j += 1 }
        j = 0
        while j < hidden { let g = gg[j]; dg[j] = dcb[j] * gi[j] * (1 - g * g); j += 1 }
        j = 0
        while j < hidden { let f = gf[j]; df[j] = dcb[j] * cp[j] * f * (1 - f); j += 1 }
        j = 0
        while j < hidden { let out = go[j]; dout[j] = dhb[j] * tb[j] * out * (1 - out); j += 1 }
        j = 0
        while j < hidden { dcb[j] *= gf[j]; j += 1 }
        b += 1
    }
}

@_transparent
func neuralGRUForward<T: NeuralScalar>(_ gx: UnsafeMutablePointer<T>, _ gh: UnsafePointer<T>, _ hPrevious: UnsafePointer<T>,
                                       _ h: UnsafeMutablePointer<T>, _ hidden: Int, _ batch: Int) {
    var b = 0
    while b < batch {
        let xr = gx + b * 3 * hidden, xz = xr + hidden, xn = xz + hidden
        let hr = gh + b * 3 * hidden, hn = hr + 2 * hidden
        let o = b * hidden
        let hp = hPrevious + o, hb = h + o
        var j = 0
        while j < 2 * hidden { xr[j] = neuralSigmoid(xr[j] + hr[j]); j += 1 }  // r and z
        // r ⊙ (U_n h + c_n) goes through `h` so that no loop reads and writes one buffer at a
        // run-time offset (LLVM then leaves the tanh loop scalar).
        j = 0
        while j < hidden { hb[j] = xr[j] * hn[j]; j += 1 }
        j = 0
        while j < hidden { xn[j] = neuralTanh(xn[j] + hb[j]); j += 1 }
        j = 0
        while j < hidden { let n = xn[j]; hb[j] = n + xz[j] * (hp[j] - n); j += 1 }
        b += 1
    }
}

@_transparent
func neuralGRUBackward<T: NeuralScalar>(_ gates: UnsafePointer<T>, _ gh: UnsafePointer<T>, _ hPrevious: UnsafePointer<T>,
                                        _ dh: UnsafePointer<T>, _ dhPrevious: UnsafeMutablePointer<T>,
                                        _ dGx: UnsafeMutablePointer<T>, _ dGh: UnsafeMutablePointer<T>, _ hidden: Int, _ batch: Int) {
    var b = 0
    while b < batch {
        let ar = gates + b * 3 * hidden, az = ar + hidden, an = az + hidden
        let hn = gh + b * 3 * hidden + 2 * hidden
        let xr = dGx + b * 3 * hidden, xz = xr + hidden, xn = xz + hidden
        let rr = dGh + b * 3 * hidden, rn = rr + 2 * hidden
        let o = b * hidden
        let hp = hPrevious + o, dhb = dh + o, dhp = dhPrevious + o
        var j = 0
        while j < hidden { let z = az[j], n = an[j]; xn[j] = dhb[j] * (1 - z) * (1 - n * n); j += 1 }
        j = 0
        while j < hidden { let r = ar[j]; xr[j] = xn[j] * hn[j] * r * (1 - r); j += 1 }
        j = 0
        while j < hidden { let z = az[j]; xz[j] = dhb[j] * (hp[j] - an[j]) * z * (1 - z); j += 1 }
        rr.update(from: xr, count: 2 * hidden)  // the recurrent part's r and z gradients equal the input part's
        j = 0
        while j < hidden { rn[j] = xn[j] * ar[j]; j += 1 }
        j = 0
        while j < hidden { dhp[j] += dhb[j] * az[j]; j += 1 }
        b += 1
    }
}
