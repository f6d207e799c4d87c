import Foundation
import XCTest
import ThesisDocument
@testable import ThesisData

/// The McCracken-Ng procedure on the real FRED-MD vintages (../shared/data, skipped when absent),
/// checked against the numpy reference in Tests/Fixtures/generate_prepare.py
/// (fixtures in Tests/Fixtures/prepare/, see PROVENANCE.md).
///
/// Tolerance: 1e-10 relative, where "relative" is to the largest magnitude of the quantity being
/// compared within its series (or vector), so values that are themselves near 0 (a second
/// difference that is almost 0) are not held to a tighter absolute bound than their neighbours.
/// Integers (counts, iteration numbers, factor paths, flagged positions) must match exactly.
final class PreparationRealDataTests: XCTestCase {
    static let tolerance = 1e-10
    /// The largest relative difference seen per kind of quantity, printed at the end of a test.
    var worstByKind: [String: Double] = [:]

    func record(_ what: String, _ difference: Double) {
        let kind = String(what.split(separator: " ").first ?? "")
        worstByKind[kind] = max(worstByKind[kind] ?? 0, difference)
    }

    func printWorst() {
        print("largest relative differences: " + worstByKind.keys.sorted().map {
            "\($0) \(String(format: "%.1e", worstByKind[$0]!))"
        }.joined(separator: ", "))
    }

    struct Stats: Decodable { var count: Int; var sum: Double; var sumSquares: Double }
    struct OutlierValue: Decodable { var series: String; var period: String; var value: Double }
    struct EM: Decodable { var iterations: Int; var kPath: [Int]; var errPath: [Double] }
    struct Factors: Decodable {
        var k: Int; var ic: [Double]; var shares: [Double]; var cumulativeShares: [Double]
        var r2: [[Double]]; var firstFactors: [[Double]]
    }
    struct MainFixture: Decodable {
        var sample: [String]; var periods: Int; var series: [String]; var codes: [Int]; var selected: [String]
        var transformed: [String: [Double?]]; var transformedStats: [Stats]
        var outliers: [OutlierValue]; var outlierCounts: [String: Int]; var missingAfterOutliers: Int
        var em: EM; var imputedAtMissing: [[Double]]; var imputedStats: [Stats]; var factors: Factors
    }

    static func fixture<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        let url = TestPaths.fixtures.appendingPathComponent("prepare").appendingPathComponent(name)
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func fredMD(_ vintage: String) throws -> TimeSeriesFrame {
        try DataLoader.load(try TestPaths.shared("fred-md/\(vintage).csv"), file: "\(vintage).csv", format: .fredMD)
    }

    /// Largest |a − e| / max|e| over a vector (NaN must match NaN).
    func assertClose(_ actual: [Double], _ expected: [Double?], _ what: String,
                     tolerance: Double = PreparationRealDataTests.tolerance, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let scale = expected.compactMap { $0.map(abs) }.max() ?? 0
        var worst = 0.0
        for (a, e) in zip(actual, expected) {
            guard let e else {
                XCTAssertTrue(a.isNaN, "\(what): expected missing, got \(a)", file: file, line: line)
                continue
            }
            worst = max(worst, abs(a - e) / max(scale, .leastNormalMagnitude))
        }
        record(what, worst)
        XCTAssertLessThanOrEqual(worst, tolerance, "\(what): relative difference \(worst)", file: file, line: line)
    }

    func assertStats(_ frame: TimeSeriesFrame, _ expected: [Stats], _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(frame.columns.count, expected.count, file: file, line: line)
        for (i, e) in expected.enumerated() where i < frame.columns.count {
            let values = frame.columns[i].filter { !$0.isNaN }
            XCTAssertEqual(values.count, e.count, "\(what) count \(frame.names[i])", file: file, line: line)
            var sum = CompensatedSum(), squares = CompensatedSum()
            for v in values { sum.add(v); squares.add(v * v) }
            // Relative to Σ|x| and Σx² (a sum near 0 is compared with the scale of its terms).
            let scale = values.reduce(0) { $0 + abs($1) }
            record(what, abs(sum.value - e.sum) / max(scale, 1e-300))
            record(what, abs(squares.value - e.sumSquares) / e.sumSquares)
            XCTAssertLessThanOrEqual(abs(sum.value - e.sum), Self.tolerance * max(scale, 1e-300),
                                     "\(what) sum \(frame.names[i])", file: file, line: line)
            XCTAssertLessThanOrEqual(abs(squares.value - e.sumSquares), Self.tolerance * e.sumSquares,
                                     "\(what) sum of squares \(frame.names[i])", file: file, line: line)
        }
    }

