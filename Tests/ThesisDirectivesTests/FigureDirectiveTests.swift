import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// How the figure directives lay out their figures: units, grids, axes and scales.
final class FigureDirectiveTests: XCTestCase {
    private static func frame(_ columns: [String: [Double]]) -> TimeSeriesFrame {
        let names = columns.keys.sorted()
        let count = columns.values.first?.count ?? 0
        return TimeSeriesFrame(
            frequency: .monthly, periods: (0..<count).map { Month(index: Month(year: 2000, month: 1).index + $0) },
            names: names, columns: names.map { columns[$0]! })
    }

    func testResponseUnitsFollowTheTransformationCode() {
        // FRED-MD: INDPRO 5 (Δ log), CPIAUCSL 6 (Δ² log), HOUST 4 (log), UNRATE 2 (Δ), spreads 1 (level).
        XCTAssertEqual(ResponseUnits.favar(code: 5, scale: .level, isPolicyRate: false), "percent")
        XCTAssertEqual(ResponseUnits.favar(code: 6, scale: .level, isPolicyRate: false), "percent")
        XCTAssertEqual(ResponseUnits.favar(code: 4, scale: .growth, isPolicyRate: false), "percent")
        XCTAssertEqual(ResponseUnits.favar(code: 2, scale: .level, isPolicyRate: false), "percentage points")
        XCTAssertEqual(ResponseUnits.favar(code: 1, scale: .growth, isPolicyRate: false), "percentage points")
        XCTAssertEqual(ResponseUnits.favar(code: 1, scale: .level, isPolicyRate: true), "percentage points")
        XCTAssertEqual(ResponseUnits.favar(code: 5, scale: .transformed, isPolicyRate: false), "Δ log")
        XCTAssertEqual(ResponseUnits.favar(code: 2, scale: .transformed, isPolicyRate: false), "percentage points")
        XCTAssertEqual(ResponseUnits.favar(code: 5, scale: .standardized, isPolicyRate: false), "standard deviations")
        XCTAssertNil(ResponseUnits.favar(code: nil, scale: .level, isPolicyRate: false), "unknown code: no unit")
        XCTAssertNil(ResponseUnits.favar(code: 9, scale: .level, isPolicyRate: false))
    }

    func testSmallMultiplesChooseFullGrids() {
        let panels = (0..<4).map { _ in FigurePanel(layers: []) }
        XCTAssertEqual(SmallMultiples.spec(panels, maximumColumns: 3).columns, 2, "2 × 2, not 3 + 1")
        XCTAssertEqual(SmallMultiples.spec(panels, maximumColumns: 3).height, 2 * 165 + 45)
        XCTAssertEqual(SmallMultiples.spec(Array(repeating: FigurePanel(layers: []), count: 9), maximumColumns: 3).columns, 3)
        XCTAssertEqual(SmallMultiples.spec(Array(repeating: FigurePanel(layers: []), count: 40), maximumColumns: 3).height, 900)
    }

