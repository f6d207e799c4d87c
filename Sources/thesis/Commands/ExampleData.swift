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
        the example's chapter 7 has not seen). shapes/ is an image folder (train/ and test/, one folder \
        per shape) of 32 x 32 pictures drawn with Cairo.
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
        let images = try ExampleDataset.imageFiles(seed: seed)
        for (name, data) in images.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url)
        }
        Console.out(
            "thesis example-data: wrote \(directory)/fredmd.csv, \(directory)/fredmd-truth.csv, \(directory)/fredmd-2021.csv and \(images.count) images in \(directory)/shapes")
    }
}
