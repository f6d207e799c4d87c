import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a 64-bit counter
/// passed through a bijective mixer. Used to seed `Xoshiro256StarStar`, to derive independent
/// streams from (seed, replication index), as `HyperparameterSearch.Generator`, and as the core of
/// `Neural.Random`. Seed 0 gives `0xE220A8397B1DCDAF` first.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The counter.
    public var state: UInt64

    /// A generator at `state`.
    public init(state: UInt64) { self.state = state }

    /// A generator at `state` `seed` (the same as `init(state:)`).
    public init(seed: UInt64) { self.init(state: seed) }

    /// SplitMix64's increment γ (the golden ratio times 2⁶⁴).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The next value: state += 0x9E3779B97F4A7C15, then the mixer.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }

    /// Vigna's SplitMix64 finaliser (a bijection of UInt64).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits: `(next >> 11) · 2⁻⁵³`.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `0..<n` (`n ≥ 1`) by modulo with rejection: `next % n`, redrawn while
    /// `next < 2⁶⁴ mod n` (no modulo bias). This is `HyperparameterSearch`'s documented rule; the
    /// neural engine and `Xoshiro256StarStar` use Lemire's multiply-shift (`lemireIndex(below:)`).
    public mutating func index(below n: Int) -> Int {
        precondition(n >= 1, "index(below:) needs n ≥ 1")
        let range = UInt64(n)
        let threshold = (0 &- range) % range  // 2^64 mod n
        while true {
            let r = next()
            if r >= threshold { return Int(r % range) }
        }
    }
}

extension RandomNumberGenerator {
    /// A uniform integer in `0..<bound` (`bound > 0`, checked by the caller), without modulo bias:
    /// Lemire's (2019) multiply-shift with rejection.
    @inline(__always)
    mutating func lemireIndex(below bound: Int) -> Int {
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018, reference `xoshiro256starstar.c`), a fast
/// all-purpose 64-bit generator with 256 bits of state, plus the samplers the Monte Carlo code
/// uses: uniform doubles in [0, 1) (53 high bits), unbiased bounded integers (Lemire 2019), and
/// standard normals (Marsaglia's polar method, the second value of each pair kept).
///
/// **Streams.** `init(seed:stream:)` derives replication `stream`'s generator from the pair
/// (seed, stream) alone, so replication i draws the same numbers whichever thread runs it and
/// however the replications are split into chunks: results do not depend on the worker count.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    private var spareNormal: Double?

    /// A generator whose 256-bit state is four successive outputs of SplitMix64 started at `seed`
    /// (the seeding the authors recommend; never all zero).
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        spareNormal = nil
    }

    /// The generator of stream `stream` under `seed`: seeded with
    /// `mix(seed ^ mix(stream + 0x632BE59BD9B4E019))`, a hash of the pair, so distinct replication
    /// indices give unrelated streams.
    public init(seed: UInt64, stream: UInt64) {
        let key = SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019))
        self.init(seed: key)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Xoshiro256StarStar.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Xoshiro256StarStar.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits times 2⁻⁵³.
    @inline(__always)
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0), without modulo bias (Lemire's multiply-shift
    /// with rejection).
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return lemireIndex(below: bound)
    }

    /// A standard normal draw (Marsaglia's polar method; each accepted pair gives two draws).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }
}
