/// How the estimation window moves with the forecast origin.
public enum EstimationWindow: Hashable, Sendable, Codable {
    /// The last `length` periods up to the origin (fixed size).
    case rolling(length: Int)
    /// Every period from the plan's `sampleStart` up to the origin.
    case expanding
}

/// The pseudo-out-of-sample design shared by every model: which origins, which windows, which
/// horizons, and how often models are re-estimated. One plan gives every model the **same**
/// origins and windows.
///
/// Arithmetic, for a series of `count` periods (indices `0..<count`) and a horizon `h`:
/// - origins (the last period whose data may be used) run from `firstOrigin` through
///   `lastOrigin ?? count − 1 − h` one period apart, so the realised value at `origin + h` exists;
///   with `commonOrigins` every horizon stops at `count − 1 − max(horizons)` (same origins for all h);
/// - the model is (re-)estimated at the 1st, (k+1)-th, (2k+1)-th… origin (`k = reestimationStep`);
///   at an origin `T` the model in use was estimated at the latest such origin `R ≤ T`;
/// - training window at `R`: `R − length + 1 … R` (rolling) or `sampleStart … R` (expanding);
/// - information window at `T` (what `predict` sees): `T − length + 1 … T` or `sampleStart … T`.
public struct ForecastPlan: Hashable, Sendable, Codable {
    /// Direct forecast horizons (periods ahead), default 1, 3, 6, 12.
    public var horizons: [Int]
    /// Period index of the first forecast origin.
    public var firstOrigin: Int
    /// Period index of the last origin, if earlier than the data allow.
    public var lastOrigin: Int?
    /// Rolling or expanding estimation windows.
    public var window: EstimationWindow
    /// First period any window may use (expanding windows start here). Default 0.
    public var sampleStart: Int
    /// Re-estimate every `reestimationStep` origins (1: at every origin).
    public var reestimationStep: Int
    /// All horizons use the origins of the longest one.
    public var commonOrigins: Bool

    /// A plan; see the type's notes for the arithmetic.
    public init(horizons: [Int] = [1, 3, 6, 12], firstOrigin: Int, lastOrigin: Int? = nil,
                window: EstimationWindow = .expanding, sampleStart: Int = 0, reestimationStep: Int = 1,
                commonOrigins: Bool = false) {
        self.horizons = horizons
        self.firstOrigin = firstOrigin
        self.lastOrigin = lastOrigin
        self.window = window
        self.sampleStart = sampleStart
        self.reestimationStep = reestimationStep
        self.commonOrigins = commonOrigins
    }

    /// One forecast of the plan.
    public struct Step: Hashable, Sendable, Codable {
        /// The forecast origin `T`: the last period whose data may be used.
        public let origin: Int
        /// The period forecast, `T + h`.
        public let target: Int
        /// The origin `R ≤ T` at which the model in use was estimated.
        public let estimatedAt: Int
        /// The training window of that estimation (ends at `estimatedAt`).
        public let training: ClosedRange<Int>
        /// The observations `predict` receives (ends at `origin`).
        public let information: ClosedRange<Int>
        /// `true` when the model is (re-)estimated at this origin.
        public var reestimates: Bool { estimatedAt == origin }
    }

    /// The steps for horizon `h` on a series of `count` periods.
    /// - Throws: `ForecastingError` for a horizon below 1, a step below 1, a window that does not fit
    ///   before the first origin, or no origin with `h` periods of data after it.
    public func steps(horizon h: Int, count: Int) throws -> [Step] {
        guard h >= 1 else { throw ForecastingError("forecast horizons must be at least 1, got \(h)") }
        guard reestimationStep >= 1 else {
            throw ForecastingError("the re-estimation step must be at least 1, got \(reestimationStep)")
        }
        guard sampleStart >= 0, sampleStart < count else {
            throw ForecastingError("the sample start \(sampleStart) is outside the \(count) periods")
        }
        guard firstOrigin >= sampleStart else {
            throw ForecastingError("the first origin \(firstOrigin) is before the sample start \(sampleStart)")
        }
        if case .rolling(let length) = window {
            guard length >= 1 else { throw ForecastingError("a rolling window needs a length of at least 1") }
            guard firstOrigin - length + 1 >= sampleStart else {
                throw ForecastingError("a rolling window of \(length) periods does not fit before the first origin "
                                       + "\(firstOrigin) (the sample starts at \(sampleStart))")
            }
        }
        let longest = commonOrigins ? (horizons.max() ?? h) : h
        var last = count - 1 - max(longest, h)
        if let lastOrigin { last = min(last, lastOrigin) }
        guard firstOrigin <= last else {
            throw ForecastingError("no forecast origin from \(firstOrigin) leaves \(h) period\(h == 1 ? "" : "s") "
                                   + "of data to forecast in \(count) periods"
                                   + (lastOrigin.map { " (last origin \($0))" } ?? ""))
        }
        return (firstOrigin...last).map { origin in
            let position = origin - firstOrigin
            let estimatedAt = origin - position % reestimationStep
            return Step(origin: origin, target: origin + h, estimatedAt: estimatedAt,
                        training: windowRange(endingAt: estimatedAt), information: windowRange(endingAt: origin))
        }
    }

    /// The window ending at `period` under this plan.
    public func windowRange(endingAt period: Int) -> ClosedRange<Int> {
        switch window {
        case .rolling(let length): (period - length + 1)...period
        case .expanding: sampleStart...period
        }
    }
}
