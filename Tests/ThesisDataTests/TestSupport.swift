import Foundation
import XCTest
import ThesisDocument
import ThesisTestSupport
@testable import ThesisData

/// Paths of this repository and the shared data beside it (from ThesisTestSupport).
enum TestPaths {
    static let repositoryRoot = RepositoryPaths.root
    static let sharedData = RepositoryPaths.sharedData
    static let fixtures = RepositoryPaths.fixtures

    /// The contents of a shared data file, or an XCTSkip when the shared data are absent.
    static func shared(_ relativePath: String) throws -> Data {
        let url = sharedData.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("shared data not found at \(url.path)")
        }
        return try Data(contentsOf: url)
    }
}

/// Loads CSV text given inline.
func load(_ text: String, format: DataFormat = .csv, file: String = "data/test.csv") throws -> TimeSeriesFrame {
    try DataLoader.load(Data(text.utf8), file: file, format: format)
}

/// The diagnostic thrown for `text`; fails the test if none or another error is thrown.
func diagnostic(_ text: String, format: DataFormat = .csv, file: String = "data/test.csv",
                _ testFile: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    do {
        let frame = try load(text, format: format, file: file)
        XCTFail("expected a diagnostic, got a frame with \(frame.names.count) series", file: testFile, line: line)
    } catch let d as Diagnostic {
        return d
    } catch {
        XCTFail("expected a Diagnostic, got \(type(of: error)): \(error)", file: testFile, line: line)
    }
    return nil
}

/// Asserts a diagnostic's location and that its message contains every fragment.
func assertDiagnostic(_ text: String, format: DataFormat = .csv, line: Int, column: Int, _ fragments: String...,
                      file testFile: StaticString = #filePath, testLine: UInt = #line) {
    guard let d = diagnostic(text, format: format, testFile, line: testLine) else { return }
    XCTAssertEqual(d.severity, .error, file: testFile, line: testLine)
    XCTAssertEqual(d.location, SourceLocation(file: "data/test.csv", line: line, column: column),
                   "\(d.description)", file: testFile, line: testLine)
    for fragment in fragments {
        XCTAssertTrue(d.message.contains(fragment), "'\(fragment)' not in: \(d.message)", file: testFile, line: testLine)
    }
}

/// Equal, counting NaN as equal to NaN.
func assertValues(_ actual: [Double]?, _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("no column", file: file, line: line) }
    XCTAssertEqual(actual.count, expected.count, file: file, line: line)
    for (a, e) in zip(actual, expected) where !(a == e || (a.isNaN && e.isNaN)) {
        XCTFail("\(actual) != \(expected)", file: file, line: line)
        return
    }
}

func m(_ text: String) -> Month { Month(text)! }
