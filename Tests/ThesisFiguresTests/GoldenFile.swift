import Foundation
import XCTest

/// Golden-file assertions. Files live in `Golden/` next to this source file.
///
/// `THESIS_RECORD=1 swift test` rewrites the goldens and **fails** the test, so every change
/// to a golden shows up as a git diff to review before it is committed.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["THESIS_RECORD"] == "1" }

    static func assertMatches(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = directory.appendingPathComponent(name)
        if recording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url, options: .atomic)
                XCTFail("recorded Golden/\(name); review the diff, then run again without THESIS_RECORD", file: file, line: line)
            } catch {
                XCTFail("cannot record Golden/\(name): \(error)", file: file, line: line)
            }
            return
        }
        guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8) else {
            XCTFail("missing Golden/\(name); record it with THESIS_RECORD=1", file: file, line: line)
            return
        }
        guard expected != actual else { return }
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("actual-\(name)")
        try? Data(actual.utf8).write(to: dump)
        let firstDifference = zip(expected.split(separator: "\n", omittingEmptySubsequences: false),
                                  actual.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        let detail = firstDifference.map { "line \($0.offset + 1): expected \"\($0.element.0.prefix(120))\", got \"\($0.element.1.prefix(120))\"" }
            ?? "lengths differ (\(expected.count) vs \(actual.count) characters)"
        XCTFail("Golden/\(name) differs; \(detail). Actual output: \(dump.path). Re-record with THESIS_RECORD=1 if intended.",
                file: file, line: line)
    }
}
