// Row-wise kernels over contiguous Float buffers: softmax, layer norm, activations, bias.
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

/// Layer normalization of each row: (x − mean) / sqrt(variance + epsilon) · weight + bias,
/// from `input` into `output` (which may be the same buffer).
func layerNormRows(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                   weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float) {
    for row in 0..<rows {
        ieum_layer_norm(input + row * width, output + row * width, width, weight, bias, epsilon)
    }
}

/// Adds `bias` (width values) to each row, in place.
func addBiasRows(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>) {
    for row in 0..<rows {
        let x = values + row * width
        for index in 0..<width { x[index] += bias[index] }
    }
}

/// The feed-forward activations the supported models use.
public enum Activation: String, Sendable, Codable {
    case relu
    /// GELU, the exact (erf) form.
    case gelu
    /// Swish / SiLU: x · sigmoid(x), Marian's choice.
    case swish
    /// A gated unit: the first feed-forward layer has twice the width, and its gate half,
    /// through Swish, scales its other half (Shazeer 2020).
    case swiglu

    /// How much wider the first feed-forward layer is than the hidden width.
    var inputWidthFactor: Int { self == .swiglu ? 2 : 1 }

    /// The hidden layer (rows × width) from the first layer's output (rows × width ×
    /// inputWidthFactor), in place: elementwise, or gate ⊙ value packed row after row.
    func activate(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        guard self == .swiglu else {
            apply(values, count: rows * width)
            return
        }
        // Writing row r at r·width never overtakes reading it at 2r·width.
        for row in 0..<rows {
            let gate = values + 2 * row * width, value = gate + width, out = values + row * width
            ieum_swish(gate, width)
            for index in 0..<width { out[index] = gate[index] * value[index] }
        }
    }

    /// Applies the activation to `count` values in place.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu:
            for index in 0..<count { values[index] = max(values[index], 0) }
        case .gelu:
            for index in 0..<count {
                let x = values[index]
                values[index] = 0.5 * x * (1 + erff(x * 0.70710678118654752))
            }
        case .swish, .swiglu:
            ieum_swish(values, count)
        }
    }
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
