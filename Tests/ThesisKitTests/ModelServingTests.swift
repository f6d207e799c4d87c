import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

#if canImport(Glibc)
import Glibc
#endif

/// Model serving on `thesis serve`: the built binary on a temporary project with registered
/// models, spoken to over loopback. Predictions equal `thesis predict`'s (so the build's) bit for
/// bit; bad requests get a 4xx with a JSON reason and the server goes on; metrics and the request
/// log record what happened.
final class ModelServingTests: XCTestCase {
    /// The CLI, as `CommandLineTests` runs it.
    private struct CLI {
        func run(_ arguments: [String], in directory: URL) throws -> CommandLineTests.Run {
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return .init(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
    }
    private let cli = CLI()

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "thesis executable not built")
    }

    private func servedProject() throws -> TempProject {
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Networks

            <<nn train data=macro target=output model=lstm lags=6 hidden=4 epochs=5 batch=16 id=lstm>>

            <<nn train data=macro target=output task=classification features=rate hidden=4 epochs=3 id=cls>>
            """
        let p = try TempProject(files: files)
        XCTAssertEqual(try cli.run(["build"], in: p.root).status, 0)
        let kinds = try ["lstm", "mlp-classifier"].map { kind -> String in
            let files = try FileManager.default.contentsOfDirectory(atPath: p.root.appendingPathComponent(".thesis/models").path)
            return try XCTUnwrap(files.first { p.read(".thesis/models/" + $0)?.contains("\"kind\":\"\(kind)\"") ?? false }).replacingOccurrences(of: ".json", with: "")
        }
        XCTAssertEqual(try cli.run(["models", "register", "unemployment", "--from", kinds[0], "--alias", "champion"], in: p.root).status, 0)
        XCTAssertEqual(try cli.run(["models", "register", "regime", "--from", kinds[1]], in: p.root).status, 0)
        return p
    }

    /// The CSV rows of the test project's macro data as JSON records.
    private func records(_ columns: [String]) -> String {
        let lines = TempProject.macroCSV.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        let rows = lines.dropFirst().map { fields in
            "{" + columns.map { "\"\($0)\":\(fields[header.firstIndex(of: $0)!])" }.joined(separator: ",") + "}"
        }
        return "{\"rows\":[" + rows.joined(separator: ",") + "]}"
    }

    private func json(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
    }

    func testServedPredictionsEqualThePredictCommandAndBadRequestsAreRefused() throws {
        let p = try servedProject()
        let server = try ServeTests.Server(in: p.root)
        defer { _ = server.stop() }

        let listing = try json(try Loopback.get(server.port, "/v1/models").body)
        let models = try XCTUnwrap(listing["models"] as? [[String: Any]])
        XCTAssertEqual(models.map { $0["name"] as? String }, ["regime", "unemployment"])
        let unemployment = try XCTUnwrap(models.last)
        XCTAssertEqual(unemployment["aliases"] as? [String: Int], ["champion": 1])
        let version = try XCTUnwrap((unemployment["versions"] as? [[String: Any]])?.first)
        XCTAssertEqual((version["input"] as? [String: Any])?["window"] as? Int, 6)

        // Every path to the LSTM gives the same predictions, equal to `thesis predict`'s bit for bit.
        let expected = try cli.run(["predict", "unemployment", "--input", "data/raw/macro.csv"], in: p.root).stdout
            .split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])!.bitPattern }
        XCTAssertEqual(expected.count, 43)
        for path in ["unemployment", "unemployment@champion", "unemployment/versions/1"] {
            let response = try Loopback.post(server.port, "/v1/models/\(path):predict", records(["output"]))
            XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
            let answer = try json(response.body)
            XCTAssertEqual(answer["version"] as? Int, 1)
            let predictions = try XCTUnwrap(answer["predictions"] as? [[String: Any]])
            XCTAssertEqual(predictions.first?["row"] as? Int, 5, "the first window ends at row 5")
            // JSONSerialization may read a number as a decimal; read the served text exactly instead.
            let served = String(decoding: response.body, as: UTF8.self).components(separatedBy: "\"predicted_output\":").dropFirst()
                .map { Double($0.prefix { "0123456789.-+eE".contains($0) })!.bitPattern }
            XCTAssertEqual(served, expected, path)
        }
        let classified = try Loopback.post(server.port, "/v1/models/regime:predict", #"{"rows":[{"rate":3.1,"output":9},{"rate":2.2}]}"#)
        XCTAssertEqual(classified.status, 200, String(decoding: classified.body, as: UTF8.self))
        let labels = try XCTUnwrap(try json(classified.body)["predictions"] as? [[String: Any]])
        XCTAssertEqual(labels.count, 2)
        XCTAssertNotNil(labels[0]["p_1"])
        XCTAssertNotNil(labels[0]["predicted_output"] as? Int)

        func refused(_ path: String, _ body: String, _ status: Int, _ expected: String, line: UInt = #line) throws {
            let response = try Loopback.post(server.port, path, body)
            XCTAssertEqual(response.status, status, String(decoding: response.body, as: UTF8.self), line: line)
            let error = (try? json(response.body))?["error"] as? [String: Any]
            XCTAssertEqual(error?["status"] as? Int, status, line: line)
            XCTAssertTrue((error?["message"] as? String ?? "").contains(expected), "\(error ?? [:])", line: line)
        }
        try refused("/v1/models/regime:predict", #"{"rows":[{"output":1}]}"#, 400, "row 1 has no 'rate'; the model reads rate")
        try refused("/v1/models/regime:predict", #"{"rows":[{"rate":"3"}]}"#, 400, "row 1: 'rate' is a string")
        try refused("/v1/models/regime:predict", #"{"rows":[{"rate":1},{"rate":null}]}"#, 400, "row 2: 'rate' is null, not a number")
        try refused("/v1/models/regime:predict", #"{"rows":[{"rate":1e999}]}"#, 400, "row 1: 'rate' is not a finite number")
        try refused("/v1/models/regime:predict", #"{"rows":[]}"#, 400, "\"rows\" is empty")
        try refused("/v1/models/regime:predict", #"{"data":[]}"#, 400, "'rows' is missing")
        try refused("/v1/models/regime:predict", "[1,2", 400, "not a JSON object")
        try refused("/v1/models/unemployment:predict", #"{"rows":[{"output":1}]}"#, 422, "too few")
        try refused("/v1/models/nobody:predict", #"{"rows":[]}"#, 404, "no registered model 'nobody'")
        try refused("/v1/models/unemployment@best:predict", "{}", 404, "has no alias 'best'")
        try refused("/v1/models/unemployment/versions/7:predict", "{}", 404, "has no version '7'")
        try refused("/v1/models/unemployment:train", "{}", 404, "no such endpoint")
        // A 100 MB body is refused from its header, before any of it is read.
        let huge = try Loopback.exchange(
            server.port, "POST /v1/models/unemployment:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n{\"rows\":")
        XCTAssertTrue(huge.hasPrefix("HTTP/1.1 413"), huge)
        XCTAssertTrue(huge.contains("a request takes at most 8388608"), huge)
        XCTAssertEqual(try Loopback.get(server.port, "/health").status, 200, "still serving")

        let metrics = String(decoding: try Loopback.get(server.port, "/metrics").body, as: UTF8.self)
        XCTAssertTrue(metrics.contains(#"thesis_model_requests_total{model="unemployment",version="1",status="200"} 3"#), metrics)
        XCTAssertTrue(metrics.contains(#"thesis_model_request_duration_seconds_count{model="regime"} 8"#), metrics)
        XCTAssertTrue(metrics.contains(#"thesis_model_errors_total{model="unknown"}"#), "made-up names share one label: \(metrics)")
        XCTAssertFalse(metrics.contains("nobody"), metrics)

        let (status, _) = server.stop()
        XCTAssertEqual(status, 0)
        let log = try ResultStore(path: p.root.appendingPathComponent(".thesis/cache.sqlite").path).requestLog()
        XCTAssertEqual(log.count, 17, "every prediction request, answered or refused: \(log.map(\.status))")
        XCTAssertEqual(log.filter { $0.status == 200 }.count, 4)
        let first = try XCTUnwrap(log.first)
        XCTAssertEqual(first.model, "unemployment")
        XCTAssertEqual(first.version, 1)
        XCTAssertEqual(first.rows, 48)
        XCTAssertEqual(first.inputHash, SHA256.hex(Data(records(["output"]).utf8)))
        XCTAssertTrue(first.latencyMilliseconds > 0 && first.latencyMilliseconds < 5000, "\(first.latencyMilliseconds)")
        XCTAssertEqual(log.last?.status, 413)
    }

    /// A served VAR forecasts `"steps"` periods after the last row, as `thesis predict --steps`.
    func testAServedVARForecastsSteps() throws {
        var files = TempProject.standardFiles
        files["chapters/03-var.md"] = "# VAR\n\n<<var fit data=macro series=output,rate lags=2 id=v>>\n"
        let p = try TempProject(files: files)
        XCTAssertEqual(try cli.run(["build"], in: p.root).status, 0)
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: p.root.appendingPathComponent(".thesis/models").path).first)
        XCTAssertEqual(try cli.run(["models", "register", "macro", "--from", String(id.dropLast(5))], in: p.root).status, 0)
        let expected = try cli.run(["predict", "macro", "--input", "data/raw/macro.csv", "--steps", "3"], in: p.root).stdout
            .split(separator: "\n").dropFirst().map { line in line.split(separator: ",").dropFirst(2).map { Double($0)!.bitPattern } }
        XCTAssertEqual(expected.count, 3)
        let server = try ServeTests.Server(in: p.root)
        defer { _ = server.stop() }
        let body = records(["output", "rate"]).dropLast() + ",\"steps\":3}"
        let response = try Loopback.post(server.port, "/v1/models/macro:predict", String(body))
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        let text = String(decoding: response.body, as: UTF8.self)
        let predictions = try XCTUnwrap(try json(response.body)["predictions"] as? [[String: Any]])
        XCTAssertEqual(predictions.map { $0["step"] as? Int }, [1, 2, 3])
        XCTAssertEqual(predictions.map { $0["row"] as? Int }, [47, 47, 47], "every step counts from the last row")
        func served(_ name: String) -> [UInt64] {
            text.components(separatedBy: "\"predicted_\(name)\":").dropFirst()
                .map { Double($0.prefix { "0123456789.-+eE".contains($0) })!.bitPattern }
        }
        XCTAssertEqual(served("output"), expected.map { $0[0] })
        XCTAssertEqual(served("rate"), expected.map { $0[1] })
        let zero = try Loopback.post(server.port, "/v1/models/macro:predict", String(records(["output", "rate"]).dropLast() + ",\"steps\":0}"))
        XCTAssertEqual(zero.status, 400)
        XCTAssertTrue(String(decoding: zero.body, as: UTF8.self).contains("a forecast takes 1 to 1000 steps"))
    }

    /// A run's figures are served from .thesis/artifacts for the dashboard, under a policy that
    /// runs nothing in them, and copied into the static dashboard; other names are refused.
    func testRunFiguresAreServedAndCopied() throws {
        var files = TempProject.standardFiles
        files["chapters/03-fe.md"] = """
            # F

            <<forecast evaluate data=macro target=output model=mlp lags=2 hidden=4 epochs=3 horizon=1 start=2003-01 step=6>>
            """
        let p = try TempProject(files: files)
        XCTAssertEqual(try cli.run(["build"], in: p.root).status, 0)
        let server = try ServeTests.Server(in: p.root)
        defer { _ = server.stop() }
        let run = try json(try Loopback.get(server.port, "/v1/runs/1").body)
        let artifacts = try XCTUnwrap(run["artifacts"] as? [[String: String]])
        XCTAssertEqual(Set(artifacts.map { $0["kind"] ?? "" }), ["figure", "model"])
        let svg = try XCTUnwrap(artifacts.first { $0["ref"]?.hasSuffix(".svg") ?? false }?["ref"])
        let raw = try Loopback.exchange(server.port, "GET /v1/artifacts/\(svg) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(raw.hasPrefix("HTTP/1.1 200"), String(raw.prefix(200)))
        XCTAssertTrue(raw.lowercased().contains("content-type: image/svg+xml"))
        XCTAssertTrue(raw.lowercased().contains("content-security-policy: default-src 'none'"))
        XCTAssertTrue(raw.contains("<svg"))
        for bad in ["../cache.sqlite", "\(String(repeating: "0", count: 64)).exe", "abc.svg", svg.uppercased()] {
            let status = try Loopback.get(server.port, "/v1/artifacts/" + (bad.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? bad)).status
            XCTAssertTrue([400, 404].contains(status), "\(bad): \(status)")
        }
        XCTAssertEqual(try Loopback.get(server.port, "/v1/artifacts/\(String(repeating: "a", count: 64)).svg").status, 404)
        XCTAssertEqual(try cli.run(["dashboard"], in: p.root).status, 0)
        XCTAssertEqual(
            FileManager.default.contents(atPath: p.root.appendingPathComponent("reports/dashboard/artifacts/\(svg)").path),
            FileManager.default.contents(atPath: p.root.appendingPathComponent(".thesis/artifacts/\(svg)").path))
        XCTAssertTrue(p.read("reports/dashboard/index.html")?.contains(svg) ?? false, "the page's data names the figure")
    }

    /// The dashboard in headless Chromium (Scripts/dashboard-check.py): it loads with no console
    /// error, sorts, filters and compares runs, shows a run's curves and answers its prediction form.
    func testDashboardWorksInChromium() throws {
        guard Executables.onPath("chromium") || Executables.onPath("chromium-browser") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("CI must have Chromium (.ci/run installs it)") }
            throw XCTSkip("Chromium is not installed (Debian: apt-get install chromium)")
        }
        let p = try servedProject()
        let server = try ServeTests.Server(in: p.root)
        defer { _ = server.stop() }
        let script = URL(fileURLWithPath: BrowserTests.script).deletingLastPathComponent().appendingPathComponent("dashboard-check.py").path
        let (status, output) = try Executables.run(
            "python3", [script, "http://127.0.0.1:\(server.port)", "--model", "regime/versions/1", "--rows", #"{"rows": [{"rate": 3.1}]}"#],
            in: p.root)
        XCTAssertEqual(status, 0, output)
        let seen = try json(Data(output.utf8))
        XCTAssertEqual((seen["runs"] as? [Int])?.count, 2, output)
        XCTAssertEqual(seen["runs_after_filter"] as? Int, 0, output)
        XCTAssertEqual(seen["comparison_columns"] as? Int, 3, "a label column and two runs: \(output)")
        XCTAssertEqual(seen["model_rows"] as? Int, 2, output)
        XCTAssertGreaterThan(seen["curve_width"] as? Int ?? 0, 0, output)
        let prediction = try XCTUnwrap((seen["prediction"] as? [[String: Any]])?.first, output)
        XCTAssertNotNil(prediction["predicted_output"], output)
        XCTAssertEqual((seen["problems"] as? [String])?.count, 0, output)
    }

    /// `thesis dashboard` writes a copy that works from the file system: the same checks in
    /// Chromium (no prediction: it says that needs the server), and a run named to break out of
    /// the page's script is shown as text.
    func testStaticDashboardWorksInChromiumAndEscapesWhatTheStoreHolds() throws {
        guard Executables.onPath("chromium") || Executables.onPath("chromium-browser") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("CI must have Chromium (.ci/run installs it)") }
            throw XCTSkip("Chromium is not installed (Debian: apt-get install chromium)")
        }
        var files = TempProject.standardFiles
        files["chapters/03-nets.md"] = """
            # Networks

            <<nn train data=macro target=output features=rate hidden=4 epochs=3 experiment="</script><img src=x onerror=alert(1)>" id=a>>

            <<nn train data=macro target=output features=prices hidden=4 epochs=3 id=b>>
            """
        let p = try TempProject(files: files)
        XCTAssertEqual(try cli.run(["build"], in: p.root).status, 0)
        let written = try cli.run(["dashboard"], in: p.root)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertTrue(written.stdout.contains("wrote reports/dashboard/index.html (2 run curves, 6 figure files)"), written.stdout)
        let page = try XCTUnwrap(p.read("reports/dashboard/index.html"))
        XCTAssertFalse(page.contains("</script><img"), "the name cannot end the data's script element")
        XCTAssertTrue(p.exists("reports/dashboard/curves/1.svg"))
        let script = URL(fileURLWithPath: BrowserTests.script).deletingLastPathComponent().appendingPathComponent("dashboard-check.py").path
        let (status, output) = try Executables.run(
            "python3", [script, p.root.appendingPathComponent("reports/dashboard/index.html").absoluteString, "--static"], in: p.root)
        XCTAssertEqual(status, 0, output)
        let seen = try json(Data(output.utf8))
        XCTAssertEqual((seen["runs"] as? [Int])?.count, 2, output)
        XCTAssertGreaterThan(seen["curve_width"] as? Int ?? 0, 0, output)
        XCTAssertEqual((seen["problems"] as? [String])?.count, 0, output)
        XCTAssertTrue((seen["experiments"] as? [String])?.contains("</script><img src=x onerror=alert(1)>") ?? false, "shown as text: \(output)")
        XCTAssertEqual(seen["images_in_table"] as? Int, 0, "no markup from the store: \(output)")
    }
}

extension Loopback {
    /// POST `body` to `path`: the status and the body (read to the end).
    static func post(_ port: Int, _ path: String, _ body: String) throws -> (status: Int, body: Data) {
        let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let socket = try open(port, request)
        defer { close(socket) }
        let data = try readAll(socket)
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no header in \(data.count) bytes") }
        let status = Int(String(decoding: data[..<end.lowerBound], as: UTF8.self).split(separator: " ").dropFirst().first ?? "") ?? -1
        return (status, Data(data[end.upperBound...]))
    }
}
