import Foundation
import ThesisDocument

/// One cell of a CSV file, as byte offsets into `CSVTable.bytes`.
struct CSVField {
    /// Offset of the cell's first byte (the opening quote for a quoted cell); used for its column.
    var cellStart: Int
    /// The cell's content, without the surrounding quotes.
    var contentStart: Int
    var contentEnd: Int
    /// 1-based physical line on which the cell starts.
    var line: Int
    var quoted: Bool
    /// The content holds `""` pairs that stand for one quote.
    var hasEscapedQuotes: Bool
}

/// A tokenized CSV file (RFC 4180): records of fields, kept as byte ranges so that the
/// hot loops never build a `String` per cell.
struct CSVTable {
    let file: String
    let bytes: [UInt8]
    /// All fields of all records, record after record.
    var fields: [CSVField] = []
    /// `recordStarts[r]..<recordStarts[r + 1]` are the fields of record `r` (one extra sentinel).
    var recordStarts: [Int] = [0]
    /// Byte offset at which each physical line starts (`lineStarts[0]` is line 1).
    var lineStarts: [Int] = []

    var recordCount: Int { recordStarts.count - 1 }

    func fieldRange(ofRecord r: Int) -> Range<Int> { recordStarts[r]..<recordStarts[r + 1] }

    /// The content of a cell with escaped quotes undone; unquoted cells are trimmed of spaces and tabs.
    func text(_ field: CSVField) -> String {
        let (start, end) = trimmedRange(field)
        var content = Array(bytes[start..<end])
        if field.hasEscapedQuotes {
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(content.count)
            var i = 0
            while i < content.count {
                unescaped.append(content[i])
                i += (content[i] == UInt8(ascii: "\"") && i + 1 < content.count && content[i + 1] == UInt8(ascii: "\"")) ? 2 : 1
            }
            content = unescaped
        }
        return String(decoding: content, as: UTF8.self)
    }

    /// The content range without surrounding spaces and tabs.
    func trimmedRange(_ field: CSVField) -> (Int, Int) {
        var start = field.contentStart, end = field.contentEnd
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return (start, end)
    }

    /// True when the trimmed cell is empty.
    func isEmpty(_ field: CSVField) -> Bool {
        let (start, end) = trimmedRange(field)
        return start == end
    }

    /// Where a cell starts: 1-based line and column (columns count Unicode scalars).
    func location(of field: CSVField) -> SourceLocation {
        location(line: field.line, offset: field.cellStart)
    }

    /// The location of byte `offset` on physical line `line`.
    func location(line: Int, offset: Int) -> SourceLocation {
        let lineStart = (line >= 1 && line <= lineStarts.count) ? lineStarts[line - 1] : 0
        var column = 1
        var i = lineStart
        let stop = min(offset, bytes.count)
        while i < stop {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }   // count UTF-8 lead bytes only
            i += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Just past the last byte of a record's last field (for "row is too short" diagnostics).
    func endLocation(ofRecord r: Int) -> SourceLocation {
        let range = fieldRange(ofRecord: r)
        guard let lastIndex = range.last else { return SourceLocation(file: file, line: 1, column: 1) }
        let last = fields[lastIndex]
        let end = last.quoted ? min(last.contentEnd + 1, bytes.count) : last.contentEnd
        // A quoted field may span lines: count from the line its closing quote is on.
        var line = last.line
        while line < lineStarts.count, lineStarts[line] <= end { line += 1 }
        return location(line: line, offset: end)
    }

    /// The text of a physical line, without its line ending; nil for very long lines, where a
    /// caret under the column would not help.
    func sourceLine(_ line: Int, maxLength: Int = 240) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        guard end - start <= maxLength else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// An error diagnostic at a cell, with the source line when it is short.
    func error(_ message: String, at field: CSVField) -> Diagnostic {
        Diagnostic(.error, at: location(of: field), message, sourceLine: sourceLine(field.line))
    }

    func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, message, sourceLine: sourceLine(location.line))
    }
}

