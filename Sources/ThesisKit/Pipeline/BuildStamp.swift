import Foundation
import ThesisCache
import ThesisWriters

/// What the last successful build saw and wrote, so that a build in which nothing changed can
/// say so without parsing, keying or writing anything (ninja's and git's approach: file stats
/// stand for contents).
///
/// The stamp lists every file of the project outside its outputs (so a change the plan does not
/// know about also counts), the outputs as written, the saved models, the registry's aliases,
/// the programs scripts ran, the tool's own executable and the system files copied into the
/// book. A no-op build compares a fresh listing with the stamp: equal, and the last build's
/// messages and summary are repeated; anything different, and the build runs in full, which
/// writes a new stamp. A build whose inputs changed while it read them, or were changed within
/// two seconds of its start (a file system's timestamps may be that coarse), writes no stamp.
public struct BuildStamp: Codable, Equatable, Sendable {
    public static let fileName = "last-build.json"
    static let format = 1
    /// Listings larger than this are not stamped (each no-op would stat them all).
    static let entryLimit = 50_000

    /// A file by its stats: a change of contents changes size, mtime or ctime.
    public struct Entry: Codable, Equatable, Sendable {
        public var path: String
        public var size: Int64
        public var mtime: Int64
        public var ctime: Int64
        public var inode: Int64
    }

    /// What the stamp is valid for: its format, the tool, and the build's options and environment.
    public var context: [String]
    public var inputs: [Entry]
    public var outputs: [Entry]
    public var registry: String
    /// The programs scripts ran (files with links followed) and the PATH directories they were
    /// found in (a program installed earlier on PATH changes its directory).
    public var programs: [Entry]
    /// The wrapper programs and the versions they reported.
    public var wrappers: [ProgramIdentity.Wrapper]
    /// The last build's messages (rendered), repeated by a no-op.
    public var messages: [String]
    /// The last build's summary line without its time.
    public var summary: String
    /// Whether an alert fired that fails the build (exit 2 after writing).
    public var alerted: Bool

    /// The directories of a project that are not inputs: the outputs and the tool's state.
    static let outputDirectories: Set<String> = ["reports", "figures"]

    /// The stamp's context for a build with these options: tool, data overrides, environment.
    public static func context(options: [String]) -> [String] {
        var context = ["format \(format)", "engine \(Engine.version)"]
        if let executable = entry(absolute: "/proc/self/exe", as: "tool") { context.append("tool \(executable.key)") }
        for file in [HTMLWriter.katexDirectory + "/katex.min.js", HTMLWriter.katexDirectory + "/katex.min.css",
                     HTMLWriter.lunrDirectory + "/lunr.min.js"] {
            context.append("asset " + (entry(absolute: file, as: file)?.key ?? "\(file) missing"))
        }
        let environment = ProcessInfo.processInfo.environment
        for name in environment.keys.sorted() where name.hasPrefix("THESIS_") || name.hasPrefix("OPENBLAS_") || name == "PATH" {
            context.append("env \(name)=\(environment[name]!)")
        }
        return context + options.map { "option " + $0 }
    }

    /// The project's input files: everything under the root except the outputs, the state
    /// directory's cache, hidden directories and `.build`; plus the saved models and git's HEAD
    /// and index. Nil when the project is too large to list on every build.
    static func inputs(root: URL) -> [Entry]? {
        var entries: [Entry] = []
        guard walk(root.path, relative: "", into: &entries, skip: { relative, isDirectory in
            guard isDirectory else { return false }
            if relative.hasPrefix(".") { return relative != Project.stateDirectory && relative != ".git" }
            return outputDirectories.contains(relative) || relative.split(separator: "/").last?.hasPrefix(".") == true
        }, descend: { relative in
            // Of the state directory, only the saved models; of git, only what names the commit.
            if relative == Project.stateDirectory { return ["models"] }
            if relative == ".git" { return ["HEAD", "index", "packed-refs", "refs"] }
            return nil
        }) else { return nil }
        return entries
    }

    /// The files under the output directories.
    static func outputs(root: URL) -> [Entry] {
        var entries: [Entry] = []
        for directory in outputDirectories.sorted() {
            _ = walk(root.appendingPathComponent(directory).path, relative: directory, into: &entries,
                     skip: { _, _ in false }, descend: { _ in nil })
        }
        return entries
    }

    /// Whether any input changed within `seconds` before `start` (wall clock, ns) or after it.
    static func hasRecentChange(_ entries: [Entry], since start: Int64, seconds: Double = 2) -> Bool {
        let limit = start - Int64(seconds * 1e9)
        return entries.contains { max($0.mtime, $0.ctime) >= limit }
    }

