import Foundation
import ThesisDocument

/// What changed between two vintages of the same data set (raw values, as loaded).
public struct VintageDiff: Codable, Hashable, Sendable {
    /// One revised value.
    public struct Revision: Codable, Hashable, Sendable {
        public var series: String
        public var period: Month
        public var old: Double
        public var new: Double
        /// |new − old| divided by the old vintage's standard deviation of the series (ddof = 1),
        /// so revisions of series in different units can be ranked (NaN, written null, when the
        /// series has fewer than two common observations).
        @NaNAsNull public var standardized: Double
    }

    /// Periods in the new vintage only (usually the new months at the end).
    public var newPeriods: [Month]
    /// Periods in the old vintage only.
    public var droppedPeriods: [Month]
    /// Series in the new vintage only, in its order.
    public var addedSeries: [String]
    /// Series in the old vintage only, in its order.
    public var removedSeries: [String]
    /// Values present in both vintages (common series and periods) that differ.
    public var revisedValues: Int
    /// Values missing in the old vintage and present in the new one.
    public var filledValues: Int
    /// Values present in the old vintage and missing in the new one.
    public var deletedValues: Int
    /// Series with at least one revised value.
    public var revisedSeries: Int
    /// The largest revisions by `standardized` (ties by series, then period), at most `limit`.
    public var largest: [Revision]

    /// Compares `old` with `new`, matching series by name and periods by date.
    public init(old: TimeSeriesFrame, new: TimeSeriesFrame, limit: Int = 10) {
        let oldPeriods = Dictionary(uniqueKeysWithValues: old.periods.enumerated().map { ($1, $0) })
        let newPeriodSet = Set(new.periods)
        newPeriods = new.periods.filter { oldPeriods[$0] == nil }
        droppedPeriods = old.periods.filter { !newPeriodSet.contains($0) }
        let oldNames = Set(old.names), newNames = Set(new.names)
        addedSeries = new.names.filter { !oldNames.contains($0) }
        removedSeries = old.names.filter { !newNames.contains($0) }
        let common = new.periods.enumerated().compactMap { t, p in oldPeriods[p].map { (old: $0, new: t, period: p) } }
        var revised = 0, filled = 0, deleted = 0, series = 0
        var revisions: [Revision] = []
        for (i, name) in old.names.enumerated() {
            guard let j = new.index(of: name) else { continue }
            let a = old.columns[i], b = new.columns[j]
            let sd = SeriesSummary(name: name, values: common.map { a[$0.old] }, periods: []).standardDeviation
            var any = false
            for c in common {
                let x = a[c.old], y = b[c.new]
                switch (x.isNaN, y.isNaN) {
                case (true, false): filled += 1
                case (false, true): deleted += 1
                case (false, false) where x != y:
                    revised += 1
                    any = true
                    revisions.append(Revision(series: name, period: c.period, old: x, new: y,
                                              standardized: abs(y - x) / sd))
                default: break
                }
            }
            if any { series += 1 }
        }
        revisions.sort { a, b in
            a.standardized != b.standardized ? a.standardized > b.standardized
                : a.series != b.series ? a.series < b.series : a.period < b.period
        }
        revisedValues = revised
        filledValues = filled
        deletedValues = deleted
        revisedSeries = series
        largest = Array(revisions.prefix(limit))
    }
}
