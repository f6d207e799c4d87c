import ThesisDocument

/// A date cell: a month, or a quarter stored as its first month.
enum DateToken: Equatable {
    case month(Month)
    case quarter(Month)

    var month: Month {
        switch self {
        case .month(let m), .quarter(let m): return m
        }
    }

    var isQuarter: Bool { if case .quarter = self { return true }; return false }

    /// As a user would write it: `1960-02` or `1960Q1`.
    var display: String {
        switch self {
        case .month(let m): return m.description
        case .quarter(let m): return quarterLabel(m)
        }
    }
}

/// Date formats accepted in date columns, parsed from UTF-8 bytes.
enum DateParsing {
    /// Listed in diagnostics.
    static let acceptedFormats =
        "YYYY-MM (1960-01), YYYY-MM-DD (1960-01-01, the day is ignored), M/D/YYYY (1/1/1960), "
        + "YYYYQn or YYYY-Qn (1960Q1)"

    /// Parses a trimmed cell `bytes[start..<end]`; nil when it is in none of the accepted formats
    /// or names an impossible month, quarter or day.
    static func parse(_ bytes: [UInt8], _ start: Int, _ end: Int) -> DateToken? {
        var i = start

        /// A run of 1...maxLength digits at `i`: its value and length.
        func digits(maxLength: Int) -> (value: Int, length: Int)? {
            var value = 0, length = 0
            while i < end, bytes[i] &- 48 < 10 {
                guard length < maxLength else { return nil }
                value = value * 10 + Int(bytes[i] &- 48)
                length += 1
                i += 1
            }
            return length > 0 ? (value, length) : nil
        }
        func take(_ c: UInt8) -> Bool {
            if i < end, bytes[i] == c { i += 1; return true }
            return false
        }
        func takeQ() -> Bool { take(UInt8(ascii: "Q")) || take(UInt8(ascii: "q")) }
        func quarter(year: Int) -> DateToken? {
            guard let q = digits(maxLength: 1), (1...4).contains(q.value), i == end else { return nil }
            return .quarter(Month(year: year, month: (q.value - 1) * 3 + 1))
        }

        guard let first = digits(maxLength: 4) else { return nil }
        if first.length == 4 {
            let year = first.value
            if takeQ() { return quarter(year: year) }
            guard take(UInt8(ascii: "-")) else { return nil }
            if takeQ() { return quarter(year: year) }
            guard let month = digits(maxLength: 2), (1...12).contains(month.value) else { return nil }
            if i == end { return .month(Month(year: year, month: month.value)) }
            guard take(UInt8(ascii: "-")), let day = digits(maxLength: 2), i == end,
                  isValidDay(day.value, month: month.value, year: year) else { return nil }
            return .month(Month(year: year, month: month.value))
        }
        // M/D/YYYY (also zero-padded MM/DD/YYYY).
        guard first.length <= 2, (1...12).contains(first.value), take(UInt8(ascii: "/")),
              let day = digits(maxLength: 2), take(UInt8(ascii: "/")),
              let year = digits(maxLength: 4), year.length == 4, i == end,
              isValidDay(day.value, month: first.value, year: year.value) else { return nil }
        return .month(Month(year: year.value, month: first.value))
    }

    static func isValidDay(_ day: Int, month: Int, year: Int) -> Bool {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day >= 1 && month >= 1 && month <= 12 && day <= days[month - 1]
    }
}

/// A parsed date with the cell it came from, for diagnostics.
struct DatedRow {
    var token: DateToken
    var field: CSVField
}

/// Checks that dates form a regular monthly or quarterly grid.
enum DateGrid {
    /// Infers the frequency and checks the dates: one kind of date throughout, strictly increasing,
    /// no gaps. Returns the periods, quarterly ones as the quarter's first month.
    /// `required` forces a frequency (FRED-MD is monthly).
    static func validate(_ rows: [DatedRow], required: Frequency?, table: CSVTable) throws
        -> (Frequency, [Month]) {
        guard let firstRow = rows.first else { return (required ?? .monthly, []) }
        let firstIsQuarter = firstRow.token.isQuarter

        // One kind of date throughout.
        for row in rows where row.token.isQuarter != firstIsQuarter {
            let this = row.token.isQuarter ? "quarterly" : "monthly"
            let other = firstIsQuarter ? "quarterly" : "monthly"
            throw table.error("mixed frequencies: '\(row.token.display)' is a \(this) date, but the dates before "
                              + "it are \(other) (from '\(firstRow.token.display)' on line \(firstRow.field.line)); "
                              + "write every date in the same format", at: row.field)
        }

        let frequency: Frequency
        if firstIsQuarter {
            frequency = .quarterly
        } else if let required {
            frequency = required
        } else {
            frequency = try inferFrequency(rows, table: table)
        }
        if required == .monthly, firstIsQuarter {
            throw table.error("'\(firstRow.token.display)' is a quarterly date, but this format holds monthly data; "
                              + "expected dates such as 1/1/1959", at: firstRow.field)
        }
        let step = frequency == .monthly ? 1 : 3

        for t in rows.indices.dropFirst() {
            let previous = rows[t - 1], current = rows[t]
            let difference = current.token.month.index - previous.token.month.index
            if difference == step { continue }
            if difference <= 0 {
                if let earlier = rows[..<t].first(where: { $0.token.month == current.token.month }) {
                    throw table.error("duplicate date \(current.token.display): line \(earlier.field.line) has the "
                                      + "same date; each period needs exactly one row", at: current.field)
                }
                throw table.error("dates are not in increasing order: \(current.token.display) comes after "
                                  + "\(previous.token.display) (line \(previous.field.line)); sort the rows by date",
                                  at: current.field)
            }
            if frequency == .quarterly, difference % 3 != 0 {
                throw table.error("mixed frequencies: \(current.token.display) is \(monthsText(difference)) after "
                                  + "\(previous.token.display), but the dates are quarterly (3 months apart)",
                                  at: current.field)
            }
            let expected = Month(index: previous.token.month.index + step)
            let expectedText = current.token.isQuarter ? quarterLabel(expected) : expected.description
            let unit = frequency == .monthly ? "month" : "quarter"
            throw table.error("irregular dates: expected \(expectedText) after \(previous.token.display), found "
                              + "\(current.token.display); every \(unit) needs a row (leave its cells empty when "
                              + "values are missing)", at: current.field)
        }

        let periods: [Month] = rows.map { row in
            let m = row.token.month
            return frequency == .quarterly ? Month(year: m.year, month: (m.month - 1) / 3 * 3 + 1) : m
        }
        return (frequency, periods)
    }

    /// Monthly or quarterly from the most common distance between consecutive month dates.
    private static func inferFrequency(_ rows: [DatedRow], table: CSVTable) throws -> Frequency {
        var counts: [Int: Int] = [:]
        for t in rows.indices.dropFirst() {
            let difference = rows[t].token.month.index - rows[t - 1].token.month.index
            if difference > 0 { counts[difference, default: 0] += 1 }
        }
        guard let (step, _) = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { return .monthly }
        switch step {
        case 1: return .monthly
        case 3: return .quarterly
        default:
            let t = rows.indices.dropFirst().first {
                rows[$0].token.month.index - rows[$0 - 1].token.month.index == step
            } ?? 1
            let row = rows[min(t, rows.count - 1)]
            throw table.error("unsupported frequency: most dates are \(monthsText(step)) apart (\(rows[t - 1].token.display) "
                              + "then \(row.token.display)); expected monthly or quarterly dates", at: row.field)
        }
    }

    private static func monthsText(_ n: Int) -> String { n == 1 ? "1 month" : "\(n) months" }
}
