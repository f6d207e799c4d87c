// The loops behind convolution, pooling and batch normalisation, written once for both
// precisions and inlined into the `Float` and `Double` conformances of `NeuralScalar` (see
// `NeuralKernels.swift`). Samples are `(channels, height, width)`, row-major, one after another.

extension Neural {
    /// Where a convolution or pooling window falls: the input plane, the window and the output
    /// plane. Public only because `NeuralScalar`'s kernel requirements take it.
    public struct WindowGeometry: Hashable, Sendable {
        public var channels: Int, height: Int, width: Int
        public var kernelRows: Int, kernelColumns: Int
        public var strideRows: Int, strideColumns: Int
        public var padRows: Int, padColumns: Int
        public var dilationRows: Int, dilationColumns: Int
        public var outHeight: Int, outWidth: Int

        /// The geometry of `kernel` over a `channels × height × width` input; nil output
        /// dimensions are computed (and may be zero or negative when the window does not fit).
        init(channels: Int, height: Int, width: Int, kernel: Size2, stride: Size2, padding: Size2, dilation: Size2) {
            self.channels = channels
            self.height = height
            self.width = width
            kernelRows = kernel.rows
            kernelColumns = kernel.columns
            strideRows = stride.rows
            strideColumns = stride.columns
            padRows = padding.rows
            padColumns = padding.columns
            dilationRows = dilation.rows
            dilationColumns = dilation.columns
            outHeight = Self.extent(height, kernel.rows, stride.rows, padding.rows, dilation.rows)
            outWidth = Self.extent(width, kernel.columns, stride.columns, padding.columns, dilation.columns)
        }

        static func extent(_ size: Int, _ kernel: Int, _ stride: Int, _ pad: Int, _ dilation: Int) -> Int {
            let span = size + 2 * pad - dilation * (kernel - 1) - 1
            return span < 0 ? 0 : span / stride + 1
        }

        /// Values in one input plane and one output plane.
        public var inputPlane: Int { height * width }
        public var outputPlane: Int { outHeight * outWidth }
        /// Rows of the im2col matrix: channels × kernel rows × kernel columns.
        public var patch: Int { channels * kernelRows * kernelColumns }
    }
}

/// Unfolds `batch` samples into the column-major `(batch · outPlane) × patch` matrix whose row
/// `b · outPlane + p` is the receptive field of output position `p` of sample `b` (zeros where
/// the window falls on the padding).
@_transparent
func neuralIm2col<T: NeuralScalar>(_ x: UnsafePointer<T>, _ cols: UnsafeMutablePointer<T>, _ g: Neural.WindowGeometry,
                                   _ batch: Int) {
    let plane = g.inputPlane, outPlane = g.outputPlane, rows = batch * outPlane
    var c = 0
    while c < g.channels {
        var ki = 0
        while ki < g.kernelRows {
            var kj = 0
            while kj < g.kernelColumns {
                let column = cols + ((c * g.kernelRows + ki) * g.kernelColumns + kj) * rows
                var b = 0
                while b < batch {
                    let source = x + (b * g.channels + c) * plane
                    var out = column + b * outPlane
                    var oy = 0
                    while oy < g.outHeight {
                        let iy = oy * g.strideRows - g.padRows + ki * g.dilationRows
                        if iy < 0 || iy >= g.height {
                            neuralFill(out, g.outWidth, 0)
                        } else {
                            let line = source + iy * g.width
                            let first = kj * g.dilationColumns - g.padColumns
                            if g.strideColumns == 1 {
                                // Zeros left and right of the image, one copy between.
                                let lo = min(g.outWidth, max(0, -first)), hi = max(lo, min(g.outWidth, g.width - first))
                                neuralFill(out, lo, 0)
                                (out + lo).update(from: line + first + lo, count: hi - lo)
                                neuralFill(out + hi, g.outWidth - hi, 0)
                            } else {
                                var ox = 0
                                var ix = first
                                while ox < g.outWidth {
                                    out[ox] = ix >= 0 && ix < g.width ? line[ix] : 0
                                    ix += g.strideColumns
                                    ox += 1
                                }
                            }
                        }
                        out += g.outWidth
                        oy += 1
                    }
                    b += 1
                }
                kj += 1
            }
            ki += 1
        }
        c += 1
    }
}

