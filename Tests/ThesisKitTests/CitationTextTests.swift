import Foundation
import XCTest
import ThesisTestSupport
@testable import ThesisKit

/// Citations and the HTML reference list show BibTeX's TeX decoded (accents, `\&`, dashes,
/// braces), corporate authors whole, editors in place of missing authors; the LaTeX keeps the
/// keys and the .bib file as written, for biblatex and biber to typeset.
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
        let html = try XCTUnwrap(p.html()).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for expected in [
            "Lütkepohl (2005)", "(Federal Reserve Bank of St. Louis 2023; Elliott and Timmermann 2013)", "Jordà (2005)",
            "Lütkepohl, Helmut. 2005. New Introduction", "Elliott, Graham, and Allan Timmermann, eds. 2013.", "Jordà, Òscar. 2005.",
            "Journal of Business &amp; Economic Statistics 95: 161–182", "FRED-MD: A Monthly Database",
        ] {
            XCTAssertTrue(html.contains(expected), "missing \(expected)")
        }
        for raw in ["\\\"", "\\`", "{FRED", "\\&", "161--182"] { XCTAssertFalse(html.contains(raw), "raw TeX \(raw) in the HTML") }
        let tex = try XCTUnwrap(p.read("reports/latex/chapters/01-intro.tex"))
        XCTAssertTrue(tex.contains("\\textcite{lutkepohl2005}"), tex)
        XCTAssertTrue(tex.contains("\\parencite{fred,handbook}"), tex)
        XCTAssertEqual(p.read("reports/latex/references.bib"), files["references.bib"], "biber reads the file as written")
    }
}

/// pandoc's citation forms (prefixes, locators, year only, a narrative locator) in each style,
/// the same in HTML and in the PDF that biblatex and biber typeset from the LaTeX.
final class CitationStyleTests: XCTestCase {
    static let bib = """
        @article{bernanke2005,
          author  = {Bernanke, Ben S. and Boivin, Jean and Eliasz, Piotr},
          title   = {Measuring the Effects of Monetary Policy: A Factor-Augmented Vector Autoregressive ({FAVAR}) Approach},
          journal = {The Quarterly Journal of Economics}, year = {2005}, volume = {120}, number = {1}, pages = {387--422}}
        @article{stock2002,
          author  = {Stock, James H. and Watson, Mark W.}, title = {Macroeconomic Forecasting Using Diffusion Indexes},
          journal = {Journal of Business \\& Economic Statistics}, year = {2002}, volume = {20}, number = {2}, pages = {147--162}}
        @article{hochreiter1997,
          author  = {Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen}, title = {Long Short-Term Memory},
          journal = {Neural Computation}, year = {1997}, volume = {9}, number = {8}, pages = {1735--1780}}
        @book{lutkepohl2005,
          author = {L{\\"u}tkepohl, Helmut}, title = {New Introduction to Multiple Time Series Analysis},
          publisher = {Springer}, address = {Berlin}, year = {2005}}
        @misc{fred, author = {{Federal Reserve Bank of St. Louis}}, title = {{FRED-MD} Monthly Database}, year = {2024}}
        @book{elliott2006,
          editor = {Elliott, Graham and Granger, Clive W. J. and Timmermann, Allan}, title = {Handbook of Economic Forecasting},
          publisher = {Elsevier}, address = {Amsterdam}, year = {2006}}
        @book{four, author = {One, Ann and Two, Bob and Three, Cy and Four, Dee}, title = {Four Authors}, publisher = {Pub}, year = {2001}}
        """
    static let chapter = """
        # Introduction

        P1 [@bernanke2005]. P2 [@stock2002; @hochreiter1997]. P3 [see @bernanke2005, ch. 2; @stock2002, 33].
        P4 [-@lutkepohl2005, p. 33]. N1 @bernanke2005. N2 @stock2002 [33]. N3 @fred. N4 @elliott2006. N5 @four.
        P6 [@hochreiter1997, 12--14].
        """

