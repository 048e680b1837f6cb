// What a translation gives back, and why one can fail.

/// A translation of one input.
public struct Translation: Sendable, Equatable {
    /// The best translation.
    public var text: String
    /// Its score (log probability / length^lengthPenalty for beam search).
    public var score: Float
    /// The `options.nBest` best translations with their scores, best first (the first is `text`).
    public var alternatives: [Alternative]
    /// Which source words each word of `text` attended to, when asked for.
    public var alignment: Alignment?

    public struct Alternative: Sendable, Equatable {
        public var text: String
        public var score: Float
    }
}

/// Why a sentence could not be translated.
public enum TranslationError: Error, CustomStringConvertible {
    case tooLong(tokens: Int, limit: Int)
    case noHypothesis
    case noSuchAttention(layers: Int, heads: Int)
    case invalidOptions(String)
    case unknownTokenId(Int, vocabularySize: Int)

    public var description: String {
        switch self {
        case .tooLong(let tokens, let limit): return "too long: \(tokens) tokens, the model takes at most \(limit)"
        case .noHypothesis: return "the search finished no hypothesis"
        case .noSuchAttention(let layers, let heads): return "the model has layers 0…\(layers - 1) and heads 0…\(heads - 1)"
        case .invalidOptions(let problem): return problem
        case .unknownTokenId(let id, let size): return "\(id) is not a source token id (the vocabulary has ids 0 to \(size - 1))"
        }
    }
}
