import Foundation
import ThesisDocument
import ThesisProcess
import ThesisTestSupport
import XCTest
@testable import ThesisDirectives

/// What a script may write under $THESIS_OUTPUT, and the error for everything else.
final class ScriptOutputsTests: XCTestCase {
    private static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])

    private func read(_ files: [String: Data]) throws -> ScriptOutputs {
        let folder = try TemporaryProject(prefix: "thesis-output")
        for (path, data) in files { try folder.write(path, data) }
        return try ScriptOutputs.read(folder.root, script: "analysis/x.py")
    }

    private func problem(_ files: [String: Data]) -> String {
        do {
            _ = try read(files)
            return "no error"
        } catch let problem as ScriptOutputs.Problem {
            return problem.message
        } catch {
            return "\(error)"
        }
    }

    func testFiguresTablesAndValuesInNameOrder() throws {
        let outputs = try read([
            "figures/b.png": Self.png, "figures/a.PNG": Self.png, "figures/a.pdf": Data("%PDF-1.4\n".utf8),
            "tables/t.csv": Data("x,y\n1,2\n".utf8),
            "values.json": Data(#"{"beta": 0.5, "lp": {"h1": -1e-3, "h2": 2}}"#.utf8),
            "captions.json": Data(#"{"figures/b": "B."}"#.utf8),
        ])
        XCTAssertEqual(outputs.values, ["beta": .number(0.5), "lp.h1": .number(-1e-3), "lp.h2": .number(2)])
        guard outputs.content.count == 3, case .externalFigure(let a) = outputs.content[0],
              case .externalFigure(let b) = outputs.content[1], case .table(let t) = outputs.content[2]
        else { return XCTFail("\(outputs.content)") }
        XCTAssertEqual(a.name, "a")
        XCTAssertEqual(a.formats.keys.sorted(), ["pdf", "png"], "one figure in two formats")
        XCTAssertEqual(b.caption, "B.")
        XCTAssertEqual(t.columns.map(\.alignment), [.right, .right])
    }

    func testEverythingElseIsAnErrorNamingTheFile() {
        let cases: [([String: Data], String)] = [
            ([:], "analysis/x.py finished but wrote nothing under $THESIS_OUTPUT"),
            (["notes.txt": Data("x".utf8)], "wrote $THESIS_OUTPUT/notes.txt, which the contract does not know"),
            (["figures/plot.gif": Data("GIF89a".utf8)], "$THESIS_OUTPUT/figures/plot.gif, which is not a figure file"),
            (["figures/plot.png": Data("hello".utf8)], "$THESIS_OUTPUT/figures/plot.png, which is not a PNG file"),
            (["figures/plot.png": Data()], "$THESIS_OUTPUT/figures/plot.png, which is empty"),
            (["figures/plot.svg": Data("<svg/>".utf8)], "figures/plot.svg alone; pdflatex cannot include SVG"),
            (["figures/my plot.png": Self.png], "output names may use letters, digits"),
            (["figures/sub/a.png": Self.png], "$THESIS_OUTPUT/figures/sub, which is not a figure file"),
            (["tables/t.xlsx": Data("x".utf8)], "$THESIS_OUTPUT/tables/t.xlsx, which is not a .csv file"),
            (["tables/t.csv": Data("a,b\n1\n".utf8)], "tables/t.csv:2: 1 fields where the header (line 1) has 2"),
            (["tables/t.csv": Data("a,b\n".utf8)], "$THESIS_OUTPUT/tables/t.csv has a header and no rows"),
            (["values.json": Data("[1, 2]".utf8)], "values.json, which is not a JSON object of numbers"),
            (["values.json": Data("{".utf8)], "values.json, which is not valid JSON"),
            (["values.json": Data(#"{"a": "high"}"#.utf8)], "values.json where 'a' is a string; values are numbers"),
            (["values.json": Data(#"{"a": true}"#.utf8)], "values.json where 'a' is true or false"),
            (["values.json": Data(#"{"a": null}"#.utf8)], "values.json where 'a' is null"),
            (["values.json": Data(#"{"a b": 1}"#.utf8)], "values.json with the name 'a b'"),
            (["values.json": Data(#"{"a": 1}"#.utf8), "captions.json": Data(#"{"figures/irf": "x"}"#.utf8)],
             "captions.json with a caption for 'figures/irf', which it did not write"),
        ]
        for (files, expected) in cases {
            let message = problem(files)
            XCTAssertTrue(message.contains(expected), "\(files.keys.sorted()): expected '\(expected)' in '\(message)'")
        }
    }

    func testTimeLimitStopsTheWholeProcessGroup() throws {
        let folder = try TemporaryProject(prefix: "thesis-subprocess")
        // The shell starts a child that would outlive it; both go at the time limit.
        let start = Date()
        let run = try Subprocess.run(
            executable: "/bin/sh", arguments: ["-c", "sleep 30 & sleep 30; echo never"],
            environment: ["PATH": "/usr/bin:/bin"], workingDirectory: folder.root.path,
            standardOutput: folder.root.appendingPathComponent("out").path,
            standardError: folder.root.appendingPathComponent("err").path, timeout: 0.5)
        XCTAssertEqual(run.termination, .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(folder.read("out"), "")
        let exit = try Subprocess.run(
            executable: "/bin/sh", arguments: ["-c", "echo $PWD; exit 3"], environment: [:],
            workingDirectory: folder.root.path, standardOutput: folder.root.appendingPathComponent("out").path,
            standardError: folder.root.appendingPathComponent("err").path, timeout: 10)
        XCTAssertEqual(exit.termination, .exited(3))
        XCTAssertEqual(folder.read("out")?.trimmingCharacters(in: .newlines), folder.root.path)
    }
}
