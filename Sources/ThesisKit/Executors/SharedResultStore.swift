import Foundation
import ThesisCache
import ThesisDocument

/// The results of directives executed elsewhere (Slurm jobs), on the project's file system, one
/// file per result named by its cache key, so any number of jobs write at once without a lock:
///
///     .thesis/store/results/6f/6f0c…e1.json   a result (what the directive returned, its model inline)
///     .thesis/store/failures/6f/6f0c…e1.json  a located failure instead
///     .thesis/store/jobs/…                    the coordinator's job scripts and key lists
///     .thesis/store/logs/JOB_TASK.out         each job's output
///
/// Every file is written to a temporary name in its directory and renamed, so a reader sees a
/// whole file or none (rename is atomic on POSIX file systems, NFS included). SQLite stays with
/// the coordinator: workers never open the cache, which is not safe with concurrent writers over NFS.
public struct SharedResultStore: Sendable {
    /// The store's directory.
    public let root: URL

    /// The store of a project: `.thesis/store`.
    public init(project: Project) {
        root = project.root.appendingPathComponent(Project.stateDirectory).appendingPathComponent("store")
    }

    public init(root: URL) { self.root = root }

    /// What a worker returns for one directive.
    public struct Entry: Codable, Sendable, Equatable {
        public var format = 1
        public var key: String
        public var kind: String
        /// Where the directive is (`chapters/04-favar.md:12:1`), for messages.
        public var location: String
        /// Its execution time, for the cache's provenance and the next build's estimate.
        public var seconds: Double
        /// SHA-256 over the data the directive read (a run's `data_hash`).
        public var dataHash: String
        public var engine: String
        /// The result as the directive returned it, its object included.
        public var result: DirectiveResult
        /// The bytes of the model file it saved, if any (a result's JSON leaves them out).
        public var modelFile: Data?
    }

    /// A directive that ran and failed (or could not run), with its located diagnostics.
    public struct Failure: Codable, Sendable, Equatable {
        public var format = 1
        public var key: String
        public var kind: String
        public var location: String
        public var seconds: Double
        public var dataHash: String
        /// True when it did not run because a result it builds on is missing (that directive's
        /// own failure is the one to report).
        public var dependencyMissing: Bool
        public var diagnostics: [Message]

        /// One diagnostic, as text and place.
        public struct Message: Codable, Sendable, Equatable {
            public var severity: String
            public var file: String?
            public var line: Int?
            public var column: Int?
            public var message: String
        }
    }

    var results: URL { root.appendingPathComponent("results") }
    var failures: URL { root.appendingPathComponent("failures") }
    /// The coordinator's job scripts and key lists.
    public var jobs: URL { root.appendingPathComponent("jobs") }
    /// Each job's standard output and error.
    public var logs: URL { root.appendingPathComponent("logs") }

    /// `results/6f/6f0c….json`: two-character fan-out keeps directories small at 10,000 results.
    func path(_ folder: URL, _ key: String) -> URL {
        folder.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key + ".json")
    }

    /// Keys are SHA-256 hex digests; anything else would name another path.
    static func isKey(_ key: String) -> Bool {
        key.count == 64 && key.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
    }

    /// The result stored under `key`, or nil when there is none (a damaged file reads as none).
    public func entry(_ key: String) -> Entry? {
        guard Self.isKey(key), let data = FileManager.default.contents(atPath: path(results, key).path) else {
            return nil
        }
        return try? CanonicalJSON.decode(Entry.self, from: data)
    }

    /// The failure stored under `key`, or nil.
    public func failure(_ key: String) -> Failure? {
        guard Self.isKey(key), let data = FileManager.default.contents(atPath: path(failures, key).path) else {
            return nil
        }
        return try? CanonicalJSON.decode(Failure.self, from: data)
    }

    /// Whether a result is stored under `key` (without reading it).
    public func hasEntry(_ key: String) -> Bool {
        Self.isKey(key) && FileManager.default.fileExists(atPath: path(results, key).path)
    }

    /// Stores a result; a failure stored earlier for the key is removed.
    public func put(_ entry: Entry) throws {
        try Self.writeAtomically(try CanonicalJSON.encode(entry), to: path(results, entry.key))
        try? FileManager.default.removeItem(at: path(failures, entry.key))
    }

    /// Stores a failure.
    public func put(_ failure: Failure) throws {
        try Self.writeAtomically(try CanonicalJSON.encode(failure), to: path(failures, failure.key))
    }

    /// Forgets the failure of `key` (before it is submitted again).
    public func clearFailure(_ key: String) {
        guard Self.isKey(key) else { return }
        try? FileManager.default.removeItem(at: path(failures, key))
    }

    /// Writes `data` to a temporary file beside `url`, flushes it and renames it into place.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: temporary.path, code: errno) }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let code = errno
        close(fd)
        guard ok, rename(temporary.path, url.path) == 0 else {
            let failure = ok ? errno : code
            unlink(temporary.path)
            throw FileWriteError(path: url.path, code: failure)
        }
    }

    /// A file that could not be written.
    struct FileWriteError: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot write \(path): \(String(cString: strerror(code)))" }
    }
}
