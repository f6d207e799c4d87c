import Foundation
import XCTest
import ThesisLinearAlgebra
import ThesisData
@testable import ThesisModels

/// The synthetic panel agrees with its own truth: the codes recover the transformed series, the
/// true responses are λ'Θ_h, and the DGP has the documented properties.
final class SimulationConsistencyTests: XCTestCase {
    static var panel: SyntheticPanel { SimulationDeterminismTests.panel }

    static let frame: TimeSeriesFrame = try! DataLoader.load(Data(panel.csv.utf8), file: "synthetic.csv",
                                                             format: .fredMD)

    /// Applying each code (ThesisData's `Transformation`) to the file's raw column gives x_it back,
    /// up to the 8-significant-digit rounding, except where the file is empty or a deliberate
    /// outlier was planted.
    func testCodesRecoverTheTransformedSeries() throws {
        let panel = Self.panel, truth = panel.truth, frame = Self.frame
        var worst: [Int: Double] = [:]
        var compared = 0
        for (i, name) in truth.names.enumerated() {
            let code = truth.codes[i]
            let transformation = try Transformation(code: code)
            let raw = try XCTUnwrap(frame.column(named: name))
            let recovered = try transformation.apply(raw, series: name)
            let lost = transformation.lostPeriods
            let spoiled = Set(panel.outliers.filter { $0.series == name }.flatMap { $0.row...($0.row + lost) })
            for row in lost..<raw.count where !recovered[row].isNaN && !spoiled.contains(row) {
                // Rounding to 8 significant digits moves a raw value by at most 5e-8 relative (half a
                // unit in the 8th digit of 1.0000000…); a code combines up to three of them, so the
                // error is ≤ 2e-7 in log/ratio units and ≤ 1e-7·|level| for codes 1 and 2.
                let scale: Double
                switch code {
                case 1, 2: scale = max(abs(raw[row]), row > 0 ? abs(raw[row - 1]) : 0)
                default: scale = 1
                }
                let error = abs(recovered[row] - truth.transformed[i][row])
                worst[code] = max(worst[code] ?? 0, error / scale)
                XCTAssertLessThanOrEqual(error, 2e-7 * scale, "\(name) (code \(code)) row \(row)")
                compared += 1
            }
            // Missing values only where documented.
            let expectedMissing = (panel.lateStarts[name] ?? 0) + lost + (panel.raggedEdge[name] ?? 0)
            XCTAssertEqual(recovered.filter(\.isNaN).count, expectedMissing, name)
        }
        print("recovered \(compared) transformed values; largest error by code (relative to the level for 1, 2): "
              + worst.keys.sorted().map { "\($0): \(String(format: "%.1e", worst[$0]!))" }.joined(separator: ", "))
        // FEDFUNDS is R_t itself.
        let fedfunds = try XCTUnwrap(frame.column(named: "FEDFUNDS"))
        for (a, b) in zip(fedfunds, truth.policyRate) { XCTAssertEqual(a, b, accuracy: 5.000001e-8 * abs(b)) }
    }

    /// Every planted outlier is beyond McCracken-Ng's 10·IQR on the transformed scale (ThesisData's
    /// rule over the whole sample), and the rule flags almost nothing else.
    func testOutliersAreFarBeyondTenIQR() throws {
        let panel = Self.panel
        XCTAssertEqual(panel.outliers.count, 5)
        let transformed = try Self.frame.transformed()
        var others = 0
        for name in Set(panel.outliers.map(\.series)) {
            let i = try XCTUnwrap(transformed.index(of: name))
            let flags = OutlierRule().flags(transformed.columns[i])
            let code = panel.codes[i]
            let lost = try Transformation(code: code).lostPeriods
            for outlier in panel.outliers where outlier.series == name {
                let affected = code == 4 || code == 1 ? [outlier.row] : Array(outlier.row...(outlier.row + lost))
                for row in affected { XCTAssertTrue(flags[row], "\(name) row \(row) not flagged") }
            }
            others += flags.enumerated().filter { row, flagged in
                flagged && !panel.outliers.contains { $0.series == name && (($0.row)...($0.row + lost)).contains(row) }
            }.count
        }
        var flaggedElsewhere = 0
        for (i, name) in transformed.names.enumerated() where !panel.outliers.contains(where: { $0.series == name }) {
            flaggedElsewhere += OutlierRule().flags(transformed.columns[i]).filter { $0 }.count
        }
        print("10·IQR flags besides the planted outliers: \(others) in their series, \(flaggedElsewhere) elsewhere")
        XCTAssertLessThanOrEqual(others + flaggedElsewhere, 5)
    }

