import Foundation
import XCTest
@testable import ThesisKit
@testable import ThesisDirectives
import ThesisModels
import ThesisCache

/// Image classification end to end: `images train` on the example's shapes (augmentation, the
/// classification report, confusion matrix, ROC curves, misclassified images, training curve,
/// the saved model), bad options named, a CNN on mnist5k to 97 %, and fine-tuning a model of
/// digits 0-4 on a few images of 5-9.
extension CommandLineTests {
    private static func shapesProject(chapter: String) throws -> TempProject {
        var files = TempProject.standardFiles
        files["thesis.toml"]! += "\n\n[data.shapes]\npath = \"data/shapes\"\nformat = \"images\"\nsize = [32, 32]\n"
        files["chapters/02-img.md"] = chapter
        let p = try TempProject(files: files)
        for (path, data) in try ExampleDataset.imageFiles(train: 30, test: 10) {
            let url = p.root.appendingPathComponent("data/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return p
    }

    func testImagesTrainReportsAndDrawsItsEvaluation() throws {
        let p = try Self.shapesProject(chapter: """
            # Shapes

            <<images augment data=shapes augment="flip:0.5, rotate:15, crop:0.8" count=3 draws=3 id=aug>>

            <<images train data=shapes epochs=6 batch=16 augment="flip:0.5, rotate:15" id=cnn>>

            <<images roc of=cnn id=roc>>

            <<images errors of=cnn count=8 id=wrong>>

            <<nn curve of=cnn id=curve>>
            """)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func result(_ id: String) throws -> DirectiveResult { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]) }
        let trained = try result("cnn")
        guard case .number(let accuracy) = trained.scalars["accuracy"], case .number(let tested) = trained.scalars["test_images"] else {
            return XCTFail("no accuracy")
        }
        XCTAssertEqual(tested, 30)
        XCTAssertGreaterThan(accuracy, 1.0 / 3, "better than chance")

        // The table's numbers are those of the sklearn-matched metrics on the recorded predictions.
        let record = try JSONDecoder().decode(ImageTrainingRecord.self, from: try XCTUnwrap(trained.object).payload)
        let metrics = try ClassificationMetrics.report(actual: record.actual, predicted: record.predicted, labels: [0, 1, 2])
        XCTAssertEqual(accuracy, metrics.accuracy)
        XCTAssertEqual(trained.scalars["macro_f1"], .number(metrics.macro.f1))
        XCTAssertEqual(record.classes, ["circle", "square", "triangle"])
        XCTAssertEqual(record.mistakeCount, record.actual.indices.filter { record.actual[$0] != record.predicted[$0] }.count)
        XCTAssertEqual(trained.scalars["macro_auc"],
                       .number(try ClassificationMetrics.rocAUCOneVsRest(actual: record.actual, scores: record.probabilities)))
        guard case .table(let table) = trained.content.first else { return XCTFail("no table") }
        XCTAssertEqual(table.rows.map { $0.first }, ["circle", "square", "triangle", "Accuracy", "Macro average", "Weighted average"].map { .text($0) })
        XCTAssertTrue(table.notes.joined().contains("augmented each epoch: flip:0.5, rotate:15.0; test images never"), "\(table.notes)")

        // The saved model predicts the recorded probabilities from the test images' pixels.
        let artifact = try ModelFile.decode(try XCTUnwrap(p.modelFile(of: trained)))
        XCTAssertEqual(artifact.kind, .imageClassifier)
        XCTAssertEqual(artifact.input.image, [1, 32, 32])
        XCTAssertEqual(artifact.output.names, ["circle", "square", "triangle"])

        XCTAssertEqual(try result("roc").scalars["macro_auc"], trained.scalars["macro_auc"])
        XCTAssertEqual(try result("wrong").scalars["errors"], .number(Double(record.mistakeCount)))
        XCTAssertEqual(try result("curve").scalars["epochs"], .number(6))
        XCTAssertEqual(try result("aug").scalars["images"], .number(3))
        let html = try XCTUnwrap(p.html())
        XCTAssertTrue(html.contains("Confusion matrix of the 30 test images"), html)
        XCTAssertTrue(html.contains("ROC curves of each class against the rest"), html)
        XCTAssertTrue(html.contains("augmented versions of each"), html)

        // The same seed gives the same network: a rebuild from scratch reproduces the numbers.
        try FileManager.default.removeItem(at: p.root.appendingPathComponent(".thesis"))
        let again = try p.build()
        XCTAssertEqual(again.results[again.plan.ids["cnn"]!]?.scalars, trained.scalars)
        // One image changed: the directives that read the folder, and those built on them, run again.
        let image = p.root.appendingPathComponent("data/shapes/test/circle/000.png")
        let files = try FileManager.default.contentsOfDirectory(atPath: image.deletingLastPathComponent().path).sorted()
        try Data(contentsOf: image.deletingLastPathComponent().appendingPathComponent(files[1])).write(to: image)
        let changed = try p.build()
        XCTAssertEqual(Set(changed.executed.map { changed.plan.directives[$0].resolved.id }), ["aug", "cnn", "roc", "wrong", "curve"])
    }

