import Foundation
import ThesisDocument

/// Small specs shared by the tests.
enum TestSpecs {
    static let horizons = (0..<24).map(Double.init)

    /// An impulse response with a band and a zero line.
    static func impulseResponse(title: String? = "Output", width: Double = 240, height: Double = 160) -> FigureSpec {
        let y = horizons.map { 0.8 * exp(-0.12 * $0) * cos(0.35 * $0) }
        let w = horizons.map { 0.1 + 0.012 * $0 }
        return FigureSpec(width: width, height: height, title: title, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Months"), yAxis: FigureAxis(label: "Percent"),
            layers: [.band(Band(name: "68% band", x: horizons, lower: zip(y, w).map { $0 - $1 }, upper: zip(y, w).map { $0 + $1 })),
                     .rule(Rule(y: 0)),
                     .line(LineSeries(name: "Response", x: horizons, y: y))])])
    }

    /// One panel holding one line.
    static func line(_ y: [Double?], x: [Double]? = nil, name: String = "series", title: String? = nil) -> FigureSpec {
        FigureSpec(width: 240, height: 160, panels: [FigurePanel(
            title: title, layers: [.line(LineSeries(name: name, x: x ?? y.indices.map(Double.init), y: y))])])
    }

    /// The same spec without any layers (to see whether data was drawn at all).
    static func withoutLayers(_ spec: FigureSpec) -> FigureSpec {
        var copy = spec
        for i in copy.panels.indices { copy.panels[i].layers = [] }
        return copy
    }

    /// One small example of every layer kind, for the JSON golden.
    static let everyLayer: FigureSpec = {
        let x: [Double] = [2000, 2000 + 1.0 / 12, 2000 + 2.0 / 12, 2000 + 3.0 / 12]
        return FigureSpec(width: 300, height: 200, title: "Every layer", panels: [
            FigurePanel(title: "Lines", xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: "Rate", format: .percent),
                        layers: [.band(Band(name: "band", x: x, lower: [0.01, 0.02, nil, 0.01], upper: [0.03, 0.04, nil, 0.05])),
                                 .line(LineSeries(name: "line", x: x, y: [0.02, 0.03, nil, 0.03], style: .dashed, color: 2, markers: true)),
                                 .rule(Rule(y: 0, style: .dotted))]),
            FigurePanel(title: "Bars", xAxis: FigureAxis(categories: ["A", "B"]),
                        layers: [.bars(BarSeries(name: "first", values: [1, 2])), .bars(BarSeries(name: "second", values: [2, nil]))],
                        barMode: .stacked),
            FigurePanel(title: "Scatter", layers: [.scatter(ScatterSeries(name: "points", x: [1, 2, 3], y: [2, 4, 5], fit: true))]),
            FigurePanel(title: "Histogram", yAxis: FigureAxis(format: .thousands),
                        layers: [.histogram(Histogram(name: "draws", values: [1, 2, 2, 3, nil], bins: 3, density: true))]),
            FigurePanel(title: "Areas", layers: [.area(AreaSeries(name: "a", x: [0, 1], y: [0.4, 0.5])),
                                                 .area(AreaSeries(name: "b", x: [0, 1], y: [0.6, 0.5]))]),
            FigurePanel(title: "Heatmap", layers: [.heatmap(Heatmap(rows: ["r1", "r2"], columns: ["c1", "c2"],
                                                                    values: [[1, -0.5], [nil, 1]], scale: .diverging,
                                                                    minimum: -1, maximum: 1, showValues: true,
                                                                    valueFormat: ".1f", colorBarLabel: "ρ"))]),
        ], columns: 3, sharedYAxis: false, legend: .bottom)
    }()
}
