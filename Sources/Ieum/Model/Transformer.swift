// The encoder-decoder forward pass: encode a source once, then decode step by step over caches.
import Foundation

/// A Transformer encoder-decoder (Marian's post-layer-norm layout) with its weights.
public final class Transformer: Sendable {
    public let config: ModelConfig
    let weights: TransformerWeights
    /// Sinusoidal positions, (maxPositions, C): sines in the first half, cosines in the second,
    /// as Hugging Face's Marian lays them out.
    let positions: [Float]

    public convenience init(directory: URL) throws(FormatError) {
        let config = try ModelConfig.read(directory.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        try self.init(config: config, weights: TransformerWeights(file: file, config: config))
    }

    init(config: ModelConfig, weights: TransformerWeights) throws(FormatError) {
        guard !config.normalizeBefore else {
            throw FormatError(file: "config.json", reason: "pre-layer-norm models (normalize_before) are not supported yet")
        }
        self.config = config
        self.weights = weights
        self.positions = Self.sinusoidalPositions(count: config.maxPositions, width: config.modelWidth)
    }

    static func sinusoidalPositions(count: Int, width: Int) -> [Float] {
        var table = [Float](repeating: 0, count: count * width)
        let half = (width + 1) / 2
        for position in 0..<count {
            for index in 0..<half {
                let angle = Double(position) / pow(10000, Double(2 * index) / Double(width))
                table[position * width + index] = Float(sin(angle))
                if half + index < width { table[position * width + half + index] = Float(cos(angle)) }
            }
        }
        return table
    }

    // MARK: Encoder

    /// The encoder's output for one source sentence of token ids: (S, C).
    public func encode(_ ids: [Int32]) -> [Float] {
        let width = config.modelWidth, count = ids.count
        var x = embed(ids, table: weights.sourceEmbedding, position: { $0 })
        let scratch = LayerScratch(rows: count, width: width, feedForward: config.encoderFeedForwardWidth,
                                   heads: config.encoderHeads, keys: count)
        defer { scratch.release() }
        for layer in weights.encoderLayers {
            scratch.project(x, rows: count, with: layer.selfAttention)
            scratch.attend(queries: scratch.query, keys: scratch.key, values: scratch.value, rows: count, keyCount: count,
                           heads: config.encoderHeads, causalOffset: nil)
            scratch.addAndNormalize(&x, rows: count, attentionOutput: layer.selfAttention.output, norm: layer.selfAttentionNorm,
                                    epsilon: config.layerNormEpsilon)
            scratch.feedForward(&x, rows: count, in: layer.feedForwardIn, out: layer.feedForwardOut, norm: layer.feedForwardNorm,
                                activation: config.activation, epsilon: config.layerNormEpsilon)
        }
        return x
    }

    // MARK: Decoder

    /// Starts decoding `rows` sequences (beams) of one source: computes every layer's
    /// cross-attention keys and values once, for all of them.
    public func startDecoding(encoderOutput: [Float], sourceLength: Int, maxLength: Int, rows: Int = 1) -> DecoderCache {
        var cache = DecoderCache(layers: config.decoderLayers, width: config.modelWidth, rows: rows,
                                 sourceLength: sourceLength, maxLength: maxLength)
        for (index, layer) in weights.decoderLayers.enumerated() {
            let offset = index * sourceLength * config.modelWidth
            cache.crossKeys.withUnsafeMutableBufferPointer { keys in
                layer.crossAttention.key.apply(encoderOutput, rows: sourceLength, into: keys.baseAddress! + offset)
            }
            cache.crossValues.withUnsafeMutableBufferPointer { values in
                layer.crossAttention.value.apply(encoderOutput, rows: sourceLength, into: values.baseAddress! + offset)
            }
        }
        return cache
    }

    /// Feeds the next `tokens.count / cache.rows` tokens of every row (row after row) to the
    /// decoder, appending to the cache, and returns their logits: (tokens.count, V_target).
    /// One token per row is a decoding step for all beams at once; a whole known target in
    /// one row is teacher forcing.
    public func decode(_ tokens: [Int32], cache: inout DecoderCache) -> [Float] {
        let width = config.modelWidth, rows = cache.rows, total = tokens.count, count = total / rows, past = cache.length
        precondition(count * rows == total && past + count <= cache.maxLength, "tokens must fill every row and fit the cache")
        var x = embed(tokens, table: weights.targetEmbedding, position: { past + $0 % count })
        let scratch = LayerScratch(rows: total, width: width, feedForward: config.decoderFeedForwardWidth,
                                   heads: config.decoderHeads, keys: max(past + count, cache.sourceLength))
        defer { scratch.release() }
        for (index, layer) in weights.decoderLayers.enumerated() {
            // Masked self-attention: each row over its own past and new tokens.
            scratch.project(x, rows: total, with: layer.selfAttention)
            let slots = (0..<rows).map { cache.slot(layer: index, row: $0) }
            cache.selfKeys.withUnsafeMutableBufferPointer { keys in
                cache.selfValues.withUnsafeMutableBufferPointer { values in
                    for row in 0..<rows {
                        let slot = slots[row]
                        (keys.baseAddress! + slot + past * width).update(from: scratch.key + row * count * width, count: count * width)
                        (values.baseAddress! + slot + past * width).update(from: scratch.value + row * count * width, count: count * width)
                        multiHeadAttention(queries: scratch.query + row * count * width, keys: keys.baseAddress! + slot,
                                           values: values.baseAddress! + slot, queryCount: count, keyCount: past + count,
                                           width: width, heads: config.decoderHeads, causalOffset: past, scores: scratch.scores,
                                           output: scratch.attended + row * count * width)
                    }
                }
            }
            scratch.addAndNormalize(&x, rows: total, attentionOutput: layer.selfAttention.output, norm: layer.selfAttentionNorm,
                                    epsilon: config.layerNormEpsilon)

            // Cross-attention: every row's queries against the one source.
            layer.crossAttention.query.apply(x, rows: total, into: scratch.query)
            let crossOffset = index * cache.sourceLength * width
            cache.crossKeys.withUnsafeBufferPointer { keys in
                cache.crossValues.withUnsafeBufferPointer { values in
                    scratch.attend(queries: scratch.query, keys: keys.baseAddress! + crossOffset, values: values.baseAddress! + crossOffset,
                                   rows: total, keyCount: cache.sourceLength, heads: config.decoderHeads, causalOffset: nil)
                }
            }
            if index == config.decoderLayers - 1 {
                // The last layer's first head: the one Marian's guided alignment trains.
                cache.crossAttention = Array(UnsafeBufferPointer(start: scratch.scores, count: total * cache.sourceLength))
            }
            scratch.addAndNormalize(&x, rows: total, attentionOutput: layer.crossAttention.output, norm: layer.crossAttentionNorm,
                                    epsilon: config.layerNormEpsilon)
            scratch.feedForward(&x, rows: total, in: layer.feedForwardIn, out: layer.feedForwardOut, norm: layer.feedForwardNorm,
                                activation: config.activation, epsilon: config.layerNormEpsilon)
        }
        cache.length += count
        // logits = x Eᵀ + bias
        let vocabulary = config.targetVocabularySize
        var logits = [Float](repeating: 0, count: total * vocabulary)
        for row in 0..<total { logits.replaceSubrange((row * vocabulary)..<((row + 1) * vocabulary), with: weights.outputBias) }
        matrixMultiply(x, weights.outputProjection, into: &logits, m: total, n: vocabulary, k: width, transposedB: true, accumulate: true)
        return logits
    }

    /// Token embeddings (scaled by √C when the config says) plus the positions `position` gives.
    private func embed(_ ids: [Int32], table: [Float], position: (Int) -> Int) -> [Float] {
        let width = config.modelWidth
        let scale = config.scaleEmbedding ? Float(width).squareRoot() : 1
        var x = [Float](repeating: 0, count: ids.count * width)
        for (row, id) in ids.enumerated() {
            let position = min(position(row), config.maxPositions - 1)
            for column in 0..<width {
                x[row * width + column] = table[Int(id) * width + column] * scale + positions[position * width + column]
            }
        }
        return x
    }
}

/// What the decoder keeps for `rows` sequences (the beams) of one source: each row's own
/// keys and values so far, and the source's cross-attention keys and values, shared.
/// Flat: layer l, row r's history starts at slot(l, r).
public struct DecoderCache: Sendable {
    public let rows: Int
    public let maxLength: Int
    public let sourceLength: Int
    public internal(set) var length = 0
    /// Cross-attention weights of the last decoder layer's first head for the tokens of the
    /// last `decode` call: (tokens, S).
    public internal(set) var crossAttention: [Float] = []
    let width: Int
    var selfKeys: [Float]  // (L, rows, maxLength, C)
    var selfValues: [Float]
    var crossKeys: [Float]  // (L, S, C)
    var crossValues: [Float]

