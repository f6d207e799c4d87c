import Foundation
import XCTest
import ThesisModels
@testable import ThesisKit

/// The one-pass reader of prediction bodies gives exactly what JSONDecoder gives (same rows, same
/// bits), and leaves every body it does not handle to JSONDecoder's located errors.
final class PredictionRequestTests: XCTestCase {
    private let columns = ["x", "y z", "é"]

    /// A seeded stream of number texts in every JSON form: integers, decimals, exponents, signs.
    private func numberTexts(_ count: Int) -> [String] {
        var state: UInt64 = 12_345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        return (0..<count).map { i in
            let value = Double(Int64(bitPattern: next() << 17)) / Double(1 << 40) * pow(10, Double(Int(next() % 40) - 20))
            switch i % 6 {
            case 0: return "\(value)"
            case 1: return String(format: "%.17g", value)
            case 2: return String(Int(next() % 100_000) - 50_000)
            case 3: return String(format: "%.3E", value)
            case 4: return "-0.0000" + String(next() % 1_000_000) + "e-3"
            default: return String(format: "%.25f", value)
            }
        }
    }

    func testTheFastPathReadsWhatJSONDecoderReads() throws {
        let texts = numberTexts(3000)
        var records: [String] = []
        for r in 0..<1000 {
            let members = [
                "\"x\": \(texts[3 * r])", "\"y z\":\(texts[3 * r + 1])", "\"\u{e9}\" :\t\(texts[3 * r + 2])",
                "\"note\": {\"a\": [1, \"s\\\"q\", null, true]}", "\"other\":false",
            ]
            let order = r % 2 == 0 ? members : members.reversed()
            records.append("{" + order.joined(separator: r % 3 == 0 ? ",\n " : ",") + "}")
        }
        let body = Data(("{ \"meta\": \"v1\", \"rows\": [" + records.joined(separator: ", ") + "], \"steps\": 4 }").utf8)
        let fast = try XCTUnwrap(PredictionRowsParser.parse(body, columns: columns), "a well-formed body takes the fast path")
        let slow = try PredictionRequest.decode(body, columns: columns)
        XCTAssertEqual(fast.steps, 4)
        XCTAssertEqual(slow.steps, 4)
        XCTAssertEqual(fast.rows.count, 1000)
        XCTAssertEqual(fast.rows.map { $0.map(\.bitPattern) }, slow.rows.map { $0.map(\.bitPattern) })
        XCTAssertEqual(try PredictionRequest.parse(body, columns: columns).rows, slow.rows)
    }

    func testBodiesTheFastPathLeavesGetJSONDecodersErrors() throws {
        let cases: [(String, String)] = [
            (#"{"rows":[{"x":1,"y z":2}]}"#, "row 1 has no 'é'"),
            (#"{"rows":[{"x":"1","y z":2,"é":3}]}"#, "row 1: 'x' is a string"),
            (#"{"rows":[{"x":1e999,"y z":2,"é":3}]}"#, "not a finite number"),
            (#"{"rows":[{"x":null,"y z":2,"é":3}]}"#, "'x' is null"),
            (#"{"rows":[]}"#, "\"rows\" is empty"),
            (#"{"rows":[{"x":1,"y z":2,"é":3}],"steps":0}"#, "a forecast takes 1 to 1000 steps"),
            (#"{"rows":[{"x":1,"y z":2,"é":3}]"#, "not a JSON object"),
            (#"{"rows":[{"x":01,"y z":2,"é":3}]}"#, "row 1: 'x' is not a finite number"),
            (#"{"data":[]}"#, "'rows' is missing"),
        ]
        for (body, message) in cases {
            XCTAssertThrowsError(try PredictionRequest.parse(Data(body.utf8), columns: columns), body) {
                XCTAssertTrue("\($0)".contains(message), "\(body): \($0)")
            }
        }
        // An escaped key is valid JSON; the slow path reads it.
        let escaped = Data(#"{"rows":[{"\u0078":1,"y z":2,"\u00e9":3}]}"#.utf8)
        XCTAssertNil(PredictionRowsParser.parse(escaped, columns: columns))
        XCTAssertEqual(try PredictionRequest.parse(escaped, columns: columns).rows, [[1, 2, 3]])
        // Nesting deeper than the fast path follows is left to JSONDecoder too.
        let deep = Data(("{\"rows\":[{\"x\":1,\"y z\":2,\"é\":3,\"n\":" + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "}]}").utf8)
        XCTAssertNil(PredictionRowsParser.parse(deep, columns: columns))
        XCTAssertEqual(try PredictionRequest.parse(deep, columns: columns).rows, [[1, 2, 3]])
    }

    /// A model with categorical inputs takes each category as a string and encodes it as in training.
    func testCategoricalColumnsAreStringsEncodedAsInTraining() throws {
        let input = ModelArtifact.InputSchema(
            columns: ["x", "region=east", "region=north", "size"],
            categorical: [
                CategoricalEncoding(column: "region", kind: .oneHot, categories: ["east", "north"]),
                CategoricalEncoding(column: "size", kind: .ordinal, categories: ["small", "large"]),
            ])
        let body = Data(#"{"rows":[{"x":1.5,"region":"north","size":"large"},{"size":"small","region":"west","x":-1}]}"#.utf8)
        XCTAssertEqual(try PredictionRequest.parse(body, input: input).rows, [[1.5, 0, 1, 1], [-1, 0, 0, 0]])
        let cases: [(String, String)] = [
            (#"{"rows":[{"x":1,"region":2,"size":"small"}]}"#, "row 1: 'region' must be a string"),
            (#"{"rows":[{"x":1,"region":"east","size":"huge"}]}"#, "row 1: 'size' has the category 'huge'"),
            (#"{"rows":[{"x":"1","region":"east","size":"small"}]}"#, "row 1: 'x' is a string"),
            (#"{"rows":[{"region":"east","size":"small"}]}"#, "row 1 has no 'x'"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try PredictionRequest.parse(Data(text.utf8), input: input), text) {
                XCTAssertTrue("\($0)".contains(message), "\(text): \($0)")
            }
        }
    }
}