    /// What each style prints: the chapter's sentence of citations and two reference entries.
    static let expected: [String: (text: String, references: [String])] = [
        "apa": (
            "P1 (Bernanke et al., 2005). P2 (Hochreiter & Schmidhuber, 1997; Stock & Watson, 2002). P3 (see Bernanke et al., 2005, ch. 2; Stock & Watson, 2002, p. 33). P4 (2005, p. 33). N1 Bernanke et al. (2005). N2 Stock and Watson (2002, p. 33). N3 Federal Reserve Bank of St. Louis (2024). N4 Elliott et al. (2006). N5 One et al. (2001). P6 (Hochreiter & Schmidhuber, 1997, pp. 12–14).",
            ["Bernanke, B. S., Boivin, J., & Eliasz, P. (2005). Measuring the effects of monetary policy: A factor-augmented vector autoregressive (FAVAR) approach. The Quarterly Journal of Economics, 120(1), 387–422.",
             "Elliott, G., Granger, C. W. J., & Timmermann, A. (Eds.). (2006). Handbook of economic forecasting. Elsevier."]),
        "chicago-author-date": (
            "P1 (Bernanke, Boivin, and Eliasz 2005). P2 (Stock and Watson 2002; Hochreiter and Schmidhuber 1997). P3 (see Bernanke, Boivin, and Eliasz 2005, ch. 2; Stock and Watson 2002, 33). P4 (2005, p. 33). N1 Bernanke, Boivin, and Eliasz (2005). N2 Stock and Watson (2002, 33). N3 Federal Reserve Bank of St. Louis (2024). N4 Elliott, Granger, and Timmermann (2006). N5 One et al. (2001). P6 (Hochreiter and Schmidhuber 1997, 12–14).",
            ["Hochreiter, Sepp, and Jürgen Schmidhuber. 1997. “Long Short-Term Memory.” Neural Computation 9 (8): 1735–1780.",
             "Lütkepohl, Helmut. 2005. New Introduction to Multiple Time Series Analysis. Berlin: Springer."]),
        "harvard": (
            "P1 (Bernanke, Boivin and Eliasz, 2005). P2 (Stock and Watson, 2002; Hochreiter and Schmidhuber, 1997). P3 (see Bernanke, Boivin and Eliasz, 2005, ch. 2; Stock and Watson, 2002, p. 33). P4 (2005, p. 33). N1 Bernanke, Boivin and Eliasz (2005). N2 Stock and Watson (2002, p. 33). N3 Federal Reserve Bank of St. Louis (2024). N4 Elliott, Granger and Timmermann (2006). N5 One et al. (2001). P6 (Hochreiter and Schmidhuber, 1997, pp. 12–14).",
            ["Stock, J. H. and Watson, M. W. (2002). “Macroeconomic Forecasting Using Diffusion Indexes.” Journal of Business & Economic Statistics 20.2, pp. 147–162.",
             "Federal Reserve Bank of St. Louis (2024). FRED-MD Monthly Database."]),
        "numeric": (
            "P1 [1]. P2 [4; 7]. P3 [see 1, ch. 2; 7, p. 33]. P4 [5, p. 33]. N1 Bernanke, Boivin, and Eliasz [1]. N2 Stock and Watson [7, p. 33]. N3 Federal Reserve Bank of St. Louis [3]. N4 Elliott, Granger, and Timmermann [2]. N5 One et al. [6]. P6 [4, pp. 12–14].",
            ["[4] Sepp Hochreiter and Jürgen Schmidhuber. “Long Short-Term Memory.” In: Neural Computation 9.8 (1997), pp. 1735–1780.",
             "[6] Ann One, Bob Two, Cy Three, and Dee Four. Four Authors. Pub, 2001."]),
    ]

    /// Text with tags removed, entities decoded and white space collapsed.
    static func plain(_ html: String) -> String {
        html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    /// For comparing with pdftotext: no white space and no hyphens (TeX breaks words at line ends).
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "-" && $0 != "\u{00AD}" }.map(Character.init))
    }

    func testEveryStyleInHTMLAndPDF() throws {
        let compile = Executables.onPath("latexmk") && Executables.onPath("biber") && Executables.onPath("pdftotext")
        for style in CitationStyle.allCases {
            let expected = try XCTUnwrap(Self.expected[style.rawValue])
            var files = TempProject.standardFiles
            files["thesis.toml"] = files["thesis.toml"]!.replacingOccurrences(of: "bibliography = ", with: "citation-style = \"\(style.rawValue)\"\nbibliography = ")
            files["references.bib"] = Self.bib
            files["chapters/01-intro.md"] = Self.chapter
            files["chapters/02-more.md"] = "# More\n\nText.\n"
            let p = try TempProject(files: files)
            let report = try p.build()
            XCTAssertTrue(report.succeeded, "\(style): \(report.diagnostics)")
            let html = Self.plain(try XCTUnwrap(p.html()))
            XCTAssertTrue(html.contains(expected.text), "\(style): the HTML's citations differ:\n\(html)")
            for reference in expected.references {
                XCTAssertTrue(html.contains(reference), "\(style): the HTML lacks the reference \(reference)\n\(html)")
            }
            guard compile else { continue }
            let latex = p.root.appendingPathComponent("reports/latex")
            let run = try Executables.run("latexmk", ["-pdf", "-interaction=nonstopmode", "-quiet", "thesis.tex"], in: latex)
            XCTAssertEqual(run.status, 0, "\(style): \(run.output)")
            let text = try Executables.run("pdftotext", ["thesis.pdf", "-"], in: latex).output
            let pdf = Self.squeezed(text)
            XCTAssertTrue(pdf.contains(Self.squeezed(expected.text)), "\(style): the PDF's citations differ from the HTML's:\n\(text)")
            for reference in expected.references {
                let entry = style.isNumeric ? String(reference.drop(while: { $0 != " " })) : reference
                XCTAssertTrue(pdf.contains(Self.squeezed(entry)), "\(style): the PDF lacks the reference \(entry)\n\(text)")
            }
        }
        if !compile { throw XCTSkip("latexmk, biber or pdftotext is not installed: the HTML was checked, the PDF was not") }
    }

    /// Malformed citations are located errors, not raw brackets in the output.
    func testUnknownCitationFormsAreLocatedErrors() throws {
        var files = TempProject.standardFiles
        files["references.bib"] = Self.bib
        files["chapters/01-intro.md"] = "# Intro\n\nA [@stock2002; see also].\n\nB [-@stock2002; @four].\n\nC [see @fig:x].\n"
        let p = try TempProject(files: files)
        let report = try p.build()
        let messages = report.diagnostics.filter { $0.severity == .error }.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("3:3 'see also' in a citation has no @key") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("5:3 year-only -@stock2002 works in a citation of its own") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("7:3 a cross-reference in brackets stands alone") }, "\(messages)")
    }
}
