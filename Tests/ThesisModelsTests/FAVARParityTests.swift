import Foundation
import XCTest
import ThesisData
import ThesisDocument
import ThesisLinearAlgebra
@testable import ThesisModels

/// The FRED-MD panel the FAVAR tests use, prepared once: 2023-06 vintage, 1960-01..2019-12,
/// McCracken-Ng preparation with FEDFUNDS left out of the panel; FEDFUNDS in levels.
enum FAVARFixtures {
    static let fredMDCSV = VARFixtures.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/fred-md/2023-06.csv")

    struct Panel {
        let panel: Matrix
        let names: [String]
        let codes: [Int]
        let fedfunds: [Double]
        let raw: TimeSeriesFrame
        let sample: ClosedRange<Month>
        let emIterations: Int
    }

    nonisolated(unsafe) private static var cached: Panel?
    private static let lock = NSLock()

    /// The prepared panel; XCTSkip when FRED-MD is not beside the repository.
    static func panel() throws -> Panel {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        guard FileManager.default.fileExists(atPath: fredMDCSV.path) else {
            throw XCTSkip("FRED-MD not found at \(fredMDCSV.path)")
        }
        let raw = try DataLoader.load(Data(contentsOf: fredMDCSV), file: "2023-06.csv", format: .fredMD)
        let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
        let prepared = try Preparation.prepare(raw, sample: sample,
                                               options: PreparationOptions(estimateFactors: false, exclude: ["FEDFUNDS"]))
        let frame = prepared.frame
        let codes = prepared.report.codes
        let fedfunds = try raw.slice(sample).column(named: "FEDFUNDS")!
        let result = Panel(panel: try Matrix(columns: frame.columns), names: frame.names,
                           codes: frame.names.map { codes[$0]! }, fedfunds: fedfunds, raw: raw, sample: sample,
                           emIterations: prepared.report.em?.iterations ?? -1)
        cached = result
        return result
    }

    static func json() throws -> [String: Any] {
        let url = VARFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/favar/fred-md-2023-06-favar.json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }
}

/// Compares arrays relative to the largest magnitude of the expected array (so entries that are
/// themselves near 0, e.g. far-horizon responses, are held to the array's scale), and tracks the
/// largest such error per label; also tracks the largest element-wise relative error (information).
final class ArrayCloseness {
    let tolerance: Double
    private(set) var worst: [String: Double] = [:]
    private(set) var worstElementwise = 0.0

    init(tolerance: Double) { self.tolerance = tolerance }

    func check(_ actual: [Double], _ expected: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(what) count", file: file, line: line)
        let scale = expected.map(abs).max() ?? 0
        var error = 0.0
        for (a, e) in zip(actual, expected) {
            error = max(error, abs(a - e) / max(scale, .leastNormalMagnitude))
            if abs(e) > 1e-12 * scale { worstElementwise = max(worstElementwise, abs(a - e) / abs(e)) }
        }
        let label = String(what.split(separator: " ").first ?? "")
        worst[label] = max(worst[label] ?? 0, error)
        XCTAssertLessThanOrEqual(error, tolerance, "\(what): relative error \(error)", file: file, line: line)
    }

    func check(_ actual: Double, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let e = expected as? Double else { return XCTFail("\(what): fixture is not a number", file: file, line: line) }
        check([actual], [e], what, file: file, line: line)
    }

    func check(_ actual: Matrix, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let rows = expected as? [[Double]] else { return XCTFail("\(what): fixture is not a matrix", file: file, line: line) }
        XCTAssertEqual(actual.rows, rows.count, "\(what) rows", file: file, line: line)
        check((0..<min(actual.rows, rows.count)).flatMap { actual.row($0) }, rows.prefix(actual.rows).flatMap { $0 },
              what, file: file, line: line)
    }

    func check(_ actual: [Matrix], _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let stack = expected as? [[[Double]]] else {
            return XCTFail("\(what): fixture is not a stack of matrices", file: file, line: line)
        }
        XCTAssertEqual(actual.count, stack.count, "\(what) count", file: file, line: line)
        let a = actual.prefix(stack.count).flatMap { m in (0..<m.rows).flatMap { m.row($0) } }
        check(a, stack.prefix(actual.count).flatMap { $0.flatMap { $0 } }, what, file: file, line: line)
    }

