// LSTM and GRU at run time. Inside a batch everything is time-major: step t's `batch` samples
// are one contiguous column block, so the input products of all steps are one `gemm` before the
// recurrence, each step costs one `gemm` forward and one backward, and the weight gradients are
// one `gemm` each after the backward recurrence (over all steps at once).
//
// Buffers (column-major, `B` = batch, `T` = time, `H` = units, `F` = features, `G` = gates):
//   xs      F × T·B     the input, time-major
//   gates   G·H × T·B   pre-activations, replaced by the activations
//   hs      H × (T+1)·B hidden states, block 0 the zero initial state (so h_{t-1} is block t)
//   dhs     H × T·B     gradient reaching each h_t, accumulated as the recurrence runs back
//   dgates  G·H × T·B   gradients of the gate pre-activations

/// The parts LSTM and GRU share: shapes, time-major input, hidden states, output and input gradient.
class NeuralRecurrentRuntime<Scalar: NeuralScalar>: NeuralLayerRuntime<Scalar> {
    let time: Int, features: Int, units: Int, gateCount: Int, returnSequences: Bool
    let xs = NeuralBuffer<Scalar>(), hs = NeuralBuffer<Scalar>(), gates = NeuralBuffer<Scalar>()
    let dhs = NeuralBuffer<Scalar>(), dgates = NeuralBuffer<Scalar>()
    let ones = NeuralOnes<Scalar>()
    private let output = NeuralBuffer<Scalar>(), dxs = NeuralBuffer<Scalar>(), dx = NeuralBuffer<Scalar>()

    init(time: Int, features: Int, units: Int, gateCount: Int, returnSequences: Bool) {
        self.time = time
        self.features = features
        self.units = units
        self.gateCount = gateCount
        self.returnSequences = returnSequences
        super.init(inputSize: time * features, outputSize: returnSequences ? time * units : units)
    }

    /// Offsets of the parameter blocks: input weights `G·H × F`, recurrent weights `G·H × H`, biases.
    var recurrentWeightOffset: Int { gateCount * units * features }
    var biasOffset: Int { recurrentWeightOffset + gateCount * units * units }