    func testMcCrackenNgOn202306() throws {
        let frame = try Self.fredMD("2023-06")
        let fixture = try Self.fixture("fred-md-2023-06-1960-2019.json", as: MainFixture.self)
        let sample = m("1960-01")...m("2019-12")

        // Transformation of the full history, then the sample.
        let transformed = try frame.transformed().slice(sample)
        XCTAssertEqual(transformed.names, fixture.series)
        XCTAssertEqual(transformed.periods.count, fixture.periods)
        XCTAssertEqual(transformed.transformCodes.compactMap { $0 }, fixture.codes)
        for name in fixture.selected {
            assertClose(transformed.column(named: name)!, fixture.transformed[name]!, "transformed \(name)")
        }
        assertStats(transformed, fixture.transformedStats, "transformed")

        // Outliers: the same positions exactly.
        let (cleaned, outliers) = OutlierRule().apply(to: transformed)
        XCTAssertEqual(outliers.removed.map { "\($0.series) \($0.period)" },
                       fixture.outliers.map { "\($0.series) \($0.period)" })
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(outliers.series, outliers.counts)), fixture.outlierCounts)
        XCTAssertEqual(MissingValues.counts(cleaned).reduce(0, +), fixture.missingAfterOutliers)

        // The whole procedure through the entry point.
        let prepared = try Preparation.prepare(frame, sample: sample)
        XCTAssertEqual(prepared.report.outliers?.total, fixture.outliers.count)
        XCTAssertEqual(prepared.report.missing, fixture.missingAfterOutliers)
        XCTAssertEqual(prepared.report.notes, [])
        let em = try XCTUnwrap(prepared.report.em)
        XCTAssertEqual(em.iterations, fixture.em.iterations)
        XCTAssertEqual(em.factorPath, fixture.em.kPath)
        XCTAssertTrue(em.converged)
        XCTAssertEqual(prepared.report.finalFactors, fixture.em.kPath.last)
        // The convergence criterion is a ratio of a small difference: compared to 1e-6 relative, each.
        for (a, e) in zip(em.criterionPath, fixture.em.errPath) {
            XCTAssertEqual(a, e, accuracy: 1e-6 * e, "EM criterion path")
        }
        for entry in fixture.imputedAtMissing {
            let (i, t, v) = (Int(entry[0]), Int(entry[1]), entry[2])
            let series = prepared.frame.columns[i]
            let scale = series.map(abs).max()!
            record("imputedAtMissing", abs(series[t] - v) / scale)
            XCTAssertLessThanOrEqual(abs(series[t] - v), Self.tolerance * scale,
                                     "imputed \(fixture.series[i]) \(prepared.frame.periods[t]): \(series[t]) vs \(v)")
        }
        assertStats(prepared.frame, fixture.imputedStats, "imputed")

        // Factors.
        let factors = try XCTUnwrap(prepared.factors)
        XCTAssertEqual(factors.k, fixture.factors.k)
        XCTAssertEqual(factors.selectedK, fixture.factors.k)
        assertClose(factors.criterion, fixture.factors.ic, "IC_p2")
        assertClose(factors.shares, fixture.factors.shares, "eigenvalue shares")
        assertClose(factors.cumulativeShares, fixture.factors.cumulativeShares, "cumulative shares")
        for (i, r2) in fixture.factors.r2.enumerated() {
            assertClose(factors.rSquared[i], r2, "R² \(fixture.series[i])")
        }
        for (j, f) in fixture.factors.firstFactors.enumerated() {
            assertClose(factors.factors[j], f, "factor \(j + 1) (sign rule)")
        }
        // F'F/T = I.
        let t = Double(factors.periods.count)
        for a in 0..<factors.k {
            for b in 0..<factors.k {
                let dot = zip(factors.factors[a], factors.factors[b]).reduce(0) { $0 + $1.0 * $1.1 } / t
                XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-10)
            }
        }
        printWorst()
    }

    struct Revision: Decodable { var series: String; var period: String; var old: Double; var new: Double; var standardized: Double }
    struct VintageFixture: Decodable {
        var newPeriods: [String]; var droppedPeriods: [String]; var addedSeries: [String]; var removedSeries: [String]
        var revisedValues: Int; var filledValues: Int; var deletedValues: Int; var revisedSeries: Int; var largest: [Revision]
    }

    /// The data update 2023-01 → 2023-06 (same series, 5 new months, revisions).
    func testVintageDiff202301To202306() throws {
        let old = try Self.fredMD("2023-01"), new = try Self.fredMD("2023-06")
        let fixture = try Self.fixture("vintage-2023-01-2023-06.json", as: VintageFixture.self)
        let diff = VintageDiff(old: old, new: new)
        XCTAssertEqual(diff.newPeriods.map(\.description), fixture.newPeriods)
        XCTAssertEqual(diff.droppedPeriods.map(\.description), fixture.droppedPeriods)
        XCTAssertEqual(diff.addedSeries, fixture.addedSeries)
        XCTAssertEqual(diff.removedSeries, fixture.removedSeries)
        XCTAssertEqual(diff.revisedValues, fixture.revisedValues)
        XCTAssertEqual(diff.filledValues, fixture.filledValues)
        XCTAssertEqual(diff.deletedValues, fixture.deletedValues)
        XCTAssertEqual(diff.revisedSeries, fixture.revisedSeries)
        XCTAssertEqual(diff.largest.map { "\($0.series) \($0.period) \($0.old) \($0.new)" },
                       fixture.largest.map { "\($0.series) \($0.period) \($0.old) \($0.new)" })
        assertClose(diff.largest.map(\.standardized), fixture.largest.map(\.standardized), "standardized revisions")
        // Preparing the update works on the same sample and gives the same panel shape.
        let sample = m("1960-01")...m("2019-12")
        let a = try Preparation.prepare(old, sample: sample), b = try Preparation.prepare(new, sample: sample)
        XCTAssertEqual(a.frame.names, b.frame.names)
        XCTAssertEqual(a.frame.periods, b.frame.periods)
        XCTAssertEqual(a.report.em?.converged, true)
    }

    struct OldFixture: Decodable {
        var sample: [String]; var periods: Int; var series: [String]; var outlierCount: Int; var em: EM
        var imputedStats: [Stats]
        struct F: Decodable { var k: Int; var ic: [Double]; var shares: [Double] }
        var factors: F
    }

    /// The 2019-10 vintage: other series, ends 2019-09, so 1960-01..2019-12 is outside it.
    func testOlderVintageWithOtherSeries() throws {
        let frame = try Self.fredMD("2019-10")
        let fixture = try Self.fixture("fred-md-2019-10.json", as: OldFixture.self)
        XCTAssertThrowsError(try Preparation.prepare(frame, sample: m("1960-01")...m("2019-12"))) { error in
            let message = (error as? Diagnostic)?.message ?? ""
            XCTAssertTrue(message.contains("2019-12") && message.contains("1959-01..2019-09"), message)
        }
        let prepared = try Preparation.prepare(frame, sample: m("1960-01")...m("2019-09"))
        XCTAssertEqual(prepared.frame.names, fixture.series)
        XCTAssertEqual(prepared.frame.periods.count, fixture.periods)
        XCTAssertEqual(prepared.report.outliers?.total, fixture.outlierCount)
        XCTAssertEqual(prepared.report.em?.iterations, fixture.em.iterations)
        XCTAssertEqual(prepared.report.em?.factorPath, fixture.em.kPath)
        assertStats(prepared.frame, fixture.imputedStats, "imputed")
        let factors = try XCTUnwrap(prepared.factors)
        XCTAssertEqual(factors.k, fixture.factors.k)
        assertClose(factors.criterion, fixture.factors.ic, "IC_p2")
        assertClose(Array(factors.shares.prefix(10)), fixture.factors.shares, "eigenvalue shares")
        for name in ["AMBSL", "TWEXMMTH", "MZMSL", "VXOCLSx"] { XCTAssertNotNil(prepared.frame.index(of: name), name) }
        printWorst()
    }

    /// The prepared result is cached as JSON: it must encode (NaN as null) and decode to an equal value.
    func testPreparedDataRoundTripsThroughJSON() throws {
        let frame = try Self.fredMD("2023-06")
        var options = PreparationOptions()
        options.missing = .keep                    // leaves NaNs in the frame
        let kept = try Preparation.prepare(frame, sample: m("1960-01")...m("2019-12"), options: options)
        XCTAssertNil(kept.factors)
        let data = try JSONEncoder().encode(kept)
        XCTAssertEqual(try JSONDecoder().decode(PreparedData.self, from: data), kept)
        let full = try Preparation.prepare(frame, sample: m("1960-01")...m("2019-12"))
        XCTAssertEqual(try JSONDecoder().decode(PreparedData.self, from: try JSONEncoder().encode(full)), full)
    }

    /// A sample that starts in the first two months starts at the third (McCracken-Ng drop 2 rows).
    func testSampleFromTheFirstMonthStartsAtTheThird() throws {
        let frame = try Self.fredMD("2023-06")
        var options = PreparationOptions()
        options.estimateFactors = false
        options.missing = .keep
        let prepared = try Preparation.prepare(frame, sample: m("1959-01")...m("1969-12"), options: options)
        XCTAssertEqual(prepared.frame.periods.first, m("1959-03"))
        XCTAssertEqual(prepared.report.sample, m("1959-03")...m("1969-12"))
        XCTAssertTrue(prepared.report.notes.first?.contains("starts at 1959-03") ?? false, "\(prepared.report.notes)")
        // Series with no observation in 1959-03..1969-12 (ACOGNO, TWEXAFEGSMTHx …) are left out and noted.
        XCTAssertTrue(prepared.report.excluded.contains("ACOGNO"))
        XCTAssertNil(prepared.frame.index(of: "ACOGNO"))
        // The whole history by default: 1959-03 to the last month.
        let all = try Preparation.prepare(frame, options: options)
        XCTAssertEqual(all.frame.span, m("1959-03")...m("2023-05"))
        XCTAssertEqual(all.report.notes.filter { $0.contains("starts at") }, [])
    }
}
