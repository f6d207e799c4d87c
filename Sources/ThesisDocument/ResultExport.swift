import Foundation

/// A result as a script reads it (`THESIS_RESULT_<ID>`): one JSON object with the result's id,
/// its scalars, its tables as plain rows (numbers at full precision, text as strings, a
/// missing cell as null) and its model object, if any, inlined as JSON. Keys are sorted, so the
/// same result always gives the same bytes.
public enum ResultExport {
    public static func json(_ result: DirectiveResult, id: String) throws -> Data {
        var top: [String: Any] = ["id": id]
        var scalars: [String: Any] = [:]
        for (name, scalar) in result.scalars {
            switch scalar {
            case .number(let v): scalars[name] = v.isFinite ? v : NSNull()
            case .text(let s): scalars[name] = s
            }
        }
        top["scalars"] = scalars
        top["tables"] = result.content.compactMap { content -> [String: Any]? in
            guard case .table(let table) = content else { return nil }
            let rows = table.rows.map { row in
                row.map { cell -> Any in
                    switch cell {
                    case .text(let s): return s
                    case .integer(let i): return i
                    case .number(let v, _): return v.isFinite ? v : NSNull()
                    case .missing: return NSNull()
                    }
                }
            }
            return [
                "caption": table.caption ?? NSNull(), "columns": table.columns.map(\.title), "rows": rows,
                "notes": table.notes,
            ]
        }
        if let object = result.object {
            var inlined = (try? JSONSerialization.jsonObject(with: object.payload)) as? [String: Any] ?? [:]
            inlined["kind"] = object.kind
            top["object"] = inlined
        }
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// A table as CSV (RFC 4180 quoting; numbers at full precision), header first.
    public static func csv(_ table: ResultTable) -> Data {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [table.columns.map { field($0.title) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(
                row.map { cell -> String in
                    switch cell {
                    case .text(let s): return field(s)
                    case .integer(let i): return String(i)
                    case .number(let v, _): return v.isFinite ? "\(v)" : ""
                    case .missing: return ""
                    }
                }.joined(separator: ","))
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}
