import Foundation
import ThesisModels

/// A prediction request's JSON body, `{"rows": [{"COLUMN": NUMBER, …}, …]}`: one object per row
/// (records, as pandas' `to_dict("records")` writes them). Every input column of the model must be
/// a finite number in every row; other members are ignored. A recurrent model reads the rows as
/// consecutive periods, oldest first. A VAR or FAVAR also takes `"steps": N`: forecasts 1…N
/// periods after the last row instead of one prediction per window.
public enum PredictionRequest {
    /// The most rows one request may hold.
    public static let maximumRows = 100_000

    /// The rows in the model's column order.
    /// - Throws: `PredictionInputError` saying which row and column is wrong and what is valid.
    public static func rows(_ body: Data, columns: [String]) throws -> [[Double]] {
        try parse(body, columns: columns).rows
    }

    /// The rows in the model's column order and the number of steps to forecast, if asked.
    /// - Throws: `PredictionInputError` saying which row and column is wrong and what is valid.
    public static func parse(_ body: Data, columns: [String]) throws -> (rows: [[Double]], steps: Int?) {
        // Well-formed bodies in one pass; anything else through JSONDecoder, which says what is wrong.
        if let fast = PredictionRowsParser.parse(body, columns: columns), !fast.rows.isEmpty,
            fast.steps.map({ (1...1_000).contains($0) }) ?? true
        {
            return fast
        }
        return try decode(body, columns: columns)
    }

    /// `parse` for a model's input: with categorical columns, their members are strings (the
    /// category, encoded as in training) and the others numbers.
    public static func parse(_ body: Data, input: ModelArtifact.InputSchema) throws -> (rows: [[Double]], steps: Int?) {
        guard let categorical = input.categorical, !categorical.isEmpty else {
            return try parse(body, columns: input.columns)
        }
        let columns = input.rawColumns
        let decoded = try decodeBody(body, columns: columns)
        var rows: [[Double]] = []
        rows.reserveCapacity(decoded.rows.count)
        for (r, record) in decoded.rows.enumerated() {
            do {
                rows.append(
                    try input.encodeRow(
                        number: { name in try number(record, name, row: r, columns: columns) },
                        label: { name in
                            guard case .text(let label)? = record[name] else {
                                throw PredictionInputError(
                                    description:
                                        "row \(r + 1): '\(name)' must be a string, its category (\(record[name].map(\.what) ?? "missing"))"
                                )
                            }
                            return label
                        }))
            } catch let problem as CategoricalEncoding.Problem {
                throw PredictionInputError(description: "row \(r + 1): \(problem.description)")
            }
        }
        if let steps = decoded.steps, !(1...1_000).contains(steps) {
            throw PredictionInputError(description: "\"steps\" is \(steps); a forecast takes 1 to 1000 steps")
        }
        return (rows, decoded.steps)
    }

    private static func number(_ record: [String: Cell], _ name: String, row r: Int, columns: [String]) throws -> Double
    {
        switch record[name] {
        case .number(let value)?: return value
        case let other?:
            throw PredictionInputError(description: "row \(r + 1): '\(name)' is \(other.what), not a number")
        case nil:
            throw PredictionInputError(
                description: "row \(r + 1) has no '\(name)'; the model reads \(columns.joined(separator: ", "))")
        }
    }

    /// The body as JSON, checked for size; an error says what a body looks like.
    private static func decodeBody(_ body: Data, columns: [String]) throws -> Body {
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: body)
        } catch let error as PredictionInputError {
            throw error
        } catch {
            throw PredictionInputError(
                description:
                    "the body is not a JSON object {\"rows\": [{\(columns.map { "\"\($0)\": …" }.joined(separator: ", "))}, …]}: \(reason(error))"
            )
        }
        guard !decoded.rows.isEmpty else {
            throw PredictionInputError(description: "\"rows\" is empty; send at least one row")
        }
        guard decoded.rows.count <= maximumRows else {
            throw PredictionInputError(
                description: "\(decoded.rows.count) rows are more than one request takes (\(maximumRows)); split them")
        }
        return decoded
    }

    /// `parse` by JSONDecoder: a dictionary per row, and an error naming the row and column.
    static func decode(_ body: Data, columns: [String]) throws -> (rows: [[Double]], steps: Int?) {
        let decoded = try decodeBody(body, columns: columns)
        var rows: [[Double]] = []
        rows.reserveCapacity(decoded.rows.count)
        for (r, record) in decoded.rows.enumerated() {
            rows.append(try columns.map { try number(record, $0, row: r, columns: columns) })
        }
        if let steps = decoded.steps, !(1...1_000).contains(steps) {
            throw PredictionInputError(description: "\"steps\" is \(steps); a forecast takes 1 to 1000 steps")
        }
        return (rows, decoded.steps)
    }

    /// The answer: the model that gave it, then one object per prediction with the input row it
    /// belongs to (0-based; a recurrent model's window's last row; for a forecast, the last row and
    /// the `step` after it), `predicted_NAME` per output
    /// and, for a classifier, `p_CLASS` per class. Numbers are the shortest that read back exactly.
    public static func response(_ prediction: ModelPrediction, model: LoadedModel) -> Data {
        let artifact = model.artifact
        var text =
            "{\"model\":\(quoted(model.name ?? model.id)),\"version\":\(model.version.map(String.init) ?? "null"),"
        text += "\"model_id\":\"\(model.id)\",\"kind\":\"\(artifact.kind.rawValue)\",\"predictions\":["
        let names = artifact.output.names.map { quoted("predicted_" + $0) }
        let classes = (artifact.output.classes ?? []).map { quoted("p_\($0)") }
        for (i, values) in prediction.values.enumerated() {
            if i > 0 { text += "," }
            text +=
                prediction.stepsAhead
                ? "{\"row\":\(prediction.firstRow),\"step\":\(i + 1)" : "{\"row\":\(i + prediction.firstRow)"
            if let labels = prediction.labels {
                text += ",\(names[0]):\(labels[i])"
            } else {
                for (name, value) in zip(names, values) { text += ",\(name):\(number(value))" }
            }
            if let probabilities = prediction.probabilities?[i] {
                for (name, value) in zip(classes, probabilities) { text += ",\(name):\(number(value))" }
            }
            text += "}"
        }
        return Data((text + "]}\n").utf8)
    }

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"  // safe inside an HTML page too
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    private struct Body: Decodable {
        var rows: [[String: Cell]]
        var steps: Int?
    }

    private enum Cell: Decodable {
        case number(Double)
        case text(String)
        case other(String)

        /// What the cell holds, for an error message.
        var what: String {
            switch self {
            case .number: return "a number"
            case .text(let text): return "a string (\(quoted(String(text.prefix(20)))))"
            case .other(let what): return what
            }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .other("null"); return }
            if let value = try? container.decode(Double.self) {
                self = value.isFinite ? .number(value) : .other("not finite")
                return
            }
            if let text = try? container.decode(String.self) { self = .text(text); return }
            if (try? container.decode(Bool.self)) != nil { self = .other("a boolean"); return }
            self = .other("not a finite number (a number out of range, an array or an object)")
        }
    }

    private static func reason(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
