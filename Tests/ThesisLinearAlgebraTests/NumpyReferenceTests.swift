import Foundation
import XCTest
@testable import ThesisLinearAlgebra

/// Against numpy.linalg (Tests/Fixtures/generate_linalg.py → Tests/Fixtures/linalg/numpy-reference.json).
/// Inputs are read bit-exactly (hex floats); tolerances are stated per test.
final class NumpyReferenceTests: XCTestCase {
    private static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/linalg/numpy-reference.json")

    private var cases: [String: Any] = [:]

    override func setUpWithError() throws {
        let data = try Data(contentsOf: Self.fixture)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        cases = try XCTUnwrap(root["cases"] as? [String: Any])
    }

    private func number(_ text: Any?) throws -> Double {
        let string = try XCTUnwrap(text as? String, "expected a hex float string")
        return try XCTUnwrap(Double(string), "not a number: \(string)")
    }

    private func vector(_ value: Any?) throws -> [Double] {
        try XCTUnwrap(value as? [Any]).map { try number($0) }
    }

    private func matrix(_ value: Any?) throws -> Matrix {
        let object = try XCTUnwrap(value as? [String: Any])
        return try Matrix(rows: try XCTUnwrap(object["rows"] as? Int), columns: try XCTUnwrap(object["columns"] as? Int),
                          columnMajor: try vector(object["columnMajor"]))
    }

    private func testCase(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(cases[name] as? [String: Any], "case \(name) missing from the fixture")
    }

    func testHexFloatsParseExactly() {
        XCTAssertEqual(Double("0x1.8p+1"), 3)
        XCTAssertEqual(Double("-0x1.0000000000001p+0")?.bitPattern, (-1.0).nextDown.bitPattern)
        XCTAssertEqual(Double("0x0.0p+0"), 0)
    }

    /// numpy.linalg.lstsq on a 60×4 design with 3 dependent variables: coefficients to 1e-12
    /// relative, residual sums of squares to 1e-10 relative (a difference of nearly equal numbers).
    func testLeastSquaresAgainstNumpy() throws {
        let c = try testCase("lstsq")
        let x = try matrix(c["x"]), y = try matrix(c["y"])
        let b = try leastSquares(x, y)
        assertClose(b, try matrix(c["coefficients"]), tolerance: 1e-12)
        let residuals = try y - multiply(x, b)
        let ssr = (0..<y.columns).map { j in residuals.column(j).reduce(0) { $0 + $1 * $1 } }
        let expected = try vector(c["residualSumOfSquares"])
        for (a, e) in zip(ssr, expected) { XCTAssertEqual(a, e, accuracy: 1e-10 * e) }
    }

    /// slogdet, inv and eigvals of a general 5×5 matrix: 1e-12 relative.
    func testGeneralMatrixAgainstNumpy() throws {
        let c = try testCase("general")
        let a = try matrix(c["a"])
        let d = try logDeterminant(a)
        XCTAssertEqual(d.sign, try number(c["slogdetSign"]))
        XCTAssertEqual(d.logAbsoluteValue, try number(c["slogdetLogAbs"]), accuracy: 1e-12)
        assertClose(try inverse(a), try matrix(c["inverse"]), tolerance: 1e-12)
        let values = try eigenvalues(a)
        assertClose(values.map(\.real), try vector(c["eigenvaluesReal"]), tolerance: 1e-12)
        assertClose(values.map(\.imaginary), try vector(c["eigenvaluesImaginary"]), tolerance: 1e-12)
    }

    /// cholesky, eigvalsh (reversed to descending) and slogdet of a 6×6 SPD matrix: 1e-13 relative.
    func testSymmetricPositiveDefiniteAgainstNumpy() throws {
        let c = try testCase("spd")
        let a = try matrix(c["a"])
        assertClose(try cholesky(a), try matrix(c["cholesky"]), tolerance: 1e-13)
        assertClose(try symmetricEigenvalues(a), try vector(c["eigenvaluesDescending"]), tolerance: 1e-13)
        assertClose(try symmetricEigen(a).values, try vector(c["eigenvaluesDescending"]), tolerance: 1e-13)
        XCTAssertEqual(try logDeterminantSymmetricPositiveDefinite(a), try number(c["logdet"]), accuracy: 1e-13)
    }

    /// Singular values of a 9×5 matrix: 1e-13 relative.
    func testSingularValuesAgainstNumpy() throws {
        let c = try testCase("svd")
        assertClose(try svd(try matrix(c["a"])).singularValues, try vector(c["singularValues"]), tolerance: 1e-13)
    }
}
