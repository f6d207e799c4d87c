import Foundation

/// The files of the HTML book (`reports/html`) as the preview serves them: a request path is
/// mapped to a file inside the book or refused, and pages get the live script.
///
/// Every file is read whole with one `read` of a file that builds replace by rename
/// (`AtomicFile`), so a response is always one complete version of the file, the old or the
/// new, never a mixture, however requests and rebuilds interleave.
public struct ReportFiles: Sendable {
    /// The book's folder.
    public let directory: URL
    /// Larger files are not served (the book's own files are far smaller).
    public static let maximumFileSize = 256 << 20

    public init(directory: URL) {
        self.directory = directory.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// A file to send.
    public struct File: Sendable, Equatable {
        public var contentType: String
        public var bytes: Data
    }

    /// Why a path is not served.
    public enum Refusal: Error, Equatable {
        /// Not a path of the book (`..`, a hidden name, a NUL, a backslash): 400.
        case badPath
        /// No such file: 404.
        case notFound
    }

    /// The relative file a request path names (`/` and `/dir/` are their index.html), or
    /// `badPath` for anything that could leave the book.
    public static func relativePath(for requestPath: String) throws -> String {
        guard requestPath.hasPrefix("/"), requestPath.utf8.count <= 4096,
            let decoded = requestPath.removingPercentEncoding
        else { throw Refusal.badPath }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            guard !segment.hasPrefix("."), !segment.contains("\\"), !segment.contains("\0") else {
                throw Refusal.badPath
            }
            segments.append(String(segment))
        }
        if decoded.hasSuffix("/") || segments.isEmpty { segments.append("index.html") }
        return segments.joined(separator: "/")
    }

    /// The file for `requestPath`, with the live script in pages served at `generation`.
    public func file(for requestPath: String, generation: Int?) throws -> File {
        let relative = try Self.relativePath(for: requestPath)
        let url = directory.appendingPathComponent(relative).resolvingSymlinksInPath()
        // A link inside the book that points outside it is not followed.
        guard url.path.hasPrefix(directory.path + "/") else { throw Refusal.notFound }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = try? FileHandle(forReadingFrom: url)
        else { throw Refusal.notFound }
        defer { try? handle.close() }
        guard let bytes = try? handle.readToEnd() ?? Data(), bytes.count <= Self.maximumFileSize else {
            throw Refusal.notFound
        }
        let type = Self.contentType(of: relative)
        guard let generation, type.hasPrefix("text/html") else { return File(contentType: type, bytes: bytes) }
        return File(contentType: type, bytes: Self.injecting(LiveScript.tag(generation: generation), into: bytes))
    }

    /// `tag` put before the last `</body>` (or at the end of a page without one).
    static func injecting(_ tag: String, into page: Data) -> Data {
        let marker = Data("</body>".utf8)
        guard let range = page.range(of: marker, options: .backwards) else { return page + Data(tag.utf8) }
        var out = page
        out.insert(contentsOf: Data(tag.utf8), at: range.lowerBound)
        return out
    }

    /// The media type of a book file, by its extension.
    public static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json", "map": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "txt", "bib", "tex", "csv": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// What a preview shows before the first build has written the book.
    static func placeholder(generation: Int) -> File {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Building the thesis…</title></head>
            <body><p style="font: 16px system-ui, sans-serif; margin: 3rem">Building the thesis… this page reloads when the book is written.</p>
            \(LiveScript.tag(generation: generation))</body></html>

            """
        return File(contentType: "text/html; charset=utf-8", bytes: Data(page.utf8))
    }
}
