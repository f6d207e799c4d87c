import Foundation

/// A point in points, y growing downwards (Cairo's user space).
struct Point: Hashable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in points.
struct Rect: Hashable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func contains(_ p: Point) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }
}

/// An sRGB colour with alpha, components in 0…1.
struct Color: Hashable {
    var red: Double
    var green: Double
    var blue: Double
    var alpha: Double = 1

    /// From a 0xRRGGBB literal.
    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Linear interpolation in sRGB, t in 0…1.
    func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Relative luminance (WCAG), to pick black or white text on a cell.
    var luminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    static let white = Color(hex: 0xFFFFFF)
    static let black = Color(hex: 0x000000)
}

// MARK: - Clipping

/// Clipping of data geometry to a generous box around the plot before it reaches Cairo.
///
/// Cairo stores coordinates in 24.8 fixed point, so values far outside the surface (a 1e12
/// outlier on a fixed axis) would overflow. Geometry is clipped exactly rather than clamped, so
/// slopes entering the visible area stay right; Cairo's own clip then trims to the plot.
enum Clipper {
    /// Splits a polyline into the pieces inside `box` (Liang–Barsky per segment).
    static func clipPolyline(_ points: [Point], to box: Rect) -> [[Point]] {
        guard points.count > 1 else { return points.allSatisfy(box.contains) ? [points] : [] }
        var pieces: [[Point]] = []
        var current: [Point] = []
        for i in 1..<points.count {
            guard let (a, b) = clipSegment(points[i - 1], points[i], to: box) else {
                if current.count > 1 { pieces.append(current) }
                current = []
                continue
            }
            if let last = current.last, last == a {
                current.append(b)
            } else {
                if current.count > 1 { pieces.append(current) }
                current = [a, b]
            }
        }
        if current.count > 1 { pieces.append(current) }
        return pieces
    }

    /// Liang–Barsky line clipping; nil when the segment misses the box.
    static func clipSegment(_ a: Point, _ b: Point, to box: Rect) -> (Point, Point)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        let checks: [(Double, Double)] = [(-dx, a.x - box.minX), (dx, box.maxX - a.x),
                                          (-dy, a.y - box.minY), (dy, box.maxY - a.y)]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } } else { if r < t0 { return nil }; if r < t1 { t1 = r } }
            }
        }
        let start = t0 == 0 ? a : Point(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let end = t1 == 1 ? b : Point(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (start, end)
    }

    /// Sutherland–Hodgman clipping of a closed polygon to `box`.
    static func clipPolygon(_ polygon: [Point], to box: Rect) -> [Point] {
        if polygon.allSatisfy(box.contains) { return polygon }
        var output = polygon
        let edges: [(Point) -> Bool] = [{ $0.x >= box.minX }, { $0.x <= box.maxX }, { $0.y >= box.minY }, { $0.y <= box.maxY }]
        let intersect: [(Point, Point) -> Point] = [
            { a, b in lerpX(a, b, box.minX) }, { a, b in lerpX(a, b, box.maxX) },
            { a, b in lerpY(a, b, box.minY) }, { a, b in lerpY(a, b, box.maxY) },
        ]
        for e in 0..<4 {
            let input = output
            output = []
            guard let last = input.last else { break }
            var previous = last
            for p in input {
                if edges[e](p) {
                    if !edges[e](previous) { output.append(intersect[e](previous, p)) }
                    output.append(p)
                } else if edges[e](previous) {
                    output.append(intersect[e](previous, p))
                }
                previous = p
            }
        }
        return output
    }

    private static func lerpX(_ a: Point, _ b: Point, _ x: Double) -> Point {
        let t = b.x == a.x ? 0 : (x - a.x) / (b.x - a.x)
        return Point(x: x, y: a.y + t * (b.y - a.y))
    }

    private static func lerpY(_ a: Point, _ b: Point, _ y: Double) -> Point {
        let t = b.y == a.y ? 0 : (y - a.y) / (b.y - a.y)
        return Point(x: a.x + t * (b.x - a.x), y: y)
    }
}
