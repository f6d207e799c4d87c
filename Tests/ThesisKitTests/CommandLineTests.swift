import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// Runs the built `thesis` executable, as a user would.
final class CommandLineTests: XCTestCase {
    /// `.build/<triple>/debug/thesis`, next to the test bundle.
    static let executable: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathExtension != "xctest", url.path != "/" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("thesis")
    }()

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    func thesis(_ arguments: [String], in directory: URL, wait: Bool = true) throws -> (Process, () -> Run) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collect = { () -> Run in
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        return (process, collect)
    }

    func run(_ arguments: [String], in directory: URL) throws -> Run {
        try thesis(arguments, in: directory).1()
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.executable.path), "thesis executable not built")
    }

    func testExitCodesAndSummaryLine() throws {
        let p = try TempProject()
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stdout.contains("3 executed, 0 from cache"), build.stdout)
        let again = try run(["build"], in: p.root)
        XCTAssertTrue(again.stdout.contains("0 executed, 3 from cache"), again.stdout)
        try p.write("chapters/03-bad.md", "<<data plot data=macro seris=a>>\n")
        let bad = try run(["build"], in: p.root)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("chapters/03-bad.md:1:24: error: [data plot] unknown option 'seris'; did you mean 'series'?"), bad.stderr)
        let usage = try run(["build", "--jobs", "zero"], in: p.root)
        XCTAssertEqual(usage.status, 64)
        let outside = try run(["build"], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(outside.status, 1)
        XCTAssertTrue(outside.stderr.contains("no thesis.toml"), outside.stderr)
    }

    /// `thesis runs list|show|compare` as JSON and CSV, read by a program as a user's script would.
    func testRunsAsJSONAndCSV() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Networks

            <<nn train data=macro target=output features=rate,prices hidden=4 epochs=5 batch=16 experiment=demo id=small>>

            <<nn train data=macro target=output features=rate,prices hidden=8 epochs=5 batch=16 experiment=demo id=wide>>
            """
        let p = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let listed = try run(["runs", "list", "--json"], in: p.root)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(Set(runs.compactMap { ($0["params"] as? [String: String])?["hidden"] }), ["4", "8"])
        XCTAssertEqual(Set(runs.compactMap { $0["experiment"] as? String }), ["demo"])
        XCTAssertTrue(runs.allSatisfy { ($0["location"] as? String)?.hasPrefix("chapters/03-nets.md:") ?? false })
        let ids = runs.compactMap { $0["id"] as? Int }.sorted()

        let shown = try run(["runs", "show", String(ids[0]), "--json"], in: p.root)
        let one = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], shown.stdout)
        XCTAssertEqual((one["history"] as? [String: [Any]])?["loss"]?.count, 5, "the loss of each of the 5 epochs")

        let table = try run(["runs", "compare"] + ids.map(String.init) + ["--csv"], in: p.root)
        let lines = table.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 3, table.stdout)
        XCTAssertTrue(lines[0].hasPrefix("id,experiment,directive,location,cache_key,data_hash,seed,"), lines[0])
        XCTAssertTrue(lines[0].contains(",param.hidden,"), lines[0])
        XCTAssertEqual(try run(["runs", "list", "--json", "--csv"], in: p.root).status, 64)
        let missing = try run(["runs", "show", "999", "--json"], in: p.root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no run 999"), missing.stderr)
    }

    /// A run's tags name the project's git commit and whether tracked files had changes; a
    /// project outside git gets neither tag.
    func testRunsRecordTheGitCommitAndWhetherTheTreeWasDirty() throws {
        guard Executables.onPath("git") else { throw XCTSkip("git is not installed") }
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = "# Nets\n\n<<nn train data=macro target=output features=rate hidden=4 epochs=3 batch=16 id=net>>\n"
        let p = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        func lastTags() throws -> [String: String] {
            let listed = try run(["runs", "list", "--json", "--limit", "1"], in: p.root)
            let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
            return runs.first?["tags"] as? [String: String] ?? [:]
        }
        XCTAssertNil(try lastTags()["git_commit"], "not a repository")

        try p.write(".gitignore", ".thesis/\nreports/\nfigures/\n")  // as `thesis init` writes it
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qm", "first"]] {
            XCTAssertEqual(try Executables.run("git", arguments, in: p.root).status, 0)
        }
        let head = try Executables.run("git", ["rev-parse", "HEAD"], in: p.root).output.trimmingCharacters(in: .whitespacesAndNewlines)
        try p.write("chapters/03-nets.md", (p.read("chapters/03-nets.md") ?? "").replacingOccurrences(of: "epochs=3", with: "epochs=4"))
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertEqual(try lastTags()["git_commit"], head)
        XCTAssertEqual(try lastTags()["git_dirty"], "true", "the chapter was edited after the commit")
        for arguments in [["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qam", "second"]] {
            XCTAssertEqual(try Executables.run("git", arguments, in: p.root).status, 0)
        }
        try p.write("chapters/03-nets.md", (p.read("chapters/03-nets.md") ?? "").replacingOccurrences(of: "epochs=4", with: "epochs=5"))
        _ = try Executables.run("git", ["-c", "user.name=A", "-c", "user.email=a@b", "commit", "-qam", "third"], in: p.root)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertEqual(try lastTags()["git_dirty"], "false")
        // The tags are the run history's: the results and the manifest do not name the commit.
        XCTAssertFalse(p.read("reports/manifest.json")?.contains(head) ?? true)
    }

    func testStatusVerifyAndExecJSON() throws {
        let p = try TempProject()
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let verify = try run(["verify"], in: p.root)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stdout.contains("thesis verify: PASSED: 3 match"), verify.stdout)
        try Data("tampered".utf8).write(to: p.root.appendingPathComponent("figures/01-intro-plot.png"))
        let failed = try run(["verify"], in: p.root)
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("figures/01-intro-plot.png was modified after the build"), failed.stdout)
        try p.write("data/raw/other.csv", TempProject.otherCSV + "2010-05,5,11\n")
        let status = try run(["status"], in: p.root)
        XCTAssertTrue(status.stdout.contains("stale  chapters/02-more.md:3:1 [data describe] id=desc2: input data/raw/other.csv changed"), status.stdout)
        let exec = try run(["exec", "<<data describe data=other series=a>>", "--json"], in: p.root)
        XCTAssertEqual(exec.status, 0, exec.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(exec.stdout.utf8)) as? [String: Any]
        let scalars = json?["scalars"] as? [String: Any]
        XCTAssertEqual(scalars?["a.obs"] as? Double, 5)
    }

    /// Two processes (so two hash seeds) building the same project in two directories write the
    /// same bytes, including directives whose results carry model objects.
    func testTwoProcessesTwoDirectoriesSameBytes() throws {
        var files = TempProject.standardFiles
        files["chapters/02-more.md"] = """
        # Models

        <<forecast evaluate data=macro target=output model=ar lags=2 horizon=1,3 start=2002-01 id=e_ar>>

        <<forecast evaluate data=macro target=output model=rw horizon=1,3 start=2002-01 id=e_rw>>

        <<compare of=e_ar,e_rw id=cmp>>

        <<nn train data=macro target=rate features=output,prices hidden=4 epochs=5 batch=8 id=net>>

        <<var fit data=macro series=output,rate lags=1 id=v>>
        """
        let a = try TempProject(files: files), b = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: a.root).status, 0)
        XCTAssertEqual(try run(["build"], in: b.root).status, 0)
        let outputsA = a.outputs(), outputsB = b.outputs()
        XCTAssertEqual(outputsA.keys.sorted(), outputsB.keys.sorted())
        for (path, data) in outputsA where outputsB[path] != data { XCTFail("\(path) differs between the two builds") }
        let verify = try run(["verify"], in: a.root)
        XCTAssertTrue(verify.stdout.contains("thesis verify: PASSED: 7 match, 0 within tolerance"), verify.stdout)
    }

    func testInitScaffoldsAProjectThatBuilds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let initRun = try run(["init", directory.path], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(initRun.status, 0, initRun.stderr)
        let build = try run(["build"], in: directory)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("reports/html/index.html").path))
        XCTAssertEqual(try run(["init", directory.path], in: directory).status, 1, "init never overwrites a project")
    }

    /// A folder with some of the author's files but no thesis.toml: init writes nothing and says what exists.
    func testInitNeverOverwritesFiles() throws {
        let directory = try TemporaryProject(files: ["chapters/01-introduction.md": "# Mine\n", "references.bib": "@book{mine}"])
        let initRun = try run(["init", directory.root.path], in: directory.root)
        XCTAssertEqual(initRun.status, 1)
        XCTAssertTrue(initRun.stderr.contains("already has references.bib, chapters/01-introduction.md"), initRun.stderr)
        XCTAssertEqual(directory.read("chapters/01-introduction.md"), "# Mine\n")
        XCTAssertEqual(directory.read("references.bib"), "@book{mine}")
        XCTAssertFalse(directory.exists("thesis.toml"))
    }

    func testSecondBuildWaitsForTheLock() throws {
        let p = try TempProject()
        let state = p.root.appendingPathComponent(".thesis")
        var lock: ProjectLock? = try ProjectLock(stateDirectory: state) {}
        let (process, collect) = try thesis(["build"], in: p.root)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(process.isRunning, "the build waits while another command holds the lock")
        lock = nil
        _ = lock
        let result = collect()
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("another thesis command is running in this project; waiting"), result.stderr)
    }

    /// kill -9 at several moments of a build; the next build must succeed and verify must pass.
    func testKilledBuildLeavesNoCorruption() throws {
        var files = TempProject.standardFiles
        var chapter = "# Many\n\n"
        for i in 0..<120 {
            chapter += i % 4 == 0
                ? "<<data plot data=macro series=output,rate sample=2000-01..2003-\(String(format: "%02d", i % 12 + 1)) id=p\(i)>>\n\n"
                : "<<data describe data=macro series=output sample=2000-01..2003-\(String(format: "%02d", i % 12 + 1)) digits=\(i % 7) id=d\(i)>>\n\n"
        }
        files["chapters/03-many.md"] = chapter
        let p = try TempProject(files: files)
        for delay in [0.05, 0.15, 0.3] {
            let (process, collect) = try thesis(["build", "--no-cache"], in: p.root)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            _ = collect()
            // No temporary files are left where a reader would take them for outputs.
            let leftovers = p.outputs().keys.filter { !$0.contains("/.") && $0.contains(".tmp-") }
            XCTAssertEqual(leftovers, [])
        }
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        let verify = try run(["verify"], in: p.root)
        XCTAssertEqual(verify.status, 0, verify.stdout)
    }

    /// The LaTeX output compiles (latexmk and TeX Live are installed by .ci/run; skipped elsewhere).
    func testLaTeXCompilesWithLatexmk() throws {
        let hasLatexmk = Executables.onPath("latexmk")
        try XCTSkipUnless(hasLatexmk, "latexmk is not installed")
        let p = try TempProject()
        let run = try self.run(["build", "--pdf"], in: p.root)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr + (p.read("reports/latex/thesis.log") ?? ""))
        XCTAssertTrue(p.exists("reports/latex/thesis.pdf"))
    }

    /// A table longer than a page is a longtable: every row reaches the PDF's source, the header
    /// repeats, and LaTeX reports no float too large (it cut such tables before, losing rows).
    func testLongTablesBreakAcrossPagesInsteadOfBeingCut() throws {
        var files = TempProject.standardFiles
        let rows = (0..<130).map { "r\($0),\($0),\($0 * $0)" }
        files["tables/long.csv"] = "name,i,square\n" + rows.joined(separator: "\n") + "\n"
        files["chapters/02-more.md"] = "# More\n\n@tbl:long has every row.\n\n<<table file=tables/long.csv id=long caption=\"Long.\">>\n"
        let p = try TempProject(files: files)
        let hasLatexmk = Executables.onPath("latexmk")
        let run = try self.run(["build"] + (hasLatexmk ? ["--pdf"] : []), in: p.root)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/02-more.tex"))
        XCTAssertTrue(tex.contains("\\begin{longtable}{lrr}\n\\caption{Long.}\\label{tbl:long}"), tex)
        XCTAssertTrue(tex.contains("\\endhead") && tex.contains("\\endlastfoot"))
        XCTAssertTrue(tex.contains("r0 & 0 & 0 \\\\"), "the first row")
        XCTAssertTrue(tex.contains("r129 & 129 & 16641 \\\\"), "the last row")
        XCTAssertFalse(tex.contains("\\begin{table}"), "not a float")
        guard hasLatexmk else { throw XCTSkip("latexmk is not installed: the PDF was not compiled") }
        let log = try XCTUnwrap(p.read("reports/latex/thesis.log"))
        XCTAssertFalse(log.contains("Float too large"), "a float was cut")
        XCTAssertTrue(p.exists("reports/latex/thesis.pdf"))
    }

    func testREADMEDirectiveReferenceIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let generated = DirectiveReference.markdown().trimmingCharacters(in: .newlines)
        XCTAssertTrue(readme.contains("<!-- directives:begin -->\n" + generated + "\n<!-- directives:end -->"),
                      "README.md's directive reference is out of date: paste the output of `thesis directives --markdown` between the markers")
    }
}

final class ExampleDatasetTests: XCTestCase {
    /// `thesis example-data` is deterministic: two generations give the same bytes, and the panel
    /// loads as FRED-MD (its exact hash is pinned in ThesisModelsTests' simulation tests).
    func testExampleDataAreDeterministic() throws {
        let first = ExampleDataset.files(), second = ExampleDataset.files()
        XCTAssertEqual(first, second)
        XCTAssertEqual(Set(first.keys), ["fredmd.csv", "fredmd-truth.csv", "fredmd-2021.csv"])
        XCTAssertTrue(first["fredmd.csv"]?.hasPrefix("sasdate,") ?? false)
        XCTAssertNotEqual(ExampleDataset.files(seed: 7)["fredmd.csv"], first["fredmd.csv"])
    }
}

/// `--data NAME=PATH` is recorded by the build; status and verify use the same files.
extension CommandLineTests {
    func testStatusAndVerifyFollowTheBuildsData() throws {
        let p = try TempProject()
        try p.write("data/vintages/other-2.csv", TempProject.otherCSV.replacingOccurrences(of: "2010-04,4,7", with: "2010-04,4,9"))
        let cli = self
        let build = try cli.run(["build", "--data", "other=data/vintages/other-2.csv"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(p.read("reports/manifest.json")?.contains("\"other\" : \"data/vintages/other-2.csv\"") ?? false)
        let verify = try cli.run(["verify"], in: p.root)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stderr.contains("using the data files of the last build (--data other=data/vintages/other-2.csv)"), verify.stderr)
        let status = try cli.run(["status"], in: p.root)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("3 fresh, 0 stale"), status.stdout)
        // A plain build goes back to thesis.toml's file, and says so.
        let plain = try cli.run(["build"], in: p.root)
        XCTAssertTrue(plain.stderr.contains("the last build used --data other=data/vintages/other-2.csv"), plain.stderr)
    }
}
