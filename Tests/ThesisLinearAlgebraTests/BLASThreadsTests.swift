import XCTest
@testable import ThesisLinearAlgebra

final class BLASThreadsTests: XCTestCase {
    func testThreadCountCanBePinned() {
        BLASThreads.set(1)
        XCTAssertEqual(BLASThreads.current, 1)
        XCTAssertFalse(BLASThreads.configuration.isEmpty)
    }
}
