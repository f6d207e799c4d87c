import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ThesisDocument
import ThesisTestSupport
import XCTest
@testable import ThesisFigures

/// Grids without empty cells, log scales, horizontal bars and a secondary y axis.
final class FigureKitTests: XCTestCase {
    // MARK: - Grids

    func testGridColumnsLeaveNoEmptyCellWhereTheyCan() {
        let cases: [(count: Int, maximum: Int, columns: Int)] = [
            (1, 3, 1), (2, 3, 2), (3, 3, 3), (4, 3, 2), (5, 3, 3), (6, 3, 3), (7, 3, 3), (8, 3, 3), (9, 3, 3),
            (4, 4, 4), (5, 5, 5), (6, 4, 3), (8, 4, 4), (10, 4, 4), (12, 4, 4), (0, 3, 1), (3, 0, 1),
        ]
        for c in cases {
            XCTAssertEqual(FigureSpec.gridColumns(for: c.count, maximum: c.maximum), c.columns,
                           "\(c.count) panels, at most \(c.maximum) columns")
        }
        // Never more empty cells than a full last row would leave, and never a single column of many.
        for count in 2...16 {
            let columns = FigureSpec.gridColumns(for: count, maximum: 3)
            XCTAssertGreaterThan(columns, 1)
            XCTAssertLessThan((count + columns - 1) / columns * columns - count, columns)
        }
    }

    private func layout(_ spec: FigureSpec) throws -> FigureLayout {
        let canvas = try CairoCanvas(format: .svg, width: spec.width, height: spec.height, title: nil)
        return LayoutEngine(spec: spec, panels: spec.panels.map(PreparedPanel.init), canvas: canvas).layout(reservation: nil)
    }

    private static func dated(_ title: String, offset: Double = 0) -> FigurePanel {
        let x = (0..<36).map { 2018 + Double($0) / 12 }
        return FigurePanel(title: title, xAxis: FigureAxis(scale: .monthly),
                           layers: [.line(LineSeries(x: x, y: x.map { sin($0 * 3) + offset }))])
    }

    func testAShortLastRowIsCentred() throws {
        let spec = FigureSpec(height: 320, panels: (1...5).map { Self.dated("P\($0)") }, columns: 3)
        let panels = try layout(spec).panels
        let firstRowMiddle = (panels[0].plot.minX + panels[2].plot.maxX) / 2
        let lastRowMiddle = (panels[3].plot.minX + panels[4].plot.maxX) / 2
        XCTAssertEqual(lastRowMiddle, firstRowMiddle, accuracy: 3, "the last row of two is centred under three")
        XCTAssertGreaterThan(panels[3].plot.minX, panels[0].plot.maxX - panels[0].plot.width / 2,
                             "the first panel of the last row starts half a cell in")
        XCTAssertEqual(panels[3].plot.width, panels[0].plot.width, "all plots have one size")
    }

    func testEveryPanelOfAGridLabelsItsDates() throws {
        let spec = FigureSpec(height: 320, panels: (1...6).map { Self.dated("P\($0)") }, columns: 3)
        let panels = try layout(spec).panels
        XCTAssertTrue(panels.allSatisfy(\.showXLabels), "top-row panels label their x ticks too")
        XCTAssertTrue(panels.allSatisfy { $0.x.labels.contains("2019") }, "\(panels.map(\.x.labels))")
    }

    func testPrintedTextSizes() {
        XCTAssertGreaterThanOrEqual(Theme.tickSize, 8.5, "tick labels print at 8.5 pt or more")
        XCTAssertGreaterThanOrEqual(Theme.labelSize, 9.5)
        XCTAssertGreaterThanOrEqual(Theme.legendSize, 8.5)
        XCTAssertGreaterThanOrEqual(Theme.minimumPanelTitleSize, 8)
    }

    // MARK: - Log scales

    func testLogTicksAtPowersOfTen() {
        let t = LogTicks.ticks(low: 1, high: 1000, target: 5)
        XCTAssertEqual(t.values, [1, 10, 100, 1000])
        XCTAssertEqual(t.labels, ["1", "10", "100", "1,000"])
        XCTAssertTrue(t.minor.contains(2) && t.minor.contains(900) && !t.minor.contains(10), "\(t.minor)")
        let wide = LogTicks.ticks(low: 0.01, high: 1e8, target: 5)
        XCTAssertEqual(wide.values, [1, 1000, 1e6], "every third decade when eleven are too many")
        XCTAssertEqual(wide.labels, ["1", "1,000", "10⁶"])
    }

