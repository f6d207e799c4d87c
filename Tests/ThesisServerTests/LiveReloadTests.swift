import Foundation
import XCTest
@testable import ThesisServer

/// The events open pages hear.
final class LiveReloadTests: XCTestCase {
    func testANewPageHearsTheGenerationThenEachRebuild() async {
        let events = LiveReload()
        events.bookWritten()
        let stream = events.subscribe()
        XCTAssertEqual(events.listeners, 1)
        events.building("chapters/01.md")
        events.bookWritten()
        events.problem("thesis.toml:3:1: error: bad")
        events.finish()
        var heard: [PreviewEvent] = []
        for await event in stream { heard.append(event) }
        XCTAssertEqual(heard, [.reload(1), .building("chapters/01.md"), .reload(2), .problem("thesis.toml:3:1: error: bad")])
        XCTAssertEqual(events.listeners, 0)
    }

    func testAStandingProblemIsToldToNewPagesUntilTheBookIsWritten() async {
        let events = LiveReload()
        events.problem("broken")
        var first: [PreviewEvent] = []
        let stream = events.subscribe()
        events.bookWritten()
        let later = events.subscribe()
        events.finish()
        for await event in stream { first.append(event) }
        var second: [PreviewEvent] = []
        for await event in later { second.append(event) }
        XCTAssertEqual(first, [.reload(0), .problem("broken"), .reload(1)])
        XCTAssertEqual(second, [.reload(1)])
    }

    func testEventsAreServerSentEventsWithOneDataLinePerLine() {
        XCTAssertEqual(PreviewEvent.reload(3).serverSent, "event: reload\ndata: 3\n\n")
        XCTAssertEqual(PreviewEvent.problem("a\nb").serverSent, "event: problem\ndata: a\ndata: b\n\n")
    }
}
