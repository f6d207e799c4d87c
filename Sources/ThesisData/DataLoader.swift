import Foundation
import ThesisDocument

/// Reads data files into `TimeSeriesFrame`s.
public enum DataLoader {
    /// Parses file contents. `file` is the project-relative path used in diagnostics.
    /// Throws `Diagnostic` (ThesisDocument) with file:line:column and what would be valid.
    ///
    /// - `.csv`: the date column is the one named `date`, `sasdate` or `observation_date` (any
    ///   case), else `year` + `quarter` or `year` + `month` columns, else the first column.
    ///   Every other column is a series. The frequency (monthly or quarterly) is inferred.
    /// - `.fredMD`: header, `Transform:` row of codes 1-7, monthly dates.
    ///
    /// Missing values: an empty cell, `NA`, `NaN`, `N/A` or `.` (any case). Rows at the end of the
    /// file whose date is empty (FRED-MD's trailing lines of commas) are ignored.
    public static func load(_ contents: Data, file: String, format: DataFormat, layout: TableLayout = TableLayout()) throws -> TimeSeriesFrame {
        let table = try CSVReader.parse([UInt8](contents), file: file, delimiter: format == .table ? layout.delimiter : UInt8(ascii: ","))
        guard table.recordCount > 0 else {
            throw Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                             "the file is empty; expected a header row naming the columns, then one row per "
                             + (format == .fredMD ? "month (FRED-MD: sasdate,NAME,…, then Transform:,5,…)" : "period"))
        }
        var loader = TableLoader(table: table, categorical: layout.categorical)
        if !layout.categorical.isEmpty, format == .fredMD || format == .yearByMonth {
            throw Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                             "categorical columns need format \"csv\" or \"table\"; a \(format.rawValue) file holds numbers only")
        }
        switch format {
        case .csv: return try loader.loadGeneric()
        case .fredMD: return try loader.loadFredMD()
        case .table: return try loader.loadTable(header: layout.header)
        case .yearByMonth: return try loader.loadYearByMonth(name: layout.seriesName)
        case .images:
            throw Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                             "an image data set is a folder of images, not a table; the image directives read it")
        }
    }
}

/// How a generic table gives its dates.
private enum DateLayout {
    case column(Int)
    case yearQuarter(year: Int, quarter: Int)
    case yearMonth(year: Int, month: Int)

    /// The header columns that hold dates rather than series.
    var dateColumns: [Int] {
        switch self {
        case .column(let c): return [c]
        case .yearQuarter(let y, let q): return [y, q]
        case .yearMonth(let y, let m): return [y, m]
        }
    }

    /// The column whose emptiness marks a row without a date.
    var primaryColumn: Int { dateColumns[0] }
}

/// The interpretation of a tokenized table.
private struct TableLoader {
    let table: CSVTable
    var header: [String] = []
    /// The declared categorical columns, by name.
    let categorical: [String]

    init(table: CSVTable, categorical: [String] = []) {
        self.table = table
        self.categorical = categorical
    }

    /// The header positions of the declared categorical columns; a name the header lacks is an error.
    private func categoricalColumns() throws -> [Int] {
        try categorical.map { name in
            guard let c = header.firstIndex(of: name) else {
                throw table.error("the data set declares categorical = [\"\(name)\"], but the header has no column '\(name)'"
                                  + "\(Suggestions.didYouMean(name, in: header)); the columns are \(header.joined(separator: ", "))",
                                  at: table.location(of: table.fields[0]))
            }
            return c
        }
    }

    private var bytes: [UInt8] { table.bytes }

    private func field(_ record: Int, _ column: Int) -> CSVField? {
        let range = table.fieldRange(ofRecord: record)
        let index = range.lowerBound + column
        return range.contains(index) ? table.fields[index] : nil
    }

    private func trimmed(_ f: CSVField) -> (Int, Int) { table.trimmedRange(f) }

    // MARK: - Formats

    mutating func loadGeneric() throws -> TimeSeriesFrame {
        header = readHeader()
        let layout = dateLayout()
        let labelColumns = try categoricalColumns()
        let seriesColumns = header.indices.filter { !layout.dateColumns.contains($0) && !labelColumns.contains($0) }
        try checkNames(seriesColumns + labelColumns)
        guard !seriesColumns.isEmpty else {
            throw table.error("no series: the header has only the date column; expected more columns, "
                              + "one per series", at: table.location(of: table.fields[0]))
        }
        let rows = try dataRows(from: 1, dateColumn: layout.primaryColumn)
        return try readBody(rows: rows, seriesColumns: seriesColumns, labelColumns: labelColumns, required: nil,
                            transformCodes: Array(repeating: nil, count: seriesColumns.count)) { record in
            try self.genericDate(record, layout: layout)
        }
    }

