import Foundation

extension DecodedImage {
    /// The image with `channels` channels (1 or 3): grey to RGB repeats the grey value; RGB to
    /// grey is ITU-R 601-2 luma in PIL's integer form, `(19595 R + 38470 G + 7471 B + 2^15) >> 16`,
    /// so it matches `Image.convert("L")` bit for bit.
    public func converted(to channels: Int) -> DecodedImage {
        precondition(channels == 1 || channels == 3, "images have 1 or 3 channels")
        guard channels != self.channels else { return self }
        let count = width * height
        var out = [UInt8](repeating: 0, count: count * channels)
        if channels == 3 {
            for p in 0..<count {
                let v = pixels[p]
                out[3 * p] = v
                out[3 * p + 1] = v
                out[3 * p + 2] = v
            }
        } else {
            for p in 0..<count {
                let r = UInt32(pixels[3 * p]), g = UInt32(pixels[3 * p + 1]), b = UInt32(pixels[3 * p + 2])
                out[p] = UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
            }
        }
        return DecodedImage(width: width, height: height, channels: channels, pixels: out)
    }

    /// The image as floats in [0, 1], channel-major (CHW, as a convolution reads it), resized to
    /// `width × height` by bilinear interpolation with half-pixel centres and edges clamped
    /// (PyTorch's `interpolate(mode="bilinear", align_corners=False, antialias=False)`); the
    /// same size is the pixels divided by 255.
    public func tensor(width outWidth: Int, height outHeight: Int) -> [Float] {
        precondition(outWidth > 0 && outHeight > 0, "a size is positive")
        var out = [Float](repeating: 0, count: channels * outWidth * outHeight)
        if outWidth == width && outHeight == height {
            for p in 0..<(width * height) {
                for c in 0..<channels { out[c * width * height + p] = Float(pixels[p * channels + c]) / 255 }
            }
            return out
        }
        /// Source index pairs and weights along one axis.
        func axis(_ outCount: Int, _ inCount: Int) -> [(Int, Int, Float)] {
            let ratio = Double(inCount) / Double(outCount)
            return (0..<outCount).map { o in
                let source = max(0, (Double(o) + 0.5) * ratio - 0.5)
                let low = min(Int(source), inCount - 1)
                let high = min(low + 1, inCount - 1)
                return (low, high, Float(source - Double(low)))
            }
        }
        let xs = axis(outWidth, width), ys = axis(outHeight, height)
        for c in 0..<channels {
            let plane = c * outWidth * outHeight
            for (oy, (y0, y1, wy)) in ys.enumerated() {
                for (ox, (x0, x1, wx)) in xs.enumerated() {
                    func value(_ y: Int, _ x: Int) -> Float { Float(pixels[(y * width + x) * channels + c]) }
                    let top = value(y0, x0) + (value(y0, x1) - value(y0, x0)) * wx
                    let bottom = value(y1, x0) + (value(y1, x1) - value(y1, x0)) * wx
                    out[plane + oy * outWidth + ox] = (top + (bottom - top) * wy) / 255
                }
            }
        }
        return out
    }
}
