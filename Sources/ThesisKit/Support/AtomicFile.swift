import Foundation

/// A file operation that failed, in words: what, where and why ("permission denied", "no space
/// left on the device", …), never a bare `NSCocoaErrorDomain Code=512`.
public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var path: String
    public var reason: String

    public init(_ operation: String, _ path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    init(_ operation: String, _ path: String, errno code: Int32) {
        self.init(operation, path, reason: Self.reason(errno: code))
    }

    public var description: String { "cannot \(operation) \(path): \(reason)" }

    /// What an errno means for a user.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOSPC, EDQUOT: return "no space left on the device"
        case EISDIR: return "it is a directory"
        case ENOTDIR: return "a part of the path is a file, not a directory"
        case ENOENT: return "no such file or directory"
        case EEXIST: return "a file of that name already exists"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "the name is too long"
        case EMFILE, ENFILE: return "too many open files"
        default: return String(cString: strerror(code))
        }
    }

    /// Words for any error of Foundation's file APIs (its POSIX cause when it has one).
    public static func describe(_ error: Error) -> String {
        if let error = error as? FileSystemError { return error.description }
        let ns = error as NSError
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        var reason: String?
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            reason = Self.reason(errno: Int32(underlying.code))
        } else if ns.domain == NSPOSIXErrorDomain {
            reason = Self.reason(errno: Int32(ns.code))
        } else if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteNoPermission, .fileReadNoPermission: reason = "permission denied"
            case .fileWriteOutOfSpace: reason = "no space left on the device"
            case .fileWriteVolumeReadOnly: reason = "the file system is read-only"
            case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or directory"
            case .fileWriteFileExists: reason = "a file of that name already exists"
            default: break
            }
        }
        guard let reason else { return "\(error)" }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}

/// Writes files atomically: a temporary file in the same directory, then rename(2). A build killed
/// at any moment leaves either the old file or the new one, never half of one.
public enum AtomicFile {
    /// Writes `data` to `url`, creating parent directories. Skips the write when the file already
    /// holds exactly these bytes. Returns whether the file changed.
    /// - Throws: `FileSystemError` saying what failed and why.
    /// - Parameter root: when given, no directory between it and `url` may be a symbolic link
    ///   (a link would send the file outside the project). The file itself is replaced by
    ///   rename(2), which replaces a link rather than following it.
    @discardableResult
    public static func write(_ data: Data, to url: URL, inside root: URL? = nil) throws -> Bool {
        let fm = FileManager.default
        if let existing = fm.contents(atPath: url.path), existing == data { return false }
        let directory = url.deletingLastPathComponent()
        if let root {
            let base = root.standardizedFileURL.path
            var probe = directory.standardizedFileURL
            while probe.path.count > base.count, probe.path.hasPrefix(base) {
                var info = stat()
                if lstat(probe.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                    throw FileSystemError("write", url.path, reason: "\(probe.path.dropFirst(base.count + 1)) is a link to outside the project; thesis writes only inside it: remove the link")
                }
                probe.deleteLastPathComponent()
            }
        }
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            var code: Int32 = 0
            // Find the first part of the path that is in the way (a file where a directory must be).
            var probe = directory
            while probe.path != "/" {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: probe.path, isDirectory: &isDirectory) {
                    if !isDirectory.boolValue { code = ENOTDIR }
                    break
                }
                probe.deleteLastPathComponent()
            }
            if code == ENOTDIR { throw FileSystemError("write", url.path, reason: "\(probe.path) is a file, not a directory") }
            throw FileSystemError("create the directory", directory.path, reason: FileSystemError.describe(error))
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileSystemError("write", url.path, errno: errno) }
        let written: Int = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return -Int(errno) }
                offset += n
            }
            return offset
        }
        close(descriptor)
        if written < 0 {
            try? fm.removeItem(at: temporary)
            throw FileSystemError("write", url.path, errno: Int32(-written))
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? fm.removeItem(at: temporary)
            throw FileSystemError("write", url.path, errno: code)
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
        guard descriptor >= 0 else { throw FileSystemError("lock", path, errno: errno) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                let code = errno
                close(descriptor)
                throw FileSystemError("lock", path, errno: code)
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
