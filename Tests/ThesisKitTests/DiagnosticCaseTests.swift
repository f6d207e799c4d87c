import Foundation
import XCTest
import ThesisCache
import ThesisDocument
import ThesisTestSupport
@testable import ThesisKit

/// Command tests in the style of a compiler's test suite: every folder in `Cases/` is a tiny
/// project (thesis.toml, chapters/, maybe data/ and references.bib) with an `expected.txt` that
/// holds exactly the diagnostics `thesis build` reports for it, compiler-style, one per line, in
/// the order the tool reports them (an empty file: a clean build).
///
/// To add a case, make a folder with the project, run `THESIS_RECORD=1 swift test --filter
/// DiagnosticCaseTests` (it writes expected.txt and fails), read expected.txt, then run again.
final class DiagnosticCaseTests: XCTestCase {
    static let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    /// Files of a case that are not part of its project: the expectation and what a build by hand
    /// in the case folder would leave behind.
    private static let ignoredTopLevel: Set<String> = ["expected.txt", ".thesis", "figures", "reports"]

    func testEveryCaseReportsExactlyItsExpectedDiagnostics() throws {
        let names = try caseNames()
        XCTAssertGreaterThanOrEqual(names.count, 12, "expected at least 12 cases in \(Self.cases.path)")
        for name in names {
            let folder = Self.cases.appendingPathComponent(name)
            let files = try projectFiles(in: folder)
            guard files["thesis.toml"] != nil else {
                XCTFail("case \(name) has no thesis.toml")
                continue
            }
            let project = try TemporaryProject(prefix: "thesis-case")
            for (path, data) in files { try project.write(path, data) }
            let (diagnostics, succeeded) = try build(project.root)
            let actual = diagnostics.map { $0.description + "\n" }.joined()
            XCTAssertFalse(actual.contains(project.root.path) || actual.contains(project.root.resolvingSymlinksInPath().path),
                           "case \(name): diagnostics name an absolute path:\n\(actual)")
            XCTAssertEqual(succeeded, !diagnostics.contains { $0.severity == .error },
                           "case \(name): the build \(succeeded ? "succeeded" : "failed") with diagnostics:\n\(actual)")
            if !GoldenFile.recording, !FileManager.default.fileExists(atPath: folder.appendingPathComponent("expected.txt").path) {
                XCTFail("case \(name) has no expected.txt; record it with THESIS_RECORD=1 and review it")
                continue
            }
            GoldenFile.assertMatches(actual, "\(name)/expected.txt", in: Self.cases)
        }
    }

    /// The case folders, sorted.
    private func caseNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.cases.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: Self.cases.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// Every file of the case's project by relative path.
    private func projectFiles(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return files }
        while let path = enumerator.nextObject() as? String {
            let top = String(path.split(separator: "/").first ?? "")
            if Self.ignoredTopLevel.contains(top) || path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[path] = try Data(contentsOf: url)
        }
        return files
    }

    /// What `thesis build` reports for the project at `root`: the diagnostics of loading it
    /// (thesis.toml) or of building it, and whether the build succeeded.
    private func build(_ root: URL) throws -> ([Diagnostic], Bool) {
        let project: Project
        switch Project.load(root: root) {
        case .success(let loaded): project = loaded
        case .failure(let list): return (list.diagnostics, false)
        }
        let state = project.url(Project.stateDirectory)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let store = try ResultStore(path: state.appendingPathComponent("cache.sqlite").path)
        var options = BuildOptions()
        options.jobs = 2
        let report = Pipeline(project: project, store: store).build(options)
        return (report.diagnostics, report.succeeded)
    }
}