    func testLogTicksOfShortSpansUseOneTwoFive() {
        let t = LogTicks.ticks(low: 2, high: 40, target: 6)
        XCTAssertEqual(t.values, [2, 5, 10, 20])
        XCTAssertEqual(t.labels, ["2", "5", "10", "20"])
        let small = LogTicks.ticks(low: 0.03, high: 0.2, target: 6)
        XCTAssertEqual(small.values, [0.05, 0.1, 0.2])
        XCTAssertEqual(small.labels, ["0.05", "0.1", "0.2"])
        XCTAssertEqual(LogTicks.ticks(low: 3, high: 7, target: 6).values, [3, 4, 5, 6, 7])
        XCTAssertEqual(LogTicks.ticks(low: 0, high: 7, target: 6).values, [], "no ticks for a range that is not positive")
        XCTAssertEqual(LogTicks.label(2e-5), "2×10⁻⁵")
    }

    func testLogAxisMapsEqualRatiosToEqualLengths() {
        var plan = AxisPlan(low: 1, high: 100)
        plan.log = true
        XCTAssertEqual(plan.map(10, 0, 100), 50, accuracy: 1e-9)
        XCTAssertEqual(plan.map(100, 0, 100), 100, accuracy: 1e-9)
        XCTAssertLessThan(plan.map(0, 0, 100), -1000, "zero lies far below the axis (clipped)")
        let limits = AxisPlanner.limits(AxisData(extent: Extent(1, 100)), axis: FigureAxis(scale: .log), categories: nil,
                                        isY: true)
        XCTAssertEqual(log10(limits.0), -0.1, accuracy: 1e-9, "padded by 5% of two decades")
        XCTAssertEqual(log10(limits.1), 2.1, accuracy: 1e-9)
    }

    func testLogAxisLeavesOutValuesItCannotShow() throws {
        let spec = FigureSpec(width: 240, height: 160, panels: [FigurePanel(
            yAxis: FigureAxis(scale: .log),
            layers: [.line(LineSeries(name: "M2", x: [0, 1, 2, 3, 4], y: [-1, 0, 1, 10, 100]))])])
        XCTAssertEqual(FigureRenderer.validate(spec),
                       ["warning: panel 1, line 'M2': 2 y values ≤ 0 cannot be drawn on a log axis and are left out"])
        let prepared = PreparedPanel(spec.panels[0])
        XCTAssertEqual(prepared.y.extent, Extent(1, 100))
        let layout = try layout(spec)
        XCTAssertTrue(layout.panels[0].y.log)
        XCTAssertEqual(layout.panels[0].y.labels, ["1", "10", "100"])
        XCTAssertNoThrow(try FigureRenderer.render(spec, format: .png))
    }

    // MARK: - Horizontal bars

