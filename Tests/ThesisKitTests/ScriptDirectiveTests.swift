import Foundation
import ThesisCache
import ThesisDocument
import ThesisTestSupport
import XCTest
@testable import ThesisKit

/// `<<script …>>`: an author's script runs in a scratch folder with its declared inputs; what it
/// writes under $THESIS_OUTPUT comes back as figures, tables and values; its key holds the
/// script, its declared files, its inputs and the interpreter, so an edit re-runs exactly it and
/// what builds on it. Only what CI surely has is used: Python's standard library and sh.
final class ScriptDirectiveTests: XCTestCase {
    /// A 1 x 1 PNG and the smallest file pdflatex accepts as PDF are made by the scripts
    /// themselves (zlib is in Python's standard library).
    static let analysis = #"""
        import csv, json, os, struct, zlib
        from helpers import label

        out = os.environ["THESIS_OUTPUT"]
        with open(os.environ["THESIS_DATA_MACRO"]) as f:
            rows = list(csv.DictReader(f))
        output = [float(r["output"]) for r in rows]
        mean = sum(output) / len(output)
        os.makedirs(out + "/tables")
        with open(out + "/tables/moments.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["series", "mean", "obs"])
            w.writerow([label("output"), repr(mean), len(output)])
        json.dump({"mean": mean, "obs": len(output), "by": {"first": output[0]}}, open(out + "/values.json", "w"))

        def png(width, height, rgb):
            def chunk(kind, data):
                return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
            raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
            return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

        os.makedirs(out + "/figures")
        open(out + "/figures/mean.png", "wb").write(png(4, 3, (0, 128, 128)))
        open(out + "/figures/mean.svg", "w").write('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>')
        json.dump({"tables/moments": "Moments from Python."}, open(out + "/captions.json", "w"))
        """#

    private func project(_ chapter: String, files extra: [String: String] = [:]) throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-own.md"] = chapter
        files["analysis/summary.py"] = Self.analysis
        files["analysis/helpers.py"] = "def label(name):\n    return name.upper()\n"
        for (path, text) in extra { files[path] = text }
        return try TempProject(files: files)
    }

    private static let chapter = """
        # Own analysis

        @fig:own and @tbl:own come from a script; output averages <<= own.mean .3f>> over <<= own.obs>> months.

        <<script file=analysis/summary.py data=macro depends=analysis/helpers.py id=own caption="A figure from Python.">>

        <<script file=analysis/double.py of=own id=twice>>

        Twice the mean is <<= twice.double .3f>>.
        """

    private static let double = """
        import json, os
        own = json.load(open(os.environ["THESIS_RESULT_OWN"]))
        table = own["tables"][0]
        assert table["columns"] == ["series", "mean", "obs"], table
        assert open(os.environ["THESIS_RESULT_OWN"][:-5] + "-table-1.csv").readline().strip() == "series,mean,obs"
        json.dump({"double": 2 * own["scalars"]["mean"]}, open(os.environ["THESIS_OUTPUT"] + "/values.json", "w"))
        """

    func testFiguresTablesAndValuesComeBackIntoBothOutputs() throws {
        let p = try project(Self.chapter, files: ["analysis/double.py": Self.double])
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let mean = TempProject.macroCSV.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
            .reduce(0, +) / 48
        let own = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["own"])])
        XCTAssertEqual(try XCTUnwrap(own.scalars["mean"]?.number), mean, accuracy: 1e-12)
        XCTAssertEqual(own.scalars["obs"], .number(48))
        XCTAssertEqual(own.scalars["by.first"]?.number, 2, "nested objects give dotted names")
        let twice = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["twice"])])
        XCTAssertEqual(try XCTUnwrap(twice.scalars["double"]?.number), 2 * mean, accuracy: 1e-12)

        // The figure's files are written under figures/ with the bytes the script made.
        XCTAssertTrue(p.exists("figures/03-own-own.png") && p.exists("figures/03-own-own.svg"), "\(p.outputs().keys.sorted())")
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("<img src=\"figures/03-own-own.svg\" alt=\"A figure from Python.\">"), html)
        XCTAssertTrue(html.contains("Moments from Python."), "captions.json captions the table")
        XCTAssertTrue(html.contains("OUTPUT"), "the helper given with depends= was importable")
        XCTAssertTrue(html.contains(String(format: "%.3f", mean)) && html.contains(String(format: "%.3f", 2 * mean)))
        XCTAssertTrue(p.exists("reports/html/figures/03-own-own.svg"))
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-own.tex"))
        XCTAssertTrue(tex.contains("{figures/03-own-own.png}"), "LaTeX takes the PNG (it cannot include SVG): \(tex)")
        XCTAssertTrue(tex.contains("\\label{fig:own}") && tex.contains("\\label{tbl:own}"))
        XCTAssertTrue(p.exists("reports/latex/figures/03-own-own.png"))
        // Its runs are tracked, with the interpreter.
        let runs = try p.store().runs(experiment: "scripts")
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs.last?.params["file"], "analysis/summary.py")
        XCTAssertEqual(runs.last?.metrics["obs"], 48)
        XCTAssertFalse(runs.last?.params["interpreter_version"]?.isEmpty ?? true)
        // The manifest vouches for the figure files, and verify re-runs the scripts.
        let manifest = try XCTUnwrap(Manifest.read(root: p.root))
        XCTAssertTrue(manifest.directives.contains { $0.outputs["figures/03-own-own.png"] != nil })
        XCTAssertEqual(manifest.inputs.keys.filter { $0.hasPrefix("analysis/") }.sorted(), ["analysis/double.py", "analysis/helpers.py", "analysis/summary.py"])
        let verified = try Verifier.verify(project: try p.project(), jobs: 2)
        XCTAssertTrue(verified.passed, "\(verified.entries.map { "\($0.status) \($0.location) \($0.details)" })")
    }

    func testAnEditRerunsExactlyTheScriptAndWhatBuildsOnIt() throws {
        let p = try project(Self.chapter, files: ["analysis/double.py": Self.double])
        XCTAssertTrue(try p.build().succeeded)
        let first = try p.build()
        XCTAssertEqual(first.executed, [], "a rebuild runs nothing")
        let ids = first.plan.ids
        let own = try XCTUnwrap(ids["own"]), twice = try XCTUnwrap(ids["twice"])

        try p.write("chapters/03-own.md", Self.chapter + "\nA sentence more.\n")
        XCTAssertEqual(try p.build().executed, [], "a prose edit re-runs nothing")

        try p.write("analysis/helpers.py", "def label(name):\n    return name.title()\n")
        XCTAssertEqual(try p.build().executed, [own, twice], "an edited helper re-runs its script and the one that reads it")

        try p.write("analysis/double.py", Self.double + "# a comment\n")
        XCTAssertEqual(try p.build().executed, [twice], "an edited script re-runs exactly it")

        try p.write("data/raw/macro.csv", TempProject.macroCSV.replacingOccurrences(of: "2000-01,", with: "2000-01,9"))
        let afterData = try p.build()
        let readers = afterData.plan.directives.filter { $0.call.kind != "script" && $0.inputHashes["data/raw/macro.csv"] != nil }
        XCTAssertEqual(afterData.executed, Set([own, twice] + readers.map(\.index)),
                       "new data re-runs the script that declares it, what builds on it and the other readers")
        XCTAssertFalse(afterData.executed.contains(try XCTUnwrap(ids["desc2"])), "a directive on other data is not re-run")
    }

    func testShellScriptAndAnInterpreterInTheProject() throws {
        let script = """
            mkdir -p "$THESIS_OUTPUT/tables"
            printf 'model,rmse\\nAR,0.25\\nLSTM,0.24\\n' > "$THESIS_OUTPUT/tables/rmse.csv"
            printf '{"best": 0.24}' > "$THESIS_OUTPUT/values.json"
            """
        let wrapper = "#!/bin/sh\n# version 1\nexec /bin/sh \"$@\"\n"
        let p = try project("""
            # Shell

            <<script file=analysis/rmse.sh id=sh caption="From the shell.">>

            <<script file=analysis/rmse.sh interpreter=tools/run id=wrapped>>

            Best: <<= sh.best>>.
            """, files: ["analysis/rmse.sh": script, "tools/run": wrapper])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p.root.appendingPathComponent("tools/run").path)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/03-own.tex"))
        XCTAssertTrue(tex.contains("LSTM & 0.24"), tex)
        XCTAssertTrue(tex.contains("Best: 0.24."), tex)
        let wrapped = try XCTUnwrap(report.plan.ids["wrapped"])
        XCTAssertEqual(report.plan.directives[wrapped].keyMaterial?.programs?.keys.sorted(), ["tools/run"])
        XCTAssertNil(report.plan.directives[try XCTUnwrap(report.plan.ids["desc"])].keyMaterial?.programs,
                     "built-in directives' keys have no programs")
        // A changed interpreter is a changed key: exactly the directive it runs re-runs.
        try p.write("tools/run", wrapper.replacingOccurrences(of: "version 1", with: "version 2"))
        XCTAssertEqual(try p.build().executed, [wrapped])
    }

    func testFailuresAreLocatedAndLeaveTheOutputsAlone() throws {
        let p = try project(Self.chapter, files: ["analysis/double.py": Self.double])
        XCTAssertTrue(try p.build().succeeded)
        let before = p.outputs()
        let failing = """
            import os
            os.makedirs(os.environ["THESIS_OUTPUT"] + "/figures")
            open(os.environ["THESIS_OUTPUT"] + "/figures/half.svg", "w").write("<svg/>")
            raise SystemExit("the model did not converge")
            """
        try p.write("analysis/double.py", failing)
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let message = report.diagnostics.map(\.description).joined(separator: "\n")
        XCTAssertTrue(message.contains("chapters/03-own.md:7:10: error: [script] analysis/double.py failed: python3 exited with status 1"), message)
        XCTAssertTrue(message.contains("the model did not converge"), "the end of its stderr is shown")
        XCTAssertEqual(p.outputs(), before, "nothing it half-wrote reaches figures/ or reports/")

        try p.write("analysis/double.py", "import time\ntime.sleep(60)\n")
        try p.write("chapters/03-own.md", Self.chapter.replacingOccurrences(of: "of=own id=twice", with: "of=own id=twice timeout=1"))
        let start = Date()
        let slow = try p.build()
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "a timeout stops the script")
        XCTAssertTrue(slow.diagnostics.contains { $0.message.contains("did not finish within 1 s and was stopped") }, "\(slow.diagnostics)")
        XCTAssertEqual(p.outputs(), before)
    }

    func testBadDeclarationsAreLocatedErrors() throws {
        for (directive, expected) in [
            ("<<script file=analysis/none.py>>", "3:10: error: [script] file 'analysis/none.py' does not exist"),
            ("<<script file=../x.py>>", "option 'file' '../x.py' is not a file of the project"),
            ("<<script file=analysis/summary.py depends=/etc/passwd>>", "option 'depends' '/etc/passwd' is not a file of the project"),
            ("<<script file=analysis/summary.py data=nope>>", "3:35: error: [script] unknown data set 'nope'"),
            ("<<script file=analysis/summary.py data=desc>>", "'desc' is a result id: pass results with of="),
            ("<<script file=analysis/summary.py interpreter=no-such-python>>", "cannot find 'no-such-python' on PATH"),
            ("<<script file=analysis/helpers.txt>>", "cannot tell which program runs analysis/helpers.txt"),
            // A helper it does not declare with depends= is not in its folder.
            ("<<script file=analysis/summary.py data=macro>>", "ModuleNotFoundError: No module named 'helpers'"),
        ] {
            let p = try project("# Bad\n\n\(directive)\n", files: ["analysis/helpers.txt": "x"])
            let report = try p.build()
            XCTAssertFalse(report.succeeded, directive)
            let messages = report.diagnostics.map(\.description).joined(separator: "\n")
            XCTAssertTrue(messages.contains(expected), "\(directive): expected \(expected) in\n\(messages)")
        }
    }

    func testVerifyNamesANondeterministicScript() throws {
        let script = "import json, os, random\njson.dump({'draw': random.random()}, open(os.environ['THESIS_OUTPUT'] + '/values.json', 'w'))\n"
        let seeded = "import json, os, random\nrandom.seed(int(os.environ['THESIS_SEED']))\njson.dump({'draw': random.random()}, open(os.environ['THESIS_OUTPUT'] + '/values.json', 'w'))\n"
        let p = try project("# Random\n\n<<script file=analysis/draw.py id=draw>>\n", files: ["analysis/draw.py": script])
        XCTAssertTrue(try p.build().succeeded)
        let report = try Verifier.verify(project: try p.project(), jobs: 1)
        XCTAssertFalse(report.passed)
        let entry = try XCTUnwrap(report.entries.first { $0.kind == "script" })
        XCTAssertEqual(entry.status, .mismatch)
        XCTAssertTrue(entry.details.first?.contains("analysis/draw.py is not deterministic") ?? false, "\(entry.details)")
        // Seeded from THESIS_SEED, the same script verifies.
        try p.write("analysis/draw.py", seeded)
        XCTAssertTrue(try p.build().succeeded)
        XCTAssertTrue(try Verifier.verify(project: try p.project(), jobs: 1).passed)
    }

    func testRScriptWhereRscriptIsInstalled() throws {
        guard Executables.onPath("Rscript") else {
            throw XCTSkip("Rscript is not installed here: the R script test was skipped (the Python and shell tests ran)")
        }
        let script = """
            out <- Sys.getenv("THESIS_OUTPUT")
            d <- read.csv(Sys.getenv("THESIS_DATA_MACRO"))
            writeLines(sprintf('{"mean": %.17g}', mean(d$output)), file.path(out, "values.json"))
            """
        let p = try project("# R\n\n<<script file=analysis/mean.R data=macro id=r>>\n\nMean: <<= r.mean .3f>>.\n",
                            files: ["analysis/mean.R": script])
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let mean = TempProject.macroCSV.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
            .reduce(0, +) / 48
        XCTAssertEqual(try XCTUnwrap(report.results[0]?.scalars["mean"]?.number), mean, accuracy: 1e-12)
    }
}
