import Foundation

extension Neural {
    /// A pipeline of random image changes applied to each training batch, as Kornia's
    /// `AugmentationSequential` does: written `"flip:0.5, rotate:15, crop:0.9"`, drawn from the
    /// training seed (stream 4) so the same seed gives the same images, epoch by epoch.
    ///
    /// Geometric steps (flips, rotation, translation, scaling, shear, resized crop) compose, in
    /// the order written, into one affine map per image, sampled bilinearly with zeros outside the
    /// image; the photometric steps then follow in the order written. Values stay in [0, 1].
    public struct Augmentation: Codable, Hashable, Sendable, CustomStringConvertible {
        /// One change and how strong it may be.
        public enum Step: Codable, Hashable, Sendable {
            /// Mirror left–right with this probability.
            case horizontalFlip(Double)
            /// Mirror top–bottom with this probability.
            case verticalFlip(Double)
            /// Turn by an angle drawn uniformly from ±degrees about the centre.
            case rotate(Double)
            /// Shift by up to this share of the width and of the height, each uniformly.
            case translate(Double)
            /// Zoom by a factor drawn uniformly from [1 − s, 1 + s].
            case scale(Double)
            /// Shear horizontally by an angle drawn uniformly from ±degrees.
            case shear(Double)
            /// Cut a box of area share in [s, 1] and aspect ratio in [3/4, 4/3] (log-uniform) at a
            /// uniform place, and resize it to the whole image (torchvision's RandomResizedCrop).
            case crop(Double)
            /// Add a brightness offset drawn uniformly from ±b.
            case brightness(Double)
            /// Scale the deviations from the image's mean by a factor drawn from [1 − c, 1 + c].
            case contrast(Double)
            /// Raise to a power drawn uniformly from [1 − g, 1 + g].
            case gamma(Double)
            /// Add Gaussian noise of this standard deviation to every value.
            case noise(Double)
            /// Blur with a Gaussian of standard deviation drawn from [0.1, σ] (kernel ±⌈3σ⌉, edges mirrored).
            case blur(Double)
            /// Set a square of this share of the shorter side, at a uniform centre, to zero (DeVries & Taylor 2017).
            case cutout(Double)

            var isGeometric: Bool {
                switch self {
                case .horizontalFlip, .verticalFlip, .rotate, .translate, .scale, .shear, .crop: return true
                default: return false
                }
            }
        }

        /// A step with the probability that it applies to an image.
        public struct Entry: Codable, Hashable, Sendable {
            public var step: Step
            public var probability: Double
        }

        public var entries: [Entry]

        public init(_ entries: [Entry]) { self.entries = entries }

        /// The names `parse` reads, with what their value means.
        public static let grammar =
            "NAME:VALUE[@PROBABILITY] separated by commas, NAME one of flip (probability), vflip (probability), rotate (degrees), "
            + "translate (share of the size), scale (share), shear (degrees), crop (smallest area share), brightness, contrast, "
            + "gamma, noise (standard deviation), blur (largest sigma in pixels), cutout (share of the side)"

