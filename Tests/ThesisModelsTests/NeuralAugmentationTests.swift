import XCTest
@testable import ThesisModels

/// The augmentation pipeline: its grammar, exact flips, seeded reproducibility, values kept in
/// [0, 1], what each photometric step does, and that training augments only the training batches.
final class NeuralAugmentationTests: XCTestCase {
    /// A `(n, 1, h, w)` tensor with a bright off-centre bar on a dark ground.
    func bars(_ n: Int, height: Int = 9, width: Int = 11) -> Neural.Tensor<Double> {
        var values: [Double] = []
        for s in 0..<n {
            for y in 0..<height {
                for x in 0..<width { values.append(x == 2 + s % 3 && y > 1 ? 0.9 : 0.1 + 0.01 * Double(y)) }
            }
        }
        return try! Neural.Tensor(shape: [n, 1, height, width], scalars: values)
    }

    func testParsesThePipelineAndNamesWhatIsWrong() throws {
        let pipeline = try Neural.Augmentation.parse("flip:0.5, rotate:15@0.8, crop:0.9, noise:0.05")
        XCTAssertEqual(pipeline.entries.map(\.step), [.horizontalFlip(0.5), .rotate(15), .crop(0.9), .noise(0.05)])
        XCTAssertEqual(pipeline.entries.map(\.probability), [1, 0.8, 1, 1])
        XCTAssertEqual(try Neural.Augmentation.parse(pipeline.description), pipeline, "description round-trips")
        for (text, message) in [
            ("warp:2", "'warp' is not an augmentation"), ("rotate", "is not NAME:VALUE"), ("rotate:abc", "'abc' is not a number"),
            ("rotate:400", "the angle must be in 0.0...180.0"), ("flip:0.5@2", "the probability after @"), ("", "no augmentation"),
        ] {
            XCTAssertThrowsError(try Neural.Augmentation.parse(text), text) { error in
                XCTAssertTrue("\(error)".contains(message), "\(text): \(error)")
            }
        }
    }

    func testFlipsAreExactMirrors() throws {
        let x = bars(3)
        let h = try Neural.Augmentation.parse("flip:1").apply(to: x, seed: 1)
        let v = try Neural.Augmentation.parse("vflip:1").apply(to: x, seed: 1)
        let (height, width) = (9, 11)
        for s in 0..<3 {
            for y in 0..<height {
                for c in 0..<width {
                    let base = s * height * width
                    XCTAssertEqual(h.scalars[base + y * width + c], x.scalars[base + y * width + (width - 1 - c)], accuracy: 1e-12)
                    XCTAssertEqual(v.scalars[base + y * width + c], x.scalars[base + (height - 1 - y) * width + c], accuracy: 1e-12)
                }
            }
        }
        XCTAssertEqual(try Neural.Augmentation.parse("flip:0, vflip:0").apply(to: x, seed: 1), x, "probability 0 changes nothing")
    }

    func testTheSameSeedGivesTheSameImagesAndValuesStayInRange() throws {
        let pipeline = try Neural.Augmentation.parse(
            "flip:0.5, vflip:0.5, rotate:30, translate:0.1, scale:0.2, shear:10, crop:0.7, brightness:0.2, contrast:0.3, gamma:0.3, noise:0.1, blur:1.5, cutout:0.3")
        let x = bars(8)
        let a = try pipeline.apply(to: x, seed: 7), b = try pipeline.apply(to: x, seed: 7), c = try pipeline.apply(to: x, seed: 8)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(a, x)
        XCTAssertTrue(a.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "values stay in [0, 1]")
    }

