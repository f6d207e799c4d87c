import ArgumentParser
import Foundation
import ThesisKit

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "For the examiner: re-execute every directive from the raw data and compare with reports/manifest.json.",
        discussion: """
        Runs in a scratch directory with the cache bypassed, so figures/ and reports/ are left alone. \
        Results and drawn files must match the manifest byte for byte (MATCH); numbers may differ \
        within a relative tolerance of 1e-9 (absolute 1e-12) when floating point differs across \
        machines (WITHIN TOLERANCE). Changed data files, edited figures or reports, and changed \
        numbers in the manifest are reported as MISMATCH; the exit code is then 1.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "Re-execute only a random sample of N directives (and what they build on).")
    var sample: Int?

    @Option(help: "Seed for --sample (printed when not given, so a sample can be repeated).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "Parallel workers.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let project = try self.project.load(followBuild: true)
        let lock = try ProjectLock(stateDirectory: project.url(Project.stateDirectory)) {
            Console.error("thesis: another thesis command is running in this project; waiting for it to finish…")
        }
        defer { withExtendedLifetime(lock) {} }
        let report = try Verifier.verify(project: project, sample: sample, seed: seed, jobs: max(1, jobs))
        Console.print(report.diagnostics)
        if let seed = report.seed { Console.out("sample of \(sample ?? 0) directives, seed \(seed) (repeat with --seed \(seed))") }
        for entry in report.entries {
            Console.out("\(entry.status.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(entry.location) [\(entry.kind)]")
            for detail in entry.details { Console.out("    \(detail)") }
        }
        for problem in report.projectProblems { Console.out("MISMATCH         \(problem)") }
        let summary = "\(report.count(.match)) match, \(report.count(.withinTolerance)) within tolerance, \(report.count(.mismatch)) mismatch, \(report.count(.missing)) missing"
        if report.passed {
            Console.out("thesis verify: PASSED: \(summary)" + (report.reportsChecked ? "; reports match" : ""))
        } else {
            Console.out("thesis verify: FAILED: \(summary)" + (report.projectProblems.isEmpty ? "" : "; \(report.projectProblems.count) project problems"))
            throw ExitCode.failure
        }
    }
}