/// The adjoint of `neuralIm2col`: sets `dx` to the sum, over every window, of the gradients
/// `dcols` of the values the window read.
@_transparent
func neuralCol2im<T: NeuralScalar>(_ dcols: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ g: Neural.WindowGeometry,
                                   _ batch: Int) {
    let plane = g.inputPlane, outPlane = g.outputPlane, rows = batch * outPlane
    neuralFill(dx, batch * g.channels * plane, 0)
    var c = 0
    while c < g.channels {
        var ki = 0
        while ki < g.kernelRows {
            var kj = 0
            while kj < g.kernelColumns {
                let column = dcols + ((c * g.kernelRows + ki) * g.kernelColumns + kj) * rows
                var b = 0
                while b < batch {
                    let target = dx + (b * g.channels + c) * plane
                    var source = column + b * outPlane
                    var oy = 0
                    while oy < g.outHeight {
                        let iy = oy * g.strideRows - g.padRows + ki * g.dilationRows
                        if iy >= 0 && iy < g.height {
                            let line = target + iy * g.width
                            let first = kj * g.dilationColumns - g.padColumns
                            if g.strideColumns == 1 {
                                let lo = min(g.outWidth, max(0, -first)), hi = max(lo, min(g.outWidth, g.width - first))
                                let into = line + first
                                var ox = lo
                                while ox < hi { into[ox] += source[ox]; ox += 1 }
                            } else {
                                var ox = 0
                                var ix = first
                                while ox < g.outWidth {
                                    if ix >= 0 && ix < g.width { line[ix] += source[ox] }
                                    ix += g.strideColumns
                                    ox += 1
                                }
                            }
                        }
                        source += g.outWidth
                        oy += 1
                    }
                    b += 1
                }
                kj += 1
            }
            ki += 1
        }
        c += 1
    }
}

/// Max (with the index of each maximum within its plane in `argmax`) or mean pooling of
/// `planes` input planes; `g.channels` is ignored.
@_transparent
func neuralPool<T: NeuralScalar>(_ maximum: Bool, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>,
                                 _ argmax: UnsafeMutablePointer<Int32>, _ g: Neural.WindowGeometry, _ planes: Int) {
    let plane = g.inputPlane, outPlane = g.outputPlane, w = g.width
    let scale = 1 / T(g.kernelRows * g.kernelColumns)
    let pairs = maximum && g.kernelRows == 2 && g.kernelColumns == 2 && g.strideRows == 2 && g.strideColumns == 2
    var q = 0
    while q < planes {
        let source = x + q * plane, out = y + q * outPlane, index = argmax + q * outPlane
        var oy = 0
        while oy < g.outHeight {
            var ox = 0
            if pairs {
                // The common 2 × 2 window, stride 2: four loads, three comparisons.
                let top = 2 * oy * w
                while ox < g.outWidth {
                    let i0 = top + 2 * ox, i1 = i0 + 1, i2 = i0 + w, i3 = i2 + 1
                    var best = source[i0], at = i0
                    if source[i1] > best { best = source[i1]; at = i1 }
                    if source[i2] > best { best = source[i2]; at = i2 }
                    if source[i3] > best { best = source[i3]; at = i3 }
                    out[oy * g.outWidth + ox] = best
                    index[oy * g.outWidth + ox] = Int32(at)
                    ox += 1
                }
                oy += 1
                continue
            }
            while ox < g.outWidth {
                let top = oy * g.strideRows, left = ox * g.strideColumns
                let o = oy * g.outWidth + ox
                if maximum {
                    var best = source[top * w + left], at = top * w + left
                    var i = 0
                    while i < g.kernelRows {
                        var j = 0
                        let row = (top + i) * w + left
                        while j < g.kernelColumns {
                            let v = source[row + j]
                            if v > best { best = v; at = row + j }
                            j += 1
                        }
                        i += 1
                    }
                    out[o] = best
                    index[o] = Int32(at)
                } else {
                    var sum: T = 0
                    var i = 0
                    while i < g.kernelRows {
                        var j = 0
                        let row = (top + i) * w + left
                        while j < g.kernelColumns { sum += source[row + j]; j += 1 }
                        i += 1
                    }
                    out[o] = sum * scale
                }
                ox += 1
            }
            oy += 1
        }
        q += 1
    }
}

