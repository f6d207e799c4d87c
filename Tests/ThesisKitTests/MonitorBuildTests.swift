import Foundation
import XCTest
import ThesisCache
import ThesisTestSupport
@testable import ThesisKit

/// Monitors in a build, run as a user would: an alert makes `thesis build` exit 2 after writing the
/// thesis (0 when the monitor says warn=true), is listed in the report, and goes to the configured
/// sinks (a project script and a webhook received by a small HTTP server on 127.0.0.1) once, when
/// the monitor executes.
extension CommandLineTests {
    private static func vintage(shift: Double, months: Int, start: Int) -> String {
        var text = "date,output,rate\n"
        for i in 0..<months {
            let k = Double(i + start)
            text += String(format: "%04d-%02d,%.6f,%.6f\n", 2000 + (i + start) / 12, (i + start) % 12 + 1,
                           shift + sin(1.37 * k) + 0.6 * sin(0.291 * k * k), 3 + cos(0.77 * k))
        }
        return text
    }

    private func monitorProject(warn: Bool, webhook: Int?) throws -> TempProject {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + """

            [data.old]
            path = "data/raw/old.csv"
            format = "csv"

            [data.new]
            path = "data/raw/new.csv"
            format = "csv"

            [alerts]
            command = ["scripts/notify.sh", "copy"]
            """ + (webhook.map { "\nwebhook = \"http://127.0.0.1:\($0)/hook\"\n" } ?? "\n")
        files["data/raw/old.csv"] = Self.vintage(shift: 0, months: 120, start: 0)
        files["data/raw/new.csv"] = Self.vintage(shift: 0.6, months: 60, start: 120)
        files["scripts/notify.sh"] = "#!/bin/sh\ncp \"$THESIS_ALERTS_FILE\" \"received-by-command-$1.json\"\n"
        files["chapters/02-monitor.md"] = """
            # Monitoring

            <<monitor reference=old data=new rules="psi > 0.25" warn=\(warn) id=mon>>

            The monitor raised <<= mon.alerts>> alert(s).
            """
        let p = try TempProject(files: files)
        chmod(p.root.appendingPathComponent("scripts/notify.sh").path, 0o755)
        return p
    }

