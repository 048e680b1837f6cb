// The training backward pass: from the logits' gradient to every parameter's, in reverse order
// of the forward pass.

extension TrainingModel {
    /// Adds the gradient of the loss into `g` (the flat layout), given the logits' gradient in
    /// `a.logits`, the gradient on one decoder layer's cross-attention weights when guided
    /// alignment is on, and the activations of the forward pass over the same batch.
    func backward(_ batch: TrainingBatch, parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
                  activations a: TrainingActivations, attentionGradient: (layer: Int, dweights: UnsafePointer<Float>)? = nil) {
        let (B, S, T, C, V) = (batch.batch, batch.sourceLength, batch.targetLength, config.modelWidth, config.targetVocabularySize)
        let (scale, shapes) = (embeddingScale, attentionShapes(batch))
        let rows = max(B * S, B * T) * C
        var (dout, dinp) = (a.gradientStream.0.reserve(rows), a.gradientStream.1.reserve(rows))
        let dEncoderOutput = a.gradientEncoderOutput.reserve(B * S * C)
        dEncoderOutput.update(repeating: 0, count: B * S * C)

        // logits = y Eᵀ
        let dlogits = UnsafePointer(a.logits.pointer)
        packedMatrixMultiply(dlogits, rowStride: V, p + slots.outputProjection, rowStride: 1, columnStride: C, into: dout, rowStride: C,
                             m: B * T, n: C, k: V)
        packedWideTransposedProduct(a.decoderOutput, rowStride: C, dlogits, rowStride: V, into: g + slots.outputProjection, rowStride: C,
                                    m: C, n: V, k: B * T)

        // Decoder, last block first; each block's input is the previous block's output.
        var decoderBlocks: [ResidualActivations] = []
        for layer in a.decoderLayers { decoderBlocks += [layer.selfAttention.block, layer.crossAttention.block, layer.feedForward.block] }
        let decoderInputs = [embeddingOutput(a.decoderEmbedded, a.decoderEmbeddingNorm, norm: slots.decoderEmbeddingNorm)]
            + decoderBlocks.map(blockOutput)
        finalNormBackward(slots.decoderFinalNorm, a.decoderFinal, input: decoderInputs.last!, dout: &dout, dinp: &dinp, rows: B * T,
                          parameters: p, gradients: g)
        for (index, (layer, activations)) in zip(slots.decoderLayers, a.decoderLayers).enumerated().reversed() {
            feedForwardBackward(activations.feedForward, layer.feedForward, input: decoderInputs[3 * index + 2], dout: dout, dinp: dinp,
                                rows: B * T, hiddenWidth: config.decoderFeedForwardWidth, parameters: p, gradients: g, scratch: a)
            swap(&dout, &dinp)
            attentionBackward(activations.crossAttention, layer.crossAttention, input: decoderInputs[3 * index + 1], dout: dout,
                              dinp: dinp, rows: B * T, keys: (a.encoderOutput, dEncoderOutput, B * S), shape: shapes.cross,
                              parameters: p, gradients: g, scratch: a,
                              dweights: attentionGradient.flatMap { $0.layer == index ? $0.dweights : nil })
            swap(&dout, &dinp)
            attentionBackward(activations.selfAttention, layer.selfAttention, input: decoderInputs[3 * index], dout: dout, dinp: dinp,
                              rows: B * T, keys: nil, shape: shapes.decoder, parameters: p, gradients: g, scratch: a)
            swap(&dout, &dinp)
        }
        embeddingBackward(batch.decoderInputs, length: T, dout: dout, dinp: dinp, mask: a.decoderEmbeddingMask,
                          norm: slots.decoderEmbeddingNorm, a.decoderEmbedded, a.decoderEmbeddingNorm, table: g + slots.targetEmbedding,
                          positions: slots.decoderPositions.map { g + $0 }, scale: scale, parameters: p, gradients: g)

        // Encoder, from what cross-attention sent back.
        dout.update(from: dEncoderOutput, count: B * S * C)
        var encoderBlocks: [ResidualActivations] = []
        for layer in a.encoderLayers { encoderBlocks += [layer.attention.block, layer.feedForward.block] }
        let encoderInputs = [embeddingOutput(a.encoderEmbedded, a.encoderEmbeddingNorm, norm: slots.encoderEmbeddingNorm)]
            + encoderBlocks.map(blockOutput)
        finalNormBackward(slots.encoderFinalNorm, a.encoderFinal, input: encoderInputs.last!, dout: &dout, dinp: &dinp, rows: B * S,
                          parameters: p, gradients: g)
        for (index, (layer, activations)) in zip(slots.encoderLayers, a.encoderLayers).enumerated().reversed() {
            feedForwardBackward(activations.feedForward, layer.feedForward, input: encoderInputs[2 * index + 1], dout: dout, dinp: dinp,
                                rows: B * S, hiddenWidth: config.encoderFeedForwardWidth, parameters: p, gradients: g, scratch: a)
            swap(&dout, &dinp)
            attentionBackward(activations.attention, layer.attention, input: encoderInputs[2 * index], dout: dout, dinp: dinp,
                              rows: B * S, keys: nil, shape: shapes.encoder, parameters: p, gradients: g, scratch: a)
            swap(&dout, &dinp)
        }
        embeddingBackward(batch.sourceIds, length: S, dout: dout, dinp: dinp, mask: a.encoderEmbeddingMask,
                          norm: slots.encoderEmbeddingNorm, a.encoderEmbedded, a.encoderEmbeddingNorm, table: g + slots.sourceEmbedding,
                          positions: slots.encoderPositions.map { g + $0 }, scale: scale, parameters: p, gradients: g)
    }

