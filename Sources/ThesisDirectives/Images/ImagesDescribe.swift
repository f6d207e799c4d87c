import Foundation
import ThesisDocument
import ThesisImages

/// `<<images describe data=digits>>`: the images of an image data set by class and split, each
/// decoded as declared (so a damaged image is an error naming its file before any training), with
/// the mean pixel value of each class.
public enum ImagesDescribe: Directive {
    public static let kind = "images describe"
    public static let abstract = "an image data set: images by class and split, each decoded as declared"
    public static let outputs: Set<OutputKind> = [.table]
    public static let version = 1
    public static var readsImages: Bool { true }

    public struct Arguments: DirectiveArguments {
        @Option("the image data set (format = \"images\" in thesis.toml)") var data: DataName
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let set = try context.images(arguments.$data)
        let folder = set.folder
        let splits =
            folder.entries.contains { $0.split != nil }
            ? ImageFolder.splitNames.filter { name in folder.entries.contains { $0.split == name } } : []
        var counts: [String: [String: Int]] = [:], sums: [String: Double] = [:]
        for entry in folder.entries {
            counts[entry.label, default: [:]][entry.split ?? "", default: 0] += 1
            let pixels = try set.tensor(entry, option: arguments.$data)
            sums[entry.label, default: 0] += pixels.reduce(0) { $0 + Double($1) } / Double(pixels.count)
        }
        let columns = splits.isEmpty ? [""] : splits
        var rows: [[TableCell]] = folder.classes.map { label in
            let byClass = counts[label] ?? [:]
            let total = byClass.values.reduce(0, +)
            return [.text(label)] + (splits.isEmpty ? [] : columns.map { .integer(byClass[$0] ?? 0) })
                + [.integer(total), .number((sums[label] ?? 0) / Double(max(total, 1)), format: ".3f")]
        }
        rows.append(
            [.text("All")]
                + (splits.isEmpty
                    ? [] : columns.map { split in .integer(folder.entries.filter { $0.split == split }.count) })
                + [.integer(folder.entries.count), .text("")])
        let table = ResultTable(
            caption: "The images of \(set.name) by class\(splits.isEmpty ? "" : " and split").",
            columns: [TableColumn("Class")] + (splits.isEmpty ? [] : splits.map { TableColumn($0, alignment: .right) })
                + [TableColumn("Images", alignment: .right), TableColumn("Mean pixel", alignment: .right)],
            rows: rows,
            notes: [
                "Every image decoded and read as \(set.channels == 1 ? "grey" : "RGB") at \(set.width) × \(set.height) pixels; mean pixel value on a 0-1 scale."
            ])
        var scalars: [String: Scalar] = [
            "images": .number(Double(folder.entries.count)), "classes": .number(Double(folder.classes.count)),
        ]
        for split in splits { scalars[split] = .number(Double(folder.entries.filter { $0.split == split }.count)) }
        return DirectiveResult(content: [.table(table)], scalars: scalars)
    }
}
