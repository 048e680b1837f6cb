// Greedy search over the decoder, step by step on KV caches, for many sources at once.
import Foundation

extension StepDecoder {
    /// The most probable token at each step, for every source at once (one row each;
    /// finished sources leave the batch). At a source's length limit the forced end token, if
    /// any, is the only choice, as Hugging Face's forced_eos_token_id makes it; before
    /// `minLength` tokens the end token is not one.
    package func greedySearch(maxLengths: [Int], minLength: Int = 0) -> [Hypothesis] {
        var hypotheses = sourceLengths.indices.map { _ in Hypothesis(tokens: [startToken], score: 0) }
        drive(rowsPerSource: 1, maxLength: maxLengths.max() ?? 1, lastTokens: { [hypotheses[$0].tokens.last ?? startToken] }) {
            source, logProbabilities, attention in
            applyLengthLimits(logProbabilities, length: hypotheses[source].tokens.count, minLength: minLength,
                              maxLength: maxLengths[source])
            let best = firstMaximum(UnsafeBufferPointer(logProbabilities))
            hypotheses[source].tokens.append(Int32(best))
            hypotheses[source].score += logProbabilities[best]
            hypotheses[source].attention += attention[0]
            let done = Int32(best) == endToken || hypotheses[source].tokens.count >= maxLengths[source]
            return done ? nil : [0]
        }
        return hypotheses
    }

    /// Greedy search for a single source.
    package func greedySearch(maxLength: Int, minLength: Int = 0) -> Hypothesis {
        greedySearch(maxLengths: [maxLength], minLength: minLength)[0]
    }
}

extension Transformer {
    /// The hypotheses for each source of token ids (end token included, at most
    /// maxPositions), best first, all searched together.
    package func search(sources: [[Int32]], options: DecodingOptions) -> [[Hypothesis]] {
        guard !sources.isEmpty else { return [] }
        let maxLengths = sources.map { min(options.maxLength(sourceLength: $0.count), config.maxPositions) }
        var decoder = TransformerStepDecoder(model: self, sources: sources)
        decoder.attentionProbe = options.alignment?.resolved(for: config)
        return decoder.search(options: options, maxLengths: maxLengths)
    }

    /// The hypotheses for one source of token ids (end token included), best first.
    package func search(source: [Int32], options: DecodingOptions) throws -> [Hypothesis] {
        guard source.count <= config.maxPositions else { throw TranslationError.tooLong(tokens: source.count, limit: config.maxPositions) }
        return search(sources: [source], options: options)[0]
    }
}
