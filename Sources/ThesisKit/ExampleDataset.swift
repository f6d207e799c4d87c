import Foundation
import ThesisModels

/// The example thesis's simulated data: `fredmd.csv` (FRED-MD format) and `fredmd-truth.csv`
/// (the true responses to a 25 bp policy shock), generated deterministically from `SyntheticFREDMD`.
public enum ExampleDataset {
    public static let defaultSeed: UInt64 = 2005

    /// File name → contents.
    public static func files(seed: UInt64 = defaultSeed) -> [String: String] {
        let panel = SyntheticFREDMD.generate(seed: seed)
        return ["fredmd.csv": panel.csv, "fredmd-truth.csv": truthTable(panel.truth)]
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