    var summary: String {
        worst.keys.sorted().map { "\($0) \(String(format: "%.1e", worst[$0]!))" }.joined(separator: ", ")
            + "; element-wise worst \(String(format: "%.1e", worstElementwise))"
    }
}

/// Parity with Tests/Fixtures/generate_favar.py (numpy + statsmodels 0.15) on FRED-MD 2023-06,
/// 1960-01..2019-12: K = 3, VAR(12) with a constant on [F1, F2, F3, FEDFUNDS].
///
/// Tolerance 1e-8, relative to the largest magnitude of each compared quantity (a matrix, a stack
/// of matrices, a response path). Both sides prepare the panel independently (the Swift
/// preparation matches the numpy port to ~1e-12, see PreparationRealDataTests), so the fixture
/// checks the whole chain from the raw file.
final class FAVARParityTests: XCTestCase {
    static let tolerance = 1e-8

    func model(rotated: Bool, lags: Int = 12) throws -> FAVARModel {
        let p = try FAVARFixtures.panel()
        return try FAVARModel(panel: p.panel, names: p.names, policyRate: p.fedfunds, factors: 3, lags: lags,
                              slowSeries: rotated ? FAVARSlowSeries.defaultRule(p.names) : nil,
                              transformationCodes: p.codes)
    }

    func checkModel(_ m: FAVARModel, _ doc: [String: Any], full: Bool, _ close: ArrayCloseness) throws {
        let fixture = try FAVARFixtures.json()
        let selected = try XCTUnwrap(fixture["selected"] as? [String])
        let steps = try XCTUnwrap(fixture["steps"] as? Int)
        let horizon = try XCTUnwrap(fixture["fevdHorizon"] as? Int)
        let v = try XCTUnwrap(doc["var"] as? [String: Any])
        let model = m.varModel
        XCTAssertEqual(model.observationCount, v["nobs"] as? Int)
        close.check(model.params, v["params"], "params")
        close.check(model.sigmaU, v["sigma_u"], "sigma_u")
        close.check(model.sigmaUMLE, v["sigma_u_mle"], "sigma_u_mle")
        for (name, value) in [("llf", model.logLikelihood), ("aic", model.aic), ("bic", model.bic),
                              ("hqic", model.hqic), ("fpe", model.fpe)] {
            close.check(value, v[name], "criteria \(name)")
        }
        close.check(try model.orthogonalizedMARepresentation(steps: steps), v["orth_irfs"], "orth_irfs")
        if full {
            close.check(try model.maRepresentation(steps: steps), v["irfs"], "irfs")
            close.check(try model.fevd(periods: steps).decomposition, v["fevd"], "fevd")
            close.check(try model.forecast(steps: 12), v["forecast"], "forecast")
            let all = try XCTUnwrap(doc["loadingsAll"] as? [[Double]])
            for i in 0..<m.names.count { close.check(m.loadings.column(i), all[i], "loadings \(m.names[i])") }
        }
        // Factors: sums, sums of squares, first and last values.
        let stats = try XCTUnwrap(doc["factorStats"] as? [[String: Any]])
        for j in 0..<3 {
            let f = m.factors.column(j)
            // The sum is ~0 for unrotated PCs (mean zero by construction): compare it on the scale of
            // √(T·ΣF²), the bound of |ΣF|, rather than relative to itself.
            let sumSquares = try XCTUnwrap(stats[j]["sumSquares"] as? Double)
            let bound = (Double(f.count) * sumSquares).squareRoot()
            close.check([f.reduce(0, +), bound], [try XCTUnwrap(stats[j]["sum"] as? Double), bound], "factors sum F\(j + 1)")
            close.check(f.reduce(0) { $0 + $1 * $1 }, stats[j]["sumSquares"], "factors sumSquares F\(j + 1)")
            close.check(Array(f.prefix(3)), try XCTUnwrap(stats[j]["first"] as? [Double]), "factors first F\(j + 1)")
            close.check(Array(f.suffix(3)), try XCTUnwrap(stats[j]["last"] as? [Double]), "factors last F\(j + 1)")
        }
        close.check(m.rSquared, try XCTUnwrap(doc["rSquared"] as? [Double]), "rSquared")
        close.check(try m.systemResponses(steps: steps), doc["policyResponses"], "policyResponses")
        let responses = try XCTUnwrap(doc["responses"] as? [String: [String: Any]])
        for scale in FAVARResponseScale.allCases {
            let r = try m.responses(of: selected, steps: steps, scale: scale)
            for s in selected {
                XCTAssertEqual(responses[s]?["code"] as? Int, m.transformationCodes?[try m.index(of: s)])
                close.check(try r.path(s), try XCTUnwrap(responses[s]?[scale.rawValue] as? [Double]),
                            "responses \(s) \(scale.rawValue)")
            }
        }
        let fevd = try m.commonComponentFEVD(horizon: horizon, series: selected)
        let expected = try XCTUnwrap(doc["commonFEVD"] as? [String: Double])
        for (i, s) in selected.enumerated() { close.check(fevd.policyShare[i], expected[s], "commonFEVD \(s)") }
    }

