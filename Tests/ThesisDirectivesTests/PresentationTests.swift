import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// labels=, units=, figure=, table= and table-caption=: presentation applied after the directive ran.
final class PresentationTests: XCTestCase {
    func testLabelsParseQuotedAndBareTexts() throws {
        let resolved = try DirectiveHarness.resolve(
            #"<<data plot data=m labels=INDPRO:"Industrial production",CPIAUCSL:"Consumer prices",UNRATE:Unemployment>>"#)
        let labels = resolved.presentation.labels
        XCTAssertEqual(labels.pairs.map(\.series), ["INDPRO", "CPIAUCSL", "UNRATE"])
        XCTAssertEqual(labels.pairs.map(\.text), ["Industrial production", "Consumer prices", "Unemployment"])
        XCTAssertEqual(labels[series: "CPIAUCSL"], "Consumer prices")
        XCTAssertNil(labels[series: "M2SL"])
        // A whole quoted item works too, and the text may hold ':' and commas.
        let quoted = try DirectiveHarness.resolve(#"<<data plot data=m labels="GS10:Yield: 10 years, percent">>"#)
        XCTAssertEqual(quoted.presentation.labels[series: "GS10"], "Yield: 10 years, percent")
        // Not in the cache key.
        XCTAssertFalse(resolved.argumentsJSON().contains("labels"))
        XCTAssertEqual(resolved.values["labels"]?.description,
                       #""INDPRO:Industrial production","CPIAUCSL:Consumer prices","UNRATE:Unemployment""#)
    }

    func testBadLabelsAreLocatedAndSayWhatIsValid() throws {
        let cases: [(String, String)] = [
            (#"<<data plot data=m labels=INDPRO>>"#, "got 'INDPRO', which has no ':'"),
            (#"<<data plot data=m labels=INDPRO:"">>"#, "'INDPRO:' gives no text after ':'"),
            (#"<<data plot data=m labels=:"Production">>"#, "unexpected '\"' inside a value"),
            (#"<<data plot data=m labels=A:a,A:b>>"#, "'A' is given twice"),
            (#"<<data plot data=m labels=3>>"#, "got '3', which has no ':'"),
        ]
        for (text, expected) in cases {
            do {
                let call = try DirectiveHarness.call(text)
                guard case .failure(let list) = OptionResolver.resolve(call, as: DataPlot.self) else {
                    XCTFail("\(text) resolved"); continue
                }
                let diagnostic = try XCTUnwrap(list.diagnostics.first)
                XCTAssertTrue(diagnostic.message.contains(expected), diagnostic.message)
                XCTAssertTrue(diagnostic.message.contains(#"e.g. INDPRO:"Industrial production","#), diagnostic.message)
                XCTAssertEqual(diagnostic.location?.line, 1)
                XCTAssertEqual(diagnostic.location?.column, 20, "at labels=: \(text)")
            } catch let diagnostic as Diagnostic {
                // The lexer's own errors are located too.
                XCTAssertTrue(diagnostic.message.contains(expected), "\(text): \(diagnostic.message)")
                XCTAssertNotNil(diagnostic.location)
            }
        }
    }

    func testLabelsApplyToFiguresAndTableHeadersOverTheProjectTable() throws {
        let spec = FigureSpec(panels: [
            FigurePanel(title: "INDPRO", yAxis: FigureAxis(label: "percent"),
                        layers: [.line(LineSeries(name: "INDPRO", x: [0, 1], y: [1, 2]))]),
            FigurePanel(title: "CPIAUCSL ← FEDFUNDS", xAxis: FigureAxis(categories: ["UNRATE", "other"]),
                        layers: [.heatmap(Heatmap(rows: ["UNRATE"], columns: ["FEDFUNDS"], values: [[1]]))]),
        ])
        let table = ResultTable(columns: [TableColumn("Series"), TableColumn("UNRATE")],
                                rows: [[.text("INDPRO"), .text("UNRATE")], [.text(""), .number(1, format: ".1f")]])
        let result = DirectiveResult(content: [.table(table), .figure(Figure(caption: nil, spec: spec))],
                                     scalars: ["INDPRO.mean": .number(1)])
        let chapter = SeriesLabels([(series: "INDPRO", text: "Industrial production")])
        let project = SeriesLabels(["INDPRO": "IP (project)", "CPIAUCSL": "Consumer prices", "FEDFUNDS": "Policy rate",
                                    "UNRATE": "Unemployment"])
        let shown = Presentation(labels: chapter).shown(result, projectLabels: project)
        guard case .table(let t) = shown.content[0], case .figure(let f) = shown.content[1] else { return XCTFail() }
        XCTAssertEqual(t.columns.map(\.title), ["Series", "Unemployment"])
        XCTAssertEqual(t.rows[0], [.text("Industrial production"), .text("UNRATE")], "row headers only, not data cells")
        XCTAssertEqual(f.spec.panels[0].title, "Industrial production", "labels= wins over [labels]")
        XCTAssertEqual(f.spec.panels[0].yAxis.label, "percent")
        guard case .line(let line) = f.spec.panels[0].layers[0] else { return XCTFail() }
        XCTAssertEqual(line.name, "Industrial production")
        XCTAssertEqual(f.spec.panels[1].title, "Consumer prices ← Policy rate")
        XCTAssertEqual(f.spec.panels[1].xAxis.categories, ["Unemployment", "other"])
        guard case .heatmap(let h) = f.spec.panels[1].layers[0] else { return XCTFail() }
        XCTAssertEqual(h.rows, ["Unemployment"])
        XCTAssertEqual(h.columns, ["Policy rate"])
        XCTAssertEqual(shown.scalars, result.scalars, "scalars keep their mnemonics")
        XCTAssertEqual(Presentation().shown(result), result, "nothing to apply: the result as it is")
    }

    func testUnitsSetTheYAxisOfEachSeriesPanel() throws {
        let resolved = try DirectiveHarness.resolve(
            #"<<favar irf units=UNRATE:"percentage points",INDPRO:percent labels=UNRATE:Unemployment>>"#)
        let spec = FigureSpec(panels: ["INDPRO", "UNRATE", "GS10", "UNRATE ← INDPRO"].map {
            FigurePanel(title: $0, yAxis: FigureAxis(label: "derived"), layers: [])
        })
        let shown = resolved.presentation.shown(DirectiveResult(content: [.figure(Figure(caption: nil, spec: spec))]))
        guard case .figure(let f) = shown.content[0] else { return XCTFail() }
        XCTAssertEqual(f.spec.panels.map(\.yAxis.label), ["percent", "percentage points", "derived", "percentage points"])
        XCTAssertEqual(f.spec.panels.map(\.title), ["INDPRO", "Unemployment", "GS10", "Unemployment ← INDPRO"])
        XCTAssertTrue(resolved.presentation.drawingText().contains("units="), "units change the drawing key")
    }

    func testFigureOrTableCanBeLeftOut() throws {
        let result = DirectiveResult(content: [
            .table(ResultTable(caption: "own", columns: [TableColumn("a")], rows: [])),
            .figure(Figure(caption: "figure", spec: FigureSpec(panels: [FigurePanel(layers: [])]))),
        ])
        let noFigure = try DirectiveHarness.resolve("<<compare of=a,b figure=false>>")
        XCTAssertEqual(noFigure.presentation.shown(result).content.count, 1)
        guard case .table = noFigure.presentation.shown(result).content[0] else { return XCTFail("table expected") }
        let noTable = try DirectiveHarness.resolve(#"<<compare of=a,b table=false table-caption="unused">>"#)
        XCTAssertEqual(noTable.presentation.shown(result).content.count, 1)
        guard case .figure = noTable.presentation.shown(result).content[0] else { return XCTFail("figure expected") }
        XCTAssertFalse(noTable.argumentsJSON().contains("table"), "not in the cache key")
        let captioned = try DirectiveHarness.resolve(#"<<compare of=a,b table-caption="Accuracy." caption="Forecasts.">>"#)
        guard case .table(let table) = captioned.presentation.shown(result).content[0] else { return XCTFail() }
        XCTAssertEqual(table.caption, "Accuracy.")
        XCTAssertEqual(captioned.presentation.caption, "Forecasts.")

        let call = try DirectiveHarness.call("<<compare of=a,b figure=false table=false>>")
        guard case .failure(let list) = OptionResolver.resolve(call, as: Compare.self) else { return XCTFail("resolved") }
        XCTAssertEqual(list.diagnostics.map(\.message), ["figure=false and table=false leave nothing to show; drop one of them"])
        XCTAssertEqual(list.diagnostics.first?.location?.column, 31, "at table=")
    }

    func testOutputOptionsOnlyWhereADirectiveMakesBoth() {
        for directive in DirectiveRegistry.all {
            let names = Set(directive.allOptions.map(\.name))
            let both = directive.outputs.contains(.table) && directive.outputs.contains(.figure)
            XCTAssertEqual(names.contains("table-caption"), both, directive.kind)
            XCTAssertEqual(names.contains("figure"), both, directive.kind)
            XCTAssertEqual(names.contains("labels"), !directive.outputs.isDisjoint(with: [.table, .figure]), directive.kind)
            XCTAssertEqual(names.contains("units"), directive.drawsFigures, directive.kind)
        }
        XCTAssertTrue(Compare.allOptions.contains { $0.name == "table-caption" && $0.presentation })
    }
}