        /// Parses `"flip:0.5, rotate:15@0.8, crop:0.9"`.
        /// - Throws: `NeuralError` naming the bad entry and what would be valid.
        public static func parse(_ text: String) throws -> Augmentation {
            var entries: [Entry] = []
            for raw in text.split(separator: ",") {
                let item = raw.trimmingCharacters(in: .whitespaces)
                guard !item.isEmpty else { continue }
                let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { throw NeuralError("'\(item)' is not \(grammar)") }
                var valueText = parts[1], probability = 1.0
                if let at = valueText.firstIndex(of: "@") {
                    guard let p = Double(valueText[valueText.index(after: at)...]), p > 0, p <= 1 else {
                        throw NeuralError("'\(item)': the probability after @ must be in (0, 1]")
                    }
                    probability = p
                    valueText = String(valueText[..<at])
                }
                guard let value = Double(valueText), value.isFinite else {
                    throw NeuralError("'\(item)': '\(valueText)' is not a number")
                }
                func within(_ range: ClosedRange<Double>, _ what: String) throws -> Double {
                    guard range.contains(value) else {
                        throw NeuralError("'\(item)': \(what) must be in \(range.lowerBound)...\(range.upperBound)")
                    }
                    return value
                }
                let step: Step
                switch parts[0].lowercased() {
                case "flip", "hflip": step = .horizontalFlip(try within(0...1, "the probability"))
                case "vflip": step = .verticalFlip(try within(0...1, "the probability"))
                case "rotate": step = .rotate(try within(0...180, "the angle"))
                case "translate": step = .translate(try within(0...0.5, "the share"))
                case "scale": step = .scale(try within(0...0.9, "the share"))
                case "shear": step = .shear(try within(0...45, "the angle"))
                case "crop": step = .crop(try within(0.05...1, "the smallest area share"))
                case "brightness": step = .brightness(try within(0...1, "the offset"))
                case "contrast": step = .contrast(try within(0...1, "the share"))
                case "gamma": step = .gamma(try within(0...0.9, "the share"))
                case "noise": step = .noise(try within(0...1, "the standard deviation"))
                case "blur": step = .blur(try within(0.1...10, "sigma"))
                case "cutout": step = .cutout(try within(0...1, "the share"))
                default:
                    throw NeuralError("'\(parts[0])' is not an augmentation; use \(grammar)")
                }
                entries.append(Entry(step: step, probability: probability))
            }
            guard !entries.isEmpty else { throw NeuralError("no augmentation in '\(text)'; use \(grammar)") }
            return Augmentation(entries)
        }

        /// The pipeline as `parse` reads it.
        public var description: String {
            entries.map { entry in
                let (name, value): (String, Double)
                switch entry.step {
                case .horizontalFlip(let v): (name, value) = ("flip", v)
                case .verticalFlip(let v): (name, value) = ("vflip", v)
                case .rotate(let v): (name, value) = ("rotate", v)
                case .translate(let v): (name, value) = ("translate", v)
                case .scale(let v): (name, value) = ("scale", v)
                case .shear(let v): (name, value) = ("shear", v)
                case .crop(let v): (name, value) = ("crop", v)
                case .brightness(let v): (name, value) = ("brightness", v)
                case .contrast(let v): (name, value) = ("contrast", v)
                case .gamma(let v): (name, value) = ("gamma", v)
                case .noise(let v): (name, value) = ("noise", v)
                case .blur(let v): (name, value) = ("blur", v)
                case .cutout(let v): (name, value) = ("cutout", v)
                }
                return "\(name):\(value)" + (entry.probability < 1 ? "@\(entry.probability)" : "")
            }.joined(separator: ", ")
        }

        /// `images` (`(samples, channels, height, width)`) augmented once each, from `seed`: what a
        /// training epoch would see (for a figure of examples).
        public func apply(to images: Tensor<Double>, seed: UInt64) throws -> Tensor<Double> {
            guard images.shape.count == 4 else {
                throw NeuralError("augmentation takes (samples, channels, height, width) images, got shape \(images.shape)")
            }
            var out = images
            var random = Random(seed: seed, stream: 4)
            let augmenter = Augmenter<Double>(pipeline: self, shape: Array(images.shape.dropFirst()))
            out.withUnsafeMutableBufferPointer { augmenter.apply($0.baseAddress!, batch: images.count, random: &random) }
            return out
        }
    }

    /// Applies an `Augmentation` to batches of one image shape, with its work buffers.
    final class Augmenter<Scalar: NeuralScalar> {
        let pipeline: Augmentation
        let channels: Int, height: Int, width: Int
        private var image: [Double], warped: [Double], line: [Double]

