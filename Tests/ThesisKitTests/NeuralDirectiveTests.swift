import Foundation
import XCTest
import ThesisCache
import ThesisDocument
@testable import ThesisKit

/// The neural directives end to end on real data from ../shared/data (skipped when absent).
final class NeuralDirectiveTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    private func file(_ path: String) throws -> String {
        let url = Self.shared.appendingPathComponent(path)
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "\(path) not found")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// digits.csv (no header, 64 pixels then the label) loads as a declared table; an MLP(100)
    /// reaches at least 97% test accuracy on a seeded 75/25 split; the run is recorded.
    func testDigitsMLPAndRunTracking() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.digits]\npath = \"data/raw/digits.csv\"\nformat = \"table\"\nheader = false\n"
        files["data/raw/digits.csv"] = try file("sklearn/digits.csv")
        files["chapters/02-more.md"] = """
        # Digits

        <<data describe data=digits series=x1,x65>>

        <<nn train data=digits target=x65 task=classification model=mlp hidden=100 epochs=200 seed=0 experiment=digits id=mlp>>

        <<nn curve of=mlp>>

        <<nn tune data=digits target=x65 task=classification space="hidden: 16, 32; lr: 0.001, 0.01" epochs=10 experiment=digits id=tune>>

        Test accuracy <<= mlp.accuracy .1%>>.
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let mlp = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["mlp"])]).scalars
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(mlp["accuracy"]?.number), 0.97)
        let tune = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["tune"])]).scalars
        XCTAssertEqual(tune["trials"], .number(4))
        // Runs: one for the training, one for the search and one per trial under it; the cached
        // result points to its run.
        let store = try p.store()
        let runs = try store.runs(experiment: "digits")
        XCTAssertEqual(runs.count, 6)
        let search = try XCTUnwrap(runs.first { $0.directive == "nn tune" && $0.parentID == nil })
        XCTAssertEqual(runs.filter { $0.parentID == search.id }.count, 4)
        let train = try XCTUnwrap(runs.first { $0.directive == "nn train" })
        XCTAssertEqual(train.params["hidden"], "100")
        XCTAssertEqual(train.seed, 0)
        XCTAssertEqual(train.dataHash.count, 64)
        let stored = try XCTUnwrap(try store.run(id: train.id))
        XCTAssertEqual(stored.history["loss"]?.count, Int(mlp["epochs"]?.number ?? -1))
        let key = report.plan.directives[try XCTUnwrap(report.plan.ids["mlp"])].key
        XCTAssertEqual(try store.runID(forResult: key), train.id)
        // A rebuild takes the result from the cache and records no new run.
        let again = try p.build()
        XCTAssertEqual(again.executed.count, 0)
        XCTAssertEqual(try store.runs(experiment: "digits").count, 6)
    }

    /// The LSTM forecaster on US unemployment (changes), compared with AR(12) by Diebold-Mariano.
    func testLSTMForecastsUnemploymentInTheRangeOfAR() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.unemployment]\npath = \"data/raw/u.csv\"\nformat = \"year-by-month\"\nname = \"UNRATE\"\n"
        files["data/raw/u.csv"] = try file("unemployment/unemployment1948.csv")
        files["chapters/02-more.md"] = """
        # LSTM

        <<forecast evaluate data=unemployment target=UNRATE transform=UNRATE:diff model=ar lags=12 horizon=1 start=2000-01 id=e_ar>>

        <<forecast evaluate data=unemployment target=UNRATE transform=UNRATE:diff model=lstm lags=12 hidden=16 epochs=15 batch=32 step=60 horizon=1 start=2000-01 id=e_lstm>>

        <<compare of=e_ar,e_lstm benchmark=e_ar id=cmp>>
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let cmp = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["cmp"])]).scalars
        let ar = try XCTUnwrap(cmp["e_ar.rmse.1"]?.number), lstm = try XCTUnwrap(cmp["e_lstm.rmse.1"]?.number)
        XCTAssertLessThan(lstm, 1.5 * ar, "the LSTM is in the range of AR(12): \(lstm) vs \(ar)")
        XCTAssertNotNil(cmp["e_lstm.pvalue.1"], "the comparison says whether the difference is significant")
    }

    /// Tuning a GRU by Bayesian optimisation (TPE): every trial a run, no configuration twice, and
    /// the chosen configuration re-fitted on all training windows and scored once on the test
    /// windows, which is what `nn train` reports for the same settings.
    func testBayesianTuningOfAGRUReFitsTheBestAsNNTrainWould() throws {
        var files = TempProject.standardFiles
        files["thesis.toml"] = files["thesis.toml"]! + "\n\n[data.unemployment]\npath = \"data/raw/u.csv\"\nformat = \"year-by-month\"\nname = \"UNRATE\"\n"
        files["data/raw/u.csv"] = try file("unemployment/unemployment1948.csv")
        let options = "data=unemployment target=UNRATE model=gru lags=6 epochs=4 batch=32 seed=3 sample=1986-01..2016-12"
        files["chapters/02-tune.md"] = """
        # Tuning

        <<nn tune \(options) space="hidden: 4, 8, 16; lr: 0.01, 0.003" search=bayes trials=4 startup=2 experiment=gru id=tune>>
        """
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let tune = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["tune"])]).scalars
        XCTAssertEqual(tune["trials"], .number(4))
        let testRMSE = try XCTUnwrap(tune["test.rmse"]?.number)
        XCTAssertTrue(testRMSE.isFinite && testRMSE > 0)
        let runs = try p.store().runs(experiment: "gru")
        let search = try XCTUnwrap(runs.first { $0.parentID == nil })
        let trials = runs.filter { $0.parentID == search.id }
        XCTAssertEqual(trials.count, 4)
        XCTAssertEqual(Set(trials.map { "\($0.params["hidden"] ?? "")/\($0.params["lr"] ?? "")" }).count, 4, "no configuration twice")
        XCTAssertEqual(search.metrics["test_rmse"], testRMSE)

        // The same settings through nn train: the same network, the same test RMSE.
        guard case .text(let hidden) = tune["best.hidden"], case .text(let lr) = tune["best.lr"] else {
            return XCTFail("the best configuration is reported: \(tune)")
        }
        try p.write("chapters/03-train.md", "# Again\n\n<<nn train \(options) hidden=\(hidden) lr=\(lr) id=best>>\n")
        let again = try p.build()
        XCTAssertTrue(again.succeeded, "\(again.diagnostics)")
        let best = try XCTUnwrap(again.results[try XCTUnwrap(again.plan.ids["best"])]).scalars
        XCTAssertEqual(try XCTUnwrap(best["rmse"]?.number), testRMSE, accuracy: 1e-12)
    }
}
