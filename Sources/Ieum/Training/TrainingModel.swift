// The encoder-decoder for training: where its parameters sit in the flat buffer, and the
// forward pass that keeps what backward needs.
import Foundation

/// The model as training sees it: a config, the flat layout, and every layer's slots in it.
/// Training supports every architecture the inference engine runs.
public struct TrainingModel: Sendable {
    public let config: ModelConfig
    let layout: ParameterLayout
    let slots: ModelSlots
    let sinusoids: [Float]  // (maxPositions, C)

    public init(config: ModelConfig) throws(TrainingError) {
        self.config = config
        layout = ParameterLayout(config: config)
        slots = ModelSlots(layout, config: config)
        sinusoids = Transformer.sinusoidalPositions(count: config.maxPositions, width: config.modelWidth)
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