    func testBaselineMatchesStatsmodels() throws {
        let fixture = try FAVARFixtures.json()
        let p = try FAVARFixtures.panel()
        XCTAssertEqual(p.names, fixture["series"] as? [String])
        XCTAssertEqual(p.codes, fixture["codes"] as? [Int])
        XCTAssertEqual(p.panel.rows, fixture["periods"] as? Int)
        XCTAssertEqual(p.emIterations, (fixture["em"] as? [String: Any])?["iterations"] as? Int)
        let close = ArrayCloseness(tolerance: Self.tolerance)
        let policy = try XCTUnwrap(fixture["policy"] as? [String: Any])
        close.check(p.fedfunds.reduce(0, +), policy["sum"], "policy sum")
        let m = try model(rotated: false)
        XCTAssertNil(m.rotation)
        XCTAssertEqual(m.systemNames, ["F1", "F2", "F3", "FEDFUNDS"])
        try checkModel(m, try XCTUnwrap(fixture["baseline"] as? [String: Any]), full: true, close)
        print("FAVAR baseline parity, largest relative errors: \(close.summary)")
    }

    func testRotatedMatchesNumpy() throws {
        let fixture = try FAVARFixtures.json()
        let m = try model(rotated: true)
        let rotation = try XCTUnwrap(m.rotation)
        XCTAssertEqual(rotation.slowSeries, fixture["slowSeries"] as? [String])
        let close = ArrayCloseness(tolerance: Self.tolerance)
        try checkModel(m, try XCTUnwrap(fixture["rotated"] as? [String: Any]), full: false, close)
        print("FAVAR rotated parity, largest relative errors: \(close.summary)")
    }

    /// The price puzzle (Sims 1992; BBE 2005, Fig. I): after a 25 bp tightening the CPI LEVEL rises
    /// in a small VAR(13) on [INDPRO growth, CPI inflation, FEDFUNDS]; the FAVAR (K = 3, 13 lags,
    /// no rotation) removes it. Criterion tested: the maximum of the cumulated CPI response (price
    /// level, percent) over months 0…24 is positive (> 0.1%) in the VAR and less than a tenth of the
    /// VAR's in the FAVAR, whose CPI level is below zero at 24 months. Both also match the numpy
    /// fixture to 1e-8.
    func testFAVARRemovesThePricePuzzle() throws {
        let p = try FAVARFixtures.panel()
        let fixture = try XCTUnwrap(try FAVARFixtures.json()["pricePuzzle"] as? [String: Any])
        let rawCPI = try XCTUnwrap(p.raw.column(named: "CPIAUCSL"))
        let rows = try XCTUnwrap(p.raw.periods.firstIndex(of: p.sample.lowerBound))
        let inflation = (rows..<(rows + p.panel.rows)).map { log(rawCPI[$0]) - log(rawCPI[$0 - 1]) }
        let ip = p.panel.column(try XCTUnwrap(p.names.firstIndex(of: "INDPRO")))
        let small = try VARModel(series: [ip, inflation, p.fedfunds], names: ["INDPRO", "INFL", "FEDFUNDS"], lags: 13)
        let theta = try small.orthogonalizedMARepresentation(steps: 48)
        var level = 0.0
        let varLevel: [Double] = theta.map { th in level += 100 * th[1, 2] * 0.25 / theta[0][2, 2]; return level }
        let favar = try model(rotated: false, lags: 13)
        let favarLevel = try favar.responses(of: ["CPIAUCSL"], steps: 48, scale: .level).path("CPIAUCSL")

        let close = ArrayCloseness(tolerance: Self.tolerance)
        close.check(varLevel, try XCTUnwrap(fixture["varLevel"] as? [Double]), "varLevel")
        close.check(favarLevel, try XCTUnwrap(fixture["favarLevel"] as? [Double]), "favarLevel")
        let varMax = varLevel[0...24].max()!, favarMax = favarLevel[0...24].max()!
        print(String(format: "price puzzle: max CPI level response over 0-24 months, VAR %.4f%%, FAVAR %.4f%%; "
                     + "at 24 months VAR %.4f%%, FAVAR %.4f%%", varMax, favarMax, varLevel[24], favarLevel[24]))
        XCTAssertGreaterThan(varMax, 0.1, "the small VAR should show the price puzzle")
        XCTAssertLessThan(favarMax, varMax / 10, "the FAVAR should remove most of the price puzzle")
        XCTAssertLessThan(favarLevel[24], 0, "the FAVAR's price level should have fallen after 24 months")
    }

