import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// Direct AR/ARX forecasts against numpy.linalg.lstsq at one origin (fixture `directAR`), and the
/// behaviour of the benchmark models.
final class ForecastingModelsTests: XCTestCase {
    /// AR(4), ARX(3,2) and AR(3) on changes, h = 1, 3, 6, 12, expanding window 0…109:
    /// coefficients and forecasts to 1e-12 relative (numpy's lstsq is SVD-based, ours QR).
    func testDirectForecastsAgainstNumpy() throws {
        let section = try MetricsFixture.section("directAR")
        let y = try MetricsFixture.vector(section["target"]), x = try MetricsFixture.vector(section["predictor"])
        let origin = try XCTUnwrap(section["origin"] as? Int)
        let window = try ForecastWindow(start: 0, target: Array(y[0...origin]), predictors: [Array(x[0...origin])])
        let cases = try XCTUnwrap(section["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 12)
        for c in cases {
            let p = try XCTUnwrap(c["p"] as? Int), q = try XCTUnwrap(c["q"] as? Int), h = try XCTUnwrap(c["h"] as? Int)
            let mode = try XCTUnwrap(DirectTarget(rawValue: try XCTUnwrap(c["mode"] as? String)))
            let label = "\(c["name"]!) h=\(h)"
            let model = DirectARForecaster(lags: p, predictorLags: q, target: mode)
            let fitted = try model.fitted(window, horizon: h)
            XCTAssertEqual(fitted.observations, c["rows"] as? Int, label)
            let expected = try MetricsFixture.vector(c["coefficients"])
            XCTAssertEqual(fitted.coefficients.count, expected.count)
            for (a, e) in zip(fitted.coefficients, expected) {
                assertRelative(a, e, 1e-12, floor: 1e-3, group: "ar-coef", label)
            }
            let forecast = try fitted.predict(from: window)
            assertRelative(forecast, try MetricsFixture.number(c["forecast"]), 1e-12, group: "ar-forecast", label)
            // the same through the protocol: one origin, expanding from 0
            let plan = ForecastPlan(horizons: [h], firstOrigin: origin, lastOrigin: origin)
            let comparison = try ForecastEvaluation.run(target: y, predictors: [x], plan: plan, models: [model])
            XCTAssertEqual(try comparison.forecasts(model: model.name, horizon: h).forecasts, [forecast], label)
            // standardising regressors and the dependent variable changes nothing but rounding
            let scaled = try DirectARForecaster(lags: p, predictorLags: q, target: mode, standardize: true)
                .fit(window, horizon: h).predict(from: window)
            assertRelative(scaled, forecast, 1e-12, floor: 1, label + " standardised")
        }
        let log = MetricsDifferenceLog.shared
        print("direct AR vs numpy lstsq: coefficients \(log.largest("ar-coef")), forecasts \(log.largest("ar-forecast")) (largest relative)")
    }

    /// The design matrix by hand for AR(2) on changes with one predictor lag, h = 2.
    func testLagDesignByHand() throws {
        let y: [Double] = [1, 2, 4, 7, 11, 16, 22, 29, 37], x: [Double] = [0, 10, 20, 30, 40, 50, 60, 70, 80]
        let window = try ForecastWindow(start: 100, target: y, predictors: [x])
        let design = LagDesign(targetLags: 2, predictorLags: 1, target: .change)
        XCTAssertEqual(design.backward, 2)
        XCTAssertEqual(design.columnNames(predictors: 1), ["const", "dy(t)", "dy(t-1)", "x1(t)"])
        let (m, dependent, times) = try design.trainingData(window, horizon: 2)
        XCTAssertEqual(times, [102, 103, 104, 105, 106])  // t − 2 ≥ 100 and t + 2 ≤ 108
        XCTAssertEqual(m.row(0), [1, 2, 1, 20])
        XCTAssertEqual(m.row(2), [1, 4, 3, 40])
        XCTAssertEqual(dependent, [7, 9, 11, 13, 15])  // y_{t+2} − y_t
        XCTAssertEqual(try design.originRow(window), [1, 8, 7, 80])
        let level = LagDesign(targetLags: 3)
        XCTAssertEqual(level.backward, 2)
        XCTAssertEqual(level.columnNames(predictors: 1), ["const", "y(t)", "y(t-1)", "y(t-2)"])
        XCTAssertEqual(try level.originRow(window), [1, 37, 29, 22])
        // too short, and gaps
        XCTAssertThrowsError(try LagDesign(targetLags: 6).trainingData(window, horizon: 2))
        let gap = try ForecastWindow(start: 0, target: [1, 2, .nan, 4, 5, 6, 7, 8])
        XCTAssertThrowsError(try LagDesign(targetLags: 1).trainingData(gap, horizon: 1)) {
            XCTAssertTrue("\($0)".contains("not finite"), "\($0)")
        }
        XCTAssertThrowsError(try ForecastWindow(start: 0, target: [1, 2], predictors: [[1]]))
    }

    /// A noiseless AR(1) is recovered exactly, and its direct h-step forecast is φ^h y_T (+ mean terms).
    func testNoiselessAutoregression() throws {
        var y = [Double](repeating: 0, count: 60)
        y[0] = 5
        for t in 1..<60 { y[t] = 0.3 + 0.8 * y[t - 1] }
        // y_t = 1.5 + 3.5 · 0.8^t, so y_{t+h} = 1.5 (1 − 0.8^h) + 0.8^h y_t exactly
        let window = try ForecastWindow(start: 0, target: Array(y[0..<40]))
        for h in [1, 3, 6] {
            let fitted = try DirectARForecaster(lags: 1).fitted(window, horizon: h)
            assertRelative(fitted.coefficients[1], pow(0.8, Double(h)), 1e-9, "h=\(h)")
            assertRelative(try fitted.predict(from: window), y[39 + h], 1e-12, "h=\(h)")
        }
        XCTAssertEqual(try RandomWalkForecaster().fit(window, horizon: 5).predict(from: window), y[39])
        XCTAssertEqual(DirectARForecaster(lags: 12, target: .change).name, "AR(12) Δ")
        XCTAssertEqual(DirectARForecaster(lags: 2, predictorLags: 1).name, "ARX(2,1)")
    }

    /// The scalers are fitted on the training window's regression rows only, and a later
    /// information window is mapped with those statistics (not its own).
    func testStandardizationIsFittedOnTheTrainingWindowOnly() throws {
        let (y, x) = ForecastingSeries.make(count: 120, seed: 5)
        let training = try ForecastWindow(start: 0, target: Array(y[0...79]), predictors: [Array(x[0...79])])
        let model = DirectARForecaster(lags: 3, predictorLags: 1, standardize: true)
        let fitted = try model.fitted(training, horizon: 3)
        let data = try model.design.trainingData(training, horizon: 3)
        let regressorScaler = ColumnStandardizer(fitting: data.x, skipping: [0])
        XCTAssertEqual(fitted.regressorScaler, regressorScaler)
        XCTAssertEqual(fitted.dependentScaler, ColumnStandardizer(fitting: data.y))
        // later data shifted by 100 are still mapped with the training means and scales
        let information = try ForecastWindow(start: 10, target: Array(y[10...99]).map { $0 + 100 },
                                             predictors: [Array(x[10...99])])
        let row = regressorScaler.transform(row: try model.design.originRow(information))
        let value = zip(row, fitted.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(try fitted.predict(from: information), try XCTUnwrap(fitted.dependentScaler).inverse(value))
        let refitted = ColumnStandardizer(fitting: try model.design.trainingData(information, horizon: 3).x, skipping: [0])
        XCTAssertNotEqual(refitted.means, regressorScaler.means)
    }

    /// Column standardisation is sklearn's StandardScaler (population sd, constant columns scale 1).
    func testColumnStandardizer() throws {
        let m = try Matrix(rowMajor: [[1, 5, 2], [1, 7, 4], [1, 9, 9]])
        let scaler = ColumnStandardizer(fitting: m, skipping: [0])
        XCTAssertEqual(scaler.means, [1, 7, 5])
        XCTAssertEqual(scaler.scales[0], 1)  // constant column
        assertRelative(scaler.scales[1], (8.0 / 3).squareRoot(), 1e-15)
        let z = scaler.transform(m)
        XCTAssertEqual(z.column(0), [1, 1, 1])  // skipped
        assertRelative(z[2, 1], 2 / (8.0 / 3).squareRoot(), 1e-15)
        XCTAssertEqual(scaler.transform(row: [1, 7, 5]), [1, 0, 0])
        XCTAssertEqual(scaler.inverse(0, column: 2), 5)
    }
}