/// Splits CSV bytes into records and fields.
///
/// RFC 4180 with the usual leniency: CRLF, LF or lone CR line endings; a UTF-8 byte-order
/// mark; no final line ending; blank lines (no bytes at all) are skipped; spaces around a
/// quoted cell. A quote inside an unquoted cell is kept as text. Throws a `Diagnostic` for an unterminated quoted cell or
/// text after a closing quote.
enum CSVReader {
    static func parse(_ bytes: [UInt8], file: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> CSVTable {
        // Names and labels are text: a file in another encoding would have them silently altered.
        if let place = UTF8Validation.firstInvalid(in: bytes) {
            throw Diagnostic.error("\(file) is not valid UTF-8: byte 0x\(String(place.byte, radix: 16, uppercase: true)) here is not UTF-8 "
                                   + "(Latin-1 or Windows-1252?); save the file as UTF-8",
                                   at: SourceLocation(file: file, line: place.line, column: place.column))
        }
        var table = CSVTable(file: file, bytes: bytes)
        let quote = UInt8(ascii: "\""), comma = delimiter, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        table.lineStarts.reserveCapacity(1024)
        table.lineStarts.append(0)
        table.fields.reserveCapacity(n / 6 + 1)

        /// Consumes a line ending at `i` (if any) and starts a new line.
        func endLine(_ i: inout Int) {
            if bytes[i] == cr, i + 1 < n, bytes[i + 1] == lf { i += 2 } else { i += 1 }
            line += 1
            table.lineStarts.append(i)
        }

        while i < n {
            // Skip blank lines: a record needs at least one byte.
            if bytes[i] == cr || bytes[i] == lf {
                endLine(&i)
                continue
            }
            // Read the fields of one record.
            while true {
                // Spaces before an opening quote are allowed: `1, "a"`.
                var j = i
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < n, bytes[j] == quote { i = j }
                let cellStart = i
                if i < n, bytes[i] == quote {
                    let fieldLine = line
                    i += 1
                    let contentStart = i
                    var escaped = false
                    var closed = false
                    while i < n {
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < n, bytes[i + 1] == quote {
                                escaped = true
                                i += 2
                            } else {
                                closed = true
                                break
                            }
                        } else if b == cr || b == lf {
                            endLine(&i)
                        } else {
                            i += 1
                        }
                    }
                    guard closed else {
                        let location = table.location(line: fieldLine, offset: cellStart)
                        throw table.error("unterminated quoted field: the quote opened here is never closed; "
                                          + "write a quote inside a quoted field as \"\"", at: location)
                    }
                    let contentEnd = i
                    i += 1  // closing quote
                    table.fields.append(CSVField(cellStart: cellStart, contentStart: contentStart,
                                                 contentEnd: contentEnd, line: fieldLine,
                                                 quoted: true, hasEscapedQuotes: escaped))
                    // Allow spaces after the closing quote, then a separator or line end.
                    while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
                    if i < n, bytes[i] != comma, bytes[i] != cr, bytes[i] != lf {
                        let location = table.location(line: line, offset: i)
                        throw table.error("unexpected text after a closing quote; a field is either quoted as a "
                                          + "whole (\"a, b\") or not at all, and a quote inside it is written \"\"",
                                          at: location)
                    }
                } else {
                    while i < n {
                        let b = bytes[i]
                        if b == comma || b == cr || b == lf { break }
                        i += 1
                    }
                    table.fields.append(CSVField(cellStart: cellStart, contentStart: cellStart, contentEnd: i,
                                                 line: line, quoted: false, hasEscapedQuotes: false))
                }
                if i < n, bytes[i] == comma {
                    i += 1
                    continue
                }
                break
            }
            table.recordStarts.append(table.fields.count)
            if i < n { endLine(&i) }
        }
        return table
    }
}

/// The records of a CSV file as text, for tables shown as they are written.
public enum CSVRecords {
    /// Each record's fields (trimmed, quotes removed) with the line the record starts on.
    /// - Throws: a located `Diagnostic` (invalid UTF-8, an unclosed quote).
    public static func read(_ data: Data, file: String) throws -> [(line: Int, fields: [String])] {
        let table = try CSVReader.parse([UInt8](data), file: file)
        return (0..<table.recordCount).compactMap { r in
            let range = table.fieldRange(ofRecord: r)
            guard let first = range.first else { return nil }
            let fields = range.map { table.text(table.fields[$0]) }
            if fields.allSatisfy(\.isEmpty) { return nil }
            return (table.fields[first].line, fields)
        }
    }
}
