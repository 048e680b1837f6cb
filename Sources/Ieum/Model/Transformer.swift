// The encoder-decoder forward pass: encode a source once, then decode step by step over caches.
import Foundation

/// A Transformer encoder-decoder with its weights: Marian's layout (post-layer-norm,
/// sinusoidal positions), the BART family's (pre-layer-norm with final norms, learned
/// positions, an embedding layer norm), or mixes of these and rotary positions, as the
/// config says.
package final class Transformer: Sendable {
    package let config: ModelConfig
    let weights: TransformerWeights
    /// Sinusoidal positions, (maxPositions, C): sines in the first half, cosines in the second,
    /// as Hugging Face's Marian lays them out.
    let positions: [Float]
    /// The output projection packed for the logits' product.
    let outputProjection: PackedMatrix
    /// Where the embeddings are read: their own tables, or (float32, tied) the output
    /// projection's panels.
    private let sourceLayout: EmbeddingLayout, targetLayout: EmbeddingLayout

    /// The model of a directory, its products in `computeType`; by default the type its weight
    /// matrices are stored in (int8 for `ieum convert --int8`'s, float32 for the others).
    package convenience init(directory: URL, computeType: ComputeType? = nil) throws(FormatError) {
        let config = try ModelConfig.read(directory.appendingPathComponent("config.json"))
        let file = try SafeTensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        let computeType = computeType ?? (file.tensors.values.contains { $0.dataType == .i8 } ? .int8 : .float32)
        try self.init(config: config, weights: TransformerWeights(file: file, config: config, packing: computeType), computeType: computeType)
    }

    init(config: ModelConfig, weights: TransformerWeights, computeType: ComputeType = .float32) throws(FormatError) {
        self.config = config
        var weights = weights
        weights.packLinears(computeType: computeType)
        outputProjection = PackedMatrix(weights.outputProjection, rows: config.targetVocabularySize, columns: config.modelWidth,
                                        computeType: computeType)
        weights.outputProjection = []  // the packed copy is the one decoding reads
        // Tables tied to the output projection are read from its float32 panels: held once.
        targetLayout = computeType == .float32 && weights.tied.targetOutput ? .panels : .rows
        sourceLayout = targetLayout == .panels && weights.tied.sourceTarget ? .panels : .rows
        if targetLayout == .panels { weights.targetEmbedding = [] }
        if sourceLayout == .panels { weights.sourceEmbedding = [] }
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
    package func encode(_ ids: [Int32]) -> [Float] {
        encode(batch: [ids], attentionOf: nil).output
    }

    /// The encoder's outputs for several sentences, one after another: (ΣS, C). Their rows go
    /// through every matrix product together; only attention keeps each sentence to itself.
    package func encode(batch sources: [[Int32]]) -> [Float] {
        encode(batch: sources, attentionOf: nil).output
    }

    /// The encoder's self-attention weights in one layer and head (0-based): (S, S).
    package func encoderSelfAttention(_ ids: [Int32], layer: Int, head: Int) -> [Float] {
        encode(batch: [ids], attentionOf: (layer, head)).attention
    }

    private func encode(batch sources: [[Int32]], attentionOf probe: (layer: Int, head: Int)?) -> (output: [Float], attention: [Float]) {
        let width = config.modelWidth
        let ids = sources.flatMap { $0 }, count = ids.count
        let starts = sources.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let positions = sources.flatMap { Array(0..<$0.count) }
        let longest = sources.map(\.count).max() ?? 0
        var x = embed(ids, table: weights.sourceEmbedding, layout: sourceLayout, positions: weights.encoderPositions,
                      norm: weights.encoderEmbeddingNorm, at: positions)
        // Weights are kept whole only when asked for; otherwise long sentences go in tiles.
        let tile = probe == nil ? attentionTile : Int.max
        let scratch = LayerScratch(rows: count, width: width, feedForward: config.encoderFeedForwardWidth,
                                   heads: config.encoderHeads, keys: min(longest, tile), normalizeBefore: config.normalizeBefore,
                                   epsilon: config.layerNormEpsilon)
        defer { scratch.release() }
        var attention: [Float] = []
        for (index, layer) in weights.encoderLayers.enumerated() {
            scratch.project(scratch.blockInput(x, rows: count, norm: layer.selfAttentionNorm), rows: count, with: layer.selfAttention)
            if config.positions == .rotary { scratch.rotateQueriesAndKeys(rows: count, heads: config.encoderHeads) { positions[$0] } }
            for (sentence, source) in sources.enumerated() {
                let offset = starts[sentence] * width, length = source.count
                multiHeadAttention(queries: scratch.query + offset, keys: scratch.key + offset, values: scratch.value + offset,
                                   queryCount: length, keyCount: length, width: width, heads: config.encoderHeads, causalOffset: nil,
                                   scores: scratch.scores, output: scratch.attended + offset, tile: tile)
            }
            if let probe, probe.layer == index {
                attention = Array(UnsafeBufferPointer(start: scratch.scores + probe.head * count * count, count: count * count))
            }
            scratch.finishAttention(&x, rows: count, output: layer.selfAttention.output, norm: layer.selfAttentionNorm)
            scratch.feedForward(&x, rows: count, in: layer.feedForwardIn, out: layer.feedForwardOut, norm: layer.feedForwardNorm,
                                activation: config.activation)
        }
        if let norm = weights.encoderFinalNorm { x.normalizeRows(rows: count, width: width, norm: norm, epsilon: config.layerNormEpsilon) }
        return (x, attention)
    }

    // MARK: Decoder

    /// Starts decoding `rows` sequences (beams) of one source.
    package func startDecoding(encoderOutput: [Float], sourceLength: Int, maxLength: Int, rows: Int = 1) -> DecoderCache {
        startDecoding(encoderOutputs: encoderOutput, sourceLengths: [sourceLength], rowsPerSource: rows, maxLength: maxLength)
    }

    /// Starts decoding `rowsPerSource` sequences (beams) for each of several sources, whose
    /// encoder outputs follow one another in `encoderOutputs`: computes every layer's
    /// cross-attention keys and values once per source, shared by its rows.
    package func startDecoding(encoderOutputs: [Float], sourceLengths: [Int], rowsPerSource: Int, maxLength: Int) -> DecoderCache {
        var cache = DecoderCache(layers: config.decoderLayers, width: config.modelWidth, sourceLengths: sourceLengths,
                                 rowsPerSource: rowsPerSource, maxLength: maxLength)
        let total = cache.totalSourceLength
        for (index, layer) in weights.decoderLayers.enumerated() {
            let offset = index * total * config.modelWidth
            cache.crossKeys.withUnsafeMutableBufferPointer { keys in
                layer.crossAttention.key.apply(encoderOutputs, rows: total, into: keys.baseAddress! + offset)
            }
            cache.crossValues.withUnsafeMutableBufferPointer { values in
                layer.crossAttention.value.apply(encoderOutputs, rows: total, into: values.baseAddress! + offset)
            }
        }
        return cache
    }

    /// Feeds the next `tokens.count / cache.rows` tokens of every row (row after row) to the
    /// decoder, appending to the cache, and returns their logits: (tokens.count, V_target).
    /// One token per row is a decoding step for all beams at once; a whole known target in
    /// one row is teacher forcing.
    package func decode(_ tokens: [Int32], cache: inout DecoderCache) -> [Float] {
        let width = config.modelWidth, rows = cache.rows, total = tokens.count, count = total / rows, past = cache.length
        precondition(count * rows == total && past + count <= cache.maxLength, "tokens must fill every row and fit the cache")
        cache.reserve(past + count)
        var x = embed(tokens, table: weights.targetEmbedding, layout: targetLayout, positions: weights.decoderPositions,
                      norm: weights.decoderEmbeddingNorm, at: tokens.indices.map { past + $0 % count })
        let scratch = LayerScratch(rows: total, width: width, feedForward: config.decoderFeedForwardWidth,
                                   heads: config.decoderHeads, keys: max(min(past + count, attentionTile), cache.maxSourceLength),
                                   normalizeBefore: config.normalizeBefore, epsilon: config.layerNormEpsilon)
        defer { scratch.release() }
        for (index, layer) in weights.decoderLayers.enumerated() {
            // Masked self-attention: each row over its own past and new tokens.
            scratch.project(scratch.blockInput(x, rows: total, norm: layer.selfAttentionNorm), rows: total, with: layer.selfAttention)
            if config.positions == .rotary { scratch.rotateQueriesAndKeys(rows: total, heads: config.decoderHeads) { past + $0 % count } }
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
            scratch.finishAttention(&x, rows: total, output: layer.selfAttention.output, norm: layer.selfAttentionNorm)

            // Cross-attention: each run of rows against its source.
            layer.crossAttention.query.apply(scratch.blockInput(x, rows: total, norm: layer.crossAttentionNorm), rows: total,
                                             into: scratch.query)
            let crossOffset = index * cache.totalSourceLength * width
            let keepWeights = index == cache.attentionProbe?.layer
            if keepWeights { cache.crossAttention = [Float](repeating: 0, count: total * cache.maxSourceLength) }
            for run in cache.sourceRuns() {
                let source = cache.rowSource[run.lowerBound]
                let start = cache.sourceStarts[source], length = cache.sourceLengths[source]
                let queries = run.count * count, firstQuery = run.lowerBound * count
                cache.crossKeys.withUnsafeBufferPointer { keys in
                    cache.crossValues.withUnsafeBufferPointer { values in
                        multiHeadAttention(queries: scratch.query + firstQuery * width, keys: keys.baseAddress! + crossOffset + start * width,
                                           values: values.baseAddress! + crossOffset + start * width, queryCount: queries,
                                           keyCount: length, width: width, heads: config.decoderHeads, causalOffset: nil,
                                           scores: scratch.scores, output: scratch.attended + firstQuery * width,
                                           tile: keepWeights ? Int.max : attentionTile)
                    }
                }
                if keepWeights {
                    let head = scratch.scores + (cache.attentionProbe?.head ?? 0) * queries * length
                    for query in 0..<queries {
                        let row = (firstQuery + query) * cache.maxSourceLength
                        cache.crossAttention.replaceSubrange(row..<(row + length), with: UnsafeBufferPointer(start: head + query * length, count: length))
                    }
                }
            }
            scratch.finishAttention(&x, rows: total, output: layer.crossAttention.output, norm: layer.crossAttentionNorm)
            scratch.feedForward(&x, rows: total, in: layer.feedForwardIn, out: layer.feedForwardOut, norm: layer.feedForwardNorm,
                                activation: config.activation)
        }
        if let norm = weights.decoderFinalNorm { x.normalizeRows(rows: total, width: width, norm: norm, epsilon: config.layerNormEpsilon) }
        cache.length += count
        // logits = x Eᵀ + bias
        let vocabulary = config.targetVocabularySize
        let logits = [Float](unsafeUninitializedCapacity: total * vocabulary) { logits, initialized in
            x.withUnsafeBufferPointer { x in
                weights.outputBias.withUnsafeBufferPointer { bias in
                    outputProjection.multiply(x.baseAddress!, rows: total, into: logits.baseAddress!, bias: bias.baseAddress!)
                }
            }
            initialized = total * vocabulary
        }
        return logits
    }

    /// Token embeddings (scaled by √C when the config says) plus the embeddings of each row's
    /// position: learned ones (offset by 2 as Hugging Face's BART family stores them) or
    /// sinusoidal, none with rotary positions; then the embedding layer norm, if any.
    private func embed(_ ids: [Int32], table: [Float], layout: EmbeddingLayout, positions learned: [Float]?, norm: LayerNormWeights?,
                       at rowPositions: [Int]) -> [Float] {
        let width = config.modelWidth
        let scale = config.scaleEmbedding ? Float(width).squareRoot() : 1
        let (positionTable, offset) = learned.map { ($0, CheckpointNames.learnedPositionOffset) } ?? (positions, 0)
        let clamped = rowPositions.map { min($0, config.maxPositions - 1) }
        var x = [Float](repeating: 0, count: ids.count * width)
        x.withUnsafeMutableBufferPointer { x in
            table.withUnsafeBufferPointer { table in
                positionTable.withUnsafeBufferPointer { positionTable in
                    embeddingForward(x.baseAddress!, ids: ids, at: clamped, table: layout == .panels ? outputProjection.floatPanels! : table.baseAddress!,
                                     layout: layout, scale: scale,
                                     positions: config.positions == .rotary ? nil : positionTable.baseAddress!,
                                     positionOffset: offset, width: width)
                }
            }
        }
        if let norm { x.normalizeRows(rows: ids.count, width: width, norm: norm, epsilon: config.layerNormEpsilon) }
        return x
    }
}

/// What the decoder keeps for its rows (the beams of one or several sources): each row's own
/// keys and values so far, and each source's cross-attention keys and values, shared by its
/// rows. Flat: layer l, row r's history starts at slot(l, r), in room for as many rows as
/// there were at the start; source s's keys at sourceStarts[s] in each layer's block. The
/// room for each row's history grows with the output (doubling, up to maxLength), so that
/// memory follows the longest output so far, not the longest allowed.
package struct DecoderCache: Sendable {
    /// The source of each row; rows of a source stay together.
    package internal(set) var rowSource: [Int]
    package let maxLength: Int
    package let sourceLengths: [Int]
    let sourceStarts: [Int]
    package internal(set) var length = 0
    /// Cross-attention weights of the probed decoder layer and head for the tokens of the
    /// last `decode` call: (tokens, maxSourceLength), zero past each row's source; empty
    /// without a probe.
    package internal(set) var crossAttention: [Float] = []
    /// The decoder layer and head whose cross-attention is kept, or nil: none is (and
    /// attention runs in tiles everywhere).
    package var attentionProbe: (layer: Int, head: Int)?
    let width: Int
    let layers: Int
    /// Rows the self-attention buffers have room for.
    let rowCapacity: Int
    /// Positions each row's history has room for.
    private(set) var capacity: Int
    var selfKeys: [Float]  // (L, rowCapacity, capacity, C)
    var selfValues: [Float]
    var crossKeys: [Float]  // (L, total source length, C)
    var crossValues: [Float]

    init(layers: Int, width: Int, sourceLengths: [Int], rowsPerSource: Int, maxLength: Int) {
        self.layers = layers
        self.width = width
        self.maxLength = maxLength
        self.sourceLengths = sourceLengths
        sourceStarts = sourceLengths.reduce(into: [0]) { $0.append($0.last! + $1) }.dropLast()
        rowSource = sourceLengths.indices.flatMap { Array(repeating: $0, count: rowsPerSource) }
        rowCapacity = rowSource.count
        capacity = min(maxLength, Self.initialCapacity)
        selfKeys = [Float](repeating: 0, count: layers * rowCapacity * capacity * width)
        selfValues = selfKeys
        crossKeys = [Float](repeating: 0, count: layers * sourceLengths.reduce(0, +) * width)
        crossValues = crossKeys
    }

    package var rows: Int { rowSource.count }
    var totalSourceLength: Int { sourceLengths.reduce(0, +) }
    var maxSourceLength: Int { sourceLengths.max() ?? 0 }

    func slot(layer: Int, row: Int) -> Int { (layer * rowCapacity + row) * capacity * width }

    /// Positions of room at the start.
    static let initialCapacity = 16

    /// Room for `length` positions in every row: the histories move into buffers twice as
    /// long (or maxLength) when they would not fit.
    mutating func reserve(_ length: Int) {
        guard length > capacity else { return }
        let grown = min(maxLength, max(length, 2 * capacity))
        let history = self.length * width
        for buffer in [\DecoderCache.selfKeys, \DecoderCache.selfValues] {
            var moved = [Float](repeating: 0, count: layers * rowCapacity * grown * width)
            self[keyPath: buffer].withUnsafeBufferPointer { old in
                moved.withUnsafeMutableBufferPointer { new in
                    for block in 0..<(layers * rowCapacity) {
                        (new.baseAddress! + block * grown * width).update(from: old.baseAddress! + block * capacity * width, count: history)
                    }
                }
            }
            self[keyPath: buffer] = moved
        }
        capacity = grown
    }

    /// Runs of consecutive rows with the same source.
    func sourceRuns() -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for row in 1...max(rows, 1) where row == rows || rowSource[row] != rowSource[start] {
            runs.append(start..<row)
            start = row
        }
        return rows == 0 ? [] : runs
    }

    /// Row i continues row parents[i]: the histories are gathered by index, as beams reorder
    /// and finished sources leave. There may be fewer parents than rows. Only rows whose
    /// parent is another row are copied, in place; parents overwritten before they are read
    /// are set aside first.
    package mutating func reorder(parents: [Int]) {
        let moved = parents.indices.filter { parents[$0] != $0 }
        rowSource = parents.map { rowSource[$0] }
        guard !moved.isEmpty else { return }
        let overwritten = Set(moved)
        let setAside = Array(Set(moved.map { parents[$0] }).intersection(overwritten))
        let asidePosition = Dictionary(uniqueKeysWithValues: setAside.enumerated().map { ($1, $0) })
        let history = length * width, rowStride = capacity * width
        var aside = [Float](repeating: 0, count: max(setAside.count * history, 1))
        let slots = (0..<layers).map { layer in slot(layer: layer, row: 0) }
        for layer in 0..<layers {
            for buffer in [\DecoderCache.selfKeys, \DecoderCache.selfValues] {
                self[keyPath: buffer].withUnsafeMutableBufferPointer { buffer in
                    aside.withUnsafeMutableBufferPointer { aside in
                        let base = buffer.baseAddress! + slots[layer], spare = aside.baseAddress!
                        for (position, row) in setAside.enumerated() {
                            (spare + position * history).update(from: base + row * rowStride, count: history)
                        }
                        for row in moved {
                            let parent = parents[row]
                            let from = asidePosition[parent].map { spare + $0 * history } ?? base + parent * rowStride
                            (base + row * rowStride).update(from: from, count: history)
                        }
                    }
                }
            }
        }
    }
}
