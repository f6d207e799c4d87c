import Foundation
import ThesisDocument

/// Where the LaTeX of a chapter came from: the writer puts `%line N` before each block of a
/// chapter's .tex file, and `source(texLine:)` turns a line of that file back into a line of the
/// Markdown chapter (the block's line plus the lines into the block).
public struct LaTeXSourceMap: Sendable {
    public static let marker = "%line "
    /// The Markdown file, from the `% Generated from FILE.` header.
    public let chapterFile: String?
    /// (line in the .tex file, line in the Markdown file) of each marker, in order.
    private let anchors: [(tex: Int, source: Int)]

    public init(tex: String) {
        var file: String?
        var anchors: [(Int, Int)] = []
        for (k, line) in tex.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if k == 0, line.hasPrefix("% Generated from "), line.hasSuffix(".") {
                file = String(line.dropFirst("% Generated from ".count).dropLast())
            } else if line.hasPrefix(Self.marker), let n = Int(line.dropFirst(Self.marker.count)) {
                anchors.append((k + 1, n))
            }
        }
        chapterFile = file
        self.anchors = anchors
    }

    /// The Markdown line of .tex line `texLine`, or nil before the first block.
    public func source(texLine: Int) -> Int? {
        guard let anchor = anchors.last(where: { $0.tex <= texLine }) else { return nil }
        return anchor.source + max(0, texLine - anchor.tex - 1)
    }
}

/// What `pdflatex -file-line-error` wrote to its log: errors with their file and line, and
/// boxes that stick out into the margin, with the file that was being read.
public struct LaTeXLog: Sendable {
    public struct Entry: Hashable, Sendable {
        /// The .tex file, relative to the LaTeX directory ("chapters/03-data.tex").
        public var file: String
        public var line: Int
        public var message: String
        /// How far an overfull box sticks out, in points (nil for errors).
        public var overfull: Double?
    }

    public private(set) var errors: [Entry] = []
    public private(set) var overfullBoxes: [Entry] = []

    /// Parses a log written with `max_print_line` large enough that lines are not wrapped.
    public init(_ log: String) {
        var files: [String?] = []
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var k = 0
        while k < lines.count {
            let line = lines[k]
            if let error = Self.fileLineError(line) {
                var message = error.message
                // The next lines up to `l.N` show the context; the first non-empty one completes it.
                var j = k + 1
                while j < lines.count, j < k + 8, !lines[j].hasPrefix("l.") { j += 1 }
                if j < lines.count, lines[j].hasPrefix("l.") {
                    let context = lines[j].drop(while: { $0 != " " }).trimmingCharacters(in: .whitespaces)
                    if !context.isEmpty { message += " (at: \(context))" }
                }
                errors.append(Entry(file: error.file, line: error.line, message: message, overfull: nil))
                k = j + 1
                continue
            }
            if line.hasPrefix("Overfull \\hbox ("), let points = Double(line.dropFirst("Overfull \\hbox (".count).prefix(while: { $0 != "p" })) {
                let at = line.range(of: "at lines ").map { String(line[$0.upperBound...].prefix(while: \.isNumber)) }
                    ?? line.range(of: "at line ").map { String(line[$0.upperBound...].prefix(while: \.isNumber)) }
                if let file = files.last(where: { $0 != nil }) ?? nil, let n = at.flatMap({ Int($0) }) {
                    overfullBoxes.append(Entry(file: file, line: n, message: String(format: "a line sticks %.1fpt into the margin", points), overfull: points))
                }
                // The box's contents follow up to a blank line: not file names, skip them.
                k += 1
                while k < lines.count, !lines[k].trimmingCharacters(in: .whitespaces).isEmpty { k += 1 }
                continue
            }
            Self.trackFiles(line, &files)
            k += 1
        }
    }

    /// `./chapters/03-data.tex:42: Undefined control sequence.`
    static func fileLineError(_ line: String) -> (file: String, line: Int, message: String)? {
        guard line.hasPrefix("./") || line.hasPrefix("chapters/") || line.hasPrefix("thesis.tex") else { return nil }
        let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasSuffix(".tex"), let n = Int(parts[1]) else { return nil }
        var file = String(parts[0])
        if file.hasPrefix("./") { file.removeFirst(2) }
        return (file, n, parts[2].trimmingCharacters(in: .whitespaces))
    }

    /// TeX prints `(./file.tex` when it opens a file and `)` when it closes it.
    static func trackFiles(_ line: String, _ files: inout [String?]) {
        var chars = Substring(line)
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "(" {
                let name = chars.prefix(while: { !$0.isWhitespace && $0 != ")" && $0 != "(" })
                if name.hasPrefix("./") || name.hasPrefix("/") {
                    files.append(name.hasPrefix("./") ? String(name.dropFirst(2)) : String(name))
                } else {
                    files.append(nil)
                }
            } else if c == ")" {
                if !files.isEmpty { files.removeLast() }
            }
        }
    }
}
