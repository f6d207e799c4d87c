import Foundation
import ThesisData
import ThesisDocument

/// A data set declared in thesis.toml as `[data.NAME]`.
public struct DataSetDeclaration: Hashable, Sendable {
    public var name: String
    /// Project-relative path.
    public var path: String
    public var format: DataFormat
    /// Header and delimiter of a `table` file.
    public var layout: TableLayout = TableLayout()
    /// Where `path = …` is written in thesis.toml.
    public var location: SourceLocation
}

/// A thesis project on disk: thesis.toml, chapters/, data/, and the generated figures/, reports/.
public struct Project: Sendable {
    public static let configFile = "thesis.toml"
    public static let chaptersDirectory = "chapters"
    public static let figuresDirectory = "figures"
    public static let reportsDirectory = "reports"
    public static let stateDirectory = ".thesis"

    /// Absolute, symlink-resolved project root.
    public var root: URL
    public var metadata: ThesisMetadata
    public var bibliographyFile: String?
    public var dataSets: [String: DataSetDeclaration]
    /// Problems in thesis.toml that do not stop a build (unknown keys): every build reports them.
    public var warnings: [Diagnostic] = []
    /// Data sets read from another file than thesis.toml says (`--data NAME=PATH`): name → the
    /// project-relative path. The manifest records them, so status and verify use the same data.
    public var dataOverrides: [String: String] = [:]

