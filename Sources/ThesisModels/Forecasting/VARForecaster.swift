import ThesisLinearAlgebra

/// Iterated VAR forecasts for the protocol: a VAR(p) with a constant on [target, predictors] is
/// estimated on the training window (OLS, statsmodels conventions) and iterated h steps from the
/// last p observations of the information window. With no predictors it is an iterated AR(p).
public struct VARForecaster: Forecaster, Hashable, Sendable {
    public let name: String
    public let lags: Int

    public init(lags: Int, name: String? = nil) {
        self.lags = lags
        self.name = name ?? "VAR(\(lags))"
    }

    public func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        let series = [training.target] + training.predictors
        do {
            let model = try VARModel(series: series, names: series.indices.map { "y\($0)" }, lags: lags, trend: .constant)
            return Fitted(model: model, horizon: horizon, lags: lags)
        } catch {
            throw ForecastingError("VAR(\(lags)) on the window \(training.start)…\(training.end): \(error)")
        }
    }

    struct Fitted: FittedForecaster {
        let model: VARModel
        let horizon: Int
        let lags: Int

        func predict(from information: ForecastWindow) throws -> Double {
            guard information.count >= lags else { throw ForecastingError("the information window is shorter than \(lags) lags") }
            let series = [information.target] + information.predictors
            let presample = try Matrix(columns: series.map { Array($0.suffix(lags)) })
            let path = try model.forecast(steps: horizon, presample: presample)
            return path[horizon - 1, 0]
        }
    }
}
