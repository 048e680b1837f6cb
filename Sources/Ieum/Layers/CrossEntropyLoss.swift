// Label-smoothed cross-entropy over logits, fused with its gradient.
import CKernels
import Foundation

/// The loss of a batch: the sum over its target tokens and how many there were.
struct LossSum: Sendable {
    /// Σ label-smoothed cross-entropy (what is optimized).
    var smoothed: Double = 0
    /// Σ −log p(label) (the data's negative log-likelihood, for perplexity).
    var negativeLogLikelihood: Double = 0
    var tokens = 0
    /// Σ guided-alignment cost (not weighted), when guided alignment is on.
    var alignment: Double = 0

    mutating func add(_ other: LossSum) {
        smoothed += other.smoothed
        alignment += other.alignment
        negativeLogLikelihood += other.negativeLogLikelihood
        tokens += other.tokens
    }

    /// Mean smoothed loss per token.
    var mean: Double { tokens == 0 ? 0 : smoothed / Double(tokens) }
}

/// For each row of logits (N, V) with a label (≥ 0; negative labels are padding and count for
/// nothing): the loss against the target distribution q = (1 − ε)·onehot(label) + ε/V, and,
/// in place of the logits, its gradient divided by `normalizer`: (softmax − q) / normalizer.
func crossEntropyForwardBackward(_ logits: UnsafeMutablePointer<Float>, labels: [Int32], vocabulary V: Int,
                                 smoothing epsilon: Float, normalizer: Float) -> LossSum {
    let uniform = epsilon / Float(V), scale = 1 / normalizer
    nonisolated(unsafe) let logits = logits
    let parts = mapChunks(of: labels.count, size: 64) { rows in
        var loss = LossSum()
        for row in rows {
            let label = labels[row], x = logits + row * V
            guard label >= 0 else {
                x.update(repeating: 0, count: V)
                continue
            }
            let maximum = ieum_maximum(x, V), sum = ieum_sum(x, V)
            let labelLogit = x[Int(label)]
            let exponentials = ieum_exp_shifted(x, V, maximum)
            let logPartition = maximum + logf(exponentials)
            let labelLoss = Double(logPartition - labelLogit)
            // −Σ_v q_v log p_v = (1 − ε)·(lse − x_label) + ε·(lse − mean(x))
            loss.smoothed += Double(1 - epsilon) * labelLoss + Double(epsilon) * Double(logPartition - sum / Float(V))
            loss.negativeLogLikelihood += labelLoss
            loss.tokens += 1
            // softmax − q, with softmax = e / Σe
            let probabilityScale = scale / exponentials, shift = uniform * scale
            for index in 0..<V { x[index] = x[index] * probabilityScale - shift }
            x[Int(label)] -= (1 - epsilon) * scale
        }
        return loss
    }
    return parts.reduce(into: LossSum()) { $0.add($1) }
}
