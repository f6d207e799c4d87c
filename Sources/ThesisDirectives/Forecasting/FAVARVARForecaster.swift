import Foundation
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
import ThesisModels

/// The FAVAR's own pseudo-out-of-sample forecasts (Bernanke, Boivin and Eliasz 2005), as
/// `forecast evaluate model=favar-var`. At each estimation origin, from the raw data up to that
/// month only:
///
/// 1. the panel is prepared again as McCracken and Ng (2016) do (transformation codes, outliers,
///    EM imputation), the policy rate left out;
/// 2. the factors are extracted again (principal components of the standardized panel);
/// 3. the VAR(p) on [F1…FK, policy rate in levels] is fitted again and iterated h steps;
/// 4. the target's forecast is its loading on the forecast factors and policy rate:
///    x̂ = mean + sd · (λ₀ + λ_F'F̂_{T+h} + λ_R R̂_{T+h}), in the transformed units of the panel.
///
/// The windows it receives hold the raw series (`predictors`: the panel series, then the policy
/// rate), cut at the origin by the protocol, plus the raw months before the evaluation's first
/// month (`preSample`, for the transformations of an expanding window); nothing later. Between
/// re-estimations (step > 1) the factors of the months after the last estimation are the least-
/// squares fit of that month's standardized transformed series (observed, |z| ≤ 10) on their
/// loadings, given the policy rate. One fit serves every horizon.
final class FAVARVARForecaster: Forecaster, @unchecked Sendable {
    let name: String
    let factors: Int
    let lags: Int
    let target: String
    let policy: String
    /// The raw panel series, then the policy rate: the columns of the windows' predictors.
    let seriesNames: [String]
    let codes: [Int?]
    /// The months of the evaluation (period i is `periods[i]`).
    let periods: [Month]
    /// Raw months before `periods[0]`, columns as `seriesNames`.
    let preSample: (periods: [Month], columns: [[Double]])

    private let lock = NSLock()
    private var fits: [ClosedRange<Int>: Result<Estimate, Error>] = [:]

    init(
        factors: Int, lags: Int, target: String, policy: String, seriesNames: [String], codes: [Int?],
        periods: [Month], preSample: (periods: [Month], columns: [[Double]])
    ) {
        self.factors = factors
        self.lags = lags
        self.target = target
        self.policy = policy
        self.seriesNames = seriesNames
        self.codes = codes
        self.periods = periods
        self.preSample = preSample
        self.name = "FAVAR-VAR(\(factors), \(lags))"
    }

    /// The FAVAR estimated at one origin.
    struct Estimate {
        var model: FAVARModel
        /// Index of the target in `model.names`.
        var targetIndex: Int
        /// The last period of the training window.
        var end: Int
    }

    func fit(_ training: ForecastWindow, horizon: Int) throws -> any FittedForecaster {
        lock.lock()
        let known = fits[training.periods]
        lock.unlock()
        let outcome: Result<Estimate, Error> = known ?? Result { try self.estimate(training) }
        if known == nil {
            lock.lock()
            fits[training.periods] = outcome
            lock.unlock()
        }
        return Fitted(owner: self, estimate: try outcome.get(), horizon: horizon)
    }

    /// The raw frame of a window: the pre-sample when the window starts at the first period.
    func rawFrame(_ window: ForecastWindow) -> TimeSeriesFrame {
        let early = window.start == 0 ? preSample : (periods: [], columns: seriesNames.map { _ in [] })
        let columns = seriesNames.indices.map { early.columns[$0] + window.predictors[$0] }
        return TimeSeriesFrame(
            frequency: .monthly, periods: early.periods + Array(periods[window.periods]), names: seriesNames,
            columns: columns, transformCodes: codes)
    }