    /// The truth's responses are λ_i'Θ_h e_4 · 0.25/P[4,4], with Θ computed here by the VAR
    /// engine's own MA recursion (`VARModel.maCoefficients`, `orthogonalize`), independently of
    /// the generator's.
    func testTrueResponsesAreLoadingsTimesTheta() throws {
        let truth = Self.panel.truth
        let system = truth.system
        let k = 4, steps = truth.horizons
        // A_j flattened as the engine stores them: A_j[r, c] at (j−1)K² + r + cK.
        var lagCoefficients = [Double]()
        for a in system.coefficients { lagCoefficients += a.elements }
        var phi = [Double](repeating: 0, count: (steps + 1) * k * k)
        var theta = phi
        lagCoefficients.withUnsafeBufferPointer { a in
            phi.withUnsafeMutableBufferPointer { out in
                VARModel.maCoefficients(lagCoefficients: a, k: k, lags: 2, steps: steps, into: out)
            }
        }
        phi.withUnsafeBufferPointer { ph in
            system.impact.withUnsafeBufferPointer { p in
                theta.withUnsafeMutableBufferPointer { out in
                    VARModel.orthogonalize(ph, p: p, k: k, count: steps + 1, into: out)
                }
            }
        }
        let scale = truth.shockSize / system.impact[3, 3]
        XCTAssertEqual(truth.stateResponses.count, steps + 1)
        XCTAssertEqual(truth.responses.count, truth.names.count)
        var worst = 0.0
        for h in 0...steps {
            let r = (0..<k).map { theta[h * k * k + $0 + 3 * k] * scale }
            for j in 0..<k {
                XCTAssertEqual(truth.stateResponses[h][j], r[j], accuracy: 1e-13 * max(1, abs(r[j])), "state \(j) h \(h)")
            }
            for (i, loading) in truth.loadings.enumerated() {
                let expected = (0..<k).reduce(0.0) { $0 + loading[$1] * r[$1] }
                let size = truth.loadings[i].map(abs).max()! * 0.25
                worst = max(worst, abs(truth.responses[i][h] - expected) / size)
                XCTAssertEqual(truth.responses[i][h], expected, accuracy: 1e-12 * size, "\(truth.names[i]) h \(h)")
            }
        }
        print("largest |truth − λ'Θ| relative to the loading scale: \(worst)")
        XCTAssertEqual(truth.response(of: "FEDFUNDS")?.first ?? 0, 0.25, accuracy: 1e-15)
        XCTAssertEqual(truth.response(of: "INDPRO"), truth.responses[truth.index(of: "INDPRO")!])
    }

