import Foundation
import ThesisDocument

/// A FRED-MD transformation code (McCracken & Ng 2016, appendix), with natural logs (not ×100).
///
/// The raw value is the code; `word` is the name a user writes in an override
/// (`transform=INDPRO:dlog,CPIAUCSL:6`). Expressions are evaluated exactly as McCracken-Ng's
/// `transxf.m` writes them, so results agree to the last bits with ports of that code.
public enum Transformation: Int, Codable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 1: x_t.
    case level = 1
    /// 2: Δx_t = x_t − x_{t−1}.
    case diff = 2
    /// 3: Δ²x_t = x_t − 2x_{t−1} + x_{t−2}.
    case diff2 = 3
    /// 4: ln x_t.
    case log = 4
    /// 5: Δ ln x_t = ln x_t − ln x_{t−1}.
    case dlog = 5
    /// 6: Δ² ln x_t = ln x_t − 2 ln x_{t−1} + ln x_{t−2}.
    case ddlog = 6
    /// 7: Δ(x_t/x_{t−1} − 1), computed as g_t − g_{t−1} with g_t = (x_t − x_{t−1})/x_{t−1}.
    case pctdiff = 7

    /// The code, 1-7.
    public var code: Int { rawValue }

    /// The override word: `level, diff, diff2, log, dlog, ddlog, pctdiff`.
    public var word: String {
        switch self {
        case .level: return "level"
        case .diff: return "diff"
        case .diff2: return "diff2"
        case .log: return "log"
        case .dlog: return "dlog"
        case .ddlog: return "ddlog"
        case .pctdiff: return "pctdiff"
        }
    }

    /// The formula, e.g. `Δ ln x`.
    public var formula: String {
        switch self {
        case .level: return "x"
        case .diff: return "Δx"
        case .diff2: return "Δ²x"
        case .log: return "ln x"
        case .dlog: return "Δ ln x"
        case .ddlog: return "Δ² ln x"
        case .pctdiff: return "Δ(x/x₋₁ − 1)"
        }
    }

    /// `dlog (5: Δ ln x)`.
    public var description: String { "\(word) (\(code): \(formula))" }

    /// Periods lost at the start of the history: 0, 1, 2, 0, 1, 2, 2. They are also the number of
    /// initial levels `invert` needs.
    public var lostPeriods: Int {
        switch self {
        case .level, .log: return 0
        case .diff, .dlog: return 1
        case .diff2, .ddlog, .pctdiff: return 2
        }
    }

    /// Whether the transformation takes logs (and so needs positive values).
    public var usesLogs: Bool { self == .log || self == .dlog || self == .ddlog }

    /// The valid spellings, for messages: `level (1), diff (2), …`.
    public static var validNames: String {
        allCases.map { "\($0.word) (\($0.code))" }.joined(separator: ", ")
    }

    /// The transformation with this code; throws a diagnostic listing the valid codes.
    public init(code: Int) throws {
        guard let t = Transformation(rawValue: code) else {
            throw Diagnostic.error("unknown transformation code \(code); valid: \(Transformation.validNames)")
        }
        self = t
    }

    /// Parses a word (`dlog`, any case) or a code (`5`); throws a diagnostic listing the valid ones.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let code = Int(trimmed) {
            try self.init(code: code)
            return
        }
        let lower = trimmed.lowercased()
        guard let t = Transformation.allCases.first(where: { $0.word == lower }) else {
            throw Diagnostic.error("unknown transformation '\(text)'"
                                   + Suggestions.didYouMean(lower, in: Transformation.allCases.map(\.word))
                                   + "; valid: \(Transformation.validNames)")
        }
        self = t
    }

    // MARK: - Forward

    /// Transforms a raw series (missing = NaN). The first `lostPeriods` values are NaN, as is every
    /// value that needs a missing input. Throws when a log transformation meets a value ≤ 0,
    /// naming `series` and the period (`periods[t]` when given); McCracken-Ng's `transxf.m`
    /// instead returns an all-missing series when min x < 1e-6. Code 7 throws for a 0 that is
    /// divided by (numpy would give ±inf).
    public func apply(_ x: [Double], series: String = "series", periods: [Month] = []) throws -> [Double] {
        let n = x.count
        var y = [Double](repeating: .nan, count: n)
        if usesLogs || self == .pctdiff {
            if let t = x.firstIndex(where: { usesLogs ? $0 <= 0 : $0 == 0 }) {
                let when = t < periods.count ? "in \(periods[t])" : "at position \(t + 1)"
                if usesLogs {
                    throw Diagnostic.error("cannot take the log of \(series): its value \(when) is \(formatNumber(x[t])); "
                                           + "transformation \(self) needs positive values; choose one without "
                                           + "logs (level, diff or diff2) for \(series)")
                }
                // pctdiff divides by x_{t-1}: a zero only matters when a next value exists.
                if t + 1 < n {
                    throw Diagnostic.error("cannot compute the growth rate of \(series): its value \(when) is 0; "
                                           + "transformation \(self) divides by the previous value; choose diff (2)")
                }
            }
        }
        switch self {
        case .level:
            y = x
        case .diff:
            if n > 1 { for t in 1..<n { y[t] = x[t] - x[t - 1] } }
        case .diff2:
            if n > 2 { for t in 2..<n { y[t] = x[t] - 2 * x[t - 1] + x[t - 2] } }
        case .log:
            for t in 0..<n { y[t] = Foundation.log(x[t]) }
        case .dlog:
            let lx = x.map { Foundation.log($0) }
            if n > 1 { for t in 1..<n { y[t] = lx[t] - lx[t - 1] } }
        case .ddlog:
            let lx = x.map { Foundation.log($0) }
            if n > 2 { for t in 2..<n { y[t] = lx[t] - 2 * lx[t - 1] + lx[t - 2] } }
        case .pctdiff:
            var g = [Double](repeating: .nan, count: n)
            if n > 1 { for t in 1..<n { g[t] = (x[t] - x[t - 1]) / x[t - 1] } }
            if n > 2 { for t in 2..<n { y[t] = g[t] - g[t - 1] } }
        }
        return y
    }

    // MARK: - Inverse

    /// Rebuilds levels from transformed values: `y[i]` is the transformed value of the period that
    /// follows the `initial` levels by i + 1 periods (for `level` and `log`, `initial` is empty and
    /// `y[i]` belongs to the i-th period). `initial` holds the `lostPeriods` raw levels just before
    /// (oldest first). Differences are cumulated; a NaN makes every later level NaN.
    ///
    /// `invert(apply(x)[p...], initial: x[..<p])` gives back `x[p...]` up to rounding.
    public func invert(_ y: [Double], initial: [Double]) throws -> [Double] {
        guard initial.count == lostPeriods else {
            throw Diagnostic.error("inverting \(self) needs \(lostPeriods) initial level\(lostPeriods == 1 ? "" : "s"), "
                                   + "got \(initial.count)")
        }
        if usesLogs, let bad = initial.first(where: { $0 <= 0 }) {
            throw Diagnostic.error("inverting \(self) needs positive initial levels, got \(formatNumber(bad))")
        }
        var x = [Double](repeating: .nan, count: y.count)
        switch self {
        case .level:
            x = y
        case .log:
            x = y.map { Foundation.exp($0) }
        case .diff:
            var previous = initial[0]
            for i in y.indices { previous += y[i]; x[i] = previous }
        case .dlog:
            var previous = Foundation.log(initial[0])
            for i in y.indices { previous += y[i]; x[i] = Foundation.exp(previous) }
        case .diff2:
            var a = initial[0], b = initial[1]
            for i in y.indices { let c = y[i] + 2 * b - a; x[i] = c; a = b; b = c }
        case .ddlog:
            var a = Foundation.log(initial[0]), b = Foundation.log(initial[1])
            for i in y.indices { let c = y[i] + 2 * b - a; x[i] = Foundation.exp(c); a = b; b = c }
        case .pctdiff:
            var level = initial[1]
            var growth = (initial[1] - initial[0]) / initial[0]
            for i in y.indices { growth += y[i]; level *= 1 + growth; x[i] = level }
        }
        return x
    }

    /// Shows an impulse response of the transformed series (`response[h]`, h = 0, 1, …; zero before
    /// the shock) on another scale, by cumulating:
    ///
    /// | code | `.growth` | `.level` |
    /// |---|---|---|
    /// | 1, 4 | Δr (first difference, r₋₁ = 0) | r |
    /// | 2, 5 | r | Σr |
    /// | 3, 6, 7 | Σr | ΣΣr (a double cumulation) |
    ///
    /// For log codes (4-6) levels are in log points (×100 ≈ percent) and growth is the change in the
    /// log; for code 7 the growth scale is the growth rate x_t/x_{t−1} − 1 and `.level` its
    /// cumulation, the proportional level change to first order.
    public func response(_ response: [Double], as scale: ResponseScale) -> [Double] {
        func cumulate(_ r: [Double]) -> [Double] {
            var sum = 0.0
            return r.map { sum += $0; return sum }
        }
        func difference(_ r: [Double]) -> [Double] {
            var previous = 0.0
            return r.map { let d = $0 - previous; previous = $0; return d }
        }
        switch (scale, lostPeriods) {
        case (.transformed, _): return response
        case (.growth, 0): return difference(response)
        case (.growth, 1): return response
        case (.growth, _): return cumulate(response)
        case (.level, 0): return response
        case (.level, 1): return cumulate(response)
        case (.level, _): return cumulate(cumulate(response))
        }
    }
}

