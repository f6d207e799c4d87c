import Foundation
import ThesisData
import ThesisDocument
import ThesisModels

/// A saved model run over a data set: its predictions on every complete window, the target they
/// predict, and its accuracy there. Shared by `<<monitor>>` and `<<model promote>>`, so a
/// monitor's RMSE and a promotion's are the same number.
enum ModelScoring {
    /// The model's first output on every complete window of `frame`, and the target it predicts
    /// (aligned, NaN where the data end or lack it) when the frame holds the target column.
    /// With `months`, only the predictions for those months are kept; their inputs (lags, a
    /// window) may come from months before, so a sample of 24 months scores 24 predictions.
    static func predictions(
        _ model: ModelArtifact, frame: TimeSeriesFrame, months: ClosedRange<Month>? = nil, option: OptionReference
    ) throws
        -> ([Double], [Double]?)
    {
        let input = model.input, raw = input.rawColumns
        var numbers: [String: [Double]] = [:], labels: [String: [String?]] = [:]
        for name in raw {
            if input.encoding(of: name) == nil {
                numbers[name] = try fullColumn(name, in: frame, option: option)
            } else if let column = frame.categories(named: name) {
                labels[name] = column
            } else {
                throw DirectiveFailure(
                    "the model reads the categories of '\(name)', which '\(option.name)=' data lack (declare categorical = [\"\(name)\"] in its data set)",
                    option: option)
            }
        }
        let complete = frame.periods.indices.filter { t in
            numbers.values.allSatisfy { $0[t].isFinite } && labels.values.allSatisfy { $0[t] != nil }
        }
        guard let first = complete.first, let last = complete.last,
            complete.count == last - first + 1
        else {
            throw DirectiveFailure(
                "the model's inputs (\(raw.joined(separator: ", "))) have gaps in '\(option.name)='; prepare the data or choose a sample",
                option: option)
        }
        let rows: [[Double]]
        do {
            rows = try (first...last).map { t in
                try input.encodeRow(number: { numbers[$0]![t] }, label: { labels[$0]![t] ?? "" })
            }
        } catch let problem as CategoricalEncoding.Problem {
            throw DirectiveFailure(problem.description, option: option)
        }
        let prediction = try neural { try model.predict(rows) }
        let ahead = model.output.horizon ?? 0
        /// The row of the month prediction `i` is for.
        func targetRow(_ i: Int) -> Int { first + prediction.firstRow + i + ahead }
        var kept = Array(prediction.values.indices)
        if let months {
            kept = kept.filter { i in
                let row = targetRow(i)
                return row < frame.periods.count && months.contains(frame.periods[row])
            }
            guard !kept.isEmpty else {
                throw DirectiveFailure(
                    "the model predicts no month of \(months.lowerBound)..\(months.upperBound) from '\(option.name)=' (its inputs are complete for \(frame.periods[first])..\(frame.periods[last]))",
                    option: option)
            }
        }
        let values = kept.map { prediction.values[$0].first ?? .nan }
        guard let name = model.output.names.first, let target = frame.names.firstIndex(of: name),
            model.kind != .mlpClassifier
        else { return (values, nil) }
        let actual = kept.map { i -> Double in
            let row = targetRow(i)
            return row < frame.periods.count ? frame.columns[target][row] : .nan
        }
        return (values, actual)
    }

    static func fullColumn(
        _ name: String, in frame: TimeSeriesFrame, option: OptionReference
    ) throws -> [Double] {
        guard let i = frame.names.firstIndex(of: name) else {
            throw DirectiveFailure(
                "the model reads '\(name)', which '\(option.name)=' data lacks\(Suggestions.didYouMean(name, in: frame.names))",
                option: option)
        }
        return frame.columns[i]
    }

    /// What the model recorded when it was fitted: `rmse`, or for a forecast evaluation `rmse.H`.
    static func recordedMetric(_ name: String, _ model: ModelArtifact) -> Double? {
        let metrics = model.training.metrics
        if let value = metrics[name], value.isFinite { return value }
        if let h = model.output.horizon, let value = metrics["\(name).\(h)"], value.isFinite { return value }
        return nil
    }

    /// RMSE and MAE of the model's first output on `frame` (with `n`, the months scored), where
    /// the frame holds its target.
    static func accuracy(
        _ model: ModelArtifact, frame: TimeSeriesFrame, months: ClosedRange<Month>? = nil, option: OptionReference
    ) throws -> [String: Double]? {
        let (predicted, targets) = try predictions(model, frame: frame, months: months, option: option)
        return try targets.flatMap { try accuracy(predicted: predicted, targets: $0) }
    }

    /// RMSE, MAE and `n` over the months where the target is known (nil below two).
    static func accuracy(predicted: [Double], targets: [Double]) throws -> [String: Double]? {
        let pairs = zip(predicted, targets).filter { $0.1.isFinite }
        guard pairs.count >= 2 else { return nil }
        let forecasts = pairs.map(\.0), actual = pairs.map(\.1)
        return [
            "rmse": try RegressionMetrics.rootMeanSquaredError(actual: actual, predicted: forecasts),
            "mae": try RegressionMetrics.meanAbsoluteError(actual: actual, predicted: forecasts),
            "n": Double(pairs.count),
        ]
    }
}
