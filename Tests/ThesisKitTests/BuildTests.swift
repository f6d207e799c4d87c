import Foundation
import XCTest
import ThesisCache
import ThesisDocument
import ThesisTestSupport
@testable import ThesisKit

final class BuildTests: XCTestCase {
    func testColdBuildThenNoOpBuildExecutesNothing() throws {
        let p = try TempProject()
        let first = try p.build()
        XCTAssertEqual(first.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(first.executed.count, 3)
        XCTAssertEqual(first.fromCache.count, 0)
        XCTAssertTrue(first.summaryLine.contains("3 executed, 0 from cache"), first.summaryLine)
        XCTAssertTrue(p.exists("reports/html/index.html"))
        XCTAssertTrue(p.exists("reports/latex/thesis.tex"))
        XCTAssertTrue(p.exists("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(p.exists("reports/manifest.json"))
        for ext in ["png", "pdf", "svg"] { XCTAssertTrue(p.exists("figures/01-intro-plot.\(ext)"), ext) }
        let before = p.outputs()
        let second = try p.build()
        XCTAssertEqual(second.executed.count, 0)
        XCTAssertEqual(second.fromCache.count, 3)
        XCTAssertEqual(second.figuresDrawn, 0)
        XCTAssertTrue(second.summaryLine.contains("0 executed, 3 from cache"), second.summaryLine)
        XCTAssertEqual(p.outputs(), before, "a cache hit must give byte-identical outputs")
    }

    func testHTMLShowsNumbersCitationsAndEscapes() throws {
        let p = try TempProject()
        try p.build()
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("(<a class=\"cite\" href=\"references.html#ref-bbe2005\">Bernanke, Boivin, and Eliasz 2005</a>)"), html)
        XCTAssertTrue(html.contains(">Table&nbsp;1.1</a>"))
        XCTAssertTrue(html.contains(">Figure&nbsp;1.1</a>"))
        XCTAssertTrue(html.contains("Summary &lt;statistics&gt; &amp; more"))
        XCTAssertFalse(html.contains("<statistics>"))
        let mean = (0..<48).map { 2 + sin(Double($0) / 3) }.reduce(0, +) / 48
        XCTAssertTrue(html.contains("The mean of output is <span class=\"value\">\(String(format: "%.2f", mean))</span>"), html)
        XCTAssertTrue(html.contains("Observations: <span class=\"value\">4</span>"))
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(tex.contains("\\parencite{bbe2005}"))
        XCTAssertTrue(tex.contains("Summary \\textless{}statistics\\textgreater{} \\& more"))
        XCTAssertTrue(tex.contains("\\includegraphics[width=\\textwidth]{figures/01-intro-plot.pdf}"))
        XCTAssertTrue(p.exists("reports/latex/figures/01-intro-plot.pdf"))
        XCTAssertTrue(p.exists("reports/html/figures/01-intro-plot.svg"))
    }

    func testProseEditExecutesNothing() throws {
        let p = try TempProject()
        try p.build()
        var chapter = try XCTUnwrap(p.read("chapters/01-intro.md"))
        chapter = chapter.replacingOccurrences(of: "We follow", with: "As in the classic study, we follow")
        chapter = chapter.replacingOccurrences(of: "caption=\"Output and the rate\"", with: "caption=\"Output and the policy rate\"")
        try p.write("chapters/01-intro.md", chapter)
        let report = try p.build()
        XCTAssertEqual(report.executed.count, 0, report.summaryLine)
        XCTAssertTrue(p.html()?.contains("As in the classic study") ?? false)
        XCTAssertTrue(p.html()?.contains("Output and the policy rate") ?? false)
    }

    func testChangedDataFileReExecutesExactlyItsDirectives() throws {
        let p = try TempProject()
        try p.build()
        try p.write("data/raw/other.csv", TempProject.otherCSV + "2010-05,5,11\n")
        let statuses = Pipeline(project: try p.project(), store: try p.store()).status(diagnostics: DiagnosticCollector())
        let stale = statuses.filter { !$0.fresh }
        XCTAssertEqual(stale.map(\.id), ["desc2"])
        XCTAssertEqual(stale.first?.reasons, ["input data/raw/other.csv changed"])
        let report = try p.build()
        XCTAssertEqual(report.executed.count, 1)
        XCTAssertEqual(report.fromCache.count, 2)
        XCTAssertTrue(p.html()?.contains("Observations: <span class=\"value\">5</span>") ?? false)
    }

    func testOptionChangeReExecutesOnlyThatDirective() throws {
        let p = try TempProject()
        try p.build()
        let chapter = try XCTUnwrap(p.read("chapters/01-intro.md"))
        try p.write("chapters/01-intro.md", chapter.replacingOccurrences(of: "series=output,rate", with: "series=output,prices"))
        let report = try p.build()
        XCTAssertEqual(report.executed.count, 1)
    }

    func testWarmBuildRedrawsDeletedFiguresWithoutExecuting() throws {
        let p = try TempProject()
        try p.build()
        let before = p.outputs()
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("figures"))
        let report = try p.build()
        XCTAssertEqual(report.executed.count, 0)
        XCTAssertEqual(report.figuresDrawn, 1)
        XCTAssertEqual(p.outputs(), before)
    }

    func testTwoDirectoriesAndJobCountsGiveIdenticalBytes() throws {
        let a = try TempProject(), b = try TempProject()
        try a.build(jobs: 1)
        try b.build(jobs: 4)
        let outputsA = a.outputs(), outputsB = b.outputs()
        XCTAssertEqual(outputsA.keys.sorted(), outputsB.keys.sorted())
        for (path, data) in outputsA { XCTAssertEqual(outputsB[path], data, path) }
        let manifest = try XCTUnwrap(a.read("reports/manifest.json"))
        XCTAssertFalse(manifest.contains(a.root.path), "no absolute paths in the manifest")
        XCTAssertFalse(a.html()?.contains(a.root.path) ?? true)
    }

    func testFailingDirectiveKeepsOthersAndPreviousOutputs() throws {
        let p = try TempProject()
        try p.build()
        let before = p.outputs()
        let chapter = try XCTUnwrap(p.read("chapters/02-more.md"))
        try p.write("chapters/02-more.md", chapter.replacingOccurrences(of: "data=other id=desc2", with: "data=other series=a,zz id=desc2"))
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let error = try XCTUnwrap(report.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.description, "chapters/02-more.md:3:28: error: [data describe] unknown series 'zz'")
        XCTAssertEqual(report.fromCache.count, 2, "the other directives still run")
        XCTAssertEqual(p.outputs(), before, "previous good outputs stay intact")
        XCTAssertTrue(report.summaryLine.contains("1 failed"), report.summaryLine)
        // The failure was not cached: fixing the chapter executes the directive again.
        try p.write("chapters/02-more.md", chapter)
        let fixed = try p.build()
        XCTAssertTrue(fixed.succeeded)
    }

    func testUnknownScalarInInlineValueSuggestsNames() throws {
        var files = TempProject.standardFiles
        files["chapters/02-more.md"] = "# More\n\n<<data describe data=other id=desc2>>\n\nValue <<= desc2.a.maen>>.\n"
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map(\.description),
                       ["chapters/02-more.md:5:7: error: 'desc2' has no value 'a.maen'; did you mean 'desc2.a.mean' or 'desc2.a.max'?"])
    }

