// What greedy and beam search need from a model: one decoding step at a time.

/// A model as search sees it: from a hypothesis's state and its last token, the log
/// probabilities of the next token. The Transformer is one; tests use hand-made ones.
public protocol StepDecoder {
    associatedtype State
    var vocabularySize: Int { get }
    var startToken: Int32 { get }
    var endToken: Int32 { get }
    /// The token forced at the length limit, if the model wants one (Marian: the end token).
    var forcedEndToken: Int32? { get }
    /// The state before the first step.
    func initialState(maxLength: Int) -> State
    /// Log probabilities (vocabularySize) of the token after `token`; advances `state`.
    func nextLogProbabilities(after token: Int32, state: inout State) -> [Float]
    /// The attention over the source of the last step (one weight per source token), for
    /// alignments; empty for models without one.
    func sourceAttention(_ state: State) -> [Float]
}

extension StepDecoder {
    public func sourceAttention(_ state: State) -> [Float] { [] }
}

/// The Transformer decoding one encoded source.
public struct TransformerStepDecoder: StepDecoder {
    public let model: Transformer
    public let encoderOutput: [Float]
    public let sourceLength: Int

    public init(model: Transformer, source: [Int32]) {
        self.model = model
        self.encoderOutput = model.encode(source)
        self.sourceLength = source.count
    }

    public var vocabularySize: Int { model.config.targetVocabularySize }
    public var startToken: Int32 { model.config.decoderStartId }
    public var endToken: Int32 { model.config.eosId }
    public var forcedEndToken: Int32? { model.config.forcedEosId }

    public func initialState(maxLength: Int) -> DecoderCache {
        model.startDecoding(encoderOutput: encoderOutput, sourceLength: sourceLength, maxLength: maxLength)
    }

    public func sourceAttention(_ state: DecoderCache) -> [Float] { state.crossAttention }

    public func nextLogProbabilities(after token: Int32, state: inout DecoderCache) -> [Float] {
        var logits = model.decode([token], cache: &state)
        logSoftmaxRows(&logits, rows: 1, width: vocabularySize)
        return logits
    }
}
