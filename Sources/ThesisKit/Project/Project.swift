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
    /// For `format = "images"`: the channels and size every image is read at.
    public var images: ImageSettings?

    /// What the cache key must know about how the data set is read, beyond its bytes.
    public var readingFingerprint: String {
        if let images { return "images;channels=\(images.channels);size=\(images.width)x\(images.height)" }
        return layout.fingerprint
    }
}

/// How an image data set is read: `channels = 1` (grey) or `3` (RGB), `size = [WIDTH, HEIGHT]`.
public struct ImageSettings: Hashable, Sendable {
    public var channels: Int
    public var width: Int
    public var height: Int
}

/// A thesis project on disk: thesis.toml, chapters/, data/, and the generated figures/, reports/.
public struct Project: Sendable {
    public static let configFile = "thesis.toml"
    public static let chaptersDirectory = "chapters"
    /// Chapters in this folder are appendices, after the chapters.
    public static let appendixDirectory = "appendix"
    public static let figuresDirectory = "figures"
    public static let reportsDirectory = "reports"
    public static let stateDirectory = ".thesis"

    /// Absolute, symlink-resolved project root.
    public var root: URL
    public var metadata: ThesisMetadata
    public var bibliographyFile: String?
    /// `[front]`: the Markdown files of the abstract, acknowledgements and dedication
    /// (project-relative), by their key.
    public var frontFiles: [String: String] = [:]
    public var dataSets: [String: DataSetDeclaration]
    /// Problems in thesis.toml that do not stop a build (unknown keys): every build reports them.
    public var warnings: [Diagnostic] = []
    /// Data sets read from another file than thesis.toml says (`--data NAME=PATH`): name → the
    /// project-relative path. The manifest records them, so status and verify use the same data.
    public var dataOverrides: [String: String] = [:]
    /// `[alerts]`: where the alerts of monitors are sent.
    public var alerts = AlertSinks()
    /// `[executor]`: where stale directives execute (here, or as Slurm jobs).
    public var executor = ExecutorSettings()

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
        let known: Set<String> = ["title", "subtitle", "author", "degree", "institution", "department", "supervisor", "date",
                                  "bibliography", "citation-style", "front", "abbreviations", "labels", "latex", "html", "data", "alerts", "executor"]
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
        var metadata = ThesisMetadata(title: title, author: author, date: date)
        metadata.subtitle = string("subtitle", required: false)
        metadata.degree = string("degree", required: false)
        metadata.institution = string("institution", required: false)
        metadata.department = string("department", required: false)
        switch config.value("supervisor") {
        case .string(let s)?: metadata.supervisors = [s]
        case .array(let list)?:
            for item in list {
                if case .string(let s) = item { metadata.supervisors.append(s) } else {
                    problems.append(.error("'supervisor' must be a string or a list of strings, found \(item.typeName) in the list", at: config.locations["supervisor"] ?? start))
                }
            }
        case nil: break
        case let other?: problems.append(.error("'supervisor' must be a string or a list of strings, found \(other.typeName)", at: config.locations["supervisor"] ?? start))
        }
        if let style = string("citation-style", required: false) {
            if let parsed = CitationStyle(rawValue: style) { metadata.citationStyle = parsed } else {
                let valid = CitationStyle.allCases.map(\.rawValue)
                problems.append(.error("unknown citation-style '\(style)'\(Suggestions.didYouMean(style, in: valid)); valid: \(valid.joined(separator: ", "))", at: config.locations["citation-style"] ?? start))
            }
        }
        var frontFiles: [String: String] = [:]
        loadFront(config, into: &metadata, files: &frontFiles, root: root, problems: &problems)
        loadLaTeX(config, into: &metadata.latex, root: root, problems: &problems)
        loadHTML(config, into: &metadata.html, problems: &problems)
        let alertSinks = AlertSinks.load(config, problems: &problems)
        let executor = ExecutorSettings.load(config, problems: &problems)
        if let value = config.value("abbreviations") {
            if case .table(let table) = value {
                for short in table.keys.sorted(by: { $0.lowercased() < $1.lowercased() }) {
                    if case .string(let meaning)? = table[short] { metadata.abbreviations.append(Abbreviation(short: short, meaning: meaning)) } else {
                        problems.append(.error("abbreviation '\(short)' must be a string: \(short) = \"what it stands for\"", at: config.locations["abbreviations.\(short)"] ?? start))
                    }
                }
            } else {
                problems.append(.error("'abbreviations' must be a table: [abbreviations] with lines such as FAVAR = \"factor-augmented vector autoregression\"", at: config.locations["abbreviations"] ?? start))
            }
        }
        if let value = config.value("labels") {
            if case .table(let table) = value {
                for series in table.keys.sorted() {
                    if case .string(let label)? = table[series], !label.isEmpty { metadata.labels[series] = label } else {
                        problems.append(.error("label of '\(series)' must be a non-empty string: \(series) = \"Industrial production\"", at: config.locations["labels.\(series)"] ?? start))
                    }
                }
            } else {
                problems.append(.error("'labels' must be a table: [labels] with lines such as INDPRO = \"Industrial production\"", at: config.locations["labels"] ?? start))
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
                let knownKeys = ["path", "format", "header", "delimiter", "name", "categorical", "channels", "size"]
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
                switch config.value("\(prefix).categorical") {
                case .array(let list)?:
                    for item in list {
                        if case .string(let column) = item, !column.isEmpty { layout.categorical.append(column) } else {
                            problems.append(.error("'categorical' of data set '\(name)' must list column names, e.g. categorical = [\"region\"]; found \(item.typeName)", at: config.locations["\(prefix).categorical"] ?? start))
                        }
                    }
                case .string(let column)?: layout.categorical = [column]
                case nil: break
                case let other?: problems.append(.error("'categorical' of data set '\(name)' must be a list of column names, e.g. categorical = [\"region\"]; found \(other.typeName)", at: config.locations["\(prefix).categorical"] ?? start))
                }
                var images: ImageSettings?
                if format == .images {
                    var channels = 1
                    switch config.value("\(prefix).channels") {
                    case .integer(let n)? where n == 1 || n == 3: channels = n
                    case nil: break
                    case let other?:
                        problems.append(.error("'channels' of image data set '\(name)' must be 1 (grey) or 3 (RGB), found \(other)", at: config.locations["\(prefix).channels"] ?? start))
                    }
                    let sizeAt = config.locations["\(prefix).size"] ?? start
                    switch config.value("\(prefix).size") {
                    case .array(let items)? where items.count == 2:
                        if case .integer(let w) = items[0], case .integer(let h) = items[1], (4...4096).contains(w), (4...4096).contains(h) {
                            images = ImageSettings(channels: channels, width: w, height: h)
                        } else {
                            problems.append(.error("'size' of image data set '\(name)' must be [WIDTH, HEIGHT], whole numbers from 4 to 4096, e.g. size = [28, 28]", at: sizeAt))
                        }
                    case nil:
                        problems.append(.error("image data set '\(name)' needs the size its images are read at, e.g. size = [28, 28]", at: start))
                    case .some:
                        problems.append(.error("'size' of image data set '\(name)' must be [WIDTH, HEIGHT], e.g. size = [28, 28]", at: sizeAt))
                    }
                } else if config.value("\(prefix).channels") != nil || config.value("\(prefix).size") != nil {
                    problems.append(.error("'channels' and 'size' are for image data sets (format = \"images\")", at: config.locations["\(prefix).size"] ?? config.locations["\(prefix).channels"] ?? start))
                }
                dataSets[name] = DataSetDeclaration(name: name, path: relativePath(path, root: root), format: format, layout: layout, location: location, images: images)
            }
        }
        for name in dataOverrides.keys.sorted() where dataSets[name] == nil && !problems.contains(where: { $0.message.contains("'\(name)'") }) {
            problems.append(.error("--data \(name)=…: no data set '\(name)' is declared in \(configFile)\(Suggestions.didYouMean(name, in: dataSets.keys.sorted()))"))
        }
        if problems.contains(where: { $0.severity == .error }) { return .failure(DiagnosticList(problems)) }
        var project = Project(root: root, metadata: metadata,
                              bibliographyFile: bibliography.map { relativePath($0, root: root) }, dataSets: dataSets)
        project.frontFiles = frontFiles
        project.alerts = alertSinks
        project.executor = executor
        project.warnings = problems.filter { $0.severity != .error }
        for name in dataOverrides.keys { if let declaration = dataSets[name] { project.dataOverrides[name] = declaration.path } }
        return .success(project)
    }

    /// `[front]`: the front-matter texts (Markdown files) and the lists.
    private static func loadFront(_ config: TOMLDocument, into metadata: inout ThesisMetadata, files: inout [String: String],
                                  root: URL, problems: inout [Diagnostic]) {
        guard let value = config.value("front") else { return }
        let start = SourceLocation(file: configFile, line: 1, column: 1)
        guard case .table(let table) = value else {
            problems.append(.error("'front' must be a table: [front] with abstract = \"front/abstract.md\"", at: config.locations["front"] ?? start))
            return
        }
        let texts = ["abstract", "acknowledgements", "dedication"], lists = ["list-of-figures", "list-of-tables"]
        for key in table.keys.sorted() {
            let at = config.locations["front.\(key)"] ?? start
            if texts.contains(key) {
                guard case .string(let path)? = table[key] else {
                    problems.append(.error("'front.\(key)' must be the path of a Markdown file, e.g. \"front/\(key).md\"", at: at))
                    continue
                }
                if let problem = checkInside(path, root: root, mustExist: true, what: "front.\(key)") {
                    problems.append(.error(problem, at: at))
                } else {
                    files[key] = relativePath(path, root: root)
                }
            } else if lists.contains(key) {
                guard case .bool(let on)? = table[key] else {
                    problems.append(.error("'front.\(key)' must be true or false", at: at))
                    continue
                }
                if key == "list-of-figures" { metadata.listOfFigures = on } else { metadata.listOfTables = on }
            } else {
                let valid = texts + lists
                problems.append(Diagnostic(.warning, at: config.keyLocations["front.\(key)"] ?? at,
                    "unknown key '\(key)' in [front]\(Suggestions.didYouMean(key, in: valid)) (keys: \(valid.joined(separator: ", ")))"))
            }
        }
    }

    /// `[html]`: the report's layout (`layout = "book"` or `"single-page"`).
    private static func loadHTML(_ config: TOMLDocument, into html: inout HTMLSettings, problems: inout [Diagnostic]) {
        guard let value = config.value("html") else { return }
        let start = SourceLocation(file: configFile, line: 1, column: 1)
        guard case .table(let table) = value else {
            problems.append(.error("'html' must be a table: [html] with layout = \"book\"", at: config.locations["html"] ?? start))
            return
        }
        let layouts = HTMLSettings.Layout.allCases.map(\.rawValue)
        for (key, entry) in table.sorted(by: { $0.key < $1.key }) {
            let at = config.locations["html.\(key)"] ?? start
            switch (key, entry) {
            case ("layout", .string(let name)):
                if let layout = HTMLSettings.Layout(rawValue: name) {
                    html.layout = layout
                } else {
                    problems.append(.error("unknown html.layout '\(name)'\(Suggestions.didYouMean(name, in: layouts)); use one of \(layouts.joined(separator: ", "))", at: at))
                }
            case ("layout", _):
                problems.append(.error("html.layout must be a string (\(layouts.joined(separator: " or "))), found \(entry.typeName)", at: at))
            default:
                problems.append(Diagnostic(.warning, at: config.keyLocations["html.\(key)"] ?? at,
                    "unknown key '\(key)' in [html] (keys: layout)"))
            }
        }
    }

    /// `[latex]`: the document class, its options, the author's preamble and float placement.
    private static func loadLaTeX(_ config: TOMLDocument, into latex: inout LaTeXSettings, root: URL, problems: inout [Diagnostic]) {
        guard let value = config.value("latex") else { return }
        let start = SourceLocation(file: configFile, line: 1, column: 1)
        guard case .table(let table) = value else {
            problems.append(.error("'latex' must be a table: [latex] with class = \"scrreprt\"", at: config.locations["latex"] ?? start))
            return
        }
        let valid = ["class", "options", "preamble", "floats", "float-barrier", "subfigures"]
        for key in table.keys.sorted() {
            let at = config.locations["latex.\(key)"] ?? start
            let entry = table[key]!
            switch (key, entry) {
            case ("class", .string(let name)):
                if LaTeXSettings.builtInClasses.contains(name) {
                    latex.documentClass = name
                } else if name.hasSuffix(".cls") {
                    let stem = String((name.split(separator: "/").last ?? "").dropLast(4))
                    if let problem = checkInside(name, root: root, mustExist: true, what: "latex.class") {
                        problems.append(.error(problem, at: at))
                    } else if stem.isEmpty || !stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                        problems.append(.error("latex.class '\(name)': a class file's name must be letters, digits and '-' (TeX reads it by name)", at: at))
                    } else {
                        latex.documentClass = relativePath(name, root: root)
                    }
                } else {
                    problems.append(.error("unknown latex.class '\(name)'\(Suggestions.didYouMean(name, in: LaTeXSettings.builtInClasses)); use one of \(LaTeXSettings.builtInClasses.joined(separator: ", ")) or the path of your university's .cls file in the project", at: at))
                }
            case ("options", .array(let items)):
                var options: [String] = []
                for item in items {
                    if case .string(let option) = item, !option.isEmpty, option.allSatisfy({ $0.isASCII && !"{}\\%#$&^~".contains($0) }) {
                        options.append(option)
                    } else {
                        problems.append(.error("latex.options must be a list of class options such as [\"12pt\", \"a4paper\", \"twoside\"] (no braces or backslashes)", at: at))
                    }
                }
                latex.classOptions = options
            case ("preamble", .string(let path)):
                if let problem = checkInside(path, root: root, mustExist: true, what: "latex.preamble") {
                    problems.append(.error(problem, at: at))
                } else if !path.hasSuffix(".tex") {
                    problems.append(.error("latex.preamble '\(path)' must be a .tex file", at: at))
                } else {
                    latex.preamble = relativePath(path, root: root)
                }
            case ("floats", .string(let placement)):
                if !placement.isEmpty, placement.allSatisfy({ "htbp!".contains($0) }) {
                    latex.floatPlacement = placement
                } else {
                    problems.append(.error("latex.floats '\(placement)' must be made of h, t, b, p and ! (LaTeX's float placement), e.g. \"htbp\" or \"tbp\"", at: at))
                }
            case ("float-barrier", .bool(let on)): latex.floatBarrier = on
            case ("subfigures", .bool(let on)): latex.subfigures = on
            case ("class", _), ("preamble", _), ("floats", _):
                problems.append(.error("latex.\(key) must be a string, found \(entry.typeName)", at: at))
            case ("options", _):
                problems.append(.error("latex.options must be a list of strings, found \(entry.typeName)", at: at))
            case ("float-barrier", _), ("subfigures", _):
                problems.append(.error("latex.\(key) must be true or false, found \(entry.typeName)", at: at))
            default:
                problems.append(Diagnostic(.warning, at: config.keyLocations["latex.\(key)"] ?? at,
                    "unknown key '\(key)' in [latex]\(Suggestions.didYouMean(key, in: valid)) (keys: \(valid.joined(separator: ", ")))"))
            }
        }
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

    /// Chapter files (`chapters/*.md`, then the appendices in `appendix/*.md`), in file-name order.
    public func chapterFiles() throws -> [String] {
        var files: [String] = []
        for folder in [Self.chaptersDirectory, Self.appendixDirectory] {
            let directory = url(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            files += names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
        }
        return files
    }
}