    /// The stamp of the project's last build, if any and readable.
    public static func read(stateDirectory: URL) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: stateDirectory.appendingPathComponent(fileName).path) else { return nil }
        return try? JSONDecoder().decode(BuildStamp.self, from: data)
    }

    /// Writes the stamp (atomically), or removes the old one when `stamp` is nil.
    public static func write(_ stamp: BuildStamp?, stateDirectory: URL) {
        let url = stateDirectory.appendingPathComponent(fileName)
        guard let stamp else {
            try? FileManager.default.removeItem(at: url)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(stamp) else { return }
        try? AtomicFile.write(data, to: url)
    }

    /// The wall clock in nanoseconds (compared with file timestamps only; never in an output).
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    // MARK: - Listing

    static func entry(absolute: String, as path: String) -> Entry? {
        var info = stat()
        guard stat(absolute, &info) == 0 else { return nil }
        return Entry(info, path: path)
    }

    /// Appends the regular files and links under `directory` (depth first, names sorted);
    /// directories themselves are entries too, so an added or removed file changes the listing
    /// even where its neighbours keep their stats. False when the listing exceeds the limit.
    private static func walk(_ directory: String, relative: String, into entries: inout [Entry],
                             skip: (String, Bool) -> Bool, descend: (String) -> [String]?) -> Bool {
        guard let handle = opendir(directory) else { return true }
        var names: [(String, Bool)] = []
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append((name, item.pointee.d_type == UInt8(DT_DIR)))
        }
        closedir(handle)
        names.sort { $0.0 < $1.0 }
        let only = descend(relative).map(Set.init)
        for (name, isDirectory) in names {
            if let only, !only.contains(name) { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            if skip(path, isDirectory) { continue }
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0 else { continue }
            // A directory listed only in part (the state directory, git's) changes as its other
            // files come and go: only the part is compared.
            if descend(path) == nil { entries.append(Entry(info, path: path)) }
            if entries.count > entryLimit { return false }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                guard walk(directory + "/" + name, relative: path, into: &entries, skip: skip, descend: descend) else { return false }
            }
        }
        return true
    }
}

extension BuildStamp.Entry {
    init(_ info: stat, path: String) {
        self.path = path
        size = Int64(info.st_size)
        mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        ctime = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = Int64(bitPattern: UInt64(info.st_ino))
    }

    var key: String { "\(path) \(size) \(mtime) \(ctime) \(inode)" }
}

/// The stamp's side of a build: a snapshot of the inputs before it runs, and the stamp after.
public struct BuildStamper: Sendable {
    let root: URL
    let stateDirectory: URL
    let context: [String]
    let start: Int64
    let before: [BuildStamp.Entry]?

    /// Lists the inputs now, before the build reads them.
    public init(project: Project, options: [String]) {
        root = project.root
        stateDirectory = project.url(Project.stateDirectory)
        context = BuildStamp.context(options: options)
        start = BuildStamp.now()
        before = BuildStamp.inputs(root: root)
    }

    /// The last build's stamp when nothing it lists has changed since: the build is a no-op.
    public func unchanged(store: ResultStore) -> BuildStamp? {
        guard let before, let stamp = BuildStamp.read(stateDirectory: stateDirectory),
              stamp.context == context, stamp.inputs == before,
              stamp.outputs == BuildStamp.outputs(root: root),
              let registry = try? store.registrySnapshot(), registry == stamp.registry,
              stamp.programs.allSatisfy({ BuildStamp.entry(absolute: $0.path, as: $0.path) == $0 }),
              stamp.wrappers.allSatisfy({ Programs.askVersion($0.invoked) == $0.version })
        else { return nil }
        return stamp
    }

    /// Records a finished build: a stamp when it succeeded, its inputs held still while it read
    /// them and none of them is so recent that its timestamp could hide a change; else none.
    public func record(_ report: BuildReport, messages: [String], store: ResultStore) {
        var stamp: BuildStamp?
        let programs = report.programs
        if report.succeeded, let before, !BuildStamp.hasRecentChange(before, since: start),
           BuildStamp.inputs(root: root) == before, 
           let registry = try? store.registrySnapshot()
        {
            var files = Set(programs.map(\.path))
            if !programs.isEmpty {
                let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
                files.formUnion(path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") })
            }
            let entries = files.sorted().compactMap { BuildStamp.entry(absolute: $0, as: $0) }
            stamp = BuildStamp(context: context, inputs: before, outputs: BuildStamp.outputs(root: root),
                               registry: registry, programs: entries, wrappers: programs.compactMap(\.wrapper), messages: messages,
                               summary: report.summaryText, alerted: report.alerted)
        }
        BuildStamp.write(stamp, stateDirectory: stateDirectory)
    }
}

/// A program a build's scripts ran (its file, links followed).
public struct ProgramIdentity: Sendable, Hashable, Codable {
    /// A wrapper script (a pyenv shim) that picks the real program when it runs: its file says
    /// nothing about what will run, so its `--version` is asked again by a no-op, as by a build.
    public struct Wrapper: Sendable, Hashable, Codable {
        public var invoked: String
        public var version: String
    }

    public var path: String
    public var wrapper: Wrapper?
}
