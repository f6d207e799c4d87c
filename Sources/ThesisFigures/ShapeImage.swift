import CCairo
import Foundation

/// Small pictures of shapes for the example thesis's image classifier: a light circle, square or
/// triangle on a dark background with speckle, drawn by Cairo with antialiasing and written as
/// PNG. Every parameter is given, so the same parameters give the same bytes.
public enum ShapeImage {
    public enum Shape: String, CaseIterable, Sendable {
        case circle, square, triangle
    }

    /// The PNG of `shape` on a `size × size` canvas: centred at (`x`, `y`) pixels with
    /// circumradius `radius`, turned by `angle` radians, drawn at grey level `ink` (0…1);
    /// `speckle` (size × size values in −1…1, row-major) times `noise` is added to every pixel.
    public static func png(
        _ shape: Shape, size: Int, x: Double, y: Double, radius: Double, angle: Double, ink: Double,
        speckle: [Double], noise: Double
    ) throws -> Data {
        precondition(speckle.count == size * size, "one speckle value per pixel")
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size), Int32(size)) else {
            throw FigureError("cairo: cannot create a \(size) × \(size) image")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 0.08, 0.08, 0.08)
        cairo_paint(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        switch shape {
        case .circle:
            cairo_arc(cr, 0, 0, radius, 0, 2 * Double.pi)
        case .square:
            let half = radius / 2.0.squareRoot()
            cairo_rectangle(cr, -half, -half, 2 * half, 2 * half)
        case .triangle:
            for k in 0..<3 {
                let a = Double(k) * 2 * Double.pi / 3 - Double.pi / 2
                if k == 0 { cairo_move_to(cr, radius * cos(a), radius * sin(a)) } else {
                    cairo_line_to(cr, radius * cos(a), radius * sin(a))
                }
            }
            cairo_close_path(cr)
        }
        cairo_set_source_rgb(cr, ink, ink, ink)
        cairo_fill(cr)
        cairo_surface_flush(surface)
        // Speckle on every pixel (RGB24 is one 32-bit word per pixel: x, R, G, B).
        if let base = cairo_image_surface_get_data(surface) {
            let stride = Int(cairo_image_surface_get_stride(surface))
            for row in 0..<size {
                let words = UnsafeMutableRawPointer(base + row * stride).assumingMemoryBound(to: UInt32.self)
                for column in 0..<size {
                    let grey = Double(words[column] & 0xFF) + 255 * noise * speckle[row * size + column]
                    let level = UInt32(min(255, max(0, grey.rounded())))
                    words[column] = (level << 16) | (level << 8) | level
                }
            }
            cairo_surface_mark_dirty(surface)
        }
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, bytes, length in
                guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue()
                if let bytes, length > 0 { sink.data.append(bytes, count: Int(length)) }
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw FigureError("cairo: writing PNG failed: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    private final class PNGSink {
        var data = Data()
    }
}
