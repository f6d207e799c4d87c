import Foundation
import ThesisCache
import ThesisData
import ThesisLinearAlgebra
import ThesisModels
import ThesisDirectives
import ThesisDocument
import ThesisWriters

/// Where a `data=` option's data comes from.
public enum DataSource: Hashable, Sendable {
    /// A data set declared in thesis.toml.
    case file(DataSetDeclaration)
    /// The object of an earlier result (e.g. a prepared panel), by index in the plan.
    case result(Int)
}

/// One directive, resolved and placed in the dependency graph.
public struct PlannedDirective: Sendable {
    public var index: Int
    public var resolved: ResolvedCall
    public var call: DirectiveCall { resolved.call }
    /// `data`-typed options and where their data comes from.
    public var dataSources: [String: DataSource]
    /// `result`-typed options and the index of the result they name.
    public var resultSources: [String: Int]
    /// `results`-typed options and the indices of the results they name, in order.
    public var resultListSources: [String: [Int]] = [:]
    /// Indices of the directives this one builds on.
    public var dependencies: [Int]
    /// Filled in by `BuildPlan.computeKeys`.
    public var key = ""
    /// Input files read (project-relative path → SHA-256).
    public var inputHashes: [String: String] = [:]
    /// Keys of the results it builds on, by id (filled in with `key`).
    public var dependencyKeys: [String: String] = [:]

    /// The files this directive reads directly.
    public var inputFiles: [DataSetDeclaration] {
        dataSources.values.compactMap { if case .file(let d) = $0 { return d }; return nil }.sorted { $0.path < $1.path }
    }
}

/// The resolved directives of a document in dependency order, with their cache keys.
public struct BuildPlan: Sendable {
    /// Bumped when the cache key's layout changes; part of every key.
    public static let cacheSchemaVersion = 1

    public var directives: [PlannedDirective]
    /// Directive index by `id=`.
    public var ids: [String: Int]
    /// Groups of directive indices that can run in parallel, in dependency order.
    public var waves: [[Int]]

