import Foundation

/// Histogram bins with round edges.
enum Binning {
    static let maximumBins = 200

    /// Bin edges for `values` (all finite, not empty). Without a requested count the bin width
    /// follows Freedman and Diaconis (1981), 2·IQR·n^(−1/3), falling back to Sturges' rule when
    /// the interquartile range is zero; the width is then rounded to a nice number (Heckbert).
    static func edges(for values: [Double], bins requested: Int?) -> [Double] {
        let sorted = values.sorted()
        guard let low = sorted.first, let high = sorted.last else { return [0, 1] }
        let range = high - low
        guard range > 0, range > 1e-13 * max(abs(low), abs(high)) else {
            let half = low == 0 ? 0.5 : abs(low) * 0.05
            return [low - half, low + half]
        }
        let n = Double(sorted.count)
        var count: Int
        if let requested, requested >= 1, requested <= maximumBins {
            count = requested
        } else {
            let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
            if iqr > 0 {
                let width = 2 * iqr / pow(n, 1.0 / 3)
                count = Int(min(Double(maximumBins), (range / width).rounded(.up)))
            } else {
                count = Int(log2(n).rounded(.up)) + 1
            }
            count = max(1, min(count, 60))
        }
        if let requested, requested >= 1, requested <= maximumBins {
            // An explicit count is honoured exactly: equal bins from minimum to maximum.
            let width = range / Double(count)
            return (0...count).map { low + Double($0) * width }
        }
        let width = NiceTicks.niceNumber(range / Double(count), round: true)
        let start = (low / width).rounded(.down) * width
        var edges: [Double] = [start]
        while let last = edges.last, last < high, edges.count <= maximumBins {
            edges.append(start + Double(edges.count) * width)
        }
        return edges
    }

    /// Counts per bin; the last bin includes its upper edge.
    static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        let bins = edges.count - 1
        guard bins >= 1, let first = edges.first, let last = edges.last else { return [] }
        var counts = Array(repeating: 0, count: bins)
        for v in values where v >= first && v <= last {
            // Binary search for the bin: edges are increasing.
            var lo = 0, hi = bins - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if edges[mid] <= v { lo = mid } else { hi = mid - 1 }
            }
            counts[lo] += 1
        }
        return counts
    }

    /// Linear-interpolation quantile (type 7) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down))
        let j = min(i + 1, sorted.count - 1)
        return sorted[i] + (h - Double(i)) * (sorted[j] - sorted[i])
    }
}

/// Ordinary least squares of y on x with an intercept.
enum LeastSquares {
    /// (intercept, slope), or nil with fewer than two points or no variation in x.
    static func fit(_ points: [(x: Double, y: Double)]) -> (intercept: Double, slope: Double)? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.x } / n
        let my = points.reduce(0) { $0 + $1.y } / n
        var sxx = 0.0, sxy = 0.0
        for p in points {
            sxx += (p.x - mx) * (p.x - mx)
            sxy += (p.x - mx) * (p.y - my)
        }
        guard sxx > 0, sxx.isFinite, sxy.isFinite else { return nil }
        let slope = sxy / sxx
        return (my - slope * mx, slope)
    }
}
