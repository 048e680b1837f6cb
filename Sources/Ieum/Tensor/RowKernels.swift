// Row-wise kernels over contiguous Float buffers: softmax, bias, rotary positions.
import CKernels
import Foundation

/// Softmax of each of `rows` rows of `width` values, in place. Rows entirely -∞ (everything
/// masked) become all zeros rather than NaN.
func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for row in 0..<rows {
        let x = values + row * width
        let maximum = ieum_maximum(x, width)
        guard maximum > -.infinity else {
            x.update(repeating: 0, count: width)
            continue
        }
        let scale = 1 / ieum_exp_shifted(x, width, maximum)
        for index in 0..<width { x[index] *= scale }
    }
}

/// Log-softmax of each of `rows` rows, in place.
func logSoftmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for row in 0..<rows {
        let x = values + row * width
        let maximum = ieum_maximum(x, width)
        let logSum = maximum + logf(ieum_sum_exp_shifted(x, width, maximum))
        for index in 0..<width { x[index] -= logSum }
    }
}

/// The index of the largest value, the first of equal maxima (as argmax does).
func firstMaximum(_ values: UnsafeBufferPointer<Float>) -> Int {
    var best = 0
    for index in values.indices where values[index] > values[best] { best = index }
    return best
}

/// Rotary position embedding, in place: in each row and head of width D, the pairs
/// (x[i], x[i + D/2]) turn by the angle position(row) · 10000^(−2i/D).
func rotate(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int, heads: Int, position: (Int) -> Int) {
    let headWidth = width / heads, half = headWidth / 2
    for row in 0..<rows {
        let angle = Double(position(row))
        for head in 0..<heads {
            let x = values + row * width + head * headWidth
            for index in 0..<half {
                let theta = angle * pow(10000, -2 * Double(index) / Double(headWidth))
                let (cosine, sine) = (Float(cos(theta)), Float(sin(theta)))
                let (a, b) = (x[index], x[index + half])
                x[index] = a * cosine - b * sine
                x[index + half] = a * sine + b * cosine
            }
        }
    }
}