    func testExecRunsOneDirectiveInProjectContext() throws {
        let p = try TempProject()
        let pipeline = Pipeline(project: try p.project(), store: try p.store())
        let diagnostics = DiagnosticCollector()
        let result = try XCTUnwrap(pipeline.exec("<<data describe data=other series=b>>", diagnostics: diagnostics, jobs: 1))
        XCTAssertEqual(result.scalars["b.mean"], .number(4.25))
        XCTAssertEqual(result.scalars["b.first"], .text("2010-01"))
    }
}

/// Nothing from outside the project gets in, and nothing is written outside it, links included.
final class InsideTheProjectTests: XCTestCase {
    func testAChapterLinkedToAFileOutsideIsRefused() throws {
        let p = try TempProject()
        let outside = try TemporaryProject(files: ["secret.md": "# Secret\n\nprivate text\n"])
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("chapters/03-linked.md").path,
                                                   withDestinationPath: outside.root.appendingPathComponent("secret.md").path)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let error = try XCTUnwrap(report.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.location?.file, "chapters/03-linked.md")
        XCTAssertTrue(error.message.contains("is outside the project"), error.message)
        XCTAssertFalse(p.exists("reports/html/index.html"))
    }

    func testOutputDirectoriesLinkedOutsideAreRefused() throws {
        let p = try TempProject()
        let outside = try TemporaryProject()
        try FileManager.default.createSymbolicLink(atPath: p.root.appendingPathComponent("figures").path,
                                                   withDestinationPath: outside.root.path)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        XCTAssertTrue(report.diagnostics.contains { $0.message.contains("figures is a link to outside the project") }, "\(report.diagnostics)")
        XCTAssertEqual(outside.files(under: ["."]).count, 0, "nothing was written through the link")
    }
}

/// File-system failures say what happened and where, never `NSCocoaErrorDomain Code=512 "(null)"`.
final class FileSystemErrorTests: XCTestCase {
    func testAFileWhereAnOutputDirectoryMustBe() throws {
        let p = try TempProject()
        try p.write("reports", "not a directory")
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let message = try XCTUnwrap(report.diagnostics.first { $0.severity == .error }?.message)
        XCTAssertTrue(message.contains("reports is a file, not a directory"), message)
        XCTAssertFalse(message.contains("NSCocoaErrorDomain") || message.contains("Code="), message)
    }

    func testFoundationErrorsAreDescribedByTheirCause() {
        let full = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteUnknown.rawValue,
                           userInfo: [NSFilePathErrorKey: "/p/figures/a.png", NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        XCTAssertEqual(FileSystemError.describe(full), "/p/figures/a.png: no space left on the device")
        let readOnly = CocoaError(.fileWriteVolumeReadOnly, userInfo: [NSFilePathErrorKey: "/p/x"])
        XCTAssertEqual(FileSystemError.describe(readOnly), "/p/x: the file system is read-only")
        XCTAssertEqual(FileSystemError("write", "a", errno: EACCES).description, "cannot write a: permission denied")
    }
}

/// Files with Windows line ends (CRLF) read like any other: thesis.toml parses, and diagnostics
/// keep the source line and caret.
final class CRLFTests: XCTestCase {
    func testCRLFProjectFiles() throws {
        var files = TempProject.standardFiles
        for path in ["thesis.toml", "references.bib", "chapters/01-intro.md"] {
            files[path] = files[path]!.replacingOccurrences(of: "\n", with: "\r\n")
        }
        files["chapters/01-intro.md"]! += "\r\n\r\n<<data describe data=macro seris=a>>\r\n"
        let p = try TempProject(files: files)
        let report = try p.build()
        let errors = report.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.message), ["unknown option 'seris'; did you mean 'series'?"])
        XCTAssertEqual(errors.first?.sourceLine, "<<data describe data=macro seris=a>>")
    }
}
