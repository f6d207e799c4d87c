import XCTest
import ThesisData
import ThesisDocument
import ThesisTestSupport
@testable import ThesisDirectives

/// The typed-argument layer: declarations, defaults in one place, decoding, diagnostics.
final class ArgumentTests: XCTestCase {
    func testRegistryNamesAreUniqueAndOptionsWellFormed() {
        let kinds = DirectiveRegistry.all.map { $0.kind }
        XCTAssertEqual(Set(kinds).count, kinds.count)
        for directive in DirectiveRegistry.all {
            let names = directive.allOptions.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(directive.kind) declares an option twice")
            for option in directive.allOptions {
                XCTAssertFalse(option.doc.isEmpty, "\(directive.kind) \(option.name) needs a doc line")
                if let value = option.documentedDefault {
                    XCTAssertNoThrow(try OptionResolver.coerce(value, to: option.type).get(), "\(directive.kind) \(option.name) default")
                }
            }
            // Every directive that draws a figure takes the presentation options, and only those (a
            // script shows figures it made itself).
            XCTAssertEqual(names.contains("width"), directive.drawsFigures, directive.kind)
            XCTAssertEqual(directive.drawsFigures, directive.outputs.contains(.figure) && directive.kind != "script", directive.kind)
        }
    }

    /// The reference gives the valid range of every range-checked option.
    func testReferenceShowsEveryRange() {
        for directive in DirectiveRegistry.all {
            for option in directive.allOptions {
                let bounded: Bool
                switch option.type {
                case .number(let lo, let hi): bounded = lo != nil || hi != nil
                case .integer(let lo, let hi), .integers(let lo, let hi): bounded = lo != nil || hi != nil
                default: bounded = false
                }
                guard bounded else { continue }
                let text = option.type.description
                XCTAssertTrue(text.contains("…") || text.contains("≥") || text.contains("≤"), "\(directive.kind) \(option.name): \(text)")
            }
        }
        XCTAssertEqual(OptionType.number(min: 0.5, max: 0.999).description, "number 0.5…0.999")
        XCTAssertEqual(OptionType.number(min: 0, max: nil).description, "number ≥ 0")
    }

    func testDefaultsComeFromTheDeclaration() throws {
        let resolved = try DirectiveHarness.resolve("<<var irf data=m>>")
        let arguments = try XCTUnwrap(resolved.arguments as? VARIRF.Arguments)
        XCTAssertEqual(arguments.model.lags, 2)
        XCTAssertEqual(arguments.model.trend, .constant)
        XCTAssertEqual(arguments.horizon, 24)
        XCTAssertEqual(arguments.bands.reps, 500)
        XCTAssertEqual(arguments.bands.method, .bootstrap)
        XCTAssertNil(arguments.bands.seed)
        XCTAssertFalse(arguments.model.$lags.isExplicit)
        // The reference shows the same defaults.
        let lags = try XCTUnwrap(VARIRF.allOptions.first { $0.name == "lags" })
        XCTAssertEqual(lags.defaultValue, .integer(2))
        XCTAssertEqual(lags.type, .integer(min: 0, max: 60))
        XCTAssertEqual(VARIRF.allOptions.first { $0.name == "method" }?.type, .choice(["bootstrap", "mc"]))
    }

    func testWrittenValuesAreTypedAndMarkedExplicit() throws {
        let resolved = try DirectiveHarness.resolve(
            "<<var irf data=m series=a,b lags=4 trend=ct sample=1990-01..1999-12 method=mc seed=7 width=300 caption=\"A b\">>")
        let arguments = try XCTUnwrap(resolved.arguments as? VARIRF.Arguments)
        XCTAssertEqual(arguments.model.series, ["a", "b"])
        XCTAssertEqual(arguments.model.lags, 4)
        XCTAssertTrue(arguments.model.$lags.isExplicit)
        XCTAssertEqual(arguments.model.trend, .constantAndTrend)
        XCTAssertEqual(arguments.model.window.sample, Month(year: 1990, month: 1)...Month(year: 1999, month: 12))
        XCTAssertEqual(arguments.bands.method, .mc)
        XCTAssertEqual(arguments.bands.seed, 7)
        XCTAssertEqual(arguments.model.data?.name, "m")
        // Presentation is a value of its own, never seen by the directive nor in the key.
        XCTAssertEqual(resolved.presentation.figure.width, 300)
        XCTAssertNil(resolved.presentation.figure.height)
        XCTAssertEqual(resolved.presentation.caption, "A b")
        let json = resolved.argumentsJSON()
        XCTAssertFalse(json.contains("width") || json.contains("caption") || json.contains("300"), json)
        XCTAssertTrue(json.contains("\"lags\":4"), json)
    }

    func testPresentationChangesNoKeyMaterial() throws {
        let plain = try DirectiveHarness.resolve("<<data plot data=m series=a>>")
        let dressed = try DirectiveHarness.resolve("<<data plot data=m series=a width=300 height=200 title=T ylabel=Y legend=top caption=C id=p>>")
        XCTAssertEqual(plain.argumentsJSON(), dressed.argumentsJSON())
        XCTAssertEqual(dressed.id, "p")
        var spec = FigureSpec(panels: [FigurePanel(layers: [])])
        spec = dressed.presentation.figure.apply(to: spec)
        XCTAssertEqual(spec.width, 300)
        XCTAssertEqual(spec.height, 200)
        XCTAssertEqual(spec.title, "T")
        XCTAssertEqual(spec.panels[0].yAxis.label, "Y")
        XCTAssertEqual(spec.legend, .top)
        // Absent options leave the directive's choices alone.
        let untouched = plain.presentation.figure.apply(to: FigureSpec(height: 600, panels: [], legend: .bottom))
        XCTAssertEqual(untouched.height, 600)
        XCTAssertEqual(untouched.legend, .bottom)
    }

