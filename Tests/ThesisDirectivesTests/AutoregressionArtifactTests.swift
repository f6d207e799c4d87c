import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `var fit` saves its VAR as a model (kind `var`) and a network's `forecast evaluate` its final
/// fit: a saved model forecasts what the build's directives computed, bit for bit.
final class AutoregressionArtifactTests: XCTestCase {
    /// Three simulated stationary monthly series from a VAR(2).
    private func frame(_ n: Int = 120) -> TimeSeriesFrame {
        var random = SeededNormal(seed: 7)
        var a: [Double] = [0.1, 0.2], b: [Double] = [0.0, -0.1], c: [Double] = [1.0, 1.1]
        for t in 2..<n {
            a.append(0.3 + 0.5 * a[t - 1] - 0.1 * a[t - 2] + 0.1 * b[t - 1] + 0.2 * random.next())
            b.append(-0.1 + 0.2 * a[t - 1] + 0.4 * b[t - 1] + 0.3 * random.next())
            c.append(0.5 + 0.1 * b[t - 1] + 0.6 * c[t - 1] + 0.1 * c[t - 2] + 0.25 * random.next())
        }
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<n).map { Month(index: Month(year: 1990, month: 1).index + $0) },
            names: ["a", "b", "c"], columns: [a, b, c])
    }

    private func rows(_ data: TimeSeriesFrame, columns: [String]) -> [[Double]] {
        let index = columns.map { data.names.firstIndex(of: $0)! }
        return data.periods.indices.map { t in index.map { data.columns[$0][t] } }
    }

    func testASavedVARForecastsWhatVarForecastDrawsBitForBit() throws {
        let data = frame()
        for trend in ["c", "ct", "n"] {
            let options = "data=macro series=a,b,c lags=2 trend=\(trend)"
            let fit = try DirectiveHarness.run("<<var fit \(options)>>", data: ["data": data])
            let artifact = try ModelFile.decode(try XCTUnwrap(fit.model?.artifact, "var fit saves its VAR"))
            XCTAssertEqual(artifact.kind, .var)
            XCTAssertEqual(artifact.formatVersion, 2)
            XCTAssertEqual(artifact.input, ModelArtifact.InputSchema(columns: ["a", "b", "c"], window: 2))
            XCTAssertEqual(artifact.vectorAutoregression?.trend, trend)
            let steps = 12
            let forecast = try DirectiveHarness.run("<<var forecast \(options) steps=\(steps)>>", data: ["data": data])
            let saved = try artifact.forecast(rows(data, columns: ["a", "b", "c"]), steps: steps)
            XCTAssertTrue(saved.stepsAhead)
            XCTAssertEqual(saved.firstRow, data.periods.count - 1)
            for h in 0..<steps {
                for (k, name) in ["a", "b", "c"].enumerated() {
                    XCTAssertEqual(
                        saved.values[h][k].bitPattern, forecast.scalars["\(name).\(h + 1)"]?.number?.bitPattern,
                        "trend \(trend), \(name), step \(h + 1)")
                }
            }
            // Round trip through the file's bytes: the same forecasts.
            let reread = try ModelFile.decode(try ModelFile.encode(artifact))
            XCTAssertEqual(try reread.forecast(rows(data, columns: ["a", "b", "c"]), steps: steps), saved)

            // One step from every window: the fit's fitted values (y − residuals, to rounding), and
            // the last one is the first step of the forecast.
            let model = try VARModel(series: data.columns, names: data.names, lags: 2, trend: VARTrend(rawValue: trend)!)
            let predicted = try artifact.predict(rows(data, columns: ["a", "b", "c"]))
            XCTAssertEqual(predicted.firstRow, 1)
            XCTAssertEqual(predicted.values.count, data.periods.count - 1)
            for i in 0..<model.observationCount {
                for k in 0..<3 {
                    let fitted = data.columns[k][i + 2] - model.residuals[i, k]
                    XCTAssertEqual(predicted.values[i][k], fitted, accuracy: 1e-12 * max(1, abs(fitted)))
                }
            }
            XCTAssertEqual(predicted.values.last, saved.values.first)
        }
    }

    func testASavedVARRefusesWhatItCannotRead() throws {
        let data = frame()
        let fit = try DirectiveHarness.run("<<var fit data=macro series=a,b lags=3>>", data: ["data": data])
        let artifact = try ModelFile.decode(try XCTUnwrap(fit.model?.artifact))
        XCTAssertThrowsError(try artifact.forecast([[1, 2], [3, 4]], steps: 1)) {
            XCTAssertTrue("\($0)".contains("too few"), "\($0)")
        }
        XCTAssertThrowsError(try artifact.forecast(rows(data, columns: ["a", "b"]), steps: 0)) {
            XCTAssertTrue("\($0)".contains("steps must be in 1…1000"), "\($0)")
        }
        XCTAssertThrowsError(try artifact.predict([[1, 2], [3, .nan], [1, 1]])) {
            XCTAssertTrue("\($0)".contains("not a finite number"), "\($0)")
        }
        // A changed coefficient table no longer fits the lag order.
        var broken = artifact
        broken.vectorAutoregression?.coefficients.removeLast()
        XCTAssertThrowsError(try ModelFile.decode(try ModelFile.encode(broken))) {
            XCTAssertTrue("\($0)".contains("VAR(3) of 2 variables"), "\($0)")
        }
        // A version 1 file cannot hold a VAR.
        let text = String(decoding: try ModelFile.encode(artifact), as: UTF8.self)
            .replacingOccurrences(of: "\"format_version\":2", with: "\"format_version\":1")
        XCTAssertThrowsError(try ModelFile.decode(Data(text.utf8))) {
            XCTAssertTrue("\($0)".contains("cannot use what version 2 added"), "\($0)")
        }
        // An ols model cannot forecast steps.
        let ols = try DirectiveHarness.run("<<ols data=macro formula=\"a ~ lag(a,1)\">>", data: ["data": data])
        let linear = try ModelFile.decode(try XCTUnwrap(ols.model?.artifact))
        XCTAssertEqual(linear.formatVersion, 1, "a model that uses nothing new stays version 1")
        XCTAssertThrowsError(try linear.forecast(rows(data, columns: ["a"]), steps: 2)) {
            XCTAssertTrue("\($0)".contains("only var and favar models forecast"), "\($0)")
        }
    }

    /// The network `forecast evaluate` fitted last (at the first horizon listed) is saved; from
    /// the last origin's window it predicts the evaluation's last forecast, bit for bit.
    func testForecastEvaluateSavesTheFinalFitOfItsNetwork() throws {
        let data = frame(150)
        for model in ["lstm", "gru", "mlp"] {
            let text = """
                <<forecast evaluate data=macro target=a predictors=b model=\(model) lags=3 hidden=4 epochs=3 batch=16 \
                seed=2 horizon=2,1 start=2000-01 step=6>>
                """
            let result = try DirectiveHarness.run(text, data: ["data": data])
            let artifact = try ModelFile.decode(try XCTUnwrap(result.model?.artifact, "\(model): the final fit is saved"))
            XCTAssertEqual(artifact.input.columns, ["a", "b"])
            XCTAssertEqual(artifact.output.names, ["a"])
            XCTAssertEqual(artifact.output.horizon, 2, "the first horizon listed")
            XCTAssertEqual(artifact.training.directive, "forecast evaluate")
            XCTAssertNotNil(artifact.training.metrics["rmse.2"])
            XCTAssertNil(artifact.training.metrics["rmse.1"], "the model's metrics are its own horizon's")
            let evaluation = try JSONDecoder().decode(
                ForecastEvaluate.Evaluation.self, from: try XCTUnwrap(result.object?.payload))
            let horizon = try XCTUnwrap(evaluation.horizons.first { $0.horizon == 2 })
            let target = try XCTUnwrap(horizon.periods.last)
            let origin = try XCTUnwrap(data.periods.firstIndex(of: Month(index: target.index - 2)))
            let all = rows(data, columns: ["a", "b"])
            let window = Array(all[(origin - 2)...origin])
            let predicted = try artifact.predict(window)
            XCTAssertEqual(predicted.values.count, 1)
            XCTAssertEqual(
                predicted.values[0][0].bitPattern, horizon.forecasts.last?.bitPattern,
                "\(model): the saved final fit predicts the last forecast")
            // On many windows at once, the last window's prediction is the same number.
            let batch = try artifact.predict(Array(all[0...origin]))
            XCTAssertEqual(batch.values.last?[0] ?? .nan, horizon.forecasts.last ?? 0, accuracy: 1e-12)
        }
        let benchmark = try DirectiveHarness.run(
            "<<forecast evaluate data=macro target=a model=ar lags=2 horizon=1 start=2000-01>>", data: ["data": data])
        XCTAssertNil(benchmark.model, "benchmarks are not saved")
    }

    /// `warm=true` continues each re-fit from the last origin's network: other forecasts than a
    /// cold evaluation, recorded in the run; it is refused for models without weights.
    func testWarmStartsAreAnOptionOfTheNetworks() throws {
        let data = frame(150)
        let base = "<<forecast evaluate data=macro target=a model=mlp lags=3 hidden=4 epochs=3 batch=16 seed=2 horizon=1 start=2000-01 step=6"
        let cold = try DirectiveHarness.run(base + ">>", data: ["data": data])
        let warm = try DirectiveHarness.run(base + " warm=true>>", data: ["data": data])
        XCTAssertEqual(warm.run?.params["warm"], "true")
        XCTAssertNil(cold.run?.params["warm"])
        XCTAssertNotEqual(cold.scalars["rmse.1"], warm.scalars["rmse.1"])
        XCTAssertThrowsError(try DirectiveHarness.run(
            "<<forecast evaluate data=macro target=a model=ar horizon=1 start=2000-01 warm=true>>", data: ["data": data])) {
            XCTAssertTrue("\($0)".contains("model=ar has no weights to carry over"), "\($0)")
        }
    }
}

/// A seeded standard normal stream for the simulation (Box-Muller on a 64-bit LCG).
private struct SeededNormal {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 6_364_136_223_846_793_005 &+ 1 }
    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992
    }
    mutating func next() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
}