/// The gradient of `neuralPool` with respect to its input, from the output gradient `dy`.
@_transparent
func neuralPoolBackward<T: NeuralScalar>(_ maximum: Bool, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>,
                                         _ argmax: UnsafePointer<Int32>, _ g: Neural.WindowGeometry, _ planes: Int) {
    let plane = g.inputPlane, outPlane = g.outputPlane
    let scale = 1 / T(g.kernelRows * g.kernelColumns)
    neuralFill(dx, planes * plane, 0)
    var q = 0
    while q < planes {
        let target = dx + q * plane, source = dy + q * outPlane, index = argmax + q * outPlane
        var oy = 0
        while oy < g.outHeight {
            var ox = 0
            while ox < g.outWidth {
                let o = oy * g.outWidth + ox
                if maximum {
                    target[Int(index[o])] += source[o]
                } else {
                    let share = source[o] * scale
                    let top = oy * g.strideRows, left = ox * g.strideColumns
                    var i = 0
                    while i < g.kernelRows {
                        var j = 0
                        let row = (top + i) * g.width + left
                        while j < g.kernelColumns { target[row + j] += share; j += 1 }
                        i += 1
                    }
                }
                ox += 1
            }
            oy += 1
        }
        q += 1
    }
}

/// `Σ (a[i] − shift) · (b[i] − shift)` over `n` values (`b` nil: `Σ (a[i] − shift)`), in eight
/// independent partial sums so that the loop vectorises (one serial chain of additions would be
/// bound by the adder's latency), combined in double precision.
@_transparent
func neuralPartialSum<T: NeuralScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>?, _ n: Int, shift: T, square: Bool) -> Double {
    var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0, s4: T = 0, s5: T = 0, s6: T = 0, s7: T = 0
    var i = 0
    if let b {
        while i + 8 <= n {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            s4 += a[i + 4] * b[i + 4]; s5 += a[i + 5] * b[i + 5]; s6 += a[i + 6] * b[i + 6]; s7 += a[i + 7] * b[i + 7]
            i += 8
        }
        while i < n { s0 += a[i] * b[i]; i += 1 }
    } else if square {
        while i + 8 <= n {
            let d0 = a[i] - shift, d1 = a[i + 1] - shift, d2 = a[i + 2] - shift, d3 = a[i + 3] - shift
            let d4 = a[i + 4] - shift, d5 = a[i + 5] - shift, d6 = a[i + 6] - shift, d7 = a[i + 7] - shift
            s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
            s4 += d4 * d4; s5 += d5 * d5; s6 += d6 * d6; s7 += d7 * d7
            i += 8
        }
        while i < n { let d = a[i] - shift; s0 += d * d; i += 1 }
    } else {
        while i + 8 <= n {
            s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]
            s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7]
            i += 8
        }
        while i < n { s0 += a[i]; i += 1 }
    }
    return Double((s0 + s1) + (s2 + s3)) + Double((s4 + s5) + (s6 + s7))
}

