// Scaled dot-product attention over a padded batch as a forward/backward pair, keeping the
// weights for backward: training's use of the one attention kernel.
import Foundation

/// The shape of one attention call over a batch padded to `queryLength` and `keyLength`.
struct AttentionShape: Sendable {
    let batch: Int  // B
    let queryLength: Int  // T (or S in the encoder)
    let keyLength: Int  // S (or T in decoder self-attention)
    let width: Int  // C
    let heads: Int  // H
    /// Each sentence's real key count: keys past it are padding and get no weight.
    let keyCounts: [Int]
    /// Query i may not see keys after i.
    let causal: Bool

    var headWidth: Int { width / heads }
    var weightCount: Int { batch * heads * queryLength * keyLength }
}

/// context (B·T, C) = softmax(q kᵀ / √D + mask) v per sentence and head, saving the weights
/// (B, H, T, S), zero on padded keys. q is (B·T, C), k and v are (B·S, C); head h is columns
/// h·D..<(h+1)·D. Each sentence goes through the one attention kernel inference uses, over its
/// real keys.
func attentionForward(context: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
                      q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, shape: AttentionShape) {
    let (T, S, C, H) = (shape.queryLength, shape.keyLength, shape.width, shape.heads)
    nonisolated(unsafe) let (context, weights) = (context, weights)
    nonisolated(unsafe) let (q, k, v) = (q, k, v)
    forEachChunk(of: shape.batch, size: 1) { sentences in
        let b = sentences.lowerBound, keys = shape.keyCounts[b]
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(H * T * keys, 1))  // (H, T, keys)
        defer { scores.deallocate() }
        multiHeadAttention(queries: q + b * T * C, keys: k + b * S * C, values: v + b * S * C, queryCount: T, keyCount: keys,
                           width: C, heads: H, causalOffset: shape.causal ? 0 : nil, scores: scores, output: context + b * T * C,
                           tile: .max)
        for row in 0..<(H * T) {
            let saved = weights + (b * H * T + row) * S
            saved.update(from: scores + row * keys, count: keys)
            (saved + keys).update(repeating: 0, count: S - keys)
        }
    }
}

/// Gradients of `attentionForward`: dq (B·T, C), dk and dv (B·S, C), overwritten. With
/// dP = dcontext vᵀ (plus `dweights`, a loss's own gradient on the weights, (B, H, T, S),
/// when given), the scores' gradient is P ⊙ (dP − Σ_j dP·P), and q, k get it through the
/// scaled product.
func attentionBackward(dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
                       dcontext: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                       q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, shape: AttentionShape,
                       dweights: UnsafePointer<Float>? = nil) {
    let (T, S, C, D) = (shape.queryLength, shape.keyLength, shape.width, shape.headWidth)
    let scale = 1 / Float(D).squareRoot()
    nonisolated(unsafe) let (dq, dk, dv, dcontext, weights, dweights) = (dq, dk, dv, dcontext, weights, dweights)
    nonisolated(unsafe) let (q, k, v) = (q, k, v)
    forEachChunk(of: shape.batch, size: 1) { sentences in
        let b = sentences.lowerBound
        let dscores = UnsafeMutablePointer<Float>.allocate(capacity: T * S)  // (T, S)
        defer { dscores.deallocate() }
        for h in 0..<shape.heads {
            let p = weights + ((b * shape.heads + h) * T) * S
            let offsetQ = b * T * C + h * D, offsetK = b * S * C + h * D
            // context = P v
            stridedMatrixMultiply(dcontext + offsetQ, rowStride: C, v + offsetK, rowStride: C, into: dscores, rowStride: S,
                                  m: T, n: S, k: D, transposedB: true)
            stridedMatrixMultiply(p, rowStride: S, dcontext + offsetQ, rowStride: C, into: dv + offsetK, rowStride: C,
                                  m: S, n: D, k: T, transposedA: true, transposedB: false)
            if let dweights {
                let extra = dweights + ((b * shape.heads + h) * T) * S
                for index in 0..<(T * S) { dscores[index] += extra[index] }
            }
            // P = softmax(scores)
            for i in 0..<T {
                let row = p + i * S, d = dscores + i * S
                var dot: Float = 0
                for j in 0..<S { dot += d[j] * row[j] }
                for j in 0..<S { d[j] = row[j] * (d[j] - dot) }
            }
            // scores = q kᵀ / √D
            stridedMatrixMultiply(dscores, rowStride: S, k + offsetK, rowStride: C, into: dq + offsetQ, rowStride: C,
                                  m: T, n: D, k: S, transposedB: false, alpha: scale)
            stridedMatrixMultiply(dscores, rowStride: S, q + offsetQ, rowStride: C, into: dk + offsetK, rowStride: C,
                                  m: S, n: D, k: T, transposedA: true, transposedB: false, alpha: scale)
        }
    }
}
