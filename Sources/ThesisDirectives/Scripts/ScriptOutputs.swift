import Foundation
import ThesisData
import ThesisDocument

/// What a script wrote under `$THESIS_OUTPUT`, checked and turned into a result:
///
/// - `figures/NAME.png|jpg|jpeg|pdf|svg`: one figure per NAME, in every format written (the HTML
///   shows SVG, PNG or JPEG; the LaTeX needs PDF, PNG or JPEG, so an SVG comes with one of those);
/// - `tables/NAME.csv`: a table each, first record the header;
/// - `values.json`: an object of numbers (objects inside name `a.b`), the result's scalars;
/// - `captions.json`: captions by `figures/NAME` or `tables/NAME`.
///
/// Figures come first, then tables, each in name order. Anything else is an error naming the file.
struct ScriptOutputs {
    var content: [ResultContent] = []
    var values: [String: Scalar] = [:]

    struct Problem: Error {
        var message: String
    }

    /// All of a script's output files together may not exceed this many bytes.
    static let maximumBytes = 200 << 20
    static let contract =
        "a script writes figures/*.png|jpg|pdf|svg, tables/*.csv, values.json and captions.json under $THESIS_OUTPUT"

    static func read(_ directory: URL, script: String) throws -> ScriptOutputs {
        let fm = FileManager.default
        var total = 0
        func problem(_ text: String) -> Problem { Problem(message: "\(script) wrote \(text)") }
        func entries(_ url: URL) throws -> [String] {
            try fm.contentsOfDirectory(atPath: url.path).sorted()
        }
        func isDirectory(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
        }
        func bytes(_ url: URL, _ name: String) throws -> Data {
            let values = try url.resourceValues(forKeys: [.isSymbolicLinkKey, .isRegularFileKey])
            guard values.isSymbolicLink != true, values.isRegularFile == true else {
                throw problem("$THESIS_OUTPUT/\(name), which is not a regular file (links are not followed)")
            }
            let data = try Data(contentsOf: url)
            total += data.count
            if total > maximumBytes {
                throw problem(
                    "more than \(maximumBytes >> 20) MB under $THESIS_OUTPUT (at \(name)); write smaller files")
            }
            return data
        }

        var figureFiles: [String: [String: Data]] = [:]
        var tableFiles: [(name: String, data: Data)] = []
        var valuesData: Data?
        var captionsData: Data?
        for entry in try entries(directory) {
            let url = directory.appendingPathComponent(entry)
            switch entry {
            case "figures" where isDirectory(url):
                for file in try entries(url) {
                    let (stem, ext) = split(file)
                    let format = ext == "jpeg" ? "jpg" : ext
                    guard ExternalFigure.extensions.contains(format), !stem.isEmpty else {
                        throw problem("$THESIS_OUTPUT/figures/\(file), which is not a figure file; \(contract)")
                    }
                    try checkName(stem, "figures/\(file)", problem)
                    guard figureFiles[stem]?[format] == nil else {
                        throw problem("$THESIS_OUTPUT/figures/\(file) and another \(format) file for figure '\(stem)'")
                    }
                    let data = try bytes(url.appendingPathComponent(file), "figures/\(file)")
                    if let complaint = FigureFileCheck.problem(data, format: format) {
                        throw problem("$THESIS_OUTPUT/figures/\(file), which \(complaint)")
                    }
                    figureFiles[stem, default: [:]][format] = data
                }
            case "tables" where isDirectory(url):
                for file in try entries(url) {
                    let (stem, ext) = split(file)
                    guard ext == "csv", !stem.isEmpty else {
                        throw problem("$THESIS_OUTPUT/tables/\(file), which is not a .csv file; \(contract)")
                    }
                    try checkName(stem, "tables/\(file)", problem)
                    tableFiles.append((stem, try bytes(url.appendingPathComponent(file), "tables/\(file)")))
                }
            case "values.json" where !isDirectory(url):
                valuesData = try bytes(url, entry)
            case "captions.json" where !isDirectory(url):
                captionsData = try bytes(url, entry)
            default:
                throw problem("$THESIS_OUTPUT/\(entry), which the contract does not know; \(contract)")
            }
        }

        var outputs = ScriptOutputs()
        if let valuesData { outputs.values = try values(valuesData, problem) }
        let captions = try captionsData.map { try captionTable($0, problem) } ?? [:]
        let known = Set(figureFiles.keys.map { "figures/\($0)" } + tableFiles.map { "tables/\($0.name)" })
        for key in captions.keys.sorted() where !known.contains(key) {
            let hint = Suggestions.closest(to: key, in: known.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            throw problem("$THESIS_OUTPUT/captions.json with a caption for '\(key)', which it did not write\(hint)")
        }
        for stem in figureFiles.keys.sorted() {
            let formats = figureFiles[stem] ?? [:]
            if !ExternalFigure.latexFormats.contains(where: { formats[$0] != nil }) {
                throw problem(
                    "$THESIS_OUTPUT/figures/\(stem).svg alone; pdflatex cannot include SVG: write figures/\(stem).pdf "
                        + "(or .png) beside it, e.g. with matplotlib's savefig twice")
            }
            outputs.content.append(
                .externalFigure(ExternalFigure(caption: captions["figures/\(stem)"], name: stem, formats: formats)))
        }
        for (stem, data) in tableFiles {
            let name = "$THESIS_OUTPUT/tables/\(stem).csv"
            do {
                let records = try CSVRecords.read(data, file: name)
                outputs.content.append(
                    .table(
                        try CSVTable.make(
                            records, file: name, digits: nil, note: nil, caption: captions["tables/\(stem)"])))
            } catch let diagnostic as Diagnostic {
                throw Problem(message: "\(script) wrote an invalid table: \(diagnostic.description)")
            } catch let table as CSVTable.Problem {
                throw Problem(message: "\(script) wrote an invalid table: \(table.message)")
            }
        }
        if outputs.content.isEmpty && outputs.values.isEmpty {
            throw Problem(message: "\(script) finished but wrote nothing under $THESIS_OUTPUT; \(contract)")
        }
        return outputs
    }

    private static func split(_ file: String) -> (stem: String, ext: String) {
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return (file, "") }
        return (String(file[..<dot]), file[file.index(after: dot)...].lowercased())
    }

