import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Watches a directory tree with Linux inotify and reports which files changed: a thin wrapper
/// over `inotify_init1`/`inotify_add_watch`, with new subdirectories watched as they appear.
///
/// Editors save in different ways (write in place, write a temporary file and rename it over
/// the old one, delete and re-create); all of them end in one of the events watched here. Names
/// that start with a dot or end in `~` (swap files, backups) are not reported, nor is anything
/// under the excluded top-level folders (the tool's own outputs).
public final class DirectoryWatcher: @unchecked Sendable {
    public let root: URL
    private let excluded: Set<String>
    private let descriptor: Int32
    private var directories: [Int32: String] = [:]
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    private static let mask: UInt32 =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM)
        | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_DELETE_SELF) | UInt32(IN_ATTRIB)

    /// Watches every folder under `root` except the top-level names in `excluding`.
    public init(root: URL, excluding: Set<String>) throws {
        self.root = root.standardizedFileURL
        self.excluded = excluding
        descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { throw WatchError("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        try addTree("")
    }

    deinit {
        stop()
        close(descriptor)
    }

    /// Starts reporting: `changed` is called on a thread of the watcher's own with the paths
    /// (relative to the root) that changed since the last call, at most every `debounce` seconds
    /// after the first change of a burst, so a save that touches several files is one call.
    public func start(debounce: Double = 0.03, _ changed: @escaping @Sendable ([String]) -> Void) {
        let thread = Thread { [self] in loop(debounce: debounce, changed) }
        thread.name = "thesis-watch"
        lock.lock()
        self.thread = thread
        lock.unlock()
        thread.start()
    }

    /// Stops reporting (the thread ends within a tenth of a second).
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func loop(debounce: Double, _ changed: @escaping @Sendable ([String]) -> Void) {
        var pending = Set<String>()
        var deadline: Double?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let timeout = deadline.map { max(0, Int32((($0 - Self.now()) * 1000).rounded(.up))) } ?? 100
            let ready = poll(&poller, 1, min(timeout, 100))
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    let paths = parse(buffer, count: count)
                    if !paths.isEmpty {
                        pending.formUnion(paths)
                        if deadline == nil { deadline = Self.now() + debounce }
                    }
                }
            }
            if let due = deadline, Self.now() >= due {
                deadline = nil
                let batch = pending.sorted()
                pending = []
                changed(batch)
            }
        }
    }

    /// The changed paths in a buffer of inotify events; new folders are watched from now on.
    private func parse(_ buffer: [UInt8], count: Int) -> [String] {
        var paths: [String] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            lock.lock()
            let directory = directories[wd]
            lock.unlock()
            guard let directory else { continue }
            if mask & UInt32(IN_IGNORED) != 0 {
                lock.lock()
                directories[wd] = nil
                lock.unlock()
                continue
            }
            guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("~") else { continue }
            let path = directory.isEmpty ? name : directory + "/" + name
            if directory.isEmpty, excluded.contains(name) { continue }
            if mask & UInt32(IN_ISDIR) != 0, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                try? addTree(path)
            }
            paths.append(path)
        }
        return paths
    }

    /// Watches `relative` and every folder below it.
    private func addTree(_ relative: String) throws {
        let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let wd = inotify_add_watch(descriptor, url.path, Self.mask)
        guard wd >= 0 else {
            if relative.isEmpty { throw WatchError("cannot watch \(url.path): \(String(cString: strerror(errno)))") }
            return
        }
        lock.lock()
        directories[wd] = relative
        lock.unlock()
        let children = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        for child in children.sorted() where !child.hasPrefix(".") {
            if relative.isEmpty, excluded.contains(child) { continue }
            var isDirectory: ObjCBool = false
            let path = relative.isEmpty ? child : relative + "/" + child
            // A link to a folder is not followed: nothing outside the project is watched.
            let full = root.appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full.path),
                attributes[.type] as? FileAttributeType == .typeDirectory,
                FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            try addTree(path)
        }
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// The watcher could not start.
public struct WatchError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
