import ArgumentParser
import Foundation
import ThesisKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show which directives are stale, and which input, option or result changed.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let project = try self.project.load(followBuild: true)
        let (store, lock) = try openProject(project)
        defer { withExtendedLifetime(lock) {} }
        let diagnostics = DiagnosticCollector()
        let statuses = Pipeline(project: project, store: store).status(diagnostics: diagnostics)
        Console.print(diagnostics.diagnostics)
        for status in statuses {
            let name = status.id.map { " id=\($0)" } ?? ""
            if status.fresh {
                Console.out("fresh  \(status.location) [\(status.kind)]\(name)")
            } else {
                Console.out("stale  \(status.location) [\(status.kind)]\(name): " + status.reasons.joined(separator: "; "))
            }
        }
        let stale = statuses.filter { !$0.fresh }.count
        Console.out("thesis status: \(statuses.count) directives: \(statuses.count - stale) fresh, \(stale) stale")
        if diagnostics.hasErrors { throw ExitCode.failure }
    }
}
