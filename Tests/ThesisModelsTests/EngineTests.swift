import XCTest
@testable import ThesisModels

final class EngineTests: XCTestCase {
    func testVersionIsSet() {
        XCTAssertTrue(ModelEngine.version.hasPrefix("models-"))
    }
}
