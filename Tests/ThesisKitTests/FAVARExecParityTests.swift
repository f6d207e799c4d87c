import Foundation
import XCTest
import ThesisTestSupport

/// `thesis exec '<<favar fit …>>' --json` on FRED-MD 2023-06 (1960-01..2019-12, K = 3, VAR(12)),
/// from outside, against statsmodels (Tests/Fixtures/generate_favar.py, model "baseline"): the
/// VAR's params, both Σu, the criteria, the loadings, the R² and the factors. The policy rate
/// enters in levels from the raw series, both when the directive prepares the panel and when it
/// is given a prepared panel in which FEDFUNDS was differenced.
extension CommandLineTests {
    private func fredMDProject(chapter: String) throws -> TempProject {
        let url = RepositoryPaths.sharedData.appendingPathComponent("fred-md/2023-06.csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "FRED-MD 2023-06 not found at \(url.path)")
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.fredmd]\npath = \"data/raw/fredmd.csv\"\nformat = \"fred-md\"\n"
        files["data/raw/fredmd.csv"] = try String(contentsOf: url, encoding: .utf8)
        files["chapters/02-favar.md"] = chapter
        return try TempProject(files: files)
    }

    private func execJSON(_ directive: String, in p: TempProject) throws -> [String: Any] {
        let exec = try run(["exec", directive, "--json"], in: p.root)
        XCTAssertEqual(exec.status, 0, exec.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(exec.stdout.utf8)) as? [String: Any])
        return try XCTUnwrap(json["object"] as? [String: Any], "no model object in \(json.keys.sorted())")
    }

    private func reference() throws -> [String: Any] {
        let url = RepositoryPaths.fixtures.appendingPathComponent("favar/fred-md-2023-06-favar.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func flat(_ value: Any?) -> [Double] {
        if let number = value as? NSNumber { return [number.doubleValue] }
        if let list = value as? [Any] { return list.flatMap { flat($0) } }
        return []
    }

    /// Compares the exported model with the statsmodels baseline.
    private func assertMatchesStatsmodels(_ object: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try reference()
        let baseline = try XCTUnwrap(reference["baseline"] as? [String: Any])
        let sm = try XCTUnwrap(baseline["var"] as? [String: Any])
        XCTAssertEqual(object["system_names"] as? [String], ["F1", "F2", "F3", "FEDFUNDS"], file: file, line: line)
        XCTAssertEqual(object["names"] as? [String], reference["series"] as? [String], "the panel: FEDFUNDS left out", file: file, line: line)
        XCTAssertEqual((object["nobs"] as? NSNumber)?.intValue, (sm["nobs"] as? NSNumber)?.intValue, file: file, line: line)
        for key in ["params", "sigma_u", "sigma_u_mle", "aic", "bic", "hqic", "fpe", "llf"] {
            let expected = flat(sm[key])
            XCTAssertFalse(expected.isEmpty, key, file: file, line: line)
            assertClose(flat(object[key]), expected, .parity, key, file: file, line: line)
        }
        // loadingsAll: one row per series [const, F1, F2, F3, FEDFUNDS]; the export is (K + 2) × N.
        let loadings = try XCTUnwrap(object["loadings"] as? [[Double]])
        let transposed = (0..<(loadings.first?.count ?? 0)).map { i in loadings.map { $0[i] } }
        assertClose(transposed.flatMap { $0 }, flat(baseline["loadingsAll"]), .parity, "loadings", file: file, line: line)
        assertClose(flat(object["rsquared"]), flat(baseline["rSquared"]), .parity, "rsquared", file: file, line: line)
        // The factors: per factor its sum (≈ 0, compared on the scale √(T·ΣF²)), ΣF², first and last three values.
        let factors = try XCTUnwrap(object["factor_series"] as? [[Double]])
        XCTAssertEqual(factors.count, 720, file: file, line: line)
        let stats = try XCTUnwrap(baseline["factorStats"] as? [[String: Any]])
        for (j, stat) in stats.enumerated() {
            let column = factors.map { $0[j] }
            let sumSquares = column.reduce(0) { $0 + $1 * $1 }
            assertClose(sumSquares, flat(stat["sumSquares"])[0], .parity, "ΣF\(j + 1)²", file: file, line: line)
            XCTAssertLessThan(abs(column.reduce(0, +) - flat(stat["sum"])[0]), 1e-9 * (720 * sumSquares).squareRoot(), file: file, line: line)
            assertClose(Array(column.prefix(3)), flat(stat["first"]), .parity, "F\(j + 1) first", file: file, line: line)
            assertClose(Array(column.suffix(3)), flat(stat["last"]), .parity, "F\(j + 1) last", file: file, line: line)
        }
    }

    func testFAVARFitJSONMatchesStatsmodels() throws {
        let p = try fredMDProject(chapter: "# FAVAR\n\nText.\n")
        let object = try execJSON("<<favar fit data=fredmd factors=3 lags=12>>", in: p)
        try assertMatchesStatsmodels(object)
        let policy = try XCTUnwrap(object["policyRate"] as? [Double])
        XCTAssertEqual(policy.first, 3.99, "FEDFUNDS in 1960-01, in percent, as in the raw file")
    }

    /// A prepared panel with FEDFUNDS differenced (its FRED-MD code 2) and left out of the EM:
    /// the policy rate comes from the raw series, and the fit is statsmodels' again.
    func testFAVARFitOnAPreparedPanelTakesThePolicyRateInLevels() throws {
        let p = try fredMDProject(chapter: """
        # FAVAR

        <<data prepare data=fredmd sample=1960-01..2019-12 exclude=FEDFUNDS id=panel>>

        <<data prepare data=fredmd sample=1960-01..2019-12 id=full>>
        """)
        try assertMatchesStatsmodels(try execJSON("<<favar fit data=panel factors=3 lags=12>>", in: p))
        // With FEDFUNDS in the panel (code 2, part of the EM) it is left out of the factors and
        // taken in levels all the same; the table says so.
        let exec = try run(["exec", "<<favar fit data=full factors=3 lags=12>>"], in: p.root)
        XCTAssertEqual(exec.status, 0, exec.stderr)
        XCTAssertTrue(exec.stdout.contains("The panel's FEDFUNDS column (code 2, transformed) is left out; FEDFUNDS is taken in levels from data set 'fredmd'."), exec.stdout)
        XCTAssertTrue(exec.stdout.contains("FEDFUNDS enters the VAR in levels: the raw series of data set 'fredmd', 1960-01..2019-12"), exec.stdout)
    }

    /// `favar select` on the same FAVAR system against statsmodels' `select_order(13)`
    /// (Tests/Fixtures/generate_favar_select.py).
    func testFAVARSelectMatchesStatsmodels() throws {
        let p = try fredMDProject(chapter: "# FAVAR\n\nText.\n")
        let exec = try run(["exec", "<<favar select data=fredmd factors=3 maxlags=13>>", "--json"], in: p.root)
        XCTAssertEqual(exec.status, 0, exec.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(exec.stdout.utf8)) as? [String: Any])
        let scalars = try XCTUnwrap(json["scalars"] as? [String: Any])
        func number(_ key: String) throws -> Double {
            let value = try XCTUnwrap(scalars[key], key)
            if let n = value as? NSNumber { return n.doubleValue }
            let nested = try XCTUnwrap(value as? [String: Any], "\(key): \(value)")
            return try XCTUnwrap((nested["number"] as? NSNumber)?.doubleValue, "\(key): \(nested)")
        }
        let url = RepositoryPaths.fixtures.appendingPathComponent("favar/fred-md-2023-06-favar-select.json")
        let reference = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let ics = try XCTUnwrap(reference["ics"] as? [String: [Double]])
        for (criterion, values) in ics {
            assertClose(try (0...13).map { try number("\(criterion).\($0)") }, values, .parity, criterion)
        }
        let selected = try XCTUnwrap(reference["selected"] as? [String: Int])
        for (criterion, order) in selected { XCTAssertEqual(try number(criterion), Double(order), criterion) }
    }

    /// `favar diagnostics` (portmanteau and normality tests of the FAVAR's VAR) against statsmodels'
    /// `test_whiteness` and `test_normality` on the baseline system (generate_var_diagnostics.py).
    func testFAVARDiagnosticsMatchStatsmodels() throws {
        let p = try fredMDProject(chapter: "# FAVAR\n\nText.\n")
        let exec = try run(["exec", "<<favar diagnostics data=fredmd factors=3 lags=12 nlags=24,36>>", "--json"], in: p.root)
        XCTAssertEqual(exec.status, 0, exec.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(exec.stdout.utf8)) as? [String: Any])
        let scalars = try XCTUnwrap(json["scalars"] as? [String: Any])
        func number(_ key: String) throws -> Double { try XCTUnwrap((scalars[key] as? NSNumber)?.doubleValue, key) }
        let url = RepositoryPaths.fixtures.appendingPathComponent("var/var-diagnostics.json")
        let reference = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let favar = try XCTUnwrap(reference["favar"] as? [String: Any])
        for case let test as [String: Any] in try XCTUnwrap(favar["portmanteau"] as? [Any]) {
            let h = try XCTUnwrap(test["lags"] as? Int), adjusted = try XCTUnwrap(test["adjusted"] as? Bool)
            let prefix = "portmanteau.\(h)" + (adjusted ? ".adjusted" : "")
            assertClose(try number("\(prefix).statistic"), try XCTUnwrap(test["statistic"] as? Double), .parity, prefix)
        }
        let normality = try XCTUnwrap(favar["normality"] as? [String: Any])
        assertClose(try number("normality.statistic"), try XCTUnwrap(normality["statistic"] as? Double), .parity, "JB")
        let skew = try XCTUnwrap(normality["skewness"] as? [Double])
        assertClose(try ["F1", "F2", "F3", "FEDFUNDS"].map { try number("normality.\($0).skewness") }, skew, .parity, "skewness")
    }
}
