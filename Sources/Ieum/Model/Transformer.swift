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
        var x = embed(ids, table: weights.sourceEmbedding, firstPosition: 0)
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

    /// Starts decoding a source: computes every layer's cross-attention keys and values once.
    public func startDecoding(encoderOutput: [Float], sourceLength: Int, maxLength: Int) -> DecoderCache {
        var cache = DecoderCache(layers: config.decoderLayers, width: config.modelWidth, sourceLength: sourceLength, maxLength: maxLength)
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

    /// Feeds `tokens` (the next target tokens of one sequence) to the decoder, appending to
    /// its cache, and returns their logits: (tokens.count, V_target). One token at a time is
    /// decoding; all of a known target at once is teacher forcing.
    public func decode(_ tokens: [Int32], cache: inout DecoderCache) -> [Float] {
        let width = config.modelWidth, count = tokens.count, past = cache.length
        precondition(past + count <= cache.maxLength, "decoder cache is full")
        var x = embed(tokens, table: weights.targetEmbedding, firstPosition: past)
        let scratch = LayerScratch(rows: count, width: width, feedForward: config.decoderFeedForwardWidth,
                                   heads: config.decoderHeads, keys: max(past + count, cache.sourceLength))
        defer { scratch.release() }
        for (index, layer) in weights.decoderLayers.enumerated() {
            scratch.project(x, rows: count, with: layer.selfAttention)
            let selfOffset = index * cache.maxLength * width
            cache.selfKeys.withUnsafeMutableBufferPointer { keys in
                (keys.baseAddress! + selfOffset + past * width).update(from: scratch.key, count: count * width)
            }
            cache.selfValues.withUnsafeMutableBufferPointer { values in
                (values.baseAddress! + selfOffset + past * width).update(from: scratch.value, count: count * width)
            }
            cache.selfKeys.withUnsafeBufferPointer { keys in
                cache.selfValues.withUnsafeBufferPointer { values in
                    scratch.attend(queries: scratch.query, keys: keys.baseAddress! + selfOffset, values: values.baseAddress! + selfOffset,
                                   rows: count, keyCount: past + count, heads: config.decoderHeads, causalOffset: past)
                }
            }
            scratch.addAndNormalize(&x, rows: count, attentionOutput: layer.selfAttention.output, norm: layer.selfAttentionNorm,
                                    epsilon: config.layerNormEpsilon)

            layer.crossAttention.query.apply(x, rows: count, into: scratch.query)
            let crossOffset = index * cache.sourceLength * width
            cache.crossKeys.withUnsafeBufferPointer { keys in
                cache.crossValues.withUnsafeBufferPointer { values in
                    scratch.attend(queries: scratch.query, keys: keys.baseAddress! + crossOffset, values: values.baseAddress! + crossOffset,
                                   rows: count, keyCount: cache.sourceLength, heads: config.decoderHeads, causalOffset: nil)
                }
            }
            if index == config.decoderLayers - 1 {
                // The last layer's first head: the one Marian's guided alignment trains.
                cache.crossAttention = Array(UnsafeBufferPointer(start: scratch.scores, count: count * cache.sourceLength))
            }
            scratch.addAndNormalize(&x, rows: count, attentionOutput: layer.crossAttention.output, norm: layer.crossAttentionNorm,
                                    epsilon: config.layerNormEpsilon)
            scratch.feedForward(&x, rows: count, in: layer.feedForwardIn, out: layer.feedForwardOut, norm: layer.feedForwardNorm,
                                activation: config.activation, epsilon: config.layerNormEpsilon)
        }
        cache.length += count
        // logits = x Eᵀ + bias
        let vocabulary = config.targetVocabularySize
        var logits = [Float](repeating: 0, count: count * vocabulary)
        for row in 0..<count { logits.replaceSubrange((row * vocabulary)..<((row + 1) * vocabulary), with: weights.outputBias) }
        matrixMultiply(x, weights.outputProjection, into: &logits, m: count, n: vocabulary, k: width, transposedB: true, accumulate: true)
        return logits
    }

    /// Token embeddings (scaled by √C when the config says) plus positions.
    private func embed(_ ids: [Int32], table: [Float], firstPosition: Int) -> [Float] {
        let width = config.modelWidth
        let scale = config.scaleEmbedding ? Float(width).squareRoot() : 1
        var x = [Float](repeating: 0, count: ids.count * width)
        for (row, id) in ids.enumerated() {
            let position = min(firstPosition + row, config.maxPositions - 1)
            for column in 0..<width {
                x[row * width + column] = table[Int(id) * width + column] * scale + positions[position * width + column]
            }
        }
        return x
    }
}

/// What the decoder keeps for one sequence: its own keys and values so far, and the
/// cross-attention keys and values of the source. Flat: layer l's rows start at l × rows × C.
public struct DecoderCache: Sendable {
    public let maxLength: Int
    public let sourceLength: Int
    public internal(set) var length = 0
    /// Cross-attention weights of the last decoder layer's first head for the tokens of the
    /// last `decode` call: (tokens, S).
    public internal(set) var crossAttention: [Float] = []
    var selfKeys: [Float]  // (L, maxLength, C)
    var selfValues: [Float]
    var crossKeys: [Float]  // (L, S, C)
    var crossValues: [Float]

    init(layers: Int, width: Int, sourceLength: Int, maxLength: Int) {
        self.maxLength = maxLength
        self.sourceLength = sourceLength
        selfKeys = [Float](repeating: 0, count: layers * maxLength * width)
        selfValues = selfKeys
        crossKeys = [Float](repeating: 0, count: layers * sourceLength * width)
        crossValues = crossKeys
    }
}
