// Greedy search over the decoder, step by step on KV caches, for many sources at once.
import Foundation

/// Log-softmax of each of `rows` rows, in place.
func logSoftmaxRows(_ values: inout [Float], rows: Int, width: Int) {
    values.withUnsafeMutableBufferPointer { values in
        for row in 0..<rows {
            let x = values.baseAddress! + row * width
            let maximum = rowMaximum(x, count: width)
            var sum: Float = 0
            for index in 0..<width { sum += expf(x[index] - maximum) }
            let logSum = maximum + logf(sum)
            for index in 0..<width { x[index] -= logSum }
        }
    }
}

/// The index of the largest value, the first of equal maxima (as argmax does).
func firstMaximum(_ values: [Float]) -> Int {
    values.withUnsafeBufferPointer { values in
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }
}

/// The largest of `count` values, eight lanes at a time (a scalar loop of `max` does not vectorize).
func rowMaximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>(repeating: -.infinity)
    let whole = count / 8 * 8
    let raw = UnsafeRawPointer(x)
    for index in stride(from: 0, to: whole, by: 8) {
        lanes = pointwiseMax(lanes, raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self))
    }
    var maximum = lanes.max()
    for index in whole..<count { maximum = max(maximum, x[index]) }
    return maximum
}

extension StepDecoder {
    /// The most probable token at each step, for every source at once (one row each;
    /// finished sources leave the batch). At a source's length limit the forced end token, if
    /// any, is the only choice, as Hugging Face's forced_eos_token_id makes it; before
    /// `minLength` tokens the end token is not one.
    public func greedySearch(maxLengths: [Int], minLength: Int = 0) -> [Hypothesis] {
        var hypotheses = sourceLengths.indices.map { _ in Hypothesis(tokens: [startToken], score: 0) }
        drive(rowsPerSource: 1, maxLength: maxLengths.max() ?? 1, lastTokens: { [hypotheses[$0].tokens.last ?? startToken] }) {
            source, logProbabilities, attention in
            applyLengthLimits(&logProbabilities, length: hypotheses[source].tokens.count, minLength: minLength,
                              maxLength: maxLengths[source])
            let best = firstMaximum(logProbabilities)
            hypotheses[source].tokens.append(Int32(best))
            hypotheses[source].score += logProbabilities[best]
            hypotheses[source].attention += attention[0]
            let done = Int32(best) == endToken || hypotheses[source].tokens.count >= maxLengths[source]
            return done ? nil : [0]
        }
        return hypotheses
    }

    /// Greedy search for a single source.
    public func greedySearch(maxLength: Int, minLength: Int = 0) -> Hypothesis {
        greedySearch(maxLengths: [maxLength], minLength: minLength)[0]
    }
}
