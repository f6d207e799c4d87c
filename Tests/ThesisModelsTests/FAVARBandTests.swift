import Foundation
import XCTest
import ThesisLinearAlgebra
@testable import ThesisModels

/// A small simulated FAVAR (no data files needed): two factors and a policy rule,
///   F_t = 0.7 F_{t−1} + ε_t,  R_t = 0.9 R_{t−1} + 0.2 F1_{t−1} + 0.1 F2_{t−1} + η_t,
///   X_it = λ_i'F_t + γ_i R_t + e_it, N = 30, T = 300.
enum FAVARSimulation {
    static func panel(seed: UInt64 = 7, t: Int = 300, n: Int = 30) -> (panel: Matrix, names: [String], r: [Double]) {
        var rng = Xoshiro256StarStar(seed: seed)
        var f1 = 0.0, f2 = 0.0, r = 0.0
        var x = Matrix(rows: t, columns: n)
        var rates = [Double]()
        let lambda = (0..<n).map { _ in (rng.nextNormal(), rng.nextNormal(), 0.3 * rng.nextNormal()) }
        for s in 0..<(t + 50) {
            let newR = 0.9 * r + 0.2 * f1 + 0.1 * f2 + 0.5 * rng.nextNormal()
            f1 = 0.7 * f1 + rng.nextNormal()
            f2 = 0.5 * f2 + rng.nextNormal()
            r = newR
            if s >= 50 {
                rates.append(r)
                for i in 0..<n {
                    x[s - 50, i] = lambda[i].0 * f1 + lambda[i].1 * f2 + lambda[i].2 * r + 0.5 * rng.nextNormal()
                }
            }
        }
        return (x, (0..<n).map { "X\($0)" }, rates)
    }

    static func model(lags: Int = 2, slow: [String]? = nil, codes: [Int]? = nil) throws -> FAVARModel {
        let (x, names, r) = panel()
        return try FAVARModel(panel: x, names: names, policyRate: r, policyName: "R", factors: 2, lags: lags,
                              slowSeries: slow, transformationCodes: codes ?? names.indices.map { [1, 2, 5, 6][$0 % 4] })
    }
}

final class FAVARBandTests: XCTestCase {
    func testBandsAreSeededAndWorkerCountInvariant() throws {
        let m = try FAVARSimulation.model()
        let series = ["X0", "X1", "X2", "X3", "R"]
        for method in [VARBandMethod.residualBootstrap, .parametricMonteCarlo] {
            let one = try m.responseBands(of: series, steps: 24, scale: .level,
                                          options: VARBandOptions(method: method, replications: 200, level: 0.9, seed: 11, workers: 1))
            let two = try m.responseBands(of: series, steps: 24, scale: .level,
                                          options: VARBandOptions(method: method, replications: 200, level: 0.9, seed: 11, workers: 2))
            XCTAssertEqual(one.lower, two.lower, "\(method)")
            XCTAssertEqual(one.upper, two.upper, "\(method)")
            let point = try m.responses(of: series, steps: 24, scale: .level)
            XCTAssertEqual(one.point, point.responses)
            // The policy rate moves by exactly the shock on impact in every replication.
            XCTAssertEqual(one.lower[4][0], 0.25, accuracy: 1e-12)
            XCTAssertEqual(one.upper[4][0], 0.25, accuracy: 1e-12)
            for s in 0..<series.count {
                for h in 0...24 {
                    XCTAssertLessThanOrEqual(one.lower[s][h], one.upper[s][h])
                }
                // Most of the point path lies inside its band.
                let inside = (0...24).filter { one.lower[s][$0] - 1e-12 <= one.point[s][$0] && one.point[s][$0] <= one.upper[s][$0] + 1e-12 }
                XCTAssertGreaterThanOrEqual(inside.count, 20, "\(series[s]) \(method)")
            }
            let other = try m.responseBands(of: series, steps: 24, scale: .level,
                                            options: VARBandOptions(method: method, replications: 200, level: 0.9, seed: 12, workers: 2))
            XCTAssertNotEqual(one.lower, other.lower, "another seed gives other bands")
        }
    }

    /// The bands of the standardized responses are the loadings applied to the VAR's own band
    /// draws: with one factor loading and nothing else, they equal the scaled VAR bands.
    func testBandsMatchTheVARDrawsMappedThroughTheLoadings() throws {
        let m = try FAVARSimulation.model()
        let options = VARBandOptions(replications: 101, level: 0.8, seed: 3, workers: 2)
        let bands = try m.responseBands(of: ["X5"], steps: 6, scale: .transformed, options: options)
        let draws = try m.varModel.impulseResponseDraws(steps: 6, options: options)
        let k = 3, kk = 9, stride = 7 * kk
        let i = try m.index(of: "X5")
        let lambda = m.loadingVector(i)
        for h in 0...6 {
            var values = (0..<101).map { rep -> Double in
                let base = rep * stride
                let impact = 0.25 / draws[base + 2 + 2 * k]
                var v = 0.0
                for l in 0..<k { v += lambda[l] * draws[base + h * kk + l + 2 * k] * impact }
                return v * m.standardDeviations[i]
            }
            values.sort()
            // N = 101, level 0.8: order statistics round(10.1) = 10 and round(90.9) = 91 (1-based).
            XCTAssertEqual(bands.lower[0][h], values[9], accuracy: 1e-14)
            XCTAssertEqual(bands.upper[0][h], values[90], accuracy: 1e-14)
        }
    }

