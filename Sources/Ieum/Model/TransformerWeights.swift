// The parameters of the encoder-decoder as inference holds them, and the one table that names
// them in checkpoints.

/// A linear layer: weight (out × in, PyTorch's layout) and bias (out); once a model is built
/// for inference, the weight packed for `PackedMatrix` instead.
struct Linear: Sendable {
    var weight: [Float]
    var bias: [Float]
    var inputs: Int
    var outputs: Int
    var packed: PackedMatrix? = nil

    /// Packs the weight (unless it is packed already) and lets the plain copy go: inference
    /// reads only the packed one.
    mutating func pack(computeType: ComputeType) {
        guard packed == nil else { return }
        packed = PackedMatrix(weight, rows: outputs, columns: inputs, computeType: computeType)
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

/// Every parameter of the model as inference reads it, cut out of the flat buffer of the one
/// `ParameterLayout` (its linear layers packed once a `Transformer` is built).
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
    /// Which tables are one tensor in the checkpoint: the source and target embeddings, the
    /// target embeddings and the output projection.
    var tied = (sourceTarget: false, targetOutput: false)

    init(sourceEmbedding: [Float], targetEmbedding: [Float], outputProjection: [Float], outputBias: [Float],
         encoderLayers: [EncoderLayerWeights], decoderLayers: [DecoderLayerWeights]) {
        self.sourceEmbedding = sourceEmbedding
        self.targetEmbedding = targetEmbedding
        self.outputProjection = outputProjection
        self.outputBias = outputBias
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
    }

    /// The weights of a checkpoint file, read through the one name table (`ParameterLayout`),
    /// each tensor straight into its block; with `computeType`, each linear layer packed as it
    /// is read, so that the whole model is never held twice.
    init(file: SafeTensorsFile, config: ModelConfig, packing computeType: ComputeType? = nil) throws(FormatError) {
        let layout = ParameterLayout(config: config), V = config.targetVocabularySize
        let bias = file.tensors[CheckpointNames.outputBias] == nil ? nil : try file.floats(CheckpointNames.outputBias, shape: [1, V])
        let names = Dictionary(uniqueKeysWithValues: layout.entries.map { ($0.entry.offset, $0.name) })
        try self.init(config: config, layout: layout, outputBias: bias, packing: computeType) { offset throws(FormatError) in
            try layout.read(names[offset] ?? "", from: file)
        }
    }

    /// The weights in `values`, a flat buffer laid out by `layout` (training's parameters).
    init(config: ModelConfig, layout: ParameterLayout, values: [Float], outputBias: [Float]? = nil) {
        let counts = Dictionary(uniqueKeysWithValues: layout.entries.map { ($0.entry.offset, $0.entry.count) })
        self.init(config: config, layout: layout, outputBias: outputBias) { offset in
            Array(values[offset..<(offset + (counts[offset] ?? 0))])
        }
    }

    /// Each block's tensors from `tensor`, which gives the tensor at an offset of `layout`
    /// (every slot is one); the output bias zero unless given.
    private init<Failure: Error>(config: ModelConfig, layout: ParameterLayout, outputBias: [Float]?, packing computeType: ComputeType? = nil,
                                 tensor: (Int) throws(Failure) -> [Float]) throws(Failure) {
        let slots = ModelSlots(layout, config: config)
        func linear(_ slot: LinearSlot) throws(Failure) -> Linear {
            var linear = Linear(weight: try tensor(slot.weight), bias: try tensor(slot.bias), inputs: slot.inputs, outputs: slot.outputs)
            if let computeType { linear.pack(computeType: computeType) }
            return linear
        }
        func norm(_ slot: NormSlot) throws(Failure) -> LayerNormWeights {
            LayerNormWeights(weight: try tensor(slot.weight), bias: try tensor(slot.bias))
        }
        func attention(_ slots: AttentionSlots) throws(Failure) -> AttentionWeights {
            AttentionWeights(query: try linear(slots.query), key: try linear(slots.key), value: try linear(slots.value),
                             output: try linear(slots.output))
        }
        func optionalNorm(_ slot: NormSlot?) throws(Failure) -> LayerNormWeights? {
            guard let slot else { return nil }
            return try norm(slot)
        }
        func optionalTensor(_ offset: Int?) throws(Failure) -> [Float]? {
            guard let offset else { return nil }
            return try tensor(offset)
        }
        let source = try tensor(slots.sourceEmbedding)
        // Tied tables share one array.
        let target = slots.targetEmbedding == slots.sourceEmbedding ? source : try tensor(slots.targetEmbedding)
        let output = slots.outputProjection == slots.targetEmbedding ? target : try tensor(slots.outputProjection)
        var encoderLayers: [EncoderLayerWeights] = []
        for layer in slots.encoderLayers {
            encoderLayers.append(EncoderLayerWeights(
                selfAttention: try attention(layer.attention), selfAttentionNorm: try norm(layer.attention.norm),
                feedForwardIn: try linear(layer.feedForward.input), feedForwardOut: try linear(layer.feedForward.output),
                feedForwardNorm: try norm(layer.feedForward.norm)))
        }
        var decoderLayers: [DecoderLayerWeights] = []
        for layer in slots.decoderLayers {
            decoderLayers.append(DecoderLayerWeights(
                selfAttention: try attention(layer.selfAttention), selfAttentionNorm: try norm(layer.selfAttention.norm),
                crossAttention: try attention(layer.crossAttention), crossAttentionNorm: try norm(layer.crossAttention.norm),
                feedForwardIn: try linear(layer.feedForward.input), feedForwardOut: try linear(layer.feedForward.output),
                feedForwardNorm: try norm(layer.feedForward.norm)))
        }
        self.init(sourceEmbedding: source, targetEmbedding: target, outputProjection: output,
                  outputBias: outputBias ?? [Float](repeating: 0, count: config.targetVocabularySize),
                  encoderLayers: encoderLayers, decoderLayers: decoderLayers)
        tied = (slots.targetEmbedding == slots.sourceEmbedding, slots.outputProjection == slots.targetEmbedding)
        encoderPositions = try optionalTensor(slots.encoderPositions)
        decoderPositions = try optionalTensor(slots.decoderPositions)
        encoderEmbeddingNorm = try optionalNorm(slots.encoderEmbeddingNorm)
        decoderEmbeddingNorm = try optionalNorm(slots.decoderEmbeddingNorm)
        encoderFinalNorm = try optionalNorm(slots.encoderFinalNorm)
        decoderFinalNorm = try optionalNorm(slots.decoderFinalNorm)
    }
}

extension TransformerWeights {
    /// Every linear layer's weight packed for inference, in `computeType` (those not packed yet).
    mutating func packLinears(computeType: ComputeType) {
        func pack(_ attention: inout AttentionWeights) {
            attention.query.pack(computeType: computeType)
            attention.key.pack(computeType: computeType)
            attention.value.pack(computeType: computeType)
            attention.output.pack(computeType: computeType)
        }
        for index in encoderLayers.indices {
            pack(&encoderLayers[index].selfAttention)
            encoderLayers[index].feedForwardIn.pack(computeType: computeType)
            encoderLayers[index].feedForwardOut.pack(computeType: computeType)
        }
        for index in decoderLayers.indices {
            pack(&decoderLayers[index].selfAttention)
            pack(&decoderLayers[index].crossAttention)
            decoderLayers[index].feedForwardIn.pack(computeType: computeType)
            decoderLayers[index].feedForwardOut.pack(computeType: computeType)
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

    /// The names a trained tensor may be stored under, first choice first: tied embeddings are
    /// stored once, under any of their names.
    static func storedNames(of name: String) -> [String] {
        switch name {
        case "model.shared.weight": ["model.shared.weight", "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"]
        case sourceEmbedding[0]: sourceEmbedding
        case targetEmbedding[0]: targetEmbedding
        case outputProjection[0]: outputProjection
        default: [name]
        }
    }

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