    func testPhotometricSteps() throws {
        let x = bars(4)
        let mean = x.scalars.reduce(0, +) / Double(x.scalars.count)
        // Brightness shifts every pixel of an image by the same offset (no clipping here).
        let bright = try Neural.Augmentation.parse("brightness:0.05").apply(to: x, seed: 3)
        for s in 0..<4 {
            let range = (s * 99)..<((s + 1) * 99)
            let shifts = range.map { bright.scalars[$0] - x.scalars[$0] }
            XCTAssertEqual(shifts.max()! - shifts.min()!, 0, accuracy: 1e-12)
            XCTAssertLessThanOrEqual(abs(shifts[0]), 0.05)
        }
        // Contrast keeps each image's mean (no value clipped at this strength).
        let contrast = try Neural.Augmentation.parse("contrast:0.1").apply(to: x, seed: 3)
        XCTAssertEqual(contrast.scalars.reduce(0, +) / Double(x.scalars.count), mean, accuracy: 1e-9)
        // A blur keeps a constant image constant and smooths the bar.
        let flat = try Neural.Tensor(shape: [1, 1, 6, 6], scalars: [Double](repeating: 0.4, count: 36))
        XCTAssertEqual(try Neural.Augmentation.parse("blur:2").apply(to: flat, seed: 1).scalars.map { ($0 * 1e9).rounded() / 1e9 },
                       flat.scalars)
        let blurred = try Neural.Augmentation.parse("blur:2").apply(to: x, seed: 1)
        XCTAssertNotEqual(blurred, x)
        // Cutout zeroes a square of the given share of the shorter side (here 3 × 3, maybe cut by the edge).
        let cut = try Neural.Augmentation.parse("cutout:0.34").apply(to: x, seed: 5)
        for s in 0..<4 {
            let zeros = (0..<99).filter { cut.scalars[s * 99 + $0] == 0 }.count
            XCTAssertTrue((1...9).contains(zeros), "\(zeros) zeroed pixels")
        }
    }

    /// Validation samples are never augmented: with a pipeline that blanks every image, the
    /// validation loss is still the loss on the untouched validation images.
    func testTrainingAugmentsOnlyTheTrainingBatches() throws {
        var network = try Neural.Network<Double>(inputShape: [1, 9, 11], layers: [.flatten, .dense(units: 2)], seed: 1)
        let x = bars(12), y = NeuralTestSupport.randomTensor([12, 2], seed: 2)
        let vx = bars(6), vy = NeuralTestSupport.randomTensor([6, 2], seed: 3)
        let history = try network.fit(
            x, y, loss: .meanSquaredError,
            options: .init(epochs: 2, batchSize: 4, restoreBest: false, augmentation: try .parse("brightness:1@1, cutout:1")),
            validationData: (vx, vy))
        XCTAssertEqual(history.validationLoss.last!, try network.loss(vx, vy, loss: .meanSquaredError), accuracy: 1e-12)
        var plain = try Neural.Network<Double>(inputShape: [4], layers: [.dense(units: 1)], seed: 0)
        XCTAssertThrowsError(try plain.fit(NeuralTestSupport.randomTensor([4, 4], seed: 1), NeuralTestSupport.randomTensor([4, 1], seed: 2),
                                           loss: .meanSquaredError, options: .init(epochs: 1, augmentation: try .parse("flip:0.5"))))
    }

    /// Splitting each batch into parts gives the same network whatever the number of cores, and
    /// (without batch normalisation or dropout) the same gradients as one part, up to rounding.
    func testShardsDependOnlyOnTheirCount() throws {
        let layers: [Neural.Layer] = [.conv2d(filters: 3, kernel: 3, padding: 1, activation: .relu), .maxPool(size: 2), .flatten,
                                      .dense(units: 2)]
        let x = NeuralTestSupport.randomTensor([30, 1, 8, 8], seed: 4), y = NeuralTestSupport.randomTensor([30, 2], seed: 5)
        func trained(_ shards: Int, workers: Int?) throws -> Neural.Network<Double> {
            NeuralShard<Double>.workerLimit = workers
            defer { NeuralShard<Double>.workerLimit = nil }
            var network = try Neural.Network<Double>(inputShape: [1, 8, 8], layers: layers, seed: 2)
            try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 3, batchSize: 7, shards: shards))
            return network
        }
        let one = try trained(1, workers: nil), three = try trained(3, workers: 1)
        XCTAssertEqual(three, try trained(3, workers: 2), "one or two threads: the same bits")
        XCTAssertEqual(three, try trained(3, workers: 3), "one or three threads: the same bits")
        let difference = zip(one.parameters, three.parameters).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(difference, 1e-10, "three parts sum to the one-part gradient")
        var network = try Neural.Network<Double>(inputShape: [1, 8, 8], layers: layers, seed: 2)
        XCTAssertThrowsError(try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: 1, shards: 0)))
    }
}
