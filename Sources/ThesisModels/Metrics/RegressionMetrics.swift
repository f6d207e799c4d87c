import Foundation

/// Point-forecast accuracy, defined exactly as scikit-learn 1.9's `sklearn.metrics` functions of the
/// same names (single output, no sample weights), and summed in numpy's order (`NumpySummation`) so
/// that results agree to the last bit in most cases.
///
/// Every function takes the realised values first (`actual`, sklearn's `y_true`) and the forecasts
/// second (`predicted`, `y_pred`), and throws `MetricsError` when the lengths differ, there are no
/// observations, or a value is NaN or infinite (sklearn raises `ValueError` in all three cases).
public enum RegressionMetrics {
    /// Mean squared error `Σ (yᵢ − ŷᵢ)² / n` (`mean_squared_error`).
    public static func meanSquaredError(actual: [Double], predicted: [Double]) throws -> Double {
        try check("meanSquaredError", actual, predicted)
        return NumpySummation.mean(zip(actual, predicted).map { ($0 - $1) * ($0 - $1) })
    }

    /// Root mean squared error `√MSE` (`root_mean_squared_error`), in the units of the data.
    public static func rootMeanSquaredError(actual: [Double], predicted: [Double]) throws -> Double {
        try check("rootMeanSquaredError", actual, predicted)
        return NumpySummation.mean(zip(actual, predicted).map { ($0 - $1) * ($0 - $1) }).squareRoot()
    }

    /// Mean absolute error `Σ |yᵢ − ŷᵢ| / n` (`mean_absolute_error`).
    public static func meanAbsoluteError(actual: [Double], predicted: [Double]) throws -> Double {
        try check("meanAbsoluteError", actual, predicted)
        return NumpySummation.mean(zip(actual, predicted).map { abs($1 - $0) })
    }

    /// scikit-learn's epsilon in `mean_absolute_percentage_error`: `np.finfo(np.float64).eps`, 2⁻⁵².
    public static let percentageErrorEpsilon = Double.ulpOfOne

    /// Mean absolute percentage error as scikit-learn defines it (`mean_absolute_percentage_error`):
    /// `Σ |ŷᵢ − yᵢ| / max(|yᵢ|, ε) / n` with `ε = 2⁻⁵²` — a **fraction, not percent** (0.05 is 5 %),
    /// and huge rather than infinite (or an error) when some `yᵢ = 0`: ε only avoids the division by zero.
    public static func meanAbsolutePercentageError(actual: [Double], predicted: [Double]) throws -> Double {
        try check("meanAbsolutePercentageError", actual, predicted)
        return NumpySummation.mean(zip(actual, predicted).map { y, f in
            abs(f - y) / max(abs(y), percentageErrorEpsilon)
        })
    }

    /// The coefficient of determination `R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)²` (`r2_score`).
    ///
    /// scikit-learn's conventions are kept:
    /// - fewer than two observations: NaN (sklearn warns and returns NaN);
    /// - `forceFinite: true` (sklearn's default): perfect predictions (numerator exactly 0) give 1,
    ///   including for a constant target; imperfect predictions of a constant target (denominator
    ///   exactly 0) give 0 instead of −∞;
    /// - `forceFinite: false`: the plain formula, so NaN (0/0) or −∞ in those cases.
    ///
    /// "Exactly 0" is tested on the computed sums, as in sklearn: for a constant target whose mean
    /// does not round back to the value (e.g. seven copies of 0.1), the denominator is a tiny
    /// positive number and R² a huge negative one, in sklearn and here alike.
    public static func r2(actual: [Double], predicted: [Double], forceFinite: Bool = true) throws -> Double {
        try check("r2", actual, predicted)
        if actual.count < 2 { return .nan }
        let numerator = NumpySummation.sum(zip(actual, predicted).map { ($0 - $1) * ($0 - $1) })
        let mean = NumpySummation.mean(actual)
        let denominator = NumpySummation.sum(actual.map { ($0 - mean) * ($0 - mean) })
        if !forceFinite { return 1 - numerator / denominator }
        if numerator == 0 { return 1 }
        if denominator == 0 { return 0 }
        return 1 - numerator / denominator
    }

    /// `RMSE(model) / RMSE(benchmark)` on the same realised values: below 1 means the model beats
    /// the benchmark (the usual "relative RMSE" of forecast comparisons, e.g. against an AR or a
    /// random walk). Throws when the benchmark's RMSE is 0.
    public static func relativeRootMeanSquaredError(actual: [Double], predicted: [Double],
                                                    benchmark: [Double]) throws -> Double {
        try requireSameLength("relativeRootMeanSquaredError", actual.count, benchmark.count, ("actual", "benchmark"))
        let model = try rootMeanSquaredError(actual: actual, predicted: predicted)
        let reference = try rootMeanSquaredError(actual: actual, predicted: benchmark)
        guard reference > 0 else {
            throw MetricsError(metric: "relativeRootMeanSquaredError",
                               reason: "the benchmark forecasts are perfect (RMSE 0), so the ratio is undefined")
        }
        return model / reference
    }

    private static func check(_ metric: String, _ actual: [Double], _ predicted: [Double]) throws {
        try requireSameLength(metric, actual.count, predicted.count)
        try requireFinite(metric, actual, "actual")
        try requireFinite(metric, predicted, "predicted")
    }
}

/// Regression metrics of several outputs at once, as scikit-learn's `multioutput` argument: one
/// value per output (`"raw_values"`) and their plain mean (`"uniform_average"`).
public struct MultiOutputRegressionMetrics: Hashable, Sendable {
    public let rmse: [Double], mae: [Double], r2: [Double]

    /// Columns of `actual` and `predicted` are the outputs, one array each.
    public init(actual: [[Double]], predicted: [[Double]]) throws {
        guard actual.count == predicted.count, !actual.isEmpty else {
            throw MetricsError(metric: "multioutput", reason: "\(actual.count) actual and \(predicted.count) predicted outputs")
        }
        rmse = try zip(actual, predicted).map { try RegressionMetrics.rootMeanSquaredError(actual: $0, predicted: $1) }
        mae = try zip(actual, predicted).map { try RegressionMetrics.meanAbsoluteError(actual: $0, predicted: $1) }
        r2 = try zip(actual, predicted).map { try RegressionMetrics.r2(actual: $0, predicted: $1) }
    }

    /// `multioutput="uniform_average"`: numpy's mean of the per-output values.
    public var averageRMSE: Double { NumpySummation.mean(rmse) }
    public var averageMAE: Double { NumpySummation.mean(mae) }
    public var averageR2: Double { NumpySummation.mean(r2) }
}
