import Foundation
import ThesisDocument

/// How `Preparation.prepare` works; the defaults are McCracken & Ng's (2016).
public struct PreparationOptions: Codable, Hashable, Sendable {
    /// Per-series transformations by name, replacing the file's codes.
    public var transformations: [String: Transformation]
    /// The transformation of series without a code (plain CSV files): `level` by default.
    public var defaultTransformation: Transformation
    /// Periods dropped at the start of the transformed history (McCracken-Ng: 2, the periods lost
    /// to second differences). A sample starting earlier starts at the first period kept, with a note.
    public var dropInitialPeriods: Int
    /// The outlier rule; nil keeps outliers. Applied within the sample.
    public var outliers: OutlierRule?
    /// What to do with missing values within the sample.
    public var missing: MissingValuePolicy
    /// Estimate the factor model of the prepared panel (when it has no missing values).
    public var estimateFactors: Bool
    /// The number of factors of the factor model; nil = the IC_p2 choice over 0…kmax.
    public var factors: Int?
    /// kmax of the factor model's IC_p2 table.
    public var kmax: Int
    /// Series left out of the preparation (e.g. FEDFUNDS, which FAVAR keeps out of the panel).
    public var exclude: [String]

    public init(transformations: [String: Transformation] = [:], defaultTransformation: Transformation = .level,
                dropInitialPeriods: Int = 2, outliers: OutlierRule? = OutlierRule(),
                missing: MissingValuePolicy = .mcCrackenNg, estimateFactors: Bool = true, factors: Int? = nil,
                kmax: Int = 8, exclude: [String] = []) {
        self.transformations = transformations
        self.defaultTransformation = defaultTransformation
        self.dropInitialPeriods = dropInitialPeriods
        self.outliers = outliers
        self.missing = missing
        self.estimateFactors = estimateFactors
        self.factors = factors
        self.kmax = kmax
        self.exclude = exclude
    }

    /// McCracken & Ng's procedure: file codes, drop 2 periods, outliers at 10·IQR, EM with IC_p2
    /// (kmax 8), factors by IC_p2 (kmax 8).
    public static var mcCrackenNg: PreparationOptions { PreparationOptions() }
}

/// What `Preparation.prepare` did, for the report and the cache.
public struct PreparationReport: Codable, Hashable, Sendable {
    /// The sample as asked (nil = all the data).
    public var requestedSample: ClosedRange<Month>?
    /// The first and last period of the prepared panel.
    public var sample: ClosedRange<Month>
    /// Periods and series of the prepared panel.
    public var periods: Int
    public var series: Int
    /// The transformation of each series of the input (excluded series included).
    public var transformations: [SeriesTransformation]
    /// Series left out: asked for (`exclude`) or without any observation in the sample.
    public var excluded: [String]
    /// Outliers removed, per series; nil when outliers were kept.
    public var outliers: OutlierReport?
    /// Missing values in the sample after outlier removal (before imputation), per series.
    public var missingBySeries: [Int]
    /// All missing values before imputation.
    public var missing: Int
    /// The missing-value policy used.
    public var missingPolicy: MissingValuePolicy
    /// The EM iterations and factor path, when EM was used.
    public var em: EMReport?
    /// Values filled by interpolation, when used.
    public var interpolated: Int?
    /// Periods dropped for missing values, when `drop` was used.
    public var droppedPeriods: [Month]?
    /// The factor count the procedure ends with: EM's last k, else the factor model's k.
    public var finalFactors: Int?
    /// Things a reader should know (sample moved, series left out, gaps after dropping rows …).
    public var notes: [String]

    /// Transformation codes per series of the prepared panel (name → code).
    public var codes: [String: Int] {
        Dictionary(uniqueKeysWithValues: transformations.map { ($0.series, $0.transformation.code) })
    }
}

/// The prepared panel, the report, and (optionally) its factor model.
public struct PreparedData: Codable, Hashable, Sendable {
    /// Transformed, cut to the sample, outliers removed, missing values handled; `transformCodes`
    /// are the codes used.
    public var frame: TimeSeriesFrame
    public var report: PreparationReport
    /// Principal components of the prepared panel (nil when not asked or when values are missing).
    public var factors: FactorModel?
}

