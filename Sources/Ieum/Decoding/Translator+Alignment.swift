// What a translation attended to: word alignments (forced or of the model's own output) and
// the raw attention of any layer and head.
import Foundation

extension Translator {
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
    func wordAlignment(source: [Int32], input: String, hypothesis: Hypothesis, output: String) -> Alignment {
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
