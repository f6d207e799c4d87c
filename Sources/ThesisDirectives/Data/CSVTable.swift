import ThesisDocument

/// CSV records as a table of the thesis, formatted like the tool's own: the first record is the
/// header, a column whose every non-empty cell is a number aligns right. Used by `table file=`
/// and by the tables a script writes.
enum CSVTable {
    /// Why the records are not a table, naming the file (and line).
    struct Problem: Error {
        var message: String
    }

    /// - Parameters:
    ///   - file: the name used in messages.
    ///   - digits: decimals for numbers; nil keeps them as written.
    static func make(
        _ records: [(line: Int, fields: [String])], file: String, digits: Int?, note: String?,
        caption: String? = nil
    ) throws -> ResultTable {
        guard let header = records.first else {
            throw Problem(message: "\(file) is empty; a table file has a header record and rows")
        }
        let body = Array(records.dropFirst())
        guard !body.isEmpty else {
            throw Problem(message: "\(file) has a header and no rows")
        }
        for record in body where record.fields.count != header.fields.count {
            throw Problem(
                message: "\(file):\(record.line): \(record.fields.count) fields where the header (line \(header.line)) "
                    + "has \(header.fields.count); every row needs one value per column")
        }
        let numeric = header.fields.indices.map { c in
            body.allSatisfy { $0.fields[c].isEmpty || Double($0.fields[c]) != nil }
                && body.contains { !$0.fields[c].isEmpty }
        }
        let columns = header.fields.enumerated().map { c, title in
            TableColumn(title, alignment: numeric[c] ? .right : .left)
        }
        let rows: [[TableCell]] = body.map { record in
            record.fields.enumerated().map { c, text in
                if numeric[c], let digits, let value = Double(text) {
                    return .number(value, format: ".\(digits)f")
                }
                return .text(text)
            }
        }
        return ResultTable(caption: caption, columns: columns, rows: rows, notes: note.map { [$0] } ?? [])
    }
}
