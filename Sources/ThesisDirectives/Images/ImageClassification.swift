import Foundation
import ThesisDocument
import ThesisImages
import ThesisModels

/// The images an `images train` uses: the folder's own `train`/`test` (and `val`) folders, or for a
/// `CLASS/FILE` folder a stratified split by a hash of each file's path (so adding an image moves
/// no other image between training and test), optionally restricted to some classes and to the
/// first `limit` training images of each class.
struct ImageSplit {
    var classes: [String]
    var train: [ImageFolder.Entry]
    var test: [ImageFolder.Entry]
    var validation: [ImageFolder.Entry]
    /// How the split was made, for the table's notes.
    var rule: String

    static func make(
        _ set: ImageSet, test: Double?, testOption: OptionReference, classes: [String]?, classesOption: OptionReference,
        limit: Int?
    ) throws -> ImageSplit {
        let folder = set.folder
        var chosen = folder.classes
        if let classes {
            if let unknown = classes.first(where: { !folder.classes.contains($0) }) {
                throw DirectiveFailure(
                    "no class '\(unknown)' in \(set.name)\(Suggestions.didYouMean(unknown, in: folder.classes)); its classes are \(folder.classes.joined(separator: ", "))",
                    option: classesOption)
            }
            chosen = folder.classes.filter { classes.contains($0) }
            guard chosen.count >= 2 else {
                throw DirectiveFailure("a classifier needs at least two classes", option: classesOption)
            }
        }
        let entries = folder.entries.filter { chosen.contains($0.label) }
        var train: [ImageFolder.Entry] = [], held: [ImageFolder.Entry] = [], validation: [ImageFolder.Entry] = []
        let rule: String
        if entries.contains(where: { $0.split != nil }) {
            if test != nil {
                throw DirectiveFailure(
                    "\(set.name) has its own train and test folders; test= is for a folder of CLASS/FILE images",
                    option: testOption)
            }
            train = entries.filter { $0.split == "train" }
            held = entries.filter { $0.split == "test" }
            validation = entries.filter { $0.split == "val" || $0.split == "validation" }
            rule = "the folder's train and test images"
        } else {
            let share = test ?? 0.2
            for label in chosen {
                // Each path hashed once; ties (never seen) broken by the path.
                let keyed: [(hash: UInt64, entry: ImageFolder.Entry)] = entries.filter { $0.label == label }.map {
                    (pathHash($0.path), $0)
                }
                let ofClass = keyed.sorted { a, b in a.hash != b.hash ? a.hash < b.hash : a.entry.path < b.entry.path }
                    .map(\.entry)
                let count = min(ofClass.count - 1, max(1, Int((Double(ofClass.count) * share).rounded())))
                held += ofClass.prefix(count)
                train += ofClass.dropFirst(count)
            }
            let order: (ImageFolder.Entry, ImageFolder.Entry) -> Bool = { $0.path < $1.path }
            train.sort(by: order)
            held.sort(by: order)
            rule = "\(Int((share * 100).rounded()))% of each class held out for testing by a hash of its path"
        }
        if let limit {
            var seen: [String: Int] = [:]
            train = train.filter { entry in
                seen[entry.label, default: 0] += 1
                return seen[entry.label]! <= limit
            }
        }
        for label in chosen {
            guard train.contains(where: { $0.label == label }) else {
                throw DirectiveFailure("class '\(label)' of \(set.name) has no training image", option: testOption)
            }
        }
        guard !held.isEmpty else { throw DirectiveFailure("\(set.name) has no test images", option: testOption) }
        return ImageSplit(classes: chosen, train: train, test: held, validation: validation, rule: rule)
    }

    /// FNV-1a over the path's bytes: stable across runs and machines.
    static func pathHash(_ path: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The images of `entries` as one `(n, channels, height, width)` tensor, with their class indices.
    func tensor(
        _ entries: [ImageFolder.Entry], set: ImageSet, option: OptionReference
    ) throws
        -> (images: Neural.Tensor<Float>, labels: [Int])
    {
        var values: [Float] = []
        values.reserveCapacity(entries.count * set.channels * set.width * set.height)
        for entry in entries { values += try set.tensor(entry, option: option) }
        let images = try neural {
            try Neural.Tensor(shape: [entries.count, set.channels, set.height, set.width], scalars: values)
        }
        return (images, entries.map { classes.firstIndex(of: $0.label)! })
    }
}

/// What `images train` keeps for `images roc`, `images errors` and `nn curve`.
struct ImageTrainingRecord: Codable {
    static let kind = "images-train"

    /// A misclassified test image, as grey bytes.
    struct Mistake: Codable {
        var file: String
        var actual: Int
        var predicted: Int
        var probability: Double
        var width: Int
        var height: Int
        var grey: [UInt8]
    }

    var model: String
    var history: Neural.TrainingHistory
    var classes: [String]
    var actual: [Int]
    var predicted: [Int]
    /// Per test image, the probability of each class.
    var probabilities: [[Double]]
    /// The first misclassified test images (at most `ImageTrainingRecord.keptMistakes`), in test order.
    var mistakes: [Mistake]
    var mistakeCount: Int

    static let keptMistakes = 64

    static func decode(_ result: DirectiveResult, option: OptionReference) throws -> ImageTrainingRecord {
        guard let object = result.object, object.kind == kind,
            let record = try? JSONDecoder().decode(ImageTrainingRecord.self, from: object.payload)
        else {
            throw DirectiveFailure("'\(option.name)' is not an images train result", option: option)
        }
        return record
    }
}

/// A panel showing one grey picture (`values` row-major, 0-1), titled.
func picturePanel(_ values: [Double], width: Int, height: Int, title: String?) -> FigurePanel {
    let rows = (0..<height).map { r in (0..<width).map { c -> Double? in values[r * width + c] } }
    let heatmap = Heatmap(
        rows: [String](repeating: "", count: height), columns: [String](repeating: "", count: width), values: rows,
        scale: .grey, minimum: 0, maximum: 1)
    return FigurePanel(title: title, layers: [.heatmap(heatmap)])
}

/// One image (`channels × height × width`, 0-1) as grey values: the mean of its channels.
func greyValues<T: BinaryFloatingPoint>(_ image: ArraySlice<T>, channels: Int, plane: Int) -> [Double] {
    let base = image.startIndex
    return (0..<plane).map { p in
        (0..<channels).reduce(0.0) { $0 + Double(image[base + $1 * plane + p]) } / Double(channels)
    }
}
