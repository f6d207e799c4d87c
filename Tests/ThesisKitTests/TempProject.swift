import Foundation
import XCTest
import ThesisCache
import ThesisDocument
@testable import ThesisKit

/// A thesis project in a temporary directory, built in-process.
final class TempProject {
    let root: URL

    init(files: [String: String] = TempProject.standardFiles) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("thesis-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) }

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
    func outputs() -> [String: Data] {
        var out: [String: Data] = [:]
        for top in ["figures", "reports"] {
            let base = root.appendingPathComponent(top)
            guard let e = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let path = e.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let full = base.appendingPathComponent(path).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    out["\(top)/\(path)"] = FileManager.default.contents(atPath: full)
                }
            }
        }
        return out
    }

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