    init(layers: Int, width: Int, rows: Int, sourceLength: Int, maxLength: Int) {
        self.rows = rows
        self.width = width
        self.maxLength = maxLength
        self.sourceLength = sourceLength
        selfKeys = [Float](repeating: 0, count: layers * rows * maxLength * width)
        selfValues = selfKeys
        crossKeys = [Float](repeating: 0, count: layers * sourceLength * width)
        crossValues = crossKeys
    }

    func slot(layer: Int, row: Int) -> Int { (layer * rows + row) * maxLength * width }

    /// Row i continues row parents[i]: the histories are gathered by index, as beams reorder.
    public mutating func reorder(parents: [Int]) {
        precondition(parents.count == rows, "one parent per row")
        guard parents != Array(0..<rows) else { return }
        let layers = selfKeys.count / (rows * maxLength * width), used = length * width
        for layer in 0..<layers {
            for buffer in [\DecoderCache.selfKeys, \DecoderCache.selfValues] {
                var gathered = [Float](repeating: 0, count: rows * used)
                for (row, parent) in parents.enumerated() {
                    let from = slot(layer: layer, row: parent)
                    gathered.replaceSubrange((row * used)..<((row + 1) * used), with: self[keyPath: buffer][from..<(from + used)])
                }
                for row in 0..<rows {
                    let to = slot(layer: layer, row: row)
                    self[keyPath: buffer].replaceSubrange(to..<(to + used), with: gathered[(row * used)..<((row + 1) * used)])
                }
            }
        }
    }
}
