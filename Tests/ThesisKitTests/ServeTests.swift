import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

#if canImport(Glibc)
import Glibc
#endif

/// `thesis serve`, run as a user runs it: the built binary on a temporary project, spoken to over
/// loopback with plain sockets (so malformed requests can be sent as they are).
final class ServeTests: XCTestCase {
    /// A running `thesis serve --port 0`.
    final class Server {
        let process: Process
        let port: Int
        private let errors: Pipe

        init(in root: URL, arguments: [String] = []) throws {
            process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = ["serve", "--port", "0", "--quiet"] + arguments
            process.currentDirectoryURL = root
            let out = Pipe()
            errors = Pipe()
            process.standardOutput = out
            process.standardError = errors
            try process.run()
            // The first line names the address: "thesis serve: http://127.0.0.1:PORT/ (Ctrl-C stops)".
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while !text.contains("\n"), Date() < deadline, process.isRunning {
                text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            }
            guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
                  let port = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast()) else {
                process.terminate()
                throw XCTSkip("thesis serve did not start: \(text)")
            }
            self.port = port
        }

        /// Stops it as Ctrl-C does; returns its exit status and standard error.
        func stop() -> (Int32, String) {
            if process.isRunning { kill(process.processIdentifier, SIGINT) }
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }

        /// The book's generation, and whether a rebuild runs.
        var status: (generation: Int, building: Bool) {
            let body = (try? Loopback.get(port, "/_thesis/status").body) ?? Data()
            let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            return (json?["generation"] as? Int ?? -1, json?["building"] as? Bool ?? true)
        }

        var generation: Int { status.generation }

