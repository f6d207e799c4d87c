import Foundation
import ThesisCache
import ThesisImages

/// The data files of one build. Each file is read at most once, and the bytes a directive parses
/// are the bytes whose SHA-256 is in its cache key: the plan takes the hash from the store's memo
/// (a stat) or by reading the file, whose bytes are then kept for execution; a file read only at
/// execution is hashed again and must match the planned hash.
final class InputFiles: @unchecked Sendable {
    private let store: ResultStore
    private let project: Project
    private let lock = NSLock()
    private var hashes: [String: String] = [:]
    private var bytes: [String: Data] = [:]
    private var folders: [String: ImageFolder] = [:]

    init(project: Project, store: ResultStore) {
        self.project = project
        self.store = store
    }

    /// A file that changed between planning and reading.
    struct Changed: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) changed during the build; build again" }
    }

    /// The SHA-256 of the project file at `path` (project-relative), for the cache key.
    func hash(_ path: String) throws -> String {
        lock.lock()
        if let hash = hashes[path] { lock.unlock(); return hash }
        lock.unlock()
        let absolute = project.url(path).path
        let stamp = try FileStamp(of: absolute, key: path)
        let hash: String
        if let memo = try store.memoisedHash(key: path, stamp: stamp) {
            hash = memo
        } else {
            let data = try Data(contentsOf: URL(fileURLWithPath: absolute))
            hash = SHA256.hex(data)
            try store.recordHash(hash, key: path, stamp: stamp)
            lock.lock()
            bytes[path] = data
            lock.unlock()
        }
        lock.lock(); defer { lock.unlock() }
        hashes[path] = hash
        return hash
    }

    /// The SHA-256 of an image folder's manifest: one line per image, its path and the SHA-256
    /// of its bytes (each memoised as a data file is), in the folder's order.
    /// - Throws: `ImageProblem` for a folder that is not a valid image data set.
    func folderHash(_ path: String) throws -> String {
        let folder = try imageFolder(path)
        var manifest = ""
        for entry in folder.entries { manifest += entry.path + "\t" + (try hash(entry.path)) + "\n" }
        return SHA256.hex(Data(manifest.utf8))
    }

    /// The image folder at `path`, listed once per build.
    func imageFolder(_ path: String) throws -> ImageFolder {
        lock.lock()
        if let folder = folders[path] { lock.unlock(); return folder }
        lock.unlock()
        let folder = try ImageFolder.scan(root: project.root, path: path)
        lock.lock(); defer { lock.unlock() }
        folders[path] = folder
        return folder
    }

    /// The bytes of `path` whose SHA-256 the plan recorded.
    func contents(_ path: String) throws -> Data {
        lock.lock()
        if let data = bytes[path] { lock.unlock(); return data }
        let expected = hashes[path]
        lock.unlock()
        let data = try Data(contentsOf: project.url(path))
        let hash = SHA256.hex(data)
        if let expected, expected != hash { throw Changed(path: path) }
        lock.lock(); defer { lock.unlock() }
        hashes[path] = hash
        bytes[path] = data
        return data
    }
}