        init(pipeline: Augmentation, shape: [Int]) {
            self.pipeline = pipeline
            channels = shape[0]
            height = shape[1]
            width = shape[2]
            image = [Double](repeating: 0, count: shape.reduce(1, *))
            warped = image
            line = [Double](repeating: 0, count: max(height, width))
        }

        /// Augments each of `batch` samples at `x` in place; draws in a fixed order per sample.
        func apply(_ x: UnsafeMutablePointer<Scalar>, batch: Int, random: inout Neural.Random) {
            let size = image.count
            for b in 0..<batch {
                image.withUnsafeMutableBufferPointer { Scalar._store(x + b * size, $0.baseAddress!, size) }
                augment(&random)
                image.withUnsafeBufferPointer { Scalar._load($0.baseAddress!, x + b * size, size) }
            }
        }

        /// The affine map from output to input pixel coordinates: `(x, y) ↦ (a x + b y + c, d x + e y + f)`.
        struct Affine {
            var a = 1.0, b = 0.0, c = 0.0, d = 0.0, e = 1.0, f = 0.0
            var isIdentity: Bool { a == 1 && b == 0 && c == 0 && d == 0 && e == 1 && f == 0 }

            /// `self ∘ other`: first `other`, then `self` (maps compose output → input).
            func then(_ other: Affine) -> Affine {
                Affine(a: a * other.a + b * other.d, b: a * other.b + b * other.e, c: a * other.c + b * other.f + c,
                       d: d * other.a + e * other.d, e: d * other.b + e * other.e, f: d * other.c + e * other.f + f)
            }
        }

        private func augment(_ random: inout Neural.Random) {
            let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
            var map = Affine()
            var photometric: [Augmentation.Step] = []
            for entry in pipeline.entries {
                // One draw decides whether a step applies (so the stream advances the same way either way).
                let applies = random.uniform() < entry.probability
                switch entry.step {
                case .horizontalFlip(let p):
                    if random.uniform() < p, applies { map = map.then(Affine(a: -1, c: Double(width - 1))) }
                case .verticalFlip(let p):
                    if random.uniform() < p, applies { map = map.then(Affine(e: -1, f: Double(height - 1))) }
                case .rotate(let degrees):
                    let angle = (2 * random.uniform() - 1) * degrees * .pi / 180
                    guard applies else { continue }
                    let cosine = cos(angle), sine = sin(angle)
                    // The inverse rotation about the centre.
                    map = map.then(Affine(a: cosine, b: sine, c: cx - cosine * cx - sine * cy,
                                          d: -sine, e: cosine, f: cy + sine * cx - cosine * cy))
                case .translate(let share):
                    let tx = (2 * random.uniform() - 1) * share * Double(width)
                    let ty = (2 * random.uniform() - 1) * share * Double(height)
                    if applies { map = map.then(Affine(c: -tx, f: -ty)) }
                case .scale(let share):
                    let k = 1 + (2 * random.uniform() - 1) * share
                    if applies { map = map.then(Affine(a: 1 / k, c: cx - cx / k, e: 1 / k, f: cy - cy / k)) }
                case .shear(let degrees):
                    let t = tan((2 * random.uniform() - 1) * degrees * .pi / 180)
                    if applies { map = map.then(Affine(b: -t, c: t * cy)) }
                case .crop(let smallest):
                    let area = smallest + (1 - smallest) * random.uniform()
                    let ratio = exp(log(3.0 / 4) + (log(4.0 / 3) - log(3.0 / 4)) * random.uniform())
                    let boxWidth = min(1, (area * ratio).squareRoot()) * Double(width)
                    let boxHeight = min(1, (area / ratio).squareRoot()) * Double(height)
                    let left = random.uniform() * (Double(width) - boxWidth)
                    let top = random.uniform() * (Double(height) - boxHeight)
                    guard applies else { continue }
                    let sx = boxWidth / Double(width), sy = boxHeight / Double(height)
                    map = map.then(Affine(a: sx, c: left - 0.5 + 0.5 * sx, e: sy, f: top - 0.5 + 0.5 * sy))
                default:
                    if applies { photometric.append(entry.step) }
                }
            }
            if !map.isIdentity { warp(map) }
            for step in photometric { adjust(step, &random) }
        }

