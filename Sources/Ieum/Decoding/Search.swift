// Greedy and beam search over the decoder, step by step on KV caches.
import Foundation

/// Log-softmax of each of `rows` rows, in place.
func logSoftmaxRows(_ values: inout [Float], rows: Int, width: Int) {
    values.withUnsafeMutableBufferPointer { values in
        for row in 0..<rows {
            let x = values.baseAddress! + row * width
            var maximum = -Float.infinity
            for index in 0..<width { maximum = max(maximum, x[index]) }
            var sum: Float = 0
            for index in 0..<width { sum += expf(x[index] - maximum) }
            let logSum = maximum + logf(sum)
            for index in 0..<width { x[index] -= logSum }
        }
    }
}

extension Transformer {
    /// The most probable token at each step. At the length limit the end token is forced,
    /// as Hugging Face's forced_eos_token_id does for Marian models.
    public func greedySearch(source: [Int32], maxLength: Int) -> Hypothesis {
        let encoded = encode(source)
        var cache = startDecoding(encoderOutput: encoded, sourceLength: source.count, maxLength: maxLength)
        var tokens = [config.decoderStartId]
        var score: Float = 0
        while tokens.count < maxLength {
            var logits = decode([tokens[tokens.count - 1]], cache: &cache)
            logSoftmaxRows(&logits, rows: 1, width: config.targetVocabularySize)
            forceEndAtLimit(&logits, length: tokens.count, maxLength: maxLength, rows: 1)
            let best = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) } ?? 0
            tokens.append(Int32(best))
            score += logits[best]
            if Int32(best) == config.eosId { break }
        }
        return Hypothesis(tokens: tokens, score: score)
    }

    /// Sets every row of log probabilities to "only the end token" when the next token is the
    /// last one the limit allows.
    func forceEndAtLimit(_ logProbabilities: inout [Float], length: Int, maxLength: Int, rows: Int) {
        guard let forced = config.forcedEosId, length == maxLength - 1 else { return }
        let vocabulary = config.targetVocabularySize
        for row in 0..<rows {
            logProbabilities.replaceSubrange((row * vocabulary)..<((row + 1) * vocabulary),
                                             with: repeatElement(-Float.infinity, count: vocabulary))
            logProbabilities[row * vocabulary + Int(forced)] = 0
        }
    }
}