    private func estimate(_ training: ForecastWindow) throws -> Estimate {
        let raw = rawFrame(training)
        var settings = PreparationOptions.mcCrackenNg
        settings.exclude = [policy]
        settings.estimateFactors = false
        let prepared = try Preparation.prepare(
            raw, sample: periods[training.start]...periods[training.end], options: settings
        ).frame
        // Series the EM could not fill are left out, as `favar fit` does.
        let kept = prepared.names.indices.filter { prepared.columns[$0].allSatisfy(\.isFinite) }
        let names = kept.map { prepared.names[$0] }
        guard let targetIndex = names.firstIndex(of: target) else {
            throw ForecastingError("\(name): \(target) has values the preparation could not fill on this window")
        }
        let rawRow = Dictionary(raw.periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let p = seriesNames.count - 1
        let rate = try prepared.periods.map { month -> Double in
            guard let row = rawRow[month], raw.columns[p][row].isFinite else {
                throw ForecastingError("\(name): \(policy) has no value in \(month)")
            }
            return raw.columns[p][row]
        }
        let model = try FAVARModel(
            series: kept.map { prepared.columns[$0] }, names: names, policyRate: rate, policyName: policy,
            factors: factors, lags: lags, trend: .constant, slowSeries: nil,
            transformationCodes: kept.map { prepared.transformCodes[$0] ?? 1 })
        return Estimate(model: model, targetIndex: targetIndex, end: training.end)
    }

    struct Fitted: FittedForecaster {
        let owner: FAVARVARForecaster
        let estimate: Estimate
        let horizon: Int

        func predict(from information: ForecastWindow) throws -> Double {
            let model = estimate.model
            let var_ = model.varModel
            let k = model.factorCount, p = var_.lags
            // The last p months of [F, R]: estimated ones from the fit, later ones projected.
            let later = information.end - estimate.end
            guard later >= 0 else { throw ForecastingError("the information window ends before the estimation") }
            var rows: [[Double]] = []
            let fitted = var_.data
            let transformed = later > 0 ? try owner.rawFrame(information).transformed() : nil
            for back in stride(from: p - 1, through: 0, by: -1) {
                let month = information.end - back
                if month <= estimate.end {
                    let row = fitted.rows - 1 - (estimate.end - month)
                    guard row >= 0 else { throw ForecastingError("the estimation window is shorter than \(p) lags") }
                    rows.append((0...k).map { fitted[row, $0] })
                } else {
                    rows.append(try owner.projectedFactors(transformed!, information, at: month, model: model))
                }
            }
            let path = try var_.forecast(steps: horizon, presample: try Matrix(rowMajor: rows))
            let i = estimate.targetIndex
            var z = model.loadings[0, i] + model.loadings[k + 1, i] * path[horizon - 1, k]
            for j in 0..<k { z += model.loadings[j + 1, i] * path[horizon - 1, j] }
            return model.means[i] + model.standardDeviations[i] * z
        }
    }

    /// [F̂, R] at `month` after the estimation: F̂ by least squares of the month's standardized,
    /// transformed panel (finite entries with |z| ≤ 10) on the loadings, given R.
    func projectedFactors(
        _ transformed: TimeSeriesFrame, _ information: ForecastWindow, at month: Int, model: FAVARModel
    ) throws -> [Double] {
        guard let row = transformed.periods.firstIndex(of: periods[month]) else {
            throw ForecastingError("\(name): no data in \(periods[month])")
        }
        let rate = information.predictor(seriesNames.count - 1, at: month)
        guard rate.isFinite else { throw ForecastingError("\(name): \(policy) has no value in \(periods[month])") }
        let k = model.factorCount
        var design: [[Double]] = []
        var response: [Double] = []
        for (i, series) in model.names.enumerated() {
            guard let c = transformed.index(of: series) else { continue }
            let z = (transformed.columns[c][row] - model.means[i]) / model.standardDeviations[i]
            guard z.isFinite, abs(z) <= 10 else { continue }
            design.append((1...k).map { model.loadings[$0, i] })
            response.append(z - model.loadings[0, i] - model.loadings[k + 1, i] * rate)
        }
        guard design.count > k else {
            throw ForecastingError("\(name): too few series observed in \(periods[month]) to estimate the factors")
        }
        let f = try leastSquares(
            try Matrix(rowMajor: design), response, context: "\(name) factors in \(periods[month])")
        return f + [rate]
    }
}
