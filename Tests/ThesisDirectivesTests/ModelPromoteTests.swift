import XCTest
@testable import ThesisDirectives

/// The promotion rule: every condition must hold, each against its multiple of the champion's
/// measure (or a number), with the numbers in the reason.
final class ModelPromoteTests: XCTestCase {
    private func Option() -> OptionReference { OptionReference(name: "rule", isExplicit: true) }

    func testEveryConditionMustHoldAndTheReasonGivesTheNumbers() throws {
        let rules = try ModelPromote.parseRule("rmse < 0.98 * champion; mae <= 1 * champion", option: Option())
        XCTAssertEqual(rules.map(\.text), ["rmse < 0.98 * champion", "mae <= 1 * champion"])
        let champion = ["rmse": 1.0, "mae": 0.8]
        let better = ModelPromote.decide(rules, challenger: ["rmse": 0.97, "mae": 0.8], champion: champion)
        XCTAssertTrue(better.promoted)
        XCTAssertEqual(
            better.reason,
            "the challenger's RMSE 0.97 < 0.98 (0.98 × the champion's 1) and the challenger's MAE 0.8 <= 0.8 (1 × the champion's 0.8)")
        // 0.98 is not < 0.98: a challenger only as good as 2% better is refused.
        let edge = ModelPromote.decide(rules, challenger: ["rmse": 0.98, "mae": 0.5], champion: champion)
        XCTAssertFalse(edge.promoted)
        XCTAssertEqual(edge.reason, "the challenger's RMSE 0.98 is not < 0.98 (0.98 × the champion's 1)")
        let worseMAE = ModelPromote.decide(rules, challenger: ["rmse": 0.5, "mae": 0.81], champion: champion)
        XCTAssertFalse(worseMAE.promoted)
        XCTAssertTrue(ModelPromote.decide(rules, challenger: ["rmse": 9, "mae": 9], champion: nil).promoted, "no champion yet")
        // A missing measure is NaN, which satisfies no comparison.
        XCTAssertFalse(ModelPromote.decide(rules, challenger: [:], champion: champion).promoted)
    }

    func testTheRuleAcceptsTheIssuePhrasingAndAbsoluteBoundsAndRejectsTheRest() throws {
        let phrased = try ModelPromote.parseRule("challenger if rmse < 0.98 * champion and mae < 0.5 on the holdout", option: Option())
        XCTAssertEqual(phrased.map(\.text), ["rmse < 0.98 * champion", "mae < 0.5"])
        XCTAssertFalse(phrased[1].timesRegistered)
        for bad in ["", "r2 > 0.9", "rmse < 0.98 * registered", "rmse = 1", "rmse < x * champion"] {
            XCTAssertThrowsError(try ModelPromote.parseRule(bad, option: Option()), bad) { error in
                XCTAssertEqual((error as? DirectiveFailure)?.option, "rule")
            }
        }
    }
}
