// A batch of sentence pairs, padded into the rectangles the training forward pass works on.

/// One training pair as model ids: the source with its end token, the target without it,
/// and for guided alignment the aligner's links as flattened (target, source) position pairs.
public struct TrainingExample: Sendable, Equatable {
    public var source: [Int32]
    public var target: [Int32]
    public var alignment: [Int32]

    public init(source: [Int32], target: [Int32], alignment: [Int32] = []) {
        self.source = source
        self.target = target
        self.alignment = alignment
    }
}

/// B pairs padded to S source and T target positions. The decoder reads the start token and
/// the target (T = longest target + 1) and is trained to predict the target and the end token;
/// padded positions have label −1.
struct TrainingBatch: Sendable {
    let batch: Int  // B
    let sourceLength: Int  // S
    let targetLength: Int  // T
    let sourceIds: [Int32]  // (B, S)
    let sourceCounts: [Int]  // (B)
    let decoderInputs: [Int32]  // (B, T)
    let targetCounts: [Int]  // (B)
    let labels: [Int32]  // (B, T)
    /// Each pair's alignment links: (t, s) pairs, flattened, t indexing labels.
    let alignments: [[Int32]]

    init(_ examples: [TrainingExample], config: ModelConfig) {
        batch = examples.count
        sourceLength = examples.map(\.source.count).max() ?? 0
        targetLength = (examples.map(\.target.count).max() ?? 0) + 1
        var sourceIds = [Int32](repeating: config.padId, count: batch * sourceLength)
        var decoderInputs = [Int32](repeating: config.padId, count: batch * targetLength)
        var labels = [Int32](repeating: -1, count: batch * targetLength)
        for (b, example) in examples.enumerated() {
            sourceIds.replaceSubrange(b * sourceLength..<(b * sourceLength + example.source.count), with: example.source)
            let start = b * targetLength
            decoderInputs.replaceSubrange(start..<(start + example.target.count + 1), with: [config.decoderStartId] + example.target)
            labels.replaceSubrange(start..<(start + example.target.count + 1), with: example.target + [config.eosId])
        }
        self.sourceIds = sourceIds
        self.decoderInputs = decoderInputs
        self.labels = labels
        alignments = examples.map(\.alignment)
        sourceCounts = examples.map(\.source.count)
        targetCounts = examples.map { $0.target.count + 1 }
    }

    /// Target tokens the loss counts (the end tokens included).
    var targetTokens: Int { targetCounts.reduce(0, +) }
}
