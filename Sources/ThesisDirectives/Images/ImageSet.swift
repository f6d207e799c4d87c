import Foundation
import ThesisImages

/// An image data set as a directive receives it: the folder's images, the declared channels and
/// size, and a reader that returns the bytes the cache key hashed (a file changed since planning
/// is an error, not a silent new number).
public struct ImageSet: @unchecked Sendable {
    /// The data set's name in thesis.toml.
    public var name: String
    public var folder: ImageFolder
    /// 1 (grey) or 3 (RGB): every image is converted to it.
    public var channels: Int
    /// Every image is resized to `width × height`.
    public var width: Int
    public var height: Int
    /// The bytes of an image file (project-relative path), as hashed for the cache key.
    public var read: (String) throws -> Data

    public init(
        name: String, folder: ImageFolder, channels: Int, width: Int, height: Int,
        read: @escaping (String) throws -> Data
    ) {
        self.name = name
        self.folder = folder
        self.channels = channels
        self.width = width
        self.height = height
        self.read = read
    }

    /// Entry `entry`'s image as floats in [0, 1], CHW, converted and resized as declared.
    /// - Throws: `DirectiveFailure` naming the file when it cannot be decoded.
    public func tensor(_ entry: ImageFolder.Entry, option: OptionReference) throws -> [Float] {
        do {
            return try ImageDecoder.tensor(
                [UInt8](try read(entry.path)), file: entry.path, channels: channels, width: width, height: height)
        } catch let problem as ImageProblem {
            throw DirectiveFailure("\(problem.description)", option: option)
        } catch {
            throw DirectiveFailure("\(entry.path): \(error)", option: option)
        }
    }
}
