/// The observations of one contiguous block of periods: the target series and any predictor series,
/// from period `start` through period `end` (period = an index into the full series, e.g. months
/// since the start of the data; the caller maps it to dates).
///
/// A forecaster only ever receives windows: the evaluation cuts them from the full series so that
/// nothing after a forecast origin is in memory the forecaster can reach. That is what makes the
/// protocol free of look-ahead by construction (and `ForecastingTests` checks it).
public struct ForecastWindow: Hashable, Sendable {
    /// Period of the first observation.
    public let start: Int
    /// The target, `target[i]` at period `start + i`.
    public let target: [Double]
    /// Predictor series, `predictors[j][i]` at period `start + i` (each as long as `target`).
    public let predictors: [[Double]]

    /// A window; every predictor must have as many values as the target.
    public init(start: Int, target: [Double], predictors: [[Double]] = []) throws {
        if let bad = predictors.firstIndex(where: { $0.count != target.count }) {
            throw ForecastingError("predictor \(bad) has \(predictors[bad].count) values in a window of \(target.count)")
        }
        self.start = start
        self.target = target
        self.predictors = predictors
    }

    init(uncheckedStart start: Int, target: [Double], predictors: [[Double]]) {
        self.start = start
        self.target = target
        self.predictors = predictors
    }

    /// Number of periods.
    public var count: Int { target.count }
    /// Period of the last observation: the forecast origin when the window is used for prediction.
    public var end: Int { start + target.count - 1 }
    /// The periods covered.
    public var periods: ClosedRange<Int> { start...end }
    /// The target at an absolute `period` (must be inside the window).
    public func target(at period: Int) -> Double {
        precondition(period >= start && period <= end, "period \(period) is outside the window \(start)...\(end)")
        return target[period - start]
    }
    /// Predictor `j` at an absolute `period` (must be inside the window).
    public func predictor(_ j: Int, at period: Int) -> Double {
        precondition(period >= start && period <= end, "period \(period) is outside the window \(start)...\(end)")
        return predictors[j][period - start]
    }
}

/// A forecasting method that can be compared with the others under one protocol
/// (`ForecastEvaluation`): AR and random-walk benchmarks here; VAR, FAVAR, MLP and LSTM later.
///
/// Forecasts are **direct**: for each horizon `h` the method is fitted separately, on a training
/// window ending at the estimation origin, to forecast the target `h` periods after the last
/// observation it is given. Anything fitted (coefficients, scalers, network weights) must be
/// estimated from the training window alone.
public protocol Forecaster {
    /// A short display name, e.g. `AR(12)`; unique within one evaluation.
    var name: String { get }

    /// Fits the method for horizon `horizon ≥ 1` on `training` (which ends at the estimation
    /// origin). Throws if the window is too short or contains values the method cannot use.
    func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster

    /// Fits as `fit(_:horizon:)`, starting from `previous` (the fit at the previous estimation
    /// origin) where the method can: networks continue training from its weights. The default
    /// ignores `previous`.
    func fit(_ training: ForecastWindow, horizon: Int, continuing previous: (any FittedForecaster)?) throws
        -> any FittedForecaster
}

extension Forecaster {
    public func fit(_ training: ForecastWindow, horizon: Int, continuing previous: (any FittedForecaster)?) throws
        -> any FittedForecaster {
        try fit(training, horizon: horizon)
    }
}

/// A forecaster fitted for one horizon `h`.
public protocol FittedForecaster {
    /// The forecast of the target at period `information.end + h`, using only `information` (the
    /// observations up to the forecast origin; it may be later than the training window when the
    /// model is not re-estimated at every origin).
    func predict(from information: ForecastWindow) throws -> Double
}

/// A problem setting up or running a forecast evaluation: bad plan arithmetic, too little data, a
/// model that failed at some origin (the message names the model, horizon and origin).
public struct ForecastingError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What went wrong.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
