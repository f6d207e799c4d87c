import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument
import ThesisModels

/// How close re-executed numbers must be to the manifest's: |a − b| ≤ max(absolute, relative·max(|a|, |b|)).
/// Floating point may differ in the last bits across CPUs and BLAS kernels; anything larger is a mismatch.
public struct Tolerance: Sendable {
    public var relative: Double = 1e-9
    public var absolute: Double = 1e-12
    public init() {}

    public func accepts(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
    }
}

/// The verdict on one directive.
public enum VerifyStatus: String, Sendable {
    case match = "MATCH"
    case withinTolerance = "WITHIN TOLERANCE"
    case mismatch = "MISMATCH"
    case missing = "MISSING"
}

public struct VerifyEntry: Sendable {
    public var location: String
    public var kind: String
    public var status: VerifyStatus
    public var details: [String]
}

public struct VerifyReport: Sendable {
    public var entries: [VerifyEntry] = []
    /// Problems that are not one directive's: changed data files, tampered reports.
    public var projectProblems: [String] = []
    public var diagnostics: [Diagnostic] = []
    public var seed: UInt64?
    public var reportsChecked = false

    public var passed: Bool {
        projectProblems.isEmpty && diagnostics.allSatisfy { $0.severity != .error }
            && entries.allSatisfy { $0.status == .match || $0.status == .withinTolerance }
    }

    public func count(_ status: VerifyStatus) -> Int { entries.filter { $0.status == status }.count }
}

