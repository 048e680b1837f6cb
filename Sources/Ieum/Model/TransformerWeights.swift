// The parameters of the encoder-decoder, and the one table that names them in checkpoints.

/// A linear layer: weight (out × in, PyTorch's layout) and bias (out); once a model is built
/// for inference, the weight packed for `PackedMatrix` instead.
struct Linear: Sendable {
    var weight: [Float]
    var bias: [Float]
    var inputs: Int
    var outputs: Int
    var packed: PackedMatrix? = nil

    /// Packs the weight and lets the plain copy go: inference reads only the packed one.
    mutating func pack() {
        packed = PackedMatrix(weight, rows: outputs, columns: inputs)
        weight = []
    }
}

/// Layer norm parameters (width each).
struct LayerNormWeights: Sendable {
    var weight: [Float]
    var bias: [Float]
}

/// Query, key, value and output projections of one attention block.
struct AttentionWeights: Sendable {
    var query: Linear
    var key: Linear
    var value: Linear
    var output: Linear
}

struct EncoderLayerWeights: Sendable {
    var selfAttention: AttentionWeights
    var selfAttentionNorm: LayerNormWeights
    var feedForwardIn: Linear
    var feedForwardOut: Linear
    var feedForwardNorm: LayerNormWeights
}

struct DecoderLayerWeights: Sendable {
    var selfAttention: AttentionWeights
    var selfAttentionNorm: LayerNormWeights
    var crossAttention: AttentionWeights
    var crossAttentionNorm: LayerNormWeights
    var feedForwardIn: Linear
    var feedForwardOut: Linear
    var feedForwardNorm: LayerNormWeights
}

/// Every parameter of the model, read from a checkpoint through `CheckpointNames`.
struct TransformerWeights: Sendable {
    var sourceEmbedding: [Float]  // (V_source, C)
    var targetEmbedding: [Float]  // (V_target, C)
    var outputProjection: [Float]  // (V_target, C)
    var outputBias: [Float]  // (V_target)
    var encoderLayers: [EncoderLayerWeights]
    var decoderLayers: [DecoderLayerWeights]
    /// Learned positions ((maxPositions + 2, C)), embedding norms and final norms, for the
    /// models whose config asks for them.
    var encoderPositions: [Float]? = nil
    var decoderPositions: [Float]? = nil
    var encoderEmbeddingNorm: LayerNormWeights? = nil
    var decoderEmbeddingNorm: LayerNormWeights? = nil
    var encoderFinalNorm: LayerNormWeights? = nil
    var decoderFinalNorm: LayerNormWeights? = nil

    init(sourceEmbedding: [Float], targetEmbedding: [Float], outputProjection: [Float], outputBias: [Float],
         encoderLayers: [EncoderLayerWeights], decoderLayers: [DecoderLayerWeights]) {
        self.sourceEmbedding = sourceEmbedding
        self.targetEmbedding = targetEmbedding
        self.outputProjection = outputProjection
        self.outputBias = outputBias
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
    }

