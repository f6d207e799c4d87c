import Foundation
import XCTest

/// Golden-file assertions against files in a `Golden/` directory beside the calling test file.
///
/// `THESIS_RECORD=1 swift test` rewrites the goldens and **fails** the test, so every change
/// to a golden shows up as a git diff to review before it is committed.
public enum GoldenFile {
    /// Whether this run records goldens instead of checking them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["THESIS_RECORD"] == "1" }

    /// The `Golden/` directory beside `testFile` (pass `#filePath`).
    public static func directory(besides testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// Fails unless `actual` equals `Golden/name` beside the calling test file.
    public static func assertMatches(
        _ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertMatches(actual, name, in: directory(besides: "\(file)"), file: file, line: line)
    }

    /// Fails unless `actual` equals the file `name` in `directory`.
    public static func assertMatches(
        _ actual: String, _ name: String, in directory: URL,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let url = directory.appendingPathComponent(name)
        if recording {
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url, options: .atomic)
                XCTFail(
                    "recorded \(directory.lastPathComponent)/\(name); review the diff, then run again without THESIS_RECORD",
                    file: file, line: line)
            } catch {
                XCTFail("cannot record \(name): \(error)", file: file, line: line)
            }
            return
        }
        guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8) else {
            XCTFail(
                "missing \(directory.lastPathComponent)/\(name); record it with THESIS_RECORD=1", file: file, line: line
            )
            return
        }
        guard expected != actual else { return }
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent(
            "actual-" + name.replacingOccurrences(of: "/", with: "-"))
        try? Data(actual.utf8).write(to: dump)
        let firstDifference = zip(
            expected.split(separator: "\n", omittingEmptySubsequences: false),
            actual.split(separator: "\n", omittingEmptySubsequences: false)
        )
        .enumerated().first { $0.element.0 != $0.element.1 }
        let detail =
            firstDifference.map {
                "line \($0.offset + 1): expected \"\($0.element.0.prefix(120))\", got \"\($0.element.1.prefix(120))\""
            } ?? "lengths differ (\(expected.count) vs \(actual.count) characters)"
        XCTFail(
            "\(directory.lastPathComponent)/\(name) differs; \(detail). Actual output: \(dump.path). Re-record with THESIS_RECORD=1 if intended.",
            file: file, line: line)
    }
}
