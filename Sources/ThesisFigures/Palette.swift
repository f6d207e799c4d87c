import Foundation

/// Colours: the Okabe–Ito palette for series and perceptual maps for heatmaps.
///
/// Okabe, M. and Ito, K. (2008), *Color Universal Design (CUD): How to make figures and
/// presentations that are friendly to colorblind people*. The order puts the strongest
/// contrasts first; yellow, weak on white paper, comes last.
enum Palette {
    /// Series colours by index (`LineSeries.color` and friends index into this, modulo its size):
    /// 0 blue, 1 vermillion, 2 bluish green, 3 orange, 4 sky blue, 5 reddish purple, 6 black, 7 yellow.
    static let series: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xD55E00), Color(hex: 0x009E73), Color(hex: 0xE69F00),
        Color(hex: 0x56B4E9), Color(hex: 0xCC79A7), Color(hex: 0x000000), Color(hex: 0xF0E442),
    ]

    /// The series colour for a palette index (negative indices wrap too).
    static func color(_ index: Int) -> Color {
        let n = series.count
        return series[((index % n) + n) % n]
    }

    /// Viridis (van der Walt and Smith, matplotlib), nine evenly spaced samples; perceptually
    /// uniform and readable in grey and by colour-blind readers.
    static let viridis: [Color] = [
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C, 0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
    ].map { Color(hex: $0) }

    /// ColorBrewer RdBu (11 classes), reversed: negative values blue, positive red.
    static let blueWhiteRed: [Color] = [
        0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
    ].map { Color(hex: $0) }

    /// The colour at `t` in 0…1 along a map given by evenly spaced stops.
    static func interpolate(_ stops: [Color], _ t: Double) -> Color {
        guard let first = stops.first, let last = stops.last else { return .black }
        guard t.isFinite else { return first }
        let clamped = min(1, max(0, t))
        let position = clamped * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position.rounded(.down)))
        guard index >= 0 else { return last }
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }
}