/// Batch normalisation of `batch` samples of `channels × spatial` values. In training mode the
/// batch's mean and (biased) variance per channel are used and the running estimates updated;
/// otherwise the running estimates. Writes `y`, the normalised values `xhat` and `1/√(σ²+ε)` per
/// channel in `inverseStd`.
@_transparent
func neuralBatchNormForward<T: NeuralScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ xhat: UnsafeMutablePointer<T>,
    _ inverseStd: UnsafeMutablePointer<T>, _ gamma: UnsafePointer<T>, _ beta: UnsafePointer<T>,
    _ runningMean: UnsafeMutablePointer<T>, _ runningVariance: UnsafeMutablePointer<T>,
    _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool, _ momentum: Double, _ epsilon: Double
) {
    let count = Double(batch * spatial)
    var c = 0
    while c < channels {
        var mean: Double, variance: Double
        if training {
            var sum = 0.0
            var b = 0
            while b < batch {
                sum += neuralPartialSum(x + (b * channels + c) * spatial, nil, spatial, shift: 0, square: false)
                b += 1
            }
            mean = sum / count
            // Squares about the mean (rounded to the precision), two-pass for stability.
            let centre = T(mean)
            var squares = 0.0
            b = 0
            while b < batch {
                squares += neuralPartialSum(x + (b * channels + c) * spatial, nil, spatial, shift: centre, square: true)
                b += 1
            }
            let offset = mean - Double(centre)  // the rounding of the centre, corrected exactly
            squares -= count * offset * offset
            variance = max(0, squares / count)
            let unbiased = count > 1 ? squares / (count - 1) : variance
            runningMean[c] = T((1 - momentum) * Double(runningMean[c]) + momentum * mean)
            runningVariance[c] = T((1 - momentum) * Double(runningVariance[c]) + momentum * unbiased)
        } else {
            mean = Double(runningMean[c])
            variance = Double(runningVariance[c])
        }
        let inverse = 1 / (variance + epsilon).squareRoot()
        inverseStd[c] = T(inverse)
        let m = T(mean), r = T(inverse), g = gamma[c], be = beta[c]
        var b = 0
        while b < batch {
            let o = (b * channels + c) * spatial
            var s = 0
            while s < spatial {
                let h = (x[o + s] - m) * r
                xhat[o + s] = h
                y[o + s] = g * h + be
                s += 1
            }
            b += 1
        }
        c += 1
    }
}

/// Backward through `neuralBatchNormForward`: adds `∂L/∂γ` and `∂L/∂β` into `dGamma`, `dBeta`
/// and writes `dx` (through the batch statistics in training mode).
@_transparent
func neuralBatchNormBackward<T: NeuralScalar>(
    _ dy: UnsafePointer<T>, _ xhat: UnsafePointer<T>, _ inverseStd: UnsafePointer<T>, _ gamma: UnsafePointer<T>,
    _ dGamma: UnsafeMutablePointer<T>, _ dBeta: UnsafeMutablePointer<T>, _ dx: UnsafeMutablePointer<T>?,
    _ channels: Int, _ spatial: Int, _ batch: Int, _ training: Bool
) {
    let count = Double(batch * spatial)
    var c = 0
    while c < channels {
        var sumDy = 0.0, sumDyXhat = 0.0
        var b = 0
        while b < batch {
            let o = (b * channels + c) * spatial
            sumDy += neuralPartialSum(dy + o, nil, spatial, shift: 0, square: false)
            sumDyXhat += neuralPartialSum(dy + o, xhat + o, spatial, shift: 0, square: false)
            b += 1
        }
        dGamma[c] += T(sumDyXhat)
        dBeta[c] += T(sumDy)
        if let dx {
            let scale = gamma[c] * inverseStd[c]
            let meanDy = T(sumDy / count), meanDyXhat = T(sumDyXhat / count)
            b = 0
            while b < batch {
                let o = (b * channels + c) * spatial
                var s = 0
                if training {
                    while s < spatial {
                        dx[o + s] = scale * (dy[o + s] - meanDy - xhat[o + s] * meanDyXhat)
                        s += 1
                    }
                } else {
                    while s < spatial { dx[o + s] = scale * dy[o + s]; s += 1 }
                }
                b += 1
            }
        }
        c += 1
    }
}

/// Swaps the two outer axes of a `(outer, inner, width)` array: `destination` is `(inner, outer, width)`.
@_transparent
func neuralSwapOuterAxes<T: NeuralScalar>(_ source: UnsafePointer<T>, _ destination: UnsafeMutablePointer<T>,
                                          _ outer: Int, _ inner: Int, _ width: Int) {
    var a = 0
    while a < outer {
        var b = 0
        while b < inner {
            (destination + (b * outer + a) * width).update(from: source + (a * inner + b) * width, count: width)
            b += 1
        }
        a += 1
    }
}
