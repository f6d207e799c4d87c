import Foundation
import ThesisData
import ThesisDocument

/// `<<table file=tables/results.csv caption="…" id=results>>`: a CSV file of the project (a
/// co-author's results, a table made elsewhere) as a table of the thesis, formatted like the
/// tool's own: the first record is the header, columns of numbers align right. The file's bytes
/// are part of the cache key, so an edited file re-builds the table.
public enum TableFile: Directive {
    public static let kind = "table"
    public static let abstract = "a CSV file of the project as a table (first record: the header)"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.table]

    public struct Arguments: DirectiveArguments {
        @Option("the CSV file, relative to the project root") var file: ProjectFile
        @Option(.range(0...10), "decimals for the numbers (default: as written in the file)") var digits: Int?
        @Option("a note printed under the table") var note: String?
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let path = arguments.file.path
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSVRecords.read(try context.file(arguments.$file), file: path)
        } catch let diagnostic as Diagnostic {
            throw DirectiveFailure(diagnostic.description, option: arguments.$file)
        }
        guard let header = records.first else {
            throw DirectiveFailure(
                "\(path) is empty; a table file has a header record and rows", option: arguments.$file)
        }
        let body = Array(records.dropFirst())
        guard !body.isEmpty else {
            throw DirectiveFailure("\(path) has a header and no rows", option: arguments.$file)
        }
        for record in body where record.fields.count != header.fields.count {
            throw DirectiveFailure(
                "\(path):\(record.line): \(record.fields.count) fields where the header (line \(header.line)) has "
                    + "\(header.fields.count); every row needs one value per column",
                option: arguments.$file)
        }
        // A column is numeric when every non-empty cell is a number.
        let numeric = header.fields.indices.map { c in
            body.allSatisfy { $0.fields[c].isEmpty || Double($0.fields[c]) != nil }
                && body.contains { !$0.fields[c].isEmpty }
        }
        let columns = header.fields.enumerated().map { c, title in
            TableColumn(title, alignment: numeric[c] ? .right : .left)
        }
        let rows: [[TableCell]] = body.map { record in
            record.fields.enumerated().map { c, text in
                if numeric[c], let digits = arguments.digits, let value = Double(text) {
                    return .number(value, format: ".\(digits)f")
                }
                return .text(text)
            }
        }
        let table = ResultTable(columns: columns, rows: rows, notes: arguments.note.map { [$0] } ?? [])
        let scalars: [String: Scalar] = [
            "rows": .number(Double(body.count)), "columns": .number(Double(header.fields.count)),
        ]
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
