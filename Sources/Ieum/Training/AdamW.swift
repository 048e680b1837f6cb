// Adam with decoupled weight decay and global-norm gradient clipping, as single loops over the
// flat parameter, gradient and moment buffers.
import Foundation

/// The optimizer's state: first and second moments of every parameter, in the flat layout.
struct AdamState: Sendable {
    var firstMoment: [Float]
    var secondMoment: [Float]

    init(count: Int) {
        firstMoment = [Float](repeating: 0, count: count)
        secondMoment = [Float](repeating: 0, count: count)
    }

    init(firstMoment: [Float], secondMoment: [Float]) {
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

    /// One AdamW update of step `step` (1-based) at `learningRate`:
    /// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², p ← p − lr·(m̂ / (√v̂ + ε) + λ·p).
    mutating func update(_ parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, count: Int, step: Int,
                         learningRate: Float, options: TrainingOptions) {
        let (beta1, beta2) = (options.adamBeta1, options.adamBeta2)
        let correction1 = 1 - powf(beta1, Float(step)), correction2 = 1 - powf(beta2, Float(step))
        let decay = options.weightDecay, epsilon = options.adamEpsilon
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for index in 0..<count {
                    let g = gradients[index]
                    m[index] = beta1 * m[index] + (1 - beta1) * g
                    v[index] = beta2 * v[index] + (1 - beta2) * g * g
                    let update = (m[index] / correction1) / ((v[index] / correction2).squareRoot() + epsilon)
                    parameters[index] -= learningRate * (update + decay * parameters[index])
                }
            }
        }
    }
}

/// Scales the gradient down so that its global L2 norm is at most `maxNorm` (0: no limit), and
/// returns the norm it had.
func clipGradientNorm(_ gradients: UnsafeMutablePointer<Float>, count: Int, maxNorm: Float) -> Float {
    var sum: Double = 0
    for index in 0..<count { sum += Double(gradients[index]) * Double(gradients[index]) }
    let norm = Float(sum.squareRoot())
    if maxNorm > 0, norm > maxNorm {
        let scale = maxNorm / norm
        for index in 0..<count { gradients[index] *= scale }
    }
    return norm
}
