import Foundation
import XCTest
import ThesisDocument
@testable import ThesisKit

/// The `var …` directives end to end against statsmodels' documented example: VAR(2) on the
/// log-differences of realgdp, realcons and realinv (macrodata), fixtures made by
/// Tests/Fixtures/generate_var.py. Tolerance 1e-9 relative (absolute for values near zero).
final class VARDirectiveTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let macrodata = repository.deletingLastPathComponent().appendingPathComponent("shared/data/macrodata/macrodata.csv")

    private func close(_ a: Double?, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let a else { return XCTFail("missing \(what)", file: file, line: line) }
        XCTAssertLessThanOrEqual(abs(a - b), 1e-9 * max(abs(b), 1e-3), "\(what): \(a) vs \(b)", file: file, line: line)
    }

    func testVARDirectivesMatchStatsmodels() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: Self.macrodata.path), "macrodata not found")
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.macrodata]\npath = \"data/raw/macrodata.csv\"\nformat = \"csv\"\n"
        files["data/raw/macrodata.csv"] = try String(contentsOf: Self.macrodata, encoding: .utf8)
        let model = "data=macrodata series=realgdp,realcons,realinv transform=realgdp:dlog,realcons:dlog,realinv:dlog"
        files["chapters/02-more.md"] = """
        # VAR

        <<var fit \(model) lags=2 id=fit>>

        <<var select \(model) maxlags=8 id=select>>

        <<var irf of=fit horizon=10 reps=0 id=irf>>

        <<var fevd of=fit horizon=10 id=fevd>>

        <<var forecast of=fit steps=5 level=0.95 id=forecast>>

        <<var granger of=fit caused=realinv causing=realgdp,realcons id=granger>>
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func scalars(_ id: String) throws -> [String: Scalar] { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]).scalars }
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repository.appendingPathComponent("Tests/Fixtures/var/macrodata-var2.json"))) as! [String: Any]
        let names = ["realgdp", "realcons", "realinv"]
        // Fit: criteria, coefficients (statsmodels layout: rows const, L1.*, L2.*), Σu.
        let fit = try scalars("fit"), c = fixture["c"] as! [String: Any]
        for name in ["aic", "bic", "hqic", "fpe"] { close(fit[name]?.number, c[name] as! Double, name) }
        close(fit["llf"]?.number, c["llf"] as! Double, "llf")
        let params = c["params"] as! [[Double]]
        let paramNames = ["const"] + [1, 2].flatMap { l in names.map { "L\(l).\($0)" } }
        for (row, param) in paramNames.enumerated() {
            for (k, equation) in names.enumerated() { close(fit["params.\(equation).\(param)"]?.number, params[row][k], "params \(equation) \(param)") }
        }
        let sigma = c["sigma_u"] as! [[Double]]
        for i in 0..<3 { for j in 0..<3 { close(fit["sigma_u.\(names[i]).\(names[j])"]?.number, sigma[i][j], "sigma_u") } }
        // Lag selection.
        let selected = (fixture["select_order_c"] as! [String: Any])["selected"] as! [String: Int]
        let select = try scalars("select")
        for name in ["aic", "bic", "hqic", "fpe"] { XCTAssertEqual(select[name]?.number, Double(selected[name]!), name) }
        // Orthogonalized IRFs [h][response][shock].
        let orth = fixture["orth_ma_rep"] as! [[[Double]]]
        let irf = try scalars("irf")
        for h in 0...10 { for r in 0..<3 { for s in 0..<3 { close(irf["\(names[r]).\(names[s]).\(h)"]?.number, orth[h][r][s], "orth irf h=\(h)") } } }
        // FEVD decomp[variable][h-1][shock].
        let decomposition = fixture["fevd_decomp"] as! [[[Double]]]
        let fevd = try scalars("fevd")
        for (i, v) in names.enumerated() { for h in [1, 4, 8, 10] { for (j, s) in names.enumerated() {
            close(fevd["\(v).\(s).\(h)"]?.number, decomposition[i][h - 1][j], "fevd \(v) \(s) \(h)")
        } } }
        // Forecasts and 95% intervals.
        let interval = fixture["forecast_interval_0.05"] as! [String: [[Double]]]
        let forecast = try scalars("forecast")
        for h in 1...5 { for (k, v) in names.enumerated() {
            close(forecast["\(v).\(h)"]?.number, interval["point"]![h - 1][k], "forecast \(v) \(h)")
            close(forecast["\(v).\(h).lower"]?.number, interval["lower"]![h - 1][k], "lower \(v) \(h)")
            close(forecast["\(v).\(h).upper"]?.number, interval["upper"]![h - 1][k], "upper \(v) \(h)")
        } }
        // Granger causality (F form).
        let causality = (fixture["causality"] as! [String: [String: Any]])["f:realinv<-realgdp,realcons"]!
        let granger = try scalars("granger")
        close(granger["statistic"]?.number, causality["statistic"] as! Double, "granger statistic")
        close(granger["pvalue"]?.number, causality["pvalue"] as! Double, "granger p-value")
    }

    func testVARErrorsAreDiagnostics() throws {
        let cases: [(String, String)] = [
            ("<<var fit data=macro series=output,rate lags=40>>", "[var fit]"),
            ("<<var fit data=macro series=output,output2 lags=1>>", "unknown series 'output2'"),
            ("<<var irf data=macro series=output,rate shock=prices reps=0>>", "'prices' is not a variable of the VAR"),
            ("<<var irf of=desc reps=0>>", "is not a fitted VAR"),
        ]
        for (directive, expected) in cases {
            var files = TempProject.standardFiles
            files["chapters/02-more.md"] = "# E\n\n" + directive + "\n"
            let report = try TempProject(files: files).build()
            let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
            XCTAssertEqual(errors.count, 1, "\(directive): \(errors)")
            XCTAssertTrue(errors.first?.contains(expected) ?? false, "\(directive): \(errors)")
        }
    }
}
