import Foundation
import XCTest
import ThesisDocument
@testable import ThesisDirectives
@testable import ThesisKit

/// The FAVAR directives on the simulated example panel (no external data needed).
final class FAVARDirectiveTests: XCTestCase {
    func testForecastAndTruthOnTheSimulatedPanel() throws {
        var files = simulatedPanelProject(truth: true)
        files["chapters/02-more.md"] = """
        # FAVAR

        <<favar forecast lags=2 steps=6 series=FEDFUNDS,INDPRO id=fc>>

        <<favar irf lags=2 slow=default scale=transformed truth=truth series=INDPRO reps=0 id=irf>>

        <<favar irf lags=2 series=INDPRO,CPIAUCSL,UNRATE,GS10,FEDFUNDS reps=0 id=levels>>
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        // Units per panel from the transformation codes; five panels in a grid of 3 + 2.
        let levels = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["levels"])]?.figures.first?.spec)
        XCTAssertEqual(levels.panels.map(\.yAxis.label),
                       ["percent", "percent", "percentage points", "percentage points", "percentage points"])
        XCTAssertEqual(levels.columns, 3)
        let transformed = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["irf"])]?.figures.first?.spec)
        XCTAssertEqual(transformed.panels.first?.yAxis.label, "Δ log")
        // The forecast figure shows three years of data before the forecast, joined to it.
        let forecast = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fc"])]?.figures.first?.spec)
        for panel in forecast.panels {
            let lines = panel.layers.compactMap { layer -> LineSeries? in
                if case .line(let line) = layer { return line }
                return nil
            }
            XCTAssertEqual(lines.map(\.name), ["actual", "forecast"], "\(panel.title ?? "")")
            XCTAssertEqual(lines[0].x.count, 36)
            XCTAssertEqual(lines[1].x.first, lines[0].x.last, "the forecast starts at the last observation")
            XCTAssertEqual(lines[1].y.first, lines[0].y.last)
            XCTAssertEqual(lines[1].x.count, 7)
        }
        let fc = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fc"])]).scalars
        for h in 1...6 {
            XCTAssertTrue(fc["FEDFUNDS.\(h)"]?.number?.isFinite ?? false)
            XCTAssertTrue(fc["INDPRO.\(h)"]?.number?.isFinite ?? false)
        }
        // The simulated policy rate stays in a plausible range over six months.
        XCTAssertTrue((0...15).contains(try XCTUnwrap(fc["FEDFUNDS.6"]?.number)))
        let irf = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["irf"])]).scalars
        // Estimated responses stay close to the truth on the simulated economy.
        XCTAssertLessThan(try XCTUnwrap(irf["INDPRO.max_error"]?.number), 0.002)
        XCTAssertLessThan(try XCTUnwrap(irf["INDPRO.2"]?.number), 0, "a tightening lowers production growth soon after")
    }
}

/// `favar irf|fevd|forecast of=ID` reuse a `favar fit`: the same numbers as estimating again,
/// without preparing the panel again; model options cannot be combined with it.
final class FAVAROfTests: XCTestCase {
    private func files(_ chapter: String) -> [String: String] {
        var files = simulatedPanelProject(truth: false)
        files["chapters/02-favar.md"] = chapter
        return files
    }

    func testOfGivesTheNumbersOfAFreshEstimate() throws {
        let p = try TempProject(files: files("""
        # FAVAR

        <<favar fit lags=2 slow=default id=fit>>

        <<favar irf of=fit series=INDPRO,CPIAUCSL reps=20 seed=5 id=reused>>

        <<favar irf lags=2 slow=default series=INDPRO,CPIAUCSL reps=20 seed=5 id=fresh>>

        <<favar fevd of=fit series=INDPRO id=fevd-reused>>

        <<favar fevd lags=2 slow=default series=INDPRO id=fevd-fresh>>

        <<favar forecast of=fit series=INDPRO steps=3 id=fc-reused>>

        <<favar forecast lags=2 slow=default series=INDPRO steps=3 id=fc-fresh>>
        """))
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func scalars(_ id: String) throws -> [String: Scalar] {
            try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]).scalars
        }
        XCTAssertEqual(try scalars("reused"), try scalars("fresh"))
        XCTAssertEqual(try scalars("fevd-reused"), try scalars("fevd-fresh"))
        XCTAssertEqual(try scalars("fc-reused"), try scalars("fc-fresh"))
        XCTAssertFalse(try scalars("reused").isEmpty)
        // The reusing directive builds on the fit: a changed fit re-executes it.
        let reused = try XCTUnwrap(report.plan.ids["reused"])
        XCTAssertEqual(report.plan.directives[reused].dependencies, [try XCTUnwrap(report.plan.ids["fit"])])
        // A changed reuser executes on the fit's cached object (read from the store only now).
        let chapter = try XCTUnwrap(p.read("chapters/02-favar.md"))
        try p.write("chapters/02-favar.md", chapter.replacingOccurrences(of: "reps=20 seed=5 id=reused", with: "reps=20 seed=6 id=reused"))
        let second = try p.build()
        XCTAssertTrue(second.succeeded, "\(second.diagnostics)")
        let again = try XCTUnwrap(second.plan.ids["reused"])
        XCTAssertEqual(second.executed, [again])
        XCTAssertEqual(second.results[again]?.scalars["INDPRO.0"], try scalars("fresh")["INDPRO.0"], "the point response does not depend on the seed")
    }

    /// `favar fit` saves the FAVAR as a model (kind favar); from the prepared panel it forecasts
    /// the policy rate and every series as `favar forecast of=` does, bit for bit.
    func testASavedFAVARForecastsWhatFavarForecastComputes() throws {
        let p = try TempProject(files: files("""
        # FAVAR

        <<favar fit lags=2 slow=default id=fit>>

        <<favar forecast of=fit series=FEDFUNDS,INDPRO,CPIAUCSL,UNRATE steps=6 id=fc>>
        """))
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let fit = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fit"])])
        let id = try XCTUnwrap(fit.model?.id)
        let artifact = try ModelFile.decode(Data(try XCTUnwrap(p.read(".thesis/models/\(id).json")).utf8))
        XCTAssertEqual(artifact.kind, .favar)
        let section = try XCTUnwrap(artifact.favar)
        XCTAssertEqual(section.policy, "FEDFUNDS")
        XCTAssertNotNil(section.policyRotation, "slow=default rotates the factors")
        XCTAssertEqual(artifact.output.names.first, "FEDFUNDS")
        // The prepared panel the fit read, then the policy rate: the rows a user sends.
        let specification = try JSONDecoder().decode(
            FAVARSpecification.self, from: try XCTUnwrap(fit.object?.payload))
        XCTAssertEqual(artifact.input.columns, specification.names + ["FEDFUNDS"])
        let rows = specification.policyRate.indices.map { t in specification.columns.map { $0[t] } + [specification.policyRate[t]] }
        let saved = try artifact.forecast(rows, steps: 6)
        let fc = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["fc"])]).scalars
        for name in ["FEDFUNDS", "INDPRO", "CPIAUCSL", "UNRATE"] {
            let column = try XCTUnwrap(artifact.output.names.firstIndex(of: name))
            for h in 1...6 {
                XCTAssertEqual(saved.values[h - 1][column].bitPattern, fc["\(name).\(h)"]?.number?.bitPattern, "\(name) step \(h)")
            }
        }
        // One step from every window of two months; the last is the forecast's first step.
        let predicted = try artifact.predict(rows)
        XCTAssertEqual(predicted.values.count, rows.count - 1)
        XCTAssertEqual(predicted.values.last, saved.values.first)
        XCTAssertThrowsError(try artifact.predict(rows.map { Array($0.dropLast()) })) {
            XCTAssertTrue("\($0)".contains("values; the model reads"), "\($0)")
        }
    }

    /// With two FRED-MD data sets declared, a directive without data= must say which one, unless
    /// its model comes from of= (then there is nothing to choose).
    func testOfNeedsNoDataSetWhenSeveralAreDeclared() throws {
        var files = files("""
        # FAVAR

        <<favar fit data=fredmd lags=2 id=fit>>

        <<favar forecast of=fit series=INDPRO steps=2 id=fc>>

        <<favar fit lags=2 id=ambiguous>>
        """)
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.later]\npath = \"data/raw/fredmd-2021.csv\"\nformat = \"fred-md\"\n"
        let report = try TempProject(files: files).build()
        let errors = report.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors.first?.message.contains("declares 2 fred-md data sets (fredmd, later); say which with data=NAME") ?? false, "\(errors)")
        XCTAssertEqual(errors.first?.location?.line, 7)
        XCTAssertNotNil(report.results[try XCTUnwrap(report.plan.ids["fc"])]?.scalars["INDPRO.1"], "of= needs no data set")
    }

    func testModelOptionsCannotBeCombinedWithOf() throws {
        let p = try TempProject(files: files("""
        # FAVAR

        <<favar fit lags=2 id=fit>>

        <<favar irf of=fit lags=3 reps=0>>
        """))
        let report = try p.build()
        XCTAssertFalse(report.succeeded)
        let error = try XCTUnwrap(report.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.message, "lags= cannot be combined with of=: the model comes from 'fit'")
        XCTAssertEqual(error.location, SourceLocation(file: "chapters/02-favar.md", line: 5, column: 20))
    }

    func testOfMustNameAFAVAR() throws {
        let p = try TempProject(files: files("""
        # FAVAR

        <<data describe data=macro id=summary>>

        <<favar irf of=summary reps=0>>
        """))
        let report = try p.build()
        XCTAssertEqual(report.diagnostics.first { $0.severity == .error }?.message,
                       "'summary' is not a fitted FAVAR; name the id of a <<favar fit … id=NAME>>")
    }
}

/// The standard test project with the simulated FRED-MD panel (and its true responses) declared.
private func simulatedPanelProject(truth: Bool) -> [String: String] {
    var files = TempProject.standardFiles
    for (name, text) in ExampleDataset.files() { files["data/raw/\(name)"] = text }
    files["thesis.toml"] = files["thesis.toml"]! + """


    [data.fredmd]
    path = "data/raw/fredmd.csv"
    format = "fred-md"
    """ + (truth ? """


    [data.truth]
    path = "data/raw/fredmd-truth.csv"
    format = "table"
    """ : "")
    return files
}
