import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// The pipeline's side of the live preview and the progress line: a first pass that executes
/// nothing and shows stale directives as pending, and progress events with estimates.
final class PreviewPassTests: XCTestCase {
    private func build(_ p: TempProject, pending: Bool = false, progress: (@Sendable (BuildProgress) -> Void)? = nil) throws -> BuildReport {
        var options = BuildOptions()
        options.jobs = 2
        options.draft = true
        options.pendingIfStale = pending
        options.progress = progress
        return Pipeline(project: try p.project(), store: try p.store()).build(options)
    }

    func testStaleDirectivesAndWhatBuildsOnThemArePendingAndNothingExecutes() throws {
        var files = TempProject.standardFiles
        files["chapters/03-chain.md"] = """
            # Chain

            <<data prepare data=macro transform=output:diff missing=keep id=growth>>

            <<data describe data=growth id=growthdesc>>
            """
        let p = try TempProject(files: files)
        XCTAssertTrue(try build(p).succeeded)
        let manifest = p.read("reports/manifest.json")
        let figures = p.outputs().keys.filter { $0.hasPrefix("figures/") }.sorted()
        XCTAssertFalse(figures.isEmpty)

        // The transform changes: it and the description of its output are pending.
        try p.write("chapters/03-chain.md", (p.read("chapters/03-chain.md") ?? "").replacingOccurrences(of: "output:diff", with: "output:log"))
        let first = try build(p, pending: true)
        XCTAssertEqual(first.executed, [])
        XCTAssertEqual(Set(first.pending.map { first.plan.directives[$0].id ?? "" }), ["growth", "growthdesc"])
        XCTAssertEqual(first.fromCache.count, 3)
        XCTAssertTrue(first.summaryLine.contains("0 executed, 3 from cache, 2 pending"), first.summaryLine)
        let page = try XCTUnwrap(p.read("reports/html/03-chain.html"))
        XCTAssertEqual(page.components(separatedBy: "<div class=\"pending\" role=\"status\">").count - 1, 2, page)
        XCTAssertTrue(page.contains("<strong>&lt;&lt;data prepare&gt;&gt; is running</strong> (it took "), page)
        let tex = p.read("reports/latex/chapters/03-chain.tex") ?? ""
        XCTAssertTrue(tex.contains("Pending: \\textless{}\\textless{}data prepare"), tex)
        // The first pass is not a build: the manifest and the other figures stay as they were.
        XCTAssertEqual(p.read("reports/manifest.json"), manifest)
        XCTAssertEqual(p.outputs().keys.filter { $0.hasPrefix("figures/") }.sorted(), figures)

        // The pass that follows executes them and leaves nothing pending.
        let second = try build(p)
        XCTAssertEqual(second.executed.count, 2)
        XCTAssertEqual(second.pending, [])
        XCTAssertFalse(p.read("reports/html/03-chain.html")?.contains("class=\"pending\"") ?? true)
        XCTAssertNotEqual(p.read("reports/manifest.json"), manifest)
    }

    func testProgressCountsTheDirectivesThatExecuteWithTheLastDurationAsEstimate() throws {
        let p = try TempProject()
        let events = Events()
        XCTAssertTrue(try build(p, progress: events.add).succeeded)
        var heard = events.take()
        guard case .planned(let total) = heard.first else { return XCTFail("no plan first: \(heard)") }
        XCTAssertEqual(total, 3)
        let started = heard.compactMap { event -> DirectiveActivity? in
            if case .started(let activity) = event { return activity }
            return nil
        }
        XCTAssertEqual(started.map(\.number).sorted(), [1, 2, 3])
        XCTAssertEqual(Set(started.map(\.total)), [3])
        XCTAssertEqual(started.compactMap(\.estimate), [], "a first build has no durations")
        XCTAssertEqual(heard.filter { if case .finished(_, _, true) = $0 { return true } else { return false } }.count, 3)

        // A cached build reports nothing; an edited directive at the same place has an estimate.
        XCTAssertTrue(try build(p, progress: events.add).succeeded)
        XCTAssertTrue(events.take().isEmpty)
        try p.write("chapters/02-more.md", (p.read("chapters/02-more.md") ?? "").replacingOccurrences(of: "id=desc2", with: "id=desc2 digits=2"))
        XCTAssertTrue(try build(p, progress: events.add).succeeded)
        heard = events.take()
        XCTAssertEqual(heard.count, 3, "\(heard)")
        guard case .started(let activity) = heard[1] else { return XCTFail("\(heard)") }
        XCTAssertEqual(activity.number, 1)
        XCTAssertEqual(activity.total, 1)
        XCTAssertEqual(activity.kind, "data describe")
        XCTAssertEqual(activity.id, "desc2")
        XCTAssertEqual(activity.location.file, "chapters/02-more.md")
        XCTAssertNotNil(activity.estimate)
    }

