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

extension StepDecoder {
    /// The most probable token at each step. At the length limit the forced end token, if
    /// any, is the only choice, as Hugging Face's forced_eos_token_id makes it; before
    /// `minLength` tokens the end token is not one.
    public func greedySearch(maxLength: Int, minLength: Int = 0) -> Hypothesis {
        var state = initialState(rows: 1, maxLength: maxLength)
        var tokens = [startToken]
        var score: Float = 0
        var attention: [Float] = []
        while tokens.count < maxLength {
            var logProbabilities = nextLogProbabilities(after: [tokens[tokens.count - 1]], state: &state)
            attention += sourceAttention(state)
            applyLengthLimits(&logProbabilities, length: tokens.count, minLength: minLength, maxLength: maxLength)
            // The first of equal maxima, as argmax does.
            let best = logProbabilities.indices.max {
                logProbabilities[$0] < logProbabilities[$1] || (logProbabilities[$0] == logProbabilities[$1] && $0 > $1)
            } ?? 0
            tokens.append(Int32(best))
            score += logProbabilities[best]
            if Int32(best) == endToken { break }
        }
        return Hypothesis(tokens: tokens, score: score, attention: attention)
    }

    /// In every row: the end token made impossible while the hypotheses are shorter than
    /// `minLength`; only the forced end token left possible when the next token is the last
    /// one `maxLength` allows.
    func applyLengthLimits(_ logProbabilities: inout [Float], length: Int, minLength: Int, maxLength: Int) {
        let rows = logProbabilities.count / vocabularySize
        if length < minLength {
            for row in 0..<rows { logProbabilities[row * vocabularySize + Int(endToken)] = -.infinity }
        }
        guard let forced = forcedEndToken, length == maxLength - 1 else { return }
        logProbabilities = [Float](repeating: -.infinity, count: logProbabilities.count)
        for row in 0..<rows { logProbabilities[row * vocabularySize + Int(forced)] = 0 }
    }
}
