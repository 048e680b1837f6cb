// The architecture of a model directory's config.json (Hugging Face Marian keys).
import Foundation

/// How a model knows where each token is.
public enum PositionEncoding: String, Codable, Sendable {
    /// Fixed sines and cosines added to the embeddings (Vaswani et al.; Marian's layout).
    case sinusoidal
    /// A learned table added to the embeddings (the BART family).
    case learned
    /// Queries and keys of self-attention rotated by their position (Su et al. 2021), so
    /// that attention sees relative positions; nothing is added to the embeddings.
    case rotary
}

/// A Transformer encoder-decoder's shape and conventions, read from `config.json` with the
/// keys Hugging Face's MarianConfig writes. Keys that every model states are required (a
/// missing one is named in the error); the rest have Marian's defaults.
public struct ModelConfig: Codable, Sendable, Equatable {
    public var modelWidth: Int
    public var encoderLayers: Int
    public var decoderLayers: Int
    public var encoderHeads: Int
    public var decoderHeads: Int
    public var encoderFeedForwardWidth: Int
    public var decoderFeedForwardWidth: Int
    public var sourceVocabularySize: Int
    public var targetVocabularySize: Int
    public var maxPositions: Int
    public var activation: Activation
    /// Embeddings multiplied by √modelWidth.
    public var scaleEmbedding: Bool
    /// Layer norm before each block (true) or after the residual (false, Marian).
    public var normalizeBefore: Bool
    public var layerNormEpsilon: Float
    public var padId: Int32
    public var eosId: Int32
    public var decoderStartId: Int32
    /// The one token the decoder must end with when it reaches the length limit.
    public var forcedEosId: Int32?
    public var sharedEmbeddings: Bool
    /// How positions enter the model.
    public var positions: PositionEncoding
    /// A layer norm right after the embeddings (the BART family's layernorm_embedding).
    public var embeddingNorm: Bool
    /// The decoder layer and head whose cross-attention was trained to align (guided
    /// alignment); `ieum align` and `--alignments` read it by default.
    public var alignmentLayer: Int?
    public var alignmentHead: Int?

