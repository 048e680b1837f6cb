// The training forward pass over a padded batch, keeping every activation backward needs.

extension TrainingModel {
    /// Dropout rate and the generator its masks come from; rate 0 for evaluation.
    struct Dropout {
        var rate: Float
        var generator: SeededGenerator
    }

    /// Runs encoder and decoder over `batch` and leaves the logits, (B·T, V), in `a.logits`.
    func forward(_ batch: TrainingBatch, parameters p: UnsafePointer<Float>, activations a: TrainingActivations,
                 dropout: inout Dropout) {
        let (B, S, T, C) = (batch.batch, batch.sourceLength, batch.targetLength, config.modelWidth)
        let (scale, shapes) = (embeddingScale, attentionShapes(batch))

        var x = embed(batch.sourceIds, length: S, table: p + slots.sourceEmbedding, positions: slots.encoderPositions.map { p + $0 },
                      norm: slots.encoderEmbeddingNorm, into: a.encoderEmbedded, a.encoderEmbeddingNorm, mask: a.encoderEmbeddingMask,
                      scale: scale, parameters: p, dropout: &dropout)
        for (layer, activations) in zip(slots.encoderLayers, a.encoderLayers) {
            x = attentionBlock(activations.attention, layer.attention, input: x, rows: B * S, keys: nil, shape: shapes.encoder,
                               parameters: p, dropout: &dropout)
            x = feedForwardBlock(activations.feedForward, layer.feedForward, input: x, rows: B * S,
                                 hiddenWidth: config.encoderFeedForwardWidth, parameters: p, dropout: &dropout)
        }
        a.encoderOutput = finalNorm(slots.encoderFinalNorm, a.encoderFinal, input: x, rows: B * S, parameters: p)

        var y = embed(batch.decoderInputs, length: T, table: p + slots.targetEmbedding, positions: slots.decoderPositions.map { p + $0 },
                      norm: slots.decoderEmbeddingNorm, into: a.decoderEmbedded, a.decoderEmbeddingNorm, mask: a.decoderEmbeddingMask,
                      scale: scale, parameters: p, dropout: &dropout)
        for (layer, activations) in zip(slots.decoderLayers, a.decoderLayers) {
            y = attentionBlock(activations.selfAttention, layer.selfAttention, input: y, rows: B * T, keys: nil, shape: shapes.decoder,
                               parameters: p, dropout: &dropout)
            y = attentionBlock(activations.crossAttention, layer.crossAttention, input: y, rows: B * T,
                               keys: (a.encoderOutput, B * S), shape: shapes.cross, parameters: p, dropout: &dropout)
            y = feedForwardBlock(activations.feedForward, layer.feedForward, input: y, rows: B * T,
                                 hiddenWidth: config.decoderFeedForwardWidth, parameters: p, dropout: &dropout)
        }
        a.decoderOutput = finalNorm(slots.decoderFinalNorm, a.decoderFinal, input: y, rows: B * T, parameters: p)

        // logits = y Eᵀ (the output bias of Marian checkpoints is zero and not trained)
        let V = config.targetVocabularySize
        packedMatrixMultiply(a.decoderOutput, rowStride: C, p + slots.outputProjection, rowStride: C, columnStride: 1,
                             into: a.logits.reserve(B * T * V), rowStride: V, m: B * T, n: V, k: C)
    }

    /// Token embeddings (scaled) plus positions (sinusoidal, the learned table, or none with
    /// rotary positions), then the embedding layer norm if the config has one, then dropout.
    private func embed(_ ids: [Int32], length: Int, table: UnsafePointer<Float>, positions learned: UnsafePointer<Float>?,
                       norm: NormSlot?, into embedded: FloatBuffer, _ r: ResidualActivations, mask: FloatBuffer, scale: Float,
                       parameters p: UnsafePointer<Float>, dropout: inout Dropout) -> UnsafePointer<Float> {
        let C = config.modelWidth, N = ids.count, count = N * C
        let x = embedded.reserve(count)
        sinusoids.withUnsafeBufferPointer { sinusoids in
            embeddingForward(x, ids: ids, at: ids.indices.map { $0 % length }, table: table, scale: scale,
                             positions: config.positions == .rotary ? nil : learned ?? sinusoids.baseAddress!,
                             positionOffset: learned == nil ? 0 : CheckpointNames.learnedPositionOffset, width: C)
        }
        var out = x
        if let norm {
            out = r.normed.reserve(count)
            layerNormForward(out, mean: r.mean.reserve(N), rstd: r.rstd.reserve(N), x, weight: p + norm.weight, bias: p + norm.bias,
                             rows: N, width: C, epsilon: config.layerNormEpsilon)
        }
        dropoutForward(out, mask: mask.reserve(count), count: count, rate: dropout.rate, generator: &dropout.generator)
        return UnsafePointer(out)
    }