    /// Loads thesis.toml from `root`; every problem is returned with its location.
    public static func load(root: URL, dataOverrides: [String: String] = [:]) -> Result<Project, DiagnosticList> {
        let root = root.resolvingSymlinksInPath().standardizedFileURL
        let configURL = root.appendingPathComponent(configFile)
        guard let data = FileManager.default.contents(atPath: configURL.path) else {
            return .failure(DiagnosticList([.error("no \(configFile) in \(root.path); run `thesis init DIR` to create a project, or run thesis inside one")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(DiagnosticList([UTF8Validation.diagnostic(data, file: configFile)]))
        }
        let config: TOMLDocument
        switch TOMLDocument.parse(text.replacingOccurrences(of: "\r\n", with: "\n"), file: configFile) {
        case .success(let c): config = c
        case .failure(let d): return .failure(DiagnosticList([d]))
        }
        var problems: [Diagnostic] = []
        let start = SourceLocation(file: configFile, line: 1, column: 1)
        func string(_ key: String, required: Bool) -> String? {
            switch config.value(key) {
            case .string(let s)?: return s
            case nil:
                if required { problems.append(.error("missing '\(key) = \"…\"' in \(configFile)", at: start)) }
                return nil
            case let other?:
                problems.append(.error("'\(key)' must be a string, found \(other.typeName)", at: config.locations[key] ?? start))
                return nil
            }
        }
        let known: Set<String> = ["title", "author", "date", "bibliography", "data"]
        for key in config.root.keys.sorted() where !known.contains(key) {
            let hint = Suggestions.didYouMean(key, in: known.sorted())
            problems.append(Diagnostic(.warning, at: config.keyLocations[key] ?? config.locations[key] ?? start, "unknown key '\(key)' in \(configFile)\(hint)"))
        }
        let title = string("title", required: true) ?? "Untitled"
        let author = string("author", required: true) ?? ""
        let date = string("date", required: false) ?? ""
        var bibliography = string("bibliography", required: false)
        if let bib = bibliography {
            if let problem = checkInside(bib, root: root, mustExist: true, what: "bibliography") {
                problems.append(.error(problem, at: config.locations["bibliography"] ?? start))
                bibliography = nil
            }
        }
        var dataSets: [String: DataSetDeclaration] = [:]
        if case .table(let sets)? = config.value("data") {
            for name in sets.keys.sorted() {
                let prefix = "data.\(name)"
                guard case .table(let keys)? = sets[name] else {
                    problems.append(.error("'\(prefix)' must be a table: [data.\(name)] with path and format", at: config.locations[prefix] ?? start))
                    continue
                }
                let knownKeys = ["path", "format", "header", "delimiter", "name"]
                for key in keys.keys.sorted() where !knownKeys.contains(key) {
                    problems.append(Diagnostic(.warning, at: config.keyLocations["\(prefix).\(key)"] ?? config.locations[prefix] ?? start,
                        "unknown key '\(key)' in [\(prefix)]\(Suggestions.didYouMean(key, in: knownKeys)) (keys: \(knownKeys.joined(separator: ", ")))"))
                }
                let location = config.locations["\(prefix).path"] ?? start
                guard var path = string("\(prefix).path", required: false) else {
                    problems.append(.error("data set '\(name)' has no path; add path = \"data/raw/FILE.csv\" under [data.\(name)]", at: start))
                    continue
                }
                let formatName = string("\(prefix).format", required: false) ?? (path.hasSuffix(".csv") ? "csv" : "")
                guard let format = DataFormat(rawValue: formatName) else {
                    let valid = DataFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    problems.append(.error("unknown data format '\(formatName)' for data set '\(name)'; valid: \(valid)", at: config.locations["\(prefix).format"] ?? location))
                    continue
                }
                if let override = dataOverrides[name] { path = override }
                if let problem = checkInside(path, root: root, mustExist: false, what: "data path") {
                    problems.append(.error(problem, at: dataOverrides[name] == nil ? location : SourceLocation(file: "--data \(name)", line: 1, column: 1)))
                    continue
                }
                var layout = TableLayout()
                switch config.value("\(prefix).header") {
                case .bool(let header)?: layout.header = header
                case nil: break
                case let other?: problems.append(.error("'header' of data set '\(name)' must be true or false, found \(other.typeName)", at: config.locations["\(prefix).header"] ?? start))
                }
                if let seriesName = string("\(prefix).name", required: false) { layout.seriesName = seriesName }
                if let delimiter = string("\(prefix).delimiter", required: false) {
                    let valid: [String: UInt8] = [",": UInt8(ascii: ","), ";": UInt8(ascii: ";"), " ": UInt8(ascii: " "), "\t": 0x09]
                    if let byte = valid[delimiter] { layout.delimiter = byte } else {
                        problems.append(.error("'delimiter' of data set '\(name)' must be \",\", \";\", \" \" or \"\\t\", found \"\(delimiter)\"", at: config.locations["\(prefix).delimiter"] ?? start))
                    }
                }
                dataSets[name] = DataSetDeclaration(name: name, path: relativePath(path, root: root), format: format, layout: layout, location: location)
            }
        }
        for name in dataOverrides.keys.sorted() where dataSets[name] == nil && !problems.contains(where: { $0.message.contains("'\(name)'") }) {
            problems.append(.error("--data \(name)=…: no data set '\(name)' is declared in \(configFile)\(Suggestions.didYouMean(name, in: dataSets.keys.sorted()))"))
        }
        if problems.contains(where: { $0.severity == .error }) { return .failure(DiagnosticList(problems)) }
        var project = Project(root: root, metadata: ThesisMetadata(title: title, author: author, date: date),
                              bibliographyFile: bibliography.map { relativePath($0, root: root) }, dataSets: dataSets)
        project.warnings = problems.filter { $0.severity != .error }
        for name in dataOverrides.keys { if let declaration = dataSets[name] { project.dataOverrides[name] = declaration.path } }
        return .success(project)
    }

    /// Why `path` is not acceptable (absolute-outside, `..` escape, symlink out), or nil.
    /// - Parameter remedy: what to do instead, after "is outside the project; ".
    static func checkInside(_ path: String, root: URL, mustExist: Bool, what: String, remedy: String? = nil) -> String? {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard resolved.hasPrefix(rootPath) else {
            let remedy = remedy ?? "directives read only files inside \(root.lastPathComponent)/ (copy the file into data/ or use a path relative to the project)"
            return "\(what) '\(path)' is outside the project; \(remedy)"
        }
        if mustExist, !FileManager.default.fileExists(atPath: resolved) {
            return "\(what) '\(path)' does not exist"
        }
        return nil
    }

    /// A project-relative path for `path` (which is known to be inside).
    static func relativePath(_ path: String, root: URL) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return resolved.hasPrefix(rootPath) ? String(resolved.dropFirst(rootPath.count)) : path
    }

    /// Absolute URL of a project-relative path.
    public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Chapter files (`chapters/*.md`), in file-name order.
    public func chapterFiles() throws -> [String] {
        let directory = url(Self.chaptersDirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { "\(Self.chaptersDirectory)/\($0)" }
    }
}
