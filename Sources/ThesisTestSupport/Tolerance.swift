import XCTest

/// Numbers checked against a peer (statsmodels, scikit-learn, numpy) or a closed form agree when
/// |a − b| ≤ max(absolute, relative · max(|a|, |b|)). NaN equals NaN; infinities must match.
public struct Tolerance: Sendable, CustomStringConvertible {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 1e-12, relative: Double = 1e-9) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The tolerance of a parity test: 1e-12 absolute, 1e-9 relative (verify's WITHIN TOLERANCE).
    public static let parity = Tolerance()

    public func accepts(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
    }

    public var description: String { "|a − b| ≤ max(\(absolute), \(relative)·max(|a|, |b|))" }
}

/// Fails unless `actual` and `expected` agree within `tolerance`.
public func assertClose(
    _ actual: Double, _ expected: Double, _ tolerance: Tolerance = .parity, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    if !tolerance.accepts(actual, expected) {
        XCTFail(
            "\(message.isEmpty ? "" : message + ": ")\(actual) vs \(expected) (\(tolerance))", file: file, line: line)
    }
}

/// Fails unless the arrays have the same length and agree element by element within `tolerance`;
/// reports the first and the largest difference.
public func assertClose(
    _ actual: [Double], _ expected: [Double], _ tolerance: Tolerance = .parity, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.count == expected.count else {
        return XCTFail(
            "\(message.isEmpty ? "" : message + ": ")\(actual.count) values vs \(expected.count)", file: file,
            line: line)
    }
    let failing = actual.indices.filter { !tolerance.accepts(actual[$0], expected[$0]) }
    guard let first = failing.first else { return }
    let worst = failing.max { abs(actual[$0] - expected[$0]) < abs(actual[$1] - expected[$1]) } ?? first
    XCTFail(
        "\(message.isEmpty ? "" : message + ": ")\(failing.count) of \(actual.count) values differ (\(tolerance)); "
            + "first at [\(first)]: \(actual[first]) vs \(expected[first]); largest at [\(worst)]: \(actual[worst]) vs \(expected[worst])",
        file: file, line: line)
}
