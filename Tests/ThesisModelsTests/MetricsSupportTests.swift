import Foundation
import XCTest
@testable import ThesisModels

/// Reads Tests/Fixtures/metrics/reference.json (written by Tests/Fixtures/generate_metrics.py).
/// Numbers are hexadecimal float strings, parsed exactly.
enum MetricsFixture {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metrics/reference.json")

    static let root: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            fatalError("cannot read \(url.path); run python3 Tests/Fixtures/generate_metrics.py")
        }
        return object
    }()

    static func section(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(root[name] as? [String: Any], "section \(name) missing from the fixture")
    }

    static func number(_ value: Any?) throws -> Double {
        let text = try XCTUnwrap(value as? String, "expected a hex float string, got \(String(describing: value))")
        return try XCTUnwrap(Double(text), "not a number: \(text)")
    }

    static func vector(_ value: Any?) throws -> [Double] {
        try XCTUnwrap(value as? [Any], "expected an array").map { try number($0) }
    }

    static func ints(_ value: Any?) throws -> [Int] {
        try XCTUnwrap(value as? [Int], "expected an integer array")
    }

    static func dictionary(_ value: Any?) throws -> [String: Any] {
        try XCTUnwrap(value as? [String: Any], "expected an object")
    }
}

/// Records the largest relative difference seen by `assertRelative`, for the report.
final class MetricsDifferenceLog: @unchecked Sendable {
    static let shared = MetricsDifferenceLog()
    private let lock = NSLock()
    private var worst: [String: Double] = [:]

    func note(_ group: String, _ difference: Double) {
        lock.lock(); defer { lock.unlock() }
        worst[group] = max(worst[group] ?? 0, difference)
    }

    func largest(_ group: String) -> Double {
        lock.lock(); defer { lock.unlock() }
        return worst[group] ?? 0
    }
}

/// `|a − e| ≤ tolerance · max(|e|, floor)`; NaN equals NaN, infinities must match exactly.
func assertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, floor: Double = 0,
                    group: String = "", _ message: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    if expected.isNaN {
        XCTAssertTrue(actual.isNaN, "expected NaN, got \(actual) \(message())", file: file, line: line)
        return
    }
    if expected.isInfinite || actual.isInfinite {
        XCTAssertEqual(actual, expected, message(), file: file, line: line)
        return
    }
    let scale = max(abs(expected), floor)
    let difference = abs(actual - expected)
    let relative = scale > 0 ? difference / scale : difference
    if !group.isEmpty { MetricsDifferenceLog.shared.note(group, relative) }
    XCTAssertLessThanOrEqual(difference, tolerance * scale,
                             "got \(actual), expected \(expected) (relative \(relative)) \(message())",
                             file: file, line: line)
}

final class MetricsSupportTests: XCTestCase {
    func testFixtureIsReadableAndVersioned() throws {
        let versions = try MetricsFixture.dictionary(MetricsFixture.root["versions"])
        XCTAssertNotNil(versions["sklearn"])
        XCTAssertNotNil(versions["dieboldmariano"])
        XCTAssertEqual(Double("0x1.8p+1"), 3)
        XCTAssertTrue(Double("nan")!.isNaN)
        XCTAssertEqual(Double("-inf"), -.infinity)
    }

    /// numpy's pairwise summation: exact on integers, and its grouping differs from a left-to-right
    /// sum where that matters (cancellation between blocks).
    func testNumpySummationOrder() {
        XCTAssertEqual(NumpySummation.sum([]), 0)
        XCTAssertEqual(NumpySummation.sum((1...1000).map(Double.init)), 500_500)
        // Values 0 and 8 share numpy's first accumulator, so they cancel exactly and the fourteen 1s
        // survive; left to right, 1e16 + 1 rounds back to 1e16 and seven 1s are lost (ulp 2 there).
        var values = [Double](repeating: 1, count: 16)
        values[0] = 1e16
        values[8] = -1e16
        var leftToRight = 0.0
        for v in values { leftToRight += v }
        XCTAssertEqual(NumpySummation.sum(values), 14)
        XCTAssertEqual(leftToRight, 7)
    }
}
