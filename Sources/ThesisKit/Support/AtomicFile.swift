import Foundation

/// Writes files atomically: a temporary file in the same directory, then rename(2). A build killed
/// at any moment leaves either the old file or the new one, never half of one.
public enum AtomicFile {
    /// Writes `data` to `url`, creating parent directories. Skips the write when the file already
    /// holds exactly these bytes. Returns whether the file changed.
    @discardableResult
    public static func write(_ data: Data, to url: URL) throws -> Bool {
        let fm = FileManager.default
        if let existing = fm.contents(atPath: url.path), existing == data { return false }
        let directory = url.deletingLastPathComponent()
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard fm.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? fm.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(code))])
        }
        return true
    }
}

/// An exclusive lock on a project (`.thesis/lock`), so two builds never write at once.
/// The kernel releases it when the process dies, even by kill -9.
public final class ProjectLock {
    private let descriptor: Int32

    /// Takes the lock; if another process holds it, calls `waiting` once and blocks until free.
    public init(stateDirectory: URL, waiting: () -> Void) throws {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let path = stateDirectory.appendingPathComponent("lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
