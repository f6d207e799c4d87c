import Foundation
import XCTest
@testable import ThesisKit

/// Citations and the HTML reference list show BibTeX's TeX decoded (accents, `\&`, dashes,
/// braces), corporate authors whole, editors in place of missing authors; the LaTeX keeps the
/// keys and the .bib file as written, for natbib and BibTeX to typeset.
final class CitationTextTests: XCTestCase {
    func testDecodedReferencesInHTMLAndKeysInLaTeX() throws {
        var files = TempProject.standardFiles
        files["references.bib"] = """
            @book{lutkepohl2005, author = {L{\\"u}tkepohl, Helmut}, title = {New Introduction to Multiple Time Series Analysis},
              publisher = {Springer}, year = {2005}}
            @techreport{fred, author = {{Federal Reserve Bank of St. Louis}}, title = {{FRED-MD}: A Monthly Database
              for Macroeconomic Research}, institution = {Federal Reserve Bank of St. Louis}, year = {2023}}
            @book{handbook, editor = {Elliott, Graham and Timmermann, Allan}, title = {Handbook of Economic Forecasting},
              publisher = {Elsevier}, year = {2013}}
            @article{jorda2005, author = {Jord{\\`a}, {\\`O}scar}, title = {Local Projections},
              journal = {Journal of Business \\& Economic Statistics}, year = {2005}, volume = {95}, pages = {161--182}}
            @article{bbe2005, author = {Bernanke, Ben S. and Boivin, Jean and Eliasz, Piotr}, title = {FAVAR},
              journal = {QJE}, year = {2005}}
            """
        files["chapters/01-intro.md"] = """
            # Introduction

            As @lutkepohl2005 shows [@fred; @handbook], and @jorda2005 [@bbe2005].
            """
        files["chapters/02-more.md"] = "# More\n\nText.\n"
        let p = try TempProject(files: files)
        let report = try p.build()
        XCTAssertTrue(report.succeeded, "\(report.diagnostics)")
        let html = try XCTUnwrap(p.read("reports/html/index.html"))
        for expected in [
            "Lütkepohl (2005)", "Federal Reserve Bank of St. Louis, 2023", "Elliott and Timmermann, 2013", "Jordà (2005)",
            "Lütkepohl, Helmut (2005).", "Elliott, Graham and Timmermann, Allan (Eds.) (2013).", "Jordà, Òscar (2005).",
            "Journal of Business &amp; Economic Statistics", "95, 161–182", "FRED-MD: A Monthly Database",
        ] {
            XCTAssertTrue(html.contains(expected), "missing \(expected)")
        }
        for raw in ["\\\"", "\\`", "{FRED", "\\&", "161--182"] { XCTAssertFalse(html.contains(raw), "raw TeX \(raw) in the HTML") }
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(tex.contains("\\citet{lutkepohl2005}"), tex)
        XCTAssertTrue(tex.contains("\\citep{fred,handbook}"), tex)
        XCTAssertEqual(p.read("reports/latex/references.bib"), files["references.bib"], "BibTeX reads the file as written")
    }
}
