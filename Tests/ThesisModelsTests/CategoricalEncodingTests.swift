import Foundation
import XCTest
@testable import ThesisModels

/// One-hot and ordinal encoding against scikit-learn's OneHotEncoder(handle_unknown="ignore")
/// and OrdinalEncoder fitted on the training labels only (Tests/Fixtures/generate_categorical.py):
/// the same vocabulary in the same order (non-ASCII and mixed case included), the same encoded
/// test rows, and a test-only category encoded as zeros (one-hot) or refused (ordinal).
final class CategoricalEncodingTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            var column: String, kind: String
            var order: [String]?
            var train: [String], test: [String]
            var categories: [String], names: [String]
            var encoded: [[Double]]
        }
        var cases: [Case]
    }

    private func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/categorical/reference.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testEncodingsMatchScikitLearnFittedOnTheTrainingLabels() throws {
        let cases = try fixture().cases
        XCTAssertEqual(cases.count, 5)
        for c in cases {
            let kind = try XCTUnwrap(CategoricalEncoding.Kind(rawValue: c.kind))
            let encoding = try CategoricalEncoding.fit(column: c.column, kind: kind, labels: c.train, order: c.order)
            let what = "\(c.column) \(c.kind)\(c.order == nil ? "" : " (declared order)")"
            XCTAssertEqual(encoding.categories, c.categories, what)
            // scikit-learn names one-hot columns COLUMN_CATEGORY; the tool COLUMN=CATEGORY.
            XCTAssertEqual(
                encoding.encodedNames,
                c.names.map { $0.hasPrefix(c.column + "_") ? c.column + "=" + $0.dropFirst(c.column.count + 1) : $0 },
                what)
            XCTAssertEqual(try c.test.map { try encoding.encode($0) }, c.encoded, what)
        }
        // The fixture has test categories the training rows lack: zeros for one-hot.
        let onehot = try XCTUnwrap(cases.first { $0.kind == "one-hot" && $0.column == "region" })
        let unseen = onehot.test.filter { !onehot.train.contains($0) }
        XCTAssertFalse(unseen.isEmpty, "the fixture exercises an unseen category")
    }

    func testAnUnseenOrdinalCategoryIsAnErrorThatSaysWhatWouldBeValid() throws {
        let encoding = try CategoricalEncoding.fit(column: "size", kind: .ordinal, labels: ["small", "large", "small"])
        XCTAssertEqual(encoding.categories, ["large", "small"])
        XCTAssertThrowsError(try encoding.encode("medium")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("'medium'") && text.contains("large, small") && text.contains("ordinal("), text)
        }
        XCTAssertThrowsError(
            try CategoricalEncoding.fit(column: "size", kind: .ordinal, labels: ["huge"], order: ["small", "large"])
        ) { XCTAssertTrue("\($0)".contains("'huge'"), "\($0)") }
        XCTAssertThrowsError(try CategoricalEncoding.fit(column: "size", kind: .oneHot, labels: [])) {
            XCTAssertTrue("\($0)".contains("no categories"), "\($0)")
        }
    }

    func testTheInputSchemaMapsDataColumnsToTheNetworksColumns() throws {
        let region = CategoricalEncoding(column: "region", kind: .oneHot, categories: ["east", "north"])
        let size = CategoricalEncoding(column: "size", kind: .ordinal, categories: ["small", "large"])
        let columns = [region, size].expand(["x", "region", "size", "z"])
        XCTAssertEqual(columns, ["x", "region=east", "region=north", "size", "z"])
        let input = ModelArtifact.InputSchema(columns: columns, categorical: [region, size])
        XCTAssertEqual(input.rawColumns, ["x", "region", "size", "z"])
        let row = try input.encodeRow(
            number: { ["x": 1.5, "z": -2][$0]! }, label: { ["region": "north", "size": "large"][$0]! })
        XCTAssertEqual(row, [1.5, 0, 1, 1, -2])
    }
}
