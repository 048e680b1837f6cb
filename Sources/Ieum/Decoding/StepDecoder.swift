// What greedy and beam search need from a model: one decoding step at a time.

/// A model as search sees it: for `rows` hypotheses at once (the beams), from their state
/// and last tokens, the log probabilities of each one's next token. The Transformer is one;
/// tests use hand-made ones.
public protocol StepDecoder {
    associatedtype State
    var vocabularySize: Int { get }
    var startToken: Int32 { get }
    var endToken: Int32 { get }
    /// The token forced at the length limit, if the model wants one (Marian: the end token).
    var forcedEndToken: Int32? { get }
    /// The state of `rows` hypotheses before the first step.
    func initialState(rows: Int, maxLength: Int) -> State
    /// Log probabilities (rows × vocabularySize) of each row's token after `tokens` (one per
    /// row); advances `state`.
    func nextLogProbabilities(after tokens: [Int32], state: inout State) -> [Float]
    /// Row i of the state continues row parents[i]: beams reordered by index.
    func reorder(_ state: inout State, parents: [Int])
    /// Each row's attention over the source at the last step (rows × source length), for
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

    public func initialState(rows: Int, maxLength: Int) -> DecoderCache {
        model.startDecoding(encoderOutput: encoderOutput, sourceLength: sourceLength, maxLength: maxLength, rows: rows)
    }

    public func sourceAttention(_ state: DecoderCache) -> [Float] { state.crossAttention }

    public func nextLogProbabilities(after tokens: [Int32], state: inout DecoderCache) -> [Float] {
        var logits = model.decode(tokens, cache: &state)
        logSoftmaxRows(&logits, rows: tokens.count, width: vocabularySize)
        return logits
    }

    public func reorder(_ state: inout DecoderCache, parents: [Int]) {
        state.reorder(parents: parents)
    }
}

extension StepDecoder {
    /// Greedy search for a beam of one, beam search otherwise, as the options say.
    public func search(options: DecodingOptions, maxLength: Int, nBest: Int = 1) -> [Hypothesis] {
        options.beamSize <= 1 && nBest <= 1
            ? [greedySearch(maxLength: maxLength, minLength: options.minLength)]
            : beamSearch(beamSize: max(options.beamSize, nBest), maxLength: maxLength, lengthPenalty: options.lengthPenalty,
                         minLength: options.minLength)
    }
}
