// Feed-forward activations as forward/backward pairs.
import CKernels
import Foundation

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

    /// out (N, F) = activation(inp), where inp is (N, F · inputWidthFactor): elementwise, or
    /// for SwiGLU swish(gate) ⊙ value with each row's gate half first. out may be inp (inference
    /// works in place; training keeps inp for backward).
    func forward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, rows: Int, width: Int) {
        nonisolated(unsafe) let (out, inp) = (out, inp)
        // In place, SwiGLU's rows go in order: row r's output at r·width overwrites the gates and
        // values of rows before r only, but another chunk's could be still unread.
        let inPlace = UnsafePointer(out) == inp
        forEachChunk(of: rows, size: self == .swiglu && inPlace ? max(rows, 1) : 64) { chunk in
            let (start, count) = (chunk.lowerBound, chunk.count)
            guard self == .swiglu else {
                (out + start * width).update(from: inp + start * width, count: count * width)
                apply(out + start * width, count: count * width)
                return
            }
            for row in chunk {
                let gate = inp + 2 * row * width, value = gate + width, y = out + row * width
                y.update(from: gate, count: width)
                ieum_swish(y, width)
                for index in 0..<width { y[index] *= value[index] }
            }
        }
    }

    /// dinp (N, F · inputWidthFactor) = the activation's derivative at inp applied to dout (N, F).
    func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, rows: Int, width: Int) {
        nonisolated(unsafe) let (dinp, dout, inp) = (dinp, dout, inp)
        forEachChunk(of: rows, size: 64) { chunk in
            let elements = (chunk.lowerBound * width)..<(chunk.upperBound * width)
            switch self {
            case .relu:
                let (x, d, dx) = (inp + elements.lowerBound, dout + elements.lowerBound, dinp + elements.lowerBound)
                for index in 0..<elements.count { dx[index] = x[index] > 0 ? d[index] : 0 }
            case .gelu:
                // d/dx x·Φ(x) = Φ(x) + x·φ(x)
                for index in elements {
                    let x = inp[index]
                    let cdf = 0.5 * (1 + erff(x * 0.70710678118654752)), pdf = expf(-0.5 * x * x) * 0.39894228040143268
                    dinp[index] = dout[index] * (cdf + x * pdf)
                }
            case .swish:
                for index in elements { dinp[index] = dout[index] * Self.swishDerivative(inp[index]) }
            case .swiglu:
                // out = swish(gate) · value
                for row in chunk {
                    let gate = inp + 2 * row * width, value = gate + width, d = dout + row * width
                    let dgate = dinp + 2 * row * width, dvalue = dgate + width
                    for index in 0..<width {
                        let g = gate[index]
                        dgate[index] = d[index] * value[index] * Self.swishDerivative(g)
                        dvalue[index] = d[index] * g / (1 + expf(-g))
                    }
                }
            }
        }
    }

    /// d/dx x·σ(x) = σ(x) · (1 + x·(1 − σ(x)))
    private static func swishDerivative(_ x: Float) -> Float {
        let sigmoid = 1 / (1 + expf(-x))
        return sigmoid * (1 + x * (1 - sigmoid))
    }
}