    func testAnAlertFailsTheBuildWithExitTwoAndReachesItsSinks() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let p = try monitorProject(warn: false, webhook: receiver.port)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 2, build.stderr)
        XCTAssertTrue(build.stderr.contains("chapters/02-monitor.md:3:1") && build.stderr.contains("output: psi > 0.25"), build.stderr)
        XCTAssertTrue(build.stderr.contains("an alert fired (exit 2)"), build.stderr)
        XCTAssertTrue(build.stdout.contains("1 alert"), build.stdout)
        let html = try XCTUnwrap(p.html(), "the thesis is written")
        XCTAssertNotNil(html.range(of: #"The monitor raised (<[^>]*>)*1(<[^>]*>)* alert"#, options: .regularExpression), "it quotes the count")
        XCTAssertTrue(html.contains("Alerts: output: psi &gt; 0.25"), "the monitor's table lists the alert")
        // The command and the webhook got the same JSON.
        let sent = try XCTUnwrap(p.read("received-by-command-copy.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(sent.utf8)) as? [String: Any])
        let alerts = try XCTUnwrap(object["alerts"] as? [[String: Any]])
        XCTAssertEqual(alerts.count, 1)
        XCTAssertEqual(alerts.first?["subject"] as? String, "output")
        XCTAssertEqual(alerts.first?["monitor"] as? String, "chapters/02-monitor.md:3:1")
        let posted = try XCTUnwrap(receiver.wait(), "the webhook received the alert")
        XCTAssertTrue(posted.head.hasPrefix("POST /hook HTTP/1.1"), posted.head)
        XCTAssertTrue(posted.head.lowercased().contains("content-type: application/json"), posted.head)
        XCTAssertEqual(posted.body, sent)

        // A rebuild from the cache: still exit 2, not sent again.
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("received-by-command-copy.json"))
        let again = try run(["build"], in: p.root)
        XCTAssertEqual(again.status, 2)
        XCTAssertFalse(p.exists("received-by-command-copy.json"), "a cached monitor's alert is not sent again")
    }

    func testAWarnMonitorReportsItsAlertAndExitsZero() throws {
        let p = try monitorProject(warn: true, webhook: nil)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertTrue(build.stderr.contains("alert (warning): output: psi > 0.25"), build.stderr)
        XCTAssertTrue(build.stdout.contains("1 alert (1 as warnings)"), build.stdout)
        XCTAssertTrue(p.exists("received-by-command-copy.json"), "warnings are sent too")
        // A sink that fails is a warning, not a failed build.
        try p.write("scripts/notify.sh", "#!/bin/sh\necho cannot reach the channel >&2\nexit 3\n")
        try p.write("chapters/02-monitor.md", p.read("chapters/02-monitor.md")!.replacingOccurrences(of: "psi > 0.25", with: "psi > 0.2"))
        let failing = try run(["build"], in: p.root)
        XCTAssertEqual(failing.status, 0, failing.stderr)
        XCTAssertTrue(failing.stderr.contains("alerts.command scripts/notify.sh: exited with 3: cannot reach the channel"), failing.stderr)
    }

    /// `thesis monitor` reads the request log: per model, requests, error rate and latency
    /// quantiles (numpy's linear rule); a serving rule that fires exits 2 and reaches the sinks.
    func testThesisMonitorChecksTheRequestLog() throws {
        let p = try monitorProject(warn: false, webhook: nil)
        try p.write("thesis.toml", p.read("thesis.toml")! + "serving = \"p99_latency_ms > 20; error_rate > 0.2\"\n")
        try FileManager.default.createDirectory(at: p.root.appendingPathComponent(".thesis"), withIntermediateDirectories: true)
        let store = try ResultStore(path: p.root.appendingPathComponent(".thesis/cache.sqlite").path)
        // 100 requests to "fast" (1 … 100 ms latency, none failed) and 10 to "flaky" (2 ms, 3 failed).
        try store.logRequests((1...100).map {
            RequestLogEntry(at: "2026-12-01T00:00:00.000Z", model: "fast", version: 1, modelID: nil, inputHash: "h", rows: 1,
                            latencyMilliseconds: Double($0), status: 200)
        } + (0..<10).map {
            RequestLogEntry(at: "2026-12-01T00:00:01.000Z", model: "flaky", version: 1, modelID: nil, inputHash: "h", rows: 1,
                            latencyMilliseconds: 2, status: $0 < 3 ? 422 : 200)
        })
        let checked = try run(["monitor"], in: p.root)
        XCTAssertEqual(checked.status, 2, checked.stderr)
        // numpy.quantile(1..100, 0.99) = 99.01; 0.5 → 50.5.
        XCTAssertTrue(checked.stdout.contains("fast  100  0.0000  50.500  99.010  50.500"), checked.stdout)
        XCTAssertTrue(checked.stdout.contains("flaky  10  0.3000"), checked.stdout)
        XCTAssertTrue(checked.stderr.contains("alert: fast: p99_latency_ms > 20"), checked.stderr)
        XCTAssertTrue(checked.stderr.contains("alert: flaky: error_rate > 0.2"), checked.stderr)
        XCTAssertFalse(checked.stderr.contains("flaky: p99_latency_ms"), checked.stderr)
        let sent = try XCTUnwrap(p.read("received-by-command-copy.json"))
        XCTAssertTrue(sent.contains("\"monitor\":\"thesis monitor (request log)\""), sent)
        XCTAssertEqual(try run(["monitor", "--warn"], in: p.root).status, 0)
        XCTAssertEqual(try run(["monitor", "--rules", "p99_latency_ms > 200"], in: p.root).status, 0)
        let bad = try run(["monitor", "--rules", "p99 > 2"], in: p.root)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("'p99' is not a statistic of the request log"), bad.stderr)
    }

    /// verify re-executes a monitor of a model in its in-memory store (no model files there).
    func testVerifyReexecutesAMonitorOfAModel() throws {
        var files = TempProject.standardFiles
        files["chapters/03-mon.md"] = """
            # Monitor

            <<ols data=macro formula="output ~ rate" sample=2000-01..2001-12 id=fit>>

            <<monitor reference=macro data=macro reference-sample=2000-01..2001-12 sample=2002-01..2003-12 of=fit rules="rmse > 100 * registered">>
            """
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 0, build.stderr)
        let verify = try run(["verify"], in: p.root)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    func testBadAlertSettingsAreLocatedErrors() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n[alerts]\nwebhook = \"ftp://example.org/x\"\n"
        let p = try TempProject(files: files)
        let build = try run(["build"], in: p.root)
        XCTAssertEqual(build.status, 1)
        XCTAssertTrue(build.stderr.contains("thesis.toml:") && build.stderr.contains("alerts.webhook must be an http:// or https:// URL"), build.stderr)
    }
}

/// A one-request HTTP server on 127.0.0.1 (python3's http.server) that records what it receives.
final class WebhookReceiver {
    let port: Int
    private let process = Process()
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = """
            import http.server, sys, pathlib
            out = pathlib.Path(sys.argv[1])
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    head = self.requestline + "\\r\\n" + str(self.headers)
                    (out / "body").write_bytes(body); (out / "head").write_text(head)
                    self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            (out / "port").write_text(str(s.server_address[1]))
            s.handle_request()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path]
        try process.run()
        let portFile = folder.appendingPathComponent("port")
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: portFile.path), Date() < deadline { usleep(20_000) }
        usleep(20_000)
        guard let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) else {
            process.terminate()
            throw NSError(domain: "WebhookReceiver", code: 1, userInfo: [NSLocalizedDescriptionKey: "the receiver did not start"])
        }
        self.port = port
    }

    /// The request it received (head and body), waiting up to 10 s.
    func wait() -> (head: String, body: String)? {
        let deadline = Date().addingTimeInterval(10)
        let head = folder.appendingPathComponent("head"), body = folder.appendingPathComponent("body")
        while !FileManager.default.fileExists(atPath: head.path), Date() < deadline { usleep(20_000) }
        guard let h = try? String(contentsOf: head, encoding: .utf8), let b = try? String(contentsOf: body, encoding: .utf8) else { return nil }
        return (h, b)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }
}
