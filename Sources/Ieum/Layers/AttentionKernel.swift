// Scaled dot-product attention over many heads: one kernel for encoder self-attention,
// decoder masked self-attention and cross-attention.
import CKernels
import Foundation

/// Attention of `queryCount` queries over `keyCount` keys and values, all rows of `width`
/// values split into `heads` heads of width D = width / heads:
///
///     output_h = softmax(Q_h K_hᵀ / √D + mask) V_h
///
/// With `causalOffset` o, query i sees keys 0…o+i only (the decoder's own past).
///
/// Up to `tile` keys, `scores` needs heads × queryCount × keyCount floats and keeps the
/// attention weights, which alignments read. Longer key sequences go through in tiles of
/// `tile` keys with an online softmax (running maximum and sum per query, earlier partial
/// outputs rescaled), so `scores` needs only heads × queryCount × tile floats and memory
/// grows linearly with the length; the weights are then not kept.
func multiHeadAttention(queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                        queryCount: Int, keyCount: Int, width: Int, heads: Int, causalOffset: Int?,
                        scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, tile: Int = attentionTile) {
    let headWidth = width / heads
    let scale = 1 / Float(headWidth).squareRoot()
    guard keyCount <= tile else {
        tiledAttention(queries: queries, keys: keys, values: values, queryCount: queryCount, keyCount: keyCount, width: width,
                       heads: heads, causalOffset: causalOffset, scores: scores, output: output, tile: tile)
        return
    }
    for head in 0..<heads {
        let weights = scores + head * queryCount * keyCount  // (Tq, Tk)
        // weights = Q_h K_hᵀ · scale
        ieum_attention_scores(queries + head * headWidth, width, keys + head * headWidth, width, queryCount, keyCount, headWidth,
                              scale, weights)
        if let causalOffset {
            for query in 0..<queryCount where causalOffset + query + 1 < keyCount {
                (weights + query * keyCount + causalOffset + query + 1)
                    .update(repeating: -.infinity, count: keyCount - causalOffset - query - 1)
            }
        }
        softmaxRows(weights, rows: queryCount, width: keyCount)
        // output_h = weights V_h
        ieum_attention_values(weights, queryCount, keyCount, values + head * headWidth, width, headWidth,
                              output + head * headWidth, width)
    }
}

/// Keys handled at once by attention; beyond it, tiles and an online softmax.
let attentionTile = 256

private func tiledAttention(queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                            queryCount: Int, keyCount: Int, width: Int, heads: Int, causalOffset: Int?,
                            scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, tile: Int) {
    let headWidth = width / heads
    let scale = 1 / Float(headWidth).squareRoot()
    var maxima = [Float](repeating: 0, count: queryCount), sums = maxima
    for head in 0..<heads {
        let weights = scores + head * queryCount * tile  // (Tq, tile)
        let out = output + head * headWidth  // (Tq, D), row stride C
        maxima.withUnsafeMutableBufferPointer { $0.update(repeating: -.infinity) }
        sums.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        for query in 0..<queryCount { (out + query * width).update(repeating: 0, count: headWidth) }
        for start in stride(from: 0, to: keyCount, by: tile) {
            let count = min(tile, keyCount - start)
            // weights = Q_h K_h[start..]ᵀ · scale
            stridedMatrixMultiply(queries + head * headWidth, rowStride: width, keys + start * width + head * headWidth,
                                  rowStride: width, into: weights, rowStride: count, m: queryCount, n: count, k: headWidth,
                                  transposedB: true, alpha: scale)
            for query in 0..<queryCount {
                let row = weights + query * count
                if let causalOffset {
                    let visible = max(0, min(count, causalOffset + query + 1 - start))
                    (row + visible).update(repeating: -.infinity, count: count - visible)
                }
                var tileMaximum = -Float.infinity
                for key in 0..<count { tileMaximum = max(tileMaximum, row[key]) }
                let maximum = max(maxima[query], tileMaximum)
                guard maximum > -.infinity else { continue }
                // Earlier tiles' sums and outputs, rescaled to the new maximum.
                let correction = maxima[query] == -.infinity ? 0 : expf(maxima[query] - maximum)
                var sum: Float = 0
                for key in 0..<count {
                    row[key] = expf(row[key] - maximum)
                    sum += row[key]
                }
                sums[query] = sums[query] * correction + sum
                maxima[query] = maximum
                let outRow = out + query * width
                for index in 0..<headWidth { outRow[index] *= correction }
            }
            // out_h += weights V_h[start..]
            stridedMatrixMultiply(weights, rowStride: count, values + start * width + head * headWidth, rowStride: width,
                                  into: out, rowStride: width, m: queryCount, n: headWidth, k: count, transposedB: false, beta: 1)
        }
        for query in 0..<queryCount {
            let outRow = out + query * width, inverse: Float = sums[query] > 0 ? 1 / sums[query] : 0
            for index in 0..<headWidth { outRow[index] *= inverse }
        }
    }
}
