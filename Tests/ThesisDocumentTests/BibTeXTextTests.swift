@testable import ThesisDocument
import XCTest

/// BibTeX's TeX decoded for the HTML reference list and citations.
final class BibTeXTextTests: XCTestCase {
    func testAccentsLettersSpecialsDashesAndBraces() {
        let cases: [(String, String)] = [
            ("L{\\\"u}tkepohl", "Lütkepohl"), ("J\\\"urgen", "Jürgen"), ("Jord{\\`a}, {\\`O}scar", "Jordà, Òscar"),
            ("Fran\\c{c}ois", "François"), ("\\v{C}ech", "Čech"), ("Erd{\\H o}s", "Erdős"), ("G{\\o}ran", "Gøran"),
            ("Stra{\\ss}e", "Straße"), ("\\AA{}ngstr\\\"om", "Ångström"), ("na{\\\"\\i}ve", "naïve"), ("\\'{\\i}", "í"),
            ("Business \\& Economic", "Business & Economic"), ("50\\% off", "50% off"), ("pp.~387--422", "pp.\u{00A0}387–422"),
            ("a---b", "a—b"), ("``quoted''", "“quoted”"), ("{\\sc Fred-MD}", "Fred-MD"), ("\\emph{The} {FAVAR}", "The FAVAR"),
            ("{{Board of Governors}}", "Board of Governors"), ("\\textbf{bold} text", "bold text"), ("plain", "plain"),
            ("\\unknown{kept}", "kept"),
        ]
        for (tex, expected) in cases { XCTAssertEqual(BibTeXText.decode(tex), expected, tex) }
    }

    func testNamesSplitOutsideBracesAndCorporateNamesStayWhole() {
        let names = BibTeXText.names("L{\\\"u}tkepohl, Helmut and {Board of Governors and Staff} and Ben S. Bernanke")
        XCTAssertEqual(names.map(\.name), ["Helmut Lütkepohl", "Board of Governors and Staff", "Ben S. Bernanke"])
        XCTAssertEqual(names.map(\.last), ["Lütkepohl", "Board of Governors and Staff", "Bernanke"])
        XCTAssertEqual(names.map(\.corporate), [false, true, false])
        XCTAssertEqual(names.map(\.inverted), ["Lütkepohl, Helmut", "Board of Governors and Staff", "Bernanke, Ben S."])
    }

    func testReferenceListPiecesAreDecodedAndEditorsStandInForAuthors() {
        let (bib, problems) = Bibliography.parse("""
            @book{l2005, author = {L{\\"u}tkepohl, Helmut}, title = {New Introduction to {M}ultiple {T}ime {S}eries Analysis},
              publisher = {Springer}, year = {2005}}
            @techreport{fed, author = {{Federal Reserve Bank of St.~Louis}}, title = {{FRED-MD}: A Monthly Database},
              institution = {FRB St. Louis}, year = {2023}}
            @book{eds, editor = {Elliott, Graham and Timmermann, Allan}, title = {Handbook of Economic Forecasting},
              publisher = {Elsevier}, year = {2013}}
            @article{j, author = {Jord{\\`a}, {\\`O}scar}, title = {Local Projections}, journal = {American Economic Review},
              year = {2005}, pages = {161--182}}
            """, file: "r.bib")
        XCTAssertTrue(problems.isEmpty, "\(problems)")
        // Through the formatter the writers use (Chicago author-date: the title as written).
        let chicago = CitationFormatter(style: .chicago, bibliography: bib, cited: ["l2005", "fed", "eds", "j"])
        func text(_ key: String) -> String {
            chicago.reference(key).map { segment -> String in
                switch segment {
                case .text(let t), .italic(let t): return t
                case .link: return ""
                }
            }.joined()
        }
        XCTAssertTrue(text("l2005").hasPrefix("Lütkepohl, Helmut. 2005."), text("l2005"))
        XCTAssertTrue(text("l2005").contains("New Introduction to Multiple Time Series Analysis."), text("l2005"))
        XCTAssertEqual(chicago.authors("fed", narrative: true), "Federal Reserve Bank of St.\u{00A0}Louis")
        XCTAssertTrue(text("fed").contains("FRED-MD: A Monthly Database."), "case protected by braces stays as written: \(text("fed"))")
        XCTAssertTrue(text("fed").hasSuffix(" FRB St. Louis."), text("fed"))
        XCTAssertTrue(text("eds").hasPrefix("Elliott, Graham, and Allan Timmermann, eds. 2013."), text("eds"))
        XCTAssertEqual(chicago.authors("eds", narrative: true), "Elliott and Timmermann")
        XCTAssertTrue(text("j").hasPrefix("Jordà, Òscar. 2005."), text("j"))
        XCTAssertTrue(text("j").hasSuffix(": 161–182."), text("j"))
    }
}
