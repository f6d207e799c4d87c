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
        let table: ResultTable
        do {
            table = try CSVTable.make(records, file: path, digits: arguments.digits, note: arguments.note)
        } catch let problem as CSVTable.Problem {
            throw DirectiveFailure(problem.message, option: arguments.$file)
        }
        let scalars: [String: Scalar] = [
            "rows": .number(Double(table.rows.count)), "columns": .number(Double(table.columns.count)),
        ]
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
