import Foundation
import XCTest
import ThesisDocument
@testable import ThesisCache

/// Runs exported as JSON and CSV read back to what was recorded.
final class RunExportTests: XCTestCase {
    private func store() throws -> (ResultStore, Int, Int) {
        let store = try ResultStore.inMemory()
        let first = try store.recordRun(
            RunRecord(experiment: "digits", params: ["hidden": "100", "note": "a, \"quoted\"\r\nline"], metrics: ["accuracy": 0.975, "rmse": 0.1 + 0.2, "diverged": .infinity],
                      history: ["loss": [1.0, .nan, 0.25]], tags: ["model": "mlp"], seed: 42),
            directive: "nn train", location: "chapters/05.md:3:1", cacheKey: "key1", dataHash: "abc", engine: "e", durationSeconds: 2.5)
        let second = try store.recordRun(RunRecord(experiment: "digits", params: ["lr": "0.01"], metrics: ["accuracy": 0.96]),
                                         directive: "nn tune", location: "chapters/05.md:9:1", cacheKey: "key2", dataHash: "def",
                                         engine: "e", durationSeconds: 1)
        return (store, first, second)
    }

    func testJSONHasEveryFieldAtFullPrecisionAndNullForWhatIsNotFinite() throws {
        let (store, first, second) = try store()
        let exported = try RunExport.json(try store.runs())
        // The text itself (corelibs' JSONSerialization reads this number back 1 ulp off).
        XCTAssertTrue(String(decoding: exported, as: UTF8.self).contains("\"rmse\" : 0.30000000000000004"), "full precision")
        let listed = try JSONSerialization.jsonObject(with: exported) as? [[String: Any]]
        XCTAssertEqual(listed?.map { $0["id"] as? Int }, [second, first])
        let run = try XCTUnwrap(listed?.last)
        XCTAssertEqual(Set(run.keys), ["id", "experiment", "directive", "location", "cache_key", "data_hash", "seed", "engine",
                                       "duration_seconds", "finished_at", "params", "metrics", "tags", "status", "error", "parent_id"])
        XCTAssertTrue(run["parent_id"] is NSNull)
        XCTAssertEqual(run["status"] as? String, "finished")
        XCTAssertTrue(run["error"] is NSNull)
        XCTAssertEqual(run["seed"] as? Int, 42)
        XCTAssertTrue((run["metrics"] as? [String: Any])?["diverged"] is NSNull, "a metric that is not finite is null, not a number")
        XCTAssertEqual((run["params"] as? [String: String])?["note"], "a, \"quoted\"\r\nline")
        XCTAssertTrue(listed?.first?["seed"] is NSNull, "no seed is null")

        let shown = try JSONSerialization.jsonObject(with: try RunExport.json(try XCTUnwrap(try store.run(id: first)))) as? [String: Any]
        let loss = try XCTUnwrap((shown?["history"] as? [String: [Any]])?["loss"])
        XCTAssertEqual(loss.count, 3)
        XCTAssertEqual(loss[0] as? Double, 1.0)
        XCTAssertTrue(loss[1] is NSNull, "a step that is not finite is null")
    }

    func testCSVHasARowPerRunWithTheUnionOfNamesQuotedAsRFC4180Says() throws {
        let (store, _, _) = try store()
        let csv = RunExport.csv(try store.runs())
        let lines = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "id,experiment,directive,location,cache_key,data_hash,seed,engine,duration_seconds,finished_at,status,error,parent_id,"
                       + "param.hidden,param.lr,param.note,metric.accuracy,metric.diverged,metric.rmse,tag.model")
        XCTAssertTrue(lines[1].hasPrefix("2,digits,nn tune,chapters/05.md:9:1,key2,def,,e,1.0,"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(",,0.01,,0.96,,,"), lines[1])
        XCTAssertTrue(csv.contains(",100,,\"a, \"\"quoted\"\"\r\nline\",0.975,,0.30000000000000004,mlp\r\n"), csv)
        XCTAssertTrue(csv.hasSuffix("\r\n"))
    }
}
