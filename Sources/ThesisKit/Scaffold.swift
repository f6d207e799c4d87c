import Foundation

/// `thesis init DIR`: a new thesis project with the standard layout and a working example.
public enum Scaffold {
    /// Creates the project. Never overwrites anything: when any file it would write exists, it
    /// writes nothing and names them.
    public static func create(at directory: URL) throws -> [String] {
        let fm = FileManager.default
        let files: [(String, String)] = [
            (Project.configFile, config),
            ("references.bib", bibliography),
            ("chapters/01-introduction.md", chapter),
            ("data/raw/example.csv", exampleData()),
            ("analysis/growth.py", script),
            (".gitignore", "/figures/\n/reports/\n/.thesis/\n"),
        ]
        let existing = files.map(\.0).filter { fm.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if !existing.isEmpty {
            throw ScaffoldError(message: "\(directory.lastPathComponent) already has \(existing.joined(separator: ", ")); "
                + "thesis init writes nothing over existing files: choose an empty or new directory, or move them aside")
        }
        for (path, text) in files {
            try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(path))
        }
        return files.map(\.0)
    }

    struct ScaffoldError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let config = """
    title = "My Thesis"
    author = "Your Name"
    date = "2026-11"                  # fixed text, never the build time
    bibliography = "references.bib"

    [data.example]                     # referenced in chapters as data=example
    path = "data/raw/example.csv"
    format = "csv"                     # or "fred-md"

    """

    static let bibliography = """
    @article{stock2002,
      author  = {Stock, James H. and Watson, Mark W.},
      title   = {Macroeconomic Forecasting Using Diffusion Indexes},
      journal = {Journal of Business \\& Economic Statistics},
      year    = {2002},
      volume  = {20},
      number  = {2},
      pages   = {147--162}
    }

    """

    static let chapter = """
    # Introduction {#sec:intro}

    This chapter shows the example data set, following @stock2002.
    @tbl:summary describes it and @fig:series plots it.

    <<data describe data=example id=summary caption="The example series.">>

    <<data plot data=example series=output,prices id=series caption="Output and prices.">>

    The mean of output growth is <<= summary.output.mean .2f>>.

    ## Your own analysis

    A script of your own runs like any directive, cached and verified: it reads the data sets
    named in `data=` and writes tables, figures and values (see `analysis/growth.py`). Output grew
    faster than average in <<= growth.above_share .1%>> of the months (@tbl:growth).

    <<script file=analysis/growth.py data=example id=growth caption="Months above and below the mean, from a script.">>

    """

    /// A standard-library Python script showing the contract of `<<script>>`.
    static let script = """
    # Run by <<script file=analysis/growth.py data=example>>. The contract (README, "Scripts"):
    #   THESIS_DATA_EXAMPLE  the data set's file      THESIS_SEED  a seed for any randomness
    #   THESIS_OUTPUT        an empty folder; write figures/*.png|pdf|svg, tables/*.csv and
    #                        values.json (numbers for <<= growth.NAME>>) in it.
    import csv
    import json
    import os

    with open(os.environ["THESIS_DATA_EXAMPLE"], newline="") as f:
        output = [float(row["output"]) for row in csv.DictReader(f)]
    mean = sum(output) / len(output)
    above = [x for x in output if x > mean]

    out = os.environ["THESIS_OUTPUT"]
    os.makedirs(os.path.join(out, "tables"))
    with open(os.path.join(out, "tables", "growth.csv"), "w", newline="") as f:
        table = csv.writer(f)
        table.writerow(["months", "count", "mean growth"])
        table.writerow(["above the mean", len(above), round(sum(above) / len(above), 3)])
        below = [x for x in output if x <= mean]
        table.writerow(["at or below", len(below), round(sum(below) / len(below), 3)])
    with open(os.path.join(out, "values.json"), "w") as f:
        json.dump({"above_share": len(above) / len(output), "mean": mean}, f)

    """

    /// A small deterministic monthly data set (2000-01 … 2019-12, three series).
    static func exampleData() -> String {
        var text = "date,output,prices,rate\n"
        var state: UInt64 = 20_261_123
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var output = 2.0, prices = 100.0, rate = 3.0
        for index in 0..<240 {
            let year = 2000 + index / 12, month = index % 12 + 1
            output = 0.6 * output + 0.8 + noise()
            prices *= 1 + 0.002 + 0.002 * noise()
            rate = max(0, rate + 0.05 * (output - 2) + 0.1 * noise())
            text += String(format: "%04d-%02d,%.3f,%.3f,%.3f\n", year, month, output, prices, rate)
        }
        return text
    }
}
