import Foundation
import ThesisData
import ThesisDocument

/// The objects data directives pass to later ones (`data=panel`): a plain frame or a prepared
/// panel with its preparation report and factor model.
public enum DataObjects {
    public static let frameKind = "frame"
    public static let preparedKind = "prepared"

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A prepared panel as a result object.
    public static func object(_ prepared: PreparedData) throws -> ResultObject {
        ResultObject(kind: preparedKind, payload: try encoder().encode(prepared))
    }

    /// A frame as a result object.
    public static func object(_ frame: TimeSeriesFrame) throws -> ResultObject {
        ResultObject(kind: frameKind, payload: try encoder().encode(frame))
    }

    /// The frame held by an object, whatever its kind; nil for objects without data.
    public static func frame(from object: ResultObject) -> TimeSeriesFrame? {
        switch object.kind {
        case frameKind: return try? JSONDecoder().decode(TimeSeriesFrame.self, from: object.payload)
        case preparedKind: return prepared(from: object)?.frame
        default: return nil
        }
    }

    /// The prepared panel held by an object, if it is one.
    public static func prepared(from object: ResultObject) -> PreparedData? {
        guard object.kind == preparedKind else { return nil }
        return try? JSONDecoder().decode(PreparedData.self, from: object.payload)
    }
}

/// Options shared by the directives that read raw data.
enum DataOptions {
    static let data = OptionSpec("data", .data, required: true, "the data set (thesis.toml [data.NAME]) or a prepared panel's id")
    static let sample = OptionSpec("sample", .monthRange, "sample, e.g. 1960-01..2019-12 (default: all dates)")
    static let transformed = OptionSpec("transformed", .bool, default: .bool(false),
                                        "apply the file's transformation codes (FRED-MD) to the full history before cutting the sample")
    static let transform = OptionSpec("transform", .names,
                                      "per-series transformations SERIES:WORD or SERIES:CODE, applied to the full history (words: \(Transformation.validNames))")

    /// The frame of option `data`, transformed when asked, cut to `sample`.
    static func frame(_ options: ResolvedOptions, context: DirectiveContext, series: [String]? = nil) throws -> TimeSeriesFrame {
        var frame = try context.frame()
        let useCodes = options.bool("transformed") == true
        if useCodes || options.names("transform") != nil {
            do {
                let overrides = try Transformation.parseOverrides((options.names("transform") ?? []).joined(separator: ","))
                // With transformed=false only the named series change; the others stay in levels.
                var plan = try frame.transformationPlan(overrides: overrides)
                if !useCodes {
                    plan = plan.map { $0.overridden ? $0 : SeriesTransformation(series: $0.series, transformation: .level, fileCode: $0.fileCode, overridden: false) }
                }
                frame = try frame.transformed(plan)
            } catch let diagnostic as Diagnostic {
                throw DirectiveFailure(diagnostic.message, option: options.names("transform") != nil ? "transform" : "transformed")
            }
        }
        return try frame.requireSeries(series).cut(to: options.monthRange("sample"))
    }
}
