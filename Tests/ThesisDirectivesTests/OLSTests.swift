import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `ols` against statsmodels (Tests/Fixtures/generate_ols.py): three models on macrodata, each
/// with every covariance type, through the directive (formula, lags, design, engine, export).
final class OLSTests: XCTestCase {
    private func macrodata() throws -> TimeSeriesFrame {
        let url = RepositoryPaths.sharedData.appendingPathComponent("macrodata/macrodata.csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "macrodata not found at \(url.path)")
        return try DataLoader.load(Data(contentsOf: url), file: "data/macrodata.csv", format: .csv)
    }

    private func fixture() throws -> [String: Any] {
        let url = RepositoryPaths.fixtures.appendingPathComponent("ols/macrodata-ols.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func flat(_ value: Any?) -> [Double] {
        if let n = value as? NSNumber { return [n.doubleValue] }
        if let list = value as? [Any] { return list.flatMap { flat($0) } }
        return []
    }

    private static let formulas = [
        "levels": "realcons ~ realgdp + realinv",
        "lagged": "infl ~ unemp + tbilrate + lag(infl, 1)",
        "noconst": "realcons ~ realgdp + realinv - 1",
    ]

    func testEveryModelAndCovarianceMatchesStatsmodels() throws {
        let frame = try macrodata()
        let models = try XCTUnwrap(try fixture()["models"] as? [String: [String: Any]])
        XCTAssertEqual(models.count, 3)
        for (key, reference) in models.sorted(by: { $0.key < $1.key }) {
            let fits = try XCTUnwrap(reference["fits"] as? [String: [String: Any]])
            for (cov, expected) in fits.sorted(by: { $0.key < $1.key }) {
                let formula = try XCTUnwrap(Self.formulas[key])
                let text = "<<ols data=d formula=\"\(formula)\" cov=\(cov)\(cov == "HAC" ? " maxlags=4" : "") id=r>>"
                let result = try DirectiveHarness.run(text, data: ["data": frame])
                let object = try XCTUnwrap(result.object)
                let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: object.payload) as? [String: Any])
                let model = try XCTUnwrap((json["models"] as? [[String: Any]])?.first)
                let what = "\(key) \(cov)"
                XCTAssertEqual((model["names"] as? [String])?.count, (reference["names"] as? [String])?.count, what)
                for name in ["params", "bse", "tvalues", "pvalues", "cov_params", "rsquared", "rsquared_adj", "fvalue",
                             "f_pvalue", "llf", "aic", "bic", "nobs", "df_model", "df_resid", "ssr"] {
                    let e = flat(expected[name])
                    XCTAssertFalse(e.isEmpty, "\(what) \(name)")
                    assertClose(flat(model[name]), e, .parity, "\(what) \(name)")
                }
                XCTAssertEqual(model["use_t"] as? Bool, expected["use_t"] as? Bool, what)
            }
        }
    }

    func testSeveralModelsSideBySideWithPrefixedScalars() throws {
        let result = try DirectiveHarness.run(
            "<<ols data=d formula=\"infl ~ unemp; infl ~ unemp + lag(infl, 1)\" cov=HC1 id=r>>", data: ["data": try macrodata()])
        let table = try XCTUnwrap(result.content.compactMap { if case .table(let t) = $0 { return t }; return nil }.first)
        XCTAssertEqual(table.columns.map(\.title), ["", "(1) infl", "(2) infl"])
        XCTAssertEqual(table.rows.map { $0[0].display }.filter { !$0.isEmpty },
                       ["unemp", "lag(infl,1)", "Constant", "Observations", "R²", "Adjusted R²", "F statistic", "AIC", "BIC"])
        XCTAssertNotNil(result.scalars["m1.params.unemp"])
        XCTAssertNotNil(result.scalars["m2.params.lag(infl,1)"])
        XCTAssertEqual(result.scalars["m1.nobs"]?.number, 203)
        XCTAssertEqual(result.scalars["m2.nobs"]?.number, 202, "the lag costs the first quarter")
    }

    func testBadFormulasAreErrorsAtTheFormula() throws {
        let frame = try macrodata()
        let cases: [(String, String)] = [
            ("formula=\"infl ~ unemployment\"", "unknown series 'unemployment'; did you mean 'unemp'?"),
            ("formula=\"infl unemp\"", "is not a regression"),
            ("formula=\"infl ~ lag(unemp, x)\"", "the lag must be a whole number"),
            ("formula=\"infl ~ unemp - tbilrate\"", "only '- 1' (no constant) may be subtracted"),
            ("formula=\"infl ~ exp(unemp)\"", "the functions are lag(x, k), diff(x) and log(x)"),
            ("formula=\"infl ~ unemp\" cov=HAC", "cov=HAC needs maxlags="),
            ("formula=\"infl ~ unemp\" maxlags=2", "maxlags= is only used with cov=HAC"),
            ("formula=\"realcons ~ realgdp + realgdp\"", "names realgdp twice"),
            ("formula=\"infl ~ unemp - 10\"", "only '- 1' (no constant) may be subtracted"),
            ("formula=\"infl ~ lag(unemp, -1)\"", "the lag must be a whole number in 1…240"),
        ]
        for (options, message) in cases {
            XCTAssertThrowsError(try DirectiveHarness.run("<<ols data=d \(options)>>", data: ["data": frame]), options) { error in
                let failure = error as? DirectiveFailure
                XCTAssertTrue(failure?.message.contains(message) ?? false, "\(options): \(failure?.message ?? "\(error)")")
                XCTAssertEqual(failure?.option, options.hasPrefix("formula=\"infl ~ unemp\" ") ? (options.contains("maxlags") ? "maxlags" : "cov") : "formula", options)
            }
        }
    }

