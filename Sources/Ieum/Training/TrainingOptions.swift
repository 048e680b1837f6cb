// How to train: the "training" section of a training config file, with defaults for every key.
import Foundation

/// Optimizer, schedule, regularization, batching and bookkeeping settings. Every key of the
/// JSON (snake_case) is optional; the defaults are those of the Transformer-base recipe
/// scaled to a small model.
public struct TrainingOptions: Codable, Sendable, Equatable {
    /// Source or target tokens per batch, whichever is larger, padding included.
    public var batchTokens = 4096
    /// Pairs longer than this many pieces on either side are left out.
    public var maxLength = 128
    public var learningRate: Float = 7e-4
    /// Linear warmup to `learningRate`, then decay with the inverse square root of the step.
    public var warmupSteps = 4000
    public var adamBeta1: Float = 0.9
    public var adamBeta2: Float = 0.98
    public var adamEpsilon: Float = 1e-9
    /// Decoupled weight decay (AdamW); 0 is plain Adam.
    public var weightDecay: Float = 0
    /// The gradient's global norm is scaled down to this (0: no clipping).
    public var clipNorm: Float = 1
    public var dropout: Float = 0.1
    public var labelSmoothing: Float = 0.1
    /// Data order, initialization and dropout all follow from it.
    public var seed: UInt64 = 1
    /// Training stops after this many epochs or steps, whichever comes first (0: no limit).
    public var epochs = 0
    public var maxSteps = 0
    /// Validation (and a checkpoint) every this many steps.
    public var validateEvery = 1000
    /// A checkpoint at least this often, validated or not.
    public var checkpointMinutes: Double = 10
    /// How many validation pairs are translated (greedy) for BLEU and chrF.
    public var validationTranslations = 200
    /// The weights at each of the last this many validations stay in `step-N/`, for
    /// averaging with `ieum convert` (0: none).
    public var keepCheckpoints = 0
    /// Which way the model translates: `ko-en` (the corpus's first column is the source) or `en-ko`.
    public var direction = TranslationDirection.koreanToEnglish
    /// How many times an epoch holds each pair whose source (the corpus's third column)
    /// starts with a key: `{"general:": 3}` shows the team-written pairs three times (default once).
    public var sourceWeights: [String: Int] = [:]
    /// Weight of the guided-alignment cost (0: off): the model config's `alignment_layer` and
    /// `alignment_head` (default: the last layer, head 0) are trained towards the statistical
    /// aligner's links between the pieces of each pair.
    public var guidedAlignmentWeight: Float = 0

