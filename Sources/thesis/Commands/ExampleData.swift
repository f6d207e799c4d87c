import ArgumentParser
import Foundation
import ThesisKit

struct ExampleData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-data",
        abstract: "Write the simulated FRED-MD panel of the example thesis and its true responses.",
        discussion: """
        The panel (fredmd.csv, FRED-MD format: sasdate, a Transform: row, M/D/YYYY dates) is generated \
        deterministically from a documented FAVAR (see SyntheticFREDMD), so the same seed gives the same \
        bytes on every machine. fredmd-truth.csv is a table of the true responses of every series \
        (transformed scale) and of FEDFUNDS to a 25 bp policy shock, one row per month after the shock. \
        fredmd-2021.csv is a later vintage of the same economy, to 2021-12 (the months the monitor of \
        the example's chapter 7 has not seen).
        """)

    @Argument(help: "Output directory (e.g. data/raw).")
    var directory = "data/raw"

    @Option(help: "Random seed of the simulation.")
    var seed: UInt64 = ExampleDataset.defaultSeed

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        for (name, text) in ExampleDataset.files(seed: seed).sorted(by: { $0.key < $1.key }) {
            try AtomicFile.write(Data(text.utf8), to: root.appendingPathComponent(name))
        }
        Console.out(
            "thesis example-data: wrote \(directory)/fredmd.csv, \(directory)/fredmd-truth.csv and \(directory)/fredmd-2021.csv")
    }
}