    func testHorizontalBarsRunAlongXWithTheFirstCategoryOnTop() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "Relative RMSE"), yAxis: FigureAxis(categories: ["AR", "RW", "LSTM"]),
            layers: [.bars(BarSeries(name: "h = 1", values: [1, 1.2, 0.9]))], barOrientation: .horizontal)
        let prepared = PreparedPanel(panel)
        XCTAssertEqual(prepared.yCategories, ["LSTM", "RW", "AR"], "bottom to top")
        guard case .rects(let rects, _, _) = prepared.marks[0] else { return XCTFail("no bars") }
        XCTAssertEqual(rects.map(\.x1), [1, 1.2, 0.9])
        XCTAssertEqual(rects.map(\.x0), [0, 0, 0])
        XCTAssertEqual(rects.map { ($0.y0 + $0.y1) / 2 }, [2, 1, 0], "AR at the top position")
        XCTAssertTrue(prepared.x.zeroBaseline)
        let limits = AxisPlanner.limits(prepared.x, axis: panel.xAxis, categories: nil, isY: false)
        XCTAssertEqual(limits.0, 0, "bars start at zero")
        XCTAssertGreaterThan(limits.1, 1.2, "padding beyond the longest bar")
        let plan = try layout(FigureSpec(width: 300, height: 160, panels: [panel])).panels[0]
        XCTAssertEqual(plan.y.labels, ["LSTM", "RW", "AR"])
        XCTAssertTrue(plan.y.categorical)
    }

    func testGroupedHorizontalBarsPutTheFirstLayerOnTop() {
        let panel = FigurePanel(yAxis: FigureAxis(categories: ["A", "B"]),
                                layers: [.bars(BarSeries(name: "h1", values: [1, 2])),
                                         .bars(BarSeries(name: "h12", values: [3, 4]))],
                                barOrientation: .horizontal)
        let prepared = PreparedPanel(panel)
        guard case .rects(let first, _, _) = prepared.marks[0], case .rects(let second, _, _) = prepared.marks[1] else {
            return XCTFail("no bars")
        }
        XCTAssertGreaterThan(first[0].y0, second[0].y0, "h1 above h12 within category A")
        XCTAssertGreaterThan(first[0].y0, first[1].y0, "category A above B")
    }

    // MARK: - Secondary axis

    func testSecondaryAxisHasItsOwnRange() throws {
        let x = (0..<24).map { 2000 + Double($0) / 12 }
        let panel = FigurePanel(
            xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: "Percent"),
            layers: [.line(LineSeries(name: "Rate", x: x, y: x.map { 5 + sin($0) })),
                     .line(LineSeries(name: "Output", x: x, y: x.map { 20_000 + 100 * $0 }, axis: .secondary))],
            secondaryYAxis: FigureAxis(label: "Index"))
        let prepared = PreparedPanel(panel)
        XCTAssertLessThan(prepared.y.extent?.high ?? .infinity, 7)
        XCTAssertGreaterThan(prepared.y2.extent?.low ?? 0, 200_000)
        XCTAssertEqual(prepared.legend.map(\.label), ["Rate", "Output (right axis)"])
        let spec = FigureSpec(width: 320, height: 180, panels: [panel])
        let plan = try layout(spec).panels[0]
        let y2 = try XCTUnwrap(plan.y2)
        XCTAssertEqual(y2.title, "Index")
        XCTAssertGreaterThan(y2.low, 200_000)
        XCTAssertLessThan(plan.y.high, 10)
        XCTAssertLessThan(plan.plot.maxX, plan.cell.maxX - 20, "room on the right for the second axis's labels")
        XCTAssertEqual(FigureRenderer.validate(spec), [])
    }

    func testASecondaryLineWithoutASecondaryAxisIsDrawnOnTheLeft() {
        let panel = FigurePanel(layers: [.line(LineSeries(name: "a", x: [0, 1], y: [1, 2], axis: .secondary))])
        XCTAssertEqual(PreparedPanel(panel).y.extent, Extent(1, 2))
        XCTAssertEqual(FigureRenderer.validate(FigureSpec(panels: [panel])),
                       ["warning: panel 1, line 'a': drawn against the left axis, as the panel has no secondary y axis"])
    }

    func testNewFieldsRoundTripAndStayOutOfOldSpecs() throws {
        let plain = try String(decoding: JSONEncoder().encode(TestSpecs.impulseResponse()), as: UTF8.self)
        XCTAssertFalse(plain.contains("barOrientation") || plain.contains("\"axis\"") || plain.contains("secondaryYAxis"),
                       "specs without the new features encode as before")
        let spec = Self.kitSpec
        let back = try JSONDecoder().decode(FigureSpec.self, from: JSONEncoder().encode(spec))
        XCTAssertEqual(back, spec)
    }

    /// Log scale, horizontal bars and a secondary axis in one figure, for the SVG golden.
    static let kitSpec: FigureSpec = {
        let x = (0..<48).map { 2004 + Double($0) / 12 }
        return FigureSpec(width: 453.6, height: 200, panels: [
            FigurePanel(title: "Money stock (log scale)", xAxis: FigureAxis(scale: .monthly),
                        yAxis: FigureAxis(label: "Billions", scale: .log),
                        layers: [.line(LineSeries(name: "M2", x: x, y: x.map { 40 * pow(1.8, $0 - 2004) }))]),
            FigurePanel(title: "Rate and output", xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: "Percent"),
                        layers: [.line(LineSeries(name: "Rate", x: x, y: x.map { 3 + sin($0 * 2) })),
                                 .line(LineSeries(name: "Output", x: x, y: x.map { 90 + 2 * ($0 - 2004) }, axis: .secondary))],
                        secondaryYAxis: FigureAxis(label: "Index")),
            FigurePanel(title: "Relative RMSE", xAxis: FigureAxis(minimum: 0),
                        yAxis: FigureAxis(categories: ["AR", "Random walk", "LSTM"]),
                        layers: [.bars(BarSeries(name: "h = 1", values: [1, 1.25, 0.92])),
                                 .bars(BarSeries(name: "h = 12", values: [1, 1.1, 0.97]))],
                        barOrientation: .horizontal),
        ], columns: 3, legend: .bottom)
    }()

    func testFigureKitSVG() throws {
        let svg = try FigureRenderer.render(Self.kitSpec, format: .svg)
        GoldenFile.assertMatches(String(decoding: svg, as: UTF8.self), "figure-kit.svg")
    }

    /// Cairo draws text as glyph outlines, so user strings never appear in the SVG as text and
    /// need no escaping there; the document stays well formed whatever the labels hold.
    func testUserTextCannotBreakTheSVG() throws {
        let hostile = "<script>&\"'</g>"
        var spec = TestSpecs.line([1, 2, 3], name: hostile, title: hostile)
        spec.title = hostile
        let svg = String(decoding: try FigureRenderer.render(spec, format: .svg), as: UTF8.self)
        XCTAssertFalse(svg.contains("<script") || svg.contains(hostile))
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }
}
