import ArgumentParser
import Foundation
import ThesisKit

struct Directives: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every directive kind with its options.")

    @Flag(help: "Print a Markdown reference (used in the README).")
    var markdown = false

    func run() throws {
        Console.out(markdown ? DirectiveReference.markdown() : DirectiveReference.text())
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new thesis project: thesis.toml, chapters/, data/, references.bib.")

    @Argument(help: "The directory to create (or an empty existing one).")
    var directory: String

    func run() throws {
        let url = URL(fileURLWithPath: directory)
        do {
            let files = try Scaffold.create(at: url)
            Console.out("thesis init: created \(files.joined(separator: ", ")) in \(directory)")
            Console.out("next: cd \(directory) && thesis build")
        } catch {
            Console.error("thesis init: \(error)")
            throw ExitCode.failure
        }
    }
}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove the generated figures/ and reports/ (and the cache with --cache).")

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Also remove the result cache (.thesis/cache.sqlite); the run history (.thesis/runs.sqlite) is kept.")
    var cache = false

    func run() throws {
        let project = try self.project.load()
        let state = project.url(Project.stateDirectory)
        let lock = try ProjectLock(stateDirectory: state) { Console.error("thesis: waiting for another thesis command in this project…") }
        defer { withExtendedLifetime(lock) {} }
        var removed: [String] = []
        for directory in [Project.figuresDirectory, Project.reportsDirectory] where FileManager.default.fileExists(atPath: project.url(directory).path) {
            try FileManager.default.removeItem(at: project.url(directory))
            removed.append(directory + "/")
        }
        if cache {
            for name in ["cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"] where FileManager.default.fileExists(atPath: state.appendingPathComponent(name).path) {
                try FileManager.default.removeItem(at: state.appendingPathComponent(name))
                if name == "cache.sqlite" { removed.append(Project.stateDirectory + "/cache.sqlite") }
            }
        }
        Console.out("thesis clean: " + (removed.isEmpty ? "nothing to remove" : "removed " + removed.joined(separator: ", ")))
    }
}

struct DumpAST: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dump-ast", abstract: "Print the parsed document of a chapter (for debugging).")

    @Argument(help: "A Markdown file.")
    var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            Console.error("thesis dump-ast: cannot read \(file)")
            throw ExitCode.failure
        }
        let (dump, diagnostics) = ChapterDump.dump(text, file: file)
        Console.print(diagnostics)
        Console.out(dump)
    }
}
