// Working buffers of one layer pass, and the blocks built from them.

extension Linear {
    /// output (rows, outputs) = input (rows, inputs) Wᵀ + b
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { weight in
            matrixMultiply(input, weight.baseAddress!, into: output, m: rows, n: outputs, k: inputs, transposedB: true)
        }
        bias.withUnsafeBufferPointer { addBiasRows(output, rows: rows, width: outputs, bias: $0.baseAddress!) }
    }
}

/// Buffers for one pass through a layer, sized once per call and reused by every layer.
struct LayerScratch {
    let width: Int
    let query: UnsafeMutablePointer<Float>  // (rows, C)
    let key: UnsafeMutablePointer<Float>  // (rows, C)
    let value: UnsafeMutablePointer<Float>  // (rows, C)
    let attended: UnsafeMutablePointer<Float>  // (rows, C)
    let projected: UnsafeMutablePointer<Float>  // (rows, C)
    let hidden: UnsafeMutablePointer<Float>  // (rows, F)
    let scores: UnsafeMutablePointer<Float>  // (H, rows, keys)
    private let storage: [UnsafeMutablePointer<Float>]

    init(rows: Int, width: Int, feedForward: Int, heads: Int, keys: Int) {
        self.width = width
        let sizes = [rows * width, rows * width, rows * width, rows * width, rows * width, rows * feedForward, heads * rows * keys]
        storage = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: max($0, 1)) }
        (query, key, value, attended, projected, hidden, scores) = (storage[0], storage[1], storage[2], storage[3], storage[4], storage[5], storage[6])
    }

    /// Frees the buffers; a scratch is used for one forward call.
    func release() { storage.forEach { $0.deallocate() } }

    /// Queries, keys and values of `x` for self-attention.
    func project(_ x: [Float], rows: Int, with attention: AttentionWeights) {
        attention.query.apply(x, rows: rows, into: query)
        attention.key.apply(x, rows: rows, into: key)
        attention.value.apply(x, rows: rows, into: value)
    }

    /// Attention of `rows` queries into `attended`.
    func attend(queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>, rows: Int, keyCount: Int,
                heads: Int, causalOffset: Int?) {
        multiHeadAttention(queries: queries, keys: keys, values: values, queryCount: rows, keyCount: keyCount, width: width,
                           heads: heads, causalOffset: causalOffset, scores: scores, output: attended)
    }

    /// x = LayerNorm(x + attended Wₒᵀ + bₒ)
    func addAndNormalize(_ x: inout [Float], rows: Int, attentionOutput: Linear, norm: LayerNormWeights, epsilon: Float) {
        attentionOutput.apply(attended, rows: rows, into: projected)
        residualNorm(&x, rows: rows, norm: norm, epsilon: epsilon)
    }

    /// x = LayerNorm(x + W₂ act(W₁ x + b₁) + b₂)
    func feedForward(_ x: inout [Float], rows: Int, in first: Linear, out second: Linear, norm: LayerNormWeights,
                     activation: Activation, epsilon: Float) {
        first.apply(x, rows: rows, into: hidden)
        activation.apply(hidden, count: rows * first.outputs)
        second.apply(hidden, rows: rows, into: projected)
        residualNorm(&x, rows: rows, norm: norm, epsilon: epsilon)
    }

    /// x = LayerNorm(x + projected)
    private func residualNorm(_ x: inout [Float], rows: Int, norm: LayerNormWeights, epsilon: Float) {
        x.withUnsafeMutableBufferPointer { x in
            for index in 0..<(rows * width) { x[index] += projected[index] }
            norm.weight.withUnsafeBufferPointer { weight in
                norm.bias.withUnsafeBufferPointer { bias in
                    layerNormRows(x.baseAddress!, into: x.baseAddress!, rows: rows, width: width,
                                  weight: weight.baseAddress!, bias: bias.baseAddress!, epsilon: epsilon)
                }
            }
        }
    }
}