/// The scale a response is shown on; see `Transformation.response(_:as:)`.
public enum ResponseScale: String, Codable, Hashable, Sendable, CaseIterable {
    /// As estimated (the transformed series).
    case transformed
    /// The growth rate (single cumulation of a code 3/6/7 response, e.g. inflation for prices).
    case growth
    /// The level (double cumulation of a code 3/6/7 response).
    case level
}

/// The transformation chosen for one series.
public struct SeriesTransformation: Codable, Hashable, Sendable {
    public var series: String
    public var transformation: Transformation
    /// The code in the data file, nil when the file has none.
    public var fileCode: Int?
    /// True when set by an override rather than by the file.
    public var overridden: Bool

    public init(series: String, transformation: Transformation, fileCode: Int?, overridden: Bool) {
        self.series = series
        self.transformation = transformation
        self.fileCode = fileCode
        self.overridden = overridden
    }
}

extension Transformation {
    /// Parses overrides written `NAME:WORD` or `NAME:CODE`, separated by commas
    /// (`INDPRO:dlog, CPIAUCSL:5`); names may contain spaces and colons (the last colon separates).
    public static func parseOverrides(_ text: String) throws -> [String: Transformation] {
        var result: [String: Transformation] = [:]
        for item in text.split(separator: ",") {
            let entry = item.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            guard let colon = entry.lastIndex(of: ":") else {
                throw Diagnostic.error("transformation override '\(entry)' needs the form SERIES:TRANSFORMATION, "
                                       + "e.g. INDPRO:dlog; valid transformations: \(validNames)")
            }
            let name = entry[..<colon].trimmingCharacters(in: .whitespaces)
            result[name] = try Transformation(parsing: String(entry[entry.index(after: colon)...]))
        }
        return result
    }
}