/// `thesis verify`: re-executes every directive from the raw data with the cache bypassed, in a
/// scratch directory (the user's outputs are left alone), and compares with reports/manifest.json:
/// result bytes and drawn files exactly, numbers within `Tolerance`. It also checks that the data
/// files and the files in figures/ and reports/ are the ones the manifest records.
public enum Verifier {
    public static func verify(project: Project, sample: Int? = nil, seed: UInt64? = nil, jobs: Int,
                              tolerance: Tolerance = Tolerance()) throws -> VerifyReport {
        var report = VerifyReport()
        guard let manifest = Manifest.read(root: project.root) else {
            if FileManager.default.fileExists(atPath: project.url(Manifest.path).path) {
                report.diagnostics.append(.error("\(Manifest.path) is not a valid manifest (damaged or edited by hand); "
                    + "it cannot vouch for the outputs: run `thesis build` again, then verify"))
            } else {
                report.diagnostics.append(.error("no \(Manifest.path): run `thesis build` first; verify compares a build with its manifest"))
            }
            return report
        }
        if manifest.draft == true {
            report.diagnostics.append(.error("the last build was a draft with errors (thesis build --draft): its reports show error boxes, not results; run `thesis build`, then verify"))
            return report
        }
        // 1. The data on disk must be the data the build used.
        var changedInputs = Set<String>()
        // Registry references (`model promote`'s champion) are re-executed as the build saw them.
        var registered: [String: String] = [:]
        for (path, id) in manifest.inputs where path.hasPrefix("registry:") && id != "none" {
            registered[String(path.dropFirst("registry:".count))] = id
        }
        for (path, expected) in manifest.inputs.sorted(by: { $0.key < $1.key }) where !path.hasPrefix("registry:") && !path.hasPrefix("layout:") {
            if path.hasSuffix("/") {
                // An image folder: its manifest of files and hashes, listed and hashed afresh.
                let folder = String(path.dropLast())
                let current = try? InputFiles(project: project, store: try ResultStore.inMemory()).folderHash(folder)
                if current != expected {
                    changedInputs.insert(path)
                    report.projectProblems.append(current == nil ? "image folder \(folder) is missing or not a valid image data set" : "image folder \(folder) changed since the build (an image was added, removed or changed)")
                }
                continue
            }
            let current = try? SHA256.hex(fileAt: project.url(path).path)
            if current != expected {
                changedInputs.insert(path)
                report.projectProblems.append(current == nil ? "data file \(path) is missing" : "data file \(path) changed since the build (its SHA-256 differs from the manifest)")
            }
        }
        // 2. Re-execute in a scratch directory with a fresh in-memory cache.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-verify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let pipeline = Pipeline(project: project, store: try ResultStore.inMemory())
        // A promotion judged against the registry's champion is checked against the project's registry.
        let cachePath = project.url(Project.stateDirectory).appendingPathComponent("cache.sqlite").path
        let buildCache = FileManager.default.fileExists(atPath: cachePath) ? try? ResultStore(path: cachePath) : nil
        pipeline.modelRegistry = buildCache
        pipeline.registeredSnapshot = registered
        var options = BuildOptions()
        options.useCache = false
        options.outputRoot = scratch
        options.jobs = jobs
        // Bibliography and chapters are read from the project; outputs go to scratch.
        if let sample {
            let probe = pipeline.planOnly()
            let count = probe.directives.count
            let chosenSeed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
            report.seed = chosenSeed
            var rng = SplitMix64(state: chosenSeed)
            var indices = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) { indices.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            options.only = Set(indices.prefix(max(0, min(sample, count))))
        }
        let build = pipeline.build(options)
        report.diagnostics = build.diagnostics.filter { $0.severity == .error }
        // The build's own results come from buildCache, when this project's cache still has them.
        // 3. Compare directive by directive.
        var seen = Set<String>()
        for node in build.plan.directives {
            if let only = options.only, !only.contains(node.index) { continue }
            let location = node.call.location.description
            seen.insert(location)
            guard let entry = manifest.entry(at: location) else {
                report.entries.append(VerifyEntry(location: location, kind: node.call.kind, status: .missing,
                                                  details: ["not in the manifest; the chapters changed since the build"]))
                continue
            }
            var details: [String] = []
            var status = VerifyStatus.match
            for path in entry.inputs.keys.sorted() where changedInputs.contains(path) {
                details.append("reads \(path), which changed since the build")
                status = .mismatch
            }
            guard let result = build.results[node.index] else {
                report.entries.append(VerifyEntry(location: location, kind: node.call.kind, status: .mismatch,
                                                  details: details + ["failed to re-execute (see the errors above)"]))
                continue
            }
            let resultHash = SHA256.hex(try CanonicalJSON.encode(result))
            let (numbersOK, numberDetails) = compare(result.scalars, entry.scalars, tolerance: tolerance)
            details += numberDetails
            if !numbersOK {
                status = .mismatch
            } else if resultHash != entry.result {
                // Tables, figure data and objects hold unnamed numbers: compare them with the
                // build's own result when the cache still has it, number by number.
                switch Self.compareWithCachedResult(result, key: entry.key, cache: buildCache, tolerance: tolerance) {
                case .some(true):
                    details.append("tables, figure data and objects match within tolerance")
                    if status == .match { status = .withinTolerance }
                case .some(false):
                    details.append("tables, figure data or objects differ beyond tolerance from the build's result")
                    status = .mismatch
                case .none:
                    // Nothing was compared: a difference that cannot be checked is not "within tolerance".
                    details.append("the result differs from the manifest's (its SHA-256), and the build's result is not in this project's cache to compare its tables and figure data number by number; build with `thesis build` on this machine and verify again to compare them")
                    status = .mismatch
                }
            } else if !numberDetails.isEmpty, status == .match {
                status = .withinTolerance
            }
            let fresh = build.outputHashes[node.index] ?? [:]
            for (path, expected) in entry.outputs.sorted(by: { $0.key < $1.key }) {
                if let redrawn = fresh[path], redrawn != expected, status == .match {
                    details.append("\(path): redrawn bytes differ from the manifest")
                    status = .mismatch
                }
            }
            if status == .mismatch, node.call.kind == Script.kind, !entry.inputs.keys.contains(where: changedInputs.contains) {
                // Same script, same inputs, other outputs: say so, naming the script.
                let file = node.resolved.names(ofType: .file)["file"]?.first ?? "the script"
                details.insert("\(file) is not deterministic: run again on the same inputs it wrote different outputs; "
                    + "seed its randomness from THESIS_SEED and read nothing but its declared inputs", at: 0)
            }
            // The user's copies must be the files the manifest records.
            checkCopies(of: entry, in: project, details: &details, status: &status)
            report.entries.append(VerifyEntry(location: location, kind: node.call.kind, status: status, details: details))
        }
        if options.only == nil {
            for entry in manifest.directives where !seen.contains(entry.location) {
                report.entries.append(VerifyEntry(location: entry.location, kind: entry.kind, status: .missing,
                                                  details: ["in the manifest but no longer in the chapters"]))
            }
        } else {
            // Sampling limits re-execution, never the checks of what was built: every other
            // directive's files must still be the ones the manifest records.
            let planned = Set(build.plan.directives.map { $0.call.location.description })
            for entry in manifest.directives where !seen.contains(entry.location) && planned.contains(entry.location) {
                var details = ["not re-executed (not in the sample)"]
                var status = VerifyStatus.match
                for path in entry.inputs.keys.sorted() where changedInputs.contains(path) {
                    details.append("reads \(path), which changed since the build")
                    status = .mismatch
                }
                checkCopies(of: entry, in: project, details: &details, status: &status)
                if status != .match { report.entries.append(VerifyEntry(location: entry.location, kind: entry.kind, status: status, details: details)) }
            }
        }
        // 4. The reports: the user's copies always; the regenerated bytes when everything re-ran.
        report.reportsChecked = true
        let regenerated = options.only == nil ? build.manifest?.reports : nil
        for (path, expected) in manifest.reports.sorted(by: { $0.key < $1.key }) {
            if let fresh = regenerated?[path], fresh != expected {
                report.projectProblems.append("\(path): regenerated bytes differ from the manifest")
            }
            let current = try? SHA256.hex(fileAt: project.url(path).path)
            if current != expected {
                report.projectProblems.append(current == nil ? "\(path) is missing" : "\(path) was modified after the build")
            }
        }
        report.entries.sort { $0.location < $1.location }
        return report
    }

