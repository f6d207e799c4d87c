import ArgumentParser
import Foundation
import ThesisKit
import ThesisServer
import ThesisWatch

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the HTML book at http://127.0.0.1:8000/, rebuilt and reloaded as you save.",
        discussion: """
        Builds the thesis in draft mode (a failing directive is an error box in its place), serves \
        reports/html, and watches the project (chapters, appendices, front matter, data, scripts, \
        images, the bibliography, thesis.toml). On a change it rebuilds through the cache, so only \
        what the change touches executes, and open pages reload themselves. A directive still \
        running shows as pending until its result is in. Stop with Ctrl-C.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The port (0: one the system chooses, printed at start).")
    var port: Int = 8000

    @Option(help: "The address to listen on; anything but 127.0.0.1 or ::1 makes the preview reachable from other machines.")
    var host: String = "127.0.0.1"

    @Option(name: .shortAndLong, help: "Directives run in parallel on this many workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress line while directives run.")
    var quiet = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535; got \(port)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let project = try self.project.load()
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Console.error("warning: --host \(host): the preview (and every file of the book) is reachable from other machines")
        }
        let root = project.root.standardizedFileURL.resolvingSymlinksInPath()
        let state = project.url(Project.stateDirectory)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let store = try ResultStore(path: state.appendingPathComponent("cache.sqlite").path)
        for note in store.notes { Console.error("warning: \(note)") }

        let events = LiveReload()
        let line = ProgressLine(enabled: !quiet && ProgressLine.isTerminal(), write: Console.errorRaw)
        let rebuilder = Rebuilder(root: root, dataOverrides: project.dataOverrides, store: store, events: events, jobs: jobs, progress: line.report) { outcome in
            line.clear()
            Console.print(outcome.diagnostics)
            Console.error("thesis serve: " + outcome.summary)
        }
        let watcher = try DirectoryWatcher(root: root, excluding: Serve.outputFolders)
        watcher.start { paths in rebuilder.request(paths) }
        rebuilder.request([])

        let files = ReportFiles(directory: root.appendingPathComponent(Project.reportsDirectory).appendingPathComponent("html"))
        let server = ThesisServer(host: host, port: port, routes: [ModelRoutes(store: store), DashboardRoutes(store: store), PreviewRoutes(files: files, events: events)])
        let host = self.host
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await server.run { bound in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Console.out("thesis serve: http://\(shown):\(bound)/ (Ctrl-C stops)")
                }
            } catch {
                failure.error = error
            }
            events.finish()
            finished.signal()
        }
        finished.wait()
        watcher.stop()
        if let error = failure.error {
            Console.error("thesis serve: cannot serve on \(host):\(port): \(error)")
            if rebuilder.isBusy { _exit(1) }
            throw ExitCode.failure
        }
        if rebuilder.isBusy {
            // The build's worker threads cannot be stopped, and a normal exit would tear down
            // what they use. Leaving at once is as safe as being killed, which builds are made
            // for: every cached result is one transaction and every file is replaced by rename.
            line.clear()
            Console.error("thesis serve: stopped; the build in progress was abandoned (what it finished is cached)")
            fflush(stdout)
            _exit(0)
        }
    }

    /// What the tool writes, and version control: changes there are not the author's edits.
    static let outputFolders: Set<String> = [Project.stateDirectory, Project.reportsDirectory, Project.figuresDirectory, ".git", ".build"]
}

/// The server task's error, read once the task has ended.
private final class FailureBox: @unchecked Sendable {
    var error: Error?
}
