// Text in, text out: tokenizer, model and search behind one call.
import Foundation

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

/// Translates text with a model directory: `config.json`, `model.safetensors`, and the
/// tokenizer the model was trained with: Ieum's joint vocabulary `tokenizer.vocab` (its ids
/// are the model's ids), or Marian's `source.spm`, `target.spm` and `vocab.json`.
public final class Translator: Sendable {
    public let model: Transformer
    public let codec: any TextCodec

    public init(modelDirectory: URL) throws {
        let vocabulary = modelDirectory.appendingPathComponent("tokenizer.vocab")
        model = try Transformer(directory: modelDirectory)
        if FileManager.default.fileExists(atPath: vocabulary.path) {
            let tokenizer = Tokenizer(vocabulary: try VocabularyFile.read(vocabulary))
            guard tokenizer.vocabulary.count == model.config.sourceVocabularySize,
                  tokenizer.vocabulary.count == model.config.targetVocabularySize else {
                throw FormatError(file: vocabulary.path, reason: "has \(tokenizer.vocabulary.count) pieces; the model's vocabularies have \(model.config.sourceVocabularySize) and \(model.config.targetVocabularySize)")
            }
            codec = JointVocabularyCodec(tokenizer: tokenizer, endId: model.config.eosId)
        } else if FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("source.spm").path) {
            codec = try MarianTokenizer(directory: modelDirectory)
        } else {
            throw FormatError(file: modelDirectory.path, reason: "has neither tokenizer.vocab nor source.spm: no tokenizer")
        }
    }

    /// A model already in memory and the codec of its ids.
    init(model: Transformer, codec: any TextCodec) {
        self.model = model
        self.codec = codec
    }

    /// Translates one sentence. An empty input gives an empty translation.
    public func translate(_ text: String, options: DecodingOptions = DecodingOptions()) throws -> Translation {
        try translate([text], options: options, threads: 1)[0].get()
    }

    /// Translates many sentences, in batches of up to `batchSize` searched together (one
    /// model call per step for all their rows), the batches spread over `threads` threads
    /// with single-threaded BLAS; results in input order, whatever the thread count.
    /// Options that do not fit the model (`DecodingOptions.problem`) fail every text.
    public func translate(_ texts: [String], options: DecodingOptions = DecodingOptions(), threads: Int,
                          batchSize: Int = 32) -> [Result<Translation, any Error>] {
        if let problem = options.problem(for: model.config) {
            return texts.map { _ in .failure(TranslationError.invalidOptions(problem)) }
        }
        let sources = texts.map { text in Result { () throws -> [Int32] in try checkedLength(codec.sourceIds(text)) } }
        let hypotheses = search(sources, options: options, threads: threads, batchSize: batchSize)
        return texts.indices.map { index in
            Result {
                let source = try sources[index].get()
                guard !source.isEmpty else {
                    return Translation(text: "", score: 0, alternatives: [Translation.Alternative(text: "", score: 0)],
                                       alignment: options.alignment != nil ? Alignment(pieceWeights: [], sourcePieceWords: [], targetPieceWords: [],
                                                                        sourceWords: [], targetWords: []) : nil)
                }
                guard let found = hypotheses[index], let best = found.first else { throw TranslationError.noHypothesis }
                let alternatives = try found.prefix(max(options.nBest, 1)).map { Translation.Alternative(text: try decode($0.tokens), score: $0.score) }
                return Translation(text: alternatives[0].text, score: alternatives[0].score, alternatives: Array(alternatives),
                                   alignment: options.alignment != nil ? wordAlignment(source: Array(source.dropLast()), input: texts[index],
                                                                        hypothesis: best, output: alternatives[0].text) : nil)
            }
        }
    }

    /// Translations of sources given as token ids (each with its end token), for callers that
    /// tokenize themselves (`ieum translate --ids`): the `options.nBest` best target id
    /// sequences (start and end tokens dropped) with their scores, in input order. An empty
    /// source gives one empty translation.
    public func translate(ids sources: [[Int32]], options: DecodingOptions = DecodingOptions(), threads: Int,
                          batchSize: Int = 32) -> [Result<[(ids: [Int32], score: Float)], any Error>] {
        if let problem = options.problem(for: model.config) {
            return sources.map { _ in .failure(TranslationError.invalidOptions(problem)) }
        }
        let checked = sources.map { ids in
            Result { () throws -> [Int32] in
                if let id = ids.first(where: { $0 < 0 || Int($0) >= model.config.sourceVocabularySize }) {
                    throw TranslationError.unknownTokenId(Int(id), vocabularySize: model.config.sourceVocabularySize)
                }
                return try checkedLength(ids)
            }
        }
        let hypotheses = search(checked, options: options, threads: threads, batchSize: batchSize)
        return sources.indices.map { index in
            Result {
                guard try !checked[index].get().isEmpty else { return [([], 0)] }
                guard let found = hypotheses[index], !found.isEmpty else { throw TranslationError.noHypothesis }
                return found.prefix(max(options.nBest, 1)).map { hypothesis in
                    (Array(hypothesis.tokens.dropFirst().prefix { $0 != model.config.eosId }), hypothesis.score)
                }
            }
        }
    }

    /// Source ids, once they are known to fit the model.
    private func checkedLength(_ ids: [Int32]) throws -> [Int32] {
        guard ids.count <= model.config.maxPositions else { throw TranslationError.tooLong(tokens: ids.count, limit: model.config.maxPositions) }
        return ids
    }

    /// The hypotheses of every non-empty source (nil for the others), in batches of up to
    /// `batchSize` sources of similar length (so that a batch finishes together), the batches
    /// spread over `threads` threads.
    private func search(_ sources: [Result<[Int32], any Error>], options: DecodingOptions, threads: Int, batchSize: Int) -> [[Hypothesis]?] {
        let lengths = sources.map { (try? $0.get().count) ?? 0 }
        let searched = sources.indices.filter { lengths[$0] > 0 }.sorted { lengths[$0] < lengths[$1] }
        let batches = stride(from: 0, to: searched.count, by: batchSize).map { Array(searched[$0..<min($0 + batchSize, searched.count)]) }
        let results = inParallel(batches, threads: threads) { batch in
            let batchSources = batch.compactMap { try? sources[$0].get() }
            return zip(batch, model.search(sources: batchSources, options: options)).map { ($0, $1) }
        }
        var hypotheses = [[Hypothesis]?](repeating: nil, count: sources.count)
        for (index, found) in results.joined() { hypotheses[index] = found }
        return hypotheses
    }

    /// The alignment of a source sentence with a given translation (forced decoding: the
    /// decoder reads the translation and its attention is kept), or with the model's own
    /// translation when `target` is nil.
    public func align(source text: String, target: String? = nil, options: DecodingOptions = DecodingOptions()) throws -> Alignment {
        guard let target else {
            var options = options
            options.alignment = options.alignment ?? AttentionProbe()
            return try translate(text, options: options).alignment
                ?? Alignment(pieceWeights: [], sourcePieceWords: [], targetPieceWords: [], sourceWords: [], targetWords: [])
        }
        if let problem = options.problem(for: model.config) { throw TranslationError.invalidOptions(problem) }
        let source = try codec.sourceIds(text)
        let targetIds = try codec.targetIds(target)
        let tokens = [model.config.decoderStartId] + targetIds + [model.config.eosId]
        guard max(source.count, tokens.count) <= model.config.maxPositions else {
            throw TranslationError.tooLong(tokens: max(source.count, tokens.count), limit: model.config.maxPositions)
        }
        var cache = model.startDecoding(encoderOutput: model.encode(source), sourceLength: source.count, maxLength: tokens.count)
        cache.attentionProbe = (options.alignment ?? AttentionProbe()).resolved(for: model.config)
        _ = model.decode(Array(tokens.dropLast()), cache: &cache)
        let hypothesis = Hypothesis(tokens: tokens, score: 0, attention: cache.crossAttention)
        return wordAlignment(source: Array(source.dropLast()), input: text, hypothesis: hypothesis,
                             output: try codec.text(ofTarget: targetIds))
    }

    /// The word alignment of a hypothesis: its attention rows for the output's pieces (the end
    /// token's row and the source end token's column left out), mapped to words. Source words
    /// are the input's, split at whitespace, when they match the pieces' words (otherwise the
    /// normalized input's).
    private func wordAlignment(source: [Int32], input: String, hypothesis: Hypothesis, output: String) -> Alignment {
        let sourcePieceWords = Alignment.wordIndices(ofPieces: codec.sourcePieces(source))
        let target = Array(hypothesis.tokens.dropFirst().prefix { $0 != model.config.eosId })
        let targetPieceWords = Alignment.wordIndices(ofPieces: codec.targetPieces(target))
        let sourceCount = source.count + 1
        let rows = min(target.count, hypothesis.attention.count / max(sourceCount, 1))
        let wordCount = (sourcePieceWords.last ?? -1) + 1
        var sourceWords = input.split(whereSeparator: \.isWhitespace).map(String.init)
        if sourceWords.count != wordCount {
            sourceWords = ((try? codec.normalized(input)) ?? input).split(separator: " ").map(String.init)
        }
        return Alignment(pieceWeights: Array(hypothesis.attention.prefix(rows * sourceCount)),
                         sourcePieceWords: sourcePieceWords + [-1], targetPieceWords: Array(targetPieceWords.prefix(rows)),
                         sourceWords: sourceWords, targetWords: output.split(separator: " ").map(String.init))
    }

    /// Target text from output tokens: the start token and anything from the end token on dropped.
    private func decode(_ tokens: [Int32]) throws -> String {
        let body = tokens.dropFirst().prefix { $0 != model.config.eosId }
        return try codec.text(ofTarget: Array(body))
    }
}

