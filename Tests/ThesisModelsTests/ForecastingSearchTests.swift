import XCTest
@testable import ThesisModels

final class ForecastingSearchTests: XCTestCase {
    /// SplitMix64's reference outputs (Vigna's splitmix64.c, seed 0) and the derived draws.
    func testGeneratorIsSplitMix64() {
        var g = HyperparameterSearch.Generator(seed: 0)
        XCTAssertEqual(g.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(g.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(g.next(), 0x06C4_5D18_8009_454F)
        var h = HyperparameterSearch.Generator(seed: 0)
        XCTAssertEqual(h.unit(), Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) * 0x1p-53)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<3000 { counts[h.index(below: 3)] += 1 }
        XCTAssertTrue(counts.allSatisfy { $0 > 900 && $0 < 1100 }, "\(counts)")
    }

    func testGridSearchTableAndChoice() throws {
        let space = try ParameterSpace([("lags", .integers(1...3)), ("activation", .choices([.string("relu"), .string("tanh")]))])
        var seen = [String]()
        let result = try HyperparameterSearch.grid(space) { c in
            seen.append(c.description)
            let lags = try c.int("lags"), tanh = try c.string("activation") == "tanh"
            return Double((lags - 2) * (lags - 2)) + (tanh ? 0.5 : 0)
        }
        XCTAssertEqual(seen, ["lags=1, activation=relu", "lags=1, activation=tanh", "lags=2, activation=relu",
                              "lags=2, activation=tanh", "lags=3, activation=relu", "lags=3, activation=tanh"])
        XCTAssertEqual(result.trials.count, 6)
        XCTAssertEqual(result.trials.map(\.index), Array(0..<6))
        XCTAssertEqual(result.best.configuration.description, "lags=2, activation=relu")
        XCTAssertEqual(result.best.score, 0)
        XCTAssertThrowsError(try HyperparameterSearch.grid(try space.adding("rate", .uniform(0, 1))) { _ in 0 })
        XCTAssertThrowsError(try space.adding("lags", .integers(1...2)))
        XCTAssertThrowsError(try ParameterSpace([("rate", .logUniform(0, 1))]))
    }

    /// Failed evaluations stay in the table with NaN and their message; ties go to the first.
    func testFailuresAndTies() throws {
        let space = try ParameterSpace([("units", .choices([.int(8), .int(16), .int(32), .int(64)]))])
        let result = try HyperparameterSearch.grid(space) { c in
            let units = try c.int("units")
            if units == 8 { throw ForecastingError("diverged") }
            return units == 64 ? .infinity : 1.0
        }
        XCTAssertTrue(result.trials[0].score.isNaN)
        XCTAssertEqual(result.trials[0].failure, "diverged")
        XCTAssertTrue(result.trials[3].score.isNaN)
        XCTAssertEqual(result.best.index, 1)
        XCTAssertThrowsError(try HyperparameterSearch.grid(space) { _ in throw ForecastingError("no") })
    }

    /// A random search never repeats a configuration; a discrete space no larger than the trials is
    /// searched whole (a seeded shuffle of the grid).
    func testRandomSearchNeverRepeatsAConfiguration() throws {
        let space = try ParameterSpace([("hidden", .choices([.int(4), .int(8), .int(16)])), ("layers", .integers(1...3))])
        let some = try HyperparameterSearch.random(space, trials: 7, seed: 1) { _ in 0 }.trials.map(\.configuration)
        XCTAssertEqual(some.count, 7)
        XCTAssertEqual(Set(some).count, 7, "no repeats among 7 of 9")
        let all = try HyperparameterSearch.random(space, trials: 20, seed: 1) { _ in 0 }.trials.map(\.configuration)
        XCTAssertEqual(all.count, 9, "the whole grid, once")
        XCTAssertEqual(Set(all), Set(try space.grid()))
        XCTAssertEqual(all, try HyperparameterSearch.random(space, trials: 20, seed: 1) { _ in 0 }.trials.map(\.configuration))
        XCTAssertNotEqual(all, try HyperparameterSearch.random(space, trials: 20, seed: 2) { _ in 0 }.trials.map(\.configuration))
        // Without the guard, 7 draws with replacement from 9 would repeat for this seed.
        var generator = HyperparameterSearch.Generator(seed: 1)
        let withReplacement = space.sample(7, using: &generator)
        XCTAssertLessThan(Set(withReplacement).count, 7, "the seed chosen shows the repeat the search avoids")
        // A huge integer range is not listed to find its size.
        let huge = try ParameterSpace([("n", .integers(1...2_000_000_000))])
        XCTAssertEqual(Set(try HyperparameterSearch.distinctSample(huge, trials: 50, seed: 3)).count, 50)
    }

    /// Same seed, same configurations; draws stay inside their domains; log-uniform is uniform in logs.
    func testSeededRandomSearch() throws {
        let space = try ParameterSpace([
            ("rate", .logUniform(1e-4, 1e-1)), ("dropout", .uniform(0, 0.5)), ("layers", .integers(1...3)),
            ("cell", .choices([.string("lstm"), .string("gru")])),
        ])
        var scored = [ParameterConfiguration]()
        let a = try HyperparameterSearch.random(space, trials: 200, seed: 42) { c in
            scored.append(c)
            return abs(log10(try c.double("rate")) + 2.5) + (try c.double("dropout"))
        }
        let b = try HyperparameterSearch.random(space, trials: 200, seed: 42) { _ in 0 }
        XCTAssertEqual(a.trials.map(\.configuration), b.trials.map(\.configuration))
        XCTAssertNotEqual(try HyperparameterSearch.random(space, trials: 5, seed: 43) { _ in 0 }.trials.map(\.configuration),
                          Array(a.trials.prefix(5)).map(\.configuration))
        // the first draw, by hand from the generator
        var g = HyperparameterSearch.Generator(seed: 42)
        let rate = exp(log(1e-4) + (log(1e-1) - log(1e-4)) * g.unit())
        let dropout = 0.5 * g.unit()
        let layers = 1 + g.index(below: 3)
        let cell = ["lstm", "gru"][g.index(below: 2)]
        XCTAssertEqual(scored[0], ParameterConfiguration(names: ["rate", "dropout", "layers", "cell"],
                                                values: [.double(rate), .double(dropout), .int(layers), .string(cell)]))
        let logs = try scored.map { log10(try $0.double("rate")) }
        XCTAssertTrue(logs.allSatisfy { $0 >= -4 && $0 < -1 })
        XCTAssertEqual(logs.filter { $0 < -2.5 }.count, 100, accuracy: 25)
        XCTAssertTrue(try scored.allSatisfy { (1...3).contains(try $0.int("layers")) })
        XCTAssertEqual(a.best.score, a.trials.map(\.score).min())
    }

    /// Successive halving keeps the best third each round and triples the budget.
    /// The tree-structured Parzen estimator: seeded, never repeats, starts with random search's
    /// draws, and on a separable bowl over 6⁴ configurations gets closer to the optimum in 40
    /// trials than random search does, on every one of ten seeds.
    func testBayesianSearchWithTheTreeParzenEstimator() throws {
        let levels: [ParameterValue] = (0..<6).map { .int($0) }
        let space = try ParameterSpace([("a", .choices(levels)), ("b", .choices(levels)), ("c", .choices(levels)),
                                        ("d", .integers(0...5))])
        let optimum = [4, 1, 5, 2]
        let bowl: (ParameterConfiguration) throws -> Double = { c in
            Double(zip(c.values, optimum).map { v, o in (v.intValue! - o) * (v.intValue! - o) }.reduce(0, +))
        }
        var tpeBest: [Double] = [], randomBest: [Double] = []
        for seed in UInt64(1)...10 {
            let tpe = try HyperparameterSearch.treeParzen(space, trials: 40, seed: seed, score: bowl)
            XCTAssertEqual(tpe.trials.count, 40)
            XCTAssertEqual(Set(tpe.trials.map(\.configuration)).count, 40, "no configuration twice")
            XCTAssertEqual(Array(tpe.trials.prefix(5).map(\.configuration)),
                           try HyperparameterSearch.distinctSample(space, trials: 5, seed: seed), "random start")
            XCTAssertEqual(tpe.trials.map(\.configuration),
                           try HyperparameterSearch.treeParzen(space, trials: 40, seed: seed, score: bowl).trials.map(\.configuration),
                           "the same seed, the same search")
            tpeBest.append(tpe.best.score)
            randomBest.append(try HyperparameterSearch.random(space, trials: 40, seed: seed, score: bowl).best.score)
            // Guided: the second half of the search scores better on average than the random start.
            let later = tpe.trials.suffix(20).map(\.score).reduce(0, +) / 20
            let start = tpe.trials.prefix(5).map(\.score).reduce(0, +) / 5
            XCTAssertLessThan(later, start, "seed \(seed)")
        }
        XCTAssertLessThan(tpeBest.reduce(0, +), 0.5 * randomBest.reduce(0, +), "TPE \(tpeBest) against random \(randomBest)")
        // A failing trial counts as bad and the search goes on.
        let failing = try HyperparameterSearch.treeParzen(space, trials: 12, seed: 3) { c in
            if c.values[0] == .int(0) { throw ForecastingError("diverged") }
            return try bowl(c)
        }
        XCTAssertEqual(failing.trials.count, 12)
        XCTAssertTrue(failing.best.score.isFinite)
        // A space no larger than the trials is searched whole; continuous ranges are refused.
        let small = try ParameterSpace([("a", .choices([.int(1), .int(2)])), ("b", .choices([.int(1), .int(2)]))])
        XCTAssertEqual(Set(try HyperparameterSearch.treeParzen(small, trials: 9, seed: 1) { _ in 0 }.trials.map(\.configuration)).count, 4)
        XCTAssertThrowsError(try HyperparameterSearch.treeParzen(
            try ParameterSpace([("lr", .logUniform(1e-4, 1e-1))]), trials: 5, seed: 1) { _ in 0 })
    }

    func testSuccessiveHalving() throws {
        let space = try ParameterSpace([("x", .integers(0...8))])
        var calls = [(Int, Int)]()
        let result = try HyperparameterSearch.successiveHalving(try space.grid(), minimumBudget: 1, maximumBudget: 9,
                                                                eta: 3) { c, budget in
            let x = try c.int("x")
            calls.append((x, budget))
            return Double(abs(x - 5)) + 1 / Double(budget)
        }
        XCTAssertEqual(calls.filter { $0.1 == 1 }.count, 9)
        XCTAssertEqual(calls.filter { $0.1 == 3 }.map(\.0), [5, 4, 6])
        XCTAssertEqual(calls.filter { $0.1 == 9 }.map(\.0), [5])
        XCTAssertEqual(result.trials.count, 13)
        XCTAssertEqual(result.best.configuration["x"], .int(5))
        XCTAssertEqual(result.best.budget, 9)
    }

    /// The intended use: choose the AR lag order by validation RMSE of pseudo-out-of-sample forecasts
    /// on a validation period only (the test period is not touched).
    func testChoosingALagOrderByValidationError() throws {
        let (y, _) = ForecastingSeries.make(count: 200, seed: 21)
        let validationEnd = 149
        let space = try ParameterSpace([("lags", .integers(1...6))])
        let result = try HyperparameterSearch.grid(space) { c in
            let plan = ForecastPlan(horizons: [1], firstOrigin: 100, lastOrigin: validationEnd - 1)
            let model = DirectARForecaster(lags: try c.int("lags"))
            return try ForecastEvaluation.run(target: Array(y[0...validationEnd]), plan: plan, models: [model])
                .forecasts(model: model.name, horizon: 1).rootMeanSquaredError()
        }
        XCTAssertEqual(result.trials.count, 6)
        XCTAssertTrue((1...6).contains(try result.best.configuration.int("lags")))
        XCTAssertEqual(result.best.score, result.trials.map(\.score).min())
    }
}
