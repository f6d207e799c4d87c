import Foundation
import XCTest

/// The no-op fast path (`BuildStamp`) and the lazily loaded OpenBLAS, through the executable.
extension CommandLineTests {
    /// Waits out the stamp's guard: inputs changed within two seconds of a build are not stamped.
    private func settle() { Thread.sleep(forTimeInterval: 2.2) }

    private func summary(_ run: Run) -> String {
        run.stdout.replacingOccurrences(of: #" \([0-9.]+ s\)"#, with: "", options: .regularExpression)
    }

    func testUnchangedBuildRepeatsTheLastOneAndAnyChangeBuildsInFull() throws {
        let p = try TempProject()
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        settle()
        let full = try run(["build", "--timings"], in: p.root)
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertFalse(full.stderr.contains("unchanged"), "inputs written just before the first build: no stamp yet")
        XCTAssertTrue(p.exists(".thesis/last-build.json"))
        let html = p.read("reports/html/index.html"), book = p.html()
        let noop = try run(["build", "--timings"], in: p.root)
        XCTAssertEqual(noop.status, 0, noop.stderr)
        XCTAssertTrue(noop.stderr.contains("unchanged"), noop.stderr)
        XCTAssertTrue(noop.stderr.contains("openblas       not loaded"), noop.stderr)
        XCTAssertEqual(summary(noop), summary(full))
        XCTAssertEqual(p.read("reports/html/index.html"), html)

        // A deleted output: the build runs and writes it again.
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("reports/html/index.html"))
        let restored = try run(["build", "--timings"], in: p.root)
        XCTAssertFalse(restored.stderr.contains("unchanged"), restored.stderr)
        XCTAssertEqual(p.read("reports/html/index.html"), html)
        XCTAssertTrue(try run(["build", "--timings"], in: p.root).stderr.contains("unchanged"))

        // Another data file on the command line: a different build.
        try p.write("data/raw/other-2.csv", TempProject.otherCSV + "2010-05,5,11\n")
        settle()
        let overridden = try run(["build", "--timings", "--data", "other=data/raw/other-2.csv"], in: p.root)
        XCTAssertFalse(overridden.stderr.contains("unchanged"), overridden.stderr)
        XCTAssertTrue(overridden.stdout.contains("1 executed"), overridden.stdout)
        let back = try run(["build", "--timings"], in: p.root)
        XCTAssertFalse(back.stderr.contains("unchanged"), back.stderr)
        XCTAssertTrue(back.stdout.contains("0 executed, 3 from cache"), "back to the declared file: " + back.stdout)

        // An edited chapter, even one whose size and mtime are restored: its ctime moved.
        let chapter = p.root.appendingPathComponent("chapters/01-intro.md")
        let attributes = try FileManager.default.attributesOfItem(atPath: chapter.path)
        var text = try String(contentsOf: chapter, encoding: .utf8)
        text = String(text.dropLast(1)) + "!"
        try text.write(to: chapter, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: chapter.path)
        let edited = try run(["build", "--timings"], in: p.root)
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertFalse(edited.stderr.contains("unchanged"), edited.stderr)
        XCTAssertNotEqual(p.html(), book)

        // --no-cache and --draft never take the shortcut.
        settle()
        XCTAssertFalse(try run(["build", "--timings"], in: p.root).stderr.contains("unchanged"))
        XCTAssertTrue(try run(["build", "--timings"], in: p.root).stderr.contains("unchanged"))
        XCTAssertFalse(try run(["build", "--timings", "--no-cache"], in: p.root).stderr.contains("unchanged"))
        XCTAssertFalse(try run(["build", "--timings", "--draft"], in: p.root).stderr.contains("unchanged"))
    }

    func testAFailedBuildRemovesTheStamp() throws {
        let p = try TempProject()
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        settle()
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertTrue(p.exists(".thesis/last-build.json"))
        try p.write("chapters/03-bad.md", "<<data plot data=macro seris=a>>\n")
        XCTAssertEqual(try run(["build"], in: p.root).status, 1)
        XCTAssertFalse(p.exists(".thesis/last-build.json"))
    }

    /// The tool pins OpenBLAS (one thread, the Haswell kernel) without re-executing itself: the
    /// library loads after the variables are set. Results are the same bits as with the
    /// variables set by the caller, and a build that executes a VAR loads the library.
    func testOpenBLASIsPinnedWithoutReexecAndResultsAreBitIdentical() throws {
        let p = try TempProject()
        let directive = "<<var fit data=macro series=output,rate lags=1>>"
        func exec(_ environment: [String: String]) throws -> Run {
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["exec", directive, "--json"]
            process.currentDirectoryURL = p.root
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self))
        }
        var bare = ProcessInfo.processInfo.environment
        bare["OPENBLAS_NUM_THREADS"] = nil
        bare["OPENBLAS_CORETYPE"] = nil
        var pinned = bare
        pinned["OPENBLAS_NUM_THREADS"] = "1"
        if (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" avx2") == true {
            pinned["OPENBLAS_CORETYPE"] = "Haswell"
        }
        let a = try exec(bare), b = try exec(pinned)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(a.stdout.contains("sigma_u"), a.stdout)
        XCTAssertEqual(a.stdout, b.stdout, "the same bits whether the caller or the tool pinned OpenBLAS")
        try FileManager.default.removeItem(at: p.root.appendingPathComponent(".thesis"))  // exec's cache entry
        try p.write("chapters/03-var.md", directive + "\n")
        let build = try run(["build", "--timings"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stderr.contains("openblas       loaded"), build.stderr)
        let cached = try run(["build", "--timings"], in: p.root)
        XCTAssertTrue(cached.stderr.contains("openblas       not loaded"), "results from the cache need no BLAS: " + cached.stderr)
    }
}
