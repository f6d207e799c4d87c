import Foundation
import XCTest
@testable import ThesisImages

/// The image reader against Pillow (Tests/Fixtures/generate_images.py): every kind of file an
/// image folder holds decodes to Pillow's pixels (JPEG within one level: the IDCTs may round
/// apart), grey conversion is Pillow's convert("L") bit for bit, and hostile files are errors
/// that name the file and say what would be valid.
final class ImageDecoderTests: XCTestCase {
    private struct Reference: Decodable {
        struct File: Decodable {
            var width: Int, height: Int, channels: Int
            var pixels: [Int]
            var luma: [Int]?
        }
        struct Digit: Decodable {
            var path: String
            var width: Int, height: Int, sum: Int
        }
        var files: [String: File]
        var mnist5k: [Digit]
    }

    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    private func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    private func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("reference.json")))
    }

    func testEveryKindOfFileDecodesAsPillowDecodesIt() throws {
        let reference = try reference()
        XCTAssertEqual(reference.files.count, 7)
        for (name, expected) in reference.files.sorted(by: { $0.key < $1.key }) {
            let image = try ImageDecoder.decode(try bytes(name), file: name)
            XCTAssertEqual([image.width, image.height, image.channels], [expected.width, expected.height, expected.channels], name)
            let difference = zip(image.pixels, expected.pixels).map { abs(Int($0) - $1) }.max() ?? 0
            XCTAssertEqual(image.pixels.count, expected.pixels.count, name)
            XCTAssertLessThanOrEqual(difference, name.hasSuffix(".jpg") ? 1 : 0, name)
            if let luma = expected.luma, !name.hasSuffix(".jpg") {
                XCTAssertEqual(image.converted(to: 1).pixels.map(Int.init), luma, "\(name): convert(\"L\")")
            }
        }
        let grey = try ImageDecoder.decode(try bytes("grey.png"), file: "grey.png")
        let rgb = grey.converted(to: 3)
        XCTAssertEqual(rgb.pixels.count, 3 * grey.pixels.count)
        XCTAssertEqual(rgb.converted(to: 1), grey, "grey → RGB → grey is the identity")
    }

    func testHostileFilesAreErrorsNamingTheFile() throws {
        let png = try bytes("grey.png"), jpeg = try bytes("rgb.jpg")
        let cases: [(bytes: [UInt8], file: String, message: String)] = [
            ([], "data/x/empty.png", "empty (0 bytes)"),
            (Array(png.prefix(png.count - 20)), "data/x/cut.png", "PNG"),
            (Array(jpeg.prefix(jpeg.count / 2)), "data/x/cut.jpg", "damaged JPEG"),
            (jpeg, "data/x/photo.png", "is a JPEG image but its extension says PNG; rename it to .jpg"),
            (png, "data/x/notes.txt", "images are .png, .jpg, .jpeg"),
            (Array("hello".utf8), "data/x/fake.png", "neither a PNG nor a JPEG signature"),
            (try bytes("huge.png"), "data/x/huge.png", "20000 × 20000 pixels; images may be at most 8192"),
        ]
        for c in cases {
            XCTAssertThrowsError(try ImageDecoder.decode(c.bytes, file: c.file), c.file) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix(c.file + ": ") && text.contains(c.message), "\(c.file): \(text)")
            }
        }
        var limits = ImageDecoder.Limits()
        limits.minimumSide = 10
        XCTAssertThrowsError(try ImageDecoder.decode(png, file: "small.png", limits: limits)) {
            XCTAssertTrue("\($0)".contains("13 × 9 pixels; images must be at least 10 × 10"), "\($0)")
        }
    }

    /// Bilinear resizing with half-pixel centres reproduces a linear ramp exactly inside the
    /// image (a closed form), and the same size is the pixels over 255, channel-major.
    func testResizingIsBilinearWithHalfPixelCentres() throws {
        let width = 8, height = 4
        let pixels = (0..<(width * height)).map { p in UInt8((p % width) * 30 + (p / width) * 5) }
        let image = DecodedImage(width: width, height: height, channels: 1, pixels: pixels)
        XCTAssertEqual(image.tensor(width: width, height: height), pixels.map { Float($0) / 255 })
        let resized = image.tensor(width: 16, height: 8)
        for oy in 0..<8 {
            for ox in 0..<16 {
                let sx = min(max(0, (Double(ox) + 0.5) / 2 - 0.5), Double(width - 1))
                let sy = min(max(0, (Double(oy) + 0.5) / 2 - 0.5), Double(height - 1))
                XCTAssertEqual(Double(resized[oy * 16 + ox]), (sx * 30 + sy * 5) / 255, accuracy: 1e-6, "(\(ox), \(oy))")
            }
        }
        let colour = DecodedImage(width: 2, height: 1, channels: 3, pixels: [10, 20, 30, 40, 50, 60])
        XCTAssertEqual(colour.tensor(width: 2, height: 1), [10, 40, 20, 50, 30, 60].map { Float($0) / 255 }, "CHW")
    }
}

