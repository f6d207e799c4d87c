import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// Directive unit tests: each directive runs on frames built here, without the pipeline.
final class DirectiveTests: XCTestCase {
    private let frame = TimeSeriesFrame(frequency: .monthly,
                                        periods: (0..<6).map { Month(index: Month(year: 2000, month: 1).index + $0) },
                                        names: ["a", "b"],
                                        columns: [[1, 2, 3, 4, .nan, 6], [10, 10, 10, 10, 10, 10]])

    func testDataDescribeTableAndScalars() throws {
        let result = try DirectiveHarness.run("<<data describe data=m>>", data: ["data": frame])
        XCTAssertEqual(result.scalars["a.mean"], .number(16.0 / 5))
        XCTAssertEqual(result.scalars["a.missing"], .number(1))
        XCTAssertEqual(result.scalars["a.last"], .text("2000-06"))
        XCTAssertEqual(result.scalars["b.sd"], .number(0))
        guard case .table(let table)? = result.content.first else { return XCTFail() }
        XCTAssertEqual(table.rows[0].map(\.display), ["a", "2000-01", "2000-06", "5", "1", "3.200", "1.924", "1.000", "6.000"])
        let two = try DirectiveHarness.run("<<data describe data=m digits=1>>", data: ["data": frame])
        guard case .table(let short)? = two.content.first else { return XCTFail() }
        XCTAssertEqual(short.rows[0][5].display, "3.2")
    }

    func testDataDescribeSampleAndUnknownSeries() throws {
        let result = try DirectiveHarness.run("<<data describe data=m sample=2000-02..2000-03>>", data: ["data": frame])
        XCTAssertEqual(result.scalars["a.mean"], .number(2.5))
        XCTAssertThrowsError(try DirectiveHarness.run("<<data describe data=m series=c>>", data: ["data": frame])) { error in
            XCTAssertEqual((error as? DirectiveFailure)?.option, "series")
            XCTAssertEqual((error as? DirectiveFailure)?.message, "unknown series 'c'; closest: 'a', 'b'")
        }
        XCTAssertThrowsError(try DirectiveHarness.run("<<data describe data=m sample=1990-01..1990-03>>", data: ["data": frame])) { error in
            XCTAssertEqual((error as? DirectiveFailure)?.option, "sample")
        }
    }

    func testDataPlotSpecHasGapsForMissingValues() throws {
        let result = try DirectiveHarness.run("<<data plot data=m series=a,b>>", data: ["data": frame])
        let spec = try XCTUnwrap(result.figures.first?.spec)
        XCTAssertEqual(spec.panels.count, 1)
        XCTAssertEqual(spec.panels[0].xAxis.scale, .monthly)
        guard case .line(let line) = spec.panels[0].layers[0] else { return XCTFail() }
        XCTAssertEqual(line.name, "a")
        XCTAssertEqual(line.x.first, 2000)
        XCTAssertEqual(line.y, [1, 2, 3, 4, nil, 6])
    }

    func testCorrelationMissingAndDiff() throws {
        let other = TimeSeriesFrame(frequency: .monthly, periods: frame.periods, names: ["a", "c"],
                                    columns: [[1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 13]])
        let r = try DirectiveHarness.run("<<data correlation data=m>>", data: ["data": other])
        let x = [1.0, 2, 3, 4, 5, 6], y = [2.0, 4, 6, 8, 10, 13]
        let mx: Double = 3.5, my: Double = y.reduce(0, +) / 6
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<6 {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        assertClose(r.scalars["a.c"]?.number ?? 0, sxy / (sxx * syy).squareRoot(), Tolerance(absolute: 1e-14, relative: 0))
        // A constant series has no correlation: a blank cell, not NaN.
        XCTAssertNil(DataCorrelation.pearson([1, 2, 3], [5, 5, 5]))

        let m = try DirectiveHarness.run("<<data missing data=m>>", data: ["data": frame])
        XCTAssertEqual(m.scalars["a.missing"], .number(1))
        XCTAssertEqual(m.scalars["missing"], .number(1))
        let only = try DirectiveHarness.run("<<data missing data=m only-missing=true>>", data: ["data": frame])
        guard case .heatmap(let heatmap)? = only.figures.first?.spec.panels.first?.layers.first else { return XCTFail() }
        XCTAssertEqual(heatmap.rows, ["a"])

        var newer = frame
        newer.columns[1][2] = 11
        let d = try DirectiveHarness.run("<<data diff old=x new=y>>", data: ["old": frame, "new": newer])
        XCTAssertEqual(d.scalars["revised"], .number(1))
        XCTAssertEqual(d.scalars["new_months"], .number(0))
    }

    func testDataProvenanceListsEveryGivenDataSet() throws {
        var context = DirectiveContext(data: ["data": frame, "also": frame], seed: 0)
        context.inputHashes = ["data": String(repeating: "ab", count: 32)]
        context.inputPaths = ["data": "data/m.csv"]
        let resolved = try DirectiveHarness.resolve("<<data provenance data=m also=n>>")
        let result = try resolved.run(context: context)
        XCTAssertEqual(result.scalars["m.sha256"], .text(String(repeating: "ab", count: 32)))
        XCTAssertEqual(result.scalars["n.sha256"], .text("(a result, not a file)"))
        XCTAssertNil(result.scalars["third.sha256"])
    }
}