    /// Resolves every directive of `document`, checks ids, references, citations and inline
    /// values, and orders the graph. Problems go to `diagnostics`; directives that could not be
    /// resolved are left out of the plan (and their dependents with them).
    public static func make(document: Document, project: Project, bibliography: Bibliography?,
                            registry: [any Directive.Type], diagnostics: DiagnosticCollector) -> BuildPlan {
        var planned: [PlannedDirective] = []
        var ids: [String: Int] = [:]
        var idLocations: [String: SourceLocation] = [:]
        // 1. Resolve each call against the registry.
        for call in document.directiveCalls {
            guard let directive = DirectiveRegistry.directive(named: call.kind, in: registry) else {
                let kinds = registry.map { $0.kind }
                let hint = Suggestions.closest(to: call.kind, in: kinds).map { "; did you mean '\($0)'?" }
                    ?? "; known directives: " + kinds.joined(separator: ", ")
                diagnostics.emit(Diagnostic(.error, at: call.location, "unknown directive '\(call.kind)'\(hint)"))
                continue
            }
            switch OptionResolver.resolve(call, as: directive) {
            case .failure(let list):
                diagnostics.emit(contentsOf: list.diagnostics)
            case .success(let resolved):
                if let id = call.id {
                    if let previous = idLocations[id] {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: "id"), directive: call.kind,
                                                    "duplicate id '\(id)'; it is already used at \(previous)"))
                        continue
                    }
                    idLocations[id] = resolved.location(of: "id")
                    ids[id] = planned.count
                }
                planned.append(PlannedDirective(index: planned.count, resolved: resolved, dataSources: [:], resultSources: [:], dependencies: []))
            }
        }
        // 2. Resolve references between directives and to data sets.
        var broken = Set<Int>()
        for i in planned.indices {
            let resolved = planned[i].resolved
            for spec in resolved.directive.allOptions where spec.type == .results {
                guard let names = resolved.options.names(spec.name) else { continue }
                var indices: [Int] = []
                for name in names {
                    if let j = ids[name] {
                        indices.append(j)
                        planned[i].dependencies.append(j)
                    } else {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: spec.name), directive: resolved.call.kind,
                                                    "unknown id '\(name)'\(Suggestions.didYouMean(name, in: ids.keys.sorted()))"))
                        broken.insert(i)
                    }
                }
                planned[i].resultListSources[spec.name] = indices
            }
            // A directive with a default data format takes the project's data set of that format.
            if spec(named: "data", in: resolved) != nil, resolved.options.string("data") == nil,
               let format = resolved.directive.defaultDataFormat {
                let candidates = project.dataSets.values.filter { $0.format.rawValue == format }.sorted { $0.name < $1.name }
                if let declaration = candidates.first {
                    planned[i].dataSources["data"] = .file(declaration)
                } else {
                    diagnostics.emit(Diagnostic(.error, at: resolved.call.location, directive: resolved.call.kind,
                                                "no data= given and thesis.toml declares no \(format) data set; add [data.NAME] with format = \"\(format)\" or write data=NAME"))
                    broken.insert(i)
                }
            }
            for spec in resolved.directive.allOptions {
                guard let name = resolved.options.string(spec.name) else { continue }
                let location = resolved.location(of: spec.name)
                switch spec.type {
                case .data:
                    if let j = ids[name] {
                        planned[i].dataSources[spec.name] = .result(j)
                        planned[i].dependencies.append(j)
                    } else if let declaration = project.dataSets[name] {
                        planned[i].dataSources[spec.name] = .file(declaration)
                    } else {
                        let hint = Self.unknownDataHint(name, project: project, ids: Array(ids.keys))
                        diagnostics.emit(Diagnostic(.error, at: location, directive: resolved.call.kind, "unknown data set or id '\(name)'\(hint)"))
                        broken.insert(i)
                    }
                case .result:
                    if let j = ids[name] {
                        planned[i].resultSources[spec.name] = j
                        planned[i].dependencies.append(j)
                    } else {
                        diagnostics.emit(Diagnostic(.error, at: location, directive: resolved.call.kind,
                                                    "unknown id '\(name)'\(Suggestions.didYouMean(name, in: ids.keys.sorted()))"))
                        broken.insert(i)
                    }
                default:
                    break
                }
            }
        }
        // 3. Order: waves of directives whose dependencies are all earlier; the rest form cycles.
        var level = [Int: Int]()
        var remaining = Set(planned.indices).subtracting(broken)
        var waves: [[Int]] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { i in planned[i].dependencies.allSatisfy { level[$0] != nil } }.sorted()
            if ready.isEmpty {
                // Every remaining directive depends on a broken one or sits in a cycle.
                for i in remaining.sorted() {
                    let dependsOnBroken = planned[i].dependencies.contains { broken.contains($0) }
                    if dependsOnBroken {
                        diagnostics.emit(Diagnostic(.note, at: planned[i].call.location, directive: planned[i].call.kind,
                                                    "not run: it builds on a directive with errors"))
                    } else {
                        let names = planned[i].dependencies.compactMap { planned[$0].call.id }.map { "'\($0)'" }.joined(separator: ", ")
                        diagnostics.emit(Diagnostic(.error, at: planned[i].call.location, directive: planned[i].call.kind,
                                                    "cycle between ids: '\(planned[i].call.id ?? "?")' depends on \(names), which depend on it"))
                    }
                }
                break
            }
            for i in ready { level[i] = waves.count }
            waves.append(ready)
            remaining.subtract(ready)
            // Anything depending on a broken directive can never become ready.
            let blocked = remaining.filter { i in planned[i].dependencies.contains { broken.contains($0) } }
            broken.formUnion(blocked)
        }
        let plan = BuildPlan(directives: planned, ids: ids, waves: waves)
        plan.checkReferences(document: document, bibliography: bibliography, project: project, diagnostics: diagnostics)
        return plan
    }

    private static func unknownDataHint(_ name: String, project: Project, ids: [String]) -> String {
        let declared = project.dataSets.keys.sorted()
        if let best = Suggestions.closest(to: name, in: declared + ids.sorted()) { return "; did you mean '\(best)'?" }
        if declared.isEmpty { return "; declare it in thesis.toml as [data.\(name)] with path and format" }
        return "; declared data sets: " + declared.joined(separator: ", ")
    }

    private static func spec(named name: String, in resolved: ResolvedCall) -> OptionSpec? {
        resolved.directive.allOptions.first { $0.name == name && $0.type == .data }
    }

    /// Cross-references, citations and inline values must name something that exists.
    private func checkReferences(document: Document, bibliography: Bibliography?, project: Project, diagnostics: DiagnosticCollector) {
        let anchors = Set(document.headingAnchors)
        func ids(producing kind: OutputKind) -> [String] {
            self.ids.filter { directives[$0.value].resolved.directive.outputs.contains(kind) }.keys.sorted()
        }
        document.forEachInline { _, inline in
            switch inline {
            case .crossReference(let kind, let id, let location):
                switch kind {
                case .figure, .table:
                    let wanted: OutputKind = kind == .figure ? .figure : .table
                    if let index = self.ids[id] {
                        let produces = directives[index].resolved.directive.outputs
                        if !produces.contains(wanted), let other = produces.sorted().first {
                            diagnostics.emit(Diagnostic(.error, at: location, "@\(kind.rawValue):\(id) refers to a \(other.rawValue), not a \(wanted.rawValue); write @\(other == .figure ? "fig" : "tbl"):\(id)"))
                        }
                    } else {
                        diagnostics.emit(Diagnostic(.error, at: location, "unknown \(wanted.rawValue) id '\(id)' in @\(kind.rawValue):\(id)\(Suggestions.didYouMean(id, in: ids(producing: wanted)))"))
                    }
                case .section:
                    if !anchors.contains(id) {
                        diagnostics.emit(Diagnostic(.error, at: location, "unknown section '\(id)'; give the heading an id with {#sec:\(id)}\(Suggestions.didYouMean(id, in: anchors.sorted()))"))
                    }
                case .equation:
                    diagnostics.emit(Diagnostic(.error, at: location, "equation references (@eq:) are not supported yet"))
                }
            case .citation(let keys, _, let location):
                guard let bibliography else {
                    diagnostics.emit(Diagnostic(.error, at: location, "citation of '\(keys[0])' but thesis.toml declares no bibliography = \"references.bib\""))
                    return
                }
                for key in keys where bibliography.entries[key] == nil {
                    diagnostics.emit(Diagnostic(.error, at: location, "unknown citation key '\(key)'\(Suggestions.didYouMean(key, in: bibliography.entries.keys.sorted()))"))
                }
            case .inlineValue(let call):
                if self.ids[call.id] == nil {
                    diagnostics.emit(Diagnostic(.error, at: call.location, "unknown id '\(call.id)' in inline value\(Suggestions.didYouMean(call.id, in: self.ids.keys.sorted()))"))
                }
            default:
                break
            }
        }
    }

    /// Directive index by source location.
    public var indexByLocation: [SourceLocation: Int] {
        Dictionary(directives.map { ($0.call.location, $0.index) }, uniquingKeysWith: { a, _ in a })
    }

    /// Directive indices in execution order.
    public var order: [Int] { waves.flatMap { $0 } }

    /// Computes each directive's cache key: SHA-256 of the canonical JSON of the schema version,
    /// directive kind and version, compute options, input file hashes, dependency keys and engine
    /// version. Throws only when an input file cannot be hashed (reported by the caller).
    public mutating func computeKeys(project: Project, store: ResultStore, diagnostics: DiagnosticCollector) -> Set<Int> {
        var failed = Set<Int>()
        for i in order {
            var inputs: [String: String] = [:]
            var ok = true
            for declaration in directives[i].inputFiles {
                let path = project.url(declaration.path).path
                do {
                    inputs[declaration.path] = try store.fileHash(absolutePath: path, key: declaration.path)
                } catch {
                    let option = directives[i].dataSources.first { $0.value == .file(declaration) }?.key
                    diagnostics.emit(Diagnostic(.error, at: directives[i].resolved.location(of: option), directive: directives[i].call.kind,
                                                "data file '\(declaration.path)' of data set '\(declaration.name)' does not exist (declared at \(declaration.location))"))
                    ok = false
                }
            }
            if directives[i].dependencies.contains(where: { failed.contains($0) }) { ok = false }
            guard ok else { failed.insert(i); continue }
            directives[i].inputHashes = inputs
            let dependencies = Dictionary(directives[i].dependencies.map { j in
                (directives[j].call.id ?? String(j), directives[j].key)
            }, uniquingKeysWith: { a, _ in a })
            directives[i].dependencyKeys = dependencies
            let material = CacheKeyMaterial(schema: Self.cacheSchemaVersion, kind: directives[i].call.kind,
                                            version: directives[i].resolved.directive.version,
                                            options: directives[i].resolved.computeOptions, inputs: inputs,
                                            dependencies: dependencies, engine: Engine.version)
            directives[i].key = material.key
        }
        return failed
    }
}

