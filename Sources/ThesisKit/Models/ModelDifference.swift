import Foundation
import ThesisModels

/// What differs between two saved models, as lines for `thesis models diff`: kind and engine,
/// input and output schema, training options, data, metrics (with the change), and the weights
/// (the largest absolute difference when the architectures agree).
public enum ModelDifference {
    public static func lines(_ a: ModelArtifact, _ b: ModelArtifact) -> [String] {
        var lines: [String] = []
        func compare(_ label: String, _ x: String, _ y: String) {
            if x == y {
                lines.append("  \(label): \(x)")
            } else {
                lines.append("- \(label): \(x)"); lines.append("+ \(label): \(y)")
            }
        }
        compare("kind", a.kind.rawValue, b.kind.rawValue)
        compare("engine", a.engine, b.engine)
        compare("input", schema(a.input), schema(b.input))
        compare(
            "output", a.output.names.joined(separator: ", ") + (a.output.horizon.map { " h=\($0)" } ?? ""),
            b.output.names.joined(separator: ", ") + (b.output.horizon.map { " h=\($0)" } ?? ""))
        compare("data hash", a.training.dataHash, b.training.dataHash)
        compare("seed", String(a.training.seed), String(b.training.seed))
        for key in Set(a.training.options.keys).union(b.training.options.keys).sorted() {
            let x = a.training.options[key] ?? "–", y = b.training.options[key] ?? "–"
            if x != y { compare("option \(key)", x, y) }
        }
        for key in Set(a.training.metrics.keys).union(b.training.metrics.keys).sorted() {
            let x = a.training.metrics[key], y = b.training.metrics[key]
            let change = x.flatMap { x in y.map { y in String(format: " (%+.6g)", y - x) } } ?? ""
            lines.append(
                "  metric \(key): \(x.map { String(format: "%.6g", $0) } ?? "–") → \(y.map { String(format: "%.6g", $0) } ?? "–")\(change)"
            )
        }
        if let x = a.linear, let y = b.linear, x.terms == y.terms, x.constant == y.constant {
            let largest = zip(x.coefficients, y.coefficients).map { abs($0 - $1) }.max() ?? 0
            lines.append(
                "  coefficients: same terms, \(a.parameterCount) coefficients; "
                    + (largest == 0 ? "identical" : String(format: "largest difference %.3g", largest)))
        } else if let x = a.vectorAutoregression ?? a.favar?.system, let y = b.vectorAutoregression ?? b.favar?.system,
            x.parameterNames == y.parameterNames, a.input.columns == b.input.columns
        {
            let largest = zip(x.coefficients.joined(), y.coefficients.joined()).map { abs($0 - $1) }.max() ?? 0
            lines.append(
                "  coefficients: same VAR(\(x.lags)), \(a.parameterCount) coefficients; "
                    + (largest == 0 && a == b ? "identical" : String(format: "largest VAR difference %.3g", largest)))
        } else if let x = a.weights, let y = b.weights, x.layers == y.layers, x.inputShape == y.inputShape {
            let largest = zip(x.parameters, y.parameters).map { abs($0 - $1) }.max() ?? 0
            lines.append(
                "  weights: same architecture, \(a.parameterCount) parameters; "
                    + (largest == 0 ? "identical" : String(format: "largest difference %.3g", largest)))
        } else {
            compare(
                "weights", "\(a.parameterCount) parameters, input \(shape(a))",
                "\(b.parameterCount) parameters, input \(shape(b))")
        }
        return lines
    }

    private static func shape(_ artifact: ModelArtifact) -> String {
        artifact.weights.map { "\($0.inputShape)" } ?? artifact.linear.map {
            $0.terms.map(\.name).joined(separator: ", ")
        } ?? (artifact.vectorAutoregression ?? artifact.favar?.system).map { "VAR(\($0.lags)), trend \($0.trend)" }
            ?? "?"
    }

    private static func schema(_ input: ModelArtifact.InputSchema) -> String {
        input.columns.joined(separator: ", ") + (input.window.map { " (window \($0))" } ?? "")
            + (input.lags.map { " (\($0) lags)" } ?? "")
    }
}
