import Foundation
import XCTest
import ThesisCache
import ThesisData
import ThesisDirectives
import ThesisDocument
import ThesisModels
@testable import ThesisKit

/// Categorical features end to end: a column declared `categorical` in thesis.toml is read as
/// text, `nn train encode=` one-hot or ordinal encodes it with a vocabulary fitted on the training
/// rows only, the saved model carries the encoding, and `thesis predict` on text categories gives
/// the build's test predictions bit for bit. Misuse is a located error.
extension CommandLineTests {
    /// 96 rows: x, a region (west in one row only, which the seeded split puts among the test rows), a size and y = 1.5 x + a region effect
    /// + a size effect + deterministic noise.
    private static var table: String {
        var lines = ["x,region,size,y"]
        let regions = ["north", "south", "east"], sizes = ["small", "medium", "large"]
        for i in 0..<96 {
            let x = sin(0.37 * Double(i)) * 2
            let region = i == 7 ? "west" : regions[i % 3]
            let size = sizes[(i / 3) % 3]
            let effect = ["north": 1.0, "south": -1.0, "east": 0.5, "west": 2.0][region]!
            let y = 1.5 * x + effect + 0.4 * Double(sizes.firstIndex(of: size)!) + 0.05 * cos(1.7 * Double(i))
            lines.append(String(format: "%.6f,%@,%@,%.6f", x, region, size, y))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func project(_ chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["thesis.toml"]! += "\n\n[data.shops]\npath = \"data/raw/shops.csv\"\nformat = \"table\"\ncategorical = [\"region\", \"size\"]\n"
        files["data/raw/shops.csv"] = table
        files["chapters/02-cat.md"] = chapter
        return try TempProject(files: files)
    }

    func testCategoricalFeaturesAreEncodedOnTheTrainingRowsAndPredictedFromText() throws {
        let p = try Self.project(
            """
            # Shops

            <<nn train data=shops target=y features=x,region,size encode="region:one-hot; size:ordinal(small<medium<large)" hidden=16 epochs=300 lr=0.01 seed=4 id=net>>

            <<model register of=net name=shops>>
            """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let result = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["net"])])
        let modelID = try XCTUnwrap(result.model?.id)
        let store = try ResultStore(path: p.root.appendingPathComponent(".thesis/cache.sqlite").path)
        let artifact = try ModelFile.decode(try store.modelBytes(modelID))
        let predictions = try XCTUnwrap(result.object.flatMap(DataObjects.frame(from:)))

        // The vocabulary is that of the training rows: every row not among the test rows.
        let rows = Self.table.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let testRows = predictions.periods.map { Int(predictions.label($0))! - 1 }
        let trainRows = Set(rows.indices).subtracting(testRows)
        let trainRegions = Set(trainRows.map { rows[$0][1] }).sorted()
        let region = try XCTUnwrap(artifact.input.encoding(of: "region"))
        XCTAssertEqual(region.kind, .oneHot)
        XCTAssertEqual(region.categories, trainRegions, "fitted on the training rows only")
        XCTAssertTrue(
            testRows.contains { rows[$0][1] == "west" } && !trainRegions.contains("west"),
            "the split leaves a category to the test rows alone (west in test rows \(testRows.filter { rows[$0][1] == "west" }))")
        XCTAssertEqual(artifact.input.encoding(of: "size")?.categories, ["small", "medium", "large"])
        XCTAssertEqual(artifact.input.columns, ["x"] + trainRegions.map { "region=\($0)" } + ["size"])
        XCTAssertEqual(artifact.input.rawColumns, ["x", "region", "size"])
        XCTAssertLessThan(try XCTUnwrap(result.scalars["rmse"]?.number), 0.6, "the network uses the categories")

        // thesis predict on the test rows, categories as text: the build's predictions, bit for bit.
        var csv = "row,x,region,size\n"
        for r in testRows { csv += "\(r + 1),\(rows[r][0]),\(rows[r][1]),\(rows[r][2])\n" }
        try p.write("new.csv", csv)
        let predicted = try run(["predict", "shops:1", "--input", "new.csv"], in: p.root)
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        let lines = predicted.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "row,predicted_y")
        let fromCLI = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        let fromBuild = try XCTUnwrap(predictions.column(named: "predicted"))
        XCTAssertEqual(fromCLI.map(\.bitPattern), fromBuild.map(\.bitPattern))