/// McCracken & Ng's data preparation.
public enum Preparation {
    /// Prepares a panel as McCracken & Ng (2016) do, by default:
    ///
    /// 1. transform the FULL history of each series with its code (file or override);
    /// 2. drop the first `dropInitialPeriods` (2) periods of the history, which second differences
    ///    leave empty; then cut the sample. A sample that starts before the third period starts at
    ///    the third (noted in the report); one that starts or ends outside the data is an error.
    ///    Because the transformation comes first, the sample's first periods keep their differences;
    /// 3. remove outliers (|x − median| > 10·IQR, statistics over the sample);
    /// 4. impute missing values by EM-PCA (IC_p2, kmax 8); series with no observation in the
    ///    sample are left out (noted);
    /// 5. estimate the factor model of the result.
    ///
    /// So `data prepare data=fredmd sample=1960-01..2019-12` is exactly their procedure.
    public static func prepare(_ frame: TimeSeriesFrame, sample: ClosedRange<Month>? = nil,
                               options: PreparationOptions = .mcCrackenNg) throws -> PreparedData {
        var notes: [String] = []
        for name in options.exclude where frame.index(of: name) == nil {
            throw Diagnostic.error("cannot exclude unknown series '\(name)'" + Suggestions.didYouMean(name, in: frame.names))
        }
        guard let first = frame.periods.first, let last = frame.periods.last else {
            throw Diagnostic.error("the data have no periods")
        }
        // 1. Transform the full history.
        let plan = try frame.transformationPlan(overrides: options.transformations,
                                                defaultTransformation: options.defaultTransformation)
        var panel = try frame.transformed(plan)
        if !options.exclude.isEmpty {
            panel = panel.selecting(panel.names.filter { !options.exclude.contains($0) })
        }
        // 2. Drop the initial periods, cut the sample.
        let drop = max(0, options.dropInitialPeriods)
        guard drop < frame.periods.count else {
            throw Diagnostic.error("the data have \(frame.periods.count) periods; \(drop) are dropped after transforming")
        }
        let firstKept = frame.periods[drop]
        var range = sample ?? firstKept...last
        if let sample {
            // Out-of-range samples get the slice's message (naming the available range).
            if sample.lowerBound < first || sample.upperBound > last { _ = try frame.slice(sample) }
            if sample.upperBound < firstKept {
                throw Diagnostic.error("the sample \(frame.describe(sample)) ends before \(frame.label(firstKept)), the first "
                                       + "period kept after transforming (the first \(drop) are dropped); "
                                       + "choose a sample within \(frame.describe(firstKept...last))")
            }
            if sample.lowerBound < firstKept {
                range = firstKept...sample.upperBound
                notes.append("the sample starts at \(frame.label(firstKept)), not \(frame.label(sample.lowerBound)): the first "
                             + "\(drop) periods of the data are dropped after transforming (McCracken-Ng)")
            }
        }
        panel = try panel.slice(range)
        // Series with no observation in the sample are left out.
        var excluded = options.exclude
        let empty = panel.names.indices.filter { i in panel.columns[i].allSatisfy { $0.isNaN } }.map { panel.names[$0] }
        if !empty.isEmpty {
            excluded += empty
            panel = panel.selecting(panel.names.filter { !empty.contains($0) })
            notes.append("left out (no observation in \(panel.describe(range))): " + empty.joined(separator: ", "))
        }
        // 3. Outliers.
        var outlierReport: OutlierReport?
        if let rule = options.outliers {
            let (cleaned, report) = rule.apply(to: panel)
            panel = cleaned
            outlierReport = report
        }
        // 4. Missing values.
        let missingBySeries = MissingValues.counts(panel)
        let missing = missingBySeries.reduce(0, +)
        var emReport: EMReport?, interpolated: Int?, dropped: [Month]?
        switch options.missing {
        case .keep:
            break
        case .drop:
            let (kept, gone) = MissingValues.dropIncomplete(panel)
            panel = kept
            dropped = gone
            if let a = kept.periods.first, let b = kept.periods.last, b.index - a.index + 1 != kept.periods.count {
                notes.append("dropping incomplete periods left gaps inside \(kept.describe(a...b)); "
                             + "\(kept.periods.count) periods remain")
            }
            if kept.periods.isEmpty { notes.append("every period has a missing value: nothing is left") }
        case .interpolate(let edges):
            let (filled, count) = MissingValues.interpolate(panel, edges: edges)
            panel = filled
            interpolated = count
        case .em(let em):
            let (imputed, report) = try EMImputation.impute(panel, options: em)
            panel = imputed
            emReport = report
        }
        // 5. Factors.
        var model: FactorModel?
        let balanced = !panel.periods.isEmpty && panel.columns.allSatisfy { !$0.contains { $0.isNaN } }
        if options.estimateFactors && balanced && panel.periods.count > 1 {
            let kmax = min(options.kmax, panel.periods.count, panel.names.count)
            model = try FactorModel(panel, kmax: kmax, k: options.factors)
        }
        let report = PreparationReport(
            requestedSample: sample, sample: panel.span ?? range, periods: panel.periods.count,
            series: panel.names.count, transformations: plan, excluded: excluded, outliers: outlierReport,
            missingBySeries: missingBySeries, missing: missing, missingPolicy: options.missing, em: emReport,
            interpolated: interpolated, droppedPeriods: dropped,
            finalFactors: emReport.flatMap { $0.factorPath.isEmpty ? nil : $0.finalFactors } ?? model?.k, notes: notes)
        return PreparedData(frame: panel, report: report, factors: model)
    }
}