    /// The re-extraction bootstrap: seeded, worker-count invariant, R moves by the shock on impact,
    /// and its bands are of the same order as the fixed-loadings bands (they add factor-estimation
    /// uncertainty, so they are not narrower on average).
    func testReextractionBootstrap() throws {
        for slow in [nil, (0..<15).map { "X\($0)" }] {
            let m = try FAVARSimulation.model(slow: slow)
            let series = ["X0", "X1", "X2", "R"]
            let options = { (workers: Int) in VARBandOptions(replications: 120, level: 0.9, seed: 5, workers: workers) }
            let one = try m.responseBands(of: series, steps: 12, scale: .transformed, options: options(1), reextractFactors: true)
            let two = try m.responseBands(of: series, steps: 12, scale: .transformed, options: options(2), reextractFactors: true)
            XCTAssertEqual(one.lower, two.lower)
            XCTAssertEqual(one.upper, two.upper)
            XCTAssertEqual(one.lower[3][0], 0.25, accuracy: 1e-12)
            XCTAssertEqual(one.upper[3][0], 0.25, accuracy: 1e-12)
            let fixed = try m.responseBands(of: series, steps: 12, scale: .transformed, options: options(2))
            var widthRe = 0.0, widthFixed = 0.0
            for s in 0..<3 {
                for h in 0...12 {
                    XCTAssertLessThanOrEqual(one.lower[s][h], one.upper[s][h])
                    widthRe += one.upper[s][h] - one.lower[s][h]
                    widthFixed += fixed.upper[s][h] - fixed.lower[s][h]
                }
            }
            XCTAssertGreaterThan(widthRe, 0.8 * widthFixed)
            XCTAssertLessThan(widthRe, 3 * widthFixed)
        }
        let m = try FAVARSimulation.model()
        XCTAssertThrowsError(try m.responseBands(of: ["X0"], options: VARBandOptions(method: .parametricMonteCarlo, replications: 10),
                                                 reextractFactors: true))
    }