extension TimeSeriesFrame {
    /// The transformation of each series: an override by name when given, else the file's code,
    /// else `defaultTransformation` (a frame without codes, e.g. a plain CSV). Throws for an
    /// override naming an unknown series, or a series with neither code nor default.
    public func transformationPlan(overrides: [String: Transformation] = [:],
                                   defaultTransformation: Transformation? = .level) throws -> [SeriesTransformation] {
        for name in overrides.keys.sorted() where index(of: name) == nil {
            throw Diagnostic.error("transformation override for unknown series '\(name)'"
                                   + Suggestions.didYouMean(name, in: names))
        }
        return try names.indices.map { i in
            let fileCode = i < transformCodes.count ? transformCodes[i] : nil
            if let o = overrides[names[i]] {
                return SeriesTransformation(series: names[i], transformation: o, fileCode: fileCode, overridden: true)
            }
            if let fileCode { 
                return SeriesTransformation(series: names[i], transformation: try Transformation(code: fileCode),
                                            fileCode: fileCode, overridden: false)
            }
            guard let d = defaultTransformation else {
                throw Diagnostic.error("series \(names[i]) has no transformation code; give one, e.g. \(names[i]):dlog; "
                                       + "valid: \(Transformation.validNames)")
            }
            return SeriesTransformation(series: names[i], transformation: d, fileCode: nil, overridden: false)
        }
    }

    /// Applies `plan` (from `transformationPlan`) to the full history of every series; the result's
    /// `transformCodes` are the codes used. Transform before cutting the sample, so the first
    /// periods of the sample have their differences.
    public func transformed(_ plan: [SeriesTransformation]) throws -> TimeSeriesFrame {
        var result = self
        result.columns = try names.indices.map { i in
            guard i < plan.count, i < columns.count else { return [] }
            return try plan[i].transformation.apply(columns[i], series: names[i], periods: periods)
        }
        result.transformCodes = names.indices.map { i in i < plan.count ? plan[i].transformation.code : nil }
        return result
    }

    /// Transforms every series with its file code or override (see `transformationPlan`).
    public func transformed(overrides: [String: Transformation] = [:]) throws -> TimeSeriesFrame {
        try transformed(transformationPlan(overrides: overrides))
    }
}

/// A number for messages: shortest round-trip form.
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
