// Inverted dropout as a forward/backward pair: the mask is kept as the factor each value got.

/// x (count) *= mask, where mask[i] is 0 with probability `rate` and 1/(1 − rate) otherwise,
/// drawn from `generator` and saved for backward. Rate 0 leaves x alone and fills the mask with 1.
func dropoutForward(_ x: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<Float>, count: Int, rate: Float,
                    generator: inout SeededGenerator) {
    guard rate > 0 else {
        mask.update(repeating: 1, count: count)
        return
    }
    let keep = 1 / (1 - rate), threshold = UInt64(Double(rate) * Double(UInt64.max))
    for index in 0..<count {
        mask[index] = generator.next() < threshold ? 0 : keep
        x[index] *= mask[index]
    }
}

/// dx (count) *= mask: the gradient of `dropoutForward`, in place.
func dropoutBackward(_ dx: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int) {
    for index in 0..<count { dx[index] *= mask[index] }
}
