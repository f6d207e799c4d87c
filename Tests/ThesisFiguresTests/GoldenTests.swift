import Foundation
import ThesisDocument
import ThesisTestSupport
import XCTest
@testable import ThesisFigures

/// Goldens for the spec JSON (the cache and the pipeline rely on its field names) and for the
/// SVG text (which catches layout changes). The SVG depends on Cairo and the DejaVu fonts, so
/// a system upgrade may need a re-record (`THESIS_RECORD=1`); PNG pixels are never compared.
final class GoldenTests: XCTestCase {
    static func json(_ spec: FigureSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(spec), as: UTF8.self) + "\n"
    }

    func testSpecJSON() throws {
        GoldenFile.assertMatches(try Self.json(TestSpecs.everyLayer), "every-layer.json")
    }

    func testSpecJSONDecodesToTheSameSpec() throws {
        let text = try Self.json(TestSpecs.everyLayer)
        XCTAssertEqual(try JSONDecoder().decode(FigureSpec.self, from: Data(text.utf8)), TestSpecs.everyLayer)
    }

    func testImpulseResponseSVG() throws {
        let svg = try FigureRenderer.render(TestSpecs.impulseResponse(), format: .svg)
        GoldenFile.assertMatches(String(decoding: svg, as: UTF8.self), "impulse-response.svg")
    }

    func testHeatmapSVG() throws {
        let spec = FigureSpec(width: 220, height: 170, panels: [FigurePanel(title: "Correlation", layers: [
            .heatmap(Heatmap(rows: ["π", "y", "i"], columns: ["π", "y", "i"],
                             values: [[1, 0.42, -0.3], [0.42, 1, nil], [-0.3, nil, 1]],
                             scale: .diverging, minimum: -1, maximum: 1, showValues: true)),
        ])])
        let svg = try FigureRenderer.render(spec, format: .svg)
        GoldenFile.assertMatches(String(decoding: svg, as: UTF8.self), "heatmap.svg")
    }
}
