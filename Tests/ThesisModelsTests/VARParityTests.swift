import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// Parity with statsmodels 0.15 on its documented example, a VAR(2) on the log-differences of
/// realgdp, realcons and realinv (macrodata). Reference values: `Tests/Fixtures/var/macrodata-var2.json`,
/// written by `Tests/Fixtures/generate_var.py`. Tolerance 1e-9 relative everywhere; each test
/// prints its largest relative error.
final class VARParityTests: XCTestCase {
    private var fixture: [String: Any] = [:]
    private var data = Matrix(rows: 0, columns: 0)
    private var names: [String] = []

    override func setUpWithError() throws {
        (data, names) = try VARFixtures.macrodataLogDifferences()
        fixture = try VARFixtures.json("macrodata-var2.json")
    }

    private func report(_ c: Closeness, _ name: String = #function) {
        print("[VAR parity] \(name): largest relative error \(c.worst) at \(c.worstWhere)")
    }

    func testInputMatchesFixture() throws {
        XCTAssertEqual(data.rows, fixture["rows"] as? Int)
        let c = Closeness(tolerance: 1e-13)
        c.check(data.row(0), fixture["first_row"], "first row")
        c.check(data.row(data.rows - 1), fixture["last_row"], "last row")
        report(c)
    }

    func testFitStatisticsForEachTrend() throws {
        let c = Closeness()
        for trend in VARTrend.allCases {
            let model = try VARModel(data: data, names: names, lags: 2, trend: trend)
            let f = try XCTUnwrap(fixture[trend.rawValue] as? [String: Any])
            let label = "trend \(trend.rawValue)"
            XCTAssertEqual(model.observationCount, f["nobs"] as? Int)
            XCTAssertEqual(model.dfResid, f["df_resid"] as? Int)
            c.check(model.params, f["params"], "\(label) params")
            c.check(model.standardErrors, f["stderr"], "\(label) stderr")
            c.check(model.sigmaU, f["sigma_u"], "\(label) sigma_u")
            c.check(model.sigmaUMLE, f["sigma_u_mle"], "\(label) sigma_u_mle")
            c.check(model.residuals.rowSlice(0..<3), f["resid_first"], "\(label) resid head")
            let n = model.residuals.rows
            c.check(model.residuals.rowSlice((n - 3)..<n), f["resid_last"], "\(label) resid tail")
            c.check(model.logLikelihood, try XCTUnwrap(f["llf"] as? Double), "\(label) llf")
            c.check(model.aic, try XCTUnwrap(f["aic"] as? Double), "\(label) aic")
            c.check(model.bic, try XCTUnwrap(f["bic"] as? Double), "\(label) bic")
            c.check(model.hqic, try XCTUnwrap(f["hqic"] as? Double), "\(label) hqic")
            c.check(model.fpe, try XCTUnwrap(f["fpe"] as? Double), "\(label) fpe")
        }
        let model = try VARModel(data: data, names: names, lags: 2)
        XCTAssertEqual(model.paramNames, ["const", "L1.realgdp", "L1.realcons", "L1.realinv",
                                          "L2.realgdp", "L2.realcons", "L2.realinv"])
        report(c)
    }

    func testLagOrderSelectionOnCommonSample() throws {
        let c = Closeness()
        for trend in VARTrend.allCases {
            let selection = try VARModel.selectOrder(data: data, names: names, maxLags: 8, trend: trend)
            let f = try XCTUnwrap(fixture["select_order_\(trend.rawValue)"] as? [String: Any])
            let ics = try XCTUnwrap(f["ics"] as? [String: [Double]])
            let selected = try XCTUnwrap(f["selected"] as? [String: Int])
            XCTAssertEqual(selection.lags, Array((trend == .none ? 1 : 0)...8))
            c.check(selection.aic, ics["aic"], "\(trend) aic")
            c.check(selection.bic, ics["bic"], "\(trend) bic")
            c.check(selection.hqic, ics["hqic"], "\(trend) hqic")
            c.check(selection.fpe, ics["fpe"], "\(trend) fpe")
            XCTAssertEqual(selection.selectedAIC, selected["aic"], "\(trend)")
            XCTAssertEqual(selection.selectedBIC, selected["bic"], "\(trend)")
            XCTAssertEqual(selection.selectedHQIC, selected["hqic"], "\(trend)")
            XCTAssertEqual(selection.selectedFPE, selected["fpe"], "\(trend)")
            XCTAssertEqual(selection.observationCount, data.rows - 8)
        }
        report(c)
    }

    func testStabilityAndRoots() throws {
        let model = try VARModel(data: data, names: names, lags: 2)
        XCTAssertEqual(try model.isStable(), fixture["is_stable"] as? Bool)
        let roots = try model.roots()
        let c = Closeness()
        c.check(roots.map(\.modulus), fixture["roots_modulus"], "root moduli")
        // Each statsmodels root has a Swift root equal to it (conjugate pairs tie in modulus, so
        // the order within a pair is not compared).
        let re = try XCTUnwrap(fixture["roots_real"] as? [Double])
        let im = try XCTUnwrap(fixture["roots_imag"] as? [Double])
        for (r, i) in zip(re, im) {
            let nearest = roots.min { hypot($0.real - r, $0.imaginary - i) < hypot($1.real - r, $1.imaginary - i) }!
            c.check(nearest.real, r, "root real \(r)")
            c.check(nearest.imaginary, i, "root imag \(i)")
        }
        XCTAssertTrue(try model.companionEigenvalues().allSatisfy { $0.modulus < 1 })
        report(c)
    }

