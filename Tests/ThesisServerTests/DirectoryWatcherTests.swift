import Foundation
import XCTest
import ThesisWatch

/// The watcher reports edits however an editor saves, and not the tool's own outputs.
final class DirectoryWatcherTests: XCTestCase {
    private final class Heard: @unchecked Sendable {
        let lock = NSLock()
        var paths: [String] = []
        func add(_ more: [String]) { lock.lock(); paths += more; lock.unlock() }
        func take() -> Set<String> { lock.lock(); defer { paths = []; lock.unlock() }; return Set(paths) }
    }

    private func waitFor(_ heard: Heard, _ expected: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
        var seen = Set<String>()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !expected.isSubset(of: seen) {
            Thread.sleep(forTimeInterval: 0.02)
            seen.formUnion(heard.take())
        }
        XCTAssertTrue(expected.isSubset(of: seen), "expected \(expected.sorted()), heard \(seen.sorted())", file: file, line: line)
    }

    func testEditsRenamesNewFoldersAndDeletionsAreReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["chapters", "reports/html", "data"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("# One\n".utf8).write(to: root.appendingPathComponent("chapters/01.md"))
        let watcher = try DirectoryWatcher(root: root, excluding: ["reports"])
        let heard = Heard()
        watcher.start { heard.add($0) }
        defer { watcher.stop() }

        // In place, by rename over the file (as many editors save), a new folder's file, a deletion.
        try Data("# One, edited\n".utf8).write(to: root.appendingPathComponent("chapters/01.md"))
        waitFor(heard, ["chapters/01.md"])
        try Data("# Two\n".utf8).write(to: root.appendingPathComponent("chapters/.01.md.swp"))
        try Data("# One again\n".utf8).write(to: root.appendingPathComponent("chapters/01.md"), options: .atomic)
        waitFor(heard, ["chapters/01.md"])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data/raw"), withIntermediateDirectories: true)
        waitFor(heard, ["data/raw"])
        try Data("a,b\n".utf8).write(to: root.appendingPathComponent("data/raw/x.csv"))
        waitFor(heard, ["data/raw/x.csv"])
        try FileManager.default.removeItem(at: root.appendingPathComponent("data/raw/x.csv"))
        waitFor(heard, ["data/raw/x.csv"])
        try Data("x".utf8).write(to: root.appendingPathComponent("thesis.toml"))
        waitFor(heard, ["thesis.toml"])

        // The tool's outputs and hidden files are not the author's edits.
        try Data("<html>".utf8).write(to: root.appendingPathComponent("reports/html/index.html"))
        try Data("x".utf8).write(to: root.appendingPathComponent("chapters/.hidden"))
        try Data("x".utf8).write(to: root.appendingPathComponent("chapters/01.md~"))
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(heard.take().filter { !$0.hasPrefix("chapters/01.md.") }, [])
    }
}
