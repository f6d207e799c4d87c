import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument

/// The pipeline's side of executing directives elsewhere (`SlurmExecutor`): a worker executes
/// one directive by key into the shared store; the coordinator exports the cached results those
/// build on and ingests what the workers made, as if it had executed them itself.
extension Pipeline {
    /// How a worker's directive ended.
    public enum RemoteOutcome: Equatable, Sendable {
        /// Its result is in the shared store.
        case stored
        /// It failed; the failure (located) is in the shared store.
        case failed
    }

    /// `thesis exec --key KEY…`: plans the project once, executes each directive whose cache key
    /// is in `keys` with the results it builds on read from `shared`, and stores each result (or
    /// located failure) there. The keys of one call are independent (one wave of the build). The
    /// pipeline's own store should be in memory: a worker never writes the project's cache.
    public func executeForStore(
        keys: [String], shared: SharedResultStore, diagnostics: DiagnosticCollector
    ) -> [RemoteOutcome] {
        let plan = plan(diagnostics: DiagnosticCollector()).2
        var byKey: [String: PlannedDirective] = [:]
        for node in plan.directives where !node.key.isEmpty { byKey[node.key] = node }
        return keys.map { key in
            guard let node = byKey[key] else {
                let message =
                    "no directive of this project has the key \(key): the chapters, data or programs changed since "
                    + "the build submitted it (or this node has other program versions); run thesis build again"
                diagnostics.emit(.error(message))
                try? shared.put(
                    SharedResultStore.Failure(
                        key: key, kind: "?", location: "?", seconds: 0, dataHash: "", dependencyMissing: false,
                        diagnostics: [.init(severity: "error", file: nil, line: nil, column: nil, message: message)]))
                return .failed
            }
            return executeForStore(node, plan: plan, shared: shared, diagnostics: diagnostics)
        }
    }

    private func executeForStore(
        _ node: PlannedDirective, plan: BuildPlan, shared: SharedResultStore,
        diagnostics: DiagnosticCollector
    ) -> RemoteOutcome {
        let key = node.key
        var dependencies: [Int: DirectiveResult] = [:]
        for j in node.dependencies {
            let dependency = plan.directives[j]
            guard let entry = shared.entry(dependency.key) else {
                let name = dependency.id.map { "'\($0)'" } ?? "[\(dependency.call.kind)] at \(dependency.call.location)"
                let failure = Diagnostic(
                    .error, at: node.call.location, directive: node.call.kind,
                    "not run: the result of \(name) it builds on is not in the shared store")
                diagnostics.emit(failure)
                try? shared.put(Self.failure(node, [failure], seconds: 0, dataHash: "", dependencyMissing: true))
                return .failed
            }
            var result = entry.result
            if var model = result.model, let bytes = entry.modelFile {
                model.id = rememberModel(bytes)
                model.artifact = nil
                result.model = model
            }
            dependencies[j] = result
        }
        let local = DiagnosticCollector()
        let clock = DispatchTime.now()
        guard let computed = compute(node, dependencyResults: dependencies, deferredObjects: [:], diagnostics: local)
        else {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
            diagnostics.emit(contentsOf: local.diagnostics)
            let failure = Self.failure(
                node, local.diagnostics, seconds: seconds, dataHash: dataHash(of: node),
                dependencyMissing: false)
            do { try shared.put(failure) } catch { diagnostics.emit(.error("\(error)")) }
            return .failed
        }
        diagnostics.emit(contentsOf: local.diagnostics)
        let entry = SharedResultStore.Entry(
            key: key, kind: node.call.kind, location: node.call.location.description, seconds: computed.seconds,
            dataHash: computed.dataHash, engine: Engine.version, result: computed.result,
            modelFile: computed.result.model?.artifact)
        do {
            try shared.put(entry)
            return .stored
        } catch {
            diagnostics.emit(
                Diagnostic(
                    .error, at: node.call.location, directive: node.call.kind, "cannot store the result: \(error)"))
            return .failed
        }
    }

    /// Puts the cached result of `node` into the shared store for the jobs that build on it
    /// (with its model file inline). False when the cache has none.
    func export(_ node: PlannedDirective, to shared: SharedResultStore) throws -> Bool {
        guard let hit = try store.lookup(node.key, withObject: true) else { return false }
        let modelFile = try hit.result.model.flatMap { $0.id.isEmpty ? nil : try store.modelBytes($0.id) }
        try shared.put(
            SharedResultStore.Entry(
                key: node.key, kind: node.call.kind, location: node.call.location.description, seconds: 0,
                dataHash: "", engine: Engine.version, result: hit.result, modelFile: modelFile))
        return true
    }

    /// Stores a worker's result in the project's cache as a local execution would have:
    /// model file, result, run and duration. False (with a diagnostic) when it cannot.
    func ingest(_ entry: SharedResultStore.Entry, of node: PlannedDirective, diagnostics: DiagnosticCollector) -> Bool {
        guard entry.key == node.key, entry.kind == node.call.kind else {
            diagnostics.emit(
                Diagnostic(
                    .error, at: node.call.location, directive: node.call.kind,
                    "the shared store's result for this directive is another directive's (\(entry.kind) at \(entry.location))"
                ))
            return false
        }
        var result = entry.result
        if let bytes = entry.modelFile { result.model?.artifact = bytes }
        if case .executed = persist(
            Computed(result: result, seconds: entry.seconds, dataHash: entry.dataHash),
            of: node, diagnostics: diagnostics)
        {
            return true
        }
        return false
    }

    /// Records a worker's failure as a failed run, as a local build does.
    func recordRemoteFailure(_ failure: SharedResultStore.Failure, of node: PlannedDirective) {
        let message = failure.diagnostics.first { $0.severity == "error" }?.message ?? "failed"
        recordFailedRun(node, dataHash: failure.dataHash, error: message, seconds: failure.seconds)
    }

    static func failure(
        _ node: PlannedDirective, _ diagnostics: [Diagnostic], seconds: Double, dataHash: String,
        dependencyMissing: Bool
    ) -> SharedResultStore.Failure {
        SharedResultStore.Failure(
            key: node.key, kind: node.call.kind, location: node.call.location.description, seconds: seconds,
            dataHash: dataHash, dependencyMissing: dependencyMissing,
            diagnostics: diagnostics.map {
                .init(
                    severity: $0.severity.rawValue, file: $0.location?.file, line: $0.location?.line,
                    column: $0.location?.column, message: $0.message)
            })
    }
}

extension SharedResultStore.Failure {
    /// The diagnostics again, at their places.
    func located(kind: String) -> [Diagnostic] {
        diagnostics.map { message in
            let location = message.file.map {
                SourceLocation(file: $0, line: message.line ?? 1, column: message.column ?? 1)
            }
            return Diagnostic(
                Severity(rawValue: message.severity) ?? .error, at: location, directive: kind, message.message)
        }
    }
}
