import ArgumentParser
import Foundation
import ThesisKit

@main
struct Thesis: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thesis",
        abstract: "Build a quantitative thesis from Markdown chapters with executable directives.",
        discussion: """
        Chapters in chapters/*.md contain directives such as <<data describe data=macro>>. \
        `thesis build` executes them (cached in .thesis/cache.sqlite), draws figures into figures/ \
        and writes the thesis as HTML and LaTeX into reports/. `thesis verify` re-executes \
        everything from the raw data and compares with reports/manifest.json.
        """,
        subcommands: [Build.self, Status.self, Verify.self, Exec.self, Directives.self, Init.self, Clean.self,
                      Runs.self, Dashboard.self, Models.self, Predict.self, GC.self, Serve.self, MonitorCommand.self, Retrain.self, ExampleData.self, Gallery.self, Bench.self, DumpAST.self],
        defaultSubcommand: nil)

    /// Pins OpenBLAS before anything runs: one thread, and the Haswell kernel on CPUs with AVX2,
    /// so results are bit-identical on every such machine. OpenBLAS reads these variables once,
    /// when it loads; it is loaded on the first BLAS call (Sources/CBLAS), after this.
    static func main() {
        NumericEnvironment.pin()
        Thesis.main(Array(CommandLine.arguments.dropFirst()))
    }
}

/// The numeric environment the tool runs in (see `Thesis.main`).
enum NumericEnvironment {
    static let variables: [(String, String)] = [("OPENBLAS_NUM_THREADS", "1"), ("OPENBLAS_CORETYPE", "Haswell")]

    /// Sets each variable the caller's environment leaves unset (the core type only where the CPU
    /// has AVX2). Processes the tool starts (scripts) inherit them.
    static func pin() {
        let environment = ProcessInfo.processInfo.environment
        for (name, value) in variables where environment[name] == nil {
            if name == "OPENBLAS_CORETYPE", !cpuHasAVX2() { continue }
            setenv(name, value, 1)
        }
    }

    static func cpuHasAVX2() -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").contains("avx2") ?? false
    }
}

/// Options shared by commands that work on a project.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project directory (default: the nearest directory upwards holding thesis.toml).")
    var directory: String?

    @Option(name: .customLong("data"), parsing: .singleValue,
            help: ArgumentHelp("Use another file for a declared data set, e.g. --data fredmd=data/fred-md/2023-06.csv.", valueName: "NAME=PATH"))
    var dataOverrides: [String] = []

    /// The project root: --project, or the nearest ancestor of the working directory with thesis.toml.
    func root() -> URL {
        if let directory { return URL(fileURLWithPath: directory) }
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("thesis.toml").path) { return url }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
            url = parent
        }
    }

    /// Loads the project or exits with its diagnostics. `followBuild` (status, verify): without
    /// --data, use the data files of the last build, which its manifest records; otherwise (build)
    /// say when the last build used other files.
    func load(followBuild: Bool = false) throws -> Project {
        var overrides: [String: String] = [:]
        for item in dataOverrides {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--data expects NAME=PATH, e.g. --data fredmd=data/fred-md/2023-06.csv; got '\(item)'")
            }
            overrides[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        let recorded = Manifest.dataOverrides(root: root())
        if dataOverrides.isEmpty, !recorded.isEmpty {
            let arguments = recorded.sorted { $0.key < $1.key }.map { "--data \($0.key)=\($0.value)" }.joined(separator: " ")
            if followBuild {
                overrides = recorded
                Console.error("note: using the data files of the last build (\(arguments)), as reports/manifest.json records them")
            } else {
                Console.error("note: the last build used \(arguments); this build uses the files thesis.toml names (give \(arguments) again to keep them)")
            }
        }
        switch Project.load(root: root(), dataOverrides: overrides) {
        case .success(let project): return project
        case .failure(let list):
            Console.print(list.diagnostics)
            throw ExitCode.failure
        }
    }
}

/// Diagnostics to standard error, summaries to standard output.
enum Console {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.rendered) }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Text to standard error as it is (the progress line redraws itself with `\r`).
    static let errorRaw: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

