import Foundation
import XCTest
@testable import ThesisKit

/// Image data sets end to end: thesis.toml declares a folder (`format = "images"`, channels,
/// size), `images describe` decodes every image, the cache key is the folder's manifest (an
/// image changed re-executes exactly what reads the folder), verify re-hashes it, and bad
/// folders and images are errors that name the file.
extension CommandLineTests {
    private static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/images")
    }

    private static func imageProject(toml: String = "channels = 1\nsize = [8, 8]") throws -> TempProject {
        var files = TempProject.standardFiles
        files["thesis.toml"]! += "\n\n[data.shapes]\npath = \"data/shapes\"\nformat = \"images\"\n\(toml)\n"
        files["chapters/02-img.md"] = """
            # Images

            <<images describe data=shapes id=inventory>>

            <<data describe data=macro id=table>>
            """
        let p = try TempProject(files: files)
        let grey = try Data(contentsOf: fixtures.appendingPathComponent("grey.png"))
        let rgb = try Data(contentsOf: fixtures.appendingPathComponent("rgb.png"))
        let jpeg = try Data(contentsOf: fixtures.appendingPathComponent("rgb.jpg"))
        for (path, data) in [
            ("train/circle/a.png", grey), ("train/circle/b.png", rgb), ("train/square/c.jpg", jpeg),
            ("test/circle/d.png", rgb), ("test/square/e.png", grey),
        ] {
            let url = p.root.appendingPathComponent("data/shapes/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return p
    }

    func testAnImageFolderIsADataSetKeyedByItsManifest() throws {
        let p = try Self.imageProject()
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let scalars = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["inventory"])]).scalars
        XCTAssertEqual(scalars["images"], .number(5))
        XCTAssertEqual(scalars["classes"], .number(2))
        XCTAssertEqual(scalars["train"], .number(3))
        XCTAssertEqual(scalars["test"], .number(2))
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("The images of shapes by class and split."), html)
        XCTAssertEqual(try p.build().executed.count, 0, "a no-op rebuild")

        // One image changed: exactly the directive that reads the folder runs again.
        try Data(contentsOf: Self.fixtures.appendingPathComponent("grey.png"))
            .write(to: p.root.appendingPathComponent("data/shapes/test/circle/d.png"))
        let changed = try p.build()
        XCTAssertEqual(changed.executed.map { changed.plan.directives[$0].resolved.id }, ["inventory"])
        // A new image too; and the declared size is part of the key.
        try Data(contentsOf: Self.fixtures.appendingPathComponent("grey.png"))
            .write(to: p.root.appendingPathComponent("data/shapes/test/square/f.png"))
        XCTAssertEqual(try p.build().executed.count, 1)
        let toml = try XCTUnwrap(p.read("thesis.toml"))
        try p.write("thesis.toml", toml.replacingOccurrences(of: "size = [8, 8]", with: "size = [6, 6]"))
        XCTAssertEqual(try p.build().executed.count, 1)

        let verified = try run(["verify"], in: p.root)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("data/shapes/test/square/f.png"))
        let stale = try run(["verify"], in: p.root)
        XCTAssertNotEqual(stale.status, 0)
        XCTAssertTrue(stale.stdout.contains("image folder data/shapes changed since the build"), stale.stdout)
    }

    func testBadImageFoldersAndImagesAreErrorsNamingTheFile() throws {
        let p = try Self.imageProject()
        // A damaged image: the build names it.
        let png = try Data(contentsOf: Self.fixtures.appendingPathComponent("rgb.png"))
        try png.prefix(png.count - 20).write(to: p.root.appendingPathComponent("data/shapes/train/square/cut.png"))
        let damaged = try run(["build"], in: p.root)
        XCTAssertEqual(damaged.status, 1)
        XCTAssertTrue(
            damaged.stderr.contains("chapters/02-img.md:3:") && damaged.stderr.contains("data/shapes/train/square/cut.png: a damaged PNG"),
            damaged.stderr)
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("data/shapes/train/square/cut.png"))
        // A class folder without images.
        try FileManager.default.createDirectory(
            at: p.root.appendingPathComponent("data/shapes/test/triangle"), withIntermediateDirectories: true)
        let empty = try run(["build"], in: p.root)
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("data/shapes/test/triangle:1:1: error: [images describe] the class folder has no images"), empty.stderr)
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("data/shapes/test/triangle"))

        // Image and table data sets go to the directives that read them.
        try p.write("chapters/02-img.md", "# Images\n\n<<images describe data=macro>>\n\n<<data describe data=shapes>>\n")
        let crossed = try run(["build"], in: p.root)
        XCTAssertTrue(crossed.stderr.contains("'macro' is not an image data set"), crossed.stderr)
        XCTAssertTrue(crossed.stderr.contains("'shapes' is an image data set"), crossed.stderr)

        for (toml, message) in [
            ("channels = 2\nsize = [8, 8]", "'channels' of image data set 'shapes' must be 1 (grey) or 3 (RGB)"),
            ("channels = 1", "needs the size its images are read at, e.g. size = [28, 28]"),
            ("size = [8, 100000]", "whole numbers from 4 to 4096"),
        ] {
            let bad = try Self.imageProject(toml: toml)
            let result = try run(["build"], in: bad.root)
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(result.stderr.contains("thesis.toml:") && result.stderr.contains(message), result.stderr)
        }
    }

    /// The example's own image set: `thesis example-data` draws 240 shapes with Cairo, the same
    /// bytes every time, and they read as an image folder of three classes in two splits.
    func testTheExampleDrawsItsOwnImageFolder() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"]! += "\n\n[data.shapes]\npath = \"data/raw/shapes\"\nformat = \"images\"\nsize = [32, 32]\n"
        files["chapters/02-img.md"] = "# Shapes\n\n<<images describe data=shapes id=inventory>>\n"
        let p = try TempProject(files: files)
        let generated = try run(["example-data", "data/raw"], in: p.root)
        XCTAssertEqual(generated.status, 0, generated.stderr)
        XCTAssertTrue(generated.stdout.contains("240 images in data/raw/shapes"), generated.stdout)
        let first = try ExampleDataset.imageFiles()
        XCTAssertEqual(first, try ExampleDataset.imageFiles(), "the same seed draws the same bytes")
        XCTAssertEqual(
            try Data(contentsOf: p.root.appendingPathComponent("data/raw/shapes/test/square/079.png")),
            first["shapes/test/square/079.png"])
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let scalars = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["inventory"])]).scalars
        XCTAssertEqual(scalars["images"], .number(240))
        XCTAssertEqual(scalars["classes"], .number(3))
        XCTAssertEqual(scalars["train"], .number(180))
        XCTAssertEqual(scalars["test"], .number(60))
    }
}
