import Foundation
import XCTest
import ThesisDocument
import ThesisData
@testable import ThesisModels

/// The synthetic FRED-MD file: deterministic bytes, FRED-MD format, loadable by `DataLoader`.
final class SimulationDeterminismTests: XCTestCase {
    /// The default panel (seed 2005, 1959-01 … 2019-12), generated once for the test class.
    static let panel = SyntheticFREDMD.generate()

    /// FNV-1a 64 of the default file's bytes. If the generator changes on purpose, update it; if it
    /// fails on a machine where nothing changed, that machine's libm produced different last bits
    /// that crossed an 8-digit rounding boundary (see `SyntheticFREDMD`, "Byte-identical files").
    static let defaultFileHash: UInt64 = 0x318d_5ed2_d6ea_4f4e

    func testSameSeedGivesTheSameBytes() {
        let again = SyntheticFREDMD.generate()
        XCTAssertEqual(Array(again.csv.utf8), Array(Self.panel.csv.utf8))
        XCTAssertEqual(again.truth.transformed.map { $0.map(\.bitPattern) },
                       Self.panel.truth.transformed.map { $0.map(\.bitPattern) })
        let hash = SyntheticFREDMD.fnv1a(Self.panel.csv)
        print("synthetic FRED-MD (seed 2005): \(Self.panel.csv.utf8.count) bytes, FNV-1a 0x\(String(hash, radix: 16))")
        XCTAssertEqual(hash, Self.defaultFileHash, "the default synthetic file changed (see defaultFileHash)")
    }

    func testAnotherSeedGivesAnotherPanel() {
        let other = SyntheticFREDMD.generate(seed: 2006)
        XCTAssertNotEqual(other.csv, Self.panel.csv)
        XCTAssertEqual(other.names, Self.panel.names)
        XCTAssertEqual(other.codes, Self.panel.codes)
        // The DGP is the same; only the draws differ.
        XCTAssertEqual(other.truth.responses, Self.panel.truth.responses)
        XCTAssertEqual(other.truth.loadings, Self.panel.truth.loadings)
        XCTAssertNotEqual(other.truth.factors, Self.panel.truth.factors)
        // No level is pinned by the anchoring of the integrated series (codes 2, 6, 7).
        for (i, code) in Self.panel.codes.enumerated() where [2, 6, 7].contains(code) {
            let a = Self.panel.values[i].filter { !$0.isNaN }, b = other.values[i].filter { !$0.isNaN }
            if code == 2 { XCTAssertNotEqual(a.first, b.first, Self.panel.names[i]) }   // 6, 7: first = `level`
            XCTAssertNotEqual(a.last, b.last, Self.panel.names[i])
        }
    }

