import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra

/// A regression written as `y ~ x1 + x2 + lag(x1, 1)`: the dependent series, the regressors, and
/// whether there is a constant (there is unless the formula says `- 1` or `+ 0`). Terms are series
/// names, `lag(NAME, K)` (the value K periods earlier), `diff(NAME)` (the change on the previous
/// period) and `log(NAME)`.
struct RegressionFormula: Equatable {
    enum Term: Equatable {
        case series(String)
        case lag(String, Int)
        case diff(String)
        case log(String)

        /// The name in tables and scalars (no spaces, so an inline value can name it).
        var name: String {
            switch self {
            case .series(let s): return s
            case .lag(let s, let k): return "lag(\(s),\(k))"
            case .diff(let s): return "diff(\(s))"
            case .log(let s): return "log(\(s))"
            }
        }

        var series: String {
            switch self {
            case .series(let s), .lag(let s, _), .diff(let s), .log(let s): return s
            }
        }
    }

    var target: Term
    var terms: [Term]
    var hasConstant: Bool

    static let usage =
        "write a regression as 'y ~ x1 + x2', with lag(x, 1), diff(x) or log(x) as terms and - 1 for no constant"

    /// Parses one formula.
    static func parse(_ text: String) throws -> RegressionFormula {
        let sides = text.split(separator: "~", omittingEmptySubsequences: false)
        guard sides.count == 2 else { throw DirectiveFailure("'\(text)' is not a regression; \(usage)") }
        let target = try term(String(sides[0]))
        var constant = true
        var terms: [Term] = []
        for (sign, piece) in splitTerms(String(sides[1])) {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            // '- 1' (or '+ 0') drops the constant; no other term may be subtracted.
            if sign == "-" {
                guard trimmed == "1" else {
                    throw DirectiveFailure("'\(text)': only '- 1' (no constant) may be subtracted; \(usage)")
                }
                constant = false
                continue
            }
            if trimmed == "0" { constant = false; continue }
            if trimmed == "1" { continue }
            guard !trimmed.isEmpty else { throw DirectiveFailure("'\(text)' has an empty term; \(usage)") }
            let parsed = try term(trimmed)
            guard !terms.contains(parsed) else { throw DirectiveFailure("'\(text)' names \(parsed.name) twice") }
            terms.append(parsed)
        }
        guard !terms.isEmpty || constant else { throw DirectiveFailure("'\(text)' has no regressor; \(usage)") }
        return RegressionFormula(target: target, terms: terms, hasConstant: constant)
    }

    /// Splits at '+' and '-' outside parentheses, each piece with the sign before it.
    private static func splitTerms(_ text: String) -> [(sign: Character, text: String)] {
        var pieces: [(sign: Character, text: String)] = [], current = "", sign: Character = "+", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "+" || c == "-", depth == 0 {
                pieces.append((sign, current))
                current = ""
                sign = c
            } else {
                current.append(c)
            }
        }
        pieces.append((sign, current))
        // A leading sign ('- 1 + x') leaves an empty first piece.
        if pieces.count > 1, pieces[0].text.trimmingCharacters(in: .whitespaces).isEmpty { pieces.removeFirst() }
        return pieces
    }

    private static func term(_ raw: String) throws -> Term {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw DirectiveFailure("a regression needs a dependent series before '~'; \(usage)")
        }
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            guard !text.contains("(") && !text.contains(")") else {
                throw DirectiveFailure("'\(text)' is not a term; \(usage)")
            }
            return .series(text)
        }
        let function = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let arguments = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        switch (function, arguments.count) {
        case ("lag", 1): return .lag(arguments[0], 1)
        case ("lag", 2):
            guard let k = Int(arguments[1]), (1...240).contains(k) else {
                throw DirectiveFailure("lag(\(arguments[0]), \(arguments[1])): the lag must be a whole number in 1…240")
            }
            return .lag(arguments[0], k)
        case ("diff", 1): return .diff(arguments[0])
        case ("log", 1): return .log(arguments[0])
        default:
            throw DirectiveFailure("'\(text)' is not a term: the functions are lag(x, k), diff(x) and log(x)")
        }
    }

    /// The values of `term` on the frame's rows (NaN where they do not exist).
    static func values(_ term: Term, in frame: TimeSeriesFrame) throws -> [Double] {
        guard let index = frame.index(of: term.series) else {
            throw DirectiveFailure(
                "unknown series '\(term.series)'\(Suggestions.didYouMean(term.series, in: frame.names))")
        }
        let x = frame.columns[index]
        switch term {
        case .series: return x
        case .lag, .diff:
            guard frame.frequency != .rows else {
                throw DirectiveFailure("\(term.name) needs dated data; '\(term.series)' is in a table of rows")
            }
            if case .lag(_, let k) = term { return x.indices.map { $0 >= k ? x[$0 - k] : .nan } }
            return x.indices.map { $0 >= 1 ? x[$0] - x[$0 - 1] : .nan }
        case .log:
            if let bad = x.firstIndex(where: { $0.isFinite && $0 <= 0 }) {
                throw DirectiveFailure(
                    "log(\(term.series)) of \(x[bad]) in \(frame.periods[bad]): the logarithm needs positive values")
            }
            return x.map { Foundation.log($0) }
        }
    }

    /// y and X (constant first) on the rows where every value exists, with the regressor names
    /// and those rows.
    func design(_ frame: TimeSeriesFrame) throws -> (y: [Double], x: Matrix, names: [String], rows: [Int]) {
        let y = try Self.values(target, in: frame)
        let columns = try terms.map { try Self.values($0, in: frame) }
        let rows = y.indices.filter { r in y[r].isFinite && columns.allSatisfy { $0[r].isFinite } }
        var matrixColumns = columns.map { c in rows.map { c[$0] } }
        var names = terms.map(\.name)
        if hasConstant {
            matrixColumns.insert(Array(repeating: 1, count: rows.count), at: 0)
            names.insert("const", at: 0)
        }
        let x = try Matrix(columns: matrixColumns, context: "the regression's design")
        return (rows.map { y[$0] }, x, names, rows)
    }
}