    init(file: SafeTensorsFile, config: ModelConfig) throws(FormatError) {
        let width = config.modelWidth
        func tensor(_ name: String, _ shape: [Int]) throws(FormatError) -> [Float] { try file.floats(name, shape: shape) }
        // Tied embeddings are read once and shared.
        var shared: [String: [Float]] = [:]
        func firstPresent(_ names: [String], _ shape: [Int]) throws(FormatError) -> [Float] {
            guard let name = names.first(where: { file.tensors[$0] != nil }) else {
                throw FormatError(file: file.name, reason: "has none of \(names.joined(separator: ", "))")
            }
            let key = "\(name) \(shape)"
            if let values = shared[key] { return values }
            let values = try tensor(name, shape)
            shared[key] = values
            return values
        }
        func linear(_ prefix: String, inputs: Int, outputs: Int) throws(FormatError) -> Linear {
            Linear(weight: try tensor("\(prefix).weight", [outputs, inputs]), bias: try tensor("\(prefix).bias", [outputs]),
                   inputs: inputs, outputs: outputs)
        }
        func norm(_ prefix: String) throws(FormatError) -> LayerNormWeights {
            LayerNormWeights(weight: try tensor("\(prefix).weight", [width]), bias: try tensor("\(prefix).bias", [width]))
        }
        func attention(_ prefix: String) throws(FormatError) -> AttentionWeights {
            AttentionWeights(query: try linear("\(prefix).q_proj", inputs: width, outputs: width),
                             key: try linear("\(prefix).k_proj", inputs: width, outputs: width),
                             value: try linear("\(prefix).v_proj", inputs: width, outputs: width),
                             output: try linear("\(prefix).out_proj", inputs: width, outputs: width))
        }
        let names = CheckpointNames.self
        sourceEmbedding = try firstPresent(names.sourceEmbedding, [config.sourceVocabularySize, width])
        targetEmbedding = try firstPresent(names.targetEmbedding, [config.targetVocabularySize, width])
        outputProjection = try firstPresent(names.outputProjection, [config.targetVocabularySize, width])
        outputBias = file.tensors[names.outputBias] != nil
            ? try tensor(names.outputBias, [1, config.targetVocabularySize])
            : [Float](repeating: 0, count: config.targetVocabularySize)
        var encoderLayers: [EncoderLayerWeights] = []
        for layer in 0..<config.encoderLayers {
            let prefix = names.encoderLayer(layer)
            encoderLayers.append(EncoderLayerWeights(
                selfAttention: try attention("\(prefix).self_attn"), selfAttentionNorm: try norm("\(prefix).self_attn_layer_norm"),
                feedForwardIn: try linear("\(prefix).fc1", inputs: width, outputs: config.activation.inputWidthFactor * config.encoderFeedForwardWidth),
                feedForwardOut: try linear("\(prefix).fc2", inputs: config.encoderFeedForwardWidth, outputs: width),
                feedForwardNorm: try norm("\(prefix).final_layer_norm")))
        }
        var decoderLayers: [DecoderLayerWeights] = []
        for layer in 0..<config.decoderLayers {
            let prefix = names.decoderLayer(layer)
            decoderLayers.append(DecoderLayerWeights(
                selfAttention: try attention("\(prefix).self_attn"), selfAttentionNorm: try norm("\(prefix).self_attn_layer_norm"),
                crossAttention: try attention("\(prefix).encoder_attn"), crossAttentionNorm: try norm("\(prefix).encoder_attn_layer_norm"),
                feedForwardIn: try linear("\(prefix).fc1", inputs: width, outputs: config.activation.inputWidthFactor * config.decoderFeedForwardWidth),
                feedForwardOut: try linear("\(prefix).fc2", inputs: config.decoderFeedForwardWidth, outputs: width),
                feedForwardNorm: try norm("\(prefix).final_layer_norm")))
        }
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
        if config.positions == .learned {
            let shape = [config.maxPositions + CheckpointNames.learnedPositionOffset, width]
            encoderPositions = try tensor(names.encoderPositions, shape)
            decoderPositions = try tensor(names.decoderPositions, shape)
        }
        if config.embeddingNorm {
            encoderEmbeddingNorm = try norm(names.encoderEmbeddingNorm)
            decoderEmbeddingNorm = try norm(names.decoderEmbeddingNorm)
        }
        if config.normalizeBefore {
            encoderFinalNorm = try norm(names.encoderFinalNorm)
            decoderFinalNorm = try norm(names.decoderFinalNorm)
        }
    }
}

extension TransformerWeights {
    /// Every linear layer's weight packed for inference.
    mutating func packLinears() {
        func pack(_ attention: inout AttentionWeights) {
            attention.query.pack()
            attention.key.pack()
            attention.value.pack()
            attention.output.pack()
        }
        for index in encoderLayers.indices {
            pack(&encoderLayers[index].selfAttention)
            encoderLayers[index].feedForwardIn.pack()
            encoderLayers[index].feedForwardOut.pack()
        }
        for index in decoderLayers.indices {
            pack(&decoderLayers[index].selfAttention)
            pack(&decoderLayers[index].crossAttention)
            decoderLayers[index].feedForwardIn.pack()
            decoderLayers[index].feedForwardOut.pack()
        }
    }
}

