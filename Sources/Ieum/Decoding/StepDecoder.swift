// What greedy and beam search need from a model: one decoding step at a time, for many rows.

/// A model as search sees it: for all its rows at once (the beams of one or several
/// sources), from their state and last tokens, the log probabilities of each row's next
/// token. The Transformer is one; tests use hand-made ones.
package protocol StepDecoder {
    associatedtype State
    var vocabularySize: Int { get }
    var startToken: Int32 { get }
    var endToken: Int32 { get }
    /// The token forced at the length limit, if the model wants one (Marian: the end token).
    var forcedEndToken: Int32? { get }
    /// The length of each source (the number of sources searched at once).
    var sourceLengths: [Int] { get }
    /// The state of `rowsPerSource` rows for each source, sources in order, before the first step.
    func initialState(rowsPerSource: Int, maxLength: Int) -> State
    /// Log probabilities (rows × vocabularySize) of each row's token after `tokens` (one per
    /// row); advances `state`.
    func nextLogProbabilities(after tokens: [Int32], state: inout State) -> [Float]
    /// Row i of the state continues row parents[i]: beams reordered by index, finished
    /// sources' rows left out.
    func reorder(_ state: inout State, parents: [Int])
    /// Each row's attention over its source at the last step (rows × longest source, zero
    /// past each row's own), for alignments; empty for models without one.
    func sourceAttention(_ state: State) -> [Float]
}

extension StepDecoder {
    package func sourceAttention(_ state: State) -> [Float] { [] }

    /// Greedy search for a beam of one, beam search otherwise, as the options say; for
    /// each source its hypotheses, best first.
    package func search(options: DecodingOptions, maxLengths: [Int]) -> [[Hypothesis]] {
        options.beamSize <= 1 && options.nBest <= 1
            ? greedySearch(maxLengths: maxLengths, minLength: options.minLength).map { [$0] }
            : beamSearch(beamSize: max(options.beamSize, options.nBest), maxLengths: maxLengths, lengthPenalty: options.lengthPenalty,
                         minLength: options.minLength)
    }

    /// In every row: the end token made impossible while the hypotheses are shorter than
    /// `minLength`; only the forced end token left possible when the next token is the last
    /// one `maxLength` allows.
    func applyLengthLimits(_ logProbabilities: UnsafeMutableBufferPointer<Float>, length: Int, minLength: Int, maxLength: Int) {
        let rows = logProbabilities.count / vocabularySize
        if length < minLength {
            for row in 0..<rows { logProbabilities[row * vocabularySize + Int(endToken)] = -.infinity }
        }
        guard let forced = forcedEndToken, length == maxLength - 1 else { return }
        logProbabilities.update(repeating: -.infinity)
        for row in 0..<rows { logProbabilities[row * vocabularySize + Int(forced)] = 0 }
    }

    /// Drives a search of `rowsPerSource` rows per source: each step, one model call for the
    /// rows of every source still searching, then `advance` for each of them with its rows'
    /// log probabilities (in place, to be changed at will) and attention; it returns the parent
    /// (0..<rowsPerSource) of each of its rows for the next step, or nil once that source is
    /// done and leaves.
    func drive(rowsPerSource: Int, maxLength: Int, lastTokens: (Int) -> [Int32],
               advance: (_ source: Int, _ logProbabilities: UnsafeMutableBufferPointer<Float>, _ attention: [ArraySlice<Float>]) -> [Int]?) {
        var state = initialState(rowsPerSource: rowsPerSource, maxLength: maxLength)
        var active = Array(sourceLengths.indices)
        while !active.isEmpty {
            var scores = nextLogProbabilities(after: active.flatMap(lastTokens), state: &state)
            let attention = sourceAttention(state)
            let width = attention.count / (active.count * rowsPerSource)
            let block = rowsPerSource * vocabularySize
            var parents: [Int] = [], remaining: [Int] = []
            scores.withUnsafeMutableBufferPointer { scores in
                for (position, source) in active.enumerated() {
                    let logProbabilities = UnsafeMutableBufferPointer(rebasing: scores[(position * block)..<((position + 1) * block)])
                    let rows = (0..<rowsPerSource).map { row -> ArraySlice<Float> in
                        let start = (position * rowsPerSource + row) * width
                        return width == 0 ? [] : attention[start..<(start + sourceLengths[source])]
                    }
                    guard let sourceParents = advance(source, logProbabilities, rows) else { continue }
                    remaining.append(source)
                    parents += sourceParents.map { position * rowsPerSource + $0 }
                }
            }
            if !remaining.isEmpty { reorder(&state, parents: parents) }
            active = remaining
        }
    }
}

/// The Transformer decoding a batch of encoded sources.
package struct TransformerStepDecoder: StepDecoder {
    package let model: Transformer
    /// The encoder outputs of the sources, one after another.
    package let encoderOutputs: [Float]
    package let sourceLengths: [Int]
    /// The decoder layer and head whose cross-attention `sourceAttention` gives (nil: none).
    package var attentionProbe: (layer: Int, head: Int)?

    package init(model: Transformer, source: [Int32]) {
        self.init(model: model, sources: [source])
    }

    package init(model: Transformer, sources: [[Int32]]) {
        self.model = model
        self.encoderOutputs = model.encode(batch: sources)
        self.sourceLengths = sources.map(\.count)
    }

    package var vocabularySize: Int { model.config.targetVocabularySize }
    package var startToken: Int32 { model.config.decoderStartId }
    package var endToken: Int32 { model.config.eosId }
    package var forcedEndToken: Int32? { model.config.forcedEosId }

    package func initialState(rowsPerSource: Int, maxLength: Int) -> DecoderCache {
        var cache = model.startDecoding(encoderOutputs: encoderOutputs, sourceLengths: sourceLengths, rowsPerSource: rowsPerSource,
                                        maxLength: maxLength)
        cache.attentionProbe = attentionProbe
        return cache
    }

    package func sourceAttention(_ state: DecoderCache) -> [Float] { state.crossAttention }

    package func nextLogProbabilities(after tokens: [Int32], state: inout DecoderCache) -> [Float] {
        var logits = model.decode(tokens, cache: &state)
        logits.withUnsafeMutableBufferPointer { logSoftmaxRows($0.baseAddress!, rows: tokens.count, width: vocabularySize) }
        return logits
    }

    package func reorder(_ state: inout DecoderCache, parents: [Int]) {
        state.reorder(parents: parents)
    }
}
