import Foundation
import ThesisDocument

/// Everything a directive's cache key is made of. The key is the SHA-256 of this value's
/// canonical JSON, so a result is reused exactly when all of it is unchanged.
public struct CacheKeyMaterial: Codable, Hashable, Sendable {
    /// Bumped when the layout of the key changes; part of every key.
    public static let schemaVersion = 2

    public var schema: Int
    /// The directive kind, e.g. `var irf`.
    public var kind: String
    /// The directive's own version (bumped when its output changes for the same arguments).
    public var version: Int
    /// The canonical JSON of the directive's typed arguments, defaults filled in, presentation
    /// (figure size, title, caption, id) left out.
    public var arguments: String
    /// SHA-256 of every input file, by project-relative path.
    public var inputs: [String: String]
    /// Keys of the results it builds on, by id.
    public var dependencies: [String: String]
    /// `Engine.version`: the code that computes results.
    public var engine: String
    /// The identity of each program outside the project the directive runs (a script's
    /// interpreter), by name; absent for the built-in directives, whose keys it leaves unchanged.
    public var programs: [String: String]?

    public init(
        schema: Int = CacheKeyMaterial.schemaVersion, kind: String, version: Int, arguments: String,
        inputs: [String: String], dependencies: [String: String], engine: String, programs: [String: String]? = nil
    ) {
        self.schema = schema
        self.kind = kind
        self.version = version
        self.arguments = arguments
        self.inputs = inputs
        self.dependencies = dependencies
        self.engine = engine
        self.programs = programs?.isEmpty == true ? nil : programs
    }

    /// The cache key: lowercase hex SHA-256 of the canonical JSON.
    public var key: String { SHA256.hex(canonicalJSON) }

    /// Members sorted by key, strings escaped as `JSONText` does: the bytes the key hashes.
    public var canonicalJSON: String {
        var members = [
            "arguments": JSONText.quoted(arguments),
            "dependencies": JSONText.object(dependencies.mapValues(JSONText.quoted)),
            "engine": JSONText.quoted(engine), "inputs": JSONText.object(inputs.mapValues(JSONText.quoted)),
            "kind": JSONText.quoted(kind), "schema": String(schema), "version": String(version),
        ]
        if let programs, !programs.isEmpty {
            members["programs"] = JSONText.object(programs.mapValues(JSONText.quoted))
        }
        return JSONText.object(members)
    }
}

/// The engine's identity, part of every cache key and of the manifest: the release version, the
/// versions of the computing modules and a hash of the executable itself, so any change to the
/// code that computes results (even one nobody remembered to version) invalidates cached results.
public enum Engine {
    public static let release = "thesis-0.1.0"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var components: [String] = []
    nonisolated(unsafe) private static var executableHash: String?

    /// `thesis-0.1.0+models-1+build-<12 hex digits of the executable's SHA-256>`.
    public static var version: String {
        lock.lock(); defer { lock.unlock() }
        return ([release] + components + (executableHash.map { ["build-" + $0] } ?? [])).joined(separator: "+")
    }

    /// Identifies the running engine once per process: `components` are the versions of the
    /// modules that compute results (e.g. `models-1`). The store memoises the executable's hash by
    /// its size, mtime and inode, so this costs a stat after the first build.
    public static func identify(store: ResultStore, components: [String]) {
        lock.lock()
        let done = executableHash != nil
        lock.unlock()
        guard !done else { return }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let hash =
            (try? store.fileHash(absolutePath: executable, key: executable)).map { String($0.prefix(12)) } ?? "unknown"
        lock.lock(); defer { lock.unlock() }
        self.components = components
        executableHash = hash
    }

    /// BLAS threads per worker, recorded in provenance and the manifest. Parallelism comes from
    /// running directives on several workers, so each pins BLAS to one thread.
    public static let blasThreads = 1
}