    /// BBE's setting end to end on the real panel: 90% residual-bootstrap bands (200 replications
    /// here, to keep the debug test fast) around the level responses of the four series; FEDFUNDS
    /// moves by exactly 25 bp on impact in every replication, and the point paths lie inside.
    func testBandsOnFREDMD() throws {
        let m = try model(rotated: false, lags: 13)
        let series = ["FEDFUNDS", "INDPRO", "CPIAUCSL", "UNRATE", "M2SL"]
        let bands = try m.responseBands(of: series, steps: 48, scale: .level,
                                        options: VARBandOptions(replications: 200, level: 0.9, seed: 1))
        XCTAssertEqual(bands.lower[0][0], 0.25, accuracy: 1e-12)
        XCTAssertEqual(bands.upper[0][0], 0.25, accuracy: 1e-12)
        for s in series.indices {
            let inside = (0...48).filter { bands.lower[s][$0] <= bands.point[s][$0] && bands.point[s][$0] <= bands.upper[s][$0] }
            XCTAssertGreaterThanOrEqual(inside.count, 45, series[s])
        }
        print(String(format: "FRED-MD FAVAR(3, 13), INDPRO level at 24 months: %.3f%% [%.3f, %.3f]",
                     bands.point[1][24], bands.lower[1][24], bands.upper[1][24]))
    }

    /// With R ordered last, the responses to the policy shock do not depend on how the factor block
    /// is normalized: refit the VAR on [F·A, R] for an invertible A, recompute the loadings, and the
    /// observed series' responses are unchanged (the VAR's coefficients are not).
    func testPolicyResponsesAreInvariantToFactorNormalization() throws {
        let p = try FAVARFixtures.panel()
        let m = try model(rotated: false)
        let a = try Matrix(rowMajor: [[2.0, 0.5, -1.0], [0.3, -1.5, 0.2], [1.0, 0.0, 0.7]])
        let f = try multiply(m.factors, a)
        let rColumn = Matrix(column: p.fedfunds)
        let system = try Matrix(horizontallyStacking: [f, rColumn])
        let other = try VARModel(data: system, names: m.systemNames, lags: 12)
        let design = try Matrix(horizontallyStacking: [Matrix(rows: system.rows, columns: 1, repeating: 1), system])
        var z = Matrix(rows: p.panel.rows, columns: p.panel.columns)
        for j in 0..<z.columns { for s in 0..<z.rows { z[s, j] = (p.panel[s, j] - m.means[j]) / m.standardDeviations[j] } }
        let lambda = try leastSquares(design, z)
        let theta = try other.orthogonalizedMARepresentation(steps: 48)
        let expected = try m.responses(of: ["INDPRO", "CPIAUCSL", "UNRATE"], steps: 48, scale: .standardized)
        var worst = 0.0
        for name in expected.names {
            let i = try m.index(of: name)
            let path = try expected.path(name)
            let scale = path.map(abs).max()!
            for h in 0...48 {
                var v = 0.0
                for l in 0..<4 { v += lambda[l + 1, i] * theta[h][l, 3] * 0.25 / theta[0][3, 3] }
                worst = max(worst, abs(v - path[h]) / scale)
            }
        }
        XCTAssertLessThan(worst, 1e-9, "responses changed with the factor normalization")
        XCTAssertGreaterThan(abs(other.params[1, 0] - m.varModel.params[1, 0]), 1e-3)
    }
}