    /// Closed-form relations between the covariance types on any data.
    func testCovarianceRelations() throws {
        var rng = SplitMix64(state: 3)
        let n = 60
        let x1 = (0..<n).map { _ in Double(rng.next() % 1000) / 100 }
        let y = x1.map { 1 + 0.5 * $0 + Double(rng.next() % 1000) / 500 }
        let x = try Matrix(columns: [Array(repeating: 1, count: n), x1])
        func fit(_ cov: OLSCovariance, _ lags: Int = 0) throws -> OLSModel {
            try OLSModel(y: y, x: x, names: ["const", "x1"], hasConstant: true, covariance: cov, maxlags: lags)
        }
        let hc0 = try fit(.hc0), hc1 = try fit(.hc1), hac0 = try fit(.hac, 0)
        for i in 0..<2 {
            assertClose(hc1.covParams[i, i], hc0.covParams[i, i] * Double(n) / Double(n - 2), .parity, "HC1 = n/(n-k) HC0")
            assertClose(hac0.covParams[i, i], hc0.covParams[i, i], .parity, "HAC with no lags = HC0")
        }
        let classical = try fit(.nonrobust)
        // With one regressor, F is t² of its slope.
        assertClose(classical.fvalue, classical.tvalues[1] * classical.tvalues[1], .parity, "F = t²")
    }
}

/// `data scatter`: its line is the OLS line of `ols` on the same two series.
final class DataScatterTests: XCTestCase {
    func testLineIsTheRegressionLine() throws {
        let url = RepositoryPaths.sharedData.appendingPathComponent("macrodata/macrodata.csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "macrodata not found")
        let frame = try DataLoader.load(Data(contentsOf: url), file: "data/macrodata.csv", format: .csv)
        let scatter = try DirectiveHarness.run("<<data scatter data=d x=unemp y=infl>>", data: ["data": frame])
        let ols = try DirectiveHarness.run("<<ols data=d formula=\"infl ~ unemp\">>", data: ["data": frame])
        assertClose(try XCTUnwrap(scatter.scalars["slope"]?.number), try XCTUnwrap(ols.scalars["params.unemp"]?.number), Tolerance(absolute: 1e-12, relative: 1e-10), "slope")
        assertClose(try XCTUnwrap(scatter.scalars["intercept"]?.number), try XCTUnwrap(ols.scalars["params.const"]?.number), Tolerance(absolute: 1e-12, relative: 1e-10), "intercept")
        assertClose(try XCTUnwrap(scatter.scalars["r2"]?.number), try XCTUnwrap(ols.scalars["rsquared"]?.number), Tolerance(absolute: 1e-12, relative: 1e-10), "R²")
        guard case .scatter(let layer)? = scatter.figures.first?.spec.panels.first?.layers.first else { return XCTFail("no scatter") }
        XCTAssertTrue(layer.fit)
        XCTAssertEqual(layer.x.count, 203)
        XCTAssertThrowsError(try DirectiveHarness.run("<<data scatter data=d x=unemployment y=infl>>", data: ["data": frame])) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "x")
        }
    }
}

/// `lp irf` through the directive against statsmodels' regressions per horizon.
final class LPIRFDirectiveTests: XCTestCase {
    func testResponsesAndBandsMatchStatsmodels() throws {
        let url = RepositoryPaths.sharedData.appendingPathComponent("macrodata/macrodata.csv")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "macrodata not found")
        let frame = try DataLoader.load(Data(contentsOf: url), file: "data/macrodata.csv", format: .csv)
        let result = try DirectiveHarness.run(
            "<<lp irf data=d response=infl shock=tbilrate controls=unemp lags=4 horizon=8 level=0.95>>", data: ["data": frame])
        let fixture = RepositoryPaths.fixtures.appendingPathComponent("lp/macrodata-lp.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let hac = try XCTUnwrap(json["hac"] as? [[String: Any]])
        for entry in hac {
            let h = try XCTUnwrap(entry["h"] as? Int), beta = try XCTUnwrap(entry["beta"] as? Double), se = try XCTUnwrap(entry["se"] as? Double)
            assertClose(try XCTUnwrap(result.scalars["infl.\(h)"]?.number), beta, .parity, "β \(h)")
            assertClose(try XCTUnwrap(result.scalars["infl.\(h).lower"]?.number), beta - 1.959963984540054 * se, .parity, "lower \(h)")
        }
        let panel = try XCTUnwrap(result.figures.first?.spec.panels.first)
        XCTAssertEqual(panel.xAxis.label, "quarters")
        XCTAssertEqual(panel.layers.count, 3, "band, zero line, response")
    }
}