/// Checkpoint keys of Hugging Face's MarianMTModel, the layout Ieum model directories use.
/// Tied or shared tensors are stored once; the first name present wins.
enum CheckpointNames {
    static let sourceEmbedding = ["model.encoder.embed_tokens.weight", "model.shared.weight"]
    static let targetEmbedding = ["model.decoder.embed_tokens.weight", "model.shared.weight"]
    static let outputProjection = ["lm_head.weight", "model.decoder.embed_tokens.weight", "model.shared.weight"]
    static let outputBias = "final_logits_bias"
    static let encoderPositions = "model.encoder.embed_positions.weight"
    static let decoderPositions = "model.decoder.embed_positions.weight"
    /// Learned position p is row p + 2 (the BART family's convention).
    static let learnedPositionOffset = 2
    static let encoderEmbeddingNorm = "model.encoder.layernorm_embedding"
    static let decoderEmbeddingNorm = "model.decoder.layernorm_embedding"
    static let encoderFinalNorm = "model.encoder.layer_norm"
    static let decoderFinalNorm = "model.decoder.layer_norm"
    static func encoderLayer(_ index: Int) -> String { "model.encoder.layers.\(index)" }
    static func decoderLayer(_ index: Int) -> String { "model.decoder.layers.\(index)" }

    /// Every trained tensor of a model of `config`, name and shape, in the model's own order:
    /// embeddings, the encoder layer by layer, the decoder layer by layer, the final norms
    /// (the constant output bias is not trained, so not listed).
    static func trainedTensors(config: ModelConfig) -> [(name: String, shape: [Int])] {
        let C = config.modelWidth
        var tensors: [(name: String, shape: [Int])] = []
        if config.sharedEmbeddings {
            tensors.append(("model.shared.weight", [config.sourceVocabularySize, C]))
        } else {
            tensors += [("model.encoder.embed_tokens.weight", [config.sourceVocabularySize, C]),
                        ("model.decoder.embed_tokens.weight", [config.targetVocabularySize, C]),
                        ("lm_head.weight", [config.targetVocabularySize, C])]
        }
        let positions = [(config.maxPositions + learnedPositionOffset), C]
        func linear(_ prefix: String, inputs: Int, outputs: Int) {
            tensors += [("\(prefix).weight", [outputs, inputs]), ("\(prefix).bias", [outputs])]
        }
        func norm(_ prefix: String) { tensors += [("\(prefix).weight", [C]), ("\(prefix).bias", [C])] }
        func attention(_ prefix: String) {
            for projection in ["q_proj", "k_proj", "v_proj", "out_proj"] { linear("\(prefix).\(projection)", inputs: C, outputs: C) }
        }
        for (stack, layers, feedForward, positionsName, embeddingNorm, finalNorm) in [
            ("encoder", config.encoderLayers, config.encoderFeedForwardWidth, encoderPositions, encoderEmbeddingNorm, encoderFinalNorm),
            ("decoder", config.decoderLayers, config.decoderFeedForwardWidth, decoderPositions, decoderEmbeddingNorm, decoderFinalNorm),
        ] {
            if config.positions == .learned { tensors.append((positionsName, positions)) }
            if config.embeddingNorm { norm(embeddingNorm) }
            for index in 0..<layers {
                let prefix = stack == "encoder" ? encoderLayer(index) : decoderLayer(index)
                attention("\(prefix).self_attn")
                norm("\(prefix).self_attn_layer_norm")
                if stack == "decoder" {
                    attention("\(prefix).encoder_attn")
                    norm("\(prefix).encoder_attn_layer_norm")
                }
                linear("\(prefix).fc1", inputs: C, outputs: config.activation.inputWidthFactor * feedForward)
                linear("\(prefix).fc2", inputs: feedForward, outputs: C)
                norm("\(prefix).final_layer_norm")
            }
            if config.normalizeBefore { norm(finalNorm) }
        }
        return tensors
    }
}
