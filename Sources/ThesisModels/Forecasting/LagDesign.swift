import ThesisLinearAlgebra

/// What a direct regression forecasts.
public enum DirectTarget: String, Hashable, Sendable, Codable, CaseIterable {
    /// The level `y_{t+h}` from lags of `y` (for stationary series).
    case level
    /// The change `y_{t+h} − y_t` from lags of `Δy` (for I(1) series; Stock & Watson's direct
    /// h-step setup), added to `y_T` to give a forecast of the level.
    case change
}

/// The regressors of a direct h-step regression built from lags of the target and the predictors.
///
/// For a regression time `t` (a period inside the window):
///
///     level:   y_{t+h}       on  [1,  y_t, …, y_{t−p+1},   x1_t, …, x1_{t−q+1},  x2_t, …]
///     change:  y_{t+h} − y_t on  [1, Δy_t, …, Δy_{t−p+1},  x1_t, …, x1_{t−q+1},  x2_t, …]
///
/// with `p = targetLags`, `q = predictorLags` (every predictor gets the same lags, used as given:
/// transform them to stationarity beforehand). Training rows are all `t` of the window whose lags
/// lie in the window and whose `t + h` does too; so a window ending at `R` uses no value after `R`.
public struct LagDesign: Hashable, Sendable, Codable {
    /// Lags of the target (or of its change), `p ≥ 0`.
    public var targetLags: Int
    /// Lags of every predictor, `q ≥ 0` (0: predictors unused).
    public var predictorLags: Int
    /// Levels or changes.
    public var target: DirectTarget
    /// Include a constant column (first).
    public var intercept: Bool

    public init(targetLags: Int, predictorLags: Int = 0, target: DirectTarget = .level, intercept: Bool = true) {
        self.targetLags = targetLags
        self.predictorLags = predictorLags
        self.target = target
        self.intercept = intercept
    }

    /// How many periods before `t` the regressors reach back (`t − backward` is the earliest used).
    public var backward: Int {
        let targetReach = target == .change ? targetLags : max(targetLags - 1, 0)
        return max(targetReach, max(predictorLags - 1, 0))
    }

    /// The number of regressors for `predictors` predictor series.
    public func columnCount(predictors: Int) -> Int {
        (intercept ? 1 : 0) + targetLags + predictorLags * predictors
    }

    /// Column names, e.g. `const, y(t), y(t-1), x1(t)` (or `dy(t)` for changes).
    public func columnNames(predictors: Int) -> [String] {
        func lag(_ i: Int) -> String { i == 0 ? "(t)" : "(t-\(i))" }
        var names = intercept ? ["const"] : []
        names += (0..<targetLags).map { (target == .change ? "dy" : "y") + lag($0) }
        for j in 0..<predictors { names += (0..<predictorLags).map { "x\(j + 1)" + lag($0) } }
        return names
    }

    /// The regressor row at period `t` of `window` (all lags must be inside the window).
    public func row(_ window: ForecastWindow, at t: Int) -> [Double] {
        var row = [Double]()
        row.reserveCapacity(columnCount(predictors: window.predictors.count))
        if intercept { row.append(1) }
        for i in 0..<targetLags {
            switch target {
            case .level: row.append(window.target(at: t - i))
            case .change: row.append(window.target(at: t - i) - window.target(at: t - i - 1))
            }
        }
        if predictorLags > 0 {
            for j in window.predictors.indices {
                for i in 0..<predictorLags { row.append(window.predictor(j, at: t - i)) }
            }
        }
        return row
    }

    /// The dependent variable at `t` for horizon `h`: `y_{t+h}` or `y_{t+h} − y_t`.
    public func dependent(_ window: ForecastWindow, at t: Int, horizon h: Int) -> Double {
        switch target {
        case .level: window.target(at: t + h)
        case .change: window.target(at: t + h) - window.target(at: t)
        }
    }

