import Foundation
import ThesisFigures

/// A run's metrics by step (e.g. `loss` and `val_loss` per epoch) as one SVG line chart, drawn by
/// the tool's own figure kit, for the dashboard.
public enum RunCurves {
    /// The chart, or nil when the run has no metric by step.
    public static func svg(_ run: StoredRun) throws -> Data? {
        let keys = run.history.keys.sorted().filter { !(run.history[$0] ?? []).isEmpty }
        guard !keys.isEmpty else { return nil }
        let layers: [FigureLayer] = keys.enumerated().map { index, key in
            let values = run.history[key] ?? []
            return .line(LineSeries(name: key, x: values.indices.map { Double($0 + 1) }, y: values, color: index))
        }
        let panel = FigurePanel(
            title: "Run \(run.id): \(run.experiment)", xAxis: FigureAxis(label: "step"),
            yAxis: FigureAxis(label: "value"), layers: layers)
        return try FigureRenderer.render(FigureSpec(panels: [panel]), format: .svg)
    }
}
