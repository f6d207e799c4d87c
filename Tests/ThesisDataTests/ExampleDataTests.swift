import XCTest
import ThesisDocument
@testable import ThesisData

/// The repository's own example data (data/raw, made by Scripts/make_example_data.py).
final class ExampleDataTests: XCTestCase {
    private func raw(_ name: String) throws -> Data {
        try Data(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("data/raw/\(name)"))
    }

    func testMacroCSV() throws {
        let frame = try DataLoader.load(try raw("macro.csv"), file: "data/raw/macro.csv", format: .csv)
        XCTAssertEqual(frame.frequency, .monthly)
        XCTAssertEqual(frame.periods.first, m("1990-01"))
        XCTAssertEqual(frame.periods.last, m("2019-12"))
        XCTAssertEqual(frame.periods.count, 360)
        XCTAssertEqual(frame.names, ["output_growth", "inflation", "policy_rate", "unemployment", "credit_spread",
                                     "stock_returns"])
        for s in frame.summaries() {
            XCTAssertEqual(s.missing, 0, s.name)
            XCTAssertTrue(s.standardDeviation > 0, s.name)
        }
        // The VAR's means (Scripts/make_example_data.py), within sampling error.
        let means = Dictionary(uniqueKeysWithValues: frame.summaries().map { ($0.name, $0.mean) })
        XCTAssertEqual(means["unemployment"] ?? 0, 5.8, accuracy: 1.0)
        XCTAssertEqual(means["policy_rate"] ?? 0, 3.0, accuracy: 1.5)
        XCTAssertGreaterThan(frame.summaries().first { $0.name == "policy_rate" }?.minimum ?? -1, 0)
    }
}