    /// Copies the input to time-major `xs`, zeroes the initial state, and returns `gates` with
    /// `bias` broadcast and the input products of every step added.
    func prepare(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                 bias: UnsafePointer<Scalar>) -> UnsafeMutablePointer<Scalar> {
        let columns = time * batch, rows = gateCount * units
        let xp = xs.reserve(features * columns)
        neuralPermuteTimeMajor(x, xp, batch: batch, time: time, width: features)
        let hp = hs.reserve(units * (time + 1) * batch)
        Scalar._fill(hp, units * batch, 0)
        let gp = gates.reserve(rows * columns)
        Scalar._broadcastColumns(bias, rows, columns, gp)
        Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: columns, k: features, alpha: 1,
                    a: parameters, lda: rows, b: xp, ldb: features, beta: 1, c: gp, ldc: rows)
        return gp
    }

    /// The layer's output after the recurrence: the last hidden state, or all of them sample-major.
    func finish(batch: Int) -> UnsafeMutablePointer<Scalar> {
        let last = hs.pointer + time * batch * units
        guard returnSequences else { return last }
        let out = output.reserve(batch * time * units)
        neuralPermuteTimeMajor(hs.pointer + batch * units, out, batch: batch, time: time, width: units, inverse: true)
        return out
    }

    /// `dhs` holding the output gradient at the steps it reaches (time-major), zeros elsewhere.
    func scatterOutputGradient(_ dy: UnsafeMutablePointer<Scalar>, batch: Int) -> UnsafeMutablePointer<Scalar> {
        let dh = dhs.reserve(units * time * batch)
        if returnSequences {
            neuralPermuteTimeMajor(dy, dh, batch: batch, time: time, width: units)
        } else {
            Scalar._fill(dh, units * (time - 1) * batch, 0)
            (dh + units * (time - 1) * batch).update(from: dy, count: units * batch)
        }
        return dh
    }

    /// The input gradient `W_xᵀ · dgates`, back in sample-major order.
    func inputGradient(_ dg: UnsafePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>) -> UnsafeMutablePointer<Scalar> {
        let columns = time * batch, rows = gateCount * units
        let dxt = dxs.reserve(features * columns)
        Scalar.gemm(transposeA: true, transposeB: false, m: features, n: columns, k: rows, alpha: 1,
                    a: parameters, lda: rows, b: dg, ldb: rows, beta: 0, c: dxt, ldc: features)
        let out = dx.reserve(features * columns)
        neuralPermuteTimeMajor(dxt, out, batch: batch, time: time, width: features, inverse: true)
        return out
    }

    /// Adds `dInput · xsᵀ` to the input-weight gradient and `dRecurrent · hs[0..<T]ᵀ` to the
    /// recurrent one (`dInput` and `dRecurrent` are the same for an LSTM).
    func weightGradients(input dInput: UnsafePointer<Scalar>, recurrent dRecurrent: UnsafePointer<Scalar>, batch: Int,
                         gradients: UnsafeMutablePointer<Scalar>) {
        let columns = time * batch, rows = gateCount * units
        Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: features, k: columns, alpha: 1,
                    a: dInput, lda: rows, b: xs.pointer, ldb: features, beta: 1, c: gradients, ldc: rows)
        Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: units, k: columns, alpha: 1,
                    a: dRecurrent, lda: rows, b: hs.pointer, ldb: units, beta: 1, c: gradients + recurrentWeightOffset, ldc: rows)
    }

    /// Adds the row sums of `dg` (`G·H × T·B`) to `bias`.
    func biasGradient(_ dg: UnsafePointer<Scalar>, batch: Int, into bias: UnsafeMutablePointer<Scalar>) {
        let columns = time * batch, rows = gateCount * units
        Scalar.gemv(transpose: false, m: rows, n: columns, alpha: 1, a: dg, lda: rows, x: ones.pointer(columns), incx: 1,
                    beta: 1, y: bias, incy: 1)
    }
}

/// LSTM, gates `i, f, g, o`; parameters `W_x (4H × F)`, `W_h (4H × H)`, `b (4H)`.
final class NeuralLSTMRuntime<Scalar: NeuralScalar>: NeuralRecurrentRuntime<Scalar> {
    private let cs = NeuralBuffer<Scalar>(), tanhCs = NeuralBuffer<Scalar>(), dc = NeuralBuffer<Scalar>()

    init(time: Int, features: Int, units: Int, returnSequences: Bool) {
        super.init(time: time, features: features, units: units, gateCount: 4, returnSequences: returnSequences)
    }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        let gp = prepare(x, batch: batch, parameters: parameters, bias: parameters + biasOffset)
        let rows = 4 * units, block = units * batch
        let cp = cs.reserve(units * (time + 1) * batch), tp = tanhCs.reserve(units * time * batch)
        Scalar._fill(cp, block, 0)
        let hp = hs.pointer
        for t in 0..<time {
            let gt = gp + t * rows * batch
            Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: batch, k: units, alpha: 1,
                        a: parameters + recurrentWeightOffset, lda: rows, b: hp + t * block, ldb: units,
                        beta: 1, c: gt, ldc: rows)
            Scalar._lstmForward(gt, cp + t * block, cp + (t + 1) * block, tp + t * block, hp + (t + 1) * block, units, batch)
        }
        return finish(batch: batch)
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient wanted: Bool) -> UnsafeMutablePointer<Scalar>? {
        let rows = 4 * units, block = units * batch
        let dh = scatterOutputGradient(dy, batch: batch)
        let dcp = dc.reserve(block)
        Scalar._fill(dcp, block, 0)
        let dg = dgates.reserve(rows * time * batch)
        for t in stride(from: time - 1, through: 0, by: -1) {
            let dgt = dg + t * rows * batch
            Scalar._lstmBackward(gates.pointer + t * rows * batch, cs.pointer + t * block, tanhCs.pointer + t * block,
                                 dh + t * block, dcp, dgt, units, batch)
            if t > 0 {
                Scalar.gemm(transposeA: true, transposeB: false, m: units, n: batch, k: rows, alpha: 1,
                            a: parameters + recurrentWeightOffset, lda: rows, b: dgt, ldb: rows,
                            beta: 1, c: dh + (t - 1) * block, ldc: units)
            }
        }
        weightGradients(input: dg, recurrent: dg, batch: batch, gradients: gradients)
        biasGradient(dg, batch: batch, into: gradients + biasOffset)
        return wanted ? inputGradient(dg, batch: batch, parameters: parameters) : nil
    }
}

