import Foundation
import ThesisProcess

/// The project's git commit and whether tracked files have changes, for the tags of the runs a
/// build records (`git_commit`, `git_dirty`): a run says which version of the chapters and code
/// it came from. Only the run history holds them, never a result or an output, so results stay
/// the same bytes on every commit.
struct GitState: Equatable {
    var commit: String
    /// Tracked files differ from the commit (untracked files, such as the tool's own outputs in a
    /// project without a .gitignore, do not count).
    var dirty: Bool

    /// Asks git in `root`; nil when git is missing, the project is not in a repository, or git
    /// does not answer within the time limit.
    static func read(root: URL) -> GitState? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let git = Subprocess.lookUp("git", path: path) else { return nil }
        guard let commit = output(git, ["rev-parse", "--verify", "HEAD"], in: root),
            commit.count == 40 || commit.count == 64,
            let status = output(git, ["status", "--porcelain", "--untracked-files=no"], in: root)
        else { return nil }
        return GitState(commit: commit, dirty: !status.isEmpty)
    }

    /// A git configuration value (`user.name`) as seen from `root`, nil when unset or git is missing.
    static func config(_ key: String, root: URL) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let git = Subprocess.lookUp("git", path: path),
            let value = output(git, ["config", "--get", key], in: root), !value.isEmpty
        else { return nil }
        return value
    }

    /// What git printed (trimmed), or nil when it failed.
    private static func output(_ git: String, _ arguments: [String], in root: URL) -> String? {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "thesis-git-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        defer {
            try? FileManager.default.removeItem(atPath: scratch.path + ".out");
            try? FileManager.default.removeItem(atPath: scratch.path + ".err")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"  // a status must not take the index lock
        guard
            let run = try? Subprocess.run(
                executable: git, arguments: arguments, environment: environment,
                workingDirectory: root.path, standardOutput: scratch.path + ".out",
                standardError: scratch.path + ".err", timeout: 10),
            run.termination == .exited(0),
            let data = FileManager.default.contents(atPath: scratch.path + ".out")
        else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