        // An examiner's verify re-reads the file the same way and gets the same numbers.
        let verified = try run(["verify"], in: p.root)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)

        // A size outside the declared order, and a missing category, are located errors.
        try p.write("bad.csv", "x,region,size\n0.5,north,huge\n")
        let bad = try run(["predict", "shops:1", "--input", "bad.csv"], in: p.root)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("bad.csv:2") && bad.stderr.contains("'huge'"), bad.stderr)
        try p.write("empty.csv", "x,region,size\n0.5,,small\n")
        let empty = try run(["predict", "shops:1", "--input", "empty.csv"], in: p.root)
        XCTAssertTrue(empty.stderr.contains("empty.csv:2") && empty.stderr.contains("'region'"), empty.stderr)
    }

    func testMisusedCategoricalColumnsAreLocatedErrors() throws {
        let p = try Self.project(
            """
            # Misuse

            <<nn train data=shops target=y features=x,region epochs=5 id=a>>

            <<nn train data=shops target=y features=x encode="x:one-hot" epochs=5 id=b>>

            <<nn train data=shops target=y encode="region:binary" epochs=5 id=c>>

            <<data describe data=shops series=x,region>>

            <<nn train data=shops target=region features=x encode="size:ordinal" epochs=5 id=d>>
            """)
        let report = try p.build()
        let errors = report.diagnostics.filter { $0.severity == .error }.map { "\($0.location?.line ?? 0): \($0.message)" }
        func expect(line: Int, _ text: String) {
            XCTAssertTrue(errors.contains { $0.hasPrefix("\(line):") && $0.contains(text) }, "line \(line) '\(text)' in \(errors)")
        }
        expect(line: 3, "say how to encode it: encode=\"region:one-hot\"")
        expect(line: 5, "'x' holds numbers; declare it in the data set's categorical")
        expect(line: 7, "'binary' is not an encoding of 'region'")
        expect(line: 9, "'region' holds categories")
        expect(line: 11, "a target must be a number")

        // thesis.toml: a column the file lacks, and a value that is not a list of names.
        var toml = try XCTUnwrap(p.read("thesis.toml"))
        toml = toml.replacingOccurrences(of: "categorical = [\"region\", \"size\"]", with: "categorical = [\"regoin\"]")
        try p.write("thesis.toml", toml)
        try p.write("chapters/02-cat.md", "# Shops\n\n<<data describe data=shops>>\n")
        let missing = try run(["build"], in: p.root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(
            missing.stderr.contains("data/raw/shops.csv:1:1") && missing.stderr.contains("no column 'regoin'")
                && missing.stderr.contains("did you mean 'region'"), missing.stderr)
        try p.write("thesis.toml", toml.replacingOccurrences(of: "categorical = [\"regoin\"]", with: "categorical = [3]"))
        let typed = try run(["build"], in: p.root)
        XCTAssertEqual(typed.status, 1)
        XCTAssertTrue(typed.stderr.contains("thesis.toml:") && typed.stderr.contains("'categorical' of data set 'shops'"), typed.stderr)
    }

    /// A declared categorical column is text in the frame, apart from the numeric series; the
    /// missing markers mark a missing category; a sample keeps the labels aligned.
    func testTheLoaderReadsDeclaredCategoricalColumnsAsLabels() throws {
        let csv = "date,region,x\n2000-01,north,1\n2000-02,NA,2\n2000-03,south,3\n2000-04,north,4\n"
        let frame = try DataLoader.load(
            Data(csv.utf8), file: "d.csv", format: .csv, layout: TableLayout(categorical: ["region"]))
        XCTAssertEqual(frame.names, ["x"])
        XCTAssertEqual(frame.categories(named: "region"), ["north", nil, "south", "north"])
        let cut = try frame.slice(Month(year: 2000, month: 2)...Month(year: 2000, month: 3))
        XCTAssertEqual(cut.categories(named: "region"), [nil, "south"])
        let coded = try JSONDecoder().decode(TimeSeriesFrame.self, from: JSONEncoder().encode(frame))
        XCTAssertEqual(coded, frame)
    }
}