    private func blockOutput(_ r: ResidualActivations) -> UnsafePointer<Float> {
        UnsafePointer(config.normalizeBefore ? r.sum.pointer : r.normed.pointer)
    }

    /// What the first block read: the embeddings, or their layer norm.
    private func embeddingOutput(_ embedded: FloatBuffer, _ r: ResidualActivations, norm: NormSlot?) -> UnsafePointer<Float> {
        UnsafePointer(norm == nil ? embedded.pointer : r.normed.pointer)
    }

    /// The embeddings' gradients from their output's (dout; dinp is scratch): through dropout,
    /// the embedding layer norm if any, into the tables.
    private func embeddingBackward(_ ids: [Int32], length: Int, dout: UnsafeMutablePointer<Float>, dinp: UnsafeMutablePointer<Float>,
                                   mask: FloatBuffer, norm: NormSlot?, _ embedded: FloatBuffer, _ r: ResidualActivations,
                                   table: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Float>?, scale: Float,
                                   parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>) {
        let C = config.modelWidth, N = ids.count
        dropoutBackward(dout, mask: mask.pointer, count: N * C)
        var dembedded = dout
        if let norm {
            // out = LN(embedded)
            dinp.update(repeating: 0, count: N * C)
            layerNormBackward(dinp: dinp, dweight: g + norm.weight, dbias: g + norm.bias, dout: dout, inp: embedded.pointer,
                              mean: r.mean.pointer, rstd: r.rstd.pointer, weight: p + norm.weight, rows: N, width: C)
            dembedded = dinp
        }
        Ieum.embeddingBackward(dtable: table, dpositions: positions, dout: dembedded, ids: ids, at: ids.indices.map { $0 % length },
                               scale: scale, positionOffset: CheckpointNames.learnedPositionOffset, width: C)
    }

    /// y = LN(x) at the end of a pre-layer-norm stack: the gradient moves from dout to dinp,
    /// and the two swap so that dout holds it again.
    private func finalNormBackward(_ norm: NormSlot?, _ r: ResidualActivations, input x: UnsafePointer<Float>,
                                   dout: inout UnsafeMutablePointer<Float>, dinp: inout UnsafeMutablePointer<Float>, rows N: Int,
                                   parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>) {
        guard let norm else { return }
        let C = config.modelWidth
        dinp.update(repeating: 0, count: N * C)
        layerNormBackward(dinp: dinp, dweight: g + norm.weight, dbias: g + norm.bias, dout: dout, inp: x, mean: r.mean.pointer,
                          rstd: r.rstd.pointer, weight: p + norm.weight, rows: N, width: C)
        swap(&dout, &dinp)
    }

