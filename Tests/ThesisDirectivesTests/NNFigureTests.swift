import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisModels
import ThesisTestSupport
@testable import ThesisDirectives

/// `nn train` draws the test set, `nn curve` the training history; the validation loss is drawn
/// exactly where the training held out a validation split, and the caption says which.
final class NNFigureTests: XCTestCase {
    /// A monthly series with some structure (an AR(1) driven by a seeded uniform noise).
    private func monthly(_ count: Int = 160) -> TimeSeriesFrame {
        var rng = SplitMix64(state: 7)
        var y = [0.0]
        for _ in 1..<count { y.append(0.6 * y[y.count - 1] + Double(rng.next() % 1000) / 1000 - 0.5) }
        let x = y.indices.map { sin(Double($0) / 5) }
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<count).map { Month(index: Month(year: 2000, month: 1).index + $0) },
            names: ["x", "y"], columns: [x, y])
    }

    private func lines(_ figure: Figure?) -> [String] {
        (figure?.spec.panels.first?.layers ?? []).compactMap { if case .line(let l) = $0 { return l.name }; return nil }
    }

    private func curve(of trained: DirectiveResult) throws -> Figure {
        try XCTUnwrap(try DirectiveHarness.run("<<nn curve of=fit>>", results: ["of": trained]).figures.first)
    }

    func testTrainDrawsTheTestSetAndCurveTheLossWithoutValidation() throws {
        let trained = try DirectiveHarness.run(
            "<<nn train data=d target=y model=lstm lags=4 hidden=4 epochs=5 batch=16 id=fit>>", data: ["data": monthly()])
        let figure = try XCTUnwrap(trained.figures.first)
        XCTAssertEqual(lines(figure), ["actual", "predicted"])
        XCTAssertTrue(figure.caption?.hasPrefix("Actual and predicted y on the test set, ") ?? false, figure.caption ?? "")
        XCTAssertEqual(figure.spec.panels[0].xAxis.scale, .monthly)
        let curve = try curve(of: trained)
        XCTAssertNotEqual(curve.spec, figure.spec, "nn train and nn curve draw different figures")
        XCTAssertEqual(lines(curve), ["training loss"], "no validation split, no validation line")
        XCTAssertEqual(curve.caption, "Training loss by epoch (no validation split).")
        XCTAssertNil(trained.scalars["val_loss"])
    }

    func testValidationShareDrawsTheValidationLoss() throws {
        let trained = try DirectiveHarness.run(
            "<<nn train data=d target=y model=lstm lags=4 hidden=4 epochs=5 batch=16 validation=0.2 id=fit>>",
            data: ["data": monthly()])
        let curve = try curve(of: trained)
        XCTAssertEqual(lines(curve), ["training loss", "validation loss"])
        XCTAssertEqual(curve.caption, "Training and validation loss by epoch.")
        XCTAssertNotNil(trained.scalars["val_loss"]?.number)
        XCTAssertEqual(trained.scalars["epochs"]?.number, 5, "monitoring does not stop the training")
    }

    func testEarlyStoppingMarksTheEpochWhoseWeightsAreKept() throws {
        let trained = try DirectiveHarness.run(
            "<<nn train data=d target=y model=mlp hidden=8 epochs=400 lr=0.05 patience=3 id=fit>>", data: ["data": monthly()])
        let curve = try curve(of: trained)
        XCTAssertEqual(lines(curve), ["training loss", "validation loss"])
        let epochs = try XCTUnwrap(trained.scalars["epochs"]?.number)
        XCTAssertLessThan(epochs, 400, "the validation loss stops improving long before 400 epochs")
        let kept = curve.spec.panels[0].layers.compactMap { if case .scatter(let s) = $0 { return s }; return nil }
        XCTAssertEqual(kept.count, 1)
        XCTAssertTrue(curve.caption?.contains("stopped early, the weights of epoch") ?? false, curve.caption ?? "")
    }

    func testCrossSectionalRegressionDrawsPredictedAgainstActual() throws {
        let frame = monthly()
        let rows = TimeSeriesFrame(
            frequency: .rows, periods: frame.periods.indices.map { Month(index: $0) }, names: frame.names,
            columns: frame.columns)
        let trained = try DirectiveHarness.run(
            "<<nn train data=d target=y model=mlp hidden=4 epochs=5 id=fit>>", data: ["data": rows])
        let figure = try XCTUnwrap(trained.figures.first)
        XCTAssertEqual(figure.caption, "Predicted against actual y on the test set.")
        XCTAssertEqual(lines(figure), ["45° line"])
        let scatter = figure.spec.panels[0].layers.compactMap { if case .scatter(let s) = $0 { return s }; return nil }
        XCTAssertEqual(scatter.first?.x.count, 40, "a quarter of 160 rows")
    }
}
