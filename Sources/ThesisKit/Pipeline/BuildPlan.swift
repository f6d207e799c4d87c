import Foundation
import ThesisCache
import ThesisData
import ThesisDirectives
import ThesisDocument
import ThesisImages
import ThesisMarkdown

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
    /// The directive's identity in the document.
    public var node: DirectiveID { resolved.call.node }
    /// The result's name (`id=`).
    public var id: String? { resolved.id }
    /// `data`-typed options and where their data comes from.
    public var dataSources: [String: DataSource]
    /// `result`-typed options and the index of the result they name.
    public var resultSources: [String: Int]
    /// `results`-typed options and the indices of the results they name, in order.
    public var resultListSources: [String: [Int]] = [:]
    /// The chapter's `caption=` read as inline Markdown (emphasis, math, citations, references).
    public var caption: [Inline]?
    /// The chapter's `table-caption=`, read as `caption` is.
    public var tableCaption: [Inline]?
    /// Indices of the directives this one builds on.
    public var dependencies: [Int]
    /// For `data`-typed options that name a result: the declared data set that result's data was
    /// made from (followed back through `data=`), for directives that need a raw series, such as the
    /// policy rate in levels. Its bytes are in the key through the result's own key.
    public var rawSources: [String: DataSetDeclaration] = [:]
    /// `file`-typed options and the project-relative path each names (hashed into the key).
    public var projectFiles: [String: String] = [:]
    /// `files`-typed options and the paths each names, in order (hashed into the key).
    public var projectFileLists: [String: [String]] = [:]
    /// `dataSets`-typed options and the declared data sets each names, in order.
    public var dataSetLists: [String: [DataSetDeclaration]] = [:]
    /// The programs the directive runs (see `Directive.programs(for:)`), resolved with the key.
    public var programs: [String: ResolvedProgram] = [:]
    /// Filled in by `BuildPlan.computeKeys`.
    public var key = ""
    /// Input files read (project-relative path → SHA-256).
    public var inputHashes: [String: String] = [:]
    /// The registry references the directive asked for (`NAME@ALIAS`), resolved to model ids
    /// when keyed (absent: no such name or alias); in the key as inputs `registry:NAME@ALIAS`.
    public var registeredModels: [String: String] = [:]
    /// Keys of the results it builds on, by id (filled in with `key`).
    public var dependencyKeys: [String: String] = [:]
    /// What `key` is the hash of (filled in with `key`).
    public var keyMaterial: CacheKeyMaterial?
    /// The key without the engine's identity (dependencies by their content keys): the same for
    /// every build of the tool, so the seed derived from it is too.
    public var contentKey = ""
    /// The seed for directives that need randomness and were given no `seed=`.
    public var seed: UInt64 { UInt64(contentKey.prefix(16), radix: 16) ?? 0 }

    /// The files this directive reads directly.
    public var inputFiles: [DataSetDeclaration] {
        let direct = dataSources.values.compactMap { if case .file(let d) = $0 { return d }; return nil }
        let listed = dataSetLists.values.flatMap { $0 }
        return Array(Set(direct + listed)).sorted { ($0.path, $0.name) < ($1.path, $1.name) }
    }
}

