import Foundation
import XCTest
import ThesisLinearAlgebra
import ThesisTestSupport
@testable import ThesisModels

/// Paths, fixtures and tolerances shared by the VAR tests.
enum VARFixtures {
    static let repositoryRoot = RepositoryPaths.root
    static let macrodataCSV = RepositoryPaths.sharedData.appendingPathComponent("macrodata/macrodata.csv")

    static func json(_ name: String) throws -> [String: Any] {
        let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/var/\(name)")
        let data = try Data(contentsOf: url)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// np.diff(np.log(macrodata[[realgdp, realcons, realinv]])) as a 202 × 3 matrix, read with a
    /// minimal CSV parser (the file is plain numbers with a quoted header). Skips when the data
    /// are not beside the repository.
    static func macrodataLogDifferences() throws -> (data: Matrix, names: [String]) {
        guard FileManager.default.fileExists(atPath: macrodataCSV.path) else {
            throw XCTSkip("macrodata.csv not found at \(macrodataCSV.path)")
        }
        let text = try String(contentsOf: macrodataCSV, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        let names = ["realgdp", "realcons", "realinv"]
        let columns = try names.map { name in try XCTUnwrap(header.firstIndex(of: name), "column \(name)") }
        let levels: [[Double]] = try lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return try columns.map { try XCTUnwrap(Double(cells[$0]), "cell \(cells[$0])") }
        }
        var series = [[Double]](repeating: [], count: names.count)
        for c in 0..<names.count {
            for t in 1..<levels.count { series[c].append(log(levels[t][c]) - log(levels[t - 1][c])) }
        }
        return (try Matrix(columns: series), names)
    }
}

/// Compares with a relative tolerance: |a − e| ≤ tol·|e|, or ≤ tol·floor when |e| < floor
/// (exact zeros such as the upper triangle of Θ_0). Tracks the largest relative error seen.
final class Closeness {
    let tolerance: Double
    let floor: Double
    private(set) var worst = 0.0
    private(set) var worstWhere = ""

    init(tolerance: Double = 1e-9, floor: Double = 1e-12) {
        self.tolerance = tolerance
        self.floor = floor
    }

    func check(_ actual: Double, _ expected: Double, _ what: @autoclosure () -> String,
               file: StaticString = #filePath, line: UInt = #line) {
        let scale = max(abs(expected), floor)
        let error = abs(actual - expected) / scale
        if error > worst { worst = error; worstWhere = what() }
        if !(error <= tolerance) {
            XCTFail("\(what()): got \(actual), expected \(expected) (relative error \(error))", file: file, line: line)
        }
    }

    func check(_ actual: Matrix, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let rows = expected as? [[Double]] else {
            XCTFail("\(what): fixture is not a matrix", file: file, line: line)
            return
        }
        XCTAssertEqual(actual.rows, rows.count, "\(what) rows", file: file, line: line)
        for (i, row) in rows.enumerated() where i < actual.rows {
            XCTAssertEqual(actual.columns, row.count, "\(what) columns", file: file, line: line)
            for (j, value) in row.enumerated() where j < actual.columns {
                check(actual[i, j], value, "\(what)[\(i),\(j)]", file: file, line: line)
            }
        }
    }

    func check(_ actual: [Matrix], _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let stack = expected as? [[[Double]]] else {
            XCTFail("\(what): fixture is not a stack of matrices", file: file, line: line)
            return
        }
        XCTAssertEqual(actual.count, stack.count, "\(what) count", file: file, line: line)
        for (h, m) in stack.enumerated() where h < actual.count {
            check(actual[h], m, "\(what)[\(h)]", file: file, line: line)
        }
    }

    func check(_ actual: [Double], _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let values = expected as? [Double] else {
            XCTFail("\(what): fixture is not a vector", file: file, line: line)
            return
        }
        XCTAssertEqual(actual.count, values.count, "\(what) count", file: file, line: line)
        for (i, v) in values.enumerated() where i < actual.count { check(actual[i], v, "\(what)[\(i)]", file: file, line: line) }
    }
}