/// GRU, gates `r, z, n`; parameters `W_x (3H × F)`, `W_h (3H × H)`, `b_x (3H)`, `b_h (3H)`.
final class NeuralGRURuntime<Scalar: NeuralScalar>: NeuralRecurrentRuntime<Scalar> {
    private let recurrentParts = NeuralBuffer<Scalar>(), dRecurrent = NeuralBuffer<Scalar>(), scratch = NeuralBuffer<Scalar>()

    init(time: Int, features: Int, units: Int, returnSequences: Bool) {
        super.init(time: time, features: features, units: units, gateCount: 3, returnSequences: returnSequences)
    }

    var recurrentBiasOffset: Int { biasOffset + 3 * units }

    override func forward(_ x: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                          training: Bool, random: inout Neural.Random) -> UnsafeMutablePointer<Scalar> {
        let gp = prepare(x, batch: batch, parameters: parameters, bias: parameters + biasOffset)
        let rows = 3 * units, block = units * batch
        let rp = recurrentParts.reserve(rows * time * batch)
        Scalar._broadcastColumns(parameters + recurrentBiasOffset, rows, time * batch, rp)
        let hp = hs.pointer
        for t in 0..<time {
            let rt = rp + t * rows * batch
            Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: batch, k: units, alpha: 1,
                        a: parameters + recurrentWeightOffset, lda: rows, b: hp + t * block, ldb: units,
                        beta: 1, c: rt, ldc: rows)
            Scalar._gruForward(gp + t * rows * batch, rt, hp + t * block, hp + (t + 1) * block, units, batch)
        }
        return finish(batch: batch)
    }

    override func backward(_ dy: UnsafeMutablePointer<Scalar>, batch: Int, parameters: UnsafePointer<Scalar>,
                           gradients: UnsafeMutablePointer<Scalar>, inputGradient wanted: Bool) -> UnsafeMutablePointer<Scalar>? {
        let rows = 3 * units, block = units * batch
        let dh = scatterOutputGradient(dy, batch: batch)
        let dg = dgates.reserve(rows * time * batch), dr = dRecurrent.reserve(rows * time * batch)
        let sink = scratch.reserve(block)
        for t in stride(from: time - 1, through: 0, by: -1) {
            let offset = t * rows * batch
            Scalar._gruBackward(gates.pointer + offset, recurrentParts.pointer + offset, hs.pointer + t * block,
                                dh + t * block, t > 0 ? dh + (t - 1) * block : sink, dg + offset, dr + offset, units, batch)
            if t > 0 {
                Scalar.gemm(transposeA: true, transposeB: false, m: units, n: batch, k: rows, alpha: 1,
                            a: parameters + recurrentWeightOffset, lda: rows, b: dr + offset, ldb: rows,
                            beta: 1, c: dh + (t - 1) * block, ldc: units)
            }
        }
        // Input weights and bias from the input part; recurrent weights and bias from the recurrent part.
        weightGradients(input: dg, recurrent: dr, batch: batch, gradients: gradients)
        biasGradient(dg, batch: batch, into: gradients + biasOffset)
        biasGradient(dr, batch: batch, into: gradients + recurrentBiasOffset)
        return wanted ? inputGradient(dg, batch: batch, parameters: parameters) : nil
    }
}