    func testFileFormat() throws {
        let csv = Self.panel.csv
        let bytes = Array(csv.utf8)
        // CRLF everywhere: every LF follows a CR, and the file ends with one.
        for (i, b) in bytes.enumerated() where b == 0x0A {
            XCTAssertTrue(i > 0 && bytes[i - 1] == 0x0D, "bare LF at byte \(i)")
        }
        XCTAssertTrue(csv.hasSuffix("\r\n"))
        let lines = csv.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(lines.count, 2 + 732)
        let header = lines[lines.startIndex].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(header.first, "sasdate")
        XCTAssertEqual(Array(header.dropFirst()), Self.panel.names)
        let codes = lines[lines.startIndex + 1].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(codes.first, "Transform:")
        XCTAssertEqual(codes.dropFirst().map { Int($0) }, Self.panel.codes)
        let rows = Array(lines.dropFirst(2))
        XCTAssertTrue(rows[0].hasPrefix("1/1/1959,"))
        XCTAssertTrue(rows[11].hasPrefix("12/1/1959,"))
        XCTAssertTrue(rows[731].hasPrefix("12/1/2019,"))
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, header.count)
            for field in fields.dropFirst() {
                // Plain decimals: digits, one point, a leading minus; never an exponent.
                XCTAssertFalse(field.contains("e") || field.contains("E") || field.contains(" "), "field '\(field)'")
            }
        }

        // The names chapters use, FRED-MD's eight groups, and the codes in use.
        for name in ["INDPRO", "IPFINAL", "CUMFNS", "UNRATE", "PAYEMS", "CE16OV", "RPI", "DPCERA3M086SBEA",
                     "RETAILx", "HOUST", "PERMIT", "CPIAUCSL", "CPIULFSL", "PCEPI", "WPSFD49207", "OILPRICEx",
                     "M1SL", "M2SL", "BUSLOANS", "NONREVSL", "S&P 500", "S&P: indust", "GS1", "GS10", "TB3MS",
                     "BAA", "EXJPUSx", "EXUSUKx", "FEDFUNDS"] {
            XCTAssertTrue(Self.panel.names.contains(name), name)
        }
        XCTAssertEqual(Set(Self.panel.groups), Set(1...8))
        XCTAssertEqual(Set(Self.panel.codes), [1, 2, 4, 5, 6, 7])
        XCTAssertEqual(Self.panel.codes[Self.panel.names.firstIndex(of: "FEDFUNDS")!], 2)
        XCTAssertEqual(Set(Self.panel.names).count, Self.panel.names.count, "duplicate names")
        XCTAssertTrue((115...130).contains(Self.panel.names.count - 1), "\(Self.panel.names.count - 1) observed series")
    }

    func testLoadsWithDataLoader() throws {
        let frame = try DataLoader.load(Data(Self.panel.csv.utf8), file: "data/synthetic-fred-md.csv", format: .fredMD)
        XCTAssertEqual(frame.names, Self.panel.names)
        XCTAssertEqual(frame.transformCodes, Self.panel.codes.map { Optional($0) })
        XCTAssertEqual(frame.frequency, .monthly)
        XCTAssertEqual(frame.periods.count, 732)
        XCTAssertEqual(frame.periods.first, Month(year: 1959, month: 1))
        XCTAssertEqual(frame.periods.last, Month(year: 2019, month: 12))
        // The parser reads back exactly the rounded values the panel reports.
        for (i, name) in frame.names.enumerated() {
            let expected = Self.panel.values[i]
            for (row, value) in frame.columns[i].enumerated() {
                if expected[row].isNaN {
                    XCTAssertTrue(value.isNaN, "\(name) row \(row)")
                } else {
                    XCTAssertEqual(value.bitPattern, expected[row].bitPattern, "\(name) row \(row): \(value) vs \(expected[row])")
                }
            }
        }
        // Missing values exactly where documented.
        let late = try XCTUnwrap(Self.panel.lateStarts["ANDENOx"])
        XCTAssertEqual(late, 108)
        let andeno = try XCTUnwrap(frame.column(named: "ANDENOx"))
        XCTAssertTrue(andeno[..<late].allSatisfy(\.isNaN))
        XCTAssertFalse(andeno[late].isNaN)
        XCTAssertEqual(Self.panel.raggedEdge.count, 5)
        for (name, months) in Self.panel.raggedEdge {
            let column = try XCTUnwrap(frame.column(named: name))
            XCTAssertTrue(column.suffix(months).allSatisfy(\.isNaN), name)
            XCTAssertFalse(column[column.count - months - 1].isNaN, name)
        }
        let missing = frame.columns.reduce(0) { $0 + $1.filter(\.isNaN).count }
        XCTAssertEqual(missing, late + Self.panel.raggedEdge.values.reduce(0, +))
    }

    func testOtherRangesAndPrefixStability() {
        let short = SyntheticFREDMD.generate(seed: 7, start: (1990, 1), end: (1999, 12))
        XCTAssertEqual(short.periods.count, 120)
        XCTAssertEqual(short.periods.first, SyntheticPanel.Period(year: 1990, month: 1))
        XCTAssertTrue(short.csv.contains("\r\n1/1/1990,"))
        XCTAssertEqual(short.lateStarts["ANDENOx"], 24)      // at most T/5
        // The transformed values of a month do not depend on the end of the sample.
        let longer = SyntheticFREDMD.generate(end: (2021, 6))
        for (a, b) in zip(Self.panel.truth.transformed, longer.truth.transformed) {
            XCTAssertEqual(a.map(\.bitPattern), Array(b.prefix(a.count)).map(\.bitPattern))
        }
        XCTAssertEqual(Self.panel.truth.policyRate, Array(longer.truth.policyRate.prefix(732)))
    }

    func testDecimalText() {
        let cases: [(Double, String)] = [
            (2442.158, "2442.158"), (292266.4261, "292266.43"), (0.000123456789, "0.00012345679"),
            (-3.5, "-3.5"), (5, "5"), (99999999.5, "100000000"), (9.999999999, "10"), (123456789012, "123456790000"),
            (1e-14, "0.00000000000001"), (0.1, "0.1"), (1.0 / 3.0, "0.33333333"), (-0.000999999996, "-0.001"),
            (0, "0"), (12.345678949, "12.345679"), (1e14, "100000000000000"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(DecimalText.significant(value), text, "\(value)")
            XCTAssertEqual(DecimalText.rounded(value), Double(text), "\(value)")
        }
        // Round trip of random values: the text parses to `rounded`, which keeps 8 digits.
        var rng = Xoshiro256StarStar(seed: 1)
        for _ in 0..<2000 {
            let x = (rng.nextUniform() - 0.5) * [1e-6, 1e-2, 1, 1e3, 1e7][rng.nextInt(below: 5)]
            guard x != 0 else { continue }
            let text = DecimalText.significant(x)
            XCTAssertEqual(Double(text), DecimalText.rounded(x), text)
            XCTAssertLessThanOrEqual(abs(DecimalText.rounded(x) - x), 5.0000001e-8 * abs(x), text)
        }
    }
}
