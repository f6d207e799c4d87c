import Foundation
import ThesisCache
import ThesisDirectives
import ThesisProcess

/// Finds and identifies the programs directives run (a script's interpreter) once per build:
/// a name is looked up on PATH, a path is a file of the project. The identity (path with links
/// followed, first line of `--version`, SHA-256 of the file) goes into the cache key, so a new
/// Python re-runs every Python script. For a compiled program the store remembers the version by
/// the file's size, mtime and inode, as it does file hashes; a wrapper script (a pyenv shim, say)
/// chooses the real program at run time, so it is asked every build.
final class Programs: @unchecked Sendable {
    private let project: Project
    private let store: ResultStore
    private let lock = NSLock()
    private var resolved: [String: Result<ResolvedProgram, ProgramProblem>] = [:]
    private var identified: Set<ProgramIdentity> = []

    /// The programs identified so far (for the build stamp).
    var consulted: [ProgramIdentity] {
        lock.lock(); defer { lock.unlock() }
        return identified.sorted { $0.path < $1.path }
    }

    struct ProgramProblem: Error {
        var message: String
    }

    init(project: Project, store: ResultStore) {
        self.project = project
        self.store = store
    }

    func resolve(_ name: String) -> Result<ResolvedProgram, ProgramProblem> {
        lock.lock()
        if let known = resolved[name] { lock.unlock(); return known }
        lock.unlock()
        let outcome = Result { try identify(name) }.mapError {
            ($0 as? ProgramProblem) ?? ProgramProblem(message: "\($0)")
        }
        lock.lock(); defer { lock.unlock() }
        resolved[name] = outcome
        return outcome
    }

    private func identify(_ name: String) throws -> ResolvedProgram {
        let found: String
        if name.contains("/") {
            if let problem = Project.checkInside(
                name, root: project.root, mustExist: true, what: "interpreter",
                remedy: "give a program on PATH by name, or a path inside the project")
            {
                throw ProgramProblem(message: problem)
            }
            found = project.url(name).path
            guard access(found, X_OK) == 0 else {
                throw ProgramProblem(message: "\(name) is not executable; chmod +x it or name a program on PATH")
            }
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            guard let hit = Subprocess.lookUp(name, path: path) else {
                throw ProgramProblem(
                    message: "cannot find '\(name)' on PATH; install it, or name another program with interpreter=")
            }
            found = hit
        }
        let real = URL(fileURLWithPath: found).resolvingSymlinksInPath().path
        let hash = try store.fileHash(absolutePath: real, key: real)
        let stamp = try FileStamp(of: real, key: real)
        let memoKey = "program-version:" + real
        let isWrapper =
            (FileHandle(forReadingAtPath: real).map { handle -> Bool in
                defer { try? handle.close() }
                return (try? handle.read(upToCount: 2)) == Data("#!".utf8)
            }) ?? false
        if !isWrapper, let memo = try store.memoisedHash(key: memoKey, stamp: stamp) {
            remember(ProgramIdentity(path: real, wrapper: nil))
            return ResolvedProgram(name: name, path: real, version: memo, sha256: hash)
        }
        let version = Self.askVersion(found)
        remember(
            ProgramIdentity(
                path: real, wrapper: isWrapper ? ProgramIdentity.Wrapper(invoked: found, version: version) : nil))
        if !isWrapper { try store.recordHash(version, key: memoKey, stamp: stamp) }
        return ResolvedProgram(name: name, path: real, version: version, sha256: hash)
    }

    /// The first non-empty line `program --version` prints (on either stream), or "".
    private func remember(_ identity: ProgramIdentity) {
        lock.lock()
        identified.insert(identity)
        lock.unlock()
    }

    static func askVersion(_ program: String) -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "thesis-version-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)) != nil else {
            return ""
        }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        guard
            let run = try? Subprocess.run(
                executable: program, arguments: ["--version"],
                environment: ProcessInfo.processInfo.environment,
                workingDirectory: scratch.path, standardOutput: out.path,
                standardError: err.path, timeout: 20),
            run.termination == .exited(0)
        else { return "" }
        for url in [out, err] {
            let text = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
            if let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) {
                return line.trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }
}
