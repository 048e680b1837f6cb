// The linear layer as a forward/backward pair over contiguous buffers, and its packed
// inference path.

/// out (N, O) = inp (N, I) · weightᵀ + bias, with weight (O, I) as PyTorch stores it.
func linearForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                   bias: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int) {
    packedMatrixMultiply(inp, rowStride: inputs, weight, rowStride: inputs, columnStride: 1, into: out, rowStride: outputs,
                         m: rows, n: outputs, k: inputs, bias: bias)
}

extension Linear {
    /// `linearForward` for inference: output (rows, outputs) = input (rows, inputs) Wᵀ + b through
    /// the packed weight (a `Transformer` packs every linear layer when it is built).
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        guard let packed else { preconditionFailure("apply needs the weight packed, as Transformer.init does") }
        bias.withUnsafeBufferPointer { packed.multiply(input, rows: rows, into: output, bias: $0.baseAddress!) }
    }
}

/// Gradients of `linearForward`: dinp (N, I) = dout · weight (added to dinp when `accumulate`),
/// dweight (O, I) += doutᵀ · inp, dbias (O) += Σ_rows dout.
func linearBackward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>,
                    dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                    rows: Int, inputs: Int, outputs: Int, accumulate: Bool = false) {
    if let dinp {
        // dinp = dout · weight: weight read transposed, as (inputs × outputs).
        packedMatrixMultiply(dout, rowStride: outputs, weight, rowStride: 1, columnStride: inputs, into: dinp, rowStride: inputs,
                             m: rows, n: inputs, k: outputs, accumulate: accumulate)
    }
    packedTransposedProduct(dout, rowStride: outputs, inp, rowStride: inputs, into: dweight, rowStride: inputs, m: outputs, n: inputs, k: rows)
    for row in 0..<rows {
        let d = dout + row * outputs
        for column in 0..<outputs { dbias[column] += d[column] }
    }
}
