import XCTest
import ThesisDocument
@testable import ThesisData

/// The real files in ../shared/data (skipped when absent), checked against pandas.
final class RealDataTests: XCTestCase {
    func testFredMD202306() throws {
        let frame = try DataLoader.load(try TestPaths.shared("fred-md/2023-06.csv"),
                                        file: "data/fred-md/2023-06.csv", format: .fredMD)
        XCTAssertEqual(frame.frequency, .monthly)
        XCTAssertEqual(frame.periods.count, 773)
        XCTAssertEqual(frame.periods.first, m("1959-01"))
        XCTAssertEqual(frame.periods.last, m("2023-05"))
        XCTAssertEqual(frame.names.count, 127)
        XCTAssertEqual(Array(frame.names.prefix(3)), ["RPI", "W875RX1", "DPCERA3M086SBEA"])
        for name in ["S&P 500", "S&P: indust", "S&P div yield", "S&P PE ratio"] {
            XCTAssertNotNil(frame.index(of: name), name)
        }
        // Codes in the README: {1: 11, 2: 19, 4: 10, 5: 53, 6: 33, 7: 1}.
        let counts = Dictionary(grouping: frame.transformCodes.compactMap { $0 }, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(counts, [1: 11, 2: 19, 4: 10, 5: 53, 6: 33, 7: 1])
        // First row: 1/1/1959,2442.158,2293.2,17.272,...
        XCTAssertEqual(frame.column(named: "RPI")?.first, 2442.158)
        XCTAssertEqual(frame.column(named: "W875RX1")?.first, 2293.2)
        XCTAssertEqual(frame.column(named: "DPCERA3M086SBEA")?.first, 17.272)
        XCTAssertEqual(frame.column(named: "RPI")?.last, 17915.688)
        XCTAssertEqual(frame.summaries().first { $0.name == "ACOGNO" }?.first, m("1992-02"))
    }

    func testFredMDVintagesWithOtherDatesAndColumns() throws {
        let january = try DataLoader.load(try TestPaths.shared("fred-md/2023-01.csv"),
                                          file: "2023-01.csv", format: .fredMD)
        XCTAssertEqual(january.periods.count, 768)
        XCTAssertEqual(january.periods.last, m("2022-12"))
        XCTAssertEqual(january.names.count, 127)
        let old = try DataLoader.load(try TestPaths.shared("fred-md/2019-10.csv"), file: "2019-10.csv", format: .fredMD)
        XCTAssertEqual(old.periods.count, 729)
        XCTAssertEqual(old.periods.last, m("2019-09"))
        XCTAssertEqual(old.names.count, 128)
        for name in ["AMBSL", "TWEXMMTH", "MZMSL", "VXOCLSx", "ACOGNO"] { XCTAssertNotNil(old.index(of: name), name) }
        for name in ["BOGMBASE", "TWEXAFEGSMTHx", "VIXCLSx"] { XCTAssertNil(old.index(of: name), name) }
        XCTAssertThrowsError(try old.slice(m("1960-01")...m("2019-12"))) { error in
            XCTAssertTrue((error as? Diagnostic)?.message.contains("1959-01..2019-09") ?? false, "\(error)")
        }
    }

    func testMacrodata() throws {
        let frame = try DataLoader.load(try TestPaths.shared("macrodata/macrodata.csv"),
                                        file: "macrodata.csv", format: .csv)
        XCTAssertEqual(frame.frequency, .quarterly)
        XCTAssertEqual(frame.periods.count, 203)
        XCTAssertEqual(frame.periods.first, m("1959-01"))
        XCTAssertEqual(frame.periods.last, m("2009-07"))
        XCTAssertEqual(frame.names, ["realgdp", "realcons", "realinv", "realgovt", "realdpi", "cpi", "m1",
                                     "tbilrate", "unemp", "pop", "infl", "realint"])
        XCTAssertEqual(frame.column(named: "realgdp")?.first, 2710.349)
        XCTAssertEqual(frame.column(named: "realint")?.last, -3.44)
        XCTAssertEqual(try frame.slice(m("1960-01")...m("2009-09")).periods.count, 199)
    }

    func testWideUnemploymentTableIsReportedClearly() throws {
        let data = try TestPaths.shared("unemployment/unemployment1948.csv")
        XCTAssertThrowsError(try DataLoader.load(data, file: "u.csv", format: .csv)) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.location, SourceLocation(file: "u.csv", line: 2, column: 1))
            XCTAssertTrue(d?.message.contains("wide table") ?? false, "\(error)")
        }
    }

    // MARK: - Summaries against pandas (Tests/Fixtures/generate.py)

    func testSummariesMatchPandasForFredMD() throws {
        try compareWithFixture("fred-md-2023-06.json", data: "fred-md/2023-06.csv", format: .fredMD)
    }

    func testSummariesMatchPandasForMacrodata() throws {
        try compareWithFixture("macrodata-macrodata.json", data: "macrodata/macrodata.csv", format: .csv)
    }

    private struct Fixture: Decodable {
        struct Series: Decodable {
            var name: String
            var observations: Int
            var missing: Int
            var mean: Double?
            var std: Double?
            var min: Double?
            var max: Double?
            var first: String?
            var last: String?
            var transformCode: Int?
        }
        var frequency: String
        var periods: Int
        var firstPeriod: String
        var lastPeriod: String
        var series: [Series]
    }

    private func compareWithFixture(_ fixture: String, data: String, format: DataFormat) throws {
        let url = TestPaths.fixtures.appendingPathComponent("describe").appendingPathComponent(fixture)
        let expected = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let frame = try DataLoader.load(try TestPaths.shared(data), file: data, format: format)
        XCTAssertEqual(frame.frequency.rawValue, expected.frequency)
        XCTAssertEqual(frame.periods.count, expected.periods)
        XCTAssertEqual(frame.periods.first?.description, expected.firstPeriod)
        XCTAssertEqual(frame.periods.last?.description, expected.lastPeriod)
        let summaries = frame.summaries()
        XCTAssertEqual(summaries.map(\.name), expected.series.map(\.name))
        var worst = 0.0
        for (s, e) in zip(summaries, expected.series) {
            XCTAssertEqual(s.observations, e.observations, s.name)
            XCTAssertEqual(s.missing, e.missing, s.name)
            XCTAssertEqual(s.first?.description, e.first, s.name)
            XCTAssertEqual(s.last?.description, e.last, s.name)
            XCTAssertEqual(s.transformCode, e.transformCode, s.name)
            for (label, actual, wanted) in [("mean", s.mean, e.mean), ("std", s.standardDeviation, e.std),
                                            ("min", s.minimum, e.min), ("max", s.maximum, e.max)] {
                guard let wanted else {
                    XCTAssertTrue(actual.isNaN, "\(s.name).\(label) = \(actual), pandas: undefined")
                    continue
                }
                let error = abs(actual - wanted) / max(abs(wanted), .leastNormalMagnitude)
                worst = max(worst, error)
                XCTAssertLessThanOrEqual(error, 1e-12, "\(s.name).\(label) = \(actual), pandas: \(wanted)")
            }
            // Minimum and maximum are data values: exactly equal.
            XCTAssertEqual(s.minimum, e.min ?? .nan, s.name)
            XCTAssertEqual(s.maximum, e.max ?? .nan, s.name)
        }
        print("\(fixture): largest relative difference from pandas \(worst)")
    }
}
