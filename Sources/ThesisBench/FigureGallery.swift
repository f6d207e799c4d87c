import Foundation
import ThesisData
import ThesisDocument
import ThesisFigures
import ThesisLinearAlgebra
import ThesisModels
/// One example of every chart type, with realistic (synthetic, deterministic) data: for
/// documentation, visual review and the test that renders them all.
public enum FigureGallery {
    /// Name (usable as a file name) and spec of each example.
    public static var examples: [(name: String, spec: FigureSpec)] {
        [
            ("irf-grid", FigureBenchmark.irfGridSpec()),
            ("time-series", timeSeries),
            ("small-multiples-shared-y", sharedY),
            ("grouped-bars", groupedBars),
            ("horizontal-bars", horizontalBars),
            ("log-scale", logScale),
            ("secondary-axis", secondaryAxis),
            ("scatter-fit", scatter),
            ("histogram", histogram),
            ("stacked-area-fevd", stackedArea),
            ("stacked-bars-fevd", stackedBars),
            ("heatmap-correlation", correlation),
            ("heatmap-missingness", missingness),
            ("heatmap-confusion", confusion),
            ("scree", scree),
        ]
    }

    // MARK: - Lines over time

    /// Monthly unemployment 2000–2023 with a gap in the data and a pandemic spike.
    static var timeSeries: FigureSpec {
        let months = (0..<288).map { 2000 + Double($0) / 12 }
        let rate: [Double?] = months.enumerated().map { i, t in
            if (150..<156).contains(i) { return nil }  // six months not published
            var u = 5.4 + 1.6 * sin(2 * .pi * (t - 2001.5) / 9) + 0.15 * sin(Double(i) * 1.7)
            if t >= 2020.25 { u += 9 * exp(-(t - 2020.25) * 3.2) }
            return u / 100
        }
        let natural: [Double?] = months.map { 0.052 - 0.006 * ($0 - 2000) / 24 }
        return FigureSpec(height: 230, panels: [FigurePanel(
            xAxis: FigureAxis(scale: .monthly),
            yAxis: FigureAxis(label: "Unemployment rate", format: .percent, minimum: 0),
            layers: [
                .line(LineSeries(name: "Unemployment rate (sa)", x: months, y: rate)),
                .line(LineSeries(name: "Natural rate (CBO)", x: months, y: natural, style: .dashed)),
            ])])
    }

    /// Quarterly forecasts for four countries on one y scale.
    static var sharedY: FigureSpec {
        let quarters = (0..<40).map { 2014 + Double($0) / 4 }
        let countries = ["Germany", "France", "Italy", "Spain"]
        let panels = countries.enumerated().map { k, name -> FigurePanel in
            let actual: [Double?] = quarters.enumerated().map { i, _ in
                i >= 32 ? nil : 1.2 + 0.4 * Double(k) * 0.5 + sin(Double(i) / 4 + Double(k)) - (i == 25 ? 6 : 0) + (i == 26 ? 4.5 : 0)
            }
            let forecast: [Double?] = quarters.indices.map { i in i < 31 ? nil : 1.0 + 0.2 * Double(k) + 0.05 * Double(i - 31) }
            let lower = forecast.enumerated().map { i, f in f.map { $0 - 0.3 - 0.08 * Double(i - 31) } }
            let upper = forecast.enumerated().map { i, f in f.map { $0 + 0.3 + 0.08 * Double(i - 31) } }
            return FigurePanel(title: name, xAxis: FigureAxis(scale: .quarterly),
                               yAxis: FigureAxis(label: "GDP growth, % y/y"),
                               layers: [.band(Band(name: "80% interval", x: quarters, lower: lower, upper: upper, color: 1)),
                                        .rule(Rule(y: 0)),
                                        .line(LineSeries(name: "Actual", x: quarters, y: actual, color: 0)),
                                        .line(LineSeries(name: "Forecast", x: quarters, y: forecast, style: .dashed, color: 1))])
        }
        return FigureSpec(height: 300, panels: panels, columns: 2, sharedYAxis: true)
    }

    // MARK: - Bars

