import Foundation
import ThesisData
import ThesisDirectives
import ThesisDocument
import ThesisMarkdown

/// Runs one directive without the pipeline: parses `<<…>>` as a chapter would, resolves its
/// options, and runs it on frames and results the test supplies.
///
/// ```swift
/// let result = try DirectiveHarness.run("<<data describe data=m digits=2>>", data: ["data": frame])
/// ```
public enum DirectiveHarness {
    /// A directive call as the reader parses it from `text` (one block directive).
    public static func call(_ text: String, file: String = "chapters/01-test.md") throws -> DirectiveCall {
        let (chapter, problems) = MarkdownReader.read(text, file: file, number: 1)
        if let problem = problems.first { throw problem }
        let calls = Document(chapters: [chapter]).directiveCalls
        guard calls.count == 1 else {
            throw DirectiveFailure("expected one directive in \(text.debugDescription), found \(calls.count)")
        }
        return calls[0]
    }

    /// The resolved call, or the diagnostics resolution reports.
    public static func resolve(
        _ text: String, registry: [any Directive.Type] = DirectiveRegistry.all
    ) throws -> ResolvedCall {
        let call = try call(text)
        guard let directive = DirectiveRegistry.directive(named: call.kind, in: registry) else {
            throw DirectiveFailure("unknown directive '\(call.kind)'")
        }
        return try OptionResolver.resolve(call, as: directive).get()
    }

    /// Runs the directive in `text` with `data` (by option name: `data`, `old`, `truth`, …) and
    /// `results` (by option name: `of`, …); the seed is what the pipeline would derive unless given.
    public static func run(
        _ text: String, data: [String: TimeSeriesFrame] = [:], results: [String: DirectiveResult] = [:],
        resultLists: [String: [DirectiveResult]] = [:], modelFiles: [String: Data] = [:], seed: UInt64 = 1
    ) throws -> DirectiveResult {
        let resolved = try resolve(text)
        var context = DirectiveContext(data: data, results: results, seed: seed)
        context.resultLists = resultLists
        context.modelFiles = modelFiles
        return try resolved.run(context: context)
    }
}
