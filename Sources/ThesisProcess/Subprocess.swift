import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// glibc ≥ 2.29 (Debian 11 and later) has it; its header declares it only under _GNU_SOURCE.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func addChangeDirectory(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

/// Runs a program to completion in a process group of its own, with its output in files, a
/// working directory, an explicit environment and a time limit. When the limit passes, the
/// whole group (the program and anything it started) is sent SIGTERM, then SIGKILL.
public enum Subprocess {
    /// How a program ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        /// Killed after the time limit.
        case timedOut
    }

    /// A program that could not be started.
    public struct LaunchError: Error, CustomStringConvertible {
        public var executable: String
        public var code: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    /// Runs `executable` with `arguments`; stdin is /dev/null, stdout and stderr go to the files
    /// given (created or truncated). Returns how it ended and how long it took, in seconds.
    public static func run(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        standardOutput: String, standardError: String, timeout: Double
    ) throws -> (termination: Termination, seconds: Double) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard addChangeDirectory(&actions, workingDirectory) == 0 else {
            throw LaunchError(executable: executable, code: ENOSYS)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (pgid = pid), so a time-out reaches the children too; default
        // handling of the signals that stop it, whatever the parent ignores.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Worker threads may block signals; the program starts with none blocked.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let start = DispatchTime.now()
        let code = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                posix_spawn(
                    &pid, executable, &actions, &attributes,
                    UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
                    UnsafeMutablePointer(mutating: envpBuffer.baseAddress!))
            }
        }
        guard code == 0 else { throw LaunchError(executable: executable, code: code) }
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

        var status: Int32 = 0
        var pause: useconds_t = 200
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw LaunchError(executable: executable, code: errno) }
            if elapsed() > timeout {
                kill(-pid, SIGTERM)
                // A grace period to exit cleanly, then no more.
                let deadline = elapsed() + 2
                while waitpid(pid, &status, WNOHANG) == 0 && elapsed() < deadline { usleep(10_000) }
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return (.timedOut, elapsed())
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        // Anything the program left running in its group goes with it.
        kill(-pid, SIGKILL)
        let seconds = elapsed()
        if status & 0x7f == 0 { return (.exited((status >> 8) & 0xff), seconds) }
        return (.signalled(status & 0x7f), seconds)
    }

    /// The first executable file called `name` on `path` (a colon-separated list), or nil.
    public static func lookUp(_ name: String, path: String) -> String? {
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0, !isDirectory(candidate) { return candidate }
        }
        return nil
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
