// Guided alignment: one cross-attention head trained towards a word aligner's links.
import Foundation

/// Which head is supervised and how much its cost weighs against the translation loss
/// (Garg et al. 2019; Marian's --guided-alignment with cost "ce", weight 0.1).
struct GuidedAlignment: Sendable {
    let layer: Int
    let head: Int
    let weight: Float
}

/// cost = −Σ_b Σ_t Σ_s Â[b,t,s] log P[b,h,t,s], where P is the head's attention (B, H, T, S)
/// and Â row t holds 1/k on each of the k source positions linked to target position t
/// (rows without links count nothing). `links[b]` lists (t, s) pairs, flattened. Returns the
/// cost and overwrites `dweights` (B, H, T, S) with ∂(weight · cost / normalizer)/∂P, zero
/// outside the linked rows of the head.
func guidedAlignmentForwardBackward(dweights: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, links: [[Int32]],
                                    shape: AttentionShape, head: Int, weight: Float, normalizer: Float) -> Double {
    let (T, S) = (shape.queryLength, shape.keyLength)
    dweights.update(repeating: 0, count: shape.weightCount)
    var cost = 0.0
    for (b, pairs) in links.enumerated() {
        let p = weights + ((b * shape.heads + head) * T) * S, d = dweights + ((b * shape.heads + head) * T) * S  // (T, S)
        var linksPerRow = [Int](repeating: 0, count: T)
        for index in stride(from: 0, to: pairs.count - 1, by: 2) where Int(pairs[index]) < T && Int(pairs[index + 1]) < S {
            linksPerRow[Int(pairs[index])] += 1
        }
        for index in stride(from: 0, to: pairs.count - 1, by: 2) {
            let (t, s) = (Int(pairs[index]), Int(pairs[index + 1]))
            guard t < T, s < S else { continue }
            let target = 1 / Float(linksPerRow[t]), probability = max(p[t * S + s], .leastNormalMagnitude)
            // cost term −â log p; its derivative −â / p
            cost -= Double(target) * log(Double(probability))
            d[t * S + s] -= weight / normalizer * target / probability
        }
    }
    return cost
}
