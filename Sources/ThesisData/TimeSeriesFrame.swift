import Foundation
import ThesisDocument

/// The layout of a data file.
public enum DataFormat: String, Codable, Sendable, CaseIterable {
    /// A generic table: a date column (or year + quarter / year + month columns) and one column per series.
    case csv
    /// A FRED-MD vintage: `sasdate` header, a `Transform:` row of codes, dates as M/D/YYYY.
    case fredMD = "fred-md"
    /// A cross-sectional table without dates (e.g. digits.csv: pixel columns, then the label);
    /// rows are observations 1…n.
    case table
    /// One row per year and one column per month (`Year,Jan,…,Dec[,Annual]`), as BLS tables:
    /// read as one monthly series (named by `TableLayout.seriesName`).
    case yearByMonth = "year-by-month"
    /// A folder of images, `CLASS/FILE` or `SPLIT/CLASS/FILE` (PNG, JPEG): read by the image
    /// directives, never as a table.
    case images
}

/// How a `table` file is laid out.
public struct TableLayout: Codable, Hashable, Sendable {
    /// Whether the first line names the columns; without one they are named `x1`, `x2`, ….
    public var header: Bool
    /// The field separator: `,` (default), `;`, a space or a tab.
    public var delimiter: UInt8
    /// The series name of a `year-by-month` table.
    public var seriesName: String
    /// Columns of text categories (`categorical = ["region"]` in thesis.toml), read as labels
    /// into `TimeSeriesFrame.categorical` instead of numbers.
    public var categorical: [String]

    public init(
        header: Bool = true, delimiter: UInt8 = UInt8(ascii: ","), seriesName: String = "value",
        categorical: [String] = []
    ) {
        self.header = header
        self.delimiter = delimiter
        self.seriesName = seriesName
        self.categorical = categorical
    }

    /// What the cache key must know beyond the file's bytes: empty for the default layout (so
    /// existing keys stay), else every setting that changes how the file is read.
    public var fingerprint: String {
        guard self != TableLayout() else { return "" }
        return "header=\(header);delimiter=\(delimiter);name=\(seriesName);categorical=\(categorical.joined(separator: ","))"
    }
}

/// A column of text categories: one label per period, nil where missing. Kept apart from the
/// numeric series, so only a directive that encodes categories (`encode=`) reads it.
public struct CategoricalColumn: Codable, Hashable, Sendable {
    public var name: String
    public var labels: [String?]

    public init(name: String, labels: [String?]) {
        self.name = name
        self.labels = labels
    }
}

/// How far apart consecutive periods are.
public enum Frequency: String, Codable, Sendable {
    case monthly, quarterly
    /// Observations without dates (a cross-sectional table); periods hold row numbers.
    case rows

    /// Months per period: 1 or 3 (1 for rows).
    public var monthsPerPeriod: Int { self == .quarterly ? 3 : 1 }
}

/// A table of time series on a regular date grid; quarterly periods are stored as the quarter's first month.
///
/// Missing values are NaN. Equality and hashing treat every NaN as equal to every other NaN, and
/// the JSON form writes NaN as `null`, so frames round-trip through any `JSONEncoder`.
public struct TimeSeriesFrame: Codable, Hashable, Sendable {
    public var frequency: Frequency
    /// Strictly increasing and regular (1 or 3 months apart).
    public var periods: [Month]
    public var names: [String]
    /// `columns[i][t]` is series `names[i]` in period `periods[t]`; NaN = missing.
    public var columns: [[Double]]
    /// Per series (FRED-MD codes 1-7), nil when unknown.
    public var transformCodes: [Int?]
    /// The declared categorical columns, aligned with `periods`.
    public var categorical: [CategoricalColumn] = []

    /// A frame from its parts; `transformCodes` defaults to all unknown.
    public init(frequency: Frequency, periods: [Month], names: [String], columns: [[Double]],
                transformCodes: [Int?]? = nil) {
        self.frequency = frequency
        self.periods = periods
        self.names = names
        self.columns = columns
        self.transformCodes = transformCodes ?? Array(repeating: nil, count: names.count)
    }

    /// The labels of categorical column `name`, or nil when there is none.
    public func categories(named name: String) -> [String?]? {
        categorical.first { $0.name == name }?.labels
    }

    /// The position of a series, or nil (exact, case-sensitive match).
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// A series' values, or nil when there is no series of that name.
    public func column(named name: String) -> [Double]? {
        guard let i = index(of: name), i < columns.count else { return nil }
        return columns[i]
    }

    /// The first and last period, or nil for an empty frame.
    public var span: ClosedRange<Month>? {
        guard let first = periods.first, let last = periods.last else { return nil }
        return first...last
    }

    /// The range as a user writes it: `1959-01..2023-05`, or `1959Q1..2009Q3` for quarterly data.
    public func describe(_ range: ClosedRange<Month>) -> String {
        "\(label(range.lowerBound))..\(label(range.upperBound))"
    }

    /// A period as a user writes it: `1960-01`, or `1960Q1` for quarterly data.
    public func label(_ period: Month) -> String {
        switch frequency {
        case .quarterly: return quarterLabel(period)
        case .monthly: return period.description
        case .rows: return String(period.index - Self.firstRow.index + 1)
        }
    }

