// Weights back to checkpoint tensors, and random weights for tests and benchmarks.
import Foundation

extension TransformerWeights {
    /// Every tensor under its checkpoint name (the inverse of loading): embeddings stored once
    /// when shared.
    func checkpointTensors(config: ModelConfig) -> [String: (shape: [Int], values: [Float])] {
        let width = config.modelWidth
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        if config.sharedEmbeddings {
            tensors["model.shared.weight"] = ([config.sourceVocabularySize, width], sourceEmbedding)
        } else {
            tensors["model.encoder.embed_tokens.weight"] = ([config.sourceVocabularySize, width], sourceEmbedding)
            tensors["model.decoder.embed_tokens.weight"] = ([config.targetVocabularySize, width], targetEmbedding)
            tensors["lm_head.weight"] = ([config.targetVocabularySize, width], outputProjection)
        }
        tensors[CheckpointNames.outputBias] = ([1, config.targetVocabularySize], outputBias)
        func add(_ prefix: String, _ linear: Linear) {
            tensors["\(prefix).weight"] = ([linear.outputs, linear.inputs], linear.weight)
            tensors["\(prefix).bias"] = ([linear.outputs], linear.bias)
        }
        func add(_ prefix: String, _ norm: LayerNormWeights) {
            tensors["\(prefix).weight"] = ([width], norm.weight)
            tensors["\(prefix).bias"] = ([width], norm.bias)
        }
        func add(_ prefix: String, _ attention: AttentionWeights) {
            add("\(prefix).q_proj", attention.query)
            add("\(prefix).k_proj", attention.key)
            add("\(prefix).v_proj", attention.value)
            add("\(prefix).out_proj", attention.output)
        }
        /// The blocks both stacks have: self-attention and feed-forward with their norms.
        func addCommon(_ prefix: String, _ attention: AttentionWeights, _ attentionNorm: LayerNormWeights,
                       _ feedForwardIn: Linear, _ feedForwardOut: Linear, _ feedForwardNorm: LayerNormWeights) {
            add("\(prefix).self_attn", attention)
            add("\(prefix).self_attn_layer_norm", attentionNorm)
            add("\(prefix).fc1", feedForwardIn)
            add("\(prefix).fc2", feedForwardOut)
            add("\(prefix).final_layer_norm", feedForwardNorm)
        }
        for (index, layer) in encoderLayers.enumerated() {
            addCommon(CheckpointNames.encoderLayer(index), layer.selfAttention, layer.selfAttentionNorm,
                      layer.feedForwardIn, layer.feedForwardOut, layer.feedForwardNorm)
        }
        for (index, layer) in decoderLayers.enumerated() {
            let prefix = CheckpointNames.decoderLayer(index)
            addCommon(prefix, layer.selfAttention, layer.selfAttentionNorm, layer.feedForwardIn, layer.feedForwardOut, layer.feedForwardNorm)
            add("\(prefix).encoder_attn", layer.crossAttention)
            add("\(prefix).encoder_attn_layer_norm", layer.crossAttentionNorm)
        }
        for (name, positions) in [(CheckpointNames.encoderPositions, encoderPositions), (CheckpointNames.decoderPositions, decoderPositions)] {
            if let positions { tensors[name] = ([positions.count / width, width], positions) }
        }
        for (name, norm) in [(CheckpointNames.encoderEmbeddingNorm, encoderEmbeddingNorm), (CheckpointNames.decoderEmbeddingNorm, decoderEmbeddingNorm),
                             (CheckpointNames.encoderFinalNorm, encoderFinalNorm), (CheckpointNames.decoderFinalNorm, decoderFinalNorm)] {
            if let norm { add(name, norm) }
        }
        return tensors
    }

    /// Weights drawn from N(0, standardDeviation²) with a fixed seed; layer norms start as the
    /// identity and biases at zero; learned positions, embedding and final norms as the config asks.
    static func random(config: ModelConfig, standardDeviation: Float, seed: UInt64) -> TransformerWeights {
        var generator = SeededGenerator(seed: seed)
        func normal(_ count: Int) -> [Float] { (0..<count).map { _ in standardDeviation * generator.nextNormal() } }
        let width = config.modelWidth
        func linear(inputs: Int, outputs: Int) -> Linear {
            Linear(weight: normal(inputs * outputs), bias: [Float](repeating: 0, count: outputs), inputs: inputs, outputs: outputs)
        }
        func norm() -> LayerNormWeights { LayerNormWeights(weight: [Float](repeating: 1, count: width), bias: [Float](repeating: 0, count: width)) }
        func attention() -> AttentionWeights {
            AttentionWeights(query: linear(inputs: width, outputs: width), key: linear(inputs: width, outputs: width),
                             value: linear(inputs: width, outputs: width), output: linear(inputs: width, outputs: width))
        }
        let source = normal(config.sourceVocabularySize * width)
        let target = config.sharedEmbeddings ? source : normal(config.targetVocabularySize * width)
        var weights = TransformerWeights(
            sourceEmbedding: source, targetEmbedding: target, outputProjection: target,
            outputBias: [Float](repeating: 0, count: config.targetVocabularySize),
            encoderLayers: (0..<config.encoderLayers).map { _ in
                EncoderLayerWeights(selfAttention: attention(), selfAttentionNorm: norm(),
                                    feedForwardIn: linear(inputs: width, outputs: config.activation.inputWidthFactor * config.encoderFeedForwardWidth),
                                    feedForwardOut: linear(inputs: config.encoderFeedForwardWidth, outputs: width),
                                    feedForwardNorm: norm())
            },
            decoderLayers: (0..<config.decoderLayers).map { _ in
                DecoderLayerWeights(selfAttention: attention(), selfAttentionNorm: norm(), crossAttention: attention(),
                                    crossAttentionNorm: norm(),
                                    feedForwardIn: linear(inputs: width, outputs: config.activation.inputWidthFactor * config.decoderFeedForwardWidth),
                                    feedForwardOut: linear(inputs: config.decoderFeedForwardWidth, outputs: width),
                                    feedForwardNorm: norm())
            })
        let positions = (config.maxPositions + CheckpointNames.learnedPositionOffset) * width
        if config.positions == .learned { (weights.encoderPositions, weights.decoderPositions) = (normal(positions), normal(positions)) }
        if config.embeddingNorm { (weights.encoderEmbeddingNorm, weights.decoderEmbeddingNorm) = (norm(), norm()) }
        if config.normalizeBefore { (weights.encoderFinalNorm, weights.decoderFinalNorm) = (norm(), norm()) }
        return weights
    }
}