    /// A cross-sectional table: every column is a variable, rows are observations 1…n (stored as
    /// consecutive placeholder months from `TimeSeriesFrame.firstRow`, frequency `.rows`).
    mutating func loadTable(header hasHeader: Bool) throws -> TimeSeriesFrame {
        let width = table.fieldRange(ofRecord: 0).count
        header = hasHeader ? readHeader() : (1...max(1, width)).map { "x\($0)" }
        let labelColumns = try categoricalColumns()
        let columns = header.indices.filter { !labelColumns.contains($0) }
        try checkNames(columns + labelColumns)
        let first = hasHeader ? 1 : 0
        guard table.recordCount > first else { throw noDataError(expectation: "one row per observation") }
        var end = table.recordCount
        while end > first, let f = field(end - 1, 0), table.isEmpty(f), table.fieldRange(ofRecord: end - 1).count <= 1 { end -= 1 }
        var frame = try readBody(rows: first..<end, seriesColumns: columns, labelColumns: labelColumns, required: .monthly,
                                 transformCodes: Array(repeating: nil, count: columns.count)) { record in
            guard let f = self.field(record, 0) else { return nil }
            return DatedRow(token: .month(Month(index: TimeSeriesFrame.firstRow.index + record - first)), field: f)
        }
        frame.frequency = .rows
        return frame
    }

    /// `Year,Jan,…,Dec[,Annual]`: one monthly series, January of the first year to the last month
    /// with a value; other columns (such as `Annual`) are ignored; empty cells are missing.
    mutating func loadYearByMonth(name: String) throws -> TimeSeriesFrame {
        header = readHeader()
        let lower = header.map { $0.lowercased() }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard lower.first == "year", let columns = Optional(monthNames.compactMap { lower.firstIndex(of: $0) }), columns.count == 12 else {
            throw table.error("a year-by-month table has the header Year,Jan,Feb,…,Dec; found \(header.prefix(4).joined(separator: ","))…",
                              at: table.location(of: table.fields[0]))
        }
        guard table.recordCount > 1 else { throw noDataError(expectation: "one row per year") }
        var values: [Double] = []
        var firstYear: Int?
        var previousYear: Int?
        for record in 1..<table.recordCount {
            guard let yearField = field(record, 0), !table.isEmpty(yearField) else { continue }
            try checkFieldCount(record)
            let (ys, ye) = trimmed(yearField)
            guard let year = NumberParsing.integer(bytes, ys, ye, in: 1000...9999) else {
                throw table.error("'\(table.text(yearField))' is not a year (four digits)", at: yearField)
            }
            if let previousYear, year != previousYear + 1 {
                throw table.error("expected year \(previousYear + 1) after \(previousYear), found \(year); years must be consecutive", at: yearField)
            }
            if firstYear == nil { firstYear = year }
            previousYear = year
            for column in columns {
                guard let f = field(record, column) else { values.append(.nan); continue }
                let (start, end) = trimmed(f)
                switch NumberParsing.cell(bytes, start, end) {
                case .value(let v): values.append(v)
                case .missing: values.append(.nan)
                case .invalid:
                    throw table.error("'\(table.text(f))' is not a number; expected a decimal number or \(NumberParsing.missingMarkers)", at: f)
                }
            }
        }
        guard let firstYear else { throw noDataError(expectation: "one row per year") }
        while let last = values.last, last.isNaN { values.removeLast() }
        guard !values.isEmpty else { throw noDataError(expectation: "at least one monthly value") }
        let start = Month(year: firstYear, month: 1)
        return TimeSeriesFrame(frequency: .monthly, periods: values.indices.map { Month(index: start.index + $0) },
                               names: [name], columns: [values])
    }

    mutating func loadFredMD() throws -> TimeSeriesFrame {
        header = readHeader()
        let seriesColumns = Array(header.indices.dropFirst())
        try checkNames(seriesColumns)
        guard !seriesColumns.isEmpty else {
            throw table.error("no series: a FRED-MD header is sasdate followed by one column per series",
                              at: table.location(of: table.fields[0]))
        }
        guard table.recordCount > 1 else {
            throw noDataError(expectation: "a 'Transform:' row of codes and then one row per month")
        }
        let codes = try transformCodes(record: 1, seriesColumns: seriesColumns)
        let rows = try dataRows(from: 2, dateColumn: 0)
        return try readBody(rows: rows, seriesColumns: seriesColumns, required: .monthly,
                            transformCodes: codes) { record in
            guard let f = self.field(record, 0) else { return nil }
            let (start, end) = self.trimmed(f)
            guard let token = DateParsing.parse(self.bytes, start, end) else {
                throw self.table.error("'\(self.table.text(f))' is not a date; FRED-MD dates are M/D/YYYY "
                                       + "(1/1/1959 or 01/01/1959); also accepted: \(DateParsing.acceptedFormats)",
                                       at: f)
            }
            return DatedRow(token: token, field: f)
        }
    }

