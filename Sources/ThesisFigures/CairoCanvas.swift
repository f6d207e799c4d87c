import CCairo
import Foundation

/// Collects the bytes Cairo writes to a stream.
private final class ByteSink {
    var data = Data()
}

/// The C callback for `cairo_*_for_stream` and `cairo_surface_write_to_png_stream`.
private func appendToSink(_ closure: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<UInt8>?,
                          _ length: UInt32) -> cairo_status_t {
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let bytes, length > 0 { sink.data.append(bytes, count: Int(length)) }
    return CAIRO_STATUS_SUCCESS
}

/// Horizontal text anchor.
enum TextAlign { case left, center, right }
/// Vertical text anchor: `top`/`bottom` use the font's ascent and descent, so labels of one size
/// line up whatever their glyphs.
enum TextBaseline { case top, middle, baseline, bottom }

/// Font metrics of one size, in points.
struct FontMetrics { var ascent: Double; var descent: Double; var height: Double { ascent + descent } }

/// A drawing surface in points, backed by Cairo and writing to memory.
///
/// The only type that calls Cairo. One canvas per render, never shared between threads, so
/// renders on different threads are independent. Text is measured with hinting and metric
/// rounding switched off, so the layout is the same in every format.
final class CairoCanvas {
    let format: FigureFormat
    let width: Double
    let height: Double
    private let sink = ByteSink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private var finished = false
    private var currentFont: (size: Double, bold: Bool) = (0, false)

    /// Fixed PDF dates, so identical specs give identical bytes.
    static let pdfDate = "2000-01-01T00:00:00Z"
    /// PNGs are drawn at twice the point size for sharp HTML.
    static let pngScale = 2.0

