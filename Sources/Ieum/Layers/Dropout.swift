// Inverted dropout as a forward/backward pair: the mask is kept as the factor each value got.

/// x (count) *= mask, where mask[i] is 0 with probability `rate` and 1/(1 − rate) otherwise,
/// saved for backward. The masks come from `generator` (one draw seeds every chunk of the
/// call, so they do not depend on the core count). Rate 0 leaves x alone and fills the mask with 1.
func dropoutForward(_ x: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<Float>, count: Int, rate: Float,
                    generator: inout SeededGenerator) {
    guard rate > 0 else {
        mask.update(repeating: 1, count: count)
        return
    }
    let keep = 1 / (1 - rate), threshold = UInt64(Double(rate) * Double(UInt64.max)), seed = generator.next()
    nonisolated(unsafe) let (x, mask) = (x, mask)
    forEachChunk(of: count, size: 16_384) { chunk in
        var generator = SeededGenerator(seed: seed ^ (UInt64(chunk.lowerBound) &* 0x9E37_79B9_7F4A_7C15))
        for index in chunk {
            mask[index] = generator.next() < threshold ? 0 : keep
            x[index] *= mask[index]
        }
    }
}

/// dx (count) *= mask: the gradient of `dropoutForward`, in place.
func dropoutBackward(_ dx: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int) {
    for index in 0..<count { dx[index] *= mask[index] }
}