/// Image folders: the layouts torchvision's ImageFolder reads, on ../shared/data/mnist5k, and
/// every way a folder can be wrong.
final class ImageFolderTests: XCTestCase {
    private static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    func testMNIST5kReadsAsTwoSplitsOfTenClasses() throws {
        guard FileManager.default.fileExists(atPath: Self.shared.appendingPathComponent("mnist5k/train").path) else {
            throw XCTSkip("mnist5k not found beside the repository (../shared/data/mnist5k)")
        }
        let folder = try ImageFolder.scan(root: Self.shared, path: "mnist5k")
        XCTAssertEqual(folder.classes, (0...9).map(String.init))
        XCTAssertEqual(folder.entries.filter { $0.split == "train" }.count, 4000)
        XCTAssertEqual(folder.entries.filter { $0.split == "test" }.count, 1000)
        XCTAssertEqual(Set(folder.entries.filter { $0.label == "3" }.map(\.split)), ["train", "test"])
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/images/reference.json")
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures)) as! [String: Any]
        for digit in reference["mnist5k"] as! [[String: Any]] {
            let path = "mnist5k/" + (digit["path"] as! String)
            let entry = try XCTUnwrap(folder.entries.first { $0.path == path }, path)
            let tensor = try folder.load(entry, root: Self.shared, channels: 1, width: 28, height: 28)
            XCTAssertEqual(tensor.count, 784)
            XCTAssertEqual(Int((tensor.reduce(0) { $0 + Double($1) } * 255).rounded()), digit["sum"] as? Int, path)
        }
    }

    private func project(_ files: [String: [UInt8]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-images-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    func testAClassLayoutAndEveryWayAFolderCanBeWrong() throws {
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/images/grey.png")))
        let good = try project(["img/cat/a.png": png, "img/dog/b.PNG": png, "img/dog/.DS_Store": [1], "img/cat/c.png": png, "img/README.md": [65]])
        let folder = try ImageFolder.scan(root: good, path: "img")
        XCTAssertEqual(folder.classes, ["cat", "dog"])
        XCTAssertEqual(folder.entries.map(\.path), ["img/cat/a.png", "img/cat/c.png", "img/dog/b.PNG"])
        XCTAssertNil(folder.entries[0].split)

        let cases: [([String: [UInt8]], String, String)] = [
            (["img/cat/a.png": png, "img/dog/notes.txt": [1]], "img/dog/notes.txt", "not an image file by its extension"),
            (["img/cat/a.png": png, "img/readme.png": png], "img/readme.png", "an image directly in the data set's folder"),
            (["img/cat/a.png": png, "img/dog/.keep": []], "img/dog", "the class folder has no images"),
            (["img/train/cat/a.png": png, "img/test/cat/x/b.png": png], "img/test/cat/x", "a folder inside a class folder"),
            (["other.txt": [1]], "img", "no such folder"),
        ]
        for (files, file, message) in cases {
            let root = try project(files)
            XCTAssertThrowsError(try ImageFolder.scan(root: root, path: "img"), file) { error in
                XCTAssertTrue("\(error)".hasPrefix(file + ": ") && "\(error)".contains(message), "\(error)")
            }
        }
        // A link to outside the folder is refused: nothing outside the project is read.
        let linked = try project(["img/cat/a.png": png, "outside/b.png": png])
        try FileManager.default.createSymbolicLink(
            at: linked.appendingPathComponent("img/cat/b.png"), withDestinationURL: linked.appendingPathComponent("outside/b.png"))
        XCTAssertThrowsError(try ImageFolder.scan(root: linked, path: "img")) {
            XCTAssertTrue("\($0)".contains("img/cat/b.png: a link to outside"), "\($0)")
        }
    }
}
