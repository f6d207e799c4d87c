import Foundation
import ThesisCache
import ThesisDirectives
import ThesisDocument
import ThesisMarkdown

/// Whether one directive would execute on the next build, and why.
public struct DirectiveStatus: Sendable {
    public var location: String
    public var kind: String
    public var id: String?
    public var fresh: Bool
    public var reasons: [String]
}

extension Pipeline {
    /// Parses and plans without executing (keys are computed).
    public func planOnly(diagnostics: DiagnosticCollector = DiagnosticCollector()) -> BuildPlan {
        plan(diagnostics: diagnostics).2
    }

    /// `thesis status`: each directive is fresh (its key is cached) or stale, with the inputs,
    /// options or dependencies that changed since the last build's manifest.
    public func status(diagnostics: DiagnosticCollector) -> [DirectiveStatus] {
        let plan = planOnly(diagnostics: diagnostics)
        let manifest = Manifest.read(root: project.root)
        var out: [DirectiveStatus] = []
        for node in plan.directives {
            let location = node.call.location.description
            guard !node.key.isEmpty else {
                out.append(DirectiveStatus(location: location, kind: node.call.kind, id: node.id, fresh: false, reasons: ["cannot run: see the errors above"]))
                continue
            }
            if (try? store.contains(node.key)) == true {
                out.append(DirectiveStatus(location: location, kind: node.call.kind, id: node.id, fresh: true, reasons: []))
                continue
            }
            var reasons: [String] = []
            let previous = node.id.flatMap { manifest?.entry(id: $0) } ?? manifest?.entry(at: location)
            if let previous {
                for path in Set(node.inputHashes.keys).union(previous.inputs.keys).sorted() where node.inputHashes[path] != previous.inputs[path] {
                    reasons.append(previous.inputs[path] == nil ? "reads a new input \(path)" : "input \(path) changed")
                }
                let options = node.resolved.computeOptions
                for name in Set(options.keys).union(previous.options.keys).sorted() {
                    let spec = node.resolved.directive.allOptions.first { $0.name == name }
                    if spec?.presentation == true { continue }
                    if options[name] != previous.options[name] {
                        reasons.append("option \(name) changed: \(previous.options[name] ?? "unset") → \(options[name] ?? "unset")")
                    }
                }
                for j in node.dependencies {
                    let dependency = plan.directives[j]
                    let name = dependency.id ?? String(j)
                    if previous.dependencies[name] != dependency.key { reasons.append("result '\(name)' it builds on changed") }
                }
                if previous.kind != node.call.kind { reasons.append("directive kind changed") }
                if reasons.isEmpty {
                    reasons.append(manifest?.engine != Engine.version ? "engine version changed (\(manifest?.engine ?? "?") → \(Engine.version))"
                                   : previous.key == node.key ? "not in the cache (was the cache cleared?)" : "directive version changed")
                }
            } else {
                reasons.append(manifest == nil ? "never built" : "new directive")
            }
            out.append(DirectiveStatus(location: location, kind: node.call.kind, id: node.id, fresh: false, reasons: reasons))
        }
        return out
    }

    /// `thesis exec`: runs one directive written in `text`, in the context of the project's
    /// chapters (their ids and data sets), through the cache.
    public func exec(_ text: String, diagnostics: DiagnosticCollector, jobs: Int) -> DirectiveResult? {
        let (chapterDocument, bibliography) = parse(diagnostics: DiagnosticCollector())
        let (chapter, problems) = MarkdownReader.read(text, file: "<exec>", number: chapterDocument.chapters.count + 1)
        diagnostics.emit(contentsOf: problems)
        let calls = Document(chapters: [chapter]).directiveCalls
        guard calls.count == 1 else {
            if problems.isEmpty { diagnostics.emit(.error("exec takes exactly one directive, e.g. '<<data describe data=macro>>'; found \(calls.count)")) }
            return nil
        }
        let document = Document(chapters: chapterDocument.chapters + [chapter])
        var plan = BuildPlan.make(document: document, project: project, bibliography: bibliography, registry: registry, diagnostics: diagnostics)
        let unkeyed = computeKeys(&plan, diagnostics: diagnostics)
        guard let target = plan.directives.first(where: { $0.node == calls[0].node }) else { return nil }
        // Errors elsewhere in the chapters matter only if the target depends on them.
        var report = BuildReport(plan: plan, document: document)
        var options = BuildOptions()
        options.only = [target.index]
        options.jobs = jobs
        let local = DiagnosticCollector()
        executeForExec(plan: plan, skipping: unkeyed, options: options, diagnostics: local, report: &report)
        diagnostics.emit(contentsOf: local.diagnostics)
        // A cached result comes without its object; exec shows it (`--json`).
        guard var result = report.results[target.index] else { return nil }
        if result.object == nil, report.fromCache.contains(target.index) { result.object = try? store.object(for: target.key) }
        return result
    }
}
