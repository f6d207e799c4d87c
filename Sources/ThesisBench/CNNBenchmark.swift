import Foundation
import ThesisImages
import ThesisLinearAlgebra
import ThesisModels

/// The small CNN of the image-classification issue on an image folder (mnist5k): conv 3×3 16
/// (same padding, ReLU), 2×2 max pool, conv 3×3 32 (same, ReLU), 2×2 max pool, dense 10;
/// Adam at 1e-3, batches of 64, float32. `Benchmarks/cnn/jax_cnn.py` is the same network in JAX.
public enum CNNBenchmark {
    /// The layers before the classifier's dense output layer.
    public static let body = "conv 16 3 same relu, maxpool 2, conv 32 3 same relu, maxpool 2, flatten"

    /// What one run measured.
    public struct Result: Codable, Sendable {
        public var threads: Int
        /// Parts of each batch trained in parallel (`TrainingOptions.shards`).
        public var shards: Int
        public var epochs: Int
        /// The median of the epochs' wall seconds (no epoch is left out: there is no compilation).
        public var secondsPerEpoch: Double
        /// Wall seconds of the whole fit.
        public var fitSeconds: Double
        public var epochSeconds: [Double]
        public var testAccuracy: Double
        public var loadSeconds: Double
        /// GFLOP/s of OpenBLAS sgemm on 1024 × 1024 matrices, with the same threads.
        public var sgemmGFLOPS: Double
        /// The convolution layers' GEMM work per epoch (forward, weight and input gradients), GFLOP.
        public var convolutionGFLOPPerEpoch: Double
        /// The second convolution alone, forward and backward on batches of 64: GFLOP/s.
        public var convolutionGFLOPS: Double
    }

    /// Loads `folder` (`train/CLASS/*.png`, `test/CLASS/*.png`), trains for `epochs` and measures.
    public static func run(folder: URL, epochs: Int, seed: UInt64 = 0, threads: Int = 1, shards: Int = 1) throws -> Result {
        BLASThreads.set(threads)
        let start = NeuralBenchmark.now(false)
        let images = try ImageFolder.scan(root: folder.deletingLastPathComponent(), path: folder.lastPathComponent)
        func tensor(_ split: String) throws -> (Neural.Tensor<Float>, [Int]) {
            let entries = images.entries.filter { $0.split == split }
            var values: [Float] = []
            values.reserveCapacity(entries.count * 784)
            for entry in entries {
                values += try images.load(entry, root: folder.deletingLastPathComponent(), channels: 1, width: 28, height: 28)
            }
            let labels = entries.map { images.classes.firstIndex(of: $0.label)! }
            return (try Neural.Tensor(shape: [entries.count, 1, 28, 28], scalars: values), labels)
        }
        let (trainX, trainY) = try tensor("train"), (testX, testY) = try tensor("test")
        let loadSeconds = NeuralBenchmark.now(false) - start
        var model = try ImageClassifier(imageShape: [1, 28, 28], body: Neural.Layer.parseStack(body), classes: images.classes,
                                        seed: seed)
        var epochSeconds: [Double] = []
        let options = Neural.TrainingOptions(epochs: epochs, batchSize: 64, optimizer: .adam(learningRate: 1e-3), seed: seed,
                                             shards: shards)
        let fitStart = NeuralBenchmark.now(false)
        var mark = fitStart
        try model.fit(trainX, labels: trainY, options: options) { _, _ in
            let t = NeuralBenchmark.now(false)
            epochSeconds.append(t - mark)
            mark = t
        }
        let total = NeuralBenchmark.now(false) - fitStart
        let predicted = try model.predict(testX)
        let accuracy = Double(zip(predicted, testY).filter { $0 == $1 }.count) / Double(testY.count)
        return Result(threads: threads, shards: shards, epochs: epochs, secondsPerEpoch: NeuralBenchmark.median(epochSeconds), fitSeconds: total, epochSeconds: epochSeconds,
                      testAccuracy: accuracy, loadSeconds: loadSeconds, sgemmGFLOPS: try sgemmRate(),
                      convolutionGFLOPPerEpoch: convolutionWork(samples: trainX.count), convolutionGFLOPS: try convolutionRate())
    }

    /// GEMM floating-point work of the two convolutions per epoch: forward `2·M·N·K`, the weight
    /// gradient the same, the input gradient of the second convolution the same again.
    static func convolutionWork(samples: Int) -> Double {
        let first = 2.0 * 784 * 16 * 9, second = 2.0 * 196 * 32 * 144
        return Double(samples) * (2 * first + 3 * second) / 1e9
    }

    static func sgemmRate() throws -> Double {
        let n = 1024
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        var times: [Double] = []
        for _ in 0..<5 {
            let t = NeuralBenchmark.now(false)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Float.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!, lda: n,
                                   b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            times.append(NeuralBenchmark.now(false) - t)
        }
        return 2 * pow(Double(n), 3) / NeuralBenchmark.median(times) / 1e9
    }

    /// The second convolution (16 → 32 channels on 14 × 14, same padding) trained alone for a few
    /// epochs on random data: its GEMM work per second, forward and backward with the input gradient.
    static func convolutionRate() throws -> Double {
        var network = try Neural.Network<Float>(inputShape: [16, 14, 14],
                                                layers: [.activation(.identity), .conv2d(filters: 32, kernel: 3, padding: 1)], seed: 1)
        var random = Neural.Random(seed: 3, stream: 0)
        let n = 1024
        let x = try Neural.Tensor<Float>(shape: [n, 16, 14, 14], scalars: (0..<(n * 16 * 196)).map { _ in Float(random.uniform()) })
        let y = Neural.Tensor<Float>(zeros: [n, 32, 14, 14])
        let epochs = 3
        let t = NeuralBenchmark.now(false)
        try network.fit(x, y, loss: .meanSquaredError, options: .init(epochs: epochs, batchSize: 64, optimizer: .sgd(learningRate: 1e-6)))
        let seconds = NeuralBenchmark.now(false) - t
        return Double(n * epochs) * 3 * 2 * 196 * 32 * 144 / seconds / 1e9
    }
}
