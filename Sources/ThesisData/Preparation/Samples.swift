import Foundation
import ThesisDocument

/// A train / validation / test split by dates (inclusive ranges, consecutive, no overlap).
public struct SampleSplit: Codable, Hashable, Sendable {
    public var train: ClosedRange<Month>
    /// nil when there is no validation period.
    public var validation: ClosedRange<Month>?
    /// nil when the test period would be empty.
    public var test: ClosedRange<Month>?

    /// Splits `frame`'s periods: train = first…`trainEnd`, validation = next…`validationEnd`
    /// (when given), test = the rest. Throws when a bound is outside the data or out of order.
    public init(_ frame: TimeSeriesFrame, trainEnd: Month, validationEnd: Month? = nil) throws {
        guard let first = frame.periods.first, let last = frame.periods.last else {
            throw Diagnostic.error("cannot split: the data have no periods")
        }
        func check(_ m: Month, _ what: String) throws {
            guard m >= first, m <= last else {
                throw Diagnostic.error("the \(what) end \(frame.label(m)) is outside the data, which cover "
                                       + "\(frame.describe(first...last))")
            }
        }
        try check(trainEnd, "training")
        guard let trainPosition = frame.periods.lastIndex(where: { $0 <= trainEnd }) else {
            throw Diagnostic.error("the training period ends before the data start")
        }
        train = first...frame.periods[trainPosition]
        var nextPosition = trainPosition + 1
        if let validationEnd {
            try check(validationEnd, "validation")
            guard validationEnd > trainEnd, let end = frame.periods.lastIndex(where: { $0 <= validationEnd }),
                  end >= nextPosition else {
                throw Diagnostic.error("the validation end \(frame.label(validationEnd)) must come after the training end "
                                       + "\(frame.label(trainEnd))")
            }
            validation = frame.periods[nextPosition]...frame.periods[end]
            nextPosition = end + 1
        } else {
            validation = nil
        }
        test = nextPosition < frame.periods.count ? frame.periods[nextPosition]...last : nil
    }

    /// The three parts of `frame` (empty parts are nil).
    public func apply(to frame: TimeSeriesFrame) throws -> (train: TimeSeriesFrame, validation: TimeSeriesFrame?,
                                                            test: TimeSeriesFrame?) {
        (try frame.slice(train), try validation.map { try frame.slice($0) }, try test.map { try frame.slice($0) })
    }
}

/// How the estimation window moves from one forecast origin to the next.
public enum ForecastScheme: Codable, Hashable, Sendable {
    /// The last `window` periods up to the origin.
    case rolling(window: Int)
    /// Every period from the start of the data (or `start`) up to the origin; at least `minimum` periods.
    case expanding(minimum: Int)
}

/// One pseudo-out-of-sample forecast: estimate on `estimation`, forecast `targets`.
public struct ForecastOrigin: Codable, Hashable, Sendable {
    /// The last period of information.
    public var origin: Month
    public var estimation: ClosedRange<Month>
    /// origin + 1 … origin + horizon (periods of the frame's frequency); all within the data.
    public var targets: [Month]
}

extension TimeSeriesFrame {
    /// Forecast origins from `firstOrigin` to the last period with `horizon` periods of data after it
    /// (or `lastOrigin`), every `step` periods. The rolling window or expanding minimum must fit
    /// before the first origin. Throws when no origin fits or a bound is outside the data.
    public func forecastOrigins(_ scheme: ForecastScheme, firstOrigin: Month, lastOrigin: Month? = nil,
                                horizon: Int = 1, step: Int = 1) throws -> [ForecastOrigin] {
        guard horizon >= 1, step >= 1 else {
            throw Diagnostic.error("the horizon and step of forecast origins must be at least 1")
        }
        guard let first = periods.first, let last = periods.last else {
            throw Diagnostic.error("forecast origins need data; the frame has no periods")
        }
        guard let start = periods.firstIndex(where: { $0 >= firstOrigin }), firstOrigin >= first else {
            throw Diagnostic.error("the first forecast origin \(label(firstOrigin)) is outside the data, which cover "
                                   + describe(first...last))
        }
        var end = periods.count - 1 - horizon
        if let lastOrigin {
            guard lastOrigin <= last, let e = periods.lastIndex(where: { $0 <= lastOrigin }) else {
                throw Diagnostic.error("the last forecast origin \(label(lastOrigin)) is outside the data, which cover "
                                       + describe(first...last))
            }
            end = min(end, e)
        }
        let needed: Int
        switch scheme {
        case .rolling(let window): needed = window
        case .expanding(let minimum): needed = minimum
        }
        guard needed >= 1, start + 1 >= needed else {
            throw Diagnostic.error("the first origin \(label(periods[start])) leaves \(start + 1) periods for estimation; "
                                   + "the scheme needs \(needed)")
        }
        guard start <= end else {
            throw Diagnostic.error("no forecast origin from \(label(periods[start])) leaves \(horizon) period"
                                   + "\(horizon == 1 ? "" : "s") of data to forecast (the data end in \(label(last)))")
        }
        return stride(from: start, through: end, by: step).map { t in
            let from: Int
            switch scheme {
            case .rolling(let window): from = t - window + 1
            case .expanding: from = 0
            }
            return ForecastOrigin(origin: periods[t], estimation: periods[from]...periods[t],
                                  targets: Array(periods[(t + 1)...(t + horizon)]))
        }
    }
}