    func testImagesTrainNamesBadOptions() throws {
        for (directive, message) in [
            ("<<images train data=shapes layers=\"conv 16 3 same relu, maxpool 2, blender 3\">>", "'blender 3': not a layer"),
            ("<<images train data=shapes layers=\"conv 8 40\">>", "does not fit"),
            ("<<images train data=shapes augment=\"rotate:15, warp:2\">>", "'warp' is not an augmentation"),
            ("<<images train data=shapes test=0.2>>", "has its own train and test folders"),
            ("<<images train data=shapes classes=circle,hexagon>>", "no class 'hexagon'"),
            ("<<images train data=shapes keep=2>>", "keep= is for fine-tuning"),
            ("<<images train data=macro>>", "is not an image data set"),
        ] {
            let p = try Self.shapesProject(chapter: "# Shapes\n\n\(directive)\n")
            let run = try run(["build"], in: p.root)
            XCTAssertEqual(run.status, 1, directive)
            XCTAssertTrue(run.stderr.contains(message), "\(directive): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("chapters/02-img.md:3:"), run.stderr)
        }
    }

    /// mnist5k: a project holding a copy of the folder (nothing outside a project is read).
    private static func mnistProject(chapter: String) throws -> TempProject? {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/mnist5k")
        guard FileManager.default.fileExists(atPath: shared.appendingPathComponent("train").path) else { return nil }
        var files = TempProject.standardFiles
        files["thesis.toml"]! += "\n\n[data.digits]\npath = \"data/mnist5k\"\nformat = \"images\"\nsize = [28, 28]\n"
        files["chapters/02-digits.md"] = chapter
        let p = try TempProject(files: files)
        for split in ["train", "test"] {
            try FileManager.default.copyItem(at: shared.appendingPathComponent(split),
                                             to: p.root.appendingPathComponent("data/mnist5k/\(split)"))
        }
        return p
    }

    func testTheSmallCNNReaches97PercentOnMnist5k() throws {
        guard let p = try Self.mnistProject(chapter: "# Digits\n\n<<images train data=digits epochs=10 id=cnn>>\n") else {
            throw XCTSkip("../shared/data/mnist5k is not beside the repository")
        }
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let scalars = try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids["cnn"])]).scalars
        guard case .number(let accuracy) = scalars["accuracy"] else { return XCTFail("no accuracy") }
        XCTAssertEqual(scalars["test_images"], .number(1000))
        XCTAssertGreaterThanOrEqual(accuracy, 0.97)
    }

    /// Transfer within the project: a network trained on digits 0-4 is fine-tuned on 5 images
    /// of each of 5-9 (its convolutions frozen, a new output layer) and beats the same network
    /// trained from scratch on those images.
    func testFineTuningAModelOfDigits0To4OnAFewImagesOf5To9() throws {
        guard let p = try Self.mnistProject(chapter: """
            # Digits

            <<images train data=digits classes=0,1,2,3,4 epochs=4 id=base>>

            <<images train data=digits classes=5,6,7,8,9 limit=5 epochs=40 batch=25 from=base id=tuned>>

            <<images train data=digits classes=5,6,7,8,9 limit=5 epochs=40 batch=25 id=scratch>>
            """) else {
            throw XCTSkip("../shared/data/mnist5k is not beside the repository")
        }
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        func result(_ id: String) throws -> DirectiveResult { try XCTUnwrap(report.results[try XCTUnwrap(report.plan.ids[id])]) }
        let base = try result("base"), tuned = try result("tuned"), scratch = try result("scratch")
        XCTAssertEqual(tuned.scalars["train_images"], .number(25))
        guard case .number(let a) = tuned.scalars["accuracy"], case .number(let b) = scratch.scalars["accuracy"] else {
            return XCTFail("no accuracy")
        }
        XCTAssertGreaterThan(a, b + 0.02, "fine-tuned \(a) against \(b) from scratch")
        // The kept layers' weights are the base model's, unchanged (frozen).
        let parent = try ModelFile.decode(try XCTUnwrap(p.modelFile(of: base)))
        let child = try ModelFile.decode(try XCTUnwrap(p.modelFile(of: tuned)))
        XCTAssertEqual(child.training.parent, try XCTUnwrap(base.model).id)
        let kept = try parent.imageClassifier().network.parameterSegments.filter { $0.layer < 5 }
        let keptCount = kept.map(\.range.count).reduce(0, +)
        XCTAssertGreaterThan(keptCount, 4000)
        XCTAssertEqual(Array(child.weights!.parameters.prefix(keptCount)), Array(parent.weights!.parameters.prefix(keptCount)))
    }
}

extension TempProject {
    /// The model file a result saved, from the project's result store.
    func modelFile(of result: DirectiveResult) throws -> Data? {
        guard let id = result.model?.id else { return nil }
        return try ResultStore(path: root.appendingPathComponent(".thesis/cache.sqlite").path).modelBytes(id)
    }
}
