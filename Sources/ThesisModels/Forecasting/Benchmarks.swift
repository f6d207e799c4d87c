import ThesisLinearAlgebra

/// AR(p) — or ARX with lags of predictors — by OLS **direct projection**: for horizon `h`,
/// `y_{t+h}` (or `y_{t+h} − y_t`) is regressed on a constant and the lags of `LagDesign`, and the
/// forecast is the fitted regression evaluated at the origin. One regression per horizon, no
/// iteration, so the errors of the h-step forecast are what the regression minimises
/// (Marcellino, Stock & Watson 2006, "A comparison of direct and iterated multistep AR methods",
/// *Journal of Econometrics* 135).
///
/// OLS is `leastSquares` (QR, LAPACK `dgels`). With `standardize`, the regressors (except the
/// constant) and the dependent variable are standardised with statistics of the training rows, and
/// the forecast mapped back; OLS with a constant is invariant to this, so forecasts agree with the
/// unstandardised ones to rounding (a check of the scaling plumbing that neural models reuse).
public struct DirectARForecaster: Forecaster, Hashable, Sendable {
    public let name: String
    /// The regressors.
    public let design: LagDesign
    /// Standardise regressors and the dependent variable on each training window.
    public let standardize: Bool

    /// `AR(lags)` on levels (default), or on changes with `target: .change`; with `predictorLags > 0`
    /// lags of every predictor series are added. The default name is `AR(p)`, `AR(p) Δ` for changes,
    /// `ARX(p,q)` with predictors.
    public init(lags: Int, predictorLags: Int = 0, target: DirectTarget = .level, standardize: Bool = false,
                name: String? = nil) {
        precondition(lags >= 0 && predictorLags >= 0, "lag orders must not be negative")
        self.design = LagDesign(targetLags: lags, predictorLags: predictorLags, target: target, intercept: true)
        self.standardize = standardize
        let base = predictorLags > 0 ? "ARX(\(lags),\(predictorLags))" : "AR(\(lags))"
        self.name = name ?? (target == .change ? base + " Δ" : base)
    }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        try fitted(training, horizon: horizon)
    }

    /// `fit` with the concrete type (coefficients visible).
    public func fitted(_ training: ForecastWindow, horizon: Int) throws -> Fitted {
        let data = try design.trainingData(training, horizon: horizon)
        if standardize {
            let xScaler = ColumnStandardizer(fitting: data.x, skipping: [0])
            let yScaler = ColumnStandardizer(fitting: data.y)
            let z = data.y.map { (($0 - yScaler.means[0]) / yScaler.scales[0]) }
            let beta = try leastSquares(xScaler.transform(data.x), z,
                                        context: "fitting \(name) for horizon \(horizon) on \(training.periods)")
            return Fitted(design: design, horizon: horizon, coefficients: beta, regressorScaler: xScaler,
                          dependentScaler: yScaler, observations: data.y.count, lastTrainingTarget: data.times.last! + horizon)
        }
        let beta = try leastSquares(data.x, data.y, context: "fitting \(name) for horizon \(horizon) on \(training.periods)")
        return Fitted(design: design, horizon: horizon, coefficients: beta, regressorScaler: nil, dependentScaler: nil,
                      observations: data.y.count, lastTrainingTarget: data.times.last! + horizon)
    }

    /// A fitted direct regression for one horizon.
    public struct Fitted: FittedForecaster, Hashable, Sendable {
        public let design: LagDesign
        public let horizon: Int
        /// OLS coefficients in `design.columnNames` order (on the standardised scale if standardised).
        public let coefficients: [Double]
        public let regressorScaler: ColumnStandardizer?
        public let dependentScaler: ColumnStandardizer?
        /// Number of regression rows.
        public let observations: Int
        /// The latest period whose target value entered the fit (`≤` the training window's end).
        public let lastTrainingTarget: Int

        public func predict(from information: ForecastWindow) throws -> Double {
            var row = try design.originRow(information)
            if let regressorScaler { row = regressorScaler.transform(row: row) }
            var value = zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            if let dependentScaler { value = dependentScaler.inverse(value) }
            if design.target == .change { value += information.target(at: information.end) }
            return value
        }
    }
}

/// The random walk ("no change") forecast: `ŷ_{T+h} = y_T` for every horizon. Nothing is estimated.
public struct RandomWalkForecaster: Forecaster, Hashable, Sendable {
    public let name: String

    /// Named `RW` unless told otherwise.
    public init(name: String = "RW") { self.name = name }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster { Fitted() }

    /// Returns the last observation of the information window.
    public struct Fitted: FittedForecaster, Hashable, Sendable {
        public func predict(from information: ForecastWindow) throws -> Double {
            guard information.count > 0 else { throw ForecastingError("the random walk needs at least one observation") }
            let last = information.target(at: information.end)
            guard last.isFinite else { throw ForecastingError("the value at the origin \(information.end) is not finite") }
            return last
        }
    }
}
