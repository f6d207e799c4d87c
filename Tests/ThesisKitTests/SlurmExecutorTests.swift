import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// `thesis build --executor slurm` against a real Slurm: a single-node cluster (slurmctld,
/// slurmd, munged from Debian's slurm-wlm and munge) started by Scripts/slurm-cluster.sh for
/// this test, with the machine's CPUs. Skipped, saying why, where Slurm cannot start (not root,
/// packages missing).
final class SlurmExecutorTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private var cluster: URL?
    let cli = Commands()

    /// The built thesis binary, run as a user would (CommandLineTests' executable).
    struct Commands {
        func thesis(_ arguments: [String], in directory: URL, wait: Bool = true) throws -> (Process, () -> CommandLineTests.Run) {
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            return (process, {
                let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return CommandLineTests.Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                            stderr: String(decoding: e, as: UTF8.self))
            })
        }

        func run(_ arguments: [String], in directory: URL) throws -> CommandLineTests.Run {
            try thesis(arguments, in: directory).1()
        }
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "thesis executable not built")
        try XCTSkipUnless(getuid() == 0, "the Slurm test starts slurmctld, slurmd and munged, which needs root")
        for daemon in ["slurmctld", "slurmd", "munged", "sbatch", "squeue"] {
            try XCTSkipUnless(Self.which(daemon) != nil, "\(daemon) is not installed (apt-get install slurm-wlm munge); Slurm test skipped")
        }
        // One fixed folder: a start there first stops the daemons a killed run left behind.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-slurm-test")
        let start = try Self.shell(Self.repository.appendingPathComponent("Scripts/slurm-cluster.sh").path, ["start", directory.path])
        guard start.status == 0, let line = start.stdout.split(separator: "\n").last, line.hasPrefix("export SLURM_CONF=") else {
            throw XCTSkip("Slurm could not start here: \(start.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        cluster = directory
        setenv("SLURM_CONF", String(line.dropFirst("export SLURM_CONF=".count)), 1)
    }

    override func tearDownWithError() throws {
        guard let cluster else { return }
        _ = try? Self.shell("/bin/sh", ["-c", "scancel -u root; true"])
        _ = try? Self.shell(Self.repository.appendingPathComponent("Scripts/slurm-cluster.sh").path, ["stop", cluster.path])
        try? FileManager.default.removeItem(at: cluster)
        unsetenv("SLURM_CONF")
    }

    static let chapter = """
        # Chapter

        <<data describe data=macro id=sdesc>>

        <<data prepare data=macro transform=output:diff missing=keep id=growth>>

        <<data describe data=growth id=growthdesc>>

        <<ols data=macro formula="output ~ lag(output,1) + rate" id=fit>>

        <<nn train data=macro target=output features=rate,prices hidden=4 epochs=5 batch=16 id=net>>

        <<data plot data=growth series=output id=splot caption="Growth.">>

        The mean is <<= sdesc.output.mean .3f>>.
        """

    /// Builds through Slurm, compares every report and figure with a local build's bytes, then
    /// a failing directive, a cancelled job, and a second build that resubmits only what is missing.
    func testASlurmBuildWritesTheLocalBuildsBytesAndResubmitsOnlyWhatIsMissing() throws {
        var files = TempProject.standardFiles
        files["chapters/03-slurm.md"] = Self.chapter
        // Four tasks at most per array: the first wave's seven directives run two to a task.
        files["thesis.toml"] = (files["thesis.toml"] ?? "") + "\n[executor]\narray-size = 4\n"
        let slurm = try TempProject(files: files), local = try TempProject(files: files)

        let remote = try cli.run(["build", "--executor", "slurm", "--quiet"], in: slurm.root)
        XCTAssertEqual(remote.status, 0, remote.stderr)
        XCTAssertTrue(remote.stderr.contains("slurm: 9 directives submitted in 2 job arrays (2 waves), 9 results ingested"), remote.stderr)
        XCTAssertTrue(remote.stdout.contains("0 executed, 9 from cache"), remote.stdout)
        XCTAssertEqual(try cli.run(["build", "--quiet"], in: local.root).status, 0)
        let a = slurm.outputs(), b = local.outputs()
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        XCTAssertFalse(a.isEmpty)
        for (path, bytes) in b { XCTAssertEqual(a[path], bytes, "\(path) differs from the local build's") }
        // The cache holds what a local build's does: the run, the models, nothing left to execute.
        XCTAssertTrue(try cli.run(["runs", "list"], in: slurm.root).stdout.contains("[nn train]"))
        XCTAssertTrue(try cli.run(["build", "--no-cache", "--quiet"], in: slurm.root).status == 0)
        XCTAssertEqual(slurm.outputs(), b, "the cache Slurm filled rebuilds to the same bytes")

        // A failing directive is a located error; what builds on it is not run; the rest stays.
        try slurm.write("chapters/04-bad.md", """
            # Bad

            <<data describe data=macro series=nosuch id=bad>>

            <<data describe data=growth series=output digits=2 id=gdigits>>
            """)
        let failing = try cli.run(["build", "--executor", "slurm", "--quiet"], in: slurm.root)
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stderr.contains("chapters/04-bad.md:3:"), failing.stderr)
        XCTAssertTrue(failing.stderr.contains("error: [data describe] unknown series 'nosuch'"), failing.stderr)
        XCTAssertTrue(failing.stderr.contains("slurm: 2 directives submitted in 1 job array (1 wave), 1 result ingested, 1 failed"), failing.stderr)

        // A cancelled job is a located error naming the job; the next build submits only it.
        try slurm.write("chapters/04-bad.md", "# Slow\n\n<<script file=slow.py id=slow>>\n")
        try slurm.write("slow.py", """
            import json, os, time
            for _ in range(600):
                if os.path.exists("release"):
                    break
                time.sleep(0.1)
            with open(os.path.join(os.environ["THESIS_OUTPUT"], "values.json"), "w") as f:
                json.dump({"done": 1}, f)
            """)
        let (_, collect) = try cli.thesis(["build", "--executor", "slurm", "--quiet"], in: slurm.root, wait: false)
        var job = ""
        for _ in 0..<200 where job.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            let queue = try Self.shell("/bin/sh", ["-c", "squeue -h -t running -o %F -n thesis-wave-1"])
            job = queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        XCTAssertFalse(job.isEmpty, "the job never ran")
        _ = try Self.shell("/bin/sh", ["-c", "scancel \(job)"])
        let cancelled = collect()
        XCTAssertEqual(cancelled.status, 1)
        XCTAssertTrue(cancelled.stderr.contains("chapters/04-bad.md:3:1: error: [script] its Slurm job \(job)_0 ended CANCELLED without a result"),
                      cancelled.stderr)
        try slurm.write("release", "")
        let again = try cli.run(["build", "--executor", "slurm", "--quiet"], in: slurm.root)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("slurm: 1 directive submitted in 1 job array (1 wave), 1 result ingested"), again.stderr)
    }

    static func which(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program with its output in files (a pipe would stay open in the daemons it starts),
    /// with posix_spawn and a blocking waitpid: Foundation's Process has been seen to miss the
    /// exit of a script whose daemons outlive it.
    static func shell(_ executable: String, _ arguments: [String]) throws -> CommandLineTests.Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-slurm-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path, err = folder.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, executable, &actions, nil, argv + [nil], environ)  // with setUp's SLURM_CONF
        guard code == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(code)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return CommandLineTests.Run(status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                                    stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                                    stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}

