import Foundation
import XCTest
import ThesisCache
import ThesisDocument
import ThesisTestSupport
@testable import ThesisKit

/// A thesis project in a temporary directory (ThesisTestSupport's `TemporaryProject`), built
/// in-process: the standard files, and loading, storing and building through ThesisKit.
final class TempProject {
    let directory: TemporaryProject
    var root: URL { directory.root }

    init(files: [String: String] = TempProject.standardFiles) throws {
        directory = try TemporaryProject(files: files, prefix: "thesis-e2e")
    }

    func write(_ path: String, _ text: String) throws { try directory.write(path, text) }
    func read(_ path: String) -> String? { directory.read(path) }
    func exists(_ path: String) -> Bool { directory.exists(path) }
    /// The whole HTML report as one text: every page of the book (index.html first, then the
    /// others by name), or the single page. Nil when no report was written.
    func html() -> String? {
        guard let index = read("reports/html/index.html") else { return nil }
        let folder = root.appendingPathComponent("reports/html")
        let pages = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".html") && $0 != "index.html" }.sorted()
        return ([index] + pages.compactMap { read("reports/html/" + $0) }).joined(separator: "\n")
    }

    func project(data: [String: String] = [:]) throws -> Project {
        switch Project.load(root: root, dataOverrides: data) {
        case .success(let p): return p
        case .failure(let list): throw list
        }
    }

    func store() throws -> ResultStore {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".thesis"), withIntermediateDirectories: true)
        return try ResultStore(path: root.appendingPathComponent(".thesis/cache.sqlite").path)
    }

    @discardableResult
    func build(jobs: Int = 2, useCache: Bool = true) throws -> BuildReport {
        var options = BuildOptions()
        options.jobs = jobs
        options.useCache = useCache
        return Pipeline(project: try project(), store: try store()).build(options)
    }

    /// Every generated file (figures/, reports/) with its bytes.
    func outputs() -> [String: Data] { directory.files(under: ["figures", "reports"]) }

    static let macroCSV: String = {
        var text = "date,output,prices,rate\n"
        for i in 0..<48 {
            let t = Double(i)
            text += String(format: "%04d-%02d,%.4f,%.4f,%.4f\n", 2000 + i / 12, i % 12 + 1, 2 + sin(t / 3), 100 + t * 0.2, 3 + cos(t / 5))
        }
        return text
    }()

    static let otherCSV = "date,a,b\n2010-01,1,2\n2010-02,2,3\n2010-03,3,5\n2010-04,4,7\n"

    static let standardFiles: [String: String] = [
        "thesis.toml": """
        title = "A Test Thesis"
        author = "Ada Author"
        date = "2026-11"
        bibliography = "references.bib"

        [data.macro]
        path = "data/raw/macro.csv"
        format = "csv"

        [data.other]
        path = "data/raw/other.csv"
        format = "csv"
        """,
        "references.bib": """
        @article{bbe2005,
          author = {Bernanke, Ben S. and Boivin, Jean and Eliasz, Piotr},
          title = {Measuring the Effects of Monetary Policy},
          journal = {Quarterly Journal of Economics},
          year = {2005}, volume = {120}, number = {1}, pages = {387--422}
        }
        """,
        "data/raw/macro.csv": macroCSV,
        "data/raw/other.csv": otherCSV,
        "chapters/01-intro.md": """
        # Introduction

        We follow [@bbe2005]. @tbl:desc describes the data; @fig:plot shows it.

        <<data describe data=macro id=desc caption="Summary <statistics> & more">>

        <<data plot data=macro series=output,rate id=plot caption="Output and the rate">>

        The mean of output is <<= desc.output.mean .2f>>.
        """,
        "chapters/02-more.md": """
        # More data

        <<data describe data=other id=desc2>>

        Observations: <<= desc2.a.obs ,d>>.
        """,
    ]
}
