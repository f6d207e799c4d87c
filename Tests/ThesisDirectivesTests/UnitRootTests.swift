import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// `unitroot` as a table over several series, with statsmodels' numbers (the engine's parity is
/// ADFParityTests), leading gaps skipped, interior gaps and a missing maxlag refused.
final class UnitRootDirectiveTests: XCTestCase {
    private func frame() throws -> (TimeSeriesFrame, [[String: Any]]) {
        let url = RepositoryPaths.fixtures.appendingPathComponent("unitroot/macrodata-adf.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let series = try XCTUnwrap(json["series"] as? [String: [Double]])
        let names = ["infl", "log_realgdp"]
        // A leading gap, as a transformed FRED-MD series has: left out, not an error.
        let columns = try names.map { [Double.nan] + (try XCTUnwrap(series[$0])) }
        let start = Month(year: 1959, month: 1).index
        let periods = (0..<columns[0].count).map { Month(index: start + $0) }
        return (TimeSeriesFrame(frequency: .quarterly, periods: periods, names: names, columns: columns),
                try XCTUnwrap(json["cases"] as? [[String: Any]]))
    }

    func testTableOfSeveralSeriesWithStatsmodelsNumbers() throws {
        let (data, cases) = try frame()
        let result = try DirectiveHarness.run("<<unitroot data=d regression=ct autolag=BIC id=u>>", data: ["data": data])
        let table = try XCTUnwrap(result.content.compactMap { if case .table(let t) = $0 { return t }; return nil }.first)
        XCTAssertEqual(table.rows.map { $0[0].display }, ["infl", "log_realgdp"])
        for name in ["infl", "log_realgdp"] {
            let expected = try XCTUnwrap(cases.first { $0["series"] as? String == name && $0["regression"] as? String == "ct" && $0["autolag"] as? String == "BIC" })
            assertClose(try XCTUnwrap(result.scalars["\(name).stat"]?.number), try XCTUnwrap(expected["adfstat"] as? Double), .parity, name)
            assertClose(try XCTUnwrap(result.scalars["\(name).pvalue"]?.number), try XCTUnwrap(expected["pvalue"] as? Double), .parity, name)
            XCTAssertEqual(result.scalars["\(name).lags"]?.number, (expected["usedlag"] as? Int).map(Double.init))
        }
        XCTAssertTrue(table.notes[0].contains("H0: a unit root. Regression with a constant and a linear trend"), table.notes[0])
    }

    func testGapsAndMissingMaxlagAreErrors() throws {
        var (data, _) = try frame()
        XCTAssertThrowsError(try DirectiveHarness.run("<<unitroot data=d autolag=none>>", data: ["data": data])) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "autolag")
        }
        data.columns[0][40] = .nan
        XCTAssertThrowsError(try DirectiveHarness.run("<<unitroot data=d series=infl>>", data: ["data": data])) {
            XCTAssertTrue(($0 as? DirectiveFailure)?.message.contains("series 'infl' is missing in") ?? false, "\($0)")
        }
    }
}

/// `unitroot test=kpss` with statsmodels' numbers; options that only ADF takes are refused.
final class KPSSDirectiveTests: XCTestCase {
    func testKPSSTable() throws {
        let url = RepositoryPaths.fixtures.appendingPathComponent("unitroot/macrodata-adf.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let series = try XCTUnwrap(json["series"] as? [String: [Double]])
        let cases = try XCTUnwrap(json["kpss"] as? [[String: Any]])
        let infl = try XCTUnwrap(series["infl"])
        let start = Month(year: 1959, month: 1).index
        let frame = TimeSeriesFrame(frequency: .quarterly, periods: (0..<infl.count).map { Month(index: start + $0) },
                                    names: ["infl"], columns: [infl])
        let result = try DirectiveHarness.run("<<unitroot data=d test=kpss regression=ct>>", data: ["data": frame])
        let expected = try XCTUnwrap(cases.first { $0["series"] as? String == "infl" && $0["regression"] as? String == "ct" && $0["nlags"] as? String == "auto" })
        assertClose(try XCTUnwrap(result.scalars["infl.stat"]?.number), try XCTUnwrap(expected["stat"] as? Double), .parity, "stat")
        assertClose(try XCTUnwrap(result.scalars["infl.pvalue"]?.number), try XCTUnwrap(expected["pvalue"] as? Double), .parity, "p")
        XCTAssertThrowsError(try DirectiveHarness.run("<<unitroot data=d test=kpss autolag=BIC>>", data: ["data": frame])) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "autolag")
        }
        XCTAssertThrowsError(try DirectiveHarness.run("<<unitroot data=d test=kpss regression=n>>", data: ["data": frame])) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "regression")
        }
    }
}
