import Foundation
import ThesisDocument
import ThesisProcess
import ThesisWriters

/// `thesis build --pdf`: compiles reports/latex/thesis.tex with latexmk (pdflatex and biber) and
/// reports what LaTeX complained about at the chapter line it came from.
public enum PDFStage {
    /// Overfull boxes wider than this (in points) are reported as warnings.
    public static let overfullThreshold = 10.0

    public struct Outcome: Sendable {
        public var succeeded: Bool
        public var diagnostics: [Diagnostic]
    }

    /// Runs latexmk in `reports/latex` of `root` and reads its log.
    public static func compile(root: URL, timeout: Double = 900) -> Outcome {
        let directory = root.appendingPathComponent("reports/latex")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let latexmk = Subprocess.lookUp("latexmk", path: path) else {
            return Outcome(succeeded: false, diagnostics: [.error(
                "thesis build --pdf: latexmk is not installed (apt-get install latexmk texlive-latex-extra texlive-bibtex-extra biber); reports/latex/thesis.tex is ready to compile")])
        }
        // A reference list written by BibTeX for an older build stops biblatex before biber runs.
        let bbl = directory.appendingPathComponent("thesis.bbl")
        if let text = try? String(contentsOf: bbl, encoding: .utf8), !text.contains("biblatex") {
            try? FileManager.default.removeItem(at: bbl)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["max_print_line"] = "10000"  // one log line per message: file names are not cut
        environment["SOURCE_DATE_EPOCH"] = "0"
        environment["FORCE_SOURCE_DATE"] = "1"
        let output = directory.appendingPathComponent(".latexmk.out").path
        let termination: Subprocess.Termination
        do {
            termination = try Subprocess.run(
                executable: latexmk, arguments: ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "thesis.tex"],
                environment: environment, workingDirectory: directory.path, standardOutput: output, standardError: output,
                timeout: timeout
            ).termination
        } catch {
            return Outcome(succeeded: false, diagnostics: [.error("thesis build --pdf: \(error)")])
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("thesis.log"), encoding: .utf8))
            ?? (try? String(contentsOf: directory.appendingPathComponent("thesis.log"), encoding: .isoLatin1)) ?? ""
        var diagnostics = diagnose(LaTeXLog(log), directory: directory)
        let succeeded = termination == .exited(0)
        if !succeeded {
            if termination == .timedOut {
                diagnostics.append(.error("thesis build --pdf: latexmk did not finish in \(Int(timeout)) s and was stopped"))
            } else if !diagnostics.contains(where: { $0.severity == .error }) {
                let tail = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").suffix(5).joined(separator: "\n")
                diagnostics.append(.error("thesis build --pdf: latexmk failed; see reports/latex/thesis.log\n\(tail)"))
            }
        }
        return Outcome(succeeded: succeeded, diagnostics: diagnostics)
    }

    /// The log's errors and wide overfull boxes as diagnostics at the Markdown line they came from
    /// (or at the .tex line, for the preamble and the author's own LaTeX files).
    static func diagnose(_ log: LaTeXLog, directory: URL) -> [Diagnostic] {
        var maps: [String: LaTeXSourceMap] = [:]
        func location(_ entry: LaTeXLog.Entry) -> SourceLocation {
            if entry.file.hasPrefix("chapters/") {
                if maps[entry.file] == nil {
                    let tex = (try? String(contentsOf: directory.appendingPathComponent(entry.file), encoding: .utf8)) ?? ""
                    maps[entry.file] = LaTeXSourceMap(tex: tex)
                }
                if let map = maps[entry.file], let file = map.chapterFile, let line = map.source(texLine: entry.line) {
                    return SourceLocation(file: file, line: line, column: 1)
                }
            }
            return SourceLocation(file: "reports/latex/" + entry.file, line: entry.line, column: 1)
        }
        var out: [Diagnostic] = []
        for error in log.errors {
            out.append(Diagnostic(.error, at: location(error), "LaTeX: \(error.message)"))
        }
        var seen = Set<SourceLocation>()
        for box in log.overfullBoxes where (box.overfull ?? 0) > overfullThreshold {
            let at = location(box)
            guard seen.insert(at).inserted else { continue }
            out.append(Diagnostic(.warning, at: at, "LaTeX: \(box.message) (over \(Int(overfullThreshold))pt); rephrase, or break a long word, URL or formula"))
        }
        return out
    }
}
