import Foundation
import ThesisDocument
import XCTest
@testable import ThesisFigures

/// Bad data must give a sensible figure (or a clear error), never a crash, a hang or a blank image.
final class BadDataTests: XCTestCase {
    /// Renders every format; checks the PNG has ink and, when `drawsData`, that the data show
    /// (the figure differs from the same figure without layers).
    private func assertDraws(_ spec: FigureSpec, drawsData: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        for format in FigureFormat.allCases {
            let data = try FigureRenderer.render(spec, format: format)
            XCTAssertGreaterThan(data.count, 500, "\(format) output is tiny", file: file, line: line)
        }
        let png = try FigureRenderer.render(spec, format: .png)
        let info = try XCTUnwrap(CairoCanvas.inspectPNG(png), file: file, line: line)
        XCTAssertGreaterThan(info.inked, info.width * info.height / 100, "blank image", file: file, line: line)
        if drawsData {
            let empty = try FigureRenderer.render(TestSpecs.withoutLayers(spec), format: .png)
            XCTAssertNotEqual(png, empty, "the data were not drawn", file: file, line: line)
        }
    }

    func testEmptySeriesDrawsAnEmptyPanel() throws {
        try assertDraws(TestSpecs.line([]), drawsData: false)
        XCTAssertEqual(FigureRenderer.validate(TestSpecs.line([], name: "GDP")), ["warning: panel 1, line 'GDP': is empty"])
    }

    func testOnePointIsDrawnAsAMarker() throws {
        try assertDraws(TestSpecs.line([3.5]), drawsData: true)
        XCTAssertTrue(FigureRenderer.validate(TestSpecs.line([3.5])).first?.contains("only 1 point") ?? false)
    }

    func testConstantSeriesGetsAPaddedRange() throws {
        try assertDraws(TestSpecs.line(Array(repeating: 2, count: 10)), drawsData: true)
        try assertDraws(TestSpecs.line(Array(repeating: 0, count: 10)), drawsData: true)
        let limits = AxisPlanner.limits(AxisData(extent: Extent(2, 2)), axis: FigureAxis(), categories: nil, isY: true)
        XCTAssertLessThan(limits.0, 2)
        XCTAssertGreaterThan(limits.1, 2)
    }

    func testAllMissing() throws {
        try assertDraws(TestSpecs.line(Array(repeating: nil, count: 10), name: "CPI"), drawsData: false)
        XCTAssertEqual(FigureRenderer.validate(TestSpecs.line(Array(repeating: nil, count: 10), name: "CPI")),
                       ["warning: panel 1, line 'CPI': all 10 values are missing or not finite"])
    }

    func testInfinitiesAndNaNBecomeGaps() throws {
        let y: [Double?] = [1, 2, .infinity, 3, -.infinity, 2, .nan, 1, 1e308, 2]
        try assertDraws(TestSpecs.line(y), drawsData: true)
        let (runs, isolated) = PreparedPanel.runs(x: y.indices.map(Double.init), y: y)
        XCTAssertEqual(runs.map(\.count), [2])
        XCTAssertEqual(isolated.map(\.x), [3, 5, 7, 9])
        // Non-finite x values break the line too.
        try assertDraws(TestSpecs.line([1, 2, 3], x: [0, .nan, 2]), drawsData: true)
    }

    func testExtremeMagnitudes() throws {
        let wave = (0..<20).map { sin(Double($0) / 3) }
        for scale in [1e-12, 1e12, 1e-300, 1e300] {
            try assertDraws(TestSpecs.line(wave.map { $0 * scale }), drawsData: true)
        }
        try assertDraws(TestSpecs.line(wave.map { 1e12 + $0 }), drawsData: true)
        // A huge outlier on a fixed axis is clipped, not passed to Cairo's fixed-point coordinates.
        var spec = TestSpecs.line([0, 1, 1e15, 1, 0])
        spec.panels[0].yAxis = FigureAxis(minimum: 0, maximum: 2)
        try assertDraws(spec, drawsData: true)
    }

    func testOtherLayersWithBadData() throws {
        let bad: [Double?] = [nil, .nan, .infinity]
        let layers: [FigureLayer] = [
            .bars(BarSeries(name: "bars", values: bad)), .scatter(ScatterSeries(name: "s", x: [1, 2, 3], y: bad, fit: true)),
            .histogram(Histogram(name: "h", values: bad, bins: -3)), .area(AreaSeries(name: "a", x: [1, 2, 3], y: bad)),
            .band(Band(x: [1, 2, 3], lower: bad, upper: [1, 2, 3])),
            .heatmap(Heatmap(rows: ["a"], columns: ["b", "c", "d"], values: [bad])),
            .histogram(Histogram(values: Array(repeating: 4.2, count: 50))),
            .scatter(ScatterSeries(x: [1, 1, 1], y: [2, 3, 4], fit: true)),
        ]
        for layer in layers {
            try assertDraws(FigureSpec(width: 200, height: 150, panels: [FigurePanel(layers: [layer])]), drawsData: false)
        }
    }

    func testManyPanelsInATinyFigure() throws {
        let panels = (0..<30).map { i in FigurePanel(title: "Panel \(i) with a long title",
                                                      layers: [.line(LineSeries(name: "y", x: [0, 1], y: [0, Double(i)]))]) }
        try assertDraws(FigureSpec(width: 120, height: 100, panels: panels, columns: 6), drawsData: true)
        try assertDraws(FigureSpec(width: 200, height: 150, panels: Array(panels.prefix(3)), columns: 99), drawsData: true)
        try assertDraws(FigureSpec(width: 200, height: 150, panels: Array(panels.prefix(3)), columns: -1), drawsData: true)
    }

    func testHugeCategoryCountsAndLongLabels() throws {
        let names = (0..<300).map { "Category number \($0) with a name that goes on" }
        let spec = FigureSpec(panels: [FigurePanel(xAxis: FigureAxis(categories: names),
                                                   layers: [.bars(BarSeries(values: names.indices.map { Double($0 % 7) }))])])
        try assertDraws(spec, drawsData: true)
        let heat = FigureSpec(panels: [FigurePanel(layers: [.heatmap(Heatmap(
            rows: Array(names.prefix(60)), columns: Array(names.prefix(60)),
            values: (0..<60).map { r in (0..<60).map { c in Double(r * c % 11) } }, showValues: true))])])
        try assertDraws(heat, drawsData: true)
    }
}