    /// Forecast accuracy relative to an AR benchmark by model and horizon.
    static var groupedBars: FigureSpec {
        let horizons = ["h = 1", "h = 3", "h = 6", "h = 12", "h = 24"]
        let models: [(String, [Double?])] = [
            ("FAVAR", [0.94, 0.89, 0.86, 0.91, 0.97]),
            ("VAR(4)", [0.98, 0.95, 0.97, 1.02, 1.04]),
            ("MLP", [1.03, 0.93, 0.84, 0.88, nil]),
        ]
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Forecast horizon (months)", categories: horizons),
            yAxis: FigureAxis(label: "RMSE relative to AR(1)"),
            layers: models.map { .bars(BarSeries(name: $0.0, values: $0.1)) } + [.rule(Rule(y: 1, style: .dashed))])])
    }

    /// Relative RMSE of five models at two horizons, read against the benchmark's 1.
    static var horizontalBars: FigureSpec {
        let models = ["AR(12)", "Random walk", "Diffusion index", "FAVAR", "LSTM"]
        let h1: [Double?] = [1, 1.31, 0.93, 0.95, 1.04], h12: [Double?] = [1, 1.12, 0.97, 0.99, 1.08]
        return FigureSpec(height: 230, panels: [FigurePanel(
            xAxis: FigureAxis(label: "RMSE relative to AR(12)", minimum: 0), yAxis: FigureAxis(categories: models),
            layers: [.bars(BarSeries(name: "h = 1", values: h1)), .bars(BarSeries(name: "h = 12", values: h12)),
                     .rule(Rule(x: 1, style: .dashed))],
            barOrientation: .horizontal)], legend: .bottom)
    }

    /// A price index growing by two orders of magnitude, on a log axis.
    static var logScale: FigureSpec {
        let months = (0..<720).map { 1960 + Double($0) / 12 }
        let m2: [Double?] = months.map { 300 * exp(0.068 * ($0 - 1960)) * (1 + 0.02 * sin($0 * 1.3)) }
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: "Billions of dollars", scale: .log),
            layers: [.line(LineSeries(name: "M2 money stock", x: months, y: m2))])], legend: .none)
    }

    /// Output growth (left) and a price level (right) on axes of their own.
    static var secondaryAxis: FigureSpec {
        let months = (0..<240).map { 2000 + Double($0) / 12 }
        let growth: [Double?] = months.map { 2 + 1.2 * sin(($0 - 2000) * 1.1) }
        let prices: [Double?] = months.map { 100 * exp(0.022 * ($0 - 2000)) }
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(scale: .monthly), yAxis: FigureAxis(label: "Output growth (percent)"),
            layers: [.line(LineSeries(name: "Output growth", x: months, y: growth)),
                     .line(LineSeries(name: "Price level", x: months, y: prices, axis: .secondary))],
            secondaryYAxis: FigureAxis(label: "Index, 2000 = 100"))])
    }

    /// Forecast-error variance decomposition of output at four horizons.
    static var stackedBars: FigureSpec {
        let shocks = fevdShocks
        let horizons = [1, 6, 12, 24, 48]
        let layers = shocks.indices.map { s in
            FigureLayer.bars(BarSeries(name: shocks[s], values: horizons.map { fevdShare(shock: s, horizon: Double($0)) }))
        }
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Horizon (months)", categories: horizons.map(String.init)),
            yAxis: FigureAxis(label: "Share of forecast-error variance", format: .percent, minimum: 0, maximum: 1),
            layers: layers, barMode: .stacked)], legend: .right)
    }

    // MARK: - Distributions and relations

    /// A Phillips curve: inflation against the unemployment gap with a least-squares line.
    static var scatter: FigureSpec {
        var rng = SplitMix64(seed: 42)
        let gap = (0..<140).map { _ in rng.normal() * 1.4 }
        let inflation: [Double?] = gap.map { 2.1 - 0.45 * $0 + rng.normal() * 0.6 }
        return FigureSpec(height: 250, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Unemployment gap (pp)"), yAxis: FigureAxis(label: "Core inflation (%)"),
            layers: [.scatter(ScatterSeries(name: "Quarters 1985–2019", x: gap, y: inflation, fit: true))])])
    }

    /// Out-of-sample forecast errors of two models.
    static var histogram: FigureSpec {
        var rng = SplitMix64(seed: 7)
        let favar: [Double?] = (0..<400).map { _ in rng.normal() * 0.8 }
        let ar: [Double?] = (0..<400).map { _ in 0.3 + rng.normal() * 1.1 }
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Forecast error (pp)"), yAxis: FigureAxis(label: "Density"),
            layers: [.histogram(Histogram(name: "AR(1)", values: ar, density: true, color: 1)),
                     .histogram(Histogram(name: "FAVAR", values: favar, density: true, color: 0)),
                     .rule(Rule(y: 0))])])
    }

    /// Variance decomposition shares over horizons, stacked to one.
    static var stackedArea: FigureSpec {
        let x = (0..<48).map(Double.init)
        let layers = fevdShocks.indices.map { s in
            FigureLayer.area(AreaSeries(name: fevdShocks[s], x: x, y: x.map { fevdShare(shock: s, horizon: $0 + 1) }))
        }
        return FigureSpec(height: 230, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Horizon (months)"),
            yAxis: FigureAxis(label: "Share of forecast-error variance", format: .percent, minimum: 0, maximum: 1),
            layers: layers)], legend: .right)
    }

    static let fevdShocks = ["Monetary policy", "Supply", "Demand", "Financial", "Other"]

    /// Shares that sum to one over shocks at every horizon (a softmax of smooth paths).
    static func fevdShare(shock s: Int, horizon h: Double) -> Double {
        func weight(_ k: Int) -> Double {
            let paths: [Double] = [0.2 + 1.2 * (1 - exp(-h / 10)), 1.4 * exp(-h / 18), 1.0, 0.6 * (1 - exp(-h / 6)), -0.2]
            return exp(paths[k])
        }
        let total = fevdShocks.indices.reduce(0) { $0 + weight($1) }
        return weight(s) / total
    }

    // MARK: - Heatmaps

    /// Correlations of six macroeconomic series.
    static var correlation: FigureSpec {
        let names = ["Industrial production", "Employment", "CPI inflation", "Fed funds", "10y Treasury", "S&P 500"]
        let r: [[Double?]] = [
            [1.00, 0.78, 0.12, 0.25, 0.08, 0.31],
            [0.78, 1.00, 0.18, 0.34, 0.11, 0.22],
            [0.12, 0.18, 1.00, 0.56, 0.41, -0.21],
            [0.25, 0.34, 0.56, 1.00, 0.83, -0.09],
            [0.08, 0.11, 0.41, 0.83, 1.00, -0.14],
            [0.31, 0.22, -0.21, -0.09, -0.14, 1.00],
        ]
        return FigureSpec(width: 340, height: 280, panels: [FigurePanel(title: "Correlation, 1960–2023", layers: [
            .heatmap(Heatmap(rows: names, columns: names, values: r, scale: .diverging, minimum: -1, maximum: 1,
                             showValues: true, colorBarLabel: "Pearson ρ")),
        ])])
    }

    /// The share of missing months per series and year (FRED-MD style).
    static var missingness: FigureSpec {
        let series = ["RPI", "INDPRO", "CLAIMSx", "AMDMNOx", "ACOGNO", "ANDENOx", "TWEXAFEGSMTHx", "UMCSENTx", "VIXCLSx"]
        let years = Array(1990...2023)
        let values: [[Double?]] = series.indices.map { s in
            years.map { y -> Double? in
                switch (series[s], y) {
                case ("ACOGNO", ..<1992), ("ANDENOx", ..<1993), ("TWEXAFEGSMTHx", ..<1995): return 1
                case ("ANDENOx", 1993): return 0.25
                case ("VIXCLSx", 2023), ("UMCSENTx", 2023): return 0.5
                case ("CLAIMSx", 2023): return 1.0 / 12
                default: return 0
                }
            }
        }
        return FigureSpec(height: 220, panels: [FigurePanel(
            xAxis: FigureAxis(label: "Year"),
            layers: [.heatmap(Heatmap(rows: series, columns: years.map(String.init), values: values, scale: .sequential,
                                      minimum: 0, maximum: 1, colorBarLabel: "Share missing"))])])
    }

    /// A recession classifier's confusion matrix.
    static var confusion: FigureSpec {
        let classes = ["Expansion", "Slowdown", "Recession"]
        let counts: [[Double?]] = [[412, 31, 4], [27, 88, 12], [3, 9, 61]]
        return FigureSpec(width: 300, height: 240, panels: [FigurePanel(
            title: "MLP classifier, test sample",
            xAxis: FigureAxis(label: "Predicted"), yAxis: FigureAxis(label: "Actual"),
            layers: [.heatmap(Heatmap(rows: classes, columns: classes, values: counts, scale: .sequential,
                                      showValues: true, valueFormat: ",d", colorBarLabel: "Months"))])])
    }

    // MARK: - Factors

    /// Variance explained by the first twelve principal components of a macro panel.
    static var scree: FigureSpec {
        let eigenvalues = [14.2, 7.9, 5.1, 3.6, 2.9, 2.2, 1.9, 1.5, 1.3, 1.1, 0.9, 0.8]
        let total = 60.0
        return FigureSpec(height: 220, panels: [FigurePanel.scree(shares: eigenvalues.map { $0 / total })])
    }
}

/// A small deterministic generator (SplitMix64, Steele, Lea and Flood 2014) so the gallery's
/// "random" data are the same everywhere.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double { sqrt(-2 * log(uniform())) * cos(2 * .pi * uniform()) }
}