        /// Waits until the book's generation is above `previous` (and, with `settled`, no
        /// rebuild runs); returns the generation then.
        @discardableResult
        func waitForGeneration(above previous: Int, settled: Bool = false, timeout: Double = 60) -> Int {
            let deadline = Date().addingTimeInterval(timeout)
            var current = status
            while current.generation <= previous || (settled && current.building), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
                current = status
            }
            return current.generation
        }
    }

    private func slowProject() throws -> TempProject {
        var files = TempProject.standardFiles
        files["analysis/slow.py"] = """
            import json, os, time
            time.sleep(1.5)
            json.dump({"answer": 42}, open(os.environ["THESIS_OUTPUT"] + "/values.json", "w"))
            """
        files["chapters/03-slow.md"] = "# Slow\n\nThe answer is <<= slow.answer .0f>>.\n\n<<script file=analysis/slow.py id=slow>>\n"
        return try TempProject(files: files)
    }

    /// The book is served with the live script, the file on disk has none; an edit is rebuilt,
    /// announced on the event stream and served; a slow directive shows as pending meanwhile.
    func testServesTheBookAndRebuildsOnSaveWithPendingDirectives() throws {
        let p = try slowProject()
        let server = try Server(in: p.root)
        defer { _ = server.stop() }
        let first = server.waitForGeneration(above: 0)
        XCTAssertGreaterThanOrEqual(first, 1)
        // The first build runs the slow script: once its result is in, the page shows it.
        var page = ""
        let deadline = Date().addingTimeInterval(60)
        while !page.contains("The answer is <span class=\"value\">42</span>"), Date() < deadline {
            page = String(decoding: try Loopback.get(server.port, "/03-slow.html").body, as: UTF8.self)
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(page.contains("The answer is <span class=\"value\">42</span>"), page)
        XCTAssertTrue(page.contains("<script src=\"/_thesis/live.js\" data-generation="), page)
        XCTAssertFalse(p.read("reports/html/03-slow.html")?.contains("_thesis") ?? true, "the book on disk has no live script")
        XCTAssertEqual(try Loopback.get(server.port, "/health").status, 200)
        XCTAssertEqual(try Loopback.get(server.port, "/_thesis/live.js").status, 200)

        // A page listening on the event stream hears of the rebuild that an edit causes.
        let stream = try Loopback.open(server.port, "GET /_thesis/events HTTP/1.1\r\nHost: x\r\n\r\n")
        defer { close(stream) }
        let settled = server.waitForGeneration(above: 0, settled: true)
        XCTAssertTrue(try Loopback.read(stream, until: "event: reload\ndata: \(settled)\n", timeout: 5).contains("text/event-stream"))
        try p.write("chapters/01-intro.md", (p.read("chapters/01-intro.md") ?? "") + "\nA sentence added in the preview.\n")
        let heard = try Loopback.read(stream, until: "event: reload\ndata: \(settled + 1)\n", timeout: 10)
        XCTAssertTrue(heard.contains("event: building\ndata: chapters/01-intro.md\n"), heard)
        let intro = String(decoding: try Loopback.get(server.port, "/01-intro.html").body, as: UTF8.self)
        XCTAssertTrue(intro.contains("A sentence added in the preview."))

        // An edit to the slow script: first the page with the directive pending, then its result.
        let before = server.generation
        try p.write("analysis/slow.py", (p.read("analysis/slow.py") ?? "").replacingOccurrences(of: "42", with: "43"))
        let pendingSeen = server.waitForGeneration(above: before, timeout: 10)
        let pendingPage = String(decoding: try Loopback.get(server.port, "/03-slow.html").body, as: UTF8.self)
        XCTAssertTrue(pendingPage.contains("<div class=\"pending\" role=\"status\"><p><strong>&lt;&lt;script&gt;&gt; is running</strong> (it took 1."),
                      pendingPage)
        server.waitForGeneration(above: pendingSeen, settled: true, timeout: 30)
        let done = String(decoding: try Loopback.get(server.port, "/03-slow.html").body, as: UTF8.self)
        XCTAssertTrue(done.contains("The answer is <span class=\"value\">43</span>"), done)
        XCTAssertFalse(done.contains("class=\"pending\""))

        let (status, errors) = server.stop()
        XCTAssertEqual(status, 0, errors)
        XCTAssertTrue(errors.contains("thesis serve: 4 directives: 1 executed, 3 from cache"), errors)
    }

    /// `--data NAME=PATH` holds for every rebuild of the preview, as for `thesis build`.
    func testDataOverridesHoldForEveryRebuild() throws {
        let p = try TempProject()
        try p.write("data/vintages/other-2.csv", TempProject.otherCSV + "2010-05,5,11\n2010-06,6,13\n")
        let server = try Server(in: p.root, arguments: ["--data", "other=data/vintages/other-2.csv"])
        defer { _ = server.stop() }
        let first = server.waitForGeneration(above: 0, settled: true)
        func observations() throws -> String {
            let page = String(decoding: try Loopback.get(server.port, "/02-more.html").body, as: UTF8.self)
            return page.range(of: #"Observations: <span class="value">\d+"#, options: .regularExpression).map { String(page[$0]) } ?? page
        }
        XCTAssertEqual(try observations(), "Observations: <span class=\"value\">6")
        try p.write("chapters/02-more.md", (p.read("chapters/02-more.md") ?? "") + "\nMore text.\n")
        server.waitForGeneration(above: first, settled: true, timeout: 20)
        XCTAssertEqual(try observations(), "Observations: <span class=\"value\">6")
    }

    /// A bad thesis.toml keeps the last book and tells the page; a fixed one rebuilds it.
    func testABrokenProjectFileKeepsTheLastBookAndSaysWhy() throws {
        let p = try TempProject()
        let server = try Server(in: p.root)
        defer { _ = server.stop() }
        let first = server.waitForGeneration(above: 0, settled: true)
        let good = try Loopback.get(server.port, "/01-intro.html")
        let toml = p.read("thesis.toml") ?? ""
        let stream = try Loopback.open(server.port, "GET /_thesis/events HTTP/1.1\r\nHost: x\r\n\r\n")
        defer { close(stream) }
        try p.write("thesis.toml", toml + "\n[html]\nlayout = \"booklet\"\n")
        let heard = try Loopback.read(stream, until: "event: problem\n", timeout: 10)
        XCTAssertTrue(heard.contains("thesis.toml:"), heard)
        XCTAssertEqual(try Loopback.get(server.port, "/01-intro.html").body.count, good.body.count, "the last book is still served")
        try p.write("thesis.toml", toml)
        XCTAssertGreaterThan(server.waitForGeneration(above: first, timeout: 10), first)
    }

    /// Bounded load: eight clients fetch pages as fast as they can while five edits are rebuilt
    /// one after another. No request fails and every page is one whole version (the one before
    /// an edit or after it), never a mixture.
    func testConcurrentRequestsDuringRebuildsGetWholePages() throws {
        // A long chapter (about 1 MB of HTML), so each rebuild writes for a while.
        var files = TempProject.standardFiles
        files["chapters/01-intro.md"]! += "\n" + (1...6000).map { "Paragraph \($0) of a long chapter, with *some* emphasis.\n" }
            .joined(separator: "\n")
        let p = try TempProject(files: files)
        let server = try Server(in: p.root)
        defer { _ = server.stop() }
        var generation = server.waitForGeneration(above: 0, settled: true)
        @Sendable func stripped(_ body: Data) -> String {
            String(decoding: body, as: UTF8.self).replacingOccurrences(of: #"<script src="/_thesis/live.js" data-generation="\d+"></script>\n"#,
                                                                         with: "", options: .regularExpression)
        }
        var versions = Set<String>()
        versions.insert(p.read("reports/html/01-intro.html") ?? "")
        let results = Responses()
        let stop = Flag()
        let clients = DispatchGroup()
        for _ in 0..<8 {
            DispatchQueue.global().async(group: clients) {
                while !stop.isSet {
                    do {
                        let response = try Loopback.get(server.port, "/01-intro.html")
                        results.add(response.status, stripped(response.body))
                    } catch {
                        results.fail("\(error)")
                    }
                }
            }
        }
        for edit in 1...5 {
            // At the top of the chapter, so versions differ early and late (a mixture would show).
            try p.write("chapters/01-intro.md", (p.read("chapters/01-intro.md") ?? "")
                .replacingOccurrences(of: "# Introduction\n", with: "# Introduction\n\nEdit number \(edit) of the load test.\n"))
            generation = server.waitForGeneration(above: generation, settled: true, timeout: 20)
            versions.insert(p.read("reports/html/01-intro.html") ?? "")
        }
        stop.set()
        clients.wait()
        let (statuses, bodies, failures) = results.all()
        XCTAssertEqual(failures, [], "requests failed")
        XCTAssertEqual(Set(statuses), [200])
        XCTAssertGreaterThan(statuses.count, 200, "the clients made too few requests to mean anything")
        XCTAssertEqual(versions.count, 6, "each edit wrote a new page")
        let torn = bodies.filter { !versions.contains($0) }
        XCTAssertEqual(torn.count, 0, "pages that are no whole version: \(torn.first?.suffix(300) ?? "")")
        XCTAssertGreaterThan(Set(bodies).count, 1, "the clients saw more than one version")
    }

    /// Only loopback by default; malformed, oversized and hostile requests get a 4xx and the
    /// server goes on serving.
    func testBadRequestsAreRefusedAndTheServerGoesOn() throws {
        let p = try TempProject()
        try p.write("secret.txt", "not for the web")
        let server = try Server(in: p.root)
        defer { _ = server.stop() }
        server.waitForGeneration(above: 0)
        // Listening on 127.0.0.1 only (the kernel's table of sockets, in hex).
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let local = table.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first }
            .filter { $0.hasSuffix(String(format: ":%04X", server.port)) }
        XCTAssertEqual(Set(local), ["0100007F:" + String(format: "%04X", server.port)])

        func status(_ request: String) throws -> Int {
            let response = try Loopback.exchange(server.port, request)
            return Int(response.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        XCTAssertEqual(try status("GET /../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /.thesis/cache.sqlite HTTP/1.1\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /no-such-page.html HTTP/1.1\r\nHost: x\r\n\r\n"), 404)
        XCTAssertEqual(try status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\nxxxx"), 413)
        XCTAssertEqual(try status("PUT /index.html HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 413)
        XCTAssertTrue([404, 405].contains(try status("DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n")))
        let huge = try status("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        XCTAssertTrue(huge == 431 || huge == 400 || huge == -1, "an oversized header: \(huge)")
        let garbage = try status("\u{1}\u{2}BLAH\r\n\r\n")
        XCTAssertTrue(garbage == 400 || garbage == -1, "a request that is not HTTP: \(garbage)")
        XCTAssertEqual(try Loopback.get(server.port, "/index.html").status, 200, "still serving")
        let (exit, errors) = server.stop()
        XCTAssertEqual(exit, 0, errors)
    }

    /// Ctrl-C ends the server promptly, and cleanly, with a page listening on the event stream
    /// and a directive still running.
    func testCtrlCStopsTheServerWithPagesListeningDuringABuild() throws {
        let p = try slowProject()
        let server = try Server(in: p.root)
        server.waitForGeneration(above: 0)  // the first pass: the slow script now runs
        let stream = try Loopback.open(server.port, "GET /_thesis/events HTTP/1.1\r\nHost: x\r\n\r\n")
        defer { close(stream) }
        _ = try Loopback.read(stream, until: "event: reload\n", timeout: 5)
        let start = Date()
        let (status, errors) = server.stop()
        XCTAssertEqual(status, 0, errors)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(errors.contains("the build in progress was abandoned"), errors)
        // What was left is a project the next build takes up: nothing half-written.
        XCTAssertTrue(try p.build().succeeded)
    }

    /// A port that is taken is a clear error, not a crash.
    func testAPortInUseIsAClearError() throws {
        let p = try TempProject()
        let first = try Server(in: p.root)
        defer { _ = first.stop() }
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["serve", "--port", String(first.port), "--quiet"]
        process.currentDirectoryURL = p.root
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, text)
        XCTAssertTrue(text.contains("thesis serve: cannot serve on 127.0.0.1:\(first.port)"), text)
    }

    /// The progress line: on a terminal (a pseudo-terminal from `script`), the running directive,
    /// n of N, and from the second build on the last build's duration; nothing without a terminal.
    func testProgressLineOnATerminalOnly() throws {
        guard Executables.onPath("script") else { throw XCTSkip("util-linux's script is not installed") }
        let p = try slowProject()
        let command = CommandLineTests.executable.path + " build"
        let (status, output) = try Executables.run("script", ["-qefc", command, "/dev/null"], in: p.root)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("at chapters/03-slow.md:5 · 1 s (first run)"), output)
        XCTAssertTrue(output.range(of: #"\[\d/4\] script id=slow"#, options: .regularExpression) != nil, output)
        try p.write("analysis/slow.py", (p.read("analysis/slow.py") ?? "").replacingOccurrences(of: "42", with: "41"))
        let (_, second) = try Executables.run("script", ["-qefc", command, "/dev/null"], in: p.root)
        XCTAssertTrue(second.contains("[1/1] script id=slow at chapters/03-slow.md:5 · 1 s of about 1 s (last build)"), second)
        XCTAssertTrue(second.contains("thesis build: 4 directives: 1 executed, 3 from cache"), second)
        // Not a terminal, or --quiet: no progress line at all.
        try p.write("analysis/slow.py", (p.read("analysis/slow.py") ?? "").replacingOccurrences(of: "41", with: "40"))
        let (_, piped) = try Executables.run(CommandLineTests.executable.path, ["build"], in: p.root)
        XCTAssertFalse(piped.contains("[1/1]"), piped)
        try p.write("analysis/slow.py", (p.read("analysis/slow.py") ?? "").replacingOccurrences(of: "40", with: "39"))
        let (_, quiet) = try Executables.run("script", ["-qefc", command + " --quiet", "/dev/null"], in: p.root)
        XCTAssertFalse(quiet.contains("[1/1]"), quiet)
        XCTAssertTrue(quiet.contains("thesis build: 4 directives: 1 executed"), quiet)
    }
}

/// Responses gathered from client threads.
private final class Responses: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int] = [], bodies: [String] = [], failures: [String] = []
    func add(_ status: Int, _ body: String) { lock.lock(); statuses.append(status); bodies.append(body); lock.unlock() }
    func fail(_ message: String) { lock.lock(); failures.append(message); lock.unlock() }
    func all() -> ([Int], [String], [String]) { lock.lock(); defer { lock.unlock() }; return (statuses, bodies, failures) }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

/// HTTP/1.1 over a loopback socket, written out by hand so tests can send anything.
enum Loopback {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func open(_ port: Int, _ request: String) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw Failure(description: "connect: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may close early on a refused request
            sent += n
        }
        return socket
    }

    /// Reads until `marker` has arrived (or the time is up); returns all that was read.
    static func read(_ socket: Int32, until marker: String, timeout: Double) throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var short = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &short, socklen_t(MemoryLayout<timeval>.size))
        while !text.contains(marker), Date() < deadline {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n > 0 { text += String(decoding: buffer[0..<n], as: UTF8.self) } else if n == 0 { break }
        }
        guard text.contains(marker) else { throw Failure(description: "'\(marker)' did not arrive; got:\n\(text)") }
        return text
    }

    /// Sends `request` and reads the whole reply (the connection is closed after it).
    static func exchange(_ port: Int, _ request: String) throws -> String {
        let socket = try open(port, request)
        defer { close(socket) }
        shutdown(socket, Int32(SHUT_WR))
        return String(decoding: (try? readAll(socket)) ?? Data(), as: UTF8.self)
    }

    /// Everything the server sends until it closes the connection.
    static func readAll(_ socket: Int32) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n < 0 { throw Failure(description: "recv: \(errno)") }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    /// GET `path`: the status and the body (read to its Content-Length).
    static func get(_ port: Int, _ path: String) throws -> (status: Int, body: Data) {
        let socket = try open(port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        defer { close(socket) }
        let data = try readAll(socket)
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no header in \(data.count) bytes") }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? -1
        let body = data[end.upperBound...]
        if let line = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
           let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)), length != body.count {
            throw Failure(description: "a torn response: \(body.count) of \(length) bytes")
        }
        return (status, Data(body))
    }
}