        /// Resamples every channel through `map` (bilinear; zeros outside the image).
        private func warp(_ map: Affine) {
            let plane = height * width
            for y in 0..<height {
                for x in 0..<width {
                    let sx = map.a * Double(x) + map.b * Double(y) + map.c
                    let sy = map.d * Double(x) + map.e * Double(y) + map.f
                    let x0 = Int(floor(sx)), y0 = Int(floor(sy))
                    let fx = sx - Double(x0), fy = sy - Double(y0)
                    for c in 0..<channels {
                        let base = c * plane
                        func at(_ px: Int, _ py: Int) -> Double {
                            px >= 0 && px < width && py >= 0 && py < height ? image[base + py * width + px] : 0
                        }
                        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
                        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
                        warped[base + y * width + x] = top * (1 - fy) + bottom * fy
                    }
                }
            }
            swap(&image, &warped)
        }

        private func clamp(_ v: Double) -> Double { v < 0 ? 0 : (v > 1 ? 1 : v) }

        private func adjust(_ step: Augmentation.Step, _ random: inout Neural.Random) {
            let n = image.count
            switch step {
            case .brightness(let b):
                let offset = (2 * random.uniform() - 1) * b
                for i in 0..<n { image[i] = clamp(image[i] + offset) }
            case .contrast(let share):
                let factor = 1 + (2 * random.uniform() - 1) * share
                let mean = image.reduce(0, +) / Double(n)
                for i in 0..<n { image[i] = clamp(mean + (image[i] - mean) * factor) }
            case .gamma(let share):
                let power = 1 + (2 * random.uniform() - 1) * share
                for i in 0..<n { image[i] = pow(max(0, image[i]), power) }
            case .noise(let sd):
                for i in 0..<n { image[i] = clamp(image[i] + sd * random.normal()) }
            case .blur(let largest):
                blur(sigma: 0.1 + (largest - 0.1) * random.uniform())
            case .cutout(let share):
                let side = Int((share * Double(min(width, height))).rounded())
                let cx = random.below(width), cy = random.below(height)
                guard side > 0 else { return }
                let x0 = max(0, cx - side / 2), y0 = max(0, cy - side / 2)
                let x1 = min(width, cx - side / 2 + side), y1 = min(height, cy - side / 2 + side)
                for c in 0..<channels {
                    for y in y0..<max(y0, y1) {
                        for x in x0..<max(x0, x1) { image[c * height * width + y * width + x] = 0 }
                    }
                }
            default:
                break
            }
        }

        /// A separable Gaussian blur, edges mirrored (reflect, as Kornia's default).
        private func blur(sigma: Double) {
            let radius = max(1, Int((3 * sigma).rounded(.up)))
            var weights = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
            func mirror(_ i: Int, _ n: Int) -> Int {
                guard n > 1 else { return 0 }
                var i = i
                while i < 0 || i >= n { i = i < 0 ? -i : 2 * (n - 1) - i }
                return i
            }
            let plane = height * width
            for c in 0..<channels {
                let base = c * plane
                for y in 0..<height {
                    for x in 0..<width {
                        var sum = 0.0
                        for k in -radius...radius { sum += weights[k + radius] * image[base + y * width + mirror(x + k, width)] }
                        line[x] = sum
                    }
                    for x in 0..<width { image[base + y * width + x] = line[x] }
                }
                for x in 0..<width {
                    for y in 0..<height {
                        var sum = 0.0
                        for k in -radius...radius { sum += weights[k + radius] * image[base + mirror(y + k, height) * width + x] }
                        line[y] = sum
                    }
                    for y in 0..<height { image[base + y * width + x] = line[y] }
                }
            }
        }
    }
}