    func testResolverReportsEveryProblem() throws {
        let call = try DirectiveHarness.call("<<data describe seris=a digits=40>>")
        guard case .failure(let list) = OptionResolver.resolve(call, as: DataDescribe.self) else { return XCTFail("expected errors") }
        XCTAssertEqual(list.diagnostics.map(\.message), [
            "unknown option 'seris'; did you mean 'series'?",
            "option 'digits' must be at most 10, got 40",
            "missing required option 'data=' (data set or id): the data set (thesis.toml [data.NAME]) or a prepared panel's id",
        ])
        XCTAssertEqual(list.diagnostics.map { $0.location?.column }, [17, 25, 1])
    }

    func testChoicesListTheValidWords() throws {
        let call = try DirectiveHarness.call("<<var irf data=m method=bootstarp>>")
        guard case .failure(let list) = OptionResolver.resolve(call, as: VARIRF.self) else { return XCTFail("expected an error") }
        XCTAssertEqual(list.diagnostics.map(\.message), ["option 'method' expects one of bootstrap, mc, got 'bootstarp'; did you mean 'bootstrap'?"])
    }

    func testIntegerListsAreChecked() throws {
        let call = try DirectiveHarness.call("<<forecast evaluate data=m target=a start=2000-01 horizon=1,0,12>>")
        guard case .failure(let list) = OptionResolver.resolve(call, as: ForecastEvaluate.self) else { return XCTFail("expected an error") }
        XCTAssertEqual(list.diagnostics.map(\.message), ["option 'horizon' must be at least 1, got 0"])
        let ok = try DirectiveHarness.resolve("<<forecast evaluate data=m target=a start=2000-01 horizon=3>>")
        XCTAssertEqual((ok.arguments as? ForecastEvaluate.Arguments)?.horizon, [3])
    }

    func testOfExcludesTheModelOptions() throws {
        let fit = try DirectiveHarness.run("<<var fit data=m series=a,b lags=1>>", data: ["data": twoSeries()])
        XCTAssertThrowsError(try DirectiveHarness.run("<<var irf of=v lags=3 reps=0>>", results: ["of": fit])) { error in
            XCTAssertEqual((error as? DirectiveFailure)?.option, "lags")
            XCTAssertEqual((error as? DirectiveFailure)?.message, "lags= cannot be combined with of=: the model comes from 'v'")
        }
        let irf = try DirectiveHarness.run("<<var irf of=v reps=0>>", results: ["of": fit])
        let direct = try DirectiveHarness.run("<<var irf data=m series=a,b lags=1 reps=0>>", data: ["data": twoSeries()])
        XCTAssertEqual(irf.scalars, direct.scalars)
    }

    private func twoSeries() -> TimeSeriesFrame {
        // Deterministic shocks: a fixed permutation of 0..<97, centred.
        func shock(_ t: Int, _ k: Int) -> Double { Double((t * 7919 + k * 31) % 97) / 97 - 0.5 }
        var a: [Double] = [0], b: [Double] = [0]
        for t in 1..<120 {
            a.append(0.5 * a[t - 1] + shock(t, 0))
            b.append(0.3 * b[t - 1] + 0.2 * a[t - 1] + shock(t, 1))
        }
        return TimeSeriesFrame(frequency: .monthly, periods: (0..<120).map { Month(index: Month(year: 2000, month: 1).index + $0) },
                               names: ["a", "b"], columns: [a, b])
    }
}

/// `nn tune space=` is text with its own grammar: every value is checked like the option it sets.
final class TuneSpaceTests: XCTestCase {
    func testSpaceValuesAreCheckedLikeTheirOptions() throws {
        let option = OptionReference(name: "space", isExplicit: true)
        XCTAssertNoThrow(try NNTune.parseSpace("hidden: 50, 64/32; lr: 0.001, 1; optimizer: adam, sgd", option: option))
        for (space, message) in [
            ("optimizer: adamm", "'optimizer: adamm' is not valid: expects one of adam, adamw, sgd"),
            ("activation: soft", "'activation: soft' is not valid: expects one of relu, tanh, sigmoid, gelu"),
            ("hidden: 64/0", "'hidden: 64/0' is not valid: expects units 1…4096 per layer, layers separated by '/', e.g. 64/32"),
            ("dropout: 0.95", "'dropout: 0.95' is not valid: expects a number from 0.0 to 0.9"),
            ("epochs: 2.5", "'epochs: 2.5' is not valid: expects a whole number 1…10000"),
        ] {
            XCTAssertThrowsError(try NNTune.parseSpace(space, option: option), space) { error in
                XCTAssertEqual((error as? DirectiveFailure)?.message, message)
                XCTAssertEqual((error as? DirectiveFailure)?.option, "space")
            }
        }
    }
}
