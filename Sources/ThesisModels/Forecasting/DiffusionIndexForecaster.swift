import ThesisLinearAlgebra

/// Factor-augmented direct forecasts (Stock & Watson 2002, "diffusion indexes"; the forecasting
/// side of a FAVAR): on each training window the predictor panel is standardized and its first
/// `factors` principal components estimated (F'F/T = I, sign rule; `PrincipalComponents`), then
/// y_{t+h} is regressed by OLS on [1, F_t, y_t, …, y_{t−p+1}]. At a forecast origin the panel's
/// last row is standardized with the training means and deviations and projected on the training
/// eigenvectors, so nothing after the origin (and no later window's PCA) is used.
public struct DiffusionIndexForecaster: Forecaster, Hashable, Sendable {
    public let name: String
    public let factors: Int
    public let lags: Int

    public init(factors: Int, lags: Int, name: String? = nil) {
        self.factors = factors
        self.lags = lags
        self.name = name ?? "DI(\(factors))"
    }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        let t = training.count, n = training.predictors.count
        guard n > factors else { throw ForecastingError("\(name): needs more than \(factors) predictor series, got \(n)") }
        let x = training.predictors.flatMap { $0 }
        guard case .success(let standardized) = PrincipalComponents.standardize(x, rows: t, cols: n) else {
            throw ForecastingError("\(name): a predictor is constant on the window \(training.start)…\(training.end)")
        }
        let pca = try PrincipalComponents(standardized.z, rows: t, cols: n, count: factors)
        let (f, _) = pca.factors(standardized.z, k: factors)
        let first = max(lags - 1, 0)
        let rows = first..<(t - horizon)
        guard rows.count > factors + lags + 2 else { throw ForecastingError("\(name): too few observations on the window") }
        let design = try Matrix(rowMajor: rows.map { s in
            [1] + (0..<factors).map { f[s + $0 * t] } + (0..<lags).map { training.target[s - $0] }
        })
        let coefficients = try leastSquares(design, rows.map { training.target[$0 + horizon] }, context: "\(name) direct regression")
        // Projection of a standardized row on the factors: F = z V_k diag(√(T/λ)).
        var projection = [Double](repeating: 0, count: n * factors)
        for j in 0..<factors {
            let scale = (Double(t) / pca.values[j]).squareRoot()
            for i in 0..<n { projection[i + j * n] = pca.vectors[i + j * n] * scale }
        }
        return Fitted(coefficients: coefficients, means: standardized.means, sds: standardized.sds,
                      projection: projection, factors: factors, lags: lags)
    }

    struct Fitted: FittedForecaster {
        let coefficients: [Double]
        let means: [Double]
        let sds: [Double]
        let projection: [Double]
        let factors: Int
        let lags: Int

        func predict(from information: ForecastWindow) throws -> Double {
            let n = means.count, last = information.count - 1
            guard information.count >= lags, information.predictors.count == n else {
                throw ForecastingError("the information window does not match the training window")
            }
            let z = (0..<n).map { (information.predictors[$0][last] - means[$0]) / sds[$0] }
            let f = (0..<factors).map { j in (0..<n).reduce(0.0) { $0 + z[$1] * projection[$1 + j * n] } }
            let regressors = [1] + f + (0..<lags).map { information.target[last - $0] }
            return zip(coefficients, regressors).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
    }
}
