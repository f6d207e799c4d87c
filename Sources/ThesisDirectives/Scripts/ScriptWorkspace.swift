import Foundation
import ThesisDocument

/// The scratch folder a script runs in, removed afterwards:
///
/// ```
/// project/   its working directory: the script, depends= files and data= files at their paths
/// output/    THESIS_OUTPUT, empty at the start
/// results/   THESIS_RESULT_<ID>: <id>.json, and <id>-table-<n>.csv for each table
/// stdout, stderr
/// ```
///
/// Only declared files are there, so a script cannot depend on a project file the cache key does
/// not know; what it writes stays here unless it is read back as the result.
struct ScriptWorkspace {
    let root: URL
    var projectDirectory: URL { root.appendingPathComponent("project") }
    var outputDirectory: URL { root.appendingPathComponent("output") }
    var resultsDirectory: URL { root.appendingPathComponent("results") }
    var standardOutput: URL { root.appendingPathComponent("stdout") }
    var standardError: URL { root.appendingPathComponent("stderr") }
    /// The variables of the contract, added to the inherited environment.
    private(set) var contract: [String: String]

    init(seed: UInt64) throws {
        let name = "thesis-script-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        root = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        let fm = FileManager.default
        for directory in [
            root, root.appendingPathComponent("project"), root.appendingPathComponent("output"),
            root.appendingPathComponent("results"),
        ] {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        contract = [
            "THESIS_OUTPUT": root.appendingPathComponent("output").path,
            "THESIS_SEED": String(seed),
        ]
    }

    /// The script's environment: the user's, without THESIS_ variables from outside, plus the
    /// contract and settings that make common tools reproducible.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("THESIS_") }
        let reproducible = [
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "0",
            "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "TZ": "UTC",
        ]
        environment.merge(reproducible) { _, new in new }
        environment.merge(contract) { _, new in new }
        return environment
    }

    /// Copies a project file to its path under `project/`.
    func place(_ file: ProjectFileContents) throws {
        let url = projectDirectory.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.bytes.write(to: url)
    }

    /// Copies a data set's file to its path under `project/` and names it THESIS_DATA_<NAME>.
    mutating func place(_ dataSet: DataSetFile) throws {
        try place(ProjectFileContents(path: dataSet.path, bytes: dataSet.bytes))
        contract["THESIS_DATA_" + Self.variableName(dataSet.name)] =
            projectDirectory.appendingPathComponent(dataSet.path).path
    }

    /// Writes a result as JSON (and its tables as CSV) and names it THESIS_RESULT_<ID>.
    mutating func export(_ result: DirectiveResult, id: String) throws {
        let json = resultsDirectory.appendingPathComponent("\(id).json")
        try ResultExport.json(result, id: id).write(to: json)
        var n = 0
        for content in result.content {
            guard case .table(let table) = content else { continue }
            n += 1
            try ResultExport.csv(table).write(to: resultsDirectory.appendingPathComponent("\(id)-table-\(n).csv"))
        }
        contract["THESIS_RESULT_" + Self.variableName(id)] = json.path
    }

    /// `fred-md` → `FRED_MD`: upper-cased, anything but letters and digits as `_`.
    static func variableName(_ name: String) -> String {
        String(name.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The end of the script's standard error (else standard output), for a failure message.
    func errorTail(lines: Int = 12, bytes: Int = 2_000) -> String {
        for url in [standardError, standardOutput] {
            guard let data = try? Data(contentsOf: url), !data.isEmpty else { continue }
            // Paths in tracebacks read as project paths, not as the scratch folder's.
            var text = String(decoding: data.suffix(bytes), as: UTF8.self)
                .replacingOccurrences(of: projectDirectory.path + "/", with: "")
            text = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1)
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let which = url == standardError ? "standard error" : "standard output"
            return "; the end of its \(which):\n"
                + text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        }
        return " (it printed nothing)"
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
