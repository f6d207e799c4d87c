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
        case NNTrain.TrainingRecord.kind:  // a network's test predictions
            return (try? JSONDecoder().decode(NNTrain.TrainingRecord.self, from: object.payload))?.predictions
        default: return nil
        }
    }

    /// The prepared panel held by an object, if it is one.
    public static func prepared(from object: ResultObject) -> PreparedData? {
        guard object.kind == preparedKind else { return nil }
        return try? JSONDecoder().decode(PreparedData.self, from: object.payload)
    }
}

/// Descriptions shared by options of several directives.
enum OptionDocs {
    static let data = "the data set (thesis.toml [data.NAME]) or a prepared panel's id"
    static let sample = "sample, e.g. 1960-01..2019-12 (default: all dates)"
}

/// Options shared by the directives that read raw data: which dates, and which transformations.
struct DataWindow: DirectiveArguments {
    @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
    @Option("apply the file's transformation codes (FRED-MD) to the full history before cutting the sample")
    var transformed = false
    @Option(
        "per-series transformations SERIES:WORD or SERIES:CODE, applied to the full history (words: "
            + "\(Transformation.validNames))"
    )
    var transform: [String]?

    init() {}

    /// The frame of option `data`, transformed when asked, reduced to `series` (all when nil), cut
    /// to the sample.
    func frame(
        _ context: DirectiveContext, data: OptionReference, series: [String]? = nil,
        seriesOption: OptionReference? = nil
    ) throws -> TimeSeriesFrame {
        var frame = try context.frame(data)
        if transformed || transform != nil {
            do {
                let overrides = try Transformation.parseOverrides((transform ?? []).joined(separator: ","))
                // With transformed=false only the named series change; the others stay in levels.
                var plan = try frame.transformationPlan(overrides: overrides)
                if !transformed {
                    plan = plan.map {
                        $0.overridden
                            ? $0
                            : SeriesTransformation(
                                series: $0.series, transformation: .level,
                                fileCode: $0.fileCode, overridden: false)
                    }
                }
                frame = try frame.transformed(plan)
            } catch let diagnostic as Diagnostic {
                throw DirectiveFailure(diagnostic.message, option: transform != nil ? $transform : $transformed)
            }
        }
        return try frame.requireSeries(series, option: seriesOption?.name ?? "series").cut(to: sample, option: $sample)
    }
}
