import Foundation
import XCTest
import ThesisDocument
import ThesisLinearAlgebra
import ThesisData
@testable import ThesisModels

/// End to end, the point of the synthetic panel: McCracken-Ng's preparation of the file finds
/// about the true number of factors, the estimated factors span the true ones, and a BBE
/// two-step FAVAR on them recovers the true responses of INDPRO and CPIAUCSL.
///
/// (This lives in ThesisModelsTests because ThesisDataTests cannot import ThesisModels, which
/// generates the panel.)
final class SimulationRecoveryTests: XCTestCase {
    static var panel: SyntheticPanel { SimulationDeterminismTests.panel }
    static let sample = Month(year: 1960, month: 1)...Month(year: 2019, month: 12)
    /// Rows of the sample in the panel (1960-01 is row 12).
    static let rows = 12..<732

    /// The file prepared exactly as McCracken & Ng do, over 1960-01 … 2019-12 (once per class).
    static let prepared: PreparedData = {
        let frame = try! DataLoader.load(Data(panel.csv.utf8), file: "synthetic.csv", format: .fredMD)
        return try! Preparation.prepare(frame, sample: sample, options: .mcCrackenNg)
    }()

    /// R² of y on [1, columns].
    static func rSquared(_ y: [Double], on columns: [[Double]]) throws -> Double {
        let design = try Matrix(columns: [[Double](repeating: 1, count: y.count)] + columns)
        let beta = try leastSquares(design, y)
        let fitted = try multiply(design, beta)
        let mean = y.reduce(0, +) / Double(y.count)
        var ssr = 0.0, sst = 0.0
        for (a, f) in zip(y, fitted) { ssr += (a - f) * (a - f); sst += (a - mean) * (a - mean) }
        return 1 - ssr / sst
    }

    func testPreparationFindsTheFactorsAndTheirSpace() throws {
        let prepared = Self.prepared, truth = Self.panel.truth
        let report = prepared.report
        XCTAssertEqual(report.periods, 720)
        XCTAssertEqual(report.series, Self.panel.names.count)
        // Every planted outlier inside the sample is removed, and few other values are.
        let removed = try XCTUnwrap(report.outliers).removed
        for outlier in Self.panel.outliers {
            let month = Month(year: outlier.period.year, month: outlier.period.month)
            XCTAssertTrue(removed.contains { $0.series == outlier.series && $0.period == month },
                          "\(outlier.series) \(outlier.period) not removed")
        }
        XCTAssertLessThanOrEqual(removed.count, 16)
        XCTAssertGreaterThan(report.missing, 0)
        let em = try XCTUnwrap(report.em)
        let model = try XCTUnwrap(prepared.factors)
        print("prepared: \(report.periods)×\(report.series), \(removed.count) outliers removed, \(report.missing) missing, "
              + "EM \(em.iterations) iterations (k path \(em.factorPath)), IC_p2 chooses \(model.selectedK); "
              + "shares " + model.shares.prefix(6).map { String(format: "%.3f", $0) }.joined(separator: " "))
        // K = 3 latent factors plus the policy rate, which the fast series load on directly: the
        // static factor space of the panel has dimension 4, so IC_p2 should find 3 to 5.
        XCTAssertTrue((3...5).contains(model.selectedK), "IC_p2 chose \(model.selectedK)")
        XCTAssertTrue((3...5).contains(em.finalFactors), "EM ended with \(em.finalFactors)")

        // The estimated factors span the true ones (and the policy rate).
        let estimated = model.factors
        let policy = Array(truth.policyRate[Self.rows])
        var lines: [String] = []
        for j in 0..<truth.factorCount {
            let y = Array(truth.factors[j][Self.rows])
            let onFactors = try Self.rSquared(y, on: estimated)
            let withRate = try Self.rSquared(y, on: estimated + [policy])
            lines.append(String(format: "F%d %.3f (%.3f with R)", j + 1, onFactors, withRate))
            XCTAssertGreaterThan(onFactors, 0.9, "R² of F\(j + 1) on the \(model.k) estimated factors")
            XCTAssertGreaterThan(withRate, 0.9)
        }
        let rateOnFactors = try Self.rSquared(policy, on: estimated)
        // The documented composition of the components: R's level is in the first three, the rate
        // surprise U = R − 5 − F3 only from the fourth on.
        let surprise = zip(policy, truth.factors[2][Self.rows]).map { $0 - 5 - $1 }
        let firstThree = Array(estimated.prefix(3))
        let uOnThree = try Self.rSquared(surprise, on: firstThree)
        let uOnFour = try Self.rSquared(surprise, on: Array(estimated.prefix(4)))
        let rOnThree = try Self.rSquared(policy, on: firstThree)
        print(String(format: "R² of R on 3 components %.3f; of U on 3 %.3f, on 4 %.3f", rOnThree, uOnThree, uOnFour))
        XCTAssertGreaterThan(rOnThree, 0.9)
        XCTAssertLessThan(uOnThree, 0.5)
        XCTAssertGreaterThan(uOnFour, 0.85)
        print("R² of the true factors on the estimated ones: " + lines.joined(separator: ", ")
              + String(format: "; R on them %.3f", rateOnFactors))
        // Canonical correlations as well: the smallest one between the true factors and the
        // estimated space (the R² of the worst-recovered direction).
        let smallest = try smallestCanonicalCorrelation(truth.factors.map { Array($0[Self.rows]) }, estimated)
        print(String(format: "smallest canonical correlation of [F1 F2 F3] with the estimated factors: %.3f", smallest))
        XCTAssertGreaterThan(smallest * smallest, 0.9)
    }

