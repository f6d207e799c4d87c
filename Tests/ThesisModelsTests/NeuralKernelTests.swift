import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// The element-wise kernels against Foundation, the BLAS wrappers against naive loops, and the
/// generator against Vigna's reference values and the Python mirror the benchmarks use.
final class NeuralKernelTests: XCTestCase {
    func testExpMatchesFoundationWithinAnUlp() {
        var worst = 0.0
        for i in 0...20_000 {
            let x = -708 + 1417 * Double(i) / 20_000
            let e = Foundation.exp(x)
            worst = max(worst, abs(Double._exp(x) - e) / e)
        }
        XCTAssertLessThan(worst, 1.5 * Double.ulpOfOne)  // measured 0.99 ulp
        var worstFloat = 0.0
        for i in 0...20_000 {
            let x = Float(-87 + 175 * Double(i) / 20_000)
            let e = Foundation.exp(Double(x))
            worstFloat = max(worstFloat, abs(Double(Float._exp(x)) - e) / e)
        }
        XCTAssertLessThan(worstFloat, 1.5 * Double(Float.ulpOfOne))  // measured 0.81 ulp
        // Clamped, never infinite or NaN.
        for x in [1e4, 710, -710, -1e4] { XCTAssertTrue(Double._exp(x).isFinite && Double._exp(x) > 0) }
        for x: Float in [1e4, 89, -89, -1e4] { XCTAssertTrue(Float._exp(x).isFinite && Float._exp(x) > 0) }
        // NaN propagates (a diverging fit must show up in the loss).
        XCTAssertTrue(Double._exp(.nan).isNaN)
        XCTAssertTrue(Float._exp(.nan).isNaN)
    }

    func activate(_ f: Neural.Activation, _ xs: [Double]) -> [Double] {
        var y = [Double](repeating: .nan, count: xs.count)
        Double._activate(f, xs, &y, xs.count)
        return y
    }

    func testActivationValues() {
        let xs = stride(from: -30.0, through: 30, by: 0.01).map { $0 }
        let tanh = activate(.tanh, xs), sigmoid = activate(.sigmoid, xs), gelu = activate(.gelu, xs), relu = activate(.relu, xs)
        for (i, x) in xs.enumerated() {
            XCTAssertEqual(tanh[i], Foundation.tanh(x), accuracy: 4e-16)
            XCTAssertEqual(sigmoid[i], 1 / (1 + Foundation.exp(-x)), accuracy: 4e-16)
            XCTAssertEqual(gelu[i], x / 2 * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))),
                           accuracy: 1e-14 * max(1, abs(x)))
            XCTAssertEqual(relu[i], max(0, x))
        }
        XCTAssertEqual(activate(.sigmoid, [0]), [0.5])
        XCTAssertEqual(activate(.identity, [-2, 3]), [-2, 3])
        XCTAssertEqual(activate(.tanh, [-1000, 1000]), [-1, 1])
        XCTAssertEqual(activate(.sigmoid, [-1000, 1000]).map { $0.rounded() }, [0, 1])
    }

    func testFloatGemmAndGemvMatchNaiveProducts() {
        // C (3×2) = Aᵀ (3×4) · B (4×2) + 0.5 C, column-major.
        let a: [Float] = (0..<12).map { Float($0) - 5.5 }            // 4×3
        let b: [Float] = (0..<8).map { Float($0 * $0) / 7 }          // 4×2
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        var expected = c.map { $0 / 2 }
        for i in 0..<3 { for j in 0..<2 { for k in 0..<4 { expected[i + 3 * j] += a[k + 4 * i] * b[k + 4 * j] } } }
        Float.gemm(transposeA: true, transposeB: false, m: 3, n: 2, k: 4, alpha: 1, a: a, lda: 4, b: b, ldb: 4,
                   beta: 0.5, c: &c, ldc: 3)
        for (x, y) in zip(c, expected) { XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y))) }
        var y: [Float] = [0, 0, 0]
        Float.gemv(transpose: true, m: 4, n: 3, alpha: 2, a: a, lda: 4, x: [1, 0, -1, 2], incx: 1, beta: 0, y: &y, incy: 1)
        for i in 0..<3 { XCTAssertEqual(y[i], 2 * (a[4 * i] - a[4 * i + 2] + 2 * a[4 * i + 3]), accuracy: 1e-5) }
        XCTAssertEqual(Float.dot(n: 3, x: [1, 2, 3], incx: 1, y: [4, 5, 6], incy: 1), 32)
        XCTAssertEqual(Double.nrm2(n: 2, x: [3, 4], incx: 1), 5)
        var t = [Double](repeating: 0, count: 6)
        Double.copyMatrix(transpose: true, rows: 2, columns: 3, a: [1, 2, 3, 4, 5, 6], lda: 2, b: &t, ldb: 3)
        XCTAssertEqual(t, [1, 3, 5, 2, 4, 6])
    }

    // MARK: - Generator

    struct RandomFixture: Decodable {
        var state0_next: [String]
        var seed42_stream3_next: [String]
        var seed7_stream0_below: [[UInt64]]
        var seed1_stream2_shuffle20: [Int]
        var digits_test_indices_seed0: [Int]
    }

    static func fixture(file: String = #filePath) throws -> RandomFixture {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/neural/random.json")
        return try JSONDecoder().decode(RandomFixture.self, from: Data(contentsOf: url))
    }

    func testGeneratorMatchesReferenceAndPythonMirror() throws {
        let f = try Self.fixture()
        var state0 = Neural.Random(state: 0)
        XCTAssertEqual(state0.next(), 0xE220_A839_7B1D_CDAF)  // Vigna's splitmix64.c from x = 0
        state0 = Neural.Random(state: 0)
        XCTAssertEqual((0..<5).map { _ in String(state0.next()) }, f.state0_next)
        var stream = Neural.Random(seed: 42, stream: 3)
        XCTAssertEqual((0..<3).map { _ in String(stream.next()) }, f.seed42_stream3_next)
        var bounded = Neural.Random(seed: 7, stream: 0)
        for pair in f.seed7_stream0_below { XCTAssertEqual(UInt64(bounded.below(Int(pair[0]))), pair[1]) }
        var values = Array(0..<20)
        var shuffler = Neural.Random(seed: 1, stream: 2)
        shuffler.shuffle(&values)
        XCTAssertEqual(values, f.seed1_stream2_shuffle20)
        // The digits split of NeuralBenchmark.digitsAccuracy and the test, as Python draws it.
        var order = Array(0..<1797)
        var split = Neural.Random(seed: 0, stream: 0)
        split.shuffle(&order)
        XCTAssertEqual(Array(order.prefix(450)), f.digits_test_indices_seed0)
    }

    func testGeneratorSamplers() {
        var random = Neural.Random(seed: 3, stream: 0)
        let uniforms = (0..<20_000).map { _ in random.uniform() }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(uniforms.reduce(0, +) / 20_000, 0.5, accuracy: 0.01)
        let normals = (0..<20_000).map { _ in random.normal() }
        let mean = normals.reduce(0, +) / 20_000
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7_000 { counts[random.below(7)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 1000) < 150 }, "\(counts)")
        XCTAssertNotEqual(Neural.Random(seed: 1, stream: 0), Neural.Random(seed: 1, stream: 1))
    }
}