    /// A network evaluation reports its fits as it goes, and the line shows them with the time left.
    func testForecastEvaluationReportsItsFits() throws {
        var files = TempProject.standardFiles
        files["chapters/03-eval.md"] = """
            # Evaluation

            <<forecast evaluate data=macro target=output model=mlp lags=2 hidden=4 epochs=3 horizon=1,2 start=2003-01 step=6 id=fe>>
            """
        let p = try TempProject(files: files)
        let events = Events()
        XCTAssertTrue(try build(p, progress: events.add).succeeded)
        let steps = events.take().compactMap { event -> (Int, Int, String)? in
            if case .advanced(let activity, let done, let total, let unit) = event, activity.kind == "forecast evaluate" {
                return (done, total, unit)
            }
            return nil
        }
        let total = try XCTUnwrap(steps.first?.1)
        XCTAssertGreaterThan(total, 2)
        XCTAssertEqual(steps.map(\.0).sorted(), Array(1...total))
        XCTAssertEqual(Set(steps.map(\.2)), ["fits"])

        let activity = DirectiveActivity(number: 1, total: 1, kind: "forecast evaluate", id: "lstm",
                                         location: SourceLocation(file: "chapters/06-comparison.md", line: 40, column: 1), estimate: 300)
        XCTAssertEqual(ProgressLine.text(activity, elapsed: 60, steps: .init(done: 58, total: 290, unit: "fits")),
                       "[1/1] forecast evaluate id=lstm at chapters/06-comparison.md:40 · 1:00 · 58/290 fits, about 4:00 left")
    }

    func testTheProgressLineText() {
        var activity = DirectiveActivity(number: 2, total: 5, kind: "nn train", id: "mlp",
                                         location: SourceLocation(file: "chapters/05-neural.md", line: 14, column: 1), estimate: 25.4)
        XCTAssertEqual(ProgressLine.text(activity, elapsed: 12.3),
                       "[2/5] nn train id=mlp at chapters/05-neural.md:14 · 12 s of about 25 s (last build)")
        XCTAssertEqual(ProgressLine.text(activity, elapsed: 65, others: 1),
                       "[2/5] nn train id=mlp at chapters/05-neural.md:14 · 1:05 (25 s last build) · 1 more running")
        activity.estimate = nil
        activity.id = nil
        XCTAssertEqual(ProgressLine.text(activity, elapsed: 3725),
                       "[2/5] nn train at chapters/05-neural.md:14 · 1:02:05 (first run)")
    }

    func testTheProgressLineIsDrawnOnlyWhenEnabledAndClearedAtTheEnd() {
        let written = Written()
        let line = ProgressLine(enabled: true, width: 40, write: written.add)
        let activity = DirectiveActivity(number: 1, total: 1, kind: "forecast evaluate", id: "lstm",
                                         location: SourceLocation(file: "chapters/06-comparison.md", line: 40, column: 1), estimate: nil)
        line.report(.started(activity))
        line.report(.finished(activity, seconds: 1, succeeded: true))
        line.clear()
        let text = written.all()
        XCTAssertTrue(text.hasPrefix("\r\u{1B}[K[1/1] forecast evaluate id=lstm at chap"), text)
        XCTAssertTrue(text.hasSuffix("\r\u{1B}[K"), text)
        XCTAssertFalse(text.split(separator: "\r").contains { $0.count > 40 + 3 }, "longer than the terminal: \(text)")
        let silent = Written()
        let off = ProgressLine(enabled: false, write: silent.add)
        off.report(.started(activity))
        off.clear()
        XCTAssertEqual(silent.all(), "")
    }
}

private final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BuildProgress] = []
    var add: @Sendable (BuildProgress) -> Void { { [self] event in lock.lock(); events.append(event); lock.unlock() } }
    func take() -> [BuildProgress] { lock.lock(); defer { events = []; lock.unlock() }; return events }
}

private final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var add: @Sendable (String) -> Void { { [self] more in lock.lock(); text += more; lock.unlock() } }
    func all() -> String { lock.lock(); defer { lock.unlock() }; return text }
}
