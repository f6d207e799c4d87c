import Foundation
import ThesisDocument

/// NaN-aware order statistics as MATLAB computes them.
public enum Quantiles {
    /// The median of the non-missing values (mean of the two middle ones for an even count); NaN when none.
    public static func median(_ values: [Double]) -> Double {
        median(sorted: values.filter { !$0.isNaN }.sorted())
    }

    /// The median of values already sorted ascending without NaN.
    public static func median(sorted v: [Double]) -> Double {
        let n = v.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }

    /// The p-quantile (0 ≤ p ≤ 1) of the non-missing values, MATLAB `prctile` / Hazen:
    /// the k-th smallest of n values is the (k − 0.5)/n quantile, linear in between, the extremes
    /// beyond; NaN when there are no values.
    public static func hazen(_ values: [Double], _ p: Double) -> Double {
        hazen(sorted: values.filter { !$0.isNaN }.sorted(), p)
    }

    /// `hazen` on values already sorted ascending without NaN. The arithmetic is numpy's
    /// `quantile(method="hazen")`, so both give the same bits.
    public static func hazen(sorted v: [Double], _ p: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        return hazen(count: v.count, p) { v[$0] }
    }

    /// The order statistics (0-based positions in sorted order) a Hazen quantile reads.
    static func hazenPositions(count n: Int, _ p: Double) -> [Int] {
        let virtual = Double(n) * p + (0.5 + p * 0) - 1
        if virtual >= Double(n - 1) { return [n - 1] }
        if virtual < 0 { return [0] }
        let i = Int(virtual.rounded(.down))
        return [i, i + 1]
    }

    /// The Hazen quantile of n values given their order statistics `value(k)`, k = 0…n−1.
    static func hazen(count n: Int, _ p: Double, value: (Int) -> Double) -> Double {
        let virtual = Double(n) * p + (0.5 + p * 0) - 1
        if virtual >= Double(n - 1) { return value(n - 1) }
        if virtual < 0 { return value(0) }
        let below = virtual.rounded(.down)
        let i = Int(below)
        let gamma = virtual - below
        let a = value(i), b = value(i + 1)
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// Median, first and third Hazen quartiles of the non-missing values, by selection (O(n))
    /// rather than sorting; the same values as `median` and `hazen`. NaN when there are none.
    public static func medianAndQuartiles(_ values: [Double]) -> (median: Double, q25: Double, q75: Double) {
        var buffer = values.filter { !$0.isNaN }
        let n = buffer.count
        guard n > 0 else { return (.nan, .nan, .nan) }
        var positions = hazenPositions(count: n, 0.25) + hazenPositions(count: n, 0.75)
        positions += n % 2 == 1 ? [n / 2] : [n / 2 - 1, n / 2]
        positions.sort()
        var order = [Double](repeating: .nan, count: n)      // order statistics, filled where needed
        buffer.withUnsafeMutableBufferPointer { v in
            var lo = 0
            for k in positions where k >= lo {
                if k == lo && k > 0 {
                    // v[lo...] holds the values from order statistic k on: the next one is their minimum.
                    var best = lo
                    for i in (lo + 1)..<n where v[i] < v[best] { best = i }
                    v.swapAt(lo, best)
                } else {
                    select(v, k, lo: lo, hi: n)
                }
                order[k] = v[k]
                lo = k + 1
            }
        }
        let median = n % 2 == 1 ? order[n / 2] : (order[n / 2 - 1] + order[n / 2]) / 2
        return (median, hazen(count: n, 0.25) { order[$0] }, hazen(count: n, 0.75) { order[$0] })
    }

    /// Rearranges v[lo..<hi] so that v[k] holds the value it would hold if v[lo..<hi] were sorted,
    /// with nothing larger before it and nothing smaller after it (Hoare selection).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ k: Int, lo: Int, hi: Int) {
        var lo = lo, hi = hi - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

/// McCracken-Ng's outlier rule (`remove_outliers.m`): a value is an outlier when
/// |x − median| > k·IQR, with the median and the quartiles of the series' non-missing values in the
/// sample (Hazen quantiles); outliers become missing.
public struct OutlierRule: Codable, Hashable, Sendable {
    /// The multiple of the interquartile range; McCracken-Ng use 10.
    public var k: Double

    public init(k: Double = 10) { self.k = k }

    /// The flagged positions of one series (true = outlier). A series with IQR 0 flags every value
    /// that differs from its median, as the MATLAB code does.
    public func flags(_ values: [Double]) -> [Bool] {
        let (median, q25, q75) = Quantiles.medianAndQuartiles(values)
        guard !median.isNaN else { return Array(repeating: false, count: values.count) }
        let limit = k * (q75 - q25)
        return values.map { abs($0 - median) > limit }
    }

    /// The frame with outliers set to missing, and what was removed.
    public func apply(to frame: TimeSeriesFrame) -> (frame: TimeSeriesFrame, report: OutlierReport) {
        var result = frame
        var counts: [Int] = []
        var removed: [OutlierReport.Value] = []
        for i in frame.columns.indices {
            let flagged = flags(frame.columns[i])
            var count = 0
            for t in flagged.indices where flagged[t] {
                removed.append(.init(series: frame.names[i], period: frame.periods[t], value: frame.columns[i][t]))
                result.columns[i][t] = .nan
                count += 1
            }
            counts.append(count)
        }
        return (result, OutlierReport(k: k, series: frame.names, counts: counts, removed: removed))
    }
}

/// The outliers removed from a frame.
public struct OutlierReport: Codable, Hashable, Sendable {
    /// One removed value.
    public struct Value: Codable, Hashable, Sendable {
        public var series: String
        public var period: Month
        public var value: Double     // never NaN: a missing value is no outlier
        public init(series: String, period: Month, value: Double) {
            self.series = series
            self.period = period
            self.value = value
        }
    }

    public var k: Double
    /// Every series, in frame order.
    public var series: [String]
    /// Outliers per series, parallel to `series`.
    public var counts: [Int]
    /// The removed values, by series then period.
    public var removed: [Value]

    public init(k: Double, series: [String], counts: [Int], removed: [Value]) {
        self.k = k
        self.series = series
        self.counts = counts
        self.removed = removed
    }

    /// All outliers removed.
    public var total: Int { counts.reduce(0, +) }

    /// The count for one series (0 when unknown).
    public func count(for name: String) -> Int {
        series.firstIndex(of: name).map { counts[$0] } ?? 0
    }
}
