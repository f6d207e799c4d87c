import Foundation

extension Neural {
    /// The engine's pseudo-random generator: SplitMix64 (Steele, Lea & Flood 2014; Vigna's
    /// `splitmix64.c`), a 64-bit counter advanced by `0x9E3779B97F4A7C15` and passed through a
    /// bijective mixer. Samplers:
    /// - `uniform()`: the top 53 bits of one draw times `2^-53`, in `[0, 1)`;
    /// - `normal()`: Box–Muller on two uniforms, `√(-2 ln(1 - u₁)) · cos(2π u₂)` then the sine
    ///   partner on the next call;
    /// - `below(n)`: unbiased integers in `0..<n` (Lemire 2019, multiply and reject);
    /// - `shuffle(_:)`: Fisher–Yates from the last element down.
    ///
    /// **Streams.** `init(seed:stream:)` starts at `mix(seed + mix(stream + γ))`: the engine draws
    /// initial weights from stream 0, the validation split from 1, batch order from 2 and dropout
    /// masks from 3, so changing one (say the dropout rate) leaves the others unchanged.
    public struct Random: RandomNumberGenerator, Codable, Hashable, Sendable {
        /// The counter.
        public private(set) var state: UInt64
        private var spare: Double?

        /// SplitMix64's increment γ (the golden ratio times 2⁶⁴).
        static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

        /// A generator whose counter starts at `state`.
        public init(state: UInt64) { self.state = state }

        /// Stream `stream` of `seed`.
        public init(seed: UInt64, stream: UInt64) {
            self.state = Random.mix(seed &+ Random.mix(stream &+ Random.increment))
        }

        /// Vigna's SplitMix64 finaliser (a bijection of `UInt64`).
        @inline(__always)
        public static func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// The next 64 random bits.
        @inline(__always)
        public mutating func next() -> UInt64 {
            state &+= Random.increment
            return Random.mix(state)
        }

        /// A uniform double in `[0, 1)` (53 random bits).
        @inline(__always)
        public mutating func uniform() -> Double {
            Double(next() >> 11) * 0x1p-53
        }

        /// A standard normal (Box–Muller; the pair's second value is kept for the next call).
        public mutating func normal() -> Double {
            if let z = spare {
                spare = nil
                return z
            }
            let radius = (-2 * Foundation.log(1 - uniform())).squareRoot()
            let angle = 2 * Double.pi * uniform()
            spare = radius * Foundation.sin(angle)
            return radius * Foundation.cos(angle)
        }

        /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, no modulo bias).
        public mutating func below(_ bound: Int) -> Int {
            precondition(bound > 0, "Neural.Random.below needs a positive bound, got \(bound)")
            let n = UInt64(bound)
            var product = next().multipliedFullWidth(by: n)
            if product.low < n {
                let threshold = (0 &- n) % n
                while product.low < threshold { product = next().multipliedFullWidth(by: n) }
            }
            return Int(product.high)
        }

        /// Shuffles `values` in place (Fisher–Yates, `i` from `count - 1` down to 1 swaps with `below(i + 1)`).
        public mutating func shuffle<T>(_ values: inout [T]) {
            var i = values.count - 1
            while i > 0 {
                let j = below(i + 1)
                if i != j { values.swapAt(i, j) }
                i -= 1
            }
        }
    }
}