    /// Training data for horizon `h`: `x` (one row per regression time), `y`, and the times `t`.
    /// - Throws: `ForecastingError` if no row fits, there are fewer rows than columns, or a used value
    ///   is not finite (a gap in the window).
    public func trainingData(_ window: ForecastWindow, horizon h: Int) throws -> (x: Matrix, y: [Double], times: [Int]) {
        let first = window.start + backward, last = window.end - h
        let columns = columnCount(predictors: window.predictors.count)
        guard first <= last, last - first + 1 >= columns else {
            throw ForecastingError("the window \(window.start)...\(window.end) gives \(max(0, last - first + 1)) "
                                   + "observations for a direct \(h)-step regression with \(columns) regressors")
        }
        let times = Array(first...last)
        let rows = times.count
        // Column-major storage filled column by column (no per-row arrays).
        var storage = [Double](repeating: 1, count: rows * columns)
        let y = window.target, offset = first - window.start  // index of period `first` in the window
        var column = intercept ? 1 : 0
        for i in 0..<targetLags {
            let base = column * rows
            for r in 0..<rows {
                let k = offset + r - i
                storage[base + r] = target == .level ? y[k] : y[k] - y[k - 1]
            }
            column += 1
        }
        if predictorLags > 0 {
            for series in window.predictors {
                for i in 0..<predictorLags {
                    let base = column * rows
                    for r in 0..<rows { storage[base + r] = series[offset + r - i] }
                    column += 1
                }
            }
        }
        var dependent = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            let k = offset + r
            dependent[r] = target == .level ? y[k + h] : y[k + h] - y[k]
        }
        if let bad = (0..<rows).first(where: { r in
            !dependent[r].isFinite || (0..<columns).contains { !storage[$0 * rows + r].isFinite }
        }) {
            throw ForecastingError("a value used by the regression at period \(times[bad]) (horizon \(h)) is not finite")
        }
        let x = try Matrix(rows: rows, columns: columns, columnMajor: storage)
        return (x, dependent, times)
    }

    /// The regressor row at the last period of `information` (the forecast origin).
    /// - Throws: `ForecastingError` if the window is too short or a value is not finite.
    public func originRow(_ information: ForecastWindow) throws -> [Double] {
        let t = information.end
        guard t - backward >= information.start else {
            throw ForecastingError("the information window \(information.start)...\(t) is shorter than the "
                                   + "\(backward + 1) periods the lags need")
        }
        let values = row(information, at: t)
        guard values.allSatisfy(\.isFinite) else {
            throw ForecastingError("a lag at the forecast origin \(t) is not finite")
        }
        return values
    }
}

/// Per-column standardisation `(x − mean) / scale` fitted on training data only, like
/// scikit-learn's `StandardScaler`: population standard deviation (divisor n), and a scale of 1 for
/// a constant column (so a constant or intercept column maps to 0, or stays as it is if excluded).
public struct ColumnStandardizer: Hashable, Sendable, Codable {
    /// Column means of the training data.
    public let means: [Double]
    /// Column standard deviations (1 where a column is constant).
    public let scales: [Double]
    /// Columns left untouched (e.g. the intercept).
    public let skipped: Set<Int>

    /// Fits on the columns of `x`, leaving the columns in `skipping` as they are.
    public init(fitting x: Matrix, skipping: Set<Int> = []) {
        var means = [Double](), scales = [Double]()
        for j in 0..<x.columns {
            let column = x.column(j)
            let mean = NumpySummation.mean(column)
            let variance = NumpySummation.mean(column.map { ($0 - mean) * ($0 - mean) })
            means.append(mean)
            scales.append(variance > 0 ? variance.squareRoot() : 1)
        }
        self.means = means
        self.scales = scales
        self.skipped = skipping
    }

    /// One series (e.g. the dependent variable) as a single column.
    public init(fitting values: [Double]) {
        self.init(fitting: Matrix(column: values))
    }

    /// `x` standardised column by column.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == means.count, "the standardizer was fitted on \(means.count) columns, not \(x.columns)")
        var result = x
        for j in 0..<x.columns where !skipped.contains(j) {
            for i in 0..<x.rows { result[i, j] = (x[i, j] - means[j]) / scales[j] }
        }
        return result
    }

    /// One row standardised.
    public func transform(row: [Double]) -> [Double] {
        precondition(row.count == means.count, "the standardizer was fitted on \(means.count) columns, not \(row.count)")
        return row.indices.map { skipped.contains($0) ? row[$0] : (row[$0] - means[$0]) / scales[$0] }
    }

    /// Undoes the transformation of a value of column `j`: `z · scale + mean`.
    public func inverse(_ z: Double, column j: Int = 0) -> Double {
        skipped.contains(j) ? z : z * scales[j] + means[j]
    }
}
