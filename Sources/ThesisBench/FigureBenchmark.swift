import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// Times the renderer on a 12-panel impulse-response grid, the same figure that
/// `Benchmarks/figures/matplotlib_irf_grid.py` draws with matplotlib.
public enum FigureBenchmark {
    /// Shock names (grid rows) and response variables (grid columns).
    public static let shocks = ["Monetary", "Supply", "Demand"]
    public static let variables = ["Output", "Prices", "Unemployment", "Interest rate"]
    public static let horizons = 48

    /// The response of `variable` (column c) to `shock` (row r) at horizon h, a damped
    /// oscillation, and the half-width of its band:
    ///
    ///     a = 1 + 0.2c,  d = 0.05 + 0.02r,  w = 0.2 + 0.05c,  φ = 0.4r
    ///     response(h) = a · exp(−d·h) · cos(w·h + φ)
    ///     half-width(h) = 0.1a + 0.01h
    ///
    /// The Python benchmark uses the same formulas, so both draw identical data.
    public static func impulseResponse(shock r: Int, variable c: Int) -> (response: [Double], halfWidth: [Double]) {
        let a = 1 + 0.2 * Double(c), d = 0.05 + 0.02 * Double(r), w = 0.2 + 0.05 * Double(c), phase = 0.4 * Double(r)
        let response = (0..<horizons).map { h in a * exp(-d * Double(h)) * cos(w * Double(h) + phase) }
        let halfWidth = (0..<horizons).map { h in 0.1 * a + 0.01 * Double(h) }
        return (response, halfWidth)
    }

    /// The benchmark figure: 3 × 4 panels (shocks by rows, variables by columns), each with a
    /// 68% band, a zero line and the response over 48 horizons, at full text width.
    public static func irfGridSpec() -> FigureSpec {
        let x = (0..<horizons).map(Double.init)
        var panels: [FigurePanel] = []
        for r in shocks.indices {
            for c in variables.indices {
                let (response, halfWidth) = impulseResponse(shock: r, variable: c)
                panels.append(FigurePanel(
                    title: "\(shocks[r]) → \(variables[c])",
                    xAxis: FigureAxis(label: "Horizon (months)"),
                    layers: [
                        .band(Band(name: "68% band", x: x, lower: zip(response, halfWidth).map { $0 - $1 },
                                   upper: zip(response, halfWidth).map { $0 + $1 })),
                        .rule(Rule(y: 0)),
                        .line(LineSeries(name: "Response", x: x, y: response)),
                    ]))
            }
        }
        return FigureSpec(width: FigureSpec.fullWidth, height: 400, panels: panels, columns: 4)
    }

    /// Renders `irfGridSpec()` `iterations` times per format (after one warm-up render) and
    /// returns the median seconds per figure, keyed by format name (`png`, `pdf`, `svg`).
    /// Formats that fail to render are left out.
    public static func run(iterations: Int) -> [String: Double] {
        let spec = irfGridSpec()
        var medians: [String: Double] = [:]
        for format in FigureFormat.allCases {
            guard (try? FigureRenderer.render(spec, format: format)) != nil else { continue }
            var times: [Double] = []
            for _ in 0..<max(1, iterations) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try? FigureRenderer.render(spec, format: format)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            times.sort()
            let mid = times.count / 2
            medians[format.rawValue] = times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
        }
        return medians
    }
}
