import Foundation

/// One hyperparameter value.
public enum ParameterValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    /// The value as an `Int` (nil for non-integers).
    public var intValue: Int? { if case .int(let v) = self { v } else { nil } }
    /// The value as a `Double` (integers converted).
    public var doubleValue: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    /// The value as a `String` (nil for non-strings).
    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    /// The value as a `Bool` (nil for non-booleans).
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }

    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v
        case .bool(let v): "\(v)"
        }
    }
}

/// One point of a parameter space: values by name, in the space's order.
public struct ParameterConfiguration: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Parameter names, in the space's order.
    public let names: [String]
    /// Values, aligned with `names`.
    public let values: [ParameterValue]

    public init(names: [String], values: [ParameterValue]) {
        precondition(names.count == values.count, "a configuration needs one value per name")
        self.names = names
        self.values = values
    }

    /// The value of `name`, if present.
    public subscript(name: String) -> ParameterValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The integer `name`; throws if it is missing or not an integer.
    public func int(_ name: String) throws -> Int {
        guard let v = self[name]?.intValue else { throw ForecastingError("parameter '\(name)' is not an integer in \(self)") }
        return v
    }

    /// The number `name` (integers converted); throws if it is missing or not a number.
    public func double(_ name: String) throws -> Double {
        guard let v = self[name]?.doubleValue else { throw ForecastingError("parameter '\(name)' is not a number in \(self)") }
        return v
    }

    /// The string `name`; throws if it is missing or not a string.
    public func string(_ name: String) throws -> String {
        guard let v = self[name]?.stringValue else { throw ForecastingError("parameter '\(name)' is not a string in \(self)") }
        return v
    }

    /// The Boolean `name`; throws if it is missing or not a Boolean.
    public func bool(_ name: String) throws -> Bool {
        guard let v = self[name]?.boolValue else { throw ForecastingError("parameter '\(name)' is not a Boolean in \(self)") }
        return v
    }

    /// `lags=12, units=32`.
    public var description: String {
        zip(names, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}

/// The values each hyperparameter may take, in a fixed order.
public struct ParameterSpace: Hashable, Sendable {
    /// The values one parameter may take.
    public enum Domain: Hashable, Sendable {
        /// A list (grid: every entry; random: each equally likely).
        case choices([ParameterValue])
        /// Integers `lower…upper` (grid: every one; random: each equally likely).
        case integers(ClosedRange<Int>)
        /// A real in `[lower, upper)` drawn uniformly (random search only).
        case uniform(Double, Double)
        /// A real whose logarithm is uniform on `[ln lower, ln upper)` (random search only; e.g. learning rates).
        case logUniform(Double, Double)
    }

    /// Parameter names, in order.
    public private(set) var names: [String] = []
    /// Their domains.
    public private(set) var domains: [Domain] = []

    /// An empty space; add parameters with `adding(_:_:)`.
    public init() {}

    /// A space with the given parameters, in order.
    public init(_ parameters: [(String, Domain)]) throws {
        for (name, domain) in parameters { self = try adding(name, domain) }
    }

    /// This space with one more parameter.
    /// - Throws: `ForecastingError` for a duplicate name, an empty list or range, or bounds out of order.
    public func adding(_ name: String, _ domain: Domain) throws -> ParameterSpace {
        guard !names.contains(name) else { throw ForecastingError("parameter '\(name)' appears twice") }
        switch domain {
        case .choices(let values):
            guard !values.isEmpty else { throw ForecastingError("parameter '\(name)' has no choices") }
        case .integers: break
        case .uniform(let a, let b):
            guard a.isFinite, b.isFinite, a < b else { throw ForecastingError("parameter '\(name)': need lower < upper, got \(a), \(b)") }
        case .logUniform(let a, let b):
            guard a > 0, b.isFinite, a < b else {
                throw ForecastingError("parameter '\(name)': need 0 < lower < upper for a log-uniform range, got \(a), \(b)")
            }
        }
        var copy = self
        copy.names.append(name)
        copy.domains.append(domain)
        return copy
    }

    /// Every configuration of a finite space, the **last parameter varying fastest** (like nested
    /// loops in declaration order).
    /// - Throws: `ForecastingError` if a parameter is continuous or the grid exceeds `limit` points.
    public func grid(limit: Int = 1_000_000) throws -> [ParameterConfiguration] {
        var lists = [[ParameterValue]]()
        for (name, domain) in zip(names, domains) {
            switch domain {
            case .choices(let values): lists.append(values)
            case .integers(let range): lists.append(range.map { .int($0) })
            case .uniform, .logUniform:
                throw ForecastingError("parameter '\(name)' is continuous: a grid needs choices or integer ranges")
            }
        }
        let size = lists.reduce(1) { $0.multipliedReportingOverflow(by: $1.count).overflow ? Int.max : $0 * $1.count }
        guard size <= limit else { throw ForecastingError("the grid has \(size) points, more than the limit \(limit)") }
        var result = [[ParameterValue]]([[]])
        for list in lists { result = result.flatMap { prefix in list.map { prefix + [$0] } } }
        return result.map { ParameterConfiguration(names: names, values: $0) }
    }

    /// `count` configurations drawn independently (with replacement, so repeats are possible) from
    /// `generator`: for each configuration, one draw per parameter in declaration order.
    public func sample(_ count: Int, using generator: inout HyperparameterSearch.Generator) -> [ParameterConfiguration] {
        (0..<max(0, count)).map { _ in
            ParameterConfiguration(names: names, values: domains.map { domain -> ParameterValue in
                switch domain {
                case .choices(let values): values[generator.index(below: values.count)]
                case .integers(let range):
                    .int(range.lowerBound + generator.index(below: range.count))
                case .uniform(let a, let b): .double(a + (b - a) * generator.unit())
                case .logUniform(let a, let b): .double(exp(log(a) + (log(b) - log(a)) * generator.unit()))
                }
            })
        }
    }
}

/// Grid search, seeded random search and successive halving over a `ParameterSpace`, scoring each
/// configuration by a caller-supplied validation error (lower is better; e.g. the RMSE of
/// forecasts on a validation window — fit and evaluate only on data before the test period).
///
/// A configuration whose evaluation throws is recorded with a NaN score and its message, and the
/// search goes on; the search throws only if no configuration gets a finite score.
public enum HyperparameterSearch {
    /// The documented generator: SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable
    /// pseudorandom number generators", OOPSLA; the reference is Vigna's `splitmix64.c`): the state
    /// advances by `0x9E3779B97F4A7C15`, and each output is the state mixed by
    /// `z = (z ^ (z >> 30)) · 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) · 0x94D049BB133111EB; z ^ (z >> 31)`.
    /// Seed 0 gives `0xE220A8397B1DCDAF` first. Reals in [0, 1) are `(next >> 11) · 2⁻⁵³` (`unit()`);
    /// an index below `n` is `next % n`, redrawn while `next < 2⁶⁴ mod n` (`index(below:)`, no
    /// modulo bias). The one implementation is the module's `SplitMix64`.
    public typealias Generator = SplitMix64

    /// Scores every configuration of the grid (`ParameterSpace.grid`, last parameter fastest).
    public static func grid(_ space: ParameterSpace, score: (ParameterConfiguration) throws -> Double) throws -> HyperparameterSearch.Result {
        try evaluate(try space.grid(), budget: nil, score: score)
    }

    /// Scores `trials` distinct configurations drawn with `Generator(seed: seed)`
    /// (`ParameterSpace.sample`, a draw already made is drawn again). A space of lists and integer
    /// ranges with no more than `trials` configurations is searched whole, like a grid, in the
    /// order of a seeded shuffle (scikit-learn's `ParameterSampler` does the same).
    public static func random(_ space: ParameterSpace, trials: Int, seed: UInt64,
                              score: (ParameterConfiguration) throws -> Double) throws -> HyperparameterSearch.Result {
        try evaluate(try distinctSample(space, trials: trials, seed: seed), budget: nil, score: score)
    }

    /// The configurations `random` scores.
    public static func distinctSample(_ space: ParameterSpace, trials: Int, seed: UInt64) throws -> [ParameterConfiguration] {
        guard trials >= 1 else { throw ForecastingError("a random search needs at least one trial") }
        var generator = Generator(seed: seed)
        // The size of a discrete space, without listing it (a range of integers may be huge).
        var size: Int? = 1
        for domain in space.domains {
            switch domain {
            case .choices(let values): size = size.flatMap { $0.multipliedReportingOverflow(by: values.count).overflow ? nil : $0 * values.count }
            case .integers(let range): size = size.flatMap { $0.multipliedReportingOverflow(by: range.count).overflow ? nil : $0 * range.count }
            case .uniform, .logUniform: size = nil
            }
        }
        if let size, size <= trials, let grid = try? space.grid(limit: trials) {
            var order = grid
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.index(below: i + 1)) }
            return order
        }
        var seen = Set<ParameterConfiguration>(), drawn: [ParameterConfiguration] = []
        var attempts = 0
        while drawn.count < trials {
            attempts += 1
            guard attempts <= 1_000 * trials else {
                throw ForecastingError("could not draw \(trials) distinct configurations; the space has fewer")
            }
            let next = space.sample(1, using: &generator)[0]
            if seen.insert(next).inserted { drawn.append(next) }
        }
        return drawn
    }

    /// Bayesian optimisation with the tree-structured Parzen estimator (Bergstra, Bardenet, Bengio &
    /// Kégl 2011, "Algorithms for hyper-parameter optimization", NeurIPS; as Optuna's
    /// `TPESampler` for categorical parameters). The first `startup` trials are `random`'s first
    /// draws. Then, before each trial, the finished trials are split into the best
    /// `⌈gamma · n⌉` ("good") and the rest; each parameter's values get the probabilities
    /// l(v) = (good trials with v + 1) / (good + k) and g(v) = (other trials with v + 1) /
    /// (others + k) for its k values (a prior of one trial each), `candidates` configurations are
    /// drawn from l (parameters independently, from `Generator(seed: seed)`), and the one not yet
    /// tried with the largest Σ log l − log g is scored (the first drawn on ties; a random untried
    /// one when every draw was tried). A trial that failed counts among the others. Spaces of
    /// lists and integer ranges; a space no larger than `trials` is searched whole, as `random`.
    public static func treeParzen(_ space: ParameterSpace, trials: Int, seed: UInt64, startup: Int = 5,
                                  candidates: Int = 24, gamma: Double = 0.25,
                                  score: (ParameterConfiguration) throws -> Double) throws -> HyperparameterSearch.Result {
        guard trials >= 1, startup >= 1, candidates >= 1, gamma > 0, gamma < 1 else {
            throw ForecastingError("a Bayesian search needs trials, startup and candidates ≥ 1 and 0 < gamma < 1")
        }
        var values: [[ParameterValue]] = []
        for domain in space.domains {
            switch domain {
            case .choices(let list): values.append(list)
            case .integers(let range):
                guard range.count <= 10_000 else { throw ForecastingError("a Bayesian search takes integer ranges of at most 10,000 values") }
                values.append(range.map { .int($0) })
            case .uniform, .logUniform: throw ForecastingError("a Bayesian search takes lists and integer ranges, not continuous ranges")
            }
        }
        let size = values.reduce(1) { $0.multipliedReportingOverflow(by: $1.count).overflow ? Int.max : $0 * $1.count }
        if size <= trials { return try random(space, trials: trials, seed: seed, score: score) }
        let first = try distinctSample(space, trials: min(startup, trials), seed: seed)
        var done = first.enumerated().map { run($1, index: $0, budget: nil, score) }
        var seen = Set(first)
        var generator = Generator(seed: seed ^ 0x7470_655f_7470_6521)  // its own stream, apart from the start's
        while done.count < trials {
            let ranked = done.sorted { a, b in
                switch (a.score.isFinite, b.score.isFinite) {
                case (true, true): return (a.score, a.index) < (b.score, b.index)
                case (true, false): return true
                case (false, true): return false
                case (false, false): return a.index < b.index
                }
            }
            let goodCount = max(1, Int((gamma * Double(ranked.count)).rounded(.up)))
            let good = ranked.prefix(goodCount), bad = ranked.dropFirst(goodCount)
            // Per parameter: log l(v) − log g(v), and l's cumulative weights to draw from.
            var gain: [[Double]] = [], cumulative: [[Double]] = []
            for (j, list) in values.enumerated() {
                let k = Double(list.count)
                let index = Dictionary(list.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                var goodCounts = [Double](repeating: 1, count: list.count), badCounts = goodCounts
                for trial in good { if let i = index[trial.configuration.values[j]] { goodCounts[i] += 1 } }
                for trial in bad { if let i = index[trial.configuration.values[j]] { badCounts[i] += 1 } }
                let l = goodCounts.map { $0 / (Double(good.count) + k) }, g = badCounts.map { $0 / (Double(bad.count) + k) }
                gain.append(zip(l, g).map { log($0) - log($1) })
                var total = 0.0
                cumulative.append(l.map { total += $0; return total })
            }
            var best: (configuration: ParameterConfiguration, gain: Double)?
            for _ in 0..<candidates {
                var drawn: [ParameterValue] = [], total = 0.0
                for j in values.indices {
                    let u = generator.unit() * cumulative[j].last!
                    let i = cumulative[j].firstIndex { u < $0 } ?? values[j].count - 1
                    drawn.append(values[j][i])
                    total += gain[j][i]
                }
                let configuration = ParameterConfiguration(names: space.names, values: drawn)
                if !seen.contains(configuration), best.map({ total > $0.gain }) ?? true { best = (configuration, total) }
            }
            var next = best?.configuration
            var attempts = 0
            while next == nil {
                attempts += 1
                guard attempts <= 100_000 else { break }
                let draw = space.sample(1, using: &generator)[0]
                if !seen.contains(draw) { next = draw }
            }
            guard let next else { break }
            seen.insert(next)
            done.append(run(next, index: done.count, budget: nil, score))
        }
        guard let best = done.filter({ $0.score.isFinite }).min(by: { ($0.score, $0.index) < ($1.score, $1.index) }) else {
            throw ForecastingError("no configuration got a finite score; first failure: \(done.first?.failure ?? "none")")
        }
        return HyperparameterSearch.Result(trials: done, best: best)
    }

    /// Successive halving (Jamieson & Talwalkar 2016, "Non-stochastic best arm identification and
    /// hyperparameter optimization", AISTATS): every configuration is scored with `minimumBudget`;
    /// the best `⌈n/eta⌉` go on with `eta` times the budget (capped at `maximumBudget`), until one
    /// is left or the maximum budget has been used. Every evaluation is a trial of the result.
    public static func successiveHalving(_ configurations: [ParameterConfiguration], minimumBudget: Int, maximumBudget: Int,
                                         eta: Int = 3,
                                         score: (ParameterConfiguration, Int) throws -> Double) throws -> HyperparameterSearch.Result {
        guard !configurations.isEmpty else { throw ForecastingError("successive halving needs configurations") }
        guard minimumBudget >= 1, maximumBudget >= minimumBudget, eta >= 2 else {
            throw ForecastingError("successive halving needs 1 ≤ minimum budget ≤ maximum budget and eta ≥ 2")
        }
        var trials = [HyperparameterSearch.Trial]()
        var survivors = configurations
        var budget = minimumBudget
        var lastRound = [HyperparameterSearch.Trial]()
        while true {
            let round = survivors.enumerated().map { offset, configuration in
                run(configuration, index: trials.count + offset, budget: budget) { try score($0, budget) }
            }
            trials += round
            lastRound = round
            let ranked = lastRound.filter { $0.score.isFinite }.sorted { ($0.score, $0.index) < ($1.score, $1.index) }
            guard !ranked.isEmpty else { throw ForecastingError("no configuration scored at budget \(budget)") }
            if ranked.count == 1 || budget >= maximumBudget { break }
            let keep = max(1, (ranked.count + eta - 1) / eta)
            survivors = ranked.prefix(keep).map(\.configuration)
            budget = min(maximumBudget, budget * eta)
        }
        let best = lastRound.filter { $0.score.isFinite }.min { ($0.score, $0.index) < ($1.score, $1.index) }!
        return HyperparameterSearch.Result(trials: trials, best: best)
    }

    private static func run(_ configuration: ParameterConfiguration, index: Int, budget: Int?,
                            _ score: (ParameterConfiguration) throws -> Double) -> HyperparameterSearch.Trial {
        do {
            let value = try score(configuration)
            return HyperparameterSearch.Trial(index: index, configuration: configuration, score: value.isFinite ? value : .nan,
                               failure: value.isFinite ? nil : "the score is \(value)", budget: budget)
        } catch {
            return HyperparameterSearch.Trial(index: index, configuration: configuration, score: .nan, failure: "\(error)", budget: budget)
        }
    }

    private static func evaluate(_ configurations: [ParameterConfiguration], budget: Int?,
                                 score: (ParameterConfiguration) throws -> Double) throws -> HyperparameterSearch.Result {
        let trials = configurations.enumerated().map { run($1, index: $0, budget: budget, score) }
        guard let best = trials.filter({ $0.score.isFinite }).min(by: { ($0.score, $0.index) < ($1.score, $1.index) }) else {
            throw ForecastingError("no configuration got a finite score; first failure: \(trials.first?.failure ?? "none")")
        }
        return HyperparameterSearch.Result(trials: trials, best: best)
    }
}

extension HyperparameterSearch {
    /// One evaluated configuration.
    public struct Trial: Hashable, Sendable {
        /// Position in evaluation order (0-based).
        public let index: Int
        public let configuration: ParameterConfiguration
        /// The validation error (lower is better); NaN if the evaluation threw.
        public let score: Double
        /// The error message when the evaluation threw.
        public let failure: String?
        /// The budget (e.g. epochs) for successive halving; nil otherwise.
        public let budget: Int?
    }

    /// Every evaluated configuration and the chosen one.
    public struct Result: Hashable, Sendable {
        /// Every trial, in evaluation order (the full table).
        public let trials: [Trial]
        /// The trial with the lowest finite score (the earliest on ties; for successive halving, the
        /// best of the last round).
        public let best: Trial
    }
}