    func testMARepresentationIRFsAndEffects() throws {
        let model = try VARModel(data: data, names: names, lags: 2)
        let c = Closeness()
        c.check(try model.maRepresentation(steps: 10), fixture["ma_rep"], "ma_rep")
        c.check(try model.orthogonalizedMARepresentation(steps: 10), fixture["orth_ma_rep"], "orth_ma_rep")
        let irf = try model.impulseResponses(steps: 10)
        c.check(irf.irfs, fixture["ma_rep"], "irfs")
        c.check(irf.orthIRFs, fixture["orth_ma_rep"], "orth_irfs")
        c.check(irf.cumulativeEffects, fixture["cum_effects"], "cum_effects")
        c.check(irf.orthCumulativeEffects, fixture["orth_cum_effects"], "orth_cum_effects")
        c.check(try XCTUnwrap(irf.longRunEffects), fixture["lr_effects"], "lr_effects")
        c.check(try XCTUnwrap(irf.orthLongRunEffects), fixture["orth_lr_effects"], "orth_lr_effects")
        report(c)
    }

    func testFEVDAndForecastMSE() throws {
        let model = try VARModel(data: data, names: names, lags: 2)
        let c = Closeness()
        let fevd = try model.fevd(periods: 10)
        c.check(fevd.decomposition, fixture["fevd_decomp"], "fevd")
        for i in 0..<3 {
            for h in 1...10 {
                let total = (0..<3).reduce(0) { $0 + fevd.share(variable: i, shock: $1, horizon: h) }
                XCTAssertEqual(total, 1, accuracy: 1e-12)
            }
        }
        c.check(try model.forecastMSE(steps: 5), fixture["mse_5"], "mse")
        report(c)
    }

    func testForecastsAndIntervals() throws {
        let model = try VARModel(data: data, names: names, lags: 2)
        let c = Closeness()
        c.check(try model.forecast(steps: 5), fixture["forecast_5"], "forecast")
        let lastTwo = data.rowSlice((data.rows - 2)..<data.rows)
        c.check(try model.forecast(steps: 5, presample: lastTwo), fixture["forecast_5"], "forecast with presample")
        for alpha in [0.05, 0.1] {
            let f = try XCTUnwrap(fixture["forecast_interval_\(alpha)"] as? [String: Any])
            let interval = try model.forecastInterval(steps: 5, alpha: alpha)
            c.check(interval.point, f["point"], "point \(alpha)")
            c.check(interval.lower, f["lower"], "lower \(alpha)")
            c.check(interval.upper, f["upper"], "upper \(alpha)")
        }
        let ct = try VARModel(data: data, names: names, lags: 2, trend: .constantAndTrend)
        c.check(try ct.forecast(steps: 5), fixture["forecast_5_ct"], "forecast ct")
        report(c)
    }

    func testGrangerCausality() throws {
        let model = try VARModel(data: data, names: names, lags: 2)
        let c = Closeness()
        let tests = try XCTUnwrap(fixture["causality"] as? [String: [String: Any]])
        XCTAssertEqual(tests.count, 6)
        for (key, t) in tests {
            let kind = try XCTUnwrap(VARTestKind(rawValue: try XCTUnwrap(t["kind"] as? String)))
            let result = try model.testCausality(caused: try XCTUnwrap(t["caused"] as? [String]),
                                                 causing: try XCTUnwrap(t["causing"] as? [String]), kind: kind)
            c.check(result.statistic, try XCTUnwrap(t["statistic"] as? Double), "\(key) statistic")
            c.check(result.pValue, try XCTUnwrap(t["pvalue"] as? Double), "\(key) p-value")
            c.check(result.criticalValue, try XCTUnwrap(t["crit_value"] as? Double), "\(key) critical value")
            XCTAssertEqual(result.degreesOfFreedom, t["df"] as? [Int], key)
        }
        // The documented example: realinv does not Granger-cause realgdp at 5%.
        let doc = try model.testCausality(caused: ["realgdp"], causing: ["realinv"], kind: .f)
        XCTAssertFalse(doc.rejectsNull)
        XCTAssertEqual(doc.degreesOfFreedom, [2, 579])
        report(c)
    }
}

/// The replications' refit (normal equations from lagged cross-products) against the QR fit.
final class VARRefitTests: XCTestCase {
    func testCrossProductRefitMatchesTheQRFit() throws {
        let (data, names) = try VARFixtures.macrodataLogDifferences()
        let c = Closeness(tolerance: 1e-9)
        for trend in VARTrend.allCases {
            for lags in [1, 2, 5] {
                let model = try VARModel(data: data, names: names, lags: lags, trend: trend)
                let refit = try model.crossProductRefit()
                c.check(refit.params, model.params.rowMajorArrays, "params \(trend) p=\(lags)")
                c.check(refit.sigmaU, model.sigmaU.rowMajorArrays, "sigma_u \(trend) p=\(lags)")
            }
        }
        // K = 5 (not a multiple of the SIMD width) on simulated data.
        var rng = Xoshiro256StarStar(seed: 31)
        var y = Matrix(rows: 300, columns: 5)
        for t in 1..<300 { for i in 0..<5 { y[t, i] = 0.3 * y[t - 1, i] + 0.1 * y[t - 1, (i + 1) % 5] + rng.nextNormal() } }
        let model = try VARModel(data: y, names: ["a", "b", "c", "d", "e"], lags: 3, trend: .constantAndTrend)
        let refit = try model.crossProductRefit()
        c.check(refit.params, model.params.rowMajorArrays, "params K=5")
        c.check(refit.sigmaU, model.sigmaU.rowMajorArrays, "sigma_u K=5")
        print("[VAR refit] largest relative difference to the QR fit: \(c.worst) at \(c.worstWhere)")
    }
}

extension Matrix {
    /// Rows as arrays, the shape the fixture comparisons take.
    var rowMajorArrays: [[Double]] { (0..<rows).map { row($0) } }
}
