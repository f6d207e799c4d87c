import XCTest
import ThesisData
import ThesisDocument
@testable import ThesisDirectives

final class DirectiveTests: XCTestCase {
    private let location = SourceLocation(file: "chapters/01.md", line: 3, column: 1)

    private func call(_ kind: String, _ arguments: [(String, ArgumentValue)]) -> DirectiveCall {
        DirectiveCall(kind: kind, arguments: arguments.enumerated().map { i, a in
            DirectiveArgument(key: a.0, value: a.1, location: SourceLocation(file: "chapters/01.md", line: 3, column: 10 + i * 8))
        }, location: location, source: "")
    }

    private let frame = TimeSeriesFrame(frequency: .monthly,
                                        periods: (0..<6).map { Month(index: Month(year: 2000, month: 1).index + $0) },
                                        names: ["a", "b"],
                                        columns: [[1, 2, 3, 4, .nan, 6], [10, 10, 10, 10, 10, 10]])

    func testRegistryNamesAreUniqueAndOptionsWellFormed() {
        let kinds = DirectiveRegistry.all.map { $0.kind }
        XCTAssertEqual(Set(kinds).count, kinds.count)
        for directive in DirectiveRegistry.all {
            let names = directive.allOptions.map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "\(directive.kind) declares an option twice")
            for option in directive.allOptions {
                XCTAssertFalse(option.doc.isEmpty, "\(directive.kind) \(option.name) needs a doc line")
                if let value = option.defaultValue {
                    XCTAssertNoThrow(try OptionResolver.coerce(value, to: option.type).get(), "\(directive.kind) \(option.name) default")
                }
            }
        }
    }

    func testResolverFillsDefaultsAndCoerces() throws {
        let resolved = try OptionResolver.resolve(call("data plot", [("data", .word("m")), ("series", .word("a")), ("width", .integer(300))]), as: DataPlot.self).get()
        XCTAssertEqual(resolved.options.names("series"), ["a"])
        XCTAssertEqual(resolved.options.double("width"), 300)
        XCTAssertEqual(resolved.options.string("legend"), "auto")
        XCTAssertEqual(resolved.options.double("height"), FigureSpec.defaultHeight)
        // Presentation options are neither in the cache key nor visible to run().
        XCTAssertEqual(Set(resolved.computeOptions.keys), ["data", "series", "transformed"])
        XCTAssertNil(resolved.computeValues.values["width"])
    }

    func testResolverReportsEveryProblem() {
        guard case .failure(let list) = OptionResolver.resolve(call("data describe", [("seris", .word("a")), ("digits", .integer(40))]), as: DataDescribe.self) else {
            return XCTFail("expected errors")
        }
        XCTAssertEqual(list.diagnostics.map(\.message), [
            "unknown option 'seris'; did you mean 'series'?",
            "option 'digits' must be at most 10, got 40",
            "missing required option 'data=' (data set or id): the data set (thesis.toml [data.NAME]) or a prepared panel's id",
        ])
        XCTAssertEqual(list.diagnostics.map { $0.location?.column }, [10, 18, 1])
    }

    func testDataDescribeTableAndScalars() throws {
        let options = try OptionResolver.resolve(call("data describe", [("data", .word("m"))]), as: DataDescribe.self).get().computeValues
        let result = try DataDescribe.run(options, context: DirectiveContext(data: ["data": frame]))
        XCTAssertEqual(result.scalars["a.mean"], .number(16.0 / 5))
        XCTAssertEqual(result.scalars["a.missing"], .number(1))
        XCTAssertEqual(result.scalars["a.last"], .text("2000-06"))
        XCTAssertEqual(result.scalars["b.sd"], .number(0))
        guard case .table(let table)? = result.content.first else { return XCTFail() }
        XCTAssertEqual(table.rows[0].map(\.display), ["a", "2000-01", "2000-06", "5", "1", "3.200", "1.924", "1.000", "6.000"])
    }

    func testDataDescribeSampleAndUnknownSeries() throws {
        let sample = try OptionResolver.resolve(call("data describe", [("data", .word("m")), ("sample", .monthRange(Month(year: 2000, month: 2), Month(year: 2000, month: 3)))]), as: DataDescribe.self).get().computeValues
        let result = try DataDescribe.run(sample, context: DirectiveContext(data: ["data": frame]))
        XCTAssertEqual(result.scalars["a.mean"], .number(2.5))
        let unknown = try OptionResolver.resolve(call("data describe", [("data", .word("m")), ("series", .word("c"))]), as: DataDescribe.self).get().computeValues
        XCTAssertThrowsError(try DataDescribe.run(unknown, context: DirectiveContext(data: ["data": frame]))) { error in
            XCTAssertEqual((error as? DirectiveFailure)?.option, "series")
        }
        let outside = try OptionResolver.resolve(call("data describe", [("data", .word("m")), ("sample", .monthRange(Month(year: 1990, month: 1), Month(year: 1990, month: 3)))]), as: DataDescribe.self).get().computeValues
        XCTAssertThrowsError(try DataDescribe.run(outside, context: DirectiveContext(data: ["data": frame]))) { error in
            XCTAssertEqual((error as? DirectiveFailure)?.option, "sample")
        }
    }

    func testDataPlotSpecHasGapsForMissingValues() throws {
        let options = try OptionResolver.resolve(call("data plot", [("data", .word("m")), ("series", .list([.word("a"), .word("b")]))]), as: DataPlot.self).get().computeValues
        let result = try DataPlot.run(options, context: DirectiveContext(data: ["data": frame]))
        let spec = try XCTUnwrap(result.figures.first?.spec)
        XCTAssertEqual(spec.panels.count, 1)
        XCTAssertEqual(spec.panels[0].xAxis.scale, .monthly)
        guard case .line(let line) = spec.panels[0].layers[0] else { return XCTFail() }
        XCTAssertEqual(line.name, "a")
        XCTAssertEqual(line.x.first, 2000)
        XCTAssertEqual(line.y, [1, 2, 3, 4, nil, 6])
    }

    func testCorrelationMissingAndDiff() throws {
        let corr = try OptionResolver.resolve(call("data correlation", [("data", .word("m"))]), as: DataCorrelation.self).get().computeValues
        let other = TimeSeriesFrame(frequency: .monthly, periods: frame.periods, names: ["a", "c"],
                                    columns: [[1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 13]])
        let r = try DataCorrelation.run(corr, context: DirectiveContext(data: ["data": other]))
        let x = [1.0, 2, 3, 4, 5, 6], y = [2.0, 4, 6, 8, 10, 13]
        let mx: Double = 3.5, my: Double = y.reduce(0, +) / 6
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in 0..<6 {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        let expected = sxy / (sxx * syy).squareRoot()
        XCTAssertEqual(r.scalars["a.c"]?.number ?? 0, expected, accuracy: 1e-14)
        // A constant series has no correlation: a blank cell, not NaN.
        XCTAssertNil(DataCorrelation.pearson([1, 2, 3], [5, 5, 5]))

        let missing = try OptionResolver.resolve(call("data missing", [("data", .word("m"))]), as: DataMissing.self).get().computeValues
        let m = try DataMissing.run(missing, context: DirectiveContext(data: ["data": frame]))
        XCTAssertEqual(m.scalars["a.missing"], .number(1))
        XCTAssertEqual(m.scalars["missing"], .number(1))

        let diffOptions = try OptionResolver.resolve(call("data diff", [("old", .word("x")), ("new", .word("y"))]), as: DataDiff.self).get().computeValues
        var newer = frame
        newer.columns[1][2] = 11
        let d = try DataDiff.run(diffOptions, context: DirectiveContext(data: ["old": frame, "new": newer]))
        XCTAssertEqual(d.scalars["revised"], .number(1))
        XCTAssertEqual(d.scalars["new_months"], .number(0))
    }
}
