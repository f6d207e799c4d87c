import ThesisLinearAlgebra

/// Direct h-step forecasts by a multilayer perceptron: the inputs at time t are the last `lags`
/// values of the target and of each predictor, the output is y_{t+h}. Inputs and target are
/// standardized with the training window's own means and deviations (the model's `standardize`).
public struct MLPForecaster: Forecaster, Hashable, Sendable {
    public let name: String
    public let lags: Int
    public let options: Neural.ModelOptions

    public init(lags: Int, options: Neural.ModelOptions, name: String? = nil) {
        self.lags = lags
        self.options = options
        self.name = name ?? "MLP(\(options.hiddenSizes.map(String.init).joined(separator: ",")))"
    }

    /// The lagged inputs at period index `t` of `window` (oldest lag last).
    static func inputs(_ window: ForecastWindow, at t: Int, lags: Int) -> [Double] {
        var row: [Double] = []
        for series in [window.target] + window.predictors {
            for lag in 0..<lags { row.append(series[t - lag]) }
        }
        return row
    }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        try fit(training, horizon: horizon, continuing: nil)
    }

    /// A warm start continues training `previous`'s network on the new window (`MLPRegressor.update`:
    /// the weights start where they were, the scales stay those of the first fit).
    public func fit(_ training: ForecastWindow, horizon: Int, continuing previous: (any FittedForecaster)?) throws
        -> any FittedForecaster {
        let rows = (lags - 1)..<(training.count - horizon)
        guard rows.count >= 10 else { throw ForecastingError("\(name): the window of \(training.count) periods leaves \(rows.count) training samples") }
        let x = try Matrix(rowMajor: rows.map { Self.inputs(training, at: $0, lags: lags) })
        let y = rows.map { training.target[$0 + horizon] }
        do {
            if let previous = previous as? Fitted {
                var model = previous.model
                try model.update(x, Matrix(column: y))
                return Fitted(model: model, lags: lags)
            }
            var model = MLPRegressor(options: options)
            try model.fit(x, y)
            return Fitted(model: model, lags: lags)
        } catch { throw ForecastingError("\(name): \(error)") }
    }

    struct Fitted: FittedForecaster, SavableForecast {
        let model: MLPRegressor
        let lags: Int

        func artifact(columns: [String], horizon: Int, training: ModelArtifact.Training) throws -> ModelArtifact {
            try ModelArtifact(
                model, columns: columns, lags: lags, target: columns[0], horizon: horizon, training: training)
        }

        func predict(from information: ForecastWindow) throws -> Double {
            guard information.count >= lags else { throw ForecastingError("the information window is shorter than \(lags) lags") }
            let x = try Matrix(rowMajor: [MLPForecaster.inputs(information, at: information.count - 1, lags: lags)])
            return try model.predict(x)[0, 0]
        }
    }
}

/// Direct h-step forecasts by an LSTM or GRU reading the last `lags` periods of the target and
/// predictors as a sequence (standardized on the training window).
public struct RecurrentForecaster: Forecaster, Hashable, Sendable {
    public let name: String
    public let cell: RecurrentRegressor.Cell
    public let lags: Int
    public let options: Neural.ModelOptions

    public init(cell: RecurrentRegressor.Cell, lags: Int, options: Neural.ModelOptions, name: String? = nil) {
        self.cell = cell
        self.lags = lags
        self.options = options
        self.name = name ?? "\(cell.rawValue.uppercased())(\(options.hiddenSizes.map(String.init).joined(separator: ",")))"
    }

    static func panel(_ window: ForecastWindow) throws -> Matrix {
        try Matrix(columns: [window.target] + window.predictors)
    }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        try fit(training, horizon: horizon, continuing: nil)
    }

    /// A warm start continues training `previous`'s network on the new window, as `MLPForecaster`.
    public func fit(_ training: ForecastWindow, horizon: Int, continuing previous: (any FittedForecaster)?) throws
        -> any FittedForecaster {
        do {
            let samples = try Neural.slidingWindows(Self.panel(training), length: lags, target: training.target, horizon: horizon)
            guard samples.targets.count >= 10 else { throw ForecastingError("\(name): too few training samples (\(samples.targets.count))") }
            if let previous = previous as? Fitted {
                var model = previous.model
                try model.update(samples.inputs, Matrix(column: samples.targets))
                return Fitted(model: model, lags: lags)
            }
            var model = RecurrentRegressor(cell: cell, options: options)
            try model.fit(samples.inputs, samples.targets)
            return Fitted(model: model, lags: lags)
        } catch let error as ForecastingError {
            throw error
        } catch {
            throw ForecastingError("\(name): \(error)")
        }
    }

    struct Fitted: FittedForecaster, SavableForecast {
        let model: RecurrentRegressor
        let lags: Int

        func artifact(columns: [String], horizon: Int, training: ModelArtifact.Training) throws -> ModelArtifact {
            try ModelArtifact(
                model, columns: columns, window: lags, target: columns[0], horizon: horizon, training: training)
        }

        func predict(from information: ForecastWindow) throws -> Double {
            let panel = try RecurrentForecaster.panel(information)
            guard panel.rows >= lags else { throw ForecastingError("the information window is shorter than \(lags) lags") }
            var values: [Double] = []
            for r in (panel.rows - lags)..<panel.rows { for j in 0..<panel.columns { values.append(panel[r, j]) } }
            let x = try Neural.Tensor<Double>(shape: [1, lags, panel.columns], scalars: values)
            return try model.predict(x)[0, 0]
        }
    }
}

/// A fitted forecaster that can be saved as a model file (the networks).
public protocol SavableForecast {
    /// The model file of this fit, reading `columns` (the target first, then the predictors) and
    /// predicting the target `horizon` periods on.
    func artifact(columns: [String], horizon: Int, training: ModelArtifact.Training) throws -> ModelArtifact
}
