import Foundation
import XCTest
import ThesisModels
import ThesisTestSupport
@testable import ThesisKit

/// `thesis models`, `thesis predict` and `thesis gc` on a built project, run as a user would.
extension CommandLineTests {
    private static let networks = """
        # Networks

        <<nn train data=macro target=output model=lstm lags=6 hidden=4 epochs=5 batch=16 id=lstm>>

        <<nn train data=macro target=output task=classification features=rate hidden=4 epochs=3 id=cls>>
        """

    private func modelIDs(_ p: TempProject) throws -> [String: String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: p.root.appendingPathComponent(".thesis/models").path)
        var byKind: [String: String] = [:]
        for file in files {
            let data = try XCTUnwrap(p.read(".thesis/models/" + file)).data(using: .utf8)!
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            byKind[object["kind"] as! String] = String(file.dropLast(5))
        }
        return byKind
    }

    /// `thesis predict --steps` forecasts with the saved VAR what `var forecast` computed in the build.
    func testPredictStepsForecastsWithASavedVAR() throws {
        var files = TempProject.standardFiles
        files["chapters/03-var.md"] = """
            # VAR

            <<var fit data=macro series=output,rate lags=2 id=v>>

            <<var forecast of=v steps=4 id=f>>
            """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let fit = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["v"])]?.model?.id)
        let forecast = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["f"])]).scalars
        let register = try run(["models", "register", "macro-var", "--from", fit], in: p.root)
        XCTAssertEqual(register.status, 0, register.stderr)
        let predicted = try run(["predict", "macro-var:1", "--input", "data/raw/macro.csv", "--steps", "4"], in: p.root)
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        let lines = predicted.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "date,step,predicted_output,predicted_rate")
        XCTAssertEqual(lines.count, 5)
        for (h, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",").map(String.init)
            XCTAssertEqual(fields[0], "2003-12", "every step counts from the last row")
            XCTAssertEqual(fields[1], String(h + 1))
            for (k, name) in ["output", "rate"].enumerated() {
                XCTAssertEqual(Double(fields[2 + k])?.bitPattern, forecast["\(name).\(h + 1)"]?.number?.bitPattern, line)
            }
        }
        let oneStep = try run(["predict", "macro-var:1", "--input", "data/raw/macro.csv"], in: p.root)
        XCTAssertEqual(oneStep.stdout.split(separator: "\n").count, 1 + 48 - 1, "one prediction per window of 2 rows")
        let refused = try run(["predict", "macro-var:1", "--input", "data/raw/macro.csv", "--steps", "0"], in: p.root)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("steps must be in 1…1000"), refused.stderr)
    }

    /// The saved LSTM, read back by `thesis predict`, gives the build's test RMSE and MAE exactly:
    /// its predictions are bit-identical to the ones the build scored.
    func testPredictReproducesTheBuildsNumbersExactly() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = Self.networks
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        let ids = try modelIDs(p)
        let lstm = try XCTUnwrap(ids["lstm"]), classifier = try XCTUnwrap(ids["mlp-classifier"])

        let register = try run(["models", "register", "unemployment", "--from", String(lstm.prefix(10)), "--alias", "champion"], in: p.root)
        XCTAssertEqual(register.status, 0, register.stderr)
        XCTAssertTrue(register.stdout.contains("registered \(lstm.prefix(12)) as unemployment version 1"), register.stdout)
        let predicted = try run(["predict", "unemployment@champion", "--input", "data/raw/macro.csv"], in: p.root)
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        let lines = predicted.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "date,predicted_output")
        XCTAssertEqual(lines.count, 1 + 48 - 6 + 1, "one prediction per window of 6 rows")
        XCTAssertTrue(lines[1].hasPrefix("2000-06,"), "keyed by the window's last row: \(lines[1])")
        let forecasts = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        // 42 samples (48 rows, 6 lags), the last round(42 × 0.25) = 11 held out: windows 31–41 predict rows 37–47.
        let actual = TempProject.macroCSV.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
        let scored = Array(forecasts[31..<42]), targets = Array(actual[37..<48])
        let shown = try run(["models", "show", lstm, "--json"], in: p.root)
        let artifact = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let metrics = try XCTUnwrap((artifact?["training"] as? [String: Any])?["metrics"] as? [String: Double])
        XCTAssertEqual(try RegressionMetrics.rootMeanSquaredError(actual: targets, predicted: scored).bitPattern, metrics["rmse"]?.bitPattern)
        XCTAssertEqual(try RegressionMetrics.meanAbsoluteError(actual: targets, predicted: scored).bitPattern, metrics["mae"]?.bitPattern)

        let classes = try run(["predict", String(classifier.prefix(8)), "--input", "data/raw/macro.csv", "--output", "out/p.csv"], in: p.root)
        XCTAssertEqual(classes.status, 0, classes.stderr)
        XCTAssertTrue(p.read("out/p.csv")?.hasPrefix("date,predicted_output,p_") ?? false, p.read("out/p.csv") ?? "no file")

        let runs = try run(["runs", "list", "--json"], in: p.root)
        let runIDs = (try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
        let artifacts = try runIDs.map { try run(["runs", "show", String($0)], in: p.root).stdout }.joined()
        XCTAssertTrue(artifacts.contains("model \(lstm.prefix(12))") && artifacts.contains("model \(classifier.prefix(12))"), artifacts)
        let show = try run(["models", "show", "unemployment:1"], in: p.root)
        XCTAssertTrue(show.stdout.contains("input: output (windows of 6 consecutive rows)"), show.stdout)
        XCTAssertTrue(show.stdout.contains("registered as unemployment:1 @champion"), show.stdout)
        let diff = try run(["models", "diff", "unemployment", classifier], in: p.root)
        XCTAssertTrue(diff.stdout.contains("- kind: lstm\n+ kind: mlp-classifier"), diff.stdout)
    }

    /// Models outlive `clean --cache`; `gc` then removes only what no registered version names,
    /// and a rebuild makes the same artifact again (same bytes, same id).
    func testModelsSurviveCleanAndGarbageCollectionKeepsRegisteredOnes() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = Self.networks
        let p = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let ids = try modelIDs(p)
        let lstm = try XCTUnwrap(ids["lstm"]), classifier = try XCTUnwrap(ids["mlp-classifier"])
        XCTAssertEqual(try run(["models", "register", "u", "--from", lstm], in: p.root).status, 0)
        XCTAssertTrue(try run(["gc"], in: p.root).stdout.contains("nothing to remove"), "the cache still names both")
        XCTAssertEqual(try run(["clean", "--cache"], in: p.root).status, 0)
        XCTAssertEqual(try modelIDs(p).count, 2, "clean --cache keeps .thesis/models")
        let dry = try run(["gc", "--dry-run"], in: p.root)
        XCTAssertTrue(dry.stdout.contains("would remove 1 unreferenced model") && dry.stdout.contains(classifier.prefix(12)), dry.stdout)
        XCTAssertEqual(try modelIDs(p).count, 2)
        let gc = try run(["gc"], in: p.root)
        XCTAssertTrue(gc.stdout.contains("removed 1 unreferenced model"), gc.stdout)
        XCTAssertEqual(try modelIDs(p), ["lstm": lstm])
        XCTAssertEqual(try run(["predict", "u", "--input", "data/raw/macro.csv"], in: p.root).status, 0)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertEqual(try modelIDs(p), ids, "a rebuild saves the same bytes under the same ids")
        // A deleted model file makes its directive execute again rather than hit a cache entry
        // whose model is gone.
        try FileManager.default.removeItem(at: p.root.appendingPathComponent(".thesis/models/\(classifier).json"))
        let again = try run(["build"], in: p.root)
        XCTAssertTrue(again.stdout.contains("1 executed, 4 from cache"), again.stdout)
        XCTAssertEqual(try modelIDs(p), ids)
    }

    /// `<<model register>>` registers the document's model at every build: once per model (a
    /// cached or rebuilt result with the same model adds no version), a retrained model as the
    /// next version with the alias moved to it, and the registry's record says which directive did it.
    func testTheDocumentRegistersItsModelAtEveryBuild() throws {
        var files = TempProject.standardFiles
        let chapter = { (epochs: Int) in
            """
            # Networks

            <<nn train data=macro target=output model=lstm lags=6 hidden=4 epochs=\(epochs) batch=16 id=lstm>>

            <<model register of=lstm name=unemployment alias=champion id=reg>>

            The champion is model <<= reg.model_id>>.
            """
        }
        files["chapters/03-nets.md"] = chapter(5)
        let p = try TempProject(files: files)
        let first = try run(["build"], in: p.root)
        XCTAssertEqual(first.status, 0, first.stderr)
        let lstm = try XCTUnwrap(try modelIDs(p)["lstm"])
        XCTAssertTrue(p.html()?.contains("Registered as") ?? false)
        XCTAssertTrue(p.html()?.contains(lstm) ?? false, "the inline value quotes the id")
        func registry() -> String { (try? run(["models"], in: p.root).stdout) ?? "" }
        XCTAssertTrue(registry().contains("unemployment  1 version, latest v1 \(lstm.prefix(12))  aliases champion=1"), registry())
        XCTAssertTrue(try run(["build"], in: p.root).stdout.contains("0 executed"))
        XCTAssertEqual(try run(["clean", "--cache"], in: p.root).status, 0)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertTrue(registry().contains("unemployment  1 version,"), "the same model again adds no version: \(registry())")

        try p.write("chapters/03-nets.md", chapter(6))
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let retrained = try XCTUnwrap(try run(["models", "show", "unemployment@champion"], in: p.root).stdout.split(separator: " ").dropFirst().first)
        XCTAssertNotEqual(String(retrained), lstm)
        XCTAssertTrue(registry().contains("unemployment  2 versions, latest v2 \(retrained.prefix(12))  aliases champion=2"), registry())
        let events = try run(["models", "events"], in: p.root).stdout
        XCTAssertTrue(events.contains("alias version 2 @champion  ([model register] at chapters/03-nets.md:5:1)"), events)

        try p.write("chapters/03-nets.md", chapter(6) + "\n\n<<model register of=lstm name=9x>>\n\n<<data describe data=macro id=d>>\n\n<<model register of=d name=x>>\n")
        let bad = try run(["build"], in: p.root)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("[model register] '9x' is not a valid model name"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("[model register] 'd' saved no model; of= names an nn train result"), bad.stderr)
    }

    /// A training directive that fails is recorded as a failed run with its error (and its
    /// experiment and parameters), beside the runs that finished.
    func testAFailedTrainingIsRecordedAsAFailedRun() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = "# Nets\n\n<<nn train data=macro target=nope hidden=4 epochs=2 experiment=demo id=bad>>\n"
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 1)
        let listed = try run(["runs", "list", "--json"], in: p.root)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        XCTAssertEqual(runs.count, 1, listed.stdout)
        XCTAssertEqual(runs.first?["status"] as? String, "failed")
        XCTAssertEqual(runs.first?["experiment"] as? String, "demo")
        XCTAssertEqual((runs.first?["params"] as? [String: String])?["hidden"], "4")
        XCTAssertTrue((runs.first?["error"] as? String ?? "").contains("nope"), listed.stdout)
        XCTAssertTrue(try run(["runs"], in: p.root).stdout.contains("FAILED: "))
    }

    /// A search records one run per trial under its own run (parent_id), with the trial's
    /// configuration as parameters and its validation score, the same as the search's table.
    func testEveryTuningTrialIsARunUnderTheSearch() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Tuning

            <<nn tune data=macro target=output features=rate,prices space="hidden: 4, 8; lr: 0.001, 0.01" epochs=3 experiment=search id=tune>>
            """
        let p = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let listed = try run(["runs", "list", "--json"], in: p.root)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        XCTAssertEqual(runs.count, 5, "the search and its four trials")
        let search = try XCTUnwrap(runs.first { $0["parent_id"] is NSNull })
        let trials = runs.filter { $0["parent_id"] as? Int == search["id"] as? Int }
        XCTAssertEqual(trials.count, 4)
        XCTAssertEqual(Set(trials.compactMap { ($0["params"] as? [String: String]).map { "\($0["hidden"] ?? "")/\($0["lr"] ?? "")" } }),
                       ["4/0.001", "4/0.01", "8/0.001", "8/0.01"])
        XCTAssertTrue(trials.allSatisfy { $0["experiment"] as? String == "search" && $0["status"] as? String == "finished" })
        let shown = try JSONSerialization.jsonObject(with: Data(try run(["runs", "show", "\(search["id"] as? Int ?? 0)", "--json"], in: p.root).stdout.utf8)) as? [String: Any]
        let scores = try XCTUnwrap((shown?["history"] as? [String: [Double]])?["trial_score"])
        let byTrial = trials.sorted { Int(($0["tags"] as? [String: String])?["trial"] ?? "") ?? 0 < Int(($1["tags"] as? [String: String])?["trial"] ?? "") ?? 0 }
        XCTAssertEqual(byTrial.compactMap { ($0["metrics"] as? [String: Double])?["score"] }, scores, "each trial's score is the search's")
        XCTAssertTrue(try run(["runs"], in: p.root).stdout.contains("[nn tune] trial of run \(search["id"] as? Int ?? 0)"))
    }

    /// A network's rolling evaluation records a run with its accuracy by horizon (the numbers the
    /// chapter quotes); a non-network evaluation records none.
    func testForecastEvaluationOfANetworkIsARun() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Forecasts

            <<forecast evaluate data=macro target=output model=mlp lags=2 hidden=4 epochs=3 horizon=1,2 start=2003-01 step=6 id=fe>>

            <<forecast evaluate data=macro target=output model=rw horizon=1 start=2003-01 id=rw>>

            Quoted RMSE: <<= fe.rmse.1 .17g>>.
            """
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        let listed = try run(["runs", "list", "--json"], in: p.root)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        XCTAssertEqual(runs.count, 1, "the network's evaluation only: \(listed.stdout)")
        let run = try XCTUnwrap(runs.first)
        XCTAssertEqual(run["directive"] as? String, "forecast evaluate")
        XCTAssertEqual((run["tags"] as? [String: String])?["kind"], "forecast-evaluate")
        let metrics = try XCTUnwrap(run["metrics"] as? [String: Double])
        XCTAssertNotNil(metrics["rmse.2"])
        XCTAssertGreaterThan(metrics["origins"] ?? 0, 0)
        let html = try XCTUnwrap(p.html())
        let range = try XCTUnwrap(html.range(of: #"Quoted RMSE: (<[^>]*>)?[0-9.e-]+"#, options: .regularExpression))
        let quoted = html[range].split(separator: ">").last.map { $0.replacingOccurrences(of: "Quoted RMSE: ", with: "") } ?? ""
        // corelibs' JSONSerialization may read a number 1 ulp off, hence the tolerance.
        XCTAssertEqual(try XCTUnwrap(Double(quoted)), try XCTUnwrap(metrics["rmse.1"]), accuracy: 1e-15, "the run holds the number the chapter quotes")
    }

    /// `tags=` puts the author's tags on the run (and its trials) beside the automatic ones;
    /// `thesis runs tag` edits them later; the run's figures are kept as its artifacts.
    func testUserTagsAndFiguresOnRuns() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Forecasts

            <<forecast evaluate data=macro target=output model=mlp lags=2 hidden=4 epochs=3 horizon=1 start=2003-01 step=6 tags="stage:draft, team:macro" id=fe>>

            <<nn tune data=macro target=output features=rate space="hidden: 4, 8" epochs=3 tags=stage:search id=tune>>
            """
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        let listed = try run(["runs", "list", "--json"], in: p.root)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], listed.stdout)
        let evaluation = try XCTUnwrap(runs.first { $0["directive"] as? String == "forecast evaluate" })
        let tags = try XCTUnwrap(evaluation["tags"] as? [String: String])
        XCTAssertEqual(tags["stage"], "draft")
        XCTAssertEqual(tags["team"], "macro")
        XCTAssertEqual(tags["kind"], "forecast-evaluate", "the automatic tags stay")
        let tuning = runs.filter { $0["directive"] as? String == "nn tune" }
        XCTAssertEqual(tuning.count, 3, "the search and its two trials")
        XCTAssertTrue(tuning.allSatisfy { ($0["tags"] as? [String: String])?["stage"] == "search" }, "trials carry the search's tags")

        // The evaluation's figure is an artifact of its run, kept under its SHA-256.
        let id = try XCTUnwrap(evaluation["id"] as? Int)
        let shown = try run(["runs", "show", String(id)], in: p.root).stdout
        let figure = try XCTUnwrap(shown.range(of: #"figure \.thesis/artifacts/[0-9a-f]{64}\.svg"#, options: .regularExpression), shown)
        let path = String(shown[figure].dropFirst("figure ".count))
        let kept = try XCTUnwrap(FileManager.default.contents(atPath: p.root.appendingPathComponent(path).path))
        XCTAssertEqual(SHA256.hex(kept) + ".svg", String(path.split(separator: "/").last ?? ""))
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: p.root.appendingPathComponent("figures").path)
            .contains { FileManager.default.contents(atPath: p.root.appendingPathComponent("figures/" + $0).path) == kept },
            "the kept file is the drawn figure")
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        XCTAssertEqual(try run(["runs", "show", String(id)], in: p.root).stdout, shown, "a no-op build adds nothing")
        XCTAssertEqual(try run(["clean", "--cache"], in: p.root).status, 0)
        XCTAssertNotNil(FileManager.default.contents(atPath: p.root.appendingPathComponent(path).path), "kept through clean --cache")

        // Tags afterwards: set, remove; the tool's own are refused.
        let tagged = try run(["runs", "tag", String(id), "reviewed=yes", "--remove", "team"], in: p.root)
        XCTAssertEqual(tagged.status, 0, tagged.stderr)
        XCTAssertTrue(tagged.stdout.contains("reviewed=yes") && !tagged.stdout.contains("team="), tagged.stdout)
        let refused = try run(["runs", "tag", String(id), "kind=mine"], in: p.root)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("'kind' is a tag the tool sets itself"), refused.stderr)
        XCTAssertNotEqual(try run(["runs", "tag", "999", "a=b"], in: p.root).status, 0)

        // Bad tags in a chapter are located errors.
        for (bad, message) in [("tags=stage", "tag 'stage' has no value"), ("tags=model:x", "'model' is a tag the tool sets itself"),
                               ("tags=\"a:1,a:2\"", "tag 'a' is given twice")] {
            try p.write("chapters/03-nets.md", "# F\n\n<<nn train data=macro target=output hidden=4 epochs=2 \(bad)>>\n")
            let failed = try run(["build"], in: p.root)
            XCTAssertEqual(failed.status, 1)
            XCTAssertTrue(failed.stderr.contains("chapters/03-nets.md:3:") && failed.stderr.contains(message), failed.stderr)
        }
        try p.write("chapters/03-nets.md", "# F\n\n<<forecast evaluate data=macro target=output model=rw horizon=1 start=2003-01 tags=a:b>>\n")
        XCTAssertTrue(try run(["build"], in: p.root).stderr.contains("tags= labels the run of a network"))
    }

    func testModelCommandsRefuseBadReferencesAndInputsWithTheReason() throws {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = Self.networks
        files["bad.csv"] = "date,rate\n2000-01,0.5\n2000-02,abc\n"
        files["short.csv"] = "date,output\n2000-01,1\n"
        files["wrong.csv"] = "date,prices\n2000-01,1\n"
        let p = try TempProject(files: files)
        XCTAssertEqual(try run(["build"], in: p.root).status, 0)
        let ids = try modelIDs(p)
        let classifier = try XCTUnwrap(ids["mlp-classifier"]), lstm = try XCTUnwrap(ids["lstm"])
        func refused(_ arguments: [String], _ expected: String, line: UInt = #line) throws {
            let result = try run(arguments, in: p.root)
            XCTAssertEqual(result.status, 1, result.stdout, line: line)
            XCTAssertTrue(result.stderr.contains(expected), result.stderr, line: line)
        }
        try refused(["predict", "nobody", "--input", "bad.csv"], "no registered model 'nobody' and no model id starting so")
        try refused(["predict", classifier, "--input", "bad.csv"], "bad.csv:3: field 2 ('rate') is 'abc', not a finite number")
        try refused(["predict", classifier, "--input", "wrong.csv"], "wrong.csv:1: no column 'rate'; the model reads rate")
        try refused(["predict", lstm, "--input", "short.csv"], "1 rows are too few: the model reads windows of 6 consecutive rows")
        try refused(["predict", classifier, "--input", "missing.csv"], "cannot read missing.csv")
        try refused(["models", "register", "9lives", "--from", lstm], "not a valid model name")
        try refused(["models", "alias", "u", "champion", "1"], "no registered model 'u'")
        XCTAssertEqual(try run(["models", "register", "u", "--from", lstm], in: p.root).status, 0)
        try refused(["models", "alias", "u", "champion", "4"], "'u' has no version 4")
        try refused(["models", "show", "u@champion"], "'u' has no alias 'champion' (it has none)")
        // A model file changed after it was saved is refused, not read.
        try p.write(".thesis/models/\(lstm).json", p.read(".thesis/models/\(lstm).json")!.replacingOccurrences(of: "\"seed\":0", with: "\"seed\":1"))
        try refused(["predict", "u", "--input", "data/raw/macro.csv"], "was changed after it was saved")
    }
}
