// Text in, text out: tokenizer, model and search behind one call.
import Foundation

/// A translation of one input.
public struct Translation: Sendable, Equatable {
    /// The best translation.
    public var text: String
    /// Its score (log probability / length^lengthPenalty for beam search).
    public var score: Float
    /// The `nBest` best translations with their scores, best first (the first is `text`).
    public var alternatives: [Alternative]
    /// Which source words each word of `text` attended to, when asked for.
    public var alignment: Alignment?

    public struct Alternative: Sendable, Equatable {
        public var text: String
        public var score: Float
    }
}

/// Translates text with a model directory: `config.json`, `model.safetensors` and the joint
/// vocabulary `tokenizer.vocab` the model was trained with (its ids are the model's ids).
public final class Translator: Sendable {
    public let model: Transformer
    public let tokenizer: Tokenizer

    public init(modelDirectory: URL) throws {
        let vocabulary = modelDirectory.appendingPathComponent("tokenizer.vocab")
        guard FileManager.default.fileExists(atPath: vocabulary.path) else {
            let spm = FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("source.spm").path)
            throw FormatError(file: modelDirectory.path, reason: spm
                ? "is a Hugging Face Marian directory with SentencePiece tokenizers, which Ieum cannot read yet"
                : "has no tokenizer.vocab (an Ieum model directory has config.json, model.safetensors and tokenizer.vocab)")
        }
        model = try Transformer(directory: modelDirectory)
        tokenizer = Tokenizer(vocabulary: try VocabularyFile.read(vocabulary))
        guard tokenizer.vocabulary.count == model.config.sourceVocabularySize,
              tokenizer.vocabulary.count == model.config.targetVocabularySize else {
            throw FormatError(file: vocabulary.path, reason: "has \(tokenizer.vocabulary.count) pieces; the model's vocabularies have \(model.config.sourceVocabularySize) and \(model.config.targetVocabularySize)")
        }
    }

    /// Translates one sentence. An empty input gives an empty translation.
    public func translate(_ text: String, options: DecodingOptions = DecodingOptions(), nBest: Int = 1,
                          alignment: Bool = false) throws -> Translation {
        var source = try tokenizer.encode(text)
        guard !source.isEmpty else {
            return Translation(text: "", score: 0, alternatives: [Translation.Alternative(text: "", score: 0)],
                               alignment: alignment ? Alignment(pieceWeights: [], sourcePieceWords: [], targetPieceWords: [], sourceWords: [], targetWords: []) : nil)
        }
        source.append(model.config.eosId)
        let hypotheses = try model.search(source: source, options: options, nBest: nBest)
        let alternatives = try hypotheses.prefix(max(nBest, 1)).map { hypothesis in
            Translation.Alternative(text: try decode(hypothesis.tokens), score: hypothesis.score)
        }
        guard let best = alternatives.first, let bestHypothesis = hypotheses.first else { throw TranslationError.noHypothesis }
        return Translation(text: best.text, score: best.score, alternatives: Array(alternatives),
                           alignment: alignment ? wordAlignment(source: Array(source.dropLast()), input: text,
                                                                hypothesis: bestHypothesis, output: best.text) : nil)
    }

    /// Translates many sentences on `threads` threads; results in input order. Each thread
    /// decodes its sentences one after another with single-threaded BLAS, so the output does
    /// not depend on the thread count.
    public func translate(_ texts: [String], options: DecodingOptions = DecodingOptions(), nBest: Int = 1,
                          alignment: Bool = false, threads: Int) -> [Result<Translation, any Error>] {
        inParallel(texts, threads: threads) { text in
            Result { try self.translate(text, options: options, nBest: nBest, alignment: alignment) }
        }
    }

    /// The alignment of a source sentence with a given translation (forced decoding: the
    /// decoder reads the translation and its attention is kept), or with the model's own
    /// translation when `target` is nil.
    public func align(source text: String, target: String? = nil, options: DecodingOptions = DecodingOptions()) throws -> Alignment {
        guard let target else {
            return try translate(text, options: options, alignment: true).alignment
                ?? Alignment(pieceWeights: [], sourcePieceWords: [], targetPieceWords: [], sourceWords: [], targetWords: [])
        }
        var source = try tokenizer.encode(text)
        source.append(model.config.eosId)
        let targetIds = try tokenizer.encode(target)
        let tokens = [model.config.decoderStartId] + targetIds + [model.config.eosId]
        guard max(source.count, tokens.count) <= model.config.maxPositions else {
            throw TranslationError.tooLong(tokens: max(source.count, tokens.count), limit: model.config.maxPositions)
        }
        var cache = model.startDecoding(encoderOutput: model.encode(source), sourceLength: source.count, maxLength: tokens.count)
        _ = model.decode(Array(tokens.dropLast()), cache: &cache)
        let hypothesis = Hypothesis(tokens: tokens, score: 0, attention: cache.crossAttention)
        return wordAlignment(source: Array(source.dropLast()), input: text, hypothesis: hypothesis,
                             output: try tokenizer.decode(targetIds))
    }

    /// The word alignment of a hypothesis: its attention rows for the output's pieces (the end
    /// token's row and the source end token's column left out), mapped to words. Source words
    /// are the input's, split at whitespace, when they match the pieces' words (otherwise the
    /// normalized input's).
    private func wordAlignment(source: [Int32], input: String, hypothesis: Hypothesis, output: String) -> Alignment {
        let pieces = { (ids: [Int32]) in ids.map { self.tokenizer.vocabulary.pieces[Int($0)] } }
        let sourcePieceWords = Alignment.wordIndices(ofPieces: pieces(source))
        let target = Array(hypothesis.tokens.dropFirst().prefix { $0 != model.config.eosId })
        let targetPieceWords = Alignment.wordIndices(ofPieces: pieces(target))
        let sourceCount = source.count + 1
        let rows = min(target.count, hypothesis.attention.count / max(sourceCount, 1))
        let wordCount = (sourcePieceWords.last ?? -1) + 1
        var sourceWords = input.split(whereSeparator: \.isWhitespace).map(String.init)
        if sourceWords.count != wordCount {
            sourceWords = ((try? tokenizer.normalizer.normalize(input).string) ?? input).split(separator: " ").map(String.init)
        }
        return Alignment(pieceWeights: Array(hypothesis.attention.prefix(rows * sourceCount)),
                         sourcePieceWords: sourcePieceWords + [-1], targetPieceWords: Array(targetPieceWords.prefix(rows)),
                         sourceWords: sourceWords, targetWords: output.split(separator: " ").map(String.init))
    }

    /// Target text from output tokens: the start token and anything from the end token on dropped.
    private func decode(_ tokens: [Int32]) throws -> String {
        let body = tokens.dropFirst().prefix { $0 != model.config.eosId }
        return try tokenizer.decode(Array(body))
    }
}

extension Transformer {
    /// The hypotheses for a source of token ids (end token included), best first.
    public func search(source: [Int32], options: DecodingOptions, nBest: Int = 1) throws -> [Hypothesis] {
        guard source.count <= config.maxPositions else { throw TranslationError.tooLong(tokens: source.count, limit: config.maxPositions) }
        let maxLength = min(options.maxLength(sourceLength: source.count), config.maxPositions)
        return TransformerStepDecoder(model: self, source: source).search(options: options, maxLength: maxLength, nBest: nBest)
    }
}

/// Why a sentence could not be translated.
public enum TranslationError: Error, CustomStringConvertible {
    case tooLong(tokens: Int, limit: Int)
    case noHypothesis

    public var description: String {
        switch self {
        case .tooLong(let tokens, let limit): return "too long: \(tokens) tokens, the model takes at most \(limit)"
        case .noHypothesis: return "the search finished no hypothesis"
        }
    }
}
