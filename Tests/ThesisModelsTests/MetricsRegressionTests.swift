import XCTest
@testable import ThesisModels

/// Regression metrics against scikit-learn 1.9 (fixture `regression`): 1e-12 relative.
final class MetricsRegressionTests: XCTestCase {
    func testAgainstScikitLearn() throws {
        let cases = try MetricsFixture.section("regression")
        XCTAssertEqual(cases.count, 9)
        for (name, value) in cases.sorted(by: { $0.key < $1.key }) {
            let c = try MetricsFixture.dictionary(value)
            let y = try MetricsFixture.vector(c["actual"]), f = try MetricsFixture.vector(c["predicted"])
            func expect(_ key: String) throws -> Double { try MetricsFixture.number(c[key]) }
            assertRelative(try RegressionMetrics.meanSquaredError(actual: y, predicted: f), try expect("mse"), 1e-12,
                           group: "regression", "mse \(name)")
            assertRelative(try RegressionMetrics.rootMeanSquaredError(actual: y, predicted: f), try expect("rmse"), 1e-12,
                           group: "regression", "rmse \(name)")
            assertRelative(try RegressionMetrics.meanAbsoluteError(actual: y, predicted: f), try expect("mae"), 1e-12,
                           group: "regression", "mae \(name)")
            assertRelative(try RegressionMetrics.meanAbsolutePercentageError(actual: y, predicted: f), try expect("mape"),
                           1e-12, group: "regression", "mape \(name)")
            assertRelative(try RegressionMetrics.r2(actual: y, predicted: f), try expect("r2"), 1e-12,
                           group: "regression", "r2 \(name)")
            assertRelative(try RegressionMetrics.r2(actual: y, predicted: f, forceFinite: false), try expect("r2NotForced"),
                           1e-12, group: "regression", "r2 force_finite=False \(name)")
        }
        print("regression metrics vs sklearn: largest relative difference \(MetricsDifferenceLog.shared.largest("regression"))")
    }

    /// The conventions spelled out: constant targets, one observation, zeros in MAPE.
    func testConventions() throws {
        let constant = [Double](repeating: 3, count: 5)
        XCTAssertEqual(try RegressionMetrics.r2(actual: constant, predicted: constant), 1)
        XCTAssertEqual(try RegressionMetrics.r2(actual: constant, predicted: constant.map { $0 + 0.1 }), 0)
        XCTAssertTrue(try RegressionMetrics.r2(actual: constant, predicted: constant, forceFinite: false).isNaN)
        XCTAssertEqual(try RegressionMetrics.r2(actual: constant, predicted: constant.map { $0 + 0.1 }, forceFinite: false),
                       -.infinity)
        XCTAssertTrue(try RegressionMetrics.r2(actual: [1], predicted: [2]).isNaN)
        // MAPE is a fraction and divides by max(|y|, 2^-52)
        XCTAssertEqual(try RegressionMetrics.meanAbsolutePercentageError(actual: [2, 4], predicted: [1, 5]), 0.375)
        XCTAssertEqual(try RegressionMetrics.meanAbsolutePercentageError(actual: [0], predicted: [1]), 1 / Double.ulpOfOne)
        // R² of predicting the mean is 0; of the reversed sequence −3
        XCTAssertEqual(try RegressionMetrics.r2(actual: [1, 2, 3], predicted: [2, 2, 2]), 0)
        XCTAssertEqual(try RegressionMetrics.r2(actual: [1, 2, 3, 4], predicted: [4, 3, 2, 1]), -3)
        XCTAssertEqual(try RegressionMetrics.relativeRootMeanSquaredError(actual: [0, 0], predicted: [1, -1],
                                                                          benchmark: [2, 2]), 0.5)
    }

    func testErrors() {
        XCTAssertThrowsError(try RegressionMetrics.rootMeanSquaredError(actual: [1, 2], predicted: [1])) { error in
            XCTAssertEqual("\(error)", "rootMeanSquaredError: actual has 2 values but predicted has 1")
        }
        XCTAssertThrowsError(try RegressionMetrics.meanAbsoluteError(actual: [], predicted: []))
        XCTAssertThrowsError(try RegressionMetrics.r2(actual: [1, .nan], predicted: [1, 2])) { error in
            XCTAssertEqual("\(error)", "r2: actual[1] is nan; values must be finite")
        }
        XCTAssertThrowsError(try RegressionMetrics.relativeRootMeanSquaredError(actual: [1, 2], predicted: [0, 0],
                                                                                benchmark: [1, 2]))
    }
}