    /// Each drawn file of `entry` in the project must hold the bytes the manifest records.
    private static func checkCopies(of entry: Manifest.Entry, in project: Project, details: inout [String], status: inout VerifyStatus) {
        for (path, expected) in entry.outputs.sorted(by: { $0.key < $1.key }) {
            let current = try? SHA256.hex(fileAt: project.url(path).path)
            if current == nil {
                details.append("\(path) is missing")
                if status != .mismatch { status = .missing }
            } else if current != expected {
                details.append("\(path) was modified after the build (its SHA-256 differs from the manifest)")
                status = .mismatch
            }
        }
    }

    /// Compares a re-executed result with the build's cached one, every number within tolerance
    /// (objects' JSON payloads included); nil when the cache does not have it.
    static func compareWithCachedResult(_ result: DirectiveResult, key: String, cache: ResultStore?, tolerance: Tolerance) -> Bool? {
        guard let cache, let cached = try? cache.lookup(key),
              let fresh = try? JSONSerialization.jsonObject(with: CanonicalJSON.encode(result)),
              let built = try? JSONSerialization.jsonObject(with: CanonicalJSON.encode(cached.result)) else { return nil }
        return deepEqual(fresh, built, tolerance: tolerance)
    }

    /// Structural equality of decoded JSON with numbers within tolerance; base64 `payload` strings
    /// holding JSON are decoded and compared the same way.
    static func deepEqual(_ a: Any, _ b: Any, tolerance: Tolerance) -> Bool {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            guard Set(x.keys) == Set(y.keys) else { return false }
            return x.keys.allSatisfy { key in
                if key == "payload", let p = x[key] as? String, let q = y[key] as? String, p != q,
                   let dp = Data(base64Encoded: p), let dq = Data(base64Encoded: q),
                   let jp = try? JSONSerialization.jsonObject(with: dp), let jq = try? JSONSerialization.jsonObject(with: dq) {
                    return deepEqual(jp, jq, tolerance: tolerance)
                }
                return deepEqual(x[key] as Any, y[key] as Any, tolerance: tolerance)
            }
        case let (x as [Any], y as [Any]):
            return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1, tolerance: tolerance) }
        case let (x as NSNumber, y as NSNumber):
            return tolerance.accepts(x.doubleValue, y.doubleValue)
        case let (x as String, y as String):
            return x == y
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }

    /// Compares scalars; returns whether all are within tolerance, and a line per difference.
    static func compare(_ fresh: [String: Scalar], _ recorded: [String: Scalar], tolerance: Tolerance) -> (Bool, [String]) {
        var ok = true
        var details: [String] = []
        for name in Set(fresh.keys).union(recorded.keys).sorted() {
            switch (fresh[name], recorded[name]) {
            case (.number(let a)?, .number(let b)?):
                if a != b && !(a.isNaN && b.isNaN) {
                    if tolerance.accepts(a, b) {
                        details.append("\(name): \(a) vs \(b) (within tolerance)")
                    } else {
                        details.append("\(name): re-executed \(a), manifest \(b)")
                        ok = false
                    }
                }
            case (let a?, let b?) where a == b:
                break
            case (let a, let b):
                details.append("\(name): re-executed \(a.map { "\($0)" } ?? "none"), manifest \(b.map { "\($0)" } ?? "none")")
                ok = false
            }
        }
        return (ok, details)
    }
}