    enum CodingKeys: String, CodingKey {
        case modelWidth = "d_model"
        case encoderLayers = "encoder_layers"
        case decoderLayers = "decoder_layers"
        case encoderHeads = "encoder_attention_heads"
        case decoderHeads = "decoder_attention_heads"
        case encoderFeedForwardWidth = "encoder_ffn_dim"
        case decoderFeedForwardWidth = "decoder_ffn_dim"
        case sourceVocabularySize = "vocab_size"
        case targetVocabularySize = "decoder_vocab_size"
        case maxPositions = "max_position_embeddings"
        case activation = "activation_function"
        case scaleEmbedding = "scale_embedding"
        case normalizeBefore = "normalize_before"
        case layerNormEpsilon = "layer_norm_eps"
        case padId = "pad_token_id"
        case eosId = "eos_token_id"
        case decoderStartId = "decoder_start_token_id"
        case forcedEosId = "forced_eos_token_id"
        case sharedEmbeddings = "share_encoder_decoder_embeddings"
        case positions = "position_encoding"
        case embeddingNorm = "layernorm_embedding"
        case alignmentLayer = "alignment_layer"
        case alignmentHead = "alignment_head"
        case modelType = "model_type"
    }

    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        modelWidth = try values.decode(Int.self, forKey: .modelWidth)
        encoderLayers = try values.decode(Int.self, forKey: .encoderLayers)
        decoderLayers = try values.decode(Int.self, forKey: .decoderLayers)
        encoderHeads = try values.decode(Int.self, forKey: .encoderHeads)
        decoderHeads = try values.decode(Int.self, forKey: .decoderHeads)
        encoderFeedForwardWidth = try values.decode(Int.self, forKey: .encoderFeedForwardWidth)
        decoderFeedForwardWidth = try values.decode(Int.self, forKey: .decoderFeedForwardWidth)
        sourceVocabularySize = try values.decode(Int.self, forKey: .sourceVocabularySize)
        targetVocabularySize = try values.decodeIfPresent(Int.self, forKey: .targetVocabularySize) ?? sourceVocabularySize
        maxPositions = try values.decodeIfPresent(Int.self, forKey: .maxPositions) ?? 512
        let activationName = try values.decodeIfPresent(String.self, forKey: .activation) ?? "swish"
        guard let activation = Activation(rawValue: activationName == "silu" ? "swish" : activationName) else {
            throw DecodingError.dataCorruptedError(forKey: .activation, in: values,
                                                   debugDescription: "activation \(activationName) is not supported (relu, gelu, swish, swiglu)")
        }
        self.activation = activation
        // mBART's config.json states none of these: its model type implies them.
        let bartFamily = try values.decodeIfPresent(String.self, forKey: .modelType) == "mbart"
        scaleEmbedding = try values.decodeIfPresent(Bool.self, forKey: .scaleEmbedding) ?? !bartFamily
        normalizeBefore = try values.decodeIfPresent(Bool.self, forKey: .normalizeBefore) ?? bartFamily
        positions = try values.decodeIfPresent(PositionEncoding.self, forKey: .positions) ?? (bartFamily ? .learned : .sinusoidal)
        embeddingNorm = try values.decodeIfPresent(Bool.self, forKey: .embeddingNorm) ?? bartFamily
        layerNormEpsilon = try values.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        padId = try values.decode(Int32.self, forKey: .padId)
        eosId = try values.decode(Int32.self, forKey: .eosId)
        decoderStartId = try values.decodeIfPresent(Int32.self, forKey: .decoderStartId) ?? padId
        forcedEosId = try values.decodeIfPresent(Int32.self, forKey: .forcedEosId)
        sharedEmbeddings = try values.decodeIfPresent(Bool.self, forKey: .sharedEmbeddings) ?? true
        alignmentLayer = try values.decodeIfPresent(Int.self, forKey: .alignmentLayer)
        alignmentHead = try values.decodeIfPresent(Int.self, forKey: .alignmentHead)
    }

    public func encode(to encoder: Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(modelWidth, forKey: .modelWidth)
        try values.encode(encoderLayers, forKey: .encoderLayers)
        try values.encode(decoderLayers, forKey: .decoderLayers)
        try values.encode(encoderHeads, forKey: .encoderHeads)
        try values.encode(decoderHeads, forKey: .decoderHeads)
        try values.encode(encoderFeedForwardWidth, forKey: .encoderFeedForwardWidth)
        try values.encode(decoderFeedForwardWidth, forKey: .decoderFeedForwardWidth)
        try values.encode(sourceVocabularySize, forKey: .sourceVocabularySize)
        try values.encode(targetVocabularySize, forKey: .targetVocabularySize)
        try values.encode(maxPositions, forKey: .maxPositions)
        try values.encode(activation, forKey: .activation)
        try values.encode(scaleEmbedding, forKey: .scaleEmbedding)
        try values.encode(normalizeBefore, forKey: .normalizeBefore)
        try values.encode(layerNormEpsilon, forKey: .layerNormEpsilon)
        try values.encode(padId, forKey: .padId)
        try values.encode(eosId, forKey: .eosId)
        try values.encode(decoderStartId, forKey: .decoderStartId)
        try values.encodeIfPresent(forcedEosId, forKey: .forcedEosId)
        try values.encode(sharedEmbeddings, forKey: .sharedEmbeddings)
        try values.encode(positions, forKey: .positions)
        try values.encode(embeddingNorm, forKey: .embeddingNorm)
        try values.encodeIfPresent(alignmentLayer, forKey: .alignmentLayer)
        try values.encodeIfPresent(alignmentHead, forKey: .alignmentHead)
    }

    /// Reads `config.json`, naming the file and the key in errors.
    public static func read(_ url: URL) throws(FormatError) -> ModelConfig {
        try decode(FormatError.contents(of: url), name: url.path)
    }

    /// Decodes config.json's contents; errors name `name` and the key.
    public static func decode(_ data: Data, name: String) throws(FormatError) -> ModelConfig {
        let url = URL(fileURLWithPath: name)
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw FormatError(file: url.path, reason: "the required key \"\(key.stringValue)\" is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty, let key = Self.numberOutOfRange(in: data) {
                throw FormatError(file: url.path, reason: "key \"\(key)\" is not a whole number that fits the field")
            }
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw FormatError(file: url.path, reason: "\(key.isEmpty ? "" : "key \"\(key)\": ")\(context.debugDescription)")
        } catch {
            throw FormatError(file: url.path, reason: "not a valid config.json: \(error)")
        }
        if let problem = config.problem() { throw FormatError(file: url.path, reason: problem) }
        return config
    }

    /// The key of an integer field whose JSON number is fractional or too large for it: the
    /// decoder reports those as invalid JSON without naming the key.
    private static func numberOutOfRange(in data: Data) -> String? {
        guard let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let idKeys: Set<CodingKeys> = [.padId, .eosId, .decoderStartId, .forcedEosId]
        let integerKeys: Set<CodingKeys> = idKeys.union([.alignmentLayer, .alignmentHead, .modelWidth, .encoderLayers, .decoderLayers, .encoderHeads, .decoderHeads,
                                                         .encoderFeedForwardWidth, .decoderFeedForwardWidth, .sourceVocabularySize,
                                                         .targetVocabularySize, .maxPositions])
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let key = CodingKeys(rawValue: name), integerKeys.contains(key), let number = value as? NSNumber else { continue }
            let limit = idKeys.contains(key) ? Double(Int32.max) : Double(Int.max)
            if number.doubleValue.rounded() != number.doubleValue || abs(number.doubleValue) > limit { return name }
        }
        return nil
    }

    /// What is wrong with the shape, naming the key and what was expected; nil when every
    /// field is in range and the fields agree. The limits are far above any model this
    /// toolkit runs and low enough that nothing computed from them overflows or allocates
    /// without bound.
    public func problem() -> String? {
        let ranges: [(key: CodingKeys, value: Int, range: ClosedRange<Int>)] = [
            (.modelWidth, modelWidth, 1...8192), (.encoderLayers, encoderLayers, 1...64), (.decoderLayers, decoderLayers, 1...64),
            (.encoderHeads, encoderHeads, 1...256), (.decoderHeads, decoderHeads, 1...256),
            (.encoderFeedForwardWidth, encoderFeedForwardWidth, 1...65536), (.decoderFeedForwardWidth, decoderFeedForwardWidth, 1...65536),
            (.sourceVocabularySize, sourceVocabularySize, 1...1 << 20), (.targetVocabularySize, targetVocabularySize, 1...1 << 20),
            (.maxPositions, maxPositions, 1...16384),
        ]
        for (key, value, range) in ranges where !range.contains(value) {
            return "key \"\(key.rawValue)\" is \(value); expected \(range.lowerBound) to \(range.upperBound)"
        }
        for (key, heads) in [(CodingKeys.encoderHeads, encoderHeads), (.decoderHeads, decoderHeads)] {
            guard modelWidth % heads == 0 else {
                return "key \"\(key.rawValue)\" is \(heads), which does not divide d_model (\(modelWidth))"
            }
            if positions == .rotary && (modelWidth / heads) % 2 != 0 {
                return "key \"\(key.rawValue)\" is \(heads): rotary positions need an even head width, and d_model / heads is \(modelWidth / heads)"
            }
        }
        if let alignmentLayer, !(0..<decoderLayers).contains(alignmentLayer) {
            return "key \"alignment_layer\" is \(alignmentLayer); the decoder has layers 0 to \(decoderLayers - 1)"
        }
        if let alignmentHead, !(0..<decoderHeads).contains(alignmentHead) {
            return "key \"alignment_head\" is \(alignmentHead); the decoder has heads 0 to \(decoderHeads - 1)"
        }
        guard layerNormEpsilon.isFinite && layerNormEpsilon > 0 else {
            return "key \"layer_norm_eps\" is \(layerNormEpsilon); expected a small positive number such as 1e-5"
        }
        let ids: [(CodingKeys, Int32?, Int)] = [(.padId, padId, min(sourceVocabularySize, targetVocabularySize)),
                                               (.eosId, eosId, min(sourceVocabularySize, targetVocabularySize)),
                                               (.decoderStartId, decoderStartId, targetVocabularySize), (.forcedEosId, forcedEosId, targetVocabularySize)]
        for (key, id, size) in ids {
            if let id, id < 0 || Int(id) >= size {
                return "key \"\(key.rawValue)\" is \(id); expected a token id from 0 to \(size - 1) (the vocabulary's size)"
            }
        }
        return nil
    }
}