    func testResponseScales() {
        let r = [1.0, 0.5, 0.25]
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 1, to: .level), r)
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 1, to: .growth), [1.0, -0.5, -0.25])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 2, to: .level), [1.0, 1.5, 1.75])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 2, to: .growth), r)
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 3, to: .level), [1.0, 2.5, 4.25])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 4, to: .level), [100, 50, 25])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 5, to: .level), [100, 150, 175])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 5, to: .growth), [100, 50, 25])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 6, to: .growth), [100, 150, 175])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 6, to: .level), [100, 250, 425])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 7, to: .level), [100, 250, 425])
        XCTAssertEqual(FAVARResponseScale.convert(r, code: 6, to: .transformed), r)
    }

    func testResponsesOnEachScaleAreConsistent() throws {
        let m = try FAVARSimulation.model()
        let names = ["X0", "X1", "X2", "X3"]
        let std = try m.responses(of: names, steps: 12, scale: .standardized)
        let tr = try m.responses(of: names, steps: 12, scale: .transformed)
        let level = try m.responses(of: names, steps: 12, scale: .level)
        for (s, name) in names.enumerated() {
            let i = try m.index(of: name)
            for h in 0...12 { XCTAssertEqual(tr.responses[s][h], std.responses[s][h] * m.standardDeviations[i], accuracy: 1e-14) }
            XCTAssertEqual(level.responses[s], FAVARResponseScale.convert(tr.responses[s], code: m.transformationCodes![i], to: .level))
        }
        let psi = try m.systemResponses(steps: 12, shockSize: 0.25)
        XCTAssertEqual(psi[0, 2], 0.25, accuracy: 1e-15)
        XCTAssertEqual(psi[0, 0], 0)  // R is last: the factors do not move on impact
        XCTAssertEqual(try m.responses(of: ["R"], steps: 12, scale: .level).responses[0], psi.column(2))
        // A 100 bp shock is four times a 25 bp one.
        let big = try m.responses(of: names, steps: 12, shockSize: 1, scale: .level)
        for s in names.indices { for h in 0...12 { XCTAssertEqual(big.responses[s][h], 4 * level.responses[s][h], accuracy: 1e-12) } }
    }

    func testCommonComponentFEVD() throws {
        let m = try FAVARSimulation.model()
        let d = try m.commonComponentFEVD(horizon: 60)
        XCTAssertEqual(d.names, m.names)
        for s in 0..<d.names.count {
            XCTAssertEqual(d.shares.row(s).reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertEqual(d.policyShare[s], d.shares[s, 2])
            XCTAssertGreaterThan(d.rSquared[s], 0.5)  // the simulated series are mostly common
        }
        // Horizon 1: only the impact matrix, where the policy shock moves nothing but R.
        let one = try m.commonComponentFEVD(horizon: 1, series: ["X0"])
        let lambda = m.loadingVector(0)
        let p = m.varModel.choleskySigmaU
        let c = (0..<3).map { j in (0..<3).reduce(0.0) { $0 + lambda[$1] * p[$1, j] } }
        XCTAssertEqual(one.policyShare[0], c[2] * c[2] / c.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-14)
    }

    func testRotationWithSimulatedSlowBlock() throws {
        let slow = (0..<15).map { "X\($0)" }
        let m = try FAVARSimulation.model(slow: slow)
        let rotation = try XCTUnwrap(m.rotation)
        XCTAssertEqual(rotation.slowSeries, slow)
        XCTAssertEqual(rotation.coefficients.rows, 4)
        for j in 0..<2 {
            for s in 0..<m.periodCount {
                XCTAssertEqual(m.factors[s, j],
                               m.principalComponents[s, j] - rotation.coefficients[3, j] * m.policyRate[s], accuracy: 1e-12)
            }
        }
    }

    func testErrors() throws {
        let (x, names, r) = FAVARSimulation.panel()
        func fails(_ what: String, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body(), what) { XCTAssertTrue($0 is VARError, "\(what): \($0)") }
        }
        fails("policy in panel") { _ = try FAVARModel(panel: x, names: names, policyRate: r, policyName: "X3") }
        fails("too many factors") { _ = try FAVARModel(panel: x, names: names, policyRate: r, factors: 31) }
        fails("no factors") { _ = try FAVARModel(panel: x, names: names, policyRate: r, factors: 0) }
        fails("short rate") { _ = try FAVARModel(panel: x, names: names, policyRate: Array(r.dropLast())) }
        fails("bad code") {
            _ = try FAVARModel(panel: x, names: names, policyRate: r, transformationCodes: names.map { _ in 8 })
        }
        fails("unknown slow series") { _ = try FAVARModel(panel: x, names: names, policyRate: r, slowSeries: ["Y"]) }
        fails("slow block too small") { _ = try FAVARModel(panel: x, names: names, policyRate: r, factors: 3, slowSeries: ["X1"]) }
        var constant = x
        for s in 0..<x.rows { constant[s, 4] = 1 }
        fails("constant series") { _ = try FAVARModel(panel: constant, names: names, policyRate: r) }
        var missing = x
        missing[10, 2] = .nan
        fails("missing value") { _ = try FAVARModel(panel: missing, names: names, policyRate: r) }
        let noCodes = try FAVARModel(panel: x, names: names, policyRate: r, factors: 2, lags: 2)
        fails("level without codes") { _ = try noCodes.responses(of: ["X1"], scale: .level) }
        XCTAssertNoThrow(try noCodes.responses(of: ["X1"], scale: .transformed))
        fails("unknown series") { _ = try noCodes.responses(of: ["nope"], scale: .standardized) }
        fails("zero shock") { _ = try noCodes.responses(of: ["X1"], shockSize: 0, scale: .standardized) }
        fails("FEVD horizon") { _ = try noCodes.commonComponentFEVD(horizon: 0) }
    }
}

final class FAVARSlowSeriesTests: XCTestCase {
    func testDefaultRule() {
        for slow in ["INDPRO", "RPI", "UNRATE", "PAYEMS", "CES0600000008", "CPIAUCSL", "PCEPI", "DPCERA3M086SBEA",
                     "RETAILx", "CMRMTSPLx", "IPB51222S"] {
            XCTAssertEqual(FAVARSlowSeries.isSlow(slow), true, slow)
        }
        for fast in ["FEDFUNDS", "GS10", "M2SL", "HOUST", "S&P 500", "EXJPUSx", "AMDMNOx", "BUSINVx", "UMCSENTx",
                     "NONBORRES", "S&P: indust"] {
            XCTAssertEqual(FAVARSlowSeries.isSlow(fast), false, fast)
        }
        XCTAssertNil(FAVARSlowSeries.isSlow("NOT_A_SERIES"))
        XCTAssertEqual(FAVARSlowSeries.defaultRule(["M2SL", "INDPRO", "unknown", "CPIAUCSL"]), ["INDPRO", "CPIAUCSL"])
        XCTAssertEqual(FREDMDGroup.of("HOUST"), .housing)
    }

    /// Every series of the FRED-MD vintages is in the group table.
    func testTableCoversTheVintages() throws {
        let folder = VARFixtures.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/fred-md")
        var checked = 0
        for vintage in ["2023-06", "2023-01", "2019-10"] {
            let url = folder.appendingPathComponent("\(vintage).csv")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let header = (text.split(whereSeparator: \.isNewline).first ?? "").split(separator: ",").dropFirst().map(String.init)
            for name in header { XCTAssertNotNil(FREDMDGroup.of(name), "\(vintage): \(name)") }
            checked += 1
        }
        if checked == 0 { throw XCTSkip("FRED-MD not found in \(folder.path)") }
    }
}
