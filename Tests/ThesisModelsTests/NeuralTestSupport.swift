import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisModels

/// Helpers shared by the Neural*Tests files.
enum NeuralTestSupport {
    /// `shared/data` beside the repository (found from this file's path), or nil.
    static func sharedData(_ relative: String) -> URL? {
        let candidate = RepositoryPaths.sharedData.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    /// Reads a shared data file or skips the test.
    static func requireData(_ relative: String) throws -> URL {
        guard let url = sharedData(relative) else { throw XCTSkip("\(relative) not found beside the repository (../shared/data)") }
        return url
    }

    /// A tensor of standard normals from `seed`.
    static func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Neural.Tensor<Double> {
        var random = Neural.Random(seed: seed, stream: 99)
        return try! Neural.Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in scale * random.normal() })
    }

    /// Central differences `(f(x + h e_i) - f(x - h e_i)) / 2h` for every coordinate.
    static func numericalGradient(at x: [Double], step h: Double = 1e-5, _ f: ([Double]) throws -> Double) rethrows -> [Double] {
        var gradient = [Double](repeating: 0, count: x.count)
        var probe = x
        for i in x.indices {
            probe[i] = x[i] + h
            let up = try f(probe)
            probe[i] = x[i] - h
            let down = try f(probe)
            probe[i] = x[i]
            gradient[i] = (up - down) / (2 * h)
        }
        return gradient
    }

    /// `max |a - b| / max |b|`: the largest error relative to the gradient's scale.
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? error : error / scale
    }
}