/// The resolved directives of a document in dependency order, with their cache keys.
public struct BuildPlan: Sendable {
    public var directives: [PlannedDirective]
    /// Directive index by `id=`.
    public var ids: [String: Int]
    /// Directive index by its identity in the document.
    public var indexByNode: [DirectiveID: Int] {
        Dictionary(directives.map { ($0.node, $0.index) }, uniquingKeysWith: { a, _ in a })
    }
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
                if let id = resolved.id {
                    if let previous = idLocations[id] {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: "id"), directive: call.kind,
                                                    "duplicate id '\(id)'; it is already used at \(previous)"))
                        continue
                    }
                    idLocations[id] = resolved.location(of: "id")
                    ids[id] = planned.count
                }
                var node = PlannedDirective(index: planned.count, resolved: resolved, dataSources: [:], resultSources: [:], dependencies: [])
                /// A caption option read as inline Markdown.
                func captionInlines(_ text: String, option: String) -> [Inline] {
                    let (inlines, problems) = MarkdownReader.inlines(text, at: resolved.location(of: option))
                    diagnostics.emit(contentsOf: problems)
                    var hasValue = false
                    Inline.visit(inlines) { if case .inlineValue = $0 { hasValue = true } }
                    if hasValue {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: call.kind,
                                                    "a caption cannot hold an inline value (<<= …>>); say the number in the text"))
                    }
                    return inlines
                }
                if let caption = resolved.presentation.caption { node.caption = captionInlines(caption, option: "caption") }
                if let caption = resolved.presentation.outputs.tableCaption {
                    node.tableCaption = captionInlines(caption, option: "table-caption")
                }
                planned.append(node)
            }
        }
        // 2. Resolve references between directives and to data sets.
        var broken = Set<Int>()
        for i in planned.indices {
            let resolved = planned[i].resolved
            func unknownID(_ name: String, option: String) {
                diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind,
                                            "unknown id '\(name)'\(Suggestions.didYouMean(name, in: ids.keys.sorted()))"))
                broken.insert(i)
            }
            for (option, names) in resolved.names(ofType: .results).sorted(by: { $0.key < $1.key }) {
                var indices: [Int] = []
                for name in names {
                    if let j = ids[name] {
                        indices.append(j)
                        planned[i].dependencies.append(j)
                    } else {
                        unknownID(name, option: option)
                    }
                }
                planned[i].resultListSources[option] = indices
            }
            for (option, names) in resolved.names(ofType: .result).sorted(by: { $0.key < $1.key }) {
                guard let name = names.first else { continue }
                if let j = ids[name] {
                    planned[i].resultSources[option] = j
                    planned[i].dependencies.append(j)
                } else {
                    unknownID(name, option: option)
                }
            }
            for (option, paths) in resolved.names(ofType: .file).sorted(by: { $0.key < $1.key }) {
                guard let path = paths.first else { continue }
                if let problem = Project.checkInside(path, root: project.root, mustExist: true, what: "file",
                                                     remedy: "a directive reads files only from inside the project") {
                    diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind, problem))
                    broken.insert(i)
                } else {
                    planned[i].projectFiles[option] = path
                }
            }
            for (option, paths) in resolved.names(ofType: .files).sorted(by: { $0.key < $1.key }) {
                var kept: [String] = []
                for path in paths {
                    if let problem = Project.checkInside(path, root: project.root, mustExist: true, what: "file",
                                                         remedy: "a directive reads files only from inside the project") {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind, problem))
                        broken.insert(i)
                    } else if !kept.contains(path) {
                        kept.append(path)
                    }
                }
                planned[i].projectFileLists[option] = kept
            }
            for (option, names) in resolved.names(ofType: .dataSets).sorted(by: { $0.key < $1.key }) {
                var declarations: [DataSetDeclaration] = []
                for name in names {
                    if let declaration = project.dataSets[name] {
                        if !declarations.contains(declaration) { declarations.append(declaration) }
                    } else {
                        let declared = project.dataSets.keys.sorted()
                        let hint = Suggestions.closest(to: name, in: declared).map { "; did you mean '\($0)'?" }
                            ?? (declared.isEmpty ? "; declare it in thesis.toml as [data.\(name)] with path and format"
                                : "; declared data sets: " + declared.joined(separator: ", "))
                        let isResult = ids[name] != nil ? " ('\(name)' is a result id: pass results with of=)" : ""
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind,
                                                    "unknown data set '\(name)'\(isResult)\(hint)"))
                        broken.insert(i)
                    }
                }
                planned[i].dataSetLists[option] = declarations
            }
            let dataNames = resolved.names(ofType: .data)
            // A directive with a default data format takes the project's data set of that format.
            if resolved.directive.allOptions.contains(where: { $0.name == "data" && $0.type == .data }), dataNames["data"] == nil,
               let format = resolved.directive.defaultDataFormat {
                let candidates = project.dataSets.values.filter { $0.format.rawValue == format }.sorted { $0.name < $1.name }
                if candidates.count > 1, resolved.values["of"] != nil {
                    // The model comes from of= (e.g. `favar diagnostics of=fit`): no data set to choose.
                } else if candidates.count > 1 {
                    // Taking one of several silently would estimate on data the author did not choose.
                    diagnostics.emit(Diagnostic(.error, at: resolved.call.location, directive: resolved.call.kind,
                                                "no data= given and thesis.toml declares \(candidates.count) \(format) data sets (\(candidates.map(\.name).joined(separator: ", "))); say which with data=NAME"))
                    broken.insert(i)
                } else if let declaration = candidates.first {
                    planned[i].dataSources["data"] = .file(declaration)
                } else {
                    diagnostics.emit(Diagnostic(.error, at: resolved.call.location, directive: resolved.call.kind,
                                                "no data= given and thesis.toml declares no \(format) data set; add [data.NAME] with format = \"\(format)\" or write data=NAME"))
                    broken.insert(i)
                }
            }
            for (option, names) in dataNames.sorted(by: { $0.key < $1.key }) {
                guard let name = names.first else { continue }
                if let j = ids[name] {
                    planned[i].dataSources[option] = .result(j)
                    planned[i].dependencies.append(j)
                } else if let declaration = project.dataSets[name] {
                    let images = resolved.directive.readsImages
                    if (declaration.format == .images) != images {
                        diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind,
                                                    images ? "'\(name)' is not an image data set; declare one with format = \"images\" (a folder of CLASS/FILE images)"
                                                        : "'\(name)' is an image data set (format = \"images\"); the image directives (images describe, …) read it"))
                        broken.insert(i)
                        continue
                    }
                    planned[i].dataSources[option] = .file(declaration)
                } else {
                    let hint = Self.unknownDataHint(name, project: project, ids: Array(ids.keys))
                    diagnostics.emit(Diagnostic(.error, at: resolved.location(of: option), directive: resolved.call.kind,
                                                "unknown data set or id '\(name)'\(hint)"))
                    broken.insert(i)
                }
            }
        }
        // The declared data set behind each data option that names a result.
        for i in planned.indices {
            for (option, source) in planned[i].dataSources {
                guard case .result(var j) = source else { continue }
                var seen: Set<Int> = [i]
                while seen.insert(j).inserted, let next = planned[j].dataSources["data"] {
                    switch next {
                    case .file(let declaration): planned[i].rawSources[option] = declaration
                    case .result(let k): j = k; continue
                    }
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
                // Every remaining directive depends on a broken one, sits in a cycle, or builds
                // on a cycle without being part of it.
                for i in remaining.sorted() {
                    let node = planned[i]
                    if node.dependencies.contains(where: { broken.contains($0) }) {
                        diagnostics.emit(Diagnostic(.note, at: node.call.location, directive: node.call.kind,
                                                    "not run: it builds on a directive with errors"))
                    } else if let cycle = Self.cycle(through: i, in: planned, within: remaining) {
                        let path = (cycle + [i]).map { "'\(planned[$0].id ?? "?")'" }.joined(separator: " → ")
                        let option = Self.option(of: node, naming: cycle[1 % cycle.count])
                        diagnostics.emit(Diagnostic(.error, at: node.resolved.location(of: option), directive: node.call.kind,
                                                    "cycle between ids: \(path); a result cannot build on itself"))
                    } else {
                        let upstream = node.dependencies.filter { remaining.contains($0) }.compactMap { planned[$0].id }
                        diagnostics.emit(Diagnostic(.note, at: node.call.location, directive: node.call.kind,
                                                    "not run: it builds on \(upstream.map { "'\($0)'" }.joined(separator: ", ")), which cannot run (a cycle between ids)"))
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

    /// A path of dependencies from `start` back to itself, as `[start, next, …]`, if `start` is on a
    /// cycle among `candidates`.
    static func cycle(through start: Int, in planned: [PlannedDirective], within candidates: Set<Int>) -> [Int]? {
        var parent: [Int: Int] = [:]
        var queue = [start]
        var seen: Set<Int> = [start]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            for next in planned[current].dependencies.sorted() where candidates.contains(next) {
                if next == start {
                    var path = [current]
                    while let p = parent[path[0]] { path.insert(p, at: 0) }
                    return path
                }
                if seen.insert(next).inserted {
                    parent[next] = current
                    queue.append(next)
                }
            }
        }
        return nil
    }

    /// The option through which `node` builds on directive `target` (for the caret).
    static func option(of node: PlannedDirective, naming target: Int) -> String? {
        for (option, source) in node.dataSources.sorted(by: { $0.key < $1.key }) where source == .result(target) { return option }
        for (option, j) in node.resultSources.sorted(by: { $0.key < $1.key }) where j == target { return option }
        for (option, list) in node.resultListSources.sorted(by: { $0.key < $1.key }) where list.contains(target) { return option }
        return nil
    }

    private static func unknownDataHint(_ name: String, project: Project, ids: [String]) -> String {
        let declared = project.dataSets.keys.sorted()
        if let best = Suggestions.closest(to: name, in: declared + ids.sorted()) { return "; did you mean '\(best)'?" }
        if declared.isEmpty { return "; declare it in thesis.toml as [data.\(name)] with path and format" }
        return "; declared data sets: " + declared.joined(separator: ", ")
    }

    /// Cross-references, citations and inline values must name something that exists.
    private func checkReferences(document: Document, bibliography: Bibliography?, project: Project, diagnostics: DiagnosticCollector) {
        let anchors = Set(document.headingAnchors)
        // Ids the author gave headings must be unique in the whole thesis: a second one would
        // silently take over the first's number and links.
        var firstAnchor: [String: SourceLocation] = [:]
        for chapter in document.chapters {
            for (id, location) in chapter.explicitAnchors.sorted(by: { ($0.value.line, $0.value.column) < ($1.value.line, $1.value.column) }) {
                if let first = firstAnchor[id] {
                    diagnostics.emit(Diagnostic(.error, at: location, "duplicate section id '\(id)'; it is already used at \(first)"))
                } else {
                    firstAnchor[id] = location
                }
            }
        }
        // Image figures: files of the project, ids that @fig: may name.
        var imageIDs: [String: SourceLocation] = [:]
        for image in document.imageFigures {
            if MarkdownImagePath.problem(image.path) == nil,
               let problem = Project.checkInside(image.path, root: project.root, mustExist: true, what: "image",
                                                 remedy: "images are read only from inside the project; put the file there and give its relative path") {
                diagnostics.emit(Diagnostic(.error, at: image.location, problem))
            }
            guard let id = image.id else { continue }
            if let first = imageIDs[id] {
                diagnostics.emit(Diagnostic(.error, at: image.location, "duplicate figure id '\(id)'; it is already used at \(first)"))
            } else if let index = self.ids[id] {
                diagnostics.emit(Diagnostic(.error, at: image.location, "duplicate id '\(id)'; it is already used at \(directives[index].resolved.location(of: "id"))"))
            } else {
                imageIDs[id] = image.location
            }
        }
        // Equation ids, unique in the whole thesis.
        var equationIDs: [String: SourceLocation] = [:]
        for math in document.displayEquations {
            guard let id = math.id else { continue }
            if let first = equationIDs[id] {
                diagnostics.emit(Diagnostic(.error, at: math.location, "duplicate equation id 'eq:\(id)'; it is already used at \(first)"))
            } else {
                equationIDs[id] = math.location
            }
        }
        func ids(producing kind: OutputKind) -> [String] {
            let results = self.ids.filter { directives[$0.value].resolved.directive.outputs.contains(kind) }.keys
            return (kind == .figure ? Array(results) + imageIDs.keys : Array(results)).sorted()
        }
        func check(_ inline: Inline) {
            switch inline {
            case .crossReference(let kind, let id, let location):
                switch kind {
                case .figure, .table:
                    let wanted: OutputKind = kind == .figure ? .figure : .table
                    if imageIDs[id] != nil {
                        if kind == .table {
                            diagnostics.emit(Diagnostic(.error, at: location, "@tbl:\(id) refers to an image figure; write @fig:\(id)"))
                        }
                    } else if let (index, _) = Self.laterOutput(id, ids: self.ids),
                              directives[index].resolved.directive.outputs.contains(wanted) {
                        // `@tbl:ID-2`: a later output of directive ID, checked once it has run.
                    } else if let index = self.ids[id] {
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
                    if equationIDs[id] == nil {
                        let hint = equationIDs.isEmpty
                            ? "; number a display equation with $$ … $$ {#eq:\(id)}"
                            : Suggestions.didYouMean(id, in: equationIDs.keys.sorted())
                        diagnostics.emit(Diagnostic(.error, at: location, "unknown equation '\(id)' in @eq:\(id)\(hint)"))
                    }
                }
            case .citation(let citation):
                let keys = citation.keys, location = citation.location
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
        document.forEachInline { check($1) }
        for directive in directives {
            if let caption = directive.caption { Inline.visit(caption, check) }
            if let caption = directive.tableCaption { Inline.visit(caption, check) }
        }
    }

    /// `ID-N` (N ≥ 2) naming the N-th output of the directive `ID`: its index and N.
    static func laterOutput(_ reference: String, ids: [String: Int]) -> (Int, Int)? {
        guard ids[reference] == nil, let dash = reference.lastIndex(of: "-"),
              let n = Int(reference[reference.index(after: dash)...]), n >= 2,
              let index = ids[String(reference[..<dash])] else { return nil }
        return (index, n)
    }

    /// Directive indices in execution order.
    public var order: [Int] { waves.flatMap { $0 } }

    /// Computes each directive's cache key: SHA-256 of the canonical JSON of its `CacheKeyMaterial`
    /// (schema, kind and version, typed arguments, input file hashes, dependency keys, engine).
    /// Returns the directives that could not be keyed (an input file is missing, or they build on
    /// such a directive); the problems are reported.
    mutating func computeKeys(inputs files: InputFiles, programs: Programs,
                              registry: (String) -> String? = { _ in nil },
                              diagnostics: DiagnosticCollector) -> Set<Int> {
        var failed = Set<Int>()
        for i in order {
            var inputs: [String: String] = [:]
            var ok = true
            for declaration in directives[i].inputFiles {
                do {
                    if declaration.format == .images {
                        // An image folder: the hash of its manifest (every file's path and hash).
                        inputs[declaration.path + "/"] = try files.folderHash(declaration.path)
                    } else {
                        inputs[declaration.path] = try files.hash(declaration.path)
                    }
                    // How the data are read (header, delimiter, categorical columns, image size) when not the default.
                    let layout = declaration.readingFingerprint
                    if !layout.isEmpty { inputs["layout:" + declaration.path] = layout }
                } catch let problem as ImageProblem {
                    diagnostics.emit(Diagnostic(.error, at: SourceLocation(file: problem.file, line: 1, column: 1), directive: directives[i].call.kind,
                                                "\(problem.message) (image data set '\(declaration.name)', declared at \(declaration.location))"))
                    ok = false
                } catch {
                    let option = directives[i].dataSources.first { $0.value == .file(declaration) }?.key
                        ?? directives[i].dataSetLists.first { $0.value.contains(declaration) }?.key
                    diagnostics.emit(Diagnostic(.error, at: directives[i].resolved.location(of: option), directive: directives[i].call.kind,
                                                "data file '\(declaration.path)' of data set '\(declaration.name)' does not exist (declared at \(declaration.location))"))
                    ok = false
                }
            }
            for (option, path) in directives[i].projectFiles.sorted(by: { $0.key < $1.key }) {
                do {
                    inputs[path] = try files.hash(path)
                } catch {
                    diagnostics.emit(Diagnostic(.error, at: directives[i].resolved.location(of: option), directive: directives[i].call.kind,
                                                "cannot read '\(path)': \(FileSystemError.describe(error))"))
                    ok = false
                }
            }
            for (option, paths) in directives[i].projectFileLists.sorted(by: { $0.key < $1.key }) {
                for path in paths {
                    do {
                        inputs[path] = try files.hash(path)
                    } catch {
                        diagnostics.emit(Diagnostic(.error, at: directives[i].resolved.location(of: option), directive: directives[i].call.kind,
                                                    "cannot read '\(path)': \(FileSystemError.describe(error))"))
                        ok = false
                    }
                }
            }
            let resolved = directives[i].resolved
            for request in resolved.directive.requestedPrograms(resolved.arguments) {
                switch programs.resolve(request.name) {
                case .success(let program): directives[i].programs[request.name] = program
                case .failure(let problem):
                    diagnostics.emit(Diagnostic(.error, at: resolved.location(of: request.option), directive: resolved.call.kind,
                                                problem.message))
                    ok = false
                }
            }
            for reference in resolved.directive.requestedRegistryReferences(resolved.arguments) {
                let id = registry(reference)
                directives[i].registeredModels[reference] = id
                inputs["registry:" + reference] = id ?? "none"
            }
            if directives[i].dependencies.contains(where: { failed.contains($0) }) { ok = false }
            guard ok else { failed.insert(i); continue }
            directives[i].inputHashes = inputs
            let dependencies = Dictionary(directives[i].dependencies.map { j in
                (directives[j].id ?? String(j), directives[j].key)
            }, uniquingKeysWith: { a, _ in a })
            directives[i].dependencyKeys = dependencies
            do {
                let material = try Self.keyMaterial(directives[i].resolved, inputs: inputs, dependencies: dependencies,
                                                    engine: Engine.version,
                                                    programs: directives[i].programs.mapValues { SHA256.hex($0.identity) })
                directives[i].keyMaterial = material
                directives[i].key = material.key
                var content = material
                content.engine = ""
                content.dependencies = Dictionary(directives[i].dependencies.map { j in
                    (directives[j].id ?? String(j), directives[j].contentKey)
                }, uniquingKeysWith: { a, _ in a })
                directives[i].contentKey = content.key
            } catch {
                diagnostics.emit(Diagnostic(.error, at: directives[i].call.location, directive: directives[i].call.kind,
                                            "cannot encode the options for the cache key: \(error)"))
                failed.insert(i)
            }
        }
        return failed
    }

    /// The cache key material of a resolved call.
    public static func keyMaterial(_ resolved: ResolvedCall, inputs: [String: String], dependencies: [String: String],
                                   engine: String, programs: [String: String] = [:]) throws -> CacheKeyMaterial {
        CacheKeyMaterial(kind: resolved.call.kind, version: resolved.directive.version,
                         arguments: resolved.argumentsJSON(),
                         inputs: inputs, dependencies: dependencies, engine: engine, programs: programs)
    }
}
