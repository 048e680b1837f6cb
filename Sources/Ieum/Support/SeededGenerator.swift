// A small, fast, seedable random number generator, so that every random choice can be replayed.
import Foundation

/// SplitMix64 (Steele, Lea and Flood 2014): the same seed gives the same sequence on every
/// machine, which subword sampling, shuffling and dropout need for reproducible runs.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// One draw from N(0, 1) (Box–Muller).
    package mutating func nextNormal() -> Float {
        let u = Float.random(in: Float.ulpOfOne..<1, using: &self), v = Float.random(in: 0..<1, using: &self)
        return (-2 * logf(u)).squareRoot() * cosf(2 * .pi * v)
    }
}