    /// The output of a residual block around `f`, which writes f(input) (N, C) into its second
    /// argument: x + dropout(f(LN(x))) or LN(x + dropout(f(x))).
    private func residualBlock(_ r: ResidualActivations, input x: UnsafePointer<Float>, rows N: Int, norm: NormSlot,
                               parameters p: UnsafePointer<Float>, dropout: inout Dropout,
                               _ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> UnsafePointer<Float> {
        let C = config.modelWidth, count = N * C
        let normed = r.normed.reserve(count), sum = r.sum.reserve(count), mean = r.mean.reserve(N), rstd = r.rstd.reserve(N)
        if config.normalizeBefore {
            layerNormForward(normed, mean: mean, rstd: rstd, x, weight: p + norm.weight, bias: p + norm.bias, rows: N, width: C,
                             epsilon: config.layerNormEpsilon)
        }
        f(config.normalizeBefore ? UnsafePointer(normed) : x, sum)
        dropoutForward(sum, mask: r.mask.reserve(count), count: count, rate: dropout.rate, generator: &dropout.generator)
        for index in 0..<count { sum[index] += x[index] }
        guard !config.normalizeBefore else { return UnsafePointer(sum) }
        layerNormForward(normed, mean: mean, rstd: rstd, sum, weight: p + norm.weight, bias: p + norm.bias, rows: N, width: C,
                         epsilon: config.layerNormEpsilon)
        return UnsafePointer(normed)
    }

    /// Self-attention (`keys` nil) or cross-attention over `keys` (the encoder's output and its
    /// row count) as a residual block.
    private func attentionBlock(_ a: AttentionActivations, _ slots: AttentionSlots, input x: UnsafePointer<Float>, rows N: Int,
                                keys: (values: UnsafePointer<Float>, rows: Int)?, shape: AttentionShape,
                                parameters p: UnsafePointer<Float>, dropout: inout Dropout) -> UnsafePointer<Float> {
        let C = config.modelWidth
        return residualBlock(a.block, input: x, rows: N, norm: slots.norm, parameters: p, dropout: &dropout) { input, out in
            let (keyInput, keyRows) = keys ?? (input, N)
            let q = a.q.reserve(N * C), k = a.k.reserve(keyRows * C), v = a.v.reserve(keyRows * C), context = a.context.reserve(N * C)
            apply(slots.query, input, into: q, rows: N, parameters: p)
            apply(slots.key, keyInput, into: k, rows: keyRows, parameters: p)
            apply(slots.value, keyInput, into: v, rows: keyRows, parameters: p)
            if keys == nil, config.positions == .rotary {
                let length = shape.queryLength
                rotate(q, rows: N, width: C, heads: shape.heads) { $0 % length }
                rotate(k, rows: N, width: C, heads: shape.heads) { $0 % length }
            }
            attentionForward(context: context, weights: a.weights.reserve(shape.weightCount), q: q, k: k, v: v, shape: shape)
            apply(slots.output, context, into: out, rows: N, parameters: p)
        }
    }

    private func feedForwardBlock(_ a: FeedForwardActivations, _ slots: FeedForwardSlots, input x: UnsafePointer<Float>, rows N: Int,
                                  hiddenWidth F: Int, parameters p: UnsafePointer<Float>, dropout: inout Dropout) -> UnsafePointer<Float> {
        residualBlock(a.block, input: x, rows: N, norm: slots.norm, parameters: p, dropout: &dropout) { input, out in
            let hidden = a.hidden.reserve(N * slots.input.outputs), activated = a.activated.reserve(N * F)
            apply(slots.input, input, into: hidden, rows: N, parameters: p)
            config.activation.forward(activated, hidden, rows: N, width: F)
            apply(slots.output, activated, into: out, rows: N, parameters: p)
        }
    }

    /// A stack's final layer norm (pre-layer-norm models), or its last block's output as it is.
    private func finalNorm(_ norm: NormSlot?, _ r: ResidualActivations, input x: UnsafePointer<Float>, rows N: Int,
                           parameters p: UnsafePointer<Float>) -> UnsafePointer<Float> {
        guard let norm else { return x }
        let C = config.modelWidth
        let out = r.normed.reserve(N * C)
        layerNormForward(out, mean: r.mean.reserve(N), rstd: r.rstd.reserve(N), x, weight: p + norm.weight, bias: p + norm.bias,
                         rows: N, width: C, epsilon: config.layerNormEpsilon)
        return UnsafePointer(out)
    }

    private func apply(_ slot: LinearSlot, _ input: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Int,
                       parameters p: UnsafePointer<Float>) {
        linearForward(out, input, weight: p + slot.weight, bias: p + slot.bias, rows: rows, inputs: slot.inputs, outputs: slot.outputs)
    }
}