    init(format: FigureFormat, width: Double, height: Double, title: String?) throws {
        self.format = format
        self.width = width
        self.height = height
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let created: OpaquePointer?
        switch format {
        case .png:
            let pixelWidth = Int32((width * Self.pngScale).rounded(.up))
            let pixelHeight = Int32((height * Self.pngScale).rounded(.up))
            created = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight)
            if let created { cairo_surface_set_device_scale(created, Self.pngScale, Self.pngScale) }
        case .pdf:
            created = cairo_pdf_surface_create_for_stream(appendToSink, closure, width, height)
            if let created {
                cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_CREATE_DATE, Self.pdfDate)
                cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_MOD_DATE, Self.pdfDate)
                cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_CREATOR, "thesis")
                if let title { cairo_pdf_surface_set_metadata(created, CAIRO_PDF_METADATA_TITLE, title) }
            }
        case .svg:
            created = cairo_svg_surface_create_for_stream(appendToSink, closure, width, height)
        }
        guard let surface = created, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = created.map { String(cString: cairo_status_to_string(cairo_surface_status($0))) } ?? "no surface"
            if let created { cairo_surface_destroy(created) }
            throw FigureError("cairo: cannot create a \(format.rawValue) surface of \(width)×\(height) pt: \(reason)")
        }
        self.surface = surface
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw FigureError("cairo: cannot create a drawing context")
        }
        cr = context

        // Identical glyph metrics in every format: no hinting, no rounding of metrics.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
        }
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        setFont(size: 8, bold: false)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    // MARK: - State

    func save() { cairo_save(cr) }
    func restore() {
        cairo_restore(cr)
        currentFont = (0, false)  // the restored state may have another font
    }

    func clip(to rect: Rect) {
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    func setColor(_ color: Color, alpha: Double = 1) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha * color.alpha)
    }

    func setLine(width: Double, dash: [Double] = [], cap: LineCap = .butt) {
        cairo_set_line_width(cr, width)
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        cairo_set_line_cap(cr, cap == .round ? CAIRO_LINE_CAP_ROUND : cap == .square ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT)
    }

    enum LineCap { case butt, round, square }

    // MARK: - Paths

    func move(to p: Point) { cairo_move_to(cr, p.x, p.y) }
    func line(to p: Point) { cairo_line_to(cr, p.x, p.y) }
    func closePath() { cairo_close_path(cr) }
    func rectangle(_ r: Rect) { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
    func circle(center: Point, radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
    }

    /// A polyline as one path (not stroked yet).
    func polyline(_ points: [Point]) {
        guard let first = points.first else { return }
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
    }

    func stroke() { cairo_stroke(cr) }
    func fill() { cairo_fill(cr) }
    func fillPreserve() { cairo_fill_preserve(cr) }

    /// A straight line, stroked.
    func strokeLine(from a: Point, to b: Point) {
        cairo_move_to(cr, a.x, a.y)
        cairo_line_to(cr, b.x, b.y)
        cairo_stroke(cr)
    }

    /// Paints `width × height` grey bytes (row-major, top row first) into `rect`, each pixel a
    /// sharp square (nearest-neighbour); vector outputs embed the picture as an image.
    func drawGreyPixels(_ bytes: [UInt8], width: Int, height: Int, in rect: Rect) {
        guard width > 0, height > 0, bytes.count == width * height,
              let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        if let data = cairo_image_surface_get_data(image) {
            for y in 0..<height {
                let row = (data + y * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
                for x in 0..<width {
                    let v = UInt32(bytes[y * width + x])
                    row[x] = (v << 16) | (v << 8) | v
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(width), Double(height))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    func fillRect(_ r: Rect, color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        rectangle(r)
        fill()
    }

    /// Fills `rect` with a vertical gradient through evenly spaced `stops`, the first at the bottom.
    func fillVerticalGradient(_ rect: Rect, stops: [Color]) {
        guard stops.count > 1, let pattern = cairo_pattern_create_linear(0, rect.maxY, 0, rect.minY) else { return }
        for (i, c) in stops.enumerated() {
            cairo_pattern_add_color_stop_rgb(pattern, Double(i) / Double(stops.count - 1), c.red, c.green, c.blue)
        }
        cairo_set_source(cr, pattern)
        rectangle(rect)
        cairo_fill(cr)
        cairo_pattern_destroy(pattern)
    }

    // MARK: - Text

    func setFont(size: Double, bold: Bool) {
        guard currentFont.size != size || currentFont.bold != bold else { return }
        cairo_select_font_face(cr, Theme.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        currentFont = (size, bold)
    }

    func fontMetrics(size: Double, bold: Bool = false) -> FontMetrics {
        setFont(size: size, bold: bold)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        return FontMetrics(ascent: extents.ascent, descent: extents.descent)
    }

    /// The advance width of `text` in points.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        guard !text.isEmpty else { return 0 }
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` anchored at `point`, rotated by `angle` radians (counter-clockwise positive
    /// on the page) around that anchor.
    func drawText(_ text: String, at point: Point, size: Double, bold: Bool = false, color: Color,
                  align: TextAlign = .left, baseline: TextBaseline = .baseline, angle: Double = 0) {
        guard !text.isEmpty else { return }
        let metrics = fontMetrics(size: size, bold: bold)
        let width = textWidth(text, size: size, bold: bold)
        let dx: Double = align == .left ? 0 : align == .center ? -width / 2 : -width
        let dy: Double
        switch baseline {
        case .top: dy = metrics.ascent
        case .middle: dy = (metrics.ascent - metrics.descent) / 2
        case .baseline: dy = 0
        case .bottom: dy = -metrics.descent
        }
        setColor(color)
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if angle != 0 { cairo_rotate(cr, -angle) }
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    // MARK: - Output

    /// Finishes the surface and returns the encoded file.
    func finish() throws -> Data {
        guard !finished else { return sink.data }
        finished = true
        let drawStatus = cairo_status(cr)
        guard drawStatus == CAIRO_STATUS_SUCCESS else {
            throw FigureError("cairo: drawing failed: \(String(cString: cairo_status_to_string(drawStatus)))")
        }
        switch format {
        case .png:
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(surface, appendToSink, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else {
                throw FigureError("cairo: writing PNG failed: \(String(cString: cairo_status_to_string(status)))")
            }
        case .pdf, .svg:
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw FigureError("cairo: writing \(format.rawValue) failed: \(String(cString: cairo_status_to_string(status)))")
            }
        }
        return format == .svg ? SVGNormalizer.normalize(sink.data) : sink.data
    }
}

// MARK: - Reading PNGs back (tests)

/// Feeds bytes to `cairo_image_surface_create_from_png_stream`.
private final class ByteSource {
    let data: Data
    var offset = 0
    init(_ data: Data) { self.data = data }
}

private func readFromSource(_ closure: UnsafeMutableRawPointer?, _ bytes: UnsafeMutablePointer<UInt8>?,
                            _ length: UInt32) -> cairo_status_t {
    guard let closure, let bytes else { return CAIRO_STATUS_READ_ERROR }
    let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
    let count = Int(length)
    guard source.offset + count <= source.data.count else { return CAIRO_STATUS_READ_ERROR }
    source.data.copyBytes(to: bytes, from: source.offset..<(source.offset + count))
    source.offset += count
    return CAIRO_STATUS_SUCCESS
}

extension CairoCanvas {
    /// Decodes a PNG and counts the pixels that are not the white background, so tests can
    /// check that a figure is not blank. Nil when the bytes are not a PNG.
    static func inspectPNG(_ png: Data) -> (width: Int, height: Int, inked: Int)? {
        let source = ByteSource(png)
        guard let surface = cairo_image_surface_create_from_png_stream(readFromSource, Unmanaged.passUnretained(source).toOpaque())
        else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let pixels = cairo_image_surface_get_data(surface) else { return nil }
        var inked = 0
        for row in 0..<height {
            let line = UnsafeRawPointer(pixels + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width where line[column] & 0x00FF_FFFF != 0x00FF_FFFF { inked += 1 }
        }
        return (width, height, inked)
    }
}

// MARK: - Font coverage

extension CairoCanvas {
    /// The characters of `text` that the figure font has no glyph for (they would print as
    /// boxes), in order of first appearance.
    static func missingCharacters(in text: String) -> [Character] {
        guard !text.isEmpty, let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1) else { return [] }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return [] }
        defer { cairo_destroy(cr) }
        cairo_select_font_face(cr, Theme.fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 10)
        guard let font = cairo_get_scaled_font(cr) else { return [] }
        var missing: [Character] = []
        var seen = Set<Character>()
        for character in text where !seen.contains(character) && !character.isWhitespace {
            seen.insert(character)
            var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
            var count: Int32 = 0
            let status = String(character).withCString { utf8 in
                cairo_scaled_font_text_to_glyphs(font, 0, 0, utf8, -1, &glyphs, &count, nil, nil, nil)
            }
            defer { if let glyphs { cairo_glyph_free(glyphs) } }
            guard status == CAIRO_STATUS_SUCCESS, let glyphs else { continue }
            if (0..<Int(count)).contains(where: { glyphs[$0].index == 0 }) { missing.append(character) }
        }
        return missing
    }
}
