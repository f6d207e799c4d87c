import Foundation
import XCTest
@testable import ThesisServer

/// How request paths map to files of the book, and what is refused.
final class ReportFilesTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("html/figures"), withIntermediateDirectories: true)
        try Data("<html><body><p>page</p></body></html>".utf8).write(to: directory.appendingPathComponent("html/index.html"))
        try Data("<html><body>two</body></html>".utf8).write(to: directory.appendingPathComponent("html/02-two.html"))
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: directory.appendingPathComponent("html/figures/a b.png"))
        try Data("secret".utf8).write(to: directory.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("html/link.txt"),
                                                   withDestinationURL: directory.appendingPathComponent("secret.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testPathsMapToFilesOfTheBook() throws {
        XCTAssertEqual(try ReportFiles.relativePath(for: "/"), "index.html")
        XCTAssertEqual(try ReportFiles.relativePath(for: "/02-two.html"), "02-two.html")
        XCTAssertEqual(try ReportFiles.relativePath(for: "/figures/a%20b.png"), "figures/a b.png")
        XCTAssertEqual(try ReportFiles.relativePath(for: "/search/"), "search/index.html")
        XCTAssertEqual(try ReportFiles.relativePath(for: "//02-two.html"), "02-two.html")
    }

    func testPathsThatCouldLeaveTheBookAreRefused() {
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/figures/..%2f..%2fsecret.txt", "/.thesis/cache.sqlite",
                     "/a%00b.html", "/a\\b", "relative.html", "/%zz", "/" + String(repeating: "a", count: 5000)] {
            XCTAssertThrowsError(try ReportFiles.relativePath(for: path), path) { error in
                XCTAssertEqual(error as? ReportFiles.Refusal, .badPath, path)
            }
        }
    }

    func testPagesGetTheLiveScriptAndOtherFilesDoNot() throws {
        let files = ReportFiles(directory: directory.appendingPathComponent("html"))
        let page = try files.file(for: "/", generation: 7)
        XCTAssertEqual(page.contentType, "text/html; charset=utf-8")
        XCTAssertEqual(String(decoding: page.bytes, as: UTF8.self),
                       "<html><body><p>page</p><script src=\"/_thesis/live.js\" data-generation=\"7\"></script>\n</body></html>")
        let plain = try files.file(for: "/", generation: nil)
        XCTAssertEqual(String(decoding: plain.bytes, as: UTF8.self), "<html><body><p>page</p></body></html>")
        let image = try files.file(for: "/figures/a%20b.png", generation: 7)
        XCTAssertEqual(image.contentType, "image/png")
        XCTAssertEqual(image.bytes, Data([0x89, 0x50, 0x4E, 0x47]))
    }

    func testMissingFilesAndLinksOutOfTheBookAreNotFound() {
        let files = ReportFiles(directory: directory.appendingPathComponent("html"))
        for path in ["/nothing.html", "/figures", "/link.txt"] {
            XCTAssertThrowsError(try files.file(for: path, generation: 1), path) { error in
                XCTAssertEqual(error as? ReportFiles.Refusal, .notFound, path)
            }
        }
    }

    func testAPageWithoutBodyGetsTheScriptAtTheEnd() {
        let out = ReportFiles.injecting("<s>", into: Data("<p>x</p>".utf8))
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "<p>x</p><s>")
    }
}
