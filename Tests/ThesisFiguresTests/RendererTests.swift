import Foundation
import ThesisDocument
import XCTest
@testable import ThesisFigures

final class RendererTests: XCTestCase {
    func testEveryFormatHasItsSignature() throws {
        let spec = TestSpecs.impulseResponse()
        let png = try FigureRenderer.render(spec, format: .png)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try FigureRenderer.render(spec, format: .pdf)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let svg = String(decoding: try FigureRenderer.render(spec, format: .svg), as: UTF8.self)
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("width=\"240pt\""), "SVG size is in points")
    }

    func testPNGIsDrawnAtTwiceThePointSize() throws {
        let png = try FigureRenderer.render(TestSpecs.impulseResponse(width: 240, height: 160), format: .png)
        let info = try XCTUnwrap(CairoCanvas.inspectPNG(png))
        XCTAssertEqual(info.width, 480)
        XCTAssertEqual(info.height, 320)
        XCTAssertGreaterThan(info.inked, 480 * 320 / 50, "figure looks blank")
    }

    func testRenderingTwiceGivesIdenticalBytes() throws {
        let spec = TestSpecs.impulseResponse()
        for format in FigureFormat.allCases {
            let first = try FigureRenderer.render(spec, format: format)
            // Another figure in between bumps Cairo's global surface counter.
            _ = try FigureRenderer.render(TestSpecs.line([1, 2, 3]), format: format)
            let second = try FigureRenderer.render(spec, format: format)
            XCTAssertEqual(first, second, "\(format) output differs between renders")
        }
    }

    /// A grey picture (an image classifier's input) is drawn as an embedded image whose id Cairo
    /// numbers per process: renumbered, the bytes do not depend on what was drawn before.
    func testGreyPicturesAreImagesWithStableBytes() throws {
        let values: [[Double?]] = (0..<6).map { r in (0..<5).map { c in Double(r * 5 + c) / 29 } }
        let picture = Heatmap(rows: Array(repeating: "", count: 6), columns: Array(repeating: "", count: 5), values: values,
                              scale: .grey, minimum: 0, maximum: 1)
        let spec = FigureSpec(width: 300, height: 160, panels: [FigurePanel(title: "a", layers: [.heatmap(picture)]),
                                                                FigurePanel(title: "b", layers: [.heatmap(picture)])],
                              columns: 2, legend: .none)
        let first = try FigureRenderer.render(spec, format: .svg)
        _ = try FigureRenderer.render(spec, format: .svg)
        _ = try FigureRenderer.render(TestSpecs.line([1, 2, 3]), format: .svg)
        XCTAssertEqual(try FigureRenderer.render(spec, format: .svg), first)
        let svg = String(decoding: first, as: UTF8.self)
        XCTAssertTrue(svg.contains("data:image/png;base64,"), "embedded as an image, not as rectangles")
        XCTAssertTrue(svg.contains("id=\"image1\""), svg.prefix(600).description)
        XCTAssertEqual(SVGNormalizer.normalize(Data("<image id=\"image1269\"/><use xlink:href=\"#image1269\"/>".utf8)),
                       Data("<image id=\"image1\"/><use xlink:href=\"#image1\"/>".utf8))
        for format in [FigureFormat.png, .pdf] { XCTAssertEqual(try FigureRenderer.render(spec, format: format), try FigureRenderer.render(spec, format: format)) }
    }

    func testPDFCarriesAFixedDateAndNoClock() throws {
        let pdf = String(decoding: try FigureRenderer.render(TestSpecs.impulseResponse(), format: .pdf), as: UTF8.self)
        XCTAssertTrue(pdf.contains("/CreationDate (20000101000000Z)"))
        XCTAssertTrue(pdf.contains("/ModDate (20000101000000Z)"))
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        XCTAssertFalse(pdf.contains("D:\(year)"))
        XCTAssertFalse(pdf.contains("(\(year)"), "a wall-clock date leaked into the PDF")
        XCTAssertTrue(pdf.contains("DejaVuSans"), "font not embedded")
    }

    func testSVGSurfaceIdsAreNormalised() throws {
        let svg = String(decoding: try FigureRenderer.render(TestSpecs.impulseResponse(), format: .svg), as: UTF8.self)
        XCTAssertTrue(svg.contains("id=\"surface1\""))
        XCTAssertNil(svg.range(of: "surface[02-9]", options: .regularExpression))
        let normalised = SVGNormalizer.normalize(Data("<g id=\"surface72\"><use xlink:href=\"#surface98\"/><g id=\"surface98\"/>".utf8))
        XCTAssertEqual(String(decoding: normalised, as: UTF8.self),
                       "<g id=\"surface1\"><use xlink:href=\"#surface2\"/><g id=\"surface2\"/>")
    }

    func testConcurrentRendersMatchSerialOnes() throws {
        let specs = [TestSpecs.impulseResponse(), TestSpecs.everyLayer, TestSpecs.line([3, 1, 2], title: "Δ log Y")]
        let jobs = specs.indices.flatMap { s in FigureFormat.allCases.map { (s, $0) } }
        let serial = try jobs.map { try FigureRenderer.render(specs[$0.0], format: $0.1) }
        let results = ResultBox(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count * 2) { i in
            let job = jobs[i % jobs.count]
            results.set(i % jobs.count, (try? FigureRenderer.render(specs[job.0], format: job.1)) ?? Data())
        }
        for i in jobs.indices { XCTAssertEqual(results.get(i), serial[i], "job \(jobs[i]) differs when concurrent") }
    }

    func testStructuralErrorsNameTheSeries() {
        let mismatched = FigureSpec(panels: [FigurePanel(title: "GDP", layers: [
            .line(LineSeries(name: "Output", x: [1, 2, 3], y: [1, 2]))])])
        XCTAssertThrowsError(try FigureRenderer.render(mismatched, format: .png)) { error in
            let message = (error as? FigureError)?.message ?? ""
            XCTAssertTrue(message.contains("panel 1 ('GDP')") && message.contains("line 'Output'"), message)
            XCTAssertTrue(message.contains("x has 3 values but y has 2"), message)
        }
        XCTAssertThrowsError(try FigureRenderer.render(FigureSpec(panels: []), format: .svg))
        XCTAssertThrowsError(try FigureRenderer.render(FigureSpec(width: .nan, panels: [FigurePanel(layers: [])]), format: .pdf))
        XCTAssertThrowsError(try FigureRenderer.render(FigureSpec(width: 1e6, panels: [FigurePanel(layers: [])]), format: .png))
        let unnamedBand = FigureSpec(panels: [FigurePanel(layers: [.rule(Rule(y: 0)),
                                                                   .band(Band(x: [1, 2], lower: [0], upper: [1, 2]))])])
        XCTAssertThrowsError(try FigureRenderer.render(unnamedBand, format: .png)) { error in
            XCTAssertTrue("\(error)".contains("band (layer 2)"), "\(error)")
        }
        let ragged = FigureSpec(panels: [FigurePanel(layers: [.heatmap(Heatmap(rows: ["a", "b"], columns: ["x", "y"],
                                                                                values: [[1, 2], [3]]))])])
        XCTAssertThrowsError(try FigureRenderer.render(ragged, format: .svg)) { error in
            XCTAssertTrue("\(error)".contains("row 2 has 1 values but there are 2 columns"), "\(error)")
        }
        let badLimits = FigureSpec(panels: [FigurePanel(yAxis: FigureAxis(minimum: 3, maximum: 1), layers: [])])
        XCTAssertThrowsError(try FigureRenderer.render(badLimits, format: .png))
    }

    func testUnicodeLabelsHaveGlyphs() throws {
        let text = "Übergänge – Straße, α β γ Δπ σ², ρ, −1, ×10⁻¹², …, → ≤ ≥ ± € é ø Ж"
        XCTAssertEqual(CairoCanvas.missingCharacters(in: text), [])
        XCTAssertEqual(CairoCanvas.missingCharacters(in: "GDP 国内"), ["国", "内"])
        let spec = TestSpecs.line([1, 2, 3], name: "Δ log GDP – Österreich", title: "Zinsänderung α")
        XCTAssertEqual(FigureRenderer.validate(spec), [])
        var boxed = spec
        boxed.title = "GDP 国内"
        XCTAssertEqual(FigureRenderer.validate(boxed), ["warning: characters missing from DejaVu Sans print as boxes: 国内"])
        XCTAssertNoThrow(try FigureRenderer.render(boxed, format: .png))
    }

    func testValidateSeparatesErrorsFromWarnings() {
        let spec = FigureSpec(panels: [
            FigurePanel(title: "Prices", layers: [.line(LineSeries(name: "CPI", x: [1, 2, 3], y: [1, .infinity, 3]))]),
            FigurePanel(layers: [.line(LineSeries(name: "M2", x: [1, 2], y: [1]))]),
        ], columns: 0)
        let problems = FigureRenderer.validate(spec)
        XCTAssertTrue(problems.contains("warning: panel 1 ('Prices'), line 'CPI': 1 non-finite values (±∞, NaN, beyond ±1e300) are drawn as gaps"), "\(problems)")
        XCTAssertTrue(problems.contains("error: panel 2, line 'M2': x has 2 values but y has 1"), "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("columns is 0") }, "\(problems)")
        XCTAssertEqual(FigureRenderer.validate(TestSpecs.impulseResponse()), [])
    }
}

/// A lock-protected array for results written from several threads.
private final class ResultBox: @unchecked Sendable {
    private var items: [Data]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: Data(), count: count) }
    func set(_ i: Int, _ d: Data) { lock.lock(); items[i] = d; lock.unlock() }
    func get(_ i: Int) -> Data { lock.lock(); defer { lock.unlock() }; return items[i] }
}
