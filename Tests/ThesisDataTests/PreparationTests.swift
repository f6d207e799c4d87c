import Foundation
import XCTest
import ThesisDocument
@testable import ThesisData

/// Closed-form and hand-made cases for the preparation engine.
final class PreparationTests: XCTestCase {
    func months(_ first: String, _ count: Int) -> [Month] {
        let start = m(first).index
        return (0..<count).map { Month(index: start + $0) }
    }

    func frame(_ columns: [String: [Double]], codes: [String: Int] = [:], first: String = "2000-01") -> TimeSeriesFrame {
        let names = columns.keys.sorted()
        return TimeSeriesFrame(frequency: .monthly, periods: months(first, columns[names[0]]!.count), names: names,
                               columns: names.map { columns[$0]! }, transformCodes: names.map { codes[$0] })
    }

    func assertClose(_ a: [Double], _ b: [Double], accuracy: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) where !(x.isNaN && y.isNaN) {
            XCTAssertEqual(x, y, accuracy: accuracy * max(1, abs(y)), "\(a) vs \(b)", file: file, line: line)
        }
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); XCTFail("expected an error"); return "" } catch { return (error as? Diagnostic)?.message ?? "\(error)" }
    }

    // MARK: - Transformations

    func testTransformationsInClosedForm() throws {
        let x: [Double] = [1, 2, 4, 8, 16]
        let n = Double.nan
        assertClose(try Transformation.level.apply(x), x)
        assertClose(try Transformation.diff.apply(x), [n, 1, 2, 4, 8])
        assertClose(try Transformation.diff2.apply(x), [n, n, 1, 2, 4])
        let l2 = log(2.0)
        assertClose(try Transformation.log.apply(x), [0, l2, 2 * l2, 3 * l2, 4 * l2])
        assertClose(try Transformation.dlog.apply(x), [n, l2, l2, l2, l2])
        assertClose(try Transformation.ddlog.apply(x), [n, n, 0, 0, 0])
        // Growth rates 1, 1, 1, 1 → differences 0; then 10 → 10·… : (x_t/x_{t−1} − 1) differenced.
        assertClose(try Transformation.pctdiff.apply([1, 2, 4, 8, 16]), [n, n, 0, 0, 0])
        assertClose(try Transformation.pctdiff.apply([100, 110, 132, 132]), [n, n, 0.2 - 0.1, 0 - 0.2])
        // A missing value makes the differences that need it missing.
        assertClose(try Transformation.diff.apply([1, n, 3, 4]), [n, n, n, 1])
        XCTAssertEqual(Transformation.allCases.map(\.lostPeriods), [0, 1, 2, 0, 1, 2, 2])
    }

    func testInverseTransformationsRoundTrip() throws {
        let x: [Double] = [100, 103, 101.5, 107, 110.25, 109, 115]
        for t in Transformation.allCases {
            let p = t.lostPeriods
            let y = try t.apply(x)
            let back = try t.invert(Array(y[p...]), initial: Array(x[..<p]))
            assertClose(back, Array(x[p...]), accuracy: 1e-12)
        }
        XCTAssertTrue(message { try Transformation.ddlog.invert([1], initial: [1]) }.contains("needs 2 initial levels"))
    }

    func testResponsesOnOtherScales() {
        let r: [Double] = [1, 0.5, 0.25]
        XCTAssertEqual(Transformation.dlog.response(r, as: .level), [1, 1.5, 1.75])
        XCTAssertEqual(Transformation.dlog.response(r, as: .growth), r)
        XCTAssertEqual(Transformation.ddlog.response(r, as: .growth), [1, 1.5, 1.75])     // inflation
        XCTAssertEqual(Transformation.ddlog.response(r, as: .level), [1, 2.5, 4.25])      // double cumulation
        XCTAssertEqual(Transformation.level.response(r, as: .growth), [1, -0.5, -0.25])
        XCTAssertEqual(Transformation.log.response(r, as: .level), r)
        XCTAssertEqual(Transformation.pctdiff.response(r, as: .transformed), r)
    }

    func testParsingWordsCodesAndOverrides() throws {
        XCTAssertEqual(try Transformation(parsing: "DLOG"), .dlog)
        XCTAssertEqual(try Transformation(parsing: "6"), .ddlog)
        let unknown = message { try Transformation(parsing: "dlgo") }
        XCTAssertTrue(unknown.contains("unknown transformation 'dlgo'"), unknown)
        XCTAssertTrue(unknown.contains("did you mean 'dlog'"), unknown)
        XCTAssertTrue(unknown.contains("level (1), diff (2), diff2 (3), log (4), dlog (5), ddlog (6), pctdiff (7)"), unknown)
        XCTAssertTrue(message { try Transformation(parsing: "9") }.contains("valid: level (1)"))
        XCTAssertEqual(try Transformation.parseOverrides("INDPRO:dlog, S&P: indust:4"),
                       ["INDPRO": .dlog, "S&P: indust": .log])
        XCTAssertTrue(message { try Transformation.parseOverrides("INDPRO") }.contains("SERIES:TRANSFORMATION"))

        let f = frame(["A": [1, 2, 3], "B": [4, 5, 6]], codes: ["A": 5])
        let plan = try f.transformationPlan(overrides: ["B": .diff])
        XCTAssertEqual(plan.map(\.transformation), [.dlog, .diff])
        XCTAssertEqual(plan.map(\.overridden), [false, true])
        XCTAssertEqual(try f.transformed(overrides: ["B": .diff]).transformCodes, [5, 2])
        let typo = message { try f.transformationPlan(overrides: ["b": .diff]) }
        XCTAssertTrue(typo.contains("unknown series 'b'") && typo.contains("did you mean 'B'"), typo)
        XCTAssertTrue(message { try f.transformationPlan(defaultTransformation: nil) }.contains("B has no transformation code"))
    }

    func testLogOfNonPositiveValueNamesSeriesAndDate() {
        let f = frame(["RPI": [1, 2, -3, 4]], codes: ["RPI": 5], first: "1960-01")
        let text = message { try f.transformed() }
        XCTAssertTrue(text.contains("RPI") && text.contains("1960-03") && text.contains("-3"), text)
        let viaPrepare = message { try Preparation.prepare(f) }
        XCTAssertTrue(viaPrepare.contains("RPI") && viaPrepare.contains("1960-03"), viaPrepare)
        XCTAssertTrue(message { try Transformation.log.apply([0]) }.contains("position 1"))
    }

    // MARK: - Outliers

    func testHazenQuantilesAsMatlab() {
        // MATLAB prctile([1 2 3 4 5], 25) = 1.75, prctile(…, 75) = 4.25; [1 2 3 4]: 1.5 and 3.5.
        XCTAssertEqual(Quantiles.hazen([1, 2, 3, 4, 5], 0.25), 1.75)
        XCTAssertEqual(Quantiles.hazen([5, 4, .nan, 3, 2, 1], 0.75), 4.25)
        XCTAssertEqual(Quantiles.hazen([1, 2, 3, 4], 0.25), 1.5)
        XCTAssertEqual(Quantiles.hazen([1, 2, 3, 4], 0.75), 3.5)
        XCTAssertEqual(Quantiles.hazen([1, 2, 3, 4], 0.05), 1)      // below (1 − 0.5)/n: the minimum
        XCTAssertEqual(Quantiles.hazen([1, 2, 3, 4], 1), 4)
        XCTAssertEqual(Quantiles.median([4, .nan, 1, 3, 2]), 2.5)
        XCTAssertTrue(Quantiles.hazen([.nan], 0.5).isNaN)
        // Selection gives the same bits as sorting, with ties, NaNs and every small size.
        var state: UInt64 = 7
        for n in 1...60 {
            let values: [Double] = (0..<n).map { i in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return i % 7 == 3 ? .nan : Double(state >> 58) * 0.37 - 4     // few distinct values
            }
            let sorted = values.filter { !$0.isNaN }.sorted()
            let q = Quantiles.medianAndQuartiles(values)
            XCTAssertEqual(q.median.bitPattern, Quantiles.median(sorted: sorted).bitPattern, "n = \(n)")
            XCTAssertEqual(q.q25.bitPattern, Quantiles.hazen(sorted: sorted, 0.25).bitPattern, "n = \(n)")
            XCTAssertEqual(q.q75.bitPattern, Quantiles.hazen(sorted: sorted, 0.75).bitPattern, "n = \(n)")
        }
    }

    func testOutlierRuleOnHandMadeSeries() {
        // 1…20 with the ends replaced: sorted −1000, 2…19, v: median 10.5, Hazen quartiles 5.5 and
        // 15.5 (positions 4.5 and 14.5), IQR 10: outliers are beyond 10.5 ± 100 (strictly).
        var values = (1...20).map(Double.init)
        values[0] = -1000
        values[19] = 110.5                                               // exactly 10·IQR away: kept
        values.append(.nan)
        let rule = OutlierRule()
        XCTAssertEqual(rule.flags(values).filter { $0 }.count, 1)
        values[19] = 110.6                                               // just beyond: flagged
        let flags = rule.flags(values)
        let sorted = values.filter { !$0.isNaN }.sorted()
        XCTAssertEqual(Quantiles.median(sorted: sorted), 10.5)
        XCTAssertEqual(Quantiles.hazen(sorted: sorted, 0.25), 5.5)
        XCTAssertEqual(Quantiles.hazen(sorted: sorted, 0.75), 15.5)
        XCTAssertEqual(flags.indices.filter { flags[$0] }, [0, 19])
        let f = frame(["A": values, "B": values.map { $0 / 2 }])
        let (cleaned, report) = rule.apply(to: f)
        XCTAssertEqual(report.counts, [2, 2])
        XCTAssertEqual(report.total, 4)
        XCTAssertEqual(report.count(for: "A"), 2)
        XCTAssertEqual(report.removed.first?.series, "A")
        XCTAssertEqual(MissingValues.counts(cleaned), [3, 3])
        // A smaller k flags more: beyond 10.5 ± 10.
        XCTAssertEqual(OutlierRule(k: 1).flags(values).filter { $0 }.count, 2)
        XCTAssertEqual(OutlierRule(k: 0.5).flags(values).filter { $0 }.count, 2 + 2 * 4)
    }

    // MARK: - Missing values

    func testInterpolationAndDropping() {
        let n = Double.nan
        XCTAssertEqual(MissingValues.interpolate([n, 1, n, n, 4, n]).map { $0.isNaN ? -1 : $0 }, [-1, 1, 2, 3, 4, -1])
        XCTAssertEqual(MissingValues.interpolate([n, 1, n, 3, n], edges: .nearest), [1, 1, 2, 3, 3])
        XCTAssertTrue(MissingValues.interpolate([n, n]).allSatisfy(\.isNaN))
        let f = frame(["A": [1, n, 3, 4], "B": [1, 2, 3, n]])
        let (filled, count) = MissingValues.interpolate(f)
        XCTAssertEqual(count, 1)
        XCTAssertEqual(filled.columns[0], [1, 2, 3, 4])
        let (kept, dropped) = MissingValues.dropIncomplete(f)
        XCTAssertEqual(kept.periods, [m("2000-01"), m("2000-03")])
        XCTAssertEqual(dropped, [m("2000-02"), m("2000-04")])
        XCTAssertEqual(try MissingValuePolicy(parsing: "interpolate"), .interpolate(edges: .leave))
        XCTAssertTrue(message { try MissingValuePolicy(parsing: "emm") }.contains("did you mean 'em'"))
    }

    func testPreparePolicies() throws {
        let n = Double.nan
        let f = frame(["A": [1, 2, 3, n, 5, 6], "B": [2, 1, 2, 1, 2, 1]], codes: ["A": 1, "B": 1])
        var options = PreparationOptions(dropInitialPeriods: 0, outliers: nil, missing: .drop, estimateFactors: false)
        let dropped = try Preparation.prepare(f, options: options)
        XCTAssertEqual(dropped.frame.periods.count, 5)
        XCTAssertEqual(dropped.report.droppedPeriods, [m("2000-04")])
        XCTAssertTrue(dropped.report.notes.contains { $0.contains("gaps") })
        options.missing = .interpolate(edges: .leave)
        XCTAssertEqual(try Preparation.prepare(f, options: options).frame.columns[0], [1, 2, 3, 4, 5, 6])
        options.exclude = ["A"]
        XCTAssertEqual(try Preparation.prepare(f, options: options).frame.names, ["B"])
        options.exclude = ["C"]
        XCTAssertTrue(message { try Preparation.prepare(f, options: options) }.contains("unknown series 'C'"))
    }

    func testSampleErrors() {
        let f = frame(["A": (1...24).map(Double.init)], codes: ["A": 5], first: "2000-01")
        let before = message { try Preparation.prepare(f, sample: m("1999-06")...m("2000-12")) }
        XCTAssertTrue(before.contains("starts before the data") && before.contains("2000-01..2001-12"), before)
        let after = message { try Preparation.prepare(f, sample: m("2000-06")...m("2002-12")) }
        XCTAssertTrue(after.contains("ends after the data"), after)
        let early = message { try Preparation.prepare(f, sample: m("2000-01")...m("2000-02")) }
        XCTAssertTrue(early.contains("first period kept"), early)
    }

    // MARK: - EM and factors on synthetic panels

    /// A deterministic panel X = F Λ' + σ·e with `r` factors (normal draws from a fixed LCG).
    func synthetic(t: Int, n: Int, r: Int, noise: Double, seed: UInt64 = 42) -> TimeSeriesFrame {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        func normal() -> Double { sqrt(-2 * log(uniform())) * cos(2 * .pi * uniform()) }
        let f = (0..<r).map { _ in (0..<t).map { _ in normal() } }
        let lambda = (0..<n).map { _ in (0..<r).map { _ in normal() } }
        let columns = (0..<n).map { i in
            (0..<t).map { s in (0..<r).reduce(0) { $0 + f[$1][s] * lambda[i][$1] } + noise * normal() + Double(i) }
        }
        return TimeSeriesFrame(frequency: .monthly, periods: months("1990-01", t), names: (0..<n).map { "X\($0)" },
                               columns: columns)
    }

    func testICp2FindsTheNumberOfFactors() throws {
        for r in [1, 3, 5] {
            let model = try FactorModel(synthetic(t: 200, n: 60, r: r, noise: 0.5), kmax: 8)
            XCTAssertEqual(model.selectedK, r, "r = \(r): IC \(model.criterion)")
            XCTAssertEqual(model.k, r)
            XCTAssertEqual(model.criterion.count, 9)
            XCTAssertEqual(model.cumulativeShares.last!, 1, accuracy: 1e-12)
            XCTAssertEqual(model.rSquared.count, 60)
            // R² grows with the number of factors and is higher the more factors there are.
            XCTAssertTrue(model.rSquared.allSatisfy { r in zip(r, r.dropFirst()).allSatisfy { $0 <= $1 } })
            XCTAssertGreaterThan(model.rSquaredOnAll.reduce(0, +) / 60, 0.4)
            // V(0) = (T − 1)/T on a standardized panel.
            XCTAssertEqual(model.meanSquaredResidual[0], 199.0 / 200, accuracy: 1e-12)
        }
    }

    func testFactorNormalizationSignRuleAndWideness() throws {
        // T < N goes through ZZ'; both must give the same eigenvalues, F'F/T = I and the sign rule.
        let tall = synthetic(t: 80, n: 40, r: 2, noise: 0.3)
        let wide = synthetic(t: 30, n: 70, r: 2, noise: 0.3)
        for panel in [tall, wide] {
            let model = try FactorModel(panel, kmax: 4, k: 3)
            XCTAssertEqual(model.k, 3)
            let t = Double(panel.periods.count)
            for a in 0..<3 {
                for b in 0..<3 {
                    let dot = zip(model.factors[a], model.factors[b]).reduce(0) { $0 + $1.0 * $1.1 } / t
                    XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-10)
                }
                // The loading vector is the eigenvector scaled by √(λ/T) > 0: its largest element is positive.
                let l = model.loadings[a]
                XCTAssertGreaterThan(l[l.indices.max { abs(l[$0]) < abs(l[$1]) }!], 0)
            }
            XCTAssertEqual(model.eigenvalues.count, min(panel.periods.count, panel.names.count))
        }
        // Wide: the eigenvalues of ZZ' equal those of Z'Z; compare with the transposed problem's trace.
        let model = try FactorModel(wide, kmax: 2)
        XCTAssertEqual(model.eigenvalues.reduce(0, +), Double(70 * 29), accuracy: 1e-8)
        XCTAssertThrowsError(try FactorModel(wide, kmax: 31))
        // k = N fits exactly: V(N) is 0 up to rounding, ln V(N) very negative or −∞, which JSON
        // writes as null.
        var exact = try FactorModel(panel3(), kmax: 3)
        XCTAssertLessThan(exact.criterion.last!, -20)
        exact.criterion[3] = -.infinity
        let decoded = try JSONDecoder().decode(FactorModel.self, from: JSONEncoder().encode(exact))
        XCTAssertTrue(decoded.criterion.last!.isNaN)
        XCTAssertEqual(decoded.factors, exact.factors)
    }

    func panel3() -> TimeSeriesFrame {
        frame(["A": [1, 2, 3, 5, 4], "B": [2, 1, 4, 3, 3], "C": [0, 1, 0, 2, 1]])
    }

    func testEMImputesAMissingBlockAndReports() throws {
        // Noise comparable to the common component (as in macro panels); with little noise and a
        // large gap IC_p2 adds factors that fit the mean-filled gap and EM keeps them.
        var panel = synthetic(t: 200, n: 60, r: 2, noise: 1)
        let truth = panel
        for t in 0..<40 { panel.columns[0][t] = .nan }           // a late start
        for t in stride(from: 0, to: 200, by: 3) { panel.columns[5][t] = .nan }   // quarterly
        panel.columns[9][199] = .nan                               // ragged edge
        let (imputed, report) = try EMImputation.impute(panel)
        XCTAssertEqual(report.imputed, 40 + 67 + 1)
        XCTAssertTrue(report.converged)
        XCTAssertEqual(report.factorPath.count, report.iterations + 1)
        XCTAssertEqual(report.criterionPath.count, report.iterations)
        XCTAssertEqual(report.finalFactors, 2)
        XCTAssertLessThanOrEqual(report.criterionPath.last!, 1e-6)
        XCTAssertTrue(imputed.columns.allSatisfy { !$0.contains { $0.isNaN } })
        // Observed values unchanged; imputed ones close to the truth (noise 0.2, loadings ~ 1).
        XCTAssertEqual(imputed.columns[1], truth.columns[1])
        // Better than the mean fill EM starts from.
        let mean = panel.columns[0][40...].reduce(0, +) / 160
        let emError = (0..<40).map { abs(imputed.columns[0][$0] - truth.columns[0][$0]) }.reduce(0, +)
        let meanError = (0..<40).map { abs(mean - truth.columns[0][$0]) }.reduce(0, +)
        XCTAssertLessThan(emError, 0.8 * meanError)
        // A fixed number of factors, an iteration cap.
        let capped = try EMImputation.impute(panel, options: EMOptions(maxIterations: 2, fixedFactors: 3)).report
        XCTAssertEqual(capped.iterations, 2)
        XCTAssertEqual(capped.factorPath, [3, 3, 3])
        XCTAssertFalse(capped.converged)
        // Nothing missing: unchanged.
        let none = try EMImputation.impute(truth)
        XCTAssertEqual(none.frame, truth)
        XCTAssertEqual(none.report.iterations, 0)
        // A series with no observation cannot be imputed.
        var empty = truth
        empty.columns[3] = Array(repeating: .nan, count: 200)
        XCTAssertTrue(message { try EMImputation.impute(empty) }.contains("X3 has no observation"))
    }

    /// The EM loop updates Z'Z from the missing periods only; it must equal the direct product.
    func testEMGramUpdateEqualsDirectProduct() throws {
        let truth = synthetic(t: 150, n: 20, r: 2, noise: 1)
        var x = Panel(rows: 150, cols: 20)
        var missing: [[Int]] = Array(repeating: [], count: 20)
        for i in 0..<20 {
            var column = truth.columns[i]
            if i % 4 == 1 { missing[i] = Array(stride(from: i, to: 150, by: 7)) }
            if i == 6 { missing[i] = Array(0..<50) }
            let observed = column.indices.filter { !missing[i].contains($0) }.map { column[$0] }
            let mean = observed.reduce(0, +) / Double(observed.count)
            for s in missing[i] { column[s] = mean }
            x.setColumn(i, column)
        }
        var state = try EMState(x: x, missing: missing, names: truth.names, kmax: 4, fixed: nil)
        for _ in 0..<5 {
            state.refill()
            try state.fit()
            let direct = PrepLinearAlgebra.gram(state.z, rows: 150, cols: 20)
            let scale = direct.map(abs).max()!
            let worst = zip(state.gram, direct).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-13 * scale)
        }
    }

    // MARK: - Scaling

    func testScalerFitsAppliesAndInverts() throws {
        let train = frame(["A": [1, 2, 3, 4], "B": [10, 10, 10, 10]])
        let z = Scaler.fit(train)
        XCTAssertEqual(z.centers, [2.5, 10])
        XCTAssertEqual(z.scales[0], (5.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(z.scales[1], 1)                                 // constant: scale 1
        let later = frame(["A": [5, .nan], "B": [11, 9]])
        let scaled = try z.apply(later)
        XCTAssertEqual(scaled.columns[0][0], 2.5 / (5.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertTrue(scaled.columns[0][1].isNaN)
        XCTAssertEqual(try z.invert(scaled), later)
        let mm = Scaler.fit(train, method: .minMax)
        XCTAssertEqual(try mm.apply(train).columns[0], [0, 1.0 / 3, 2.0 / 3, 1])
        XCTAssertEqual(try mm.invert(mm.apply(train)).columns[0], [1, 2, 3, 4])
        XCTAssertTrue(message { try z.apply([1], series: "C") }.contains("not fitted on series 'C'"))
        XCTAssertEqual(try JSONDecoder().decode(Scaler.self, from: JSONEncoder().encode(z)), z)
    }

    // MARK: - Samples

    func testSplitsAndForecastOrigins() throws {
        let f = frame(["A": (0..<24).map(Double.init)], first: "2000-01")
        let split = try SampleSplit(f, trainEnd: m("2000-12"), validationEnd: m("2001-06"))
        XCTAssertEqual(split.train, m("2000-01")...m("2000-12"))
        XCTAssertEqual(split.validation, m("2001-01")...m("2001-06"))
        XCTAssertEqual(split.test, m("2001-07")...m("2001-12"))
        let parts = try split.apply(to: f)
        XCTAssertEqual([parts.train.periods.count, parts.validation?.periods.count, parts.test?.periods.count], [12, 6, 6])
        XCTAssertNil(try SampleSplit(f, trainEnd: m("2001-12")).test)
        XCTAssertTrue(message { try SampleSplit(f, trainEnd: m("2003-01")) }.contains("outside the data"))
        XCTAssertTrue(message { try SampleSplit(f, trainEnd: m("2001-01"), validationEnd: m("2000-06")) }
            .contains("must come after"))

        let rolling = try f.forecastOrigins(.rolling(window: 12), firstOrigin: m("2000-12"), horizon: 3)
        XCTAssertEqual(rolling.count, 24 - 11 - 3)
        XCTAssertEqual(rolling[0].estimation, m("2000-01")...m("2000-12"))
        XCTAssertEqual(rolling[1].estimation, m("2000-02")...m("2001-01"))
        XCTAssertEqual(rolling.last?.targets, [m("2001-10"), m("2001-11"), m("2001-12")])
        let expanding = try f.forecastOrigins(.expanding(minimum: 6), firstOrigin: m("2000-12"),
                                              lastOrigin: m("2001-06"), step: 3)
        XCTAssertEqual(expanding.map(\.origin), [m("2000-12"), m("2001-03"), m("2001-06")])
        XCTAssertEqual(expanding[2].estimation, m("2000-01")...m("2001-06"))
        XCTAssertTrue(message { try f.forecastOrigins(.rolling(window: 24), firstOrigin: m("2000-12")) }
            .contains("needs 24"))
    }

    // MARK: - Vintages

    func testVintageDiffOnSmallFrames() {
        let old = frame(["A": [1, 2, 3], "B": [1, .nan, 3], "C": [0, 0, 1]])
        let new = frame(["A": [1, 2.5, 3, 4], "B": [1, 2, .nan, 4], "D": [1, 1, 1, 1]])
        let diff = VintageDiff(old: old, new: new)
        XCTAssertEqual(diff.newPeriods, [m("2000-04")])
        XCTAssertEqual(diff.addedSeries, ["D"])
        XCTAssertEqual(diff.removedSeries, ["C"])
        XCTAssertEqual(diff.revisedValues, 1)
        XCTAssertEqual(diff.filledValues, 1)
        XCTAssertEqual(diff.deletedValues, 1)
        XCTAssertEqual(diff.revisedSeries, 1)
        XCTAssertEqual(diff.largest.first?.series, "A")
        XCTAssertEqual(diff.largest.first?.period, m("2000-02"))
        XCTAssertEqual(diff.largest.first?.standardized ?? 0, 0.5, accuracy: 1e-15)   // sd of 1, 2, 3 is 1
    }
}