    // MARK: - Header

    private func readHeader() -> [String] {
        table.fieldRange(ofRecord: 0).map { table.text(table.fields[$0]) }
    }

    private func dateLayout() -> DateLayout {
        let lower = header.map { $0.lowercased() }
        if let c = lower.firstIndex(where: { ["date", "sasdate", "observation_date"].contains($0) }) {
            return .column(c)
        }
        if let y = lower.firstIndex(of: "year") {
            if let q = lower.firstIndex(of: "quarter") { return .yearQuarter(year: y, quarter: q) }
            if let m = lower.firstIndex(of: "month") { return .yearMonth(year: y, month: m) }
        }
        return .column(0)
    }

    /// Series names must be present and unique.
    private func checkNames(_ columns: [Int]) throws {
        var seen: [String: Int] = [:]
        let headerFields = table.fieldRange(ofRecord: 0)
        for c in columns {
            let f = table.fields[headerFields.lowerBound + c]
            let name = header[c]
            if name.isEmpty {
                throw table.error("column \(c + 1) of the header has no name; every series needs a name", at: f)
            }
            if let earlier = seen[name] {
                throw table.error("duplicate series name '\(name)': column \(earlier + 1) has the same name; "
                                  + "series names must be unique", at: f)
            }
            seen[name] = c
        }
    }

    private func noDataError(expectation: String) -> Diagnostic {
        let lastLine = table.lineStarts.count
        return table.error("no data rows: the file has a header but no data; expected \(expectation)",
                           at: SourceLocation(file: table.file, line: lastLine, column: 1))
    }

    // MARK: - FRED-MD transformation codes

    private func transformCodes(record: Int, seriesColumns: [Int]) throws -> [Int?] {
        guard let first = field(record, 0) else { return [] }
        let label = table.text(first).lowercased()
        guard label == "transform:" || label == "transform" else {
            throw table.error("expected the transformation-code row 'Transform:,5,5,…' on line \(first.line) of a "
                              + "FRED-MD file, found '\(table.text(first))'; for a table without codes use format csv",
                              at: first)
        }
        try checkFieldCount(record)
        return try seriesColumns.map { c in
            guard let f = field(record, c) else { return nil }
            let (start, end) = trimmed(f)
            if end - start == 1, bytes[start] >= UInt8(ascii: "1"), bytes[start] <= UInt8(ascii: "7") {
                return Int(bytes[start] - UInt8(ascii: "0"))
            }
            let text = table.text(f)
            let what = text.isEmpty ? "missing transformation code" : "invalid transformation code '\(text)'"
            throw table.error("\(what) for \(header[c]); valid codes are 1 (level), 2 (Δx), 3 (Δ²x), 4 (log x), "
                              + "5 (Δ log x), 6 (Δ² log x), 7 (Δ(x/x₋₁ − 1))", at: f)
        }
    }

    // MARK: - Body

    /// Data records from `start` on, without the trailing ones whose date cell is empty.
    private func dataRows(from start: Int, dateColumn: Int) throws -> Range<Int> {
        var end = table.recordCount
        while end > start {
            if let f = field(end - 1, dateColumn), !table.isEmpty(f) { break }
            end -= 1
        }
        guard end > start else {
            throw noDataError(expectation: "one row per period after the header")
        }
        return start..<end
    }

    /// A row's field count must match the header's.
    private func checkFieldCount(_ record: Int) throws {
        let range = table.fieldRange(ofRecord: record)
        guard range.count != header.count else { return }
        let location: SourceLocation
        if range.count > header.count {
            location = table.location(of: table.fields[range.lowerBound + header.count])
        } else {
            location = table.endLocation(ofRecord: record)
        }
        throw table.error("row has \(range.count) field\(range.count == 1 ? "" : "s"), the header has "
                          + "\(header.count); every row needs one cell per column (leave missing values empty)",
                          at: location)
    }