/// `[executor]` and `--executor` settings are checked before anything runs (no Slurm needed).
final class ExecutorSettingsTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "thesis executable not built")
    }

    private let cli = SlurmExecutorTests.Commands()

    /// Bad executor settings are refused before anything runs.
    func testBadSettingsAreRefused() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = (files["thesis.toml"] ?? "") + "\n[executor]\nkind = \"slurm\"\ntime = \"two hours\"\n"
        let p = try TempProject(files: files)
        let run = try cli.run(["build"], in: p.root)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("thesis.toml:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("executor time 'two hours' is not a Slurm time limit"), run.stderr)
        let usage = try cli.run(["build", "--executor", "cloud"], in: p.root)
        XCTAssertEqual(usage.status, 64)
        XCTAssertTrue(usage.stderr.contains("unknown executor 'cloud'; valid: local, slurm"), usage.stderr)
    }

    func testTheExecutorSectionIsRead() throws {
        let toml = """
            title = "T"
            author = "A"
            [executor]
            kind = "slurm"
            partition = "short"
            time = "1-02:00:00"
            memory = "4G"
            cpus = 2
            max-jobs = 50
            colour = "blue"
            """
        let p = try TempProject(files: ["thesis.toml": toml, "chapters/01.md": "# One\n"])
        let project = try p.project()
        var expected = ExecutorSettings()
        expected.kind = .slurm
        expected.partition = "short"
        expected.time = "1-02:00:00"
        expected.memory = "4G"
        expected.cpus = 2
        expected.maxJobs = 50
        XCTAssertEqual(project.executor, expected)
        XCTAssertTrue(project.warnings.contains { $0.message.contains("unknown key 'colour' in [executor]") }, "\(project.warnings)")
        for (bad, message) in [("partition = \"a b\"", "must be a partition name"), ("cpus = 0", "executor.cpus must be between 1"),
                               ("memory = \"lots\"", "is not a size such as"), ("kind = \"k8s\"", "unknown executor 'k8s'")] {
            try p.write("thesis.toml", "title = \"T\"\nauthor = \"A\"\n[executor]\n" + bad + "\n")
            XCTAssertThrowsError(try p.project()) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
    }
}
