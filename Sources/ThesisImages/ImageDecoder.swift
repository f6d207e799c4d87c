import CPNG
import CTurboJPEG
import Foundation

/// An image decoded to 8-bit channels, row-major, channels interleaved (HWC).
public struct DecodedImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// `height × width × channels` values 0…255.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}

/// Why an image cannot be used, said about its file: what is wrong and what would be valid.
public struct ImageProblem: Error, CustomStringConvertible, Sendable {
    /// The file, as the project names it.
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }
}

/// Reads PNG (libpng's simplified API) and JPEG (TurboJPEG) files from memory, refusing files
/// whose kind does not match their extension, and sizes outside `limits` before any pixel
/// memory is allocated (so a 20,000 × 20,000 image is an error, not an out-of-memory kill).
public enum ImageDecoder {
    /// The kinds of file read.
    public enum Kind: String, Sendable, CaseIterable {
        case png, jpeg

        /// The extensions (lower case) of a kind.
        public var extensions: [String] { self == .png ? ["png"] : ["jpg", "jpeg"] }

        /// The kind of a file name by its extension, or nil.
        public static func of(fileName: String) -> Kind? {
            let ext = (fileName as NSString).pathExtension.lowercased()
            return allCases.first { $0.extensions.contains(ext) }
        }

        /// The kind the first bytes announce, or nil.
        static func sniff(_ bytes: [UInt8]) -> Kind? {
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
            return nil
        }
    }

    /// The sizes an image may have.
    public struct Limits: Sendable {
        /// Smallest width and height.
        public var minimumSide = 4
        /// Largest width and height.
        public var maximumSide = 8_192
        /// Largest width × height (16 megapixels).
        public var maximumPixels = 16_777_216

        public init() {}
    }

    /// Decodes `bytes` of file `file` (its extension names the kind it must be), keeping its
    /// own channels: grey files give 1 channel, colour files 3 (alpha is dropped, as PIL's
    /// `convert("RGB")` drops it).
    public static func decode(_ bytes: [UInt8], file: String, limits: Limits = Limits()) throws -> DecodedImage {
        guard let expected = Kind.of(fileName: file) else {
            throw ImageProblem(
                file: file,
                "not an image file by its extension; images are \(Kind.allCases.flatMap(\.extensions).map { "." + $0 }.joined(separator: ", "))"
            )
        }
        guard !bytes.isEmpty else { throw ImageProblem(file: file, "the file is empty (0 bytes)") }
        guard let actual = Kind.sniff(bytes) else {
            throw ImageProblem(
                file: file,
                "not a \(expected == .png ? "PNG" : "JPEG") file: its first bytes are neither a PNG nor a JPEG signature"
            )
        }
        guard actual == expected else {
            let name = actual == .png ? "PNG" : "JPEG"
            throw ImageProblem(
                file: file,
                "the file is a \(name) image but its extension says \(expected == .png ? "PNG" : "JPEG"); rename it to .\(actual.extensions[0])"
            )
        }
        switch actual {
        case .png: return try decodePNG(bytes, file: file, limits: limits)
        case .jpeg: return try decodeJPEG(bytes, file: file, limits: limits)
        }
    }

    /// The image in `bytes` as a network reads it: floats in [0, 1], CHW, with `channels`
    /// channels at `width × height` (`decode`, `converted(to:)`, `tensor(width:height:)`).
    public static func tensor(
        _ bytes: [UInt8], file: String, channels: Int, width: Int, height: Int, limits: Limits = Limits()
    ) throws -> [Float] {
        try decode(bytes, file: file, limits: limits).converted(to: channels).tensor(width: width, height: height)
    }

    static func check(width: Int, height: Int, file: String, limits: Limits) throws {
        guard width >= limits.minimumSide, height >= limits.minimumSide else {
            throw ImageProblem(
                file: file,
                "the image is \(width) × \(height) pixels; images must be at least \(limits.minimumSide) × \(limits.minimumSide)"
            )
        }
        guard width <= limits.maximumSide, height <= limits.maximumSide, width * height <= limits.maximumPixels else {
            throw ImageProblem(
                file: file,
                "the image is \(width) × \(height) pixels; images may be at most \(limits.maximumSide) pixels a side and \(limits.maximumPixels / 1_048_576) megapixels (resize it first)"
            )
        }
    }

    static func decodePNG(_ bytes: [UInt8], file: String, limits: Limits) throws -> DecodedImage {
        var image = png_image()
        image.version = cpng_image_version()
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBufferPointer { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw ImageProblem(file: file, "not a readable PNG: \(message(of: image))") }
        let width = Int(image.width), height = Int(image.height)
        try check(width: width, height: height, file: file, limits: limits)
        let colour = image.format & cpng_format_flag_color() != 0
        let channels = colour ? 3 : 1
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        if image.format & cpng_format_flag_linear() != 0 {
            // A 16-bit file: read its values unchanged (linear to linear; the 8-bit sRGB output
            // would apply a gamma curve), undo the simplified API's premultiplied alpha, and
            // round to 8 bits as value / 257.
            image.format = cpng_format_linear_rgba()
            var rgba = [UInt16](repeating: 0, count: width * height * 4)
            let finished = rgba.withUnsafeMutableBytes {
                png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * 4), nil)
            }
            guard finished != 0 else { throw ImageProblem(file: file, "a damaged PNG: \(message(of: image))") }
            for p in 0..<(width * height) {
                let alpha = Double(rgba[p * 4 + 3])
                for c in 0..<channels {
                    let value = alpha > 0 ? min(65535, Double(rgba[p * 4 + c]) * 65535 / alpha) : 0
                    pixels[p * channels + c] = UInt8((value / 257).rounded())
                }
            }
            return DecodedImage(width: width, height: height, channels: channels, pixels: pixels)
        }
        image.format = cpng_format_rgba()
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * 4), nil)
        }
        guard finished != 0 else { throw ImageProblem(file: file, "a damaged PNG: \(message(of: image))") }
        for p in 0..<(width * height) {
            for c in 0..<channels { pixels[p * channels + c] = rgba[p * 4 + c] }
        }
        return DecodedImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        let text = withUnsafeBytes(of: &copy) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng gave no reason" : text
    }

    static func decodeJPEG(_ bytes: [UInt8], file: String, limits: Limits) throws -> DecodedImage {
        guard let handle = tjInitDecompress() else { throw ImageProblem(file: file, "TurboJPEG could not start") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colourspace: Int32 = 0
        var data = bytes
        let header = data.withUnsafeMutableBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colourspace)
        }
        guard header == 0 else { throw ImageProblem(file: file, "not a readable JPEG: \(reason(handle))") }
        try check(width: Int(width), height: Int(height), file: file, limits: limits)
        let grey = colourspace == Int32(TJCS_GRAY.rawValue)
        let channels = grey ? 1 : 3
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let flags = Int32(TJFLAG_STOPONWARNING | TJFLAG_ACCURATEDCT)
        let format = Int32(grey ? TJPF_GRAY.rawValue : TJPF_RGB.rawValue)
        let decoded = data.withUnsafeMutableBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(
                    handle, source.baseAddress, UInt(source.count), target.baseAddress, width, 0, height, format, flags)
            }
        }
        guard decoded == 0 else { throw ImageProblem(file: file, "a damaged JPEG: \(reason(handle))") }
        return DecodedImage(width: Int(width), height: Int(height), channels: channels, pixels: pixels)
    }

    private static func reason(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "TurboJPEG gave no reason" }
        return String(cString: text)
    }
}
