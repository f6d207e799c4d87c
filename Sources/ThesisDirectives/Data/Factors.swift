import ThesisData
import ThesisDocument

/// `<<factors data=panel kmax=8>>`: principal components of the standardized panel (F'F/T = I,
/// largest loading of each eigenvector positive), the Bai-Ng IC_p2 for k = 0..kmax with the k
/// chosen, eigenvalue shares, a scree figure, and the series best explained by each factor (R²).
public enum Factors: Directive {
    public static let kind = "factors"
    public static let abstract = "principal-component factors of a panel: shares, IC_p2, scree plot, R² by series"
    public static let version = 3
    public static let outputs: Set<OutputKind> = [.table, .figure]

    public struct Arguments: DirectiveArguments {
        @Option(OptionDocs.data) var data: DataName
        @Option(OptionDocs.sample) var sample: ClosedRange<Month>?
        @Option(.range(1...30), "largest number of factors considered") var kmax = 8
        @Option(.range(1...30), "number of factors to report (default: chosen by IC_p2)") var k: Int?
        @Option(.range(1...50), "series listed per factor, by R²") var top = 5
        public init() {}
    }

    public static func run(_ arguments: Arguments, context: DirectiveContext) throws -> DirectiveResult {
        let frame = try context.frame(arguments.$data).cut(to: arguments.sample, option: arguments.$sample)
        let kmax = arguments.kmax
        guard kmax < min(frame.names.count, frame.periods.count) else {
            throw DirectiveFailure(
                "kmax=\(kmax) needs more series and months than the panel's \(frame.names.count) × "
                    + "\(frame.periods.count)",
                option: arguments.$kmax)
        }
        if frame.columns.contains(where: { $0.contains { !$0.isFinite } }) {
            throw DirectiveFailure(
                "the panel has missing values; prepare it first (<<data prepare … id=panel>>) and use data=panel",
                option: arguments.$data)
        }
        let model: FactorModel
        do {
            model = try FactorModel(frame, kmax: kmax, k: arguments.k)
        } catch let diagnostic as Diagnostic {
            throw DirectiveFailure(diagnostic.message, option: arguments.$k)
        } catch {
            throw DirectiveFailure("\(error)")
        }
        let k = model.k
        var scalars: [String: Scalar] = ["k": .number(Double(k)), "selected": .number(Double(model.selectedK))]
        // Table 1: shares of the first kmax eigenvalues and IC_p2.
        var rows: [[TableCell]] = []
        for j in 0...kmax {
            let share: TableCell = j == 0 ? .missing : .number(model.shares[j - 1], format: ".1%")
            let cumulative: TableCell = j == 0 ? .missing : .number(model.cumulativeShares[j - 1], format: ".1%")
            let mark = j == model.selectedK ? "←" : ""
            rows.append([.integer(j), share, cumulative, .number(model.criterion[j], format: ".4f"), .text(mark)])
            if j > 0 {
                scalars["share.\(j)"] = .number(model.shares[j - 1])
                scalars["cumulative.\(j)"] = .number(model.cumulativeShares[j - 1])
            }
            scalars["icp2.\(j)"] = .number(model.criterion[j])
        }
        let selection = ResultTable(
            caption: "Eigenvalue shares and the IC_p2 criterion by number of factors.",
            columns: [
                TableColumn("k", alignment: .right), TableColumn("Share", alignment: .right),
                TableColumn("Cumulative", alignment: .right), TableColumn("IC_p2(k)", alignment: .right),
                TableColumn("Chosen"),
            ],
            rows: rows,
            notes: [
                "Principal components of the standardized panel (\(frame.names.count) series, \(frame.periods.count) "
                    + "months); IC_p2 of Bai and Ng (2002) chooses k = \(model.selectedK)."
            ])
        // Table 2: series with the highest R² on each factor (marginal R², McCracken-Ng's table).
        let top = arguments.top
        var r2rows: [[TableCell]] = []
        for f in 0..<k {
            // Factors are orthogonal, so factor f's own R² is the increase from f to f + 1 factors.
            let marginal = model.names.indices.map { i in
                (model.names[i], model.rSquared[i][f] - (f > 0 ? model.rSquared[i][f - 1] : 0))
            }
            for (rank, entry) in marginal.sorted(by: { $0.1 > $1.1 }).prefix(top).enumerated() {
                r2rows.append([
                    rank == 0 ? .text("F\(f + 1)") : .text(""), .text(entry.0), .number(entry.1, format: ".3f"),
                ])
            }
        }
        for (i, name) in model.names.enumerated() { scalars["\(name).r2"] = .number(model.rSquaredOnAll[i]) }
        let loadings = ResultTable(
            caption: "Series most closely related to each factor.",
            columns: [TableColumn("Factor"), TableColumn("Series"), TableColumn("R²", alignment: .right)],
            rows: r2rows, notes: ["R² of a regression of each series on one factor; the \(top) highest per factor."])
        // Scree figure: bars of shares and the cumulative line.
        let panel = FigurePanel.scree(shares: Array(model.shares.prefix(kmax)), xLabel: "Factor")
        let scree = Figure(
            caption: "Scree plot: share of the panel's variance explained by each factor.",
            spec: FigureSpec(panels: [panel]))
        return DirectiveResult(content: [.table(selection), .figure(scree), .table(loadings)], scalars: scalars)
    }
}
