// Where each block's parameters sit in the flat buffer: views of the one name table that
// training and inference both build from.

/// Offsets of a linear layer's weight (O, I) and bias (O) in the flat buffer.
struct LinearSlot: Sendable {
    let weight: Int
    let bias: Int
    let inputs: Int
    let outputs: Int

    init(_ layout: ParameterLayout, _ prefix: String) {
        weight = layout.offset("\(prefix).weight")
        bias = layout.offset("\(prefix).bias")
        let shape = layout.entry("\(prefix).weight").shape
        (outputs, inputs) = (shape[0], shape[1])
    }
}

/// Offsets of a layer norm's weight and bias (C each).
struct NormSlot: Sendable {
    let weight: Int
    let bias: Int

    init(_ layout: ParameterLayout, _ prefix: String) {
        weight = layout.offset("\(prefix).weight")
        bias = layout.offset("\(prefix).bias")
    }
}

/// An attention block's projections and its layer norm.
struct AttentionSlots: Sendable {
    let query, key, value, output: LinearSlot
    let norm: NormSlot

    init(_ layout: ParameterLayout, _ prefix: String, norm: String) {
        query = LinearSlot(layout, "\(prefix).q_proj")
        key = LinearSlot(layout, "\(prefix).k_proj")
        value = LinearSlot(layout, "\(prefix).v_proj")
        output = LinearSlot(layout, "\(prefix).out_proj")
        self.norm = NormSlot(layout, norm)
    }
}

/// A feed-forward block's two layers and its layer norm.
struct FeedForwardSlots: Sendable {
    let input, output: LinearSlot
    let norm: NormSlot

    init(_ layout: ParameterLayout, _ prefix: String) {
        input = LinearSlot(layout, "\(prefix).fc1")
        output = LinearSlot(layout, "\(prefix).fc2")
        norm = NormSlot(layout, "\(prefix).final_layer_norm")
    }
}

/// Every block of a model of one config in the flat buffer of its `ParameterLayout`.
struct ModelSlots: Sendable {
    let sourceEmbedding: Int, targetEmbedding: Int, outputProjection: Int  // (V, C) each; equal when tied
    let encoderPositions: Int?, decoderPositions: Int?  // learned tables, (maxPositions + 2, C)
    let encoderEmbeddingNorm: NormSlot?, decoderEmbeddingNorm: NormSlot?
    let encoderLayers: [(attention: AttentionSlots, feedForward: FeedForwardSlots)]
    let decoderLayers: [(selfAttention: AttentionSlots, crossAttention: AttentionSlots, feedForward: FeedForwardSlots)]
    let encoderFinalNorm: NormSlot?, decoderFinalNorm: NormSlot?

    init(_ layout: ParameterLayout, config: ModelConfig) {
        func first(_ names: [String]) -> Int { layout.offset(names.first(where: layout.contains) ?? names[0]) }
        sourceEmbedding = first(CheckpointNames.sourceEmbedding)
        targetEmbedding = first(CheckpointNames.targetEmbedding)
        outputProjection = first(CheckpointNames.outputProjection)
        let learned = config.positions == .learned
        encoderPositions = learned ? layout.offset(CheckpointNames.encoderPositions) : nil
        decoderPositions = learned ? layout.offset(CheckpointNames.decoderPositions) : nil
        encoderEmbeddingNorm = config.embeddingNorm ? NormSlot(layout, CheckpointNames.encoderEmbeddingNorm) : nil
        decoderEmbeddingNorm = config.embeddingNorm ? NormSlot(layout, CheckpointNames.decoderEmbeddingNorm) : nil
        encoderLayers = (0..<config.encoderLayers).map { index in
            let prefix = CheckpointNames.encoderLayer(index)
            return (AttentionSlots(layout, "\(prefix).self_attn", norm: "\(prefix).self_attn_layer_norm"), FeedForwardSlots(layout, prefix))
        }
        decoderLayers = (0..<config.decoderLayers).map { index in
            let prefix = CheckpointNames.decoderLayer(index)
            return (AttentionSlots(layout, "\(prefix).self_attn", norm: "\(prefix).self_attn_layer_norm"),
                    AttentionSlots(layout, "\(prefix).encoder_attn", norm: "\(prefix).encoder_attn_layer_norm"),
                    FeedForwardSlots(layout, prefix))
        }
        encoderFinalNorm = config.normalizeBefore ? NormSlot(layout, CheckpointNames.encoderFinalNorm) : nil
        decoderFinalNorm = config.normalizeBefore ? NormSlot(layout, CheckpointNames.decoderFinalNorm) : nil
    }
}
