import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// `data histogram` against numpy and scipy (Tests/Fixtures/generate_histogram.py).
final class DataHistogramTests: XCTestCase {
    private func fixture() throws -> (values: [Double], reference: [String: Double]) {
        let url = RepositoryPaths.fixtures.appendingPathComponent("histogram/skewed.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return (try XCTUnwrap(json["values"] as? [Double]), try XCTUnwrap(json["reference"] as? [String: Double]))
    }

    private func frame(_ columns: [String: [Double]]) -> TimeSeriesFrame {
        let names = columns.keys.sorted()
        let count = columns.values.map(\.count).max() ?? 0
        return TimeSeriesFrame(frequency: .monthly, periods: (0..<count).map { Month(index: Month(year: 1990, month: 1).index + $0) },
                               names: names, columns: names.map { columns[$0]! })
    }

    func testMomentsAndQuantilesMatchNumpyAndScipy() throws {
        let (values, reference) = try fixture()
        let result = try DirectiveHarness.run("<<data histogram data=d series=x>>", data: ["data": frame(["x": values])])
        for (name, expected) in reference {
            assertClose(try XCTUnwrap(result.scalars["x.\(name)"]?.number, name), expected, Tolerance(absolute: 1e-13, relative: 1e-12), name)
        }
    }

    func testOneHistogramPerSeriesWithGapsLeftOut() throws {
        let result = try DirectiveHarness.run("<<data histogram data=d bins=7 density=true>>",
                                              data: ["data": frame(["a": [1, 2, .nan, 4, 5, 6], "b": [3, 3, 4, 4, 5, 9]])])
        let spec = try XCTUnwrap(result.figures.first?.spec)
        XCTAssertEqual(spec.panels.count, 2)
        guard case .histogram(let a) = spec.panels[0].layers[0] else { return XCTFail("\(spec.panels[0].layers)") }
        XCTAssertEqual(a.values.count, 5, "the missing value is left out")
        XCTAssertEqual(a.bins, 7)
        XCTAssertTrue(a.density)
        XCTAssertEqual(spec.panels[0].yAxis.label, "density")
        XCTAssertEqual(result.scalars["a.n"], .number(5))
        XCTAssertEqual(result.scalars["b.median"], .number(4))
    }

    func testTooFewObservationsIsAnErrorAtTheSeries() throws {
        XCTAssertThrowsError(try DirectiveHarness.run("<<data histogram data=d series=a>>", data: ["data": frame(["a": [1, .nan, .nan]])])) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "series")
            XCTAssertEqual(($0 as? DirectiveFailure)?.message, "series 'a' has 1 observation in the sample; a histogram needs two")
        }
    }
}