    /// The smallest canonical correlation between the column spaces of `a` and `b` (both demeaned):
    /// the square root of the smallest eigenvalue of Saa⁻¹ Sab Sbb⁻¹ Sba.
    func smallestCanonicalCorrelation(_ a: [[Double]], _ b: [[Double]]) throws -> Double {
        func demeaned(_ columns: [[Double]]) throws -> Matrix {
            try Matrix(columns: columns.map { c in let m = c.reduce(0, +) / Double(c.count); return c.map { $0 - m } })
        }
        let x = try demeaned(a), y = try demeaned(b)
        let saa = gram(x), sbb = gram(y)
        let sab = try multiply(x, y, transposeA: true)
        let m = try solve(saa, try multiply(sab, try solve(sbb, sab.transposed)))
        let values = try eigenvalues(m).map(\.real)
        return max(0, values.min()!).squareRoot()
    }

    /// BBE's two-step FAVAR written out with the VAR engine (K = 3, VAR(2), a 25 bp shock):
    /// Ĉ = 3 principal components of the prepared panel without FEDFUNDS; the slow/fast rotation
    /// F̂ = Ĉ − b̂_R R from Ĉ = b_s F̂^s + b_R R + e with F̂^s the 3 principal components of the slow
    /// series; a VAR(2) on [F̂, R] with R last, Cholesky; loadings by OLS of each series on
    /// [1, F̂, R]. INDPRO (level) and CPIAUCSL (price level) then have the true signs and lie
    /// within a loose band of the truth. When the FAVAR engine (`FAVARModel`) reaches main, this
    /// should call it instead (`FAVARModel(panel:names:policyRate:factors: 3, lags: 2,
    /// slowSeries: panel.slowSeries)` and its `responses(of:)`).
    func testTwoStepFAVARRecoversTheTrueResponses() throws {
        let truth = Self.panel.truth
        let rotated = try twoStepResponses(rotate: true)
        let direct = try twoStepResponses(rotate: false)
        let ipTrue = Transformation.dlog.response(try XCTUnwrap(truth.response(of: "INDPRO")), as: .level)
        let cpiTrue = try XCTUnwrap(truth.response(of: "CPIAUCSL"))
        let pTrue = Transformation.ddlog.response(cpiTrue, as: .level)
        let piTrue = Transformation.ddlog.response(cpiTrue, as: .growth)
        let rTrue = try XCTUnwrap(truth.response(of: "FEDFUNDS"))
        let ipHat = Transformation.dlog.response(rotated.indpro, as: .level)
        let pHat = Transformation.ddlog.response(rotated.cpi, as: .level)
        let piHat = Transformation.ddlog.response(rotated.cpi, as: .growth)
        let rHat = rotated.rate
        let ipDirect = Transformation.dlog.response(direct.indpro, as: .level)
        let pDirect = Transformation.ddlog.response(direct.cpi, as: .level)
        print("25 bp shock; estimated with the rotation (without it in brackets)")
        print(" h  R true   est        IP level % true   est     [est]    CPI level % true   est      [est]   inflation % true  est")
        for h in [0, 1, 3, 6, 9, 12, 18, 24, 36, 48, 60] {
            print(String(format: "%2d  %.3f  %.3f      %8.3f %8.3f [%8.3f]      %8.4f %8.4f [%8.4f]      %8.5f %8.5f",
                         h, rTrue[h], rHat[h], 100 * ipTrue[h], 100 * ipHat[h], 100 * ipDirect[h],
                         100 * pTrue[h], 100 * pHat[h], 100 * pDirect[h], 100 * piTrue[h], 100 * piHat[h]))
        }
        // Signs: IP below baseline through the first two years, the price level below baseline from
        // the first year on, the policy rate up for two years.
        XCTAssertTrue(ipHat[3...24].allSatisfy { $0 < 0 }, "estimated IP level response")
        XCTAssertTrue(pHat[12...60].allSatisfy { $0 < 0 }, "estimated price level response")
        XCTAssertTrue(rHat[0...24].allSatisfy { $0 > 0 }, "estimated policy rate response")
        // Loose bands: within half the largest true response (IP, R), within a factor of three
        // (price level at 24 and 48 months).
        let ipScale = ipTrue.map(abs).max()!
        for h in 0...48 { XCTAssertEqual(ipHat[h], ipTrue[h], accuracy: 0.5 * ipScale, "IP level h \(h)") }
        for h in 0...36 { XCTAssertEqual(rHat[h], rTrue[h], accuracy: 0.5 * 0.25, "R h \(h)") }
        for h in [24, 48] {
            XCTAssertTrue((1.0 / 3...3).contains(pHat[h] / pTrue[h]), "CPI level h \(h): \(pHat[h]) vs \(pTrue[h])")
        }
    }

