import ThesisData
import ThesisDocument

/// `<<data prepare data=fredmd sample=1960-01..2019-12 id=panel>>`: a panel prepared as
/// McCracken & Ng (2016) do by default — the file's transformation codes applied to the full
/// history, the sample cut, outliers (|x − median| > 10·IQR) removed, gaps filled by EM-PCA with
/// IC_p2 (kmax 8). Later directives take `data=panel`. The table says what was done to each series.
public enum DataPrepare: Directive {
    public static let kind = "data prepare"
    public static let abstract =
        "prepare a panel: transformations, sample, outliers, missing values (McCracken-Ng defaults)"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    /// What to do with missing values.
    enum MissingPolicy: String, ArgumentChoice {
        case em, interpolate, drop, keep
    }

    /// Which series the table lists.
    enum Listing: String, ArgumentChoice {
        case changed, all
    }

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        @Option(
            "per-series overrides SERIES:WORD or SERIES:CODE, e.g. INDPRO:dlog,CPIAUCSL:5 (words: "
                + "\(Transformation.validNames))"
        )
        var transform: [String]?
        @Option(.atLeast(0.0), "remove |x − median| > k·IQR (Hazen quantiles); 0 keeps every value")
        var outliers = 10.0
        @Option("missing values: EM-PCA imputation, linear interpolation, drop incomplete months, or keep")
        var missing = MissingPolicy.em
        @Option(.range(1...30), "largest number of factors considered by IC_p2 (EM and factors)") var kmax = 8
        @Option("series to leave out of the panel") var exclude: [String]?
        @Option("table rows: series with outliers, missing values or an override (changed), or every series")
        var list = Listing.changed
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try context.frame(arguments.$data)
        var settings = PreparationOptions.mcCrackenNg
        do {
            if let overrides = arguments.transform {
                settings.transformations = try Transformation.parseOverrides(overrides.joined(separator: ","))
                _ = try frame.transformationPlan(overrides: settings.transformations)
            }
        } catch let diagnostic as Diagnostic {
            throw DirectiveFailure(diagnostic.message, option: arguments.$transform)
        }
        settings.outliers = arguments.outliers > 0 ? OutlierRule(k: arguments.outliers) : nil
        settings.kmax = arguments.kmax
        switch arguments.missing {
        case .interpolate: settings.missing = .interpolate(edges: .leave)
        case .drop: settings.missing = .drop
        case .keep: settings.missing = .keep
        case .em: settings.missing = .em(EMOptions(kmax: arguments.kmax))
        }
        if let exclude = arguments.exclude {
            _ = try frame.requireSeries(exclude, option: arguments.$exclude)
            settings.exclude = exclude
        }
        let prepared: PreparedData
        do {
            prepared = try Preparation.prepare(frame, sample: arguments.sample, options: settings)
        } catch let diagnostic as Diagnostic {
            // The overrides and exclusions were checked above: what is left is about the dates.
            throw DirectiveFailure(
                diagnostic.message, option: arguments.$sample.isExplicit ? arguments.$sample : arguments.$data)
        }
        return try result(prepared, listAll: arguments.list == .all)
    }

    static func result(_ prepared: PreparedData, listAll: Bool) throws -> DirectiveResult {
        let report = prepared.report
        let columns = [
            TableColumn("Series"), TableColumn("Transformation"), TableColumn("Code", alignment: .right),
            TableColumn("Outliers", alignment: .right), TableColumn("Missing", alignment: .right),
        ]
        var rows: [[TableCell]] = []
        var codeCounts: [Int: Int] = [:]
        for t in report.transformations where !report.excluded.contains(t.series) {
            codeCounts[t.transformation.code, default: 0] += 1
            let outliers = report.outliers?.count(for: t.series) ?? 0
            let missing =
                prepared.frame.index(of: t.series).flatMap {
                    report.missingBySeries.indices.contains($0) ? report.missingBySeries[$0] : nil
                } ?? 0
            guard listAll || outliers > 0 || missing > 0 || t.overridden else { continue }
            rows.append([
                .text(t.series), .text(t.transformation.word + (t.overridden ? " (override)" : "")),
                .integer(t.transformation.code), .integer(outliers), .integer(missing),
            ])
        }
        var notes = [
            "Sample \(report.sample.lowerBound)..\(report.sample.upperBound): \(report.periods) months, "
                + "\(report.series) series; transformations applied to the full history before the sample was cut."
        ]
        notes.append(
            "Transformation codes: "
                + codeCounts.keys.sorted().map { code in
                    "\(codeCounts[code] ?? 0) × \(code) (\((try? Transformation(code: code))?.word ?? "?"))"
                }.joined(separator: ", ") + "."
                + (listAll
                    ? ""
                    : " The table lists the series with outliers, missing values or an override; list=all shows "
                        + "every series.")
        )
        if let outliers = report.outliers {
            notes.append(
                "Outliers: |x − median| > \(ValueFormat.format(outliers.k, spec: nil))·IQR set to missing, "
                    + "\(outliers.total) values in all."
            )
        }
        switch report.missingPolicy {
        case .em:
            if let em = report.em {
                notes.append(
                    "Missing values: \(report.missing) filled by EM-PCA in \(em.iterations) iterations "
                        + "(\(em.converged ? "converged" : "stopped at the limit")); factors chosen by IC_p2 at each "
                        + "iteration: \(em.factorPath.map(String.init).joined(separator: ", "))."
                )
            }
        case .interpolate:
            notes.append("Missing values: \(report.interpolated ?? 0) interior gaps filled by linear interpolation.")
        case .drop: notes.append("Missing values: \(report.droppedPeriods?.count ?? 0) incomplete months dropped.")
        case .keep: notes.append("Missing values: \(report.missing) left missing.")
        }
        if !report.excluded.isEmpty { notes.append("Left out: \(report.excluded.joined(separator: ", ")).") }
        notes.append(contentsOf: report.notes)
        var scalars: [String: Scalar] = [
            "periods": .number(Double(report.periods)), "series": .number(Double(report.series)),
            "outliers": .number(Double(report.outliers?.total ?? 0)), "missing": .number(Double(report.missing)),
            "first": .text(report.sample.lowerBound.description), "last": .text(report.sample.upperBound.description),
        ]
        if let em = report.em {
            scalars["em.iterations"] = .number(Double(em.iterations))
            scalars["em.factors"] = .number(Double(em.finalFactors))
        }
        if let k = report.finalFactors { scalars["factors"] = .number(Double(k)) }
        for t in report.transformations {
            scalars["\(t.series).outliers"] = .number(Double(report.outliers?.count(for: t.series) ?? 0))
        }
        let table = ResultTable(columns: columns, rows: rows, notes: notes)
        return DirectiveResult(content: [.table(table)], scalars: scalars, object: try DataObjects.object(prepared))
    }
}