    /// The properties the documentation promises: a stable VAR, slow series that do not move on
    /// impact, a tightening that raises R, lowers activity with a lag and prices slowly (no
    /// price puzzle), and population moments as in the table.
    func testDocumentedPropertiesOfTheDGP() throws {
        let truth = Self.panel.truth, system = truth.system
        // The parameter table has a row per observed series.
        let table = SyntheticFREDMD.seriesTable.split(separator: "\n")
        XCTAssertEqual(table.count, 2 + truth.names.count)
        XCTAssertTrue(table.contains { $0.hasPrefix("| CPIAUCSL | 7 | 6 | slow | ") }, "\(table[2...4])")
        // Stability.
        var companion = Matrix(rows: 8, columns: 8)
        for j in 0..<2 { for r in 0..<4 { for c in 0..<4 { companion[r, j * 4 + c] = system.coefficients[j][r, c] } } }
        for i in 4..<8 { companion[i, i - 4] = 1 }
        let moduli = try eigenvalues(companion).map(\.modulus)
        print("companion moduli: " + moduli.sorted(by: >).prefix(3).map { String(format: "%.4f", $0) }.joined(separator: ", "))
        XCTAssertLessThan(moduli.max()!, SyntheticVAR.stabilityBound)
        XCTAssertGreaterThan(moduli.max()!, 0.95, "R should be persistent")
        // P lower triangular; intercept c = (I − A1 − A2) μ.
        for r in 0..<4 { for c in (r + 1)..<4 where c < 4 { XCTAssertEqual(system.impact[r, c], 0) } }
        XCTAssertEqual(system.intercept[3], 0.125, accuracy: 1e-12)

        // Slow series do not move on impact; fast ones load on R.
        for (i, spec) in SyntheticFREDMD.series.enumerated() {
            if spec.isSlow {
                XCTAssertEqual(truth.loadings[i][2], 0, spec.name)
                XCTAssertEqual(truth.loadings[i][3], 0, spec.name)
                XCTAssertEqual(truth.responses[i][0], 0, spec.name)
            }
        }
        for name in ["TB3MS", "GS1", "GS10", "BAA", "CP3Mx"] {
            XCTAssertGreaterThan(try XCTUnwrap(truth.response(of: name))[0], 0.05, name)
        }
        XCTAssertLessThan(try XCTUnwrap(truth.response(of: "S&P 500"))[0], 0)
        XCTAssertGreaterThan(try XCTUnwrap(truth.response(of: "EXJPUSx"))[0], 0, "the dollar appreciates")
        XCTAssertLessThan(try XCTUnwrap(truth.response(of: "EXUSUKx"))[0], 0)

        // R rises and returns; activity falls with a lag; prices fall slowly, never rise.
        let rate = try XCTUnwrap(truth.response(of: "FEDFUNDS"))
        XCTAssertEqual(rate[0], 0.25, accuracy: 1e-12)
        XCTAssertTrue(rate[0...24].allSatisfy { $0 > 0.1 })
        XCTAssertLessThan(abs(rate[60]), 0.06)
        let ip = Transformation.dlog.response(try XCTUnwrap(truth.response(of: "INDPRO")), as: .level)
        XCTAssertEqual(ip[0], 0)
        XCTAssertTrue(ip[1...60].allSatisfy { $0 < 0 }, "industrial production falls")
        let trough = ip.indices.min { ip[$0] < ip[$1] }!
        XCTAssertTrue((3...18).contains(trough), "IP trough at h = \(trough)")
        XCTAssertGreaterThan(ip[60], ip[trough], "IP recovers partly")
        let cpi = try XCTUnwrap(truth.response(of: "CPIAUCSL"))
        let inflation = Transformation.ddlog.response(cpi, as: .growth)
        let priceLevel = Transformation.ddlog.response(cpi, as: .level)
        XCTAssertTrue(priceLevel[1...60].allSatisfy { $0 < 0 }, "no price puzzle")
        XCTAssertTrue(inflation[1...60].allSatisfy { $0 < 0 }, "inflation is lower")
        XCTAssertLessThan(priceLevel[60], priceLevel[12], "prices keep falling slowly")
        print(String(format: "truth: IP level trough %.3f%% at h = %d, %.3f%% at h = 60; CPI level %.4f%% at 12, %.4f%% at 60",
                     100 * ip[trough], trough, 100 * ip[60], 100 * priceLevel[12], 100 * priceLevel[60]))

        // Sample moments of the simulated transformed series against the table (loose: 732
        // months of persistent series).
        var ratios: [Double] = []
        for (i, spec) in SyntheticFREDMD.series.enumerated() {
            let x = truth.transformed[i]
            let mean = x.reduce(0, +) / Double(x.count)
            let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
            ratios.append(sd / spec.standardDeviation)
            if spec.idiosyncraticAR < 0.5 && spec.rateLevel == 0 {
                XCTAssertEqual(sd / spec.standardDeviation, 1, accuracy: 0.35, spec.name)
            }
        }
        let average = ratios.reduce(0, +) / Double(ratios.count)
        XCTAssertEqual(average, 1, accuracy: 0.1, "mean sample sd / design sd")
    }

    /// Raw levels are plausible for the default seed: positive where logs are taken, rates and
    /// unemployment in sensible ranges, prices rising.
    func testRawLevelsArePlausible() throws {
        let panel = Self.panel
        func range(_ name: String) throws -> (Double, Double) {
            let v = try XCTUnwrap(panel.column(name)).filter { !$0.isNaN }
            return (v.min()!, v.max()!)
        }
        for (i, code) in panel.codes.enumerated() where [4, 5, 6, 7].contains(code) {
            XCTAssertTrue(panel.values[i].allSatisfy { $0.isNaN || $0 > 0 }, panel.names[i])
        }
        var report: [String] = []
        for (name, low, high) in [("FEDFUNDS", 0.0, 12.0), ("UNRATE", 2.5, 13.0), ("CUMFNS", 55.0, 100.0),
                                  ("TB3MS", 0.0, 16.0), ("GS10", 0.5, 16.0), ("BAA", 2.5, 18.0)] {
            let (a, b) = try range(name)
            report.append(String(format: "%@ %.2f…%.2f", name, a, b))
            XCTAssertGreaterThanOrEqual(a, low, name)
            XCTAssertLessThanOrEqual(b, high, name)
        }
        for name in ["CPIAUCSL", "PCEPI", "M2SL", "INDPRO", "PAYEMS", "S&P 500"] {
            let v = try XCTUnwrap(panel.column(name))
            let growth = log(v.last! / v.first!)
            report.append(String(format: "%@ %.4g→%.4g", name, v.first!, v.last!))
            XCTAssertGreaterThan(growth, 0.3, name)
            XCTAssertLessThan(growth, 6, name)
        }
        print("default seed: " + report.joined(separator: "; "))
    }
}