    /// The placeholder period of row 1 in a cross-sectional table.
    public static let firstRow = Month(year: 1, month: 1)

    /// Cut to a sample (inclusive); throws a message naming the available range when outside the data.
    ///
    /// For quarterly data each bound selects the quarter that contains it, so `1960-01...2009-09`
    /// and `1960-02...2009-08` both give 1960Q1..2009Q3. The error is a `Diagnostic` without a
    /// location; the caller knows where the sample was written.
    public func slice(_ range: ClosedRange<Month>) throws -> TimeSeriesFrame {
        guard let first = periods.first, let last = periods.last else {
            throw Diagnostic.error("cannot take the sample \(range.lowerBound)..\(range.upperBound): the data have no periods")
        }
        let step = frequency.monthsPerPeriod
        func periodStart(_ m: Month) -> Month {
            step == 1 ? m : Month(year: m.year, month: (m.month - 1) / 3 * 3 + 1)
        }
        let lower = periodStart(range.lowerBound), upper = periodStart(range.upperBound)
        guard lower >= first, upper <= last else {
            let requested = frequency == .quarterly
                ? "\(label(lower))..\(label(upper))" : "\(range.lowerBound)..\(range.upperBound)"
            let side = lower < first ? "starts before" : "ends after"
            throw Diagnostic.error("the sample \(requested) \(side) the data, which cover \(describe(first...last)); "
                                   + "choose a sample within \(describe(first...last))")
        }
        // Periods are regular, so positions follow from month arithmetic.
        let from = (lower.index - first.index) / step
        let to = (upper.index - first.index) / step
        guard from >= 0, to < periods.count, from <= to else { return self }
        var result = self
        result.periods = Array(periods[from...to])
        result.columns = columns.map { column in
            to < column.count ? Array(column[from...to]) : Array(column[min(from, column.count)...].prefix(to - from + 1))
        }
        result.categorical = categorical.map { column in
            CategoricalColumn(name: column.name, labels: Array(column.labels[min(from, column.labels.count)...].prefix(to - from + 1)))
        }
        return result
    }

    /// The named series in the given order; unknown and repeated names are skipped (check them
    /// with `index(of:)` first to report them).
    public func selecting(_ names: [String]) -> TimeSeriesFrame {
        var seen = Set<String>()
        var indices: [Int] = []
        for name in names where !seen.contains(name) {
            seen.insert(name)
            if let i = index(of: name), i < columns.count { indices.append(i) }
        }
        var result = self
        result.names = indices.map { self.names[$0] }
        result.columns = indices.map { columns[$0] }
        result.transformCodes = indices.map { $0 < transformCodes.count ? transformCodes[$0] : nil }
        return result
    }

    // MARK: - NaN-aware equality, hashing and coding

    public static func == (a: TimeSeriesFrame, b: TimeSeriesFrame) -> Bool {
        a.frequency == b.frequency && a.periods == b.periods && a.names == b.names
            && a.transformCodes == b.transformCodes && a.categorical == b.categorical && a.columns.count == b.columns.count
            && zip(a.columns, b.columns).allSatisfy { x, y in
                x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
            }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(frequency)
        hasher.combine(periods)
        hasher.combine(names)
        hasher.combine(transformCodes)
        hasher.combine(categorical)
        hasher.combine(columns.count)
        for column in columns {
            hasher.combine(column.count)
            for value in column { hashNaNAware(value, into: &hasher) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case frequency, periods, names, columns, transformCodes, categorical
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        frequency = try c.decode(Frequency.self, forKey: .frequency)
        periods = try c.decode([Month].self, forKey: .periods)
        names = try c.decode([String].self, forKey: .names)
        columns = try c.decode([[Double?]].self, forKey: .columns).map { $0.map { $0 ?? .nan } }
        transformCodes = try c.decode([Int?].self, forKey: .transformCodes)
        categorical = try c.decodeIfPresent([CategoricalColumn].self, forKey: .categorical) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(frequency, forKey: .frequency)
        try c.encode(periods, forKey: .periods)
        try c.encode(names, forKey: .names)
        try c.encode(columns.map { $0.map { $0.isNaN ? nil : $0 } }, forKey: .columns)
        try c.encode(transformCodes, forKey: .transformCodes)
        if !categorical.isEmpty { try c.encode(categorical, forKey: .categorical) }
    }
}

/// `1960Q1` for the quarter that starts (or contains) month `m`.
func quarterLabel(_ m: Month) -> String {
    "\(String(format: "%04d", m.year))Q\((m.month - 1) / 3 + 1)"
}

/// Equal, with NaN equal to NaN.
@inline(__always)
func sameValue(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

/// Hashes consistently with `sameValue`: one hash for every NaN and for ±0.
@inline(__always)
func hashNaNAware(_ value: Double, into hasher: inout Hasher) {
    if value.isNaN {
        hasher.combine(UInt64.max)
    } else {
        hasher.combine(value == 0 ? 0 : value.bitPattern)
    }
}