    /// Reads dates and values row by row; reports the diagnostic closest to the top of the file.
    private func readBody(rows: Range<Int>, seriesColumns: [Int], labelColumns: [Int] = [], required: Frequency?,
                          transformCodes: [Int?], date: (Int) throws -> DatedRow?) throws -> TimeSeriesFrame {
        var labels = labelColumns.map { _ in [String?]() }
        var dated: [DatedRow] = []
        dated.reserveCapacity(rows.count)
        var columns = seriesColumns.map { _ -> [Double] in
            var column: [Double] = []
            column.reserveCapacity(rows.count)
            return column
        }
        var rowError: Diagnostic?
        rowLoop: for record in rows {
            do {
                try checkFieldCount(record)
                guard let row = try date(record) else { break rowLoop }
                let base = table.fieldRange(ofRecord: record).lowerBound
                for (j, c) in seriesColumns.enumerated() {
                    let f = table.fields[base + c]
                    let (start, end) = table.trimmedRange(f)
                    switch NumberParsing.cell(bytes, start, end) {
                    case .value(let v): columns[j].append(v)
                    case .missing: columns[j].append(.nan)
                    case .invalid:
                        throw table.error("'\(table.text(f))' is not a number (series \(header[c])); expected a "
                                          + "number such as 1.5 or -2e-3, or for a missing value "
                                          + NumberParsing.missingMarkers, at: f)
                    }
                }
                for (j, c) in labelColumns.enumerated() {
                    let f = table.fields[base + c]
                    let (start, end) = table.trimmedRange(f)
                    // The missing markers of numbers mark a missing category too.
                    if case .missing = NumberParsing.cell(bytes, start, end) { labels[j].append(nil) } else {
                        labels[j].append(String(decoding: bytes[start..<end], as: UTF8.self))
                    }
                }
                dated.append(row)
            } catch let diagnostic as Diagnostic {
                rowError = diagnostic
                break rowLoop
            }
        }
        // A problem with the dates above the failing row comes first.
        let (frequency, periods) = try DateGrid.validate(dated, required: required, table: table)
        if let rowError { throw rowError }
        for j in columns.indices where columns[j].count > periods.count {
            columns[j].removeLast(columns[j].count - periods.count)
        }
        var frame = TimeSeriesFrame(frequency: frequency, periods: periods,
                                    names: seriesColumns.map { header[$0] }, columns: columns,
                                    transformCodes: transformCodes)
        frame.categorical = zip(labelColumns, labels).map { c, values in
            CategoricalColumn(name: header[c], labels: Array(values.prefix(periods.count)))
        }
        return frame
    }

    // MARK: - Generic dates

    private func genericDate(_ record: Int, layout: DateLayout) throws -> DatedRow? {
        switch layout {
        case .column(let c):
            guard let f = field(record, c) else { return nil }
            let (start, end) = trimmed(f)
            if let token = DateParsing.parse(bytes, start, end) { return DatedRow(token: token, field: f) }
            throw table.error(dateMessage(for: f, column: c), at: f)
        case .yearQuarter(let y, let q):
            guard let yf = field(record, y), let qf = field(record, q) else { return nil }
            let year = try self.year(yf)
            var (start, end) = trimmed(qf)
            if end > start, bytes[start] == UInt8(ascii: "Q") || bytes[start] == UInt8(ascii: "q") { start += 1 }
            guard let quarter = NumberParsing.integer(bytes, start, end, in: 1...4) else {
                throw table.error("'\(table.text(qf))' is not a quarter; expected 1, 2, 3 or 4", at: qf)
            }
            return DatedRow(token: .quarter(Month(year: year, month: (quarter - 1) * 3 + 1)), field: yf)
        case .yearMonth(let y, let m):
            guard let yf = field(record, y), let mf = field(record, m) else { return nil }
            let year = try self.year(yf)
            let (start, end) = trimmed(mf)
            guard let month = NumberParsing.integer(bytes, start, end, in: 1...12) else {
                throw table.error("'\(table.text(mf))' is not a month; expected a number from 1 to 12", at: mf)
            }
            return DatedRow(token: .month(Month(year: year, month: month)), field: yf)
        }
    }

    private func year(_ f: CSVField) throws -> Int {
        let (start, end) = trimmed(f)
        guard let year = NumberParsing.integer(bytes, start, end, in: 1...9999) else {
            throw table.error("'\(table.text(f))' is not a year; expected a four-digit year such as 1959", at: f)
        }
        return year
    }

    /// What is wrong with an unparseable date cell, with a hint for the layouts people often try.
    private func dateMessage(for f: CSVField, column: Int) -> String {
        let text = table.text(f)
        let accepted = "accepted formats: \(DateParsing.acceptedFormats); or 'year' and 'quarter' (or 'month') columns"
        if text.isEmpty {
            return "missing date in column '\(header[column])'; every row needs a date (only rows at the end of "
                + "the file may have none); \(accepted)"
        }
        if text.lowercased().hasPrefix("transform") {
            return "'\(text)' is not a date; this looks like a FRED-MD file, so use format fred-md"
        }
        let lower = header.map { $0.lowercased() }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        if lower.first == "year", monthNames.allSatisfy({ lower.contains($0) }) {
            return "'\(text)' is not a date: this looks like a wide table with one row per year and one column "
                + "per month (Jan … Dec); declare it with format = \"year-by-month\""
        }
        if lower.first == "year" {
            return "'\(text)' is not a date: a 'year' column needs a 'quarter' or 'month' column beside it; "
                + accepted
        }
        return "'\(text)' is not a date in column '\(header[column])'; \(accepted)"
    }
}
