import Foundation
import ThesisDocument

/// The thesis style: sizes in points for a figure at LaTeX text width (453.6 pt, printed at
/// 1:1), so tick labels read at 8.5 pt and axis labels at 9.5 pt next to 11 pt body text, the
/// sizes journals ask for (no text in a printed figure below about 8 pt).
enum Theme {
    static let fontFamily = "DejaVu Sans"

    // Text sizes.
    static let titleSize = 10.5
    static let panelTitleSize = 9.5
    /// Long panel titles in small multiples may shrink to this size before they are shortened.
    static let minimumPanelTitleSize = 8.0
    static let labelSize = 9.5
    static let tickSize = 8.5
    static let legendSize = 8.5
    static let cellLabelSize = 7.5
    static let noteSize = 8.5

    // Colours.
    static let text = Color(hex: 0x222222)
    static let tickText = Color(hex: 0x444444)
    static let axis = Color(hex: 0x555555)
    static let grid = Color(hex: 0xE4E4E4)
    static let rule = Color(hex: 0x555555)
    static let missingCell = Color(hex: 0xD4D4D4)
    static let legendFrame = Color(hex: 0xCCCCCC)
    static let background = Color.white

    // Lines.
    static let axisWidth = 0.6
    static let gridWidth = 0.5
    static let tickLength = 3.0
    static let lineWidth = 1.35
    static let smallLineWidth = 1.1
    static let ruleWidth = 0.7
    static let bandAlpha = 0.22
    static let areaAlpha = 0.85
    static let histogramAlpha = 0.75
    static let markerRadius = 1.9

    // Spacing.
    static let outerPadding = 5.0
    static let tickLabelGap = 2.5
    static let axisLabelGap = 3.0
    static let panelTitleGap = 3.5
    static let panelHGap = 12.0
    static let panelVGap = 8.0
    static let legendPadding = 4.0
    static let legendSwatch = 14.0

    /// Dash pattern for a line style, scaled to the line width.
    static func dash(_ style: LineStyle, width: Double) -> [Double] {
        switch style {
        case .solid: return []
        case .dashed: return [4 * max(1, width), 2.2 * max(1, width)]
        case .dotted: return [1 * max(1, width), 1.8 * max(1, width)]
        }
    }
}