    func testDataPlotKeepsSeriesOnTheirOwnScales() throws {
        let t = (0..<24).map(Double.init)
        let output = t.map { 2 + sin($0 / 3) }, prices = t.map { 100 + 0.5 * $0 }, rate = t.map { 3 + cos($0 / 4) }
        // Two series on very different scales: an axis each.
        let two = try DirectiveHarness.run(
            "<<data plot data=m series=output,prices>>", data: ["data": Self.frame(["output": output, "prices": prices])])
        let panel = try XCTUnwrap(two.figures.first?.spec.panels.first)
        XCTAssertEqual(panel.yAxis.label, "output")
        XCTAssertEqual(panel.secondaryYAxis?.label, "prices")
        guard case .line(let right) = panel.layers[1] else { return XCTFail() }
        XCTAssertEqual(right.axis, .secondary)
        // Three with one far away: a panel each, stacked.
        let three = try DirectiveHarness.run(
            "<<data plot data=m series=output,prices,rate>>",
            data: ["data": Self.frame(["output": output, "prices": prices, "rate": rate])])
        let spec = try XCTUnwrap(three.figures.first?.spec)
        XCTAssertEqual(spec.panels.map(\.title), ["output", "prices", "rate"])
        XCTAssertEqual(spec.columns, 1)
        // Similar scales share one axis; axes= overrides the choice.
        let similar = try DirectiveHarness.run(
            "<<data plot data=m series=output,rate>>", data: ["data": Self.frame(["output": output, "rate": rate])])
        XCTAssertEqual(similar.figures.first?.spec.panels.count, 1)
        XCTAssertNil(similar.figures.first?.spec.panels.first?.secondaryYAxis)
        let forced = try DirectiveHarness.run(
            "<<data plot data=m series=output,prices axes=shared>>",
            data: ["data": Self.frame(["output": output, "prices": prices])])
        XCTAssertNil(forced.figures.first?.spec.panels.first?.secondaryYAxis)
        XCTAssertTrue(DataPlot.onOneScale([output, rate], log: false))
        XCTAssertFalse(DataPlot.onOneScale([output, prices], log: false))
        XCTAssertTrue(DataPlot.onOneScale([[1, 1, 1], [3, 50, 90]], log: false), "a constant series needs no axis")
    }

    func testDataPlotLogScaleRefusesValuesItCannotShow() throws {
        let frame = Self.frame(["m2": [100, 200, 400, 800], "gap": [1, -1, 2, 0]])
        let log = try DirectiveHarness.run("<<data plot data=m series=m2 scale=log>>", data: ["data": frame])
        XCTAssertEqual(log.figures.first?.spec.panels.first?.yAxis.scale, .log)
        XCTAssertThrowsError(try DirectiveHarness.run("<<data plot data=m series=m2,gap scale=log>>", data: ["data": frame])) {
            let failure = $0 as? DirectiveFailure
            XCTAssertEqual(failure?.option, "scale")
            XCTAssertEqual(
                failure?.message,
                "scale=log needs positive values, but series 'gap' has 2 values ≤ 0 (first in 2000-02); use scale=linear, "
                    + "or transform the series")
        }
        XCTAssertThrowsError(
            try DirectiveHarness.run("<<data plot data=m series=m2 axes=secondary>>", data: ["data": frame])
        ) {
            XCTAssertEqual(($0 as? DirectiveFailure)?.option, "axes")
        }
    }

    func testCompareDrawsRelativeRMSEBars() throws {
        let ids = ["e_ar", "e_rw", "e_lstm"]
        var scalars: [String: Scalar] = [:]
        for (id, values) in zip(ids, [[1.0, 1.0], [1.3, 1.1], [0.9, 1.05]]) {
            scalars["\(id).relative.1"] = .number(values[0])
            scalars["\(id).relative.12"] = .number(values[1])
        }
        let figure = try XCTUnwrap(
            Compare.relativeFigure(
                names: ["AR(12)", "Random walk", "LSTM"], ids: ids, benchmark: 0, horizons: [1, 12], scalars: scalars,
                target: "UNRATE"))
        let panel = try XCTUnwrap(figure.spec.panels.first)
        XCTAssertEqual(figure.spec.panels.count, 1)
        XCTAssertEqual(panel.barOrientation, .horizontal)
        XCTAssertEqual(panel.yAxis.categories, ["AR(12)", "Random walk", "LSTM"])
        XCTAssertEqual(panel.xAxis.label, "RMSE relative to AR(12)")
        let bars = panel.layers.compactMap { layer -> BarSeries? in
            if case .bars(let b) = layer { return b }
            return nil
        }
        XCTAssertEqual(bars.map(\.name), ["h = 1", "h = 12"])
        XCTAssertEqual(bars[0].values, [1.0, 1.3, 0.9])
        XCTAssertTrue(panel.layers.contains(.rule(Rule(x: 1, style: .dashed))), "a reference line at 1")
        XCTAssertEqual(figure.spec.legend, .bottom)
        XCTAssertNil(
            Compare.relativeFigure(names: ["a"], ids: ["a"], benchmark: 0, horizons: [1], scalars: [:], target: "x"))
    }
}
