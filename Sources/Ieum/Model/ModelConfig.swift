// The architecture of a model directory's config.json (Hugging Face Marian keys).
import Foundation

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
                                                   debugDescription: "activation \(activationName) is not supported (relu, gelu, swish)")
        }
        self.activation = activation
        scaleEmbedding = try values.decodeIfPresent(Bool.self, forKey: .scaleEmbedding) ?? true
        normalizeBefore = try values.decodeIfPresent(Bool.self, forKey: .normalizeBefore) ?? false
        layerNormEpsilon = try values.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        padId = try values.decode(Int32.self, forKey: .padId)
        eosId = try values.decode(Int32.self, forKey: .eosId)
        decoderStartId = try values.decodeIfPresent(Int32.self, forKey: .decoderStartId) ?? padId
        forcedEosId = try values.decodeIfPresent(Int32.self, forKey: .forcedEosId)
        sharedEmbeddings = try values.decodeIfPresent(Bool.self, forKey: .sharedEmbeddings) ?? true
    }

    /// Reads `config.json`, naming the file and the key in errors.
    public static func read(_ url: URL) throws(FormatError) -> ModelConfig {
        let data = try FormatError.contents(of: url)
        do {
            return try JSONDecoder().decode(ModelConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw FormatError(file: url.path, reason: "the required key \"\(key.stringValue)\" is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw FormatError(file: url.path, reason: "\(key.isEmpty ? "" : "key \"\(key)\": ")\(context.debugDescription)")
        } catch {
            throw FormatError(file: url.path, reason: "not a valid config.json: \(error)")
        }
    }
}
