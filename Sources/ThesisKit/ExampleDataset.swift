import Foundation
import ThesisFigures
import ThesisModels

/// The example thesis's simulated data: `fredmd.csv` (FRED-MD format, 1959-01..2019-12),
/// `fredmd-truth.csv` (the true responses to a 25 bp policy shock) and `fredmd-2021.csv`, a later
/// vintage of the same economy to 2021-12 (most series keep their history to 2019 and gain two
/// years; the others, CPIAUCSL and the interest rates among them, come out of the longer simulation
/// different in every month, like revised series; its own ragged edge), generated
/// deterministically from `SyntheticFREDMD`.
public enum ExampleDataset {
    public static let defaultSeed: UInt64 = 2005

    /// File name → contents.
    public static func files(seed: UInt64 = defaultSeed) -> [String: String] {
        let panel = SyntheticFREDMD.generate(seed: seed)
        let later = SyntheticFREDMD.generate(seed: seed, end: (2021, 12))
        return ["fredmd.csv": panel.csv, "fredmd-truth.csv": truthTable(panel.truth), "fredmd-2021.csv": later.csv]
    }

    /// One column per series (and FEDFUNDS), one row per horizon 0…60.
    static func truthTable(_ truth: SyntheticTruth) -> String {
        func quoted(_ name: String) -> String { name.contains(",") ? "\"\(name)\"" : name }
        let policy = truth.system.names.last ?? "FEDFUNDS"
        var text = (truth.names + [policy]).map(quoted).joined(separator: ",") + "\n"
        for h in 0...truth.horizons {
            let row = truth.responses.map { $0[h] } + [truth.stateResponses[h].last ?? .nan]
            text += row.map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The shapes image set: `shapes/SPLIT/SHAPE/NNN.png`, 32 × 32 pictures of circles, squares
    /// and triangles at seeded positions, sizes, turns and grey levels with speckle, 60 training
    /// and 20 test images per class, drawn with Cairo (the example's own images: nothing copied).
    public static func imageFiles(seed: UInt64 = defaultSeed, train: Int = 60, test: Int = 20) throws -> [String: Data] {
        var random = SplitMix64(state: seed ^ 0x5348_4150_4553)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * Double(random.next() >> 11) / Double(1 << 53)
        }
        let size = 32
        var files: [String: Data] = [:]
        for shape in ShapeImage.Shape.allCases {
            for index in 0..<(train + test) {
                let split = index < train ? "train" : "test"
                let radius = uniform(7, 12)
                let speckle = (0..<(size * size)).map { _ in uniform(-1, 1) }
                files["shapes/\(split)/\(shape.rawValue)/\(String(format: "%03d", index)).png"] = try ShapeImage.png(
                    shape, size: size, x: uniform(radius, Double(size) - radius), y: uniform(radius, Double(size) - radius),
                    radius: radius, angle: uniform(0, 2 * Double.pi), ink: uniform(0.55, 1), speckle: speckle, noise: 0.12)
            }
        }
        return files
    }
}
