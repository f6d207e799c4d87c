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
        /// The SplitMix64 counter and mixer (the module's one implementation).
        private var core: SplitMix64
        private var spare: Double?

        /// The counter.
        public var state: UInt64 { core.state }

        /// SplitMix64's increment γ (the golden ratio times 2⁶⁴).
        static let increment: UInt64 = SplitMix64.increment

        /// A generator whose counter starts at `state`.
        public init(state: UInt64) { core = SplitMix64(state: state) }

        /// Stream `stream` of `seed`.
        public init(seed: UInt64, stream: UInt64) {
            self.init(state: Random.mix(seed &+ Random.mix(stream &+ Random.increment)))
        }

        /// Vigna's SplitMix64 finaliser (a bijection of `UInt64`): `SplitMix64.mix`.
        @inline(__always)
        public static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }

        /// The next 64 random bits.
        @inline(__always)
        public mutating func next() -> UInt64 { core.next() }

        /// A uniform double in `[0, 1)` (53 random bits).
        @inline(__always)
        public mutating func uniform() -> Double { core.unit() }

        // Encoded as before the core was shared: `{"state": …, "spare": …}`.
        private enum CodingKeys: String, CodingKey { case state, spare }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            core = SplitMix64(state: try container.decode(UInt64.self, forKey: .state))
            spare = try container.decodeIfPresent(Double.self, forKey: .spare)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(core.state, forKey: .state)
            try container.encodeIfPresent(spare, forKey: .spare)
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
            return lemireIndex(below: bound)
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
