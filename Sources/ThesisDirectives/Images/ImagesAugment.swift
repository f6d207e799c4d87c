import Foundation
import ThesisDocument
import ThesisImages
import ThesisModels

/// `<<images augment data=shapes augment="flip:0.5, rotate:15, crop:0.9" count=4>>`: what an
/// augmentation pipeline does to some training images: each image, then `draws` augmented
/// versions of it from the seed, as `images train` would draw them in an epoch.
public enum ImagesAugment: Directive {
    public static let kind = "images augment"
    public static let abstract = "a figure of training images and seeded augmented versions of them"
    public static let version = 1
    public static let outputs: Set<OutputKind> = [.figure]
    public static var readsImages: Bool { true }

    public struct Arguments: DirectiveArguments {
        @Option("the image data set (format = \"images\" in thesis.toml)") var data: DataName
        @Option("the augmentation pipeline, as images train takes it") var augment: String
        @Option(.range(1...12), "images shown (the first training image of each class in turn)") var count = 4
        @Option(.range(1...7), "augmented versions of each") var draws = 5
        @Option(.atLeast(0), "random seed") var seed = 0
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let set = try context.images(arguments.$data)
        let pipeline: Neural.Augmentation
        do { pipeline = try Neural.Augmentation.parse(arguments.augment) } catch let error as NeuralError {
            throw DirectiveFailure(error.message, option: arguments.$augment)
        }
        // The first training image of each class, then the second of each, … .
        let training = set.folder.entries.filter { $0.split == nil || $0.split == "train" }
        let byClass = set.folder.classes.map { label in training.filter { $0.label == label } }
        var chosen: [ImageFolder.Entry] = []
        var round = 0
        while chosen.count < arguments.count, byClass.contains(where: { $0.count > round }) {
            for list in byClass where list.count > round && chosen.count < arguments.count {
                chosen.append(list[round])
            }
            round += 1
        }
        let plane = set.width * set.height, size = set.channels * plane
        var values: [Double] = []
        for entry in chosen { values += try set.tensor(entry, option: arguments.$data).map(Double.init) }
        let originals = try neural {
            try Neural.Tensor(shape: [chosen.count, set.channels, set.height, set.width], scalars: values)
        }
        var panels: [FigurePanel] = []
        var draws: [Neural.Tensor<Double>] = []
        for d in 0..<arguments.draws {
            draws.append(try neural { try pipeline.apply(to: originals, seed: UInt64(arguments.seed) &+ UInt64(d)) })
        }
        for (i, entry) in chosen.enumerated() {
            func grey(_ t: Neural.Tensor<Double>) -> [Double] {
                greyValues(t.scalars[(i * size)..<((i + 1) * size)], channels: set.channels, plane: plane)
            }
            panels.append(
                picturePanel(grey(originals), width: set.width, height: set.height, title: "\(entry.label): original"))
            for (d, draw) in draws.enumerated() {
                panels.append(picturePanel(grey(draw), width: set.width, height: set.height, title: "draw \(d + 1)"))
            }
        }
        let columns = arguments.draws + 1
        let cell = FigureSpec.fullWidth / Double(columns)
        let figure = Figure(
            caption:
                "\(chosen.count) training images of \(set.name) (left) and \(arguments.draws) augmented versions of each: \(pipeline).",
            spec: FigureSpec(
                height: Double(chosen.count) * (cell + 18), panels: panels, columns: columns, legend: .none))
        return DirectiveResult(content: [.figure(figure)], scalars: ["images": .number(Double(chosen.count))])
    }
}
