import ArgumentParser
import Foundation
import ThesisKit
import ThesisModels

struct ExampleData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-data",
        abstract: "Write the simulated FRED-MD panel of the example thesis and its true responses.",
        discussion: """
        The panel (fredmd.csv, FRED-MD format: sasdate, a Transform: row, M/D/YYYY dates) is generated \
        deterministically from a documented FAVAR (see SyntheticFREDMD), so the same seed gives the same \
        bytes on every machine. fredmd-truth.csv is a table of the true responses of every series \
        (transformed scale) and of FEDFUNDS to a 25 bp policy shock, one row per month after the shock.
        """)

    @Argument(help: "Output directory (e.g. data/raw).")
    var directory = "data/raw"

    @Option(help: "Random seed of the simulation.")
    var seed: UInt64 = 2005

    func run() throws {
        let panel = SyntheticFREDMD.generate(seed: seed)
        let root = URL(fileURLWithPath: directory)
        try AtomicFile.write(Data(panel.csv.utf8), to: root.appendingPathComponent("fredmd.csv"))
        try AtomicFile.write(Data(Self.truthTable(panel.truth).utf8), to: root.appendingPathComponent("fredmd-truth.csv"))
        Console.out("thesis example-data: wrote \(directory)/fredmd.csv (\(panel.names.count) series, \(panel.periods.count) months) and \(directory)/fredmd-truth.csv")
    }

    /// One column per series (and FEDFUNDS), one row per horizon 0…60.
    static func truthTable(_ truth: SyntheticTruth) -> String {
        func quoted(_ name: String) -> String { name.contains(",") ? "\"\(name)\"" : name }
        let policy = truth.system.names.last ?? "FEDFUNDS"
        var text = (truth.names + [policy]).map(quoted).joined(separator: ",") + "\n"
        for h in 0...truth.horizons {
            let row = truth.responses.map { $0[h] } + [truth.stateResponses[h].last ?? .nan]
            text += row.map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n"
        }
        return text
    }
}