    /// Names become file names and labels: letters, digits, `_`, `-` and `.`.
    private static func checkName(_ stem: String, _ file: String, _ problem: (String) -> Problem) throws {
        guard stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }),
            !stem.hasPrefix(".")
        else {
            throw problem("$THESIS_OUTPUT/\(file); output names may use letters, digits, '_', '-' and '.' only")
        }
    }

    /// values.json: an object whose leaves are numbers; nested objects give dotted names.
    private static func values(_ data: Data, _ problem: (String) -> Problem) throws -> [String: Scalar] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw problem("$THESIS_OUTPUT/values.json, which is not valid JSON")
        }
        guard case .object(let top) = value else {
            throw problem("$THESIS_OUTPUT/values.json, which is not a JSON object of numbers, e.g. {\"beta\": 0.42}")
        }
        var out: [String: Scalar] = [:]
        func walk(_ value: JSONValue, _ name: String) throws {
            guard !name.isEmpty, name.allSatisfy({ !$0.isWhitespace && $0 != ">" && $0 != "<" }) else {
                throw problem("$THESIS_OUTPUT/values.json with the name '\(name)'; names have no spaces or '<', '>'")
            }
            switch value {
            case .object(let members): for (key, inner) in members { try walk(inner, name + "." + key) }
            case .number(let number): out[name] = .number(number)
            case .other(let what):
                throw problem("$THESIS_OUTPUT/values.json where '\(name)' is \(what); values are numbers")
            }
        }
        for (key, inner) in top { try walk(inner, key) }
        return out
    }

    /// A decoded JSON value, as far as values.json needs to tell them apart.
    private enum JSONValue: Decodable {
        case object([String: JSONValue])
        case number(Double)
        case other(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .other("null")
            } else if (try? container.decode(Bool.self)) != nil {
                self = .other("true or false")
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if (try? container.decode(String.self)) != nil {
                self = .other("a string")
            } else if let members = try? container.decode([String: JSONValue].self) {
                self = .object(members)
            } else {
                self = .other("a list")
            }
        }
    }

    /// captions.json: an object of strings by `figures/NAME` or `tables/NAME`.
    private static func captionTable(_ data: Data, _ problem: (String) -> Problem) throws -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw problem("$THESIS_OUTPUT/captions.json, which is not a JSON object, e.g. {\"figures/irf\": \"…\"}")
        }
        var out: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else {
                throw problem("$THESIS_OUTPUT/captions.json where '\(key)' is not a string")
            }
            out[key] = text
        }
        return out
    }
}

/// Checks that a figure file's bytes are what its extension says.
enum FigureFileCheck {
    static func problem(_ data: Data, format: String) -> String? {
        if data.isEmpty { return "is empty" }
        let head = [UInt8](data.prefix(1024))
        switch format {
        case "png":
            return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? nil : "is not a PNG file"
        case "jpg":
            return head.starts(with: [0xFF, 0xD8, 0xFF]) ? nil : "is not a JPEG file"
        case "pdf":
            return head.starts(with: Array("%PDF-".utf8)) ? nil : "is not a PDF file"
        case "svg":
            return String(decoding: head, as: UTF8.self).contains("<svg") ? nil : "is not an SVG file"
        default:
            return "has an unknown format"
        }
    }
}
