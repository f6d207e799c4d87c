import Foundation

/// A directory of files in the temporary directory, removed when released: a thesis project for
/// end-to-end tests, or any tree a test writes and reads.
public final class TemporaryProject {
    public let root: URL

    /// Creates the directory and writes `files` (project-relative path → text).
    public init(files: [String: String] = [:], prefix: String = "thesis-test") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` to `path`, creating directories.
    public func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    /// Writes `data` to `path`, creating directories.
    public func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// The text of `path`, if it exists.
    public func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    /// Every file under the directories `tops` (e.g. figures/, reports/) with its bytes, by
    /// project-relative path.
    public func files(under tops: [String]) -> [String: Data] {
        var out: [String: Data] = [:]
        for top in tops {
            let base = root.appendingPathComponent(top)
            guard let e = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let path = e.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let full = base.appendingPathComponent(path).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    out["\(top)/\(path)"] = FileManager.default.contents(atPath: full)
                }
            }
        }
        return out
    }
}

/// Paths of this repository and of the shared data beside it.
public enum RepositoryPaths {
    /// The repository root (three levels above this file: Sources/ThesisTestSupport/…).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `shared/data` in the repository's parent directory (not part of the repository).
    public static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared")
        .appendingPathComponent("data")

    /// `Tests/Fixtures`: reference values from the generator scripts committed beside them.
    public static let fixtures = root.appendingPathComponent("Tests").appendingPathComponent("Fixtures")
}

/// Programs on PATH, for tests that need one (latexmk, Rscript) and skip without it.
public enum Executables {
    /// Whether an executable file `name` is in a directory of PATH.
    public static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    /// Runs a program found on PATH in `directory`: its exit status and its output (stdout and
    /// stderr together).
    public static func run(
        _ program: String, _ arguments: [String], in directory: URL
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
