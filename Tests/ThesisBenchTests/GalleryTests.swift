import Foundation
import ThesisDocument
import XCTest
import ThesisFigures
@testable import ThesisBench

/// Renders every gallery example in every format. Set `THESIS_FIGURES_OUT=/some/dir` to keep
/// the files for a visual review.
final class GalleryTests: XCTestCase {
    func testEveryExampleRendersInEveryFormat() throws {
        let out = ProcessInfo.processInfo.environment["THESIS_FIGURES_OUT"].map { URL(fileURLWithPath: $0) }
        if let out { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) }
        for (name, spec) in FigureGallery.examples {
            XCTAssertEqual(FigureRenderer.validate(spec).filter { $0.hasPrefix("error") }, [], name)
            for format in FigureFormat.allCases {
                let data = try FigureRenderer.render(spec, format: format)
                XCTAssertGreaterThan(data.count, 1000, "\(name).\(format.rawValue)")
                try out.map { try data.write(to: $0.appendingPathComponent("\(name).\(format.rawValue)")) }
            }
            let png = try XCTUnwrap(CairoCanvas.inspectPNG(try FigureRenderer.render(spec, format: .png)))
            XCTAssertEqual(Double(png.width), spec.width * 2, accuracy: 1, name)
            XCTAssertGreaterThan(png.inked, png.width * png.height / 20, "\(name) looks blank")
        }
    }

    func testGalleryCoversEveryLayerKind() {
        var kinds = Set<String>()
        var stackedBars = false, smallMultiples = false, fittedScatter = false, labelledHeatmap = false
        var horizontalBars = false, logScale = false, secondaryAxis = false
        for (_, spec) in FigureGallery.examples {
            smallMultiples = smallMultiples || spec.panels.count >= 4
            for panel in spec.panels {
                horizontalBars = horizontalBars || panel.barOrientation == .horizontal
                logScale = logScale || panel.yAxis.scale == .log
                secondaryAxis = secondaryAxis || panel.secondaryYAxis != nil
                for layer in panel.layers {
                    switch layer {
                    case .line: kinds.insert("line")
                    case .band: kinds.insert("band")
                    case .rule: kinds.insert("rule")
                    case .bars: kinds.insert("bars"); stackedBars = stackedBars || panel.barMode == .stacked
                    case .scatter(let s): kinds.insert("scatter"); fittedScatter = fittedScatter || s.fit
                    case .histogram: kinds.insert("histogram")
                    case .area: kinds.insert("area")
                    case .heatmap(let h): kinds.insert("heatmap"); labelledHeatmap = labelledHeatmap || h.showValues
                    }
                }
            }
        }
        XCTAssertEqual(kinds, ["line", "band", "rule", "bars", "scatter", "histogram", "area", "heatmap"])
        XCTAssertTrue(stackedBars && smallMultiples && fittedScatter && labelledHeatmap)
        XCTAssertTrue(horizontalBars && logScale && secondaryAxis)
        XCTAssertEqual(Set(FigureGallery.examples.map(\.name)).count, FigureGallery.examples.count, "names must be unique")
    }

    func testBenchmarkSpecIsTheDocumentedGrid() {
        let spec = FigureBenchmark.irfGridSpec()
        XCTAssertEqual(spec.panels.count, 12)
        XCTAssertEqual(spec.columns, 4)
        guard case .line(let line) = spec.panels[5].layers[2] else { return XCTFail("no response line") }
        XCTAssertEqual(line.y.count, 48)
        // Row 1 (Supply), column 1 (Prices): a = 1.2, d = 0.07, w = 0.25, φ = 0.4.
        XCTAssertEqual(line.y[10] ?? .nan, 1.2 * exp(-0.7) * cos(2.5 + 0.4), accuracy: 1e-12)
        let medians = FigureBenchmark.run(iterations: 1)
        XCTAssertEqual(Set(medians.keys), ["png", "pdf", "svg"])
        XCTAssertTrue(medians.values.allSatisfy { $0 > 0 })
    }
}
