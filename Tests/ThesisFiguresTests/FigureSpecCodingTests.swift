import Foundation
import ThesisDocument
import XCTest

final class FigureSpecCodingTests: XCTestCase {
    func testMinimalJSONGetsDefaults() throws {
        let json = """
        {"panels": [{"layers": [
            {"type": "line", "x": [1, 2], "y": [1, null]},
            {"type": "bars", "values": [3, 4]},
            {"type": "rule", "y": 0},
            {"type": "heatmap", "rows": ["a"], "columns": ["b"], "values": [[1]]}
        ]}]}
        """
        let spec = try JSONDecoder().decode(FigureSpec.self, from: Data(json.utf8))
        XCTAssertEqual(spec.width, FigureSpec.fullWidth)
        XCTAssertEqual(spec.height, FigureSpec.defaultHeight)
        XCTAssertEqual(spec.columns, 1)
        XCTAssertEqual(spec.legend, .auto)
        XCTAssertEqual(spec.panels[0].barMode, .grouped)
        XCTAssertEqual(spec.panels[0].layers[0], .line(LineSeries(x: [1, 2], y: [1, nil])))
        XCTAssertEqual(spec.panels[0].layers[1], .bars(BarSeries(values: [3, 4])))
        XCTAssertEqual(spec.panels[0].layers[2], .rule(Rule(y: 0)))
        XCTAssertEqual(spec.panels[0].layers[3], .heatmap(Heatmap(rows: ["a"], columns: ["b"], values: [[1]])))
    }

    func testNonFiniteNumbersEncodeAsNull() throws {
        let spec = FigureSpec(panels: [FigurePanel(yAxis: FigureAxis(minimum: -.infinity), layers: [
            .line(LineSeries(name: "IRF", x: [0, .nan, 2], y: [1, .infinity, nil])),
            .band(Band(x: [0, 1], lower: [.nan, 0], upper: [1, -.infinity])),
            .rule(Rule(y: .nan)),
            .heatmap(Heatmap(rows: ["a"], columns: ["b"], values: [[.infinity]])),
        ])])
        let data = try JSONEncoder().encode(spec)  // must not throw on NaN or ±∞
        let json = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(json.contains(#""y":[1,null,null]"#), json)
        XCTAssertFalse(json.contains("minimum"), json)
        let back = try JSONDecoder().decode(FigureSpec.self, from: data)
        guard case .line(let line) = back.panels[0].layers[0] else { return XCTFail("not a line") }
        XCTAssertEqual(line.y, [1, nil, nil])
        XCTAssertTrue(line.x[1].isNaN, "null x reads back as NaN")
        guard case .rule(let rule) = back.panels[0].layers[2] else { return XCTFail("not a rule") }
        XCTAssertTrue(rule.y.isNaN)
    }

    func testUnknownLayerTypeIsAnError() {
        let json = #"{"panels": [{"layers": [{"type": "pie", "values": [1]}]}]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(FigureSpec.self, from: Data(json.utf8)))
    }

    func testExistingInitialisersStillWork() {
        // The shapes the pipeline is written against.
        let spec = FigureSpec(width: 453.6, height: 280, title: "IRF", panels: [
            FigurePanel(title: "GDP", xAxis: FigureAxis(label: "h", scale: .linear, format: .plain),
                        yAxis: FigureAxis(label: "%", scale: .linear, format: .percent),
                        layers: [.line(LineSeries(name: "a", x: [0], y: [nil])), .band(Band(x: [0], lower: [0], upper: [1])),
                                 .rule(Rule(y: 0))]),
        ], columns: 2, sharedYAxis: true, legend: .auto)
        XCTAssertEqual(spec.panels[0].layers.count, 3)
        XCTAssertEqual(spec.panels[0].xAxis.categories, nil)
    }

    func testScreeBuilder() {
        let panel = FigurePanel.scree(shares: [0.5, 0.3, 0.2])
        XCTAssertEqual(panel.xAxis.categories, ["1", "2", "3"])
        guard case .line(let cumulative) = panel.layers[1] else { return XCTFail("no cumulative line") }
        XCTAssertEqual(cumulative.y.compactMap { $0 }, [0.5, 0.8, 1.0], accuracy: 1e-12)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