/// Everything a cache key is made of; printed by `thesis status` to explain a miss.
public struct CacheKeyMaterial: Codable, Hashable, Sendable {
    public var schema: Int
    public var kind: String
    public var version: Int
    public var options: [String: String]
    public var inputs: [String: String]
    public var dependencies: [String: String]
    public var engine: String

    public var key: String {
        // Encoding a struct of strings and dictionaries cannot fail.
        SHA256.hex((try? CanonicalJSON.encode(self)) ?? Data())
    }
}

/// The engine's identity, part of every cache key and of the manifest: the release version, the
/// modelling engine's version and a hash of the executable itself, so any change to the code that
/// computes results (even one nobody remembered to version) invalidates cached results.
public enum Engine {
    public static let release = "thesis-0.1.0"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var identified: String?

    /// `thesis-0.1.0+models-1+build-<12 hex digits of the executable's SHA-256>`.
    public static var version: String {
        lock.lock(); defer { lock.unlock() }
        return identified ?? release + "+" + ModelEngine.version
    }

    /// Hashes the running executable once per process; the store memoises the hash by the file's
    /// size, mtime and inode, so this costs a stat after the first build.
    public static func identify(store: ResultStore) {
        lock.lock()
        let done = identified != nil
        lock.unlock()
        guard !done else { return }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let hash = (try? store.fileHash(absolutePath: executable, key: executable)).map { String($0.prefix(12)) } ?? "unknown"
        lock.lock(); defer { lock.unlock() }
        identified = release + "+" + ModelEngine.version + "+build-" + hash
    }

    /// BLAS threads per worker, recorded in provenance and the manifest. Parallelism comes from
    /// running directives on several workers, so each pins BLAS to one thread (`pinBLASThreads`).
    public static let blasThreads = 1

    /// Pins OpenBLAS to `blasThreads`; called once before any directive runs.
    public static func pinBLASThreads() {
        BLASThreads.set(blasThreads)
    }
}