    /// The gradient of a residual block's input (into dinp, overwritten) from its output's
    /// (dout, which may be changed). `f` gets f's output gradient and the buffer for its
    /// input's gradient, and whether to add into that buffer.
    private func residualBackward(_ r: ResidualActivations, input x: UnsafePointer<Float>, dout: UnsafeMutablePointer<Float>,
                                  dinp: UnsafeMutablePointer<Float>, rows N: Int, norm: NormSlot, parameters p: UnsafePointer<Float>,
                                  gradients g: UnsafeMutablePointer<Float>, scratch a: TrainingActivations,
                                  _ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Bool) -> Void) {
        let C = config.modelWidth, count = N * C
        let df = a.gradientBlockOutput.reserve(count)
        if config.normalizeBefore {
            // out = x + dropout(f(LN(x)))
            df.update(from: dout, count: count)
            dropoutBackward(df, mask: r.mask.pointer, count: count)
            let dnormed = a.gradientBlockInput.reserve(count)
            f(df, dnormed, false)
            dinp.update(from: dout, count: count)
            layerNormBackward(dinp: dinp, dweight: g + norm.weight, dbias: g + norm.bias, dout: dnormed, inp: x, mean: r.mean.pointer,
                              rstd: r.rstd.pointer, weight: p + norm.weight, rows: N, width: C)
        } else {
            // out = LN(sum), sum = x + dropout(f(x))
            dinp.update(repeating: 0, count: count)
            layerNormBackward(dinp: dinp, dweight: g + norm.weight, dbias: g + norm.bias, dout: dout, inp: r.sum.pointer,
                              mean: r.mean.pointer, rstd: r.rstd.pointer, weight: p + norm.weight, rows: N, width: C)
            df.update(from: dinp, count: count)
            dropoutBackward(df, mask: r.mask.pointer, count: count)
            f(df, dinp, true)
        }
    }

    /// `keys`: for cross-attention, the encoder's output, the buffer its gradient is added
    /// into, and its row count.
    private func attentionBackward(_ a: AttentionActivations, _ slots: AttentionSlots, input x: UnsafePointer<Float>,
                                   dout: UnsafeMutablePointer<Float>, dinp: UnsafeMutablePointer<Float>, rows N: Int,
                                   keys: (values: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, rows: Int)?,
                                   shape: AttentionShape, parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
                                   scratch: TrainingActivations, dweights: UnsafePointer<Float>? = nil) {
        let C = config.modelWidth
        let input = config.normalizeBefore ? UnsafePointer(a.block.normed.pointer) : x
        residualBackward(a.block, input: x, dout: dout, dinp: dinp, rows: N, norm: slots.norm, parameters: p, gradients: g,
                         scratch: scratch) { df, dinput, accumulate in
            let keyRows = keys?.rows ?? N
            let dcontext = scratch.gradientContext.reserve(N * C), dq = scratch.gradientQuery.reserve(N * C)
            let dk = scratch.gradientKey.reserve(keyRows * C), dv = scratch.gradientValue.reserve(keyRows * C)
            // out = context Woᵀ + bo
            gradient(slots.output, dinp: dcontext, dout: df, inp: a.context.pointer, rows: N, parameters: p, gradients: g)
            Ieum.attentionBackward(dq: dq, dk: dk, dv: dv, dcontext: dcontext, weights: a.weights.pointer, q: a.q.pointer,
                                   k: a.k.pointer, v: a.v.pointer, shape: shape, dweights: dweights)
            if keys == nil, config.positions == .rotary {
                // q and k were turned by each position's angle; their gradients turn back by it.
                let length = shape.queryLength
                rotate(dq, rows: N, width: C, heads: shape.heads) { -($0 % length) }
                rotate(dk, rows: N, width: C, heads: shape.heads) { -($0 % length) }
            }
            // q = input Wqᵀ + bq; k, v likewise from the input or the encoder's output
            gradient(slots.query, dinp: dinput, dout: dq, inp: input, rows: N, parameters: p, gradients: g, accumulate: accumulate)
            let (keyInput, dkeyInput) = keys.map { ($0.values, $0.gradient) } ?? (input, dinput)
            gradient(slots.key, dinp: dkeyInput, dout: dk, inp: keyInput, rows: keyRows, parameters: p, gradients: g, accumulate: true)
            gradient(slots.value, dinp: dkeyInput, dout: dv, inp: keyInput, rows: keyRows, parameters: p, gradients: g, accumulate: true)
        }
    }

    private func feedForwardBackward(_ a: FeedForwardActivations, _ slots: FeedForwardSlots, input x: UnsafePointer<Float>,
                                     dout: UnsafeMutablePointer<Float>, dinp: UnsafeMutablePointer<Float>, rows N: Int,
                                     hiddenWidth F: Int, parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>,
                                     scratch: TrainingActivations) {
        let input = config.normalizeBefore ? UnsafePointer(a.block.normed.pointer) : x
        residualBackward(a.block, input: x, dout: dout, dinp: dinp, rows: N, norm: slots.norm, parameters: p, gradients: g,
                         scratch: scratch) { df, dinput, accumulate in
            let dactivated = scratch.gradientActivated.reserve(N * F), dhidden = scratch.gradientHidden.reserve(N * slots.input.outputs)
            // out = activated W2ᵀ + b2; activated = activation(hidden); hidden = input W1ᵀ + b1
            gradient(slots.output, dinp: dactivated, dout: df, inp: a.activated.pointer, rows: N, parameters: p, gradients: g)
            config.activation.backward(dinp: dhidden, dout: dactivated, inp: a.hidden.pointer, rows: N, width: F)
            gradient(slots.input, dinp: dinput, dout: dhidden, inp: input, rows: N, parameters: p, gradients: g, accumulate: accumulate)
        }
    }

    private func gradient(_ slot: LinearSlot, dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                          rows: Int, parameters p: UnsafePointer<Float>, gradients g: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        linearBackward(dinp: dinp, dweight: g + slot.weight, dbias: g + slot.bias, dout: dout, inp: inp, weight: p + slot.weight,
                       rows: rows, inputs: slot.inputs, outputs: slot.outputs, accumulate: accumulate)
    }
}
