// Scaled dot-product attention over many heads: one kernel for encoder self-attention,
// decoder masked self-attention and cross-attention.
import Foundation

/// Attention of `queryCount` queries over `keyCount` keys and values, all rows of `width`
/// values split into `heads` heads of width D = width / heads:
///
///     output_h = softmax(Q_h K_hᵀ / √D + mask) V_h
///
/// With `causalOffset` o, query i sees keys 0…o+i only (the decoder's own past). `scores`
/// needs heads × queryCount × keyCount floats; after the call it holds the attention
/// weights, which alignments read.
func multiHeadAttention(queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                        queryCount: Int, keyCount: Int, width: Int, heads: Int, causalOffset: Int?,
                        scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
    let headWidth = width / heads
    let scale = 1 / Float(headWidth).squareRoot()
    for head in 0..<heads {
        let weights = scores + head * queryCount * keyCount  // (Tq, Tk)
        // weights = Q_h K_hᵀ · scale
        stridedMatrixMultiply(queries + head * headWidth, rowStride: width, keys + head * headWidth, rowStride: width,
                              into: weights, rowStride: keyCount, m: queryCount, n: keyCount, k: headWidth,
                              transposedB: true, alpha: scale)
        if let causalOffset {
            for query in 0..<queryCount where causalOffset + query + 1 < keyCount {
                (weights + query * keyCount + causalOffset + query + 1)
                    .update(repeating: -.infinity, count: keyCount - causalOffset - query - 1)
            }
        }
        softmaxRows(weights, rows: queryCount, width: keyCount)
        // output_h = weights V_h
        stridedMatrixMultiply(weights, rowStride: keyCount, values + head * headWidth, rowStride: width,
                              into: output + head * headWidth, rowStride: width, m: queryCount, n: headWidth, k: keyCount,
                              transposedB: false)
    }
}