    enum CodingKeys: String, CodingKey {
        case batchTokens = "batch_tokens", maxLength = "max_length", learningRate = "learning_rate", warmupSteps = "warmup_steps"
        case adamBeta1 = "adam_beta1", adamBeta2 = "adam_beta2", adamEpsilon = "adam_epsilon", weightDecay = "weight_decay"
        case clipNorm = "clip_norm", dropout, labelSmoothing = "label_smoothing", seed, epochs, maxSteps = "max_steps"
        case validateEvery = "validate_every", checkpointMinutes = "checkpoint_minutes", validationTranslations = "validation_translations"
        case keepCheckpoints = "keep_checkpoints", direction, sourceWeights = "source_weights"
        case guidedAlignmentWeight = "guided_alignment_weight"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ field: inout T) throws {
            if let value = try values.decodeIfPresent(T.self, forKey: key) { field = value }
        }
        try read(.batchTokens, &batchTokens)
        try read(.maxLength, &maxLength)
        try read(.learningRate, &learningRate)
        try read(.warmupSteps, &warmupSteps)
        try read(.adamBeta1, &adamBeta1)
        try read(.adamBeta2, &adamBeta2)
        try read(.adamEpsilon, &adamEpsilon)
        try read(.weightDecay, &weightDecay)
        try read(.clipNorm, &clipNorm)
        try read(.dropout, &dropout)
        try read(.labelSmoothing, &labelSmoothing)
        try read(.seed, &seed)
        try read(.epochs, &epochs)
        try read(.maxSteps, &maxSteps)
        try read(.validateEvery, &validateEvery)
        try read(.checkpointMinutes, &checkpointMinutes)
        try read(.validationTranslations, &validationTranslations)
        try read(.keepCheckpoints, &keepCheckpoints)
        try read(.direction, &direction)
        try read(.sourceWeights, &sourceWeights)
        try read(.guidedAlignmentWeight, &guidedAlignmentWeight)
        let checks: [(CodingKeys, Bool, String)] = [
            (.batchTokens, (1...1 << 20).contains(batchTokens), "1 to 1048576"), (.maxLength, (2...16384).contains(maxLength), "2 to 16384"),
            (.learningRate, learningRate.isFinite && learningRate > 0, "a positive number"), (.warmupSteps, warmupSteps >= 0, "0 or more"),
            (.adamBeta1, (0..<1).contains(adamBeta1), "0 to 1"), (.adamBeta2, (0..<1).contains(adamBeta2), "0 to 1"),
            (.adamEpsilon, adamEpsilon.isFinite && adamEpsilon > 0, "a positive number"),
            (.weightDecay, weightDecay.isFinite && weightDecay >= 0, "0 or more"), (.clipNorm, clipNorm.isFinite && clipNorm >= 0, "0 or more"),
            (.dropout, (0..<1).contains(dropout), "0 to 1"), (.labelSmoothing, (0..<1).contains(labelSmoothing), "0 to 1"),
            (.epochs, epochs >= 0, "0 or more"), (.maxSteps, maxSteps >= 0, "0 or more"), (.validateEvery, validateEvery >= 1, "1 or more"),
            (.checkpointMinutes, checkpointMinutes.isFinite && checkpointMinutes > 0, "a positive number"),
            (.validationTranslations, validationTranslations >= 0, "0 or more"), (.keepCheckpoints, keepCheckpoints >= 0, "0 or more"),
            (.guidedAlignmentWeight, guidedAlignmentWeight.isFinite && guidedAlignmentWeight >= 0, "0 or more"),
        ]
        if let (key, _, expected) = checks.first(where: { !$0.1 }) {
            throw DecodingError.dataCorruptedError(forKey: key, in: values, debugDescription: "\(key.rawValue) must be \(expected)")
        }
        if let (source, weight) = sourceWeights.first(where: { $0.value < 1 || $0.value > 100 }) {
            throw DecodingError.dataCorruptedError(forKey: .sourceWeights, in: values,
                                                   debugDescription: "source_weights[\"\(source)\"] is \(weight); it must be 1 to 100")
        }
    }

    /// The learning rate of step `step` (1-based): linear warmup, then inverse square root.
    public func learningRate(atStep step: Int) -> Float {
        let step = Float(max(step, 1)), warmup = Float(max(warmupSteps, 1))
        return learningRate * min(step / warmup, (warmup / step).squareRoot())
    }
}

/// The two directions a model can translate in.
public enum TranslationDirection: String, Codable, Sendable, CaseIterable {
    case koreanToEnglish = "ko-en"
    case englishToKorean = "en-ko"

    /// The source language's code: `ko` or `en`.
    public var sourceLanguage: String { String(rawValue.prefix(2)) }
    /// The target language's code: `en` or `ko`.
    public var targetLanguage: String { String(rawValue.suffix(2)) }
}

/// A training config file: {"model": {config.json keys}, "training": {TrainingOptions keys}}.
/// The model's vocabulary size and special ids may be left out: the vocabulary supplies them.
public struct TrainingConfigFile: Sendable {
    public var model: ModelConfig
    public var training: TrainingOptions

    /// Reads `url`, filling vocab_size, pad/eos/decoder-start ids from `vocabulary` where the
    /// model section leaves them out. Errors name the file and the key.
    public static func read(_ url: URL, vocabulary: Vocabulary) throws(FormatError) -> TrainingConfigFile {
        let data = try FormatError.contents(of: url)
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              var model = root["model"] as? [String: Any] else {
            throw FormatError(file: url.path, reason: "is not a JSON object with a \"model\" section")
        }
        let defaults: [String: Any] = ["vocab_size": vocabulary.count, "pad_token_id": Vocabulary.padId, "eos_token_id": Vocabulary.eosId,
                                       "decoder_start_token_id": Vocabulary.bosId]
        model.merge(defaults) { stated, _ in stated }
        do {
            let modelData = try JSONSerialization.data(withJSONObject: model)
            let trainingData = try JSONSerialization.data(withJSONObject: root["training"] ?? [String: Any]())
            return TrainingConfigFile(model: try ModelConfig.decode(modelData, name: url.path),
                                      training: try JSONDecoder().decode(TrainingOptions.self, from: trainingData))
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(file: url.path, reason: "the \"training\" section: \(error)")
        }
    }
}
