import Foundation

/// "Nice" tick positions for linear axes.
///
/// Implements the *extended* Wilkinson algorithm of Talbot, Lin and Hanrahan (2010),
/// "An Extension of Wilkinson's Algorithm for Positioning Tick Labels on Axes", IEEE
/// Transactions on Visualization and Computer Graphics 16(6), 1036–1043: a search over
/// step multiples (Q = 1, 5, 2, 2.5, 4, 3), skip factors and powers of ten that maximises a
/// weighted score of simplicity, coverage, density and legibility, pruned by upper bounds on
/// each term. The loops are additionally capped, so no input can make the search hang.
///
/// One deviation from the paper's defaults: Q leaves out 3, whose ticks (0, 3, 6, 9) read
/// poorly on the horizons and years of economic figures; the ranking of the rest is the paper's.
enum NiceTicks {
    /// Preferred step multiples, nicest first.
    static let niceSteps: [Double] = [1, 5, 2, 2.5, 4]
    /// A hard cap on scored candidates; typical axes need a few hundred.
    static let maximumEvaluations = 100_000
    /// Weights of simplicity, coverage, density and legibility (the paper's defaults).
    static let weights: (simplicity: Double, coverage: Double, density: Double, legibility: Double) = (0.25, 0.2, 0.5, 0.05)

    /// A set of ticks: `values` run from `minimum` to `maximum` in steps of `step`.
    struct Ticks: Equatable {
        var values: [Double]
        var step: Double
        var minimum: Double { values.first ?? 0 }
        var maximum: Double { values.last ?? 0 }
    }

    /// About `target` ticks covering `low…high`.
    /// - Parameters:
    ///   - integerOnly: only integer steps (counts, category indices).
    ///   - loose: the ticks must enclose the whole range (for axes that snap to their ticks).
    ///   - inside: all ticks must lie within the range (for axes whose limits are fixed first,
    ///     as here: padded data ranges). Falls back to unconstrained ticks if none qualify.
    static func extended(low: Double, high: Double, target: Int, integerOnly: Bool = false,
                         loose: Bool = false, inside: Bool = false) -> Ticks {
        let m = max(2, min(target, 30))
        guard low.isFinite, high.isFinite else { return Ticks(values: [0, 1], step: 1) }
        let (lo, hi) = (min(low, high), max(low, high))
        let span = hi - lo
        let magnitude = max(abs(lo), abs(hi))
        guard span.isFinite else { return Ticks(values: [lo, hi], step: hi - lo) }
        guard magnitude > 1e-290 else { return Ticks(values: lo == hi ? [lo] : [lo, hi], step: hi - lo) }
        guard span > 1e-13 * magnitude else { return fallback(low: lo, high: hi) }
        // Search on the range scaled to 1…10, so extreme magnitudes neither overflow nor lose
        // the search's precision; the exponent is added back exactly when writing the ticks.
        let e = Int(log10(magnitude).rounded(.down))
        let found = search(low: lo / power10(e), high: hi / power10(e), m: m,
                           integerOnly: integerOnly, integerScale: e, loose: loose, inside: inside)
        guard let best = found else {
            if inside || loose { return extended(low: lo, high: hi, target: target, integerOnly: integerOnly) }
            return fallback(low: lo, high: hi)
        }
        // Exact decimal values: index × q × 10^z, dividing for negative powers.
        let z = best.z + e
        let values = (0..<best.k).map { i -> Double in
            let n = best.start + Double(i) * best.j
            return z >= 0 ? n * best.q * power10(z) : n * best.q / power10(-z)
        }
        let step = z >= 0 ? best.j * best.q * power10(z) : best.j * best.q / power10(-z)
        return Ticks(values: values.map { $0 == 0 ? 0 : $0 }, step: step)
    }

