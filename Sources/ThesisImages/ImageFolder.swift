import Foundation

/// An image-folder data set as image-classification tools lay it out: `SPLIT/CLASS/FILE`
/// (splits `train`, `test`, `val`/`validation`) or `CLASS/FILE`. Classes are the folder names,
/// sorted (as torchvision's `ImageFolder`); files are PNG or JPEG; hidden names, and files other
/// than images beside the class or split folders (a README), are skipped.
/// Nothing outside the folder is read: a link that leads out of it is an error.
public struct ImageFolder: Hashable, Sendable {
    /// One image: its path (as the project names it), split (nil in a `CLASS/FILE` layout) and class.
    public struct Entry: Hashable, Sendable {
        public var path: String
        public var split: String?
        public var label: String
    }

    /// The folder, as the project names it.
    public var path: String
    /// The class names, sorted; a sample's class index is its position here.
    public var classes: [String]
    /// Every image, by split, class and file name.
    public var entries: [Entry]

    /// The names of splits a `SPLIT/CLASS/FILE` layout may use.
    public static let splitNames = ["train", "test", "val", "validation"]

    /// Lists the folder `path` (relative to `root`, the project).
    /// - Throws: `ImageProblem` naming the file or folder that is wrong and what would be valid.
    public static func scan(root: URL, path: String) throws -> ImageFolder {
        let fm = FileManager.default
        let top = root.appendingPathComponent(path).standardizedFileURL
        let inside = top.resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: top.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ImageProblem(
                file: path, "no such folder; an image data set is a folder of CLASS/FILE or SPLIT/CLASS/FILE images")
        }
        /// The visible entries of a folder, sorted by name, each checked to stay inside the data set.
        func list(_ relative: String) throws -> [(name: String, relative: String, folder: Bool)] {
            let url = top.appendingPathComponent(relative)
            let names = try fm.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted {
                Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
            }
            return try names.map { name in
                let child = url.appendingPathComponent(name)
                let resolved = child.resolvingSymlinksInPath().path
                let shown = relative.isEmpty ? name : relative + "/" + name
                guard resolved == inside || resolved.hasPrefix(inside + "/") else {
                    throw ImageProblem(
                        file: path + "/" + shown,
                        "a link to outside the data set's folder; nothing outside the project is read")
                }
                var folder: ObjCBool = false
                _ = fm.fileExists(atPath: resolved, isDirectory: &folder)
                return (name, shown, folder.boolValue)
            }
        }
        // Other files beside the folders (a README, a licence) are left alone; an image there is misplaced.
        let all = try list("")
        if let stray = all.first(where: { !$0.folder && ImageDecoder.Kind.of(fileName: $0.name) != nil }) {
            throw ImageProblem(
                file: path + "/" + stray.relative,
                "an image directly in the data set's folder; images go in CLASS/ (or SPLIT/CLASS/) folders")
        }
        let children = all.filter(\.folder)
        guard !children.isEmpty else {
            throw ImageProblem(file: path, "the folder is empty; expected one folder per class (or train/ and test/)")
        }
        let split = children.allSatisfy { splitNames.contains($0.name) }
        var entries: [Entry] = []
        /// The images of one class folder.
        func images(_ classFolder: (name: String, relative: String, folder: Bool), split: String?) throws {
            var found = 0
            for file in try list(classFolder.relative) {
                let shown = path + "/" + file.relative
                guard !file.folder else {
                    throw ImageProblem(
                        file: shown, "a folder inside a class folder; a class folder holds image files only")
                }
                guard ImageDecoder.Kind.of(fileName: file.name) != nil else {
                    throw ImageProblem(
                        file: shown,
                        "not an image file by its extension; images are \(ImageDecoder.Kind.allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: ", "))"
                    )
                }
                entries.append(Entry(path: shown, split: split, label: classFolder.name))
                found += 1
            }
            guard found > 0 else {
                throw ImageProblem(file: path + "/" + classFolder.relative, "the class folder has no images")
            }
        }
        if split {
            for splitFolder in children {
                let listed = try list(splitFolder.relative)
                if let stray = listed.first(where: { !$0.folder && ImageDecoder.Kind.of(fileName: $0.name) != nil }) {
                    throw ImageProblem(
                        file: path + "/" + stray.relative,
                        "an image directly in a split folder; images go in \(splitFolder.name)/CLASS/")
                }
                let classes = listed.filter(\.folder)
                guard !classes.isEmpty else {
                    throw ImageProblem(file: path + "/" + splitFolder.relative, "the split folder has no class folders")
                }
                for classFolder in classes { try images(classFolder, split: splitFolder.name) }
            }
        } else {
            for classFolder in children { try images(classFolder, split: nil) }
        }
        let classes = Set(entries.map(\.label)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return ImageFolder(path: path, classes: classes, entries: entries)
    }

    /// Entry `entry`'s image as floats in [0, 1], CHW, with `channels` channels at `width × height`.
    public func load(
        _ entry: Entry, root: URL, channels: Int, width: Int, height: Int,
        limits: ImageDecoder.Limits = ImageDecoder.Limits()
    ) throws -> [Float] {
        let url = root.appendingPathComponent(entry.path)
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw ImageProblem(file: entry.path, "cannot be read")
        }
        return try ImageDecoder.tensor(
            bytes, file: entry.path, channels: channels, width: width, height: height, limits: limits)
    }
}
