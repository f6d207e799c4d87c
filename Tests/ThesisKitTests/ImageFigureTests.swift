import Foundation
import XCTest
@testable import ThesisKit

/// `![caption](images/x.png){#fig:x width=60%}`: an image of the project as a numbered,
/// captioned, cross-referencable figure in both outputs, its file copied and hashed in the
/// manifest; bad images are located errors and nothing is written.
final class ImageFigureTests: XCTestCase {
    /// A 1 × 1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")!

    private func project(_ chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-images.md"] = chapter
        let p = try TempProject(files: files)
        try p.directory.write("images/diagram.png", Self.png)
        return p
    }

    func testImageFigureInBothOutputs() throws {
        let p = try project("""
        # Images

        @fig:diagram shows a diagram drawn elsewhere, after @fig:plot.

        ![A diagram of the *model*.](images/diagram.png){#fig:diagram width=60%}
        """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<figure class=\"image\" id=\"fig:diagram\">\n<img src=\"media/images/diagram.png\" alt=\"A diagram of the model.\" style=\"width: 60.0%\">"), html)
        XCTAssertTrue(html.contains("<span class=\"label\">Figure 3.1.</span> A diagram of the <em>model</em>."), "numbered in its chapter")
        XCTAssertTrue(html.contains("href=\"#fig:diagram\">Figure&nbsp;3.1</a>"), "the cross-reference resolves")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-images.tex"))
        XCTAssertTrue(tex.contains("\\includegraphics[width=0.600\\textwidth]{media/images/diagram.png}\n\\caption{A diagram of the \\emph{model}.}\\label{fig:diagram}"), tex)
        XCTAssertEqual(p.directory.root.appendingPathComponent("reports/html/media/images/diagram.png").path.isEmpty, false)
        XCTAssertEqual(FileManager.default.contents(atPath: p.root.appendingPathComponent("reports/latex/media/images/diagram.png").path), Self.png)
        let manifest = try XCTUnwrap(p.read("reports/manifest.json"))
        XCTAssertTrue(manifest.contains("reports/html/media/images/diagram.png"), "verify checks the copy")
    }

    func testBadImagesAreLocatedErrors() throws {
        let p = try project("""
        # Bad images

        ![Missing.](images/none.png){#fig:none}

        ![Outside.](../x.png)

        ![Vector.](images/x.svg)

        Text with ![inline](images/diagram.png) inside.

        ![Attr.](images/diagram.png){#fig:plot size=3}

        See @tbl:none.
        """)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let messages = report.diagnostics.map(\.description)
        for expected in [
            "chapters/03-images.md:3:1: error: image 'images/none.png' does not exist",
            "chapters/03-images.md:5:1: error: image '../x.png' is not a file of the project",
            "chapters/03-images.md:7:1: error: image 'images/x.svg' is an SVG, which pdflatex cannot include",
            "chapters/03-images.md:9:11: error: image 'images/diagram.png' stands inside text",
            "chapters/03-images.md:11:1: error: unknown image attribute 'size=3'",
            "chapters/03-images.md:11:1: error: duplicate id 'plot'; it is already used at chapters/01-intro.md",
            "chapters/03-images.md:13:5: error: @tbl:none refers to an image figure; write @fig:none",
        ] {
            XCTAssertTrue(messages.contains { $0.hasPrefix(expected) }, "\(expected)\nin \(messages)")
        }
        XCTAssertFalse(p.exists("reports/html/index.html"), "nothing is written")
    }
}