extension Transformer {
    /// The hypotheses for each source of token ids (end token included, at most
    /// maxPositions), best first, all searched together.
    public func search(sources: [[Int32]], options: DecodingOptions) -> [[Hypothesis]] {
        guard !sources.isEmpty else { return [] }
        let maxLengths = sources.map { min(options.maxLength(sourceLength: $0.count), config.maxPositions) }
        var decoder = TransformerStepDecoder(model: self, sources: sources)
        decoder.attentionProbe = options.alignment?.resolved(for: config)
        return decoder.search(options: options, maxLengths: maxLengths)
    }

    /// The hypotheses for one source of token ids (end token included), best first.
    public func search(source: [Int32], options: DecodingOptions) throws -> [Hypothesis] {
        guard source.count <= config.maxPositions else { throw TranslationError.tooLong(tokens: source.count, limit: config.maxPositions) }
        return search(sources: [source], options: options)[0]
    }
}

extension Translator {
    /// Which attention to look into.
    public enum AttentionKind: String, Sendable, CaseIterable {
        /// The encoder's self-attention: source pieces over source pieces.
        case `self`
        /// The decoder's cross-attention while it reads the model's translation: target
        /// pieces over source pieces.
        case cross
    }

    /// The attention weights of one layer and head (0-based) for a sentence: (queries, keys),
    /// with the pieces that label them (the source's end token included).
    public func attention(source text: String, kind: AttentionKind, layer: Int, head: Int,
                          options: DecodingOptions = DecodingOptions()) throws -> (queries: [String], keys: [String], weights: [Float]) {
        let stack = kind == .self ? (model.config.encoderLayers, model.config.encoderHeads) : (model.config.decoderLayers, model.config.decoderHeads)
        guard (0..<stack.0).contains(layer), (0..<stack.1).contains(head) else {
            throw TranslationError.noSuchAttention(layers: stack.0, heads: stack.1)
        }
        let source = try codec.sourceIds(text)
        guard !source.isEmpty else { return ([], [], []) }
        if kind == .self {
            return (codec.sourcePieces(source), codec.sourcePieces(source), model.encoderSelfAttention(source, layer: layer, head: head))
        }
        let target = try model.search(source: source, options: options)[0].tokens
        var cache = model.startDecoding(encoderOutput: model.encode(source), sourceLength: source.count, maxLength: target.count)
        cache.attentionProbe = (layer, head)
        _ = model.decode(Array(target.dropLast()), cache: &cache)
        return (codec.targetPieces(Array(target.dropFirst())), codec.sourcePieces(source), cache.crossAttention)
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
