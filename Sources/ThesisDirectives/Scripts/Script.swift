import Foundation
import ThesisDocument
import ThesisProcess

/// `<<script file=analysis/lp.py data=fredmd of=fit1 id=lp caption="…">>`: runs an author's
/// script (Python, R, Julia, shell) in a scratch folder that holds only what it declares: the
/// script, the `depends=` files and the `data=` data sets, at their project paths. What it writes
/// under `$THESIS_OUTPUT` comes back into the thesis: figures, tables and values (see
/// `ScriptOutputs` and the README's contract). The cache key holds the bytes of every declared
/// file, the results it reads and the interpreter's identity, so an edited script re-runs it and
/// what builds on it, and nothing else does.
public enum Script: Directive {
    public static let kind = "script"
    public static let abstract =
        "runs a script of the project (Python, R, Julia, shell); its figures, tables and values come back"
    public static let version = 2  // 2: tags=
    public static let outputs: Set<OutputKind> = [.figure, .table]
    /// A script's figures are its own files; the figure presentation options do not apply.
    public static var drawsFigures: Bool { false }

    public struct Arguments: DirectiveArguments {
        @Option("the script, relative to the project root (.py, .R, .jl, .sh, .bash)") var file: ProjectFile
        @Option("the program that runs it: a name on PATH or a path in the project (default: by the extension)")
        var interpreter: String?
        @Option("data sets of thesis.toml it reads, each as THESIS_DATA_<NAME>") var data: [DataSetName] = []
        @Option("results of earlier directives it reads, each as THESIS_RESULT_<ID> (JSON)") var of: [ResultName] = []
        @Option("other project files it reads (helpers it imports, inputs), copied beside it")
        var depends: [ProjectFile] = []
        @Option(.range(1...86_400), "seconds it may run before it is stopped") var timeout = 600
        @Option("your tags on the run, KEY:VALUE (e.g. stage:draft,team:macro)") var tags: [String] = []
        public init() {}
    }

    public static func failedRun(_ arguments: Arguments) -> RunRecord? {
        RunRecord(
            experiment: "scripts", params: ["file": arguments.file.name],
            tags: RunTags.lenient(arguments.tags, option: arguments.$tags).merging(["script": arguments.file.name]) {
                _, automatic in automatic
            })
    }

    /// The interpreter for a script by its extension.
    static let interpreters: [String: String] = [
        "py": "python3", "r": "Rscript", "jl": "julia", "sh": "sh", "bash": "bash",
    ]

    /// The interpreter `arguments` ask for, if any.
    static func interpreterName(_ arguments: Arguments) -> String? {
        if let name = arguments.interpreter { return name }
        let ext = (arguments.file.path.split(separator: "/").last ?? "").split(separator: ".").dropFirst().last
        return ext.flatMap { interpreters[$0.lowercased()] }
    }

    public static func programs(for arguments: Arguments) -> [ProgramRequest] {
        interpreterName(arguments).map {
            [ProgramRequest(name: $0, option: arguments.interpreter == nil ? "file" : "interpreter")]
        }
            ?? []
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let userTags = try RunTags.parse(arguments.tags, option: arguments.$tags)
        let path = arguments.file.path
        guard let name = interpreterName(arguments) else {
            throw DirectiveFailure(
                "cannot tell which program runs \(path) from its extension; name one with interpreter= "
                    + "(python3, Rscript, julia, sh, bash or a program on PATH)", option: arguments.$file)
        }
        guard let program = context.programs[name] else {
            throw DirectiveFailure("internal error: \(name) was not resolved", option: arguments.$file)
        }
        let results = context.resultLists[arguments.$of.name] ?? []
        guard results.count == arguments.of.count else {
            throw DirectiveFailure("internal error: the results of of= were not handed over", option: arguments.$of)
        }
        var workspace = try ScriptWorkspace(seed: context.seed)
        defer { workspace.remove() }
        do {
            try workspace.place(ProjectFileContents(path: path, bytes: try context.file(arguments.$file)))
            for file in context.fileLists[arguments.$depends.name] ?? [] { try workspace.place(file) }
            for dataSet in context.dataSetFiles[arguments.$data.name] ?? [] { try workspace.place(dataSet) }
            for (id, result) in zip(arguments.of.map(\.name), results) { try workspace.export(result, id: id) }
        } catch let failure as DirectiveFailure {
            throw failure
        } catch {
            throw DirectiveFailure("cannot prepare the scratch folder for \(path): \(error)", option: arguments.$file)
        }

        let run: (termination: Subprocess.Termination, seconds: Double)
        do {
            run = try Subprocess.run(
                executable: program.path, arguments: [path], environment: workspace.environment,
                workingDirectory: workspace.projectDirectory.path,
                standardOutput: workspace.standardOutput.path, standardError: workspace.standardError.path,
                timeout: Double(arguments.timeout))
        } catch {
            throw DirectiveFailure("\(error)", option: programs(for: arguments).first?.option ?? "file")
        }
        switch run.termination {
        case .exited(0):
            break
        case .exited(let status):
            throw DirectiveFailure(
                "\(path) failed: \(name) exited with status \(status)\(workspace.errorTail())", option: arguments.$file)
        case .signalled(let signal):
            throw DirectiveFailure(
                "\(path) failed: \(name) was killed by signal \(signal)\(workspace.errorTail())",
                option: arguments.$file)
        case .timedOut:
            throw DirectiveFailure(
                "\(path) did not finish within \(arguments.timeout) s and was stopped; raise timeout= if it needs longer"
                    + workspace.errorTail(), option: arguments.$timeout)
        }

        let outputs: ScriptOutputs
        do {
            outputs = try ScriptOutputs.read(workspace.outputDirectory, script: path)
        } catch let problem as ScriptOutputs.Problem {
            throw DirectiveFailure(problem.message, option: arguments.$file)
        }
        var params = ["file": path, "interpreter": program.name, "interpreter_version": program.version]
        if !arguments.data.isEmpty { params["data"] = arguments.data.map(\.name).joined(separator: ",") }
        if !arguments.of.isEmpty { params["of"] = arguments.of.map(\.name).joined(separator: ",") }
        let runRecord = RunRecord(
            experiment: "scripts", params: params,
            metrics: outputs.values.compactMapValues(\.number),
            tags: userTags.merging([
                "script": path, "interpreter_path": program.path, "interpreter_sha256": program.sha256,
            ]) {
                _, automatic in automatic
            },
            seed: context.seed)
        return DirectiveResult(content: outputs.content, scalars: outputs.values, run: runRecord)
    }
}