    /// The two-step FAVAR's responses (transformed scale) of INDPRO, CPIAUCSL and R.
    func twoStepResponses(rotate: Bool) throws -> (indpro: [Double], cpi: [Double], rate: [Double]) {
        let truth = Self.panel.truth, frame = Self.prepared.frame
        let panel = frame.selecting(frame.names.filter { $0 != "FEDFUNDS" })
        let policy = Array(truth.policyRate[Self.rows])
        let c = try FactorModel(panel, kmax: 8, k: 3).factors
        var f = c
        if rotate {
            let slow = try FactorModel(panel.selecting(Self.panel.slowSeries), kmax: 8, k: 3).factors
            let design = try Matrix(columns: [[Double](repeating: 1, count: policy.count)] + slow + [policy])
            for j in 0..<3 {
                let b = try leastSquares(design, c[j])
                f[j] = zip(c[j], policy).map { $0 - b[4] * $1 }
            }
        }
        let model = try VARModel(series: f + [policy], names: ["F1", "F2", "F3", "FEDFUNDS"], lags: 2)
        let theta = try model.orthogonalizedMARepresentation(steps: truth.horizons)
        let scale = truth.shockSize / theta[0][3, 3]
        let system = theta.map { t in (0..<4).map { t[$0, 3] * scale } }
        func response(_ name: String) throws -> [Double] {
            let x = try XCTUnwrap(frame.column(named: name))
            let design = try Matrix(columns: [[Double](repeating: 1, count: x.count)] + f + [policy])
            let beta = try leastSquares(design, x)
            return system.map { r in (0..<4).reduce(0.0) { $0 + beta[$1 + 1] * r[$1] } }
        }
        return (try response("INDPRO"), try response("CPIAUCSL"), system.map { $0[3] })
    }
}