    /// The best labelling (first tick index `start`, skip `j`, multiple `q`, power `z`, count
    /// `k`) of `dmin…dmax`, which lies within ±10. `integerScale` is the power of ten the
    /// range was divided by (for integer-only steps).
    private static func search(low dmin: Double, high dmax: Double, m: Int, integerOnly: Bool, integerScale: Int,
                               loose: Bool, inside: Bool) -> (start: Double, j: Double, q: Double, z: Int, k: Int)? {
        let span = dmax - dmin
        let w = weights
        let qCount = Double(niceSteps.count)
        var bestScore = -2.0
        var best: (start: Double, j: Double, q: Double, z: Int, k: Int)?
        let tolerance = 1e-9 * span
        var evaluations = 0

        jLoop: for jInt in 1...25 {
            let j = Double(jInt)
            for (qIndex, q) in niceSteps.enumerated() {
                let simplicityMax = 1 - Double(qIndex) / (qCount - 1) - j + 1
                if w.simplicity * simplicityMax + w.coverage + w.density + w.legibility < bestScore { break jLoop }
                for k in 2...max(2, m * 4) {
                    let densityMax = k >= m ? 2 - Double(k - 1) / Double(m - 1) : 1
                    if w.simplicity * simplicityMax + w.coverage + w.density * densityMax + w.legibility < bestScore { break }
                    let delta = span / Double(k + 1) / j / q
                    guard delta > 0, delta.isFinite else { break }
                    let zStart = Int(log10(delta).rounded(.up))
                    for z in zStart..<(zStart + 30) {
                        let step = j * q * power10(z)
                        guard step.isFinite, step > 0 else { break }
                        let realStep = step * power10(integerScale)
                        if integerOnly && (realStep < 1 - 1e-9 || abs(realStep.rounded() - realStep) > 1e-9 * realStep) { continue }
                        let coverageMax = maxCoverage(dmin, dmax, step * Double(k - 1))
                        if w.simplicity * simplicityMax + w.coverage * coverageMax + w.density * densityMax + w.legibility < bestScore { break }
                        let minStart = (dmax / step).rounded(.down) * j - Double(k - 1) * j
                        let maxStart = (dmin / step).rounded(.up) * j
                        guard minStart <= maxStart, abs(maxStart) < 1e15, maxStart - minStart <= 1000 else { continue }
                        var start = minStart
                        while start <= maxStart {
                            evaluations += 1
                            if evaluations > maximumEvaluations { break jLoop }
                            let lmin = start * (step / j)
                            let lmax = lmin + step * Double(k - 1)
                            let enclosing = lmin <= dmin && lmax >= dmax
                            let within = lmin >= dmin - tolerance && lmax <= dmax + tolerance
                            if (!loose || enclosing) && (!inside || within) {
                                let zeroIsTick = lmin <= 0 && lmax >= 0 && start.truncatingRemainder(dividingBy: j) == 0
                                let s = 1 - Double(qIndex) / (qCount - 1) - j + (zeroIsTick ? 1 : 0)
                                let c = coverage(dmin, dmax, lmin, lmax)
                                let g = density(k, m, dmin, dmax, lmin, lmax)
                                let score = w.simplicity * s + w.coverage * c + w.density * g + w.legibility
                                if score > bestScore {
                                    bestScore = score
                                    best = (start, j, q, z, k)
                                }
                            }
                            start += 1
                        }
                    }
                }
            }
        }
        return best
    }

    /// Ticks for a degenerate range (one value): the value itself with its neighbours.
    private static func fallback(low: Double, high: Double) -> Ticks {
        let centre = (low + high) / 2
        let step = centre == 0 ? 1 : niceNumber(abs(centre) / 10, round: true)
        return Ticks(values: [centre - step, centre, centre + step], step: step)
    }

    private static func power10(_ z: Int) -> Double { pow(10, Double(z)) }

    private static func coverage(_ dmin: Double, _ dmax: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let range = dmax - dmin
        return 1 - 0.5 * (pow(dmax - lmax, 2) + pow(dmin - lmin, 2)) / pow(0.1 * range, 2)
    }

    private static func maxCoverage(_ dmin: Double, _ dmax: Double, _ span: Double) -> Double {
        let range = dmax - dmin
        guard span > range else { return 1 }
        let half = (span - range) / 2
        return 1 - 0.5 * (2 * half * half) / pow(0.1 * range, 2)
    }

    private static func density(_ k: Int, _ m: Int, _ dmin: Double, _ dmax: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let r = Double(k - 1) / (lmax - lmin)
        let rt = Double(m - 1) / (max(lmax, dmax) - min(dmin, lmin))
        return 2 - max(r / rt, rt / r)
    }

    /// Heckbert's nice number (Graphics Gems, 1990): 1, 2, 5 or 10 times a power of ten,
    /// rounded or taken as the next one up. Used for histogram bin widths.
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let exponent = log10(value).rounded(.down)
        let fraction = value / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}
