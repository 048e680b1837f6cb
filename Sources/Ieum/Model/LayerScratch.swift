// Working buffers of one layer pass, and the blocks built from them.

/// Buffers for one pass through a layer, sized once per call and reused by every layer, and
/// the residual blocks built on them: post-layer-norm (Marian) x = LN(x + f(x)), or
/// pre-layer-norm x = x + f(LN(x)).
struct LayerScratch {
    let width: Int
    let normalizeBefore: Bool
    let epsilon: Float
    let normed: UnsafeMutablePointer<Float>  // (rows, C): a block's input
    let query: UnsafeMutablePointer<Float>  // (rows, C)
    let key: UnsafeMutablePointer<Float>  // (rows, C)
    let value: UnsafeMutablePointer<Float>  // (rows, C)
    let attended: UnsafeMutablePointer<Float>  // (rows, C)
    let projected: UnsafeMutablePointer<Float>  // (rows, C)
    let hidden: UnsafeMutablePointer<Float>  // (rows, F)
    let scores: UnsafeMutablePointer<Float>  // (H, rows, keys)
    private let storage: [UnsafeMutablePointer<Float>]

    init(rows: Int, width: Int, feedForward: Int, heads: Int, keys: Int, normalizeBefore: Bool, epsilon: Float) {
        self.width = width
        self.normalizeBefore = normalizeBefore
        self.epsilon = epsilon
        let sizes = [rows * width, rows * width, rows * width, rows * width, rows * width, 2 * rows * feedForward, heads * rows * keys, rows * width]
        storage = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: max($0, 1)) }
        (query, key, value, attended, projected, hidden, scores) = (storage[0], storage[1], storage[2], storage[3], storage[4], storage[5], storage[6])
        normed = storage[7]
    }

    /// Frees the buffers; a scratch is used for one forward call.
    func release() { storage.forEach { $0.deallocate() } }

    /// A block's input in `normed`: LN(x) before the block in pre-layer-norm models, x itself otherwise.
    func blockInput(_ x: [Float], rows: Int, norm: LayerNormWeights) -> UnsafePointer<Float> {
        x.withUnsafeBufferPointer { x in
            if normalizeBefore {
                norm.weight.withUnsafeBufferPointer { weight in
                    norm.bias.withUnsafeBufferPointer { bias in
                        layerNormForward(normed, mean: nil, rstd: nil, x.baseAddress!, weight: weight.baseAddress!,
                                         bias: bias.baseAddress!, rows: rows, width: width, epsilon: epsilon)
                    }
                }
            } else {
                normed.update(from: x.baseAddress!, count: rows * width)
            }
        }
        return UnsafePointer(normed)
    }

    /// Queries, keys and values of a block input for self-attention.
    func project(_ input: UnsafePointer<Float>, rows: Int, with attention: AttentionWeights) {
        attention.query.apply(input, rows: rows, into: query)
        attention.key.apply(input, rows: rows, into: key)
        attention.value.apply(input, rows: rows, into: value)
    }

    /// Rotary positions on the projected queries and keys, row r at position(r).
    func rotateQueriesAndKeys(rows: Int, heads: Int, position: (Int) -> Int) {
        rotate(query, rows: rows, width: width, heads: heads, position: position)
        rotate(key, rows: rows, width: width, heads: heads, position: position)
    }

    /// Ends an attention block: the residual with attended Wₒᵀ + bₒ.
    func finishAttention(_ x: inout [Float], rows: Int, output: Linear, norm: LayerNormWeights) {
        output.apply(attended, rows: rows, into: projected)
        residual(&x, rows: rows, norm: norm)
    }

    /// The feed-forward block: W₂ act(W₁ h + b₁) + b₂ of the block input h, and its residual.
    func feedForward(_ x: inout [Float], rows: Int, in first: Linear, out second: Linear, norm: LayerNormWeights, activation: Activation) {
        first.apply(blockInput(x, rows: rows, norm: norm), rows: rows, into: hidden)
        activation.forward(hidden, hidden, rows: rows, width: second.inputs)
        second.apply(hidden, rows: rows, into: projected)
        residual(&x, rows: rows, norm: norm)
    }

    /// x += projected, then LN(x) in post-layer-norm models.
    private func residual(_ x: inout [Float], rows: Int, norm: LayerNormWeights) {
        x.withUnsafeMutableBufferPointer { x in
            for index in 0..<(rows * width) { x[index] += projected[index] }
        }
        if !normalizeBefore { x.normalizeRows(rows: rows, width: width, norm: norm, epsilon: epsilon) }
    }
}

extension [Float] {
    /// Layer norm of each row, in place.
    mutating func normalizeRows(rows: Int, width: Int, norm: LayerNormWeights, epsilon: Float) {
        withUnsafeMutableBufferPointer { x in
            norm.weight.withUnsafeBufferPointer { weight in
                norm.bias.withUnsafeBufferPointer { bias in
                    layerNormForward(x.baseAddress!, mean: nil, rstd: nil, x.baseAddress!, weight: weight.baseAddress!,
                                     bias: bias.baseAddress!, rows: rows, width: width, epsilon: epsilon)
                }
            }
        }
    }
}
