// The encoder-decoder for training: where its parameters sit in the flat buffer, and the
// forward pass that keeps what backward needs.
import Foundation

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

/// The model as training sees it: a config, the flat layout, and every layer's slots in it.
/// Training supports what the inference engine runs except rotary positions and embedding
/// layer norms.
public struct TrainingModel: Sendable {
    public let config: ModelConfig
    let layout: ParameterLayout
    let sourceEmbedding: Int, targetEmbedding: Int, outputProjection: Int  // (V, C) each; equal when tied
    let encoderPositions: Int?, decoderPositions: Int?  // learned tables
    let sinusoids: [Float]  // (maxPositions, C)
    let encoderLayers: [(attention: AttentionSlots, feedForward: FeedForwardSlots)]
    let decoderLayers: [(selfAttention: AttentionSlots, crossAttention: AttentionSlots, feedForward: FeedForwardSlots)]
    let encoderFinalNorm: NormSlot?, decoderFinalNorm: NormSlot?

    public init(config: ModelConfig) throws(TrainingError) {
        guard config.positions != .rotary, !config.embeddingNorm else {
            throw TrainingError("training supports sinusoidal or learned positions without an embedding layer norm")
        }
        self.config = config
        let layout = ParameterLayout(config: config)
        self.layout = layout
        func first(_ names: [String]) -> Int { layout.offset(names.first(where: layout.contains) ?? names[0]) }
        sourceEmbedding = first(CheckpointNames.sourceEmbedding)
        targetEmbedding = first(CheckpointNames.targetEmbedding)
        outputProjection = first(CheckpointNames.outputProjection)
        encoderPositions = config.positions == .learned ? layout.offset(CheckpointNames.encoderPositions) : nil
        decoderPositions = config.positions == .learned ? layout.offset(CheckpointNames.decoderPositions) : nil
        sinusoids = Transformer.sinusoidalPositions(count: config.maxPositions, width: config.modelWidth)
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

    /// How many parameters the flat buffer holds.
    public var parameterCount: Int { layout.count }
}

/// Why training cannot go on, for a person.
public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TrainingModel {
    /// Floating-point operations of the matrix products of one training step on `batch`
    /// (forward, and backward at twice the forward's cost): what GFLOP/s figures count.
    func matrixOperations(_ batch: TrainingBatch) -> Double {
        let (B, S, T) = (Double(batch.batch), Double(batch.sourceLength), Double(batch.targetLength))
        let (C, V) = (Double(config.modelWidth), Double(config.targetVocabularySize))
        let factor = Double(config.activation.inputWidthFactor)
        let (sourceRows, targetRows) = (B * S, B * T)
        func feedForward(_ rows: Double, _ F: Int) -> Double { 2 * rows * C * Double(F) * (factor + 1) }
        let encoderLayer = 8 * sourceRows * C * C + 4 * B * S * S * C + feedForward(sourceRows, config.encoderFeedForwardWidth)
        let decoderLayer = 8 * targetRows * C * C + 4 * B * T * T * C  // self-attention
            + 4 * targetRows * C * C + 4 * sourceRows * C * C + 4 * B * T * S * C  // cross-attention
            + feedForward(targetRows, config.decoderFeedForwardWidth)
        let forward = Double(config.encoderLayers) * encoderLayer + Double(config.decoderLayers) * decoderLayer + 2 * targetRows * C * V
        return 3 * forward
    }
}

extension TrainingModel {
    /// Token embeddings are multiplied by √C when the config says so.
    var embeddingScale: Float { config.scaleEmbedding ? Float(config.modelWidth).squareRoot() : 1 }

    /// The three attention calls of a batch: encoder self-attention, decoder causal
    /// self-attention and cross-attention.
    func attentionShapes(_ batch: TrainingBatch) -> (encoder: AttentionShape, decoder: AttentionShape, cross: AttentionShape) {
        let (B, S, T, C) = (batch.batch, batch.sourceLength, batch.targetLength, config.modelWidth)
        return (AttentionShape(batch: B, queryLength: S, keyLength: S, width: C, heads: config.encoderHeads,
                               keyCounts: batch.sourceCounts, causal: false),
                AttentionShape(batch: B, queryLength: T, keyLength: T, width: C, heads: config.decoderHeads,
                               keyCounts: batch.targetCounts, causal: true),
                AttentionShape(batch: B, queryLength: T, keyLength: S, width: C, heads: config.decoderHeads,
                               keyCounts: batch.sourceCounts, causal: false))
    }
}
