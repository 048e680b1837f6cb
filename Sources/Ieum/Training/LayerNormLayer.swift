// Layer normalization as a forward/backward pair, keeping what backward needs.
import Foundation

/// out (N, C) = (inp − mean) · rstd · weight + bias per row, saving each row's mean and
/// rstd = 1/√(variance + ε) (N each) for the backward pass.
func layerNormForward(_ out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                      _ inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                      rows: Int, width: Int, epsilon: Float) {
    nonisolated(unsafe) let (out, mean, rstd, inp, weight, bias) = (out, mean, rstd, inp, weight, bias)
    forEachChunk(of: rows, size: 64) { chunk in
        for row in chunk {
            let x = inp + row * width, y = out + row * width
            var sum: Float = 0
            for index in 0..<width { sum += x[index] }
            let m = sum / Float(width)
            var variance: Float = 0
            for index in 0..<width {
                let d = x[index] - m
                variance += d * d
            }
            let s = 1 / (variance / Float(width) + epsilon).squareRoot()
            for index in 0..<width { y[index] = (x[index] - m) * s * weight[index] + bias[index] }
            mean[row] = m
            rstd[row] = s
        }
    }
}

/// Gradients of `layerNormForward`, added into dinp, dweight and dbias. With x̂ = (x − mean)·rstd
/// and g = dout · weight: dx = rstd · (g − mean(g) − x̂ · mean(g · x̂)). Rows are spread over the
/// cores for dx; dweight and dbias over columns, each summed in row order.
func layerNormBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>,
                       dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                       weight: UnsafePointer<Float>, rows: Int, width: Int) {
    nonisolated(unsafe) let (dinp, dweight, dbias, dout, inp, mean, rstd, weight) = (dinp, dweight, dbias, dout, inp, mean, rstd, weight)
    forEachChunk(of: rows, size: 64) { chunk in
        for row in chunk {
            let x = inp + row * width, d = dout + row * width, dx = dinp + row * width
            let m = mean[row], s = rstd[row]
            var gradientMean: Float = 0, gradientDotNormed: Float = 0
            for index in 0..<width {
                let g = d[index] * weight[index]
                gradientMean += g
                gradientDotNormed += g * (x[index] - m) * s
            }
            gradientMean /= Float(width)
            gradientDotNormed /= Float(width)
            for index in 0..<width {
                let normed = (x[index] - m) * s
                dx[index] += s * (d[index] * weight[index] - gradientMean - normed * gradientDotNormed)
            }
        }
    }
    forEachChunk(of: width, size: 64) { columns in
        for row in 0..<rows {
            let x = inp + row * width, d = dout + row * width
            let m = mean[row], s = rstd[row]
            for index in columns {
                dbias[index] += d[index]
                dweight[index] += d[index] * (x[index] - m) * s
            }
        }
    }
}
