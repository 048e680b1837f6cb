// How to search for a translation: beam size, length limit and penalty.

/// Options of greedy and beam search. Value type: pass one, not a long argument list.
public struct DecodingOptions: Sendable, Equatable {
    /// 1 is greedy search.
    public var beamSize = 4
    /// Finished hypotheses are ranked by log probability / length^lengthPenalty.
    public var lengthPenalty: Float = 1
    /// The longest output, decoder start token included: a·source length + b, at most `maxLengthLimit`.
    public var maxLengthRatio: Float = 1.5
    public var maxLengthOffset = 10
    public var maxLengthLimit = 256
    /// The end token cannot come before this many tokens (decoder start included).
    public var minLength = 0
    /// The decoder layer and head whose cross-attention alignments come from (0-based; nil:
    /// the model's supervised head (`alignment_layer`, `alignment_head` of its config), or
    /// else the last layer and head 0).
    public var alignmentLayer: Int? = nil
    public var alignmentHead: Int? = nil

    public init(beamSize: Int = 4, lengthPenalty: Float = 1, maxLengthRatio: Float = 1.5, maxLengthOffset: Int = 10,
                maxLengthLimit: Int = 256, minLength: Int = 0) {
        self.beamSize = beamSize
        self.lengthPenalty = lengthPenalty
        self.maxLengthRatio = maxLengthRatio
        self.maxLengthOffset = maxLengthOffset
        self.maxLengthLimit = maxLengthLimit
        self.minLength = minLength
    }

    /// The widest beam: wider beams find nothing better in translation (Koehn and Knowles
    /// 2017) and their caches grow with the width.
    public static let maxBeamSize = 64

    /// What is wrong with these options for `config`, naming the option; nil when they are usable.
    public func problem(for config: ModelConfig, nBest: Int = 1) -> String? {
        guard (1...Self.maxBeamSize).contains(beamSize) else { return "the beam size is \(beamSize); expected 1 to \(Self.maxBeamSize)" }
        guard (1...beamSize).contains(nBest) else { return "n-best is \(nBest); expected 1 to the beam size (\(beamSize))" }
        guard lengthPenalty.isFinite else { return "the length penalty is \(lengthPenalty); expected a finite number" }
        guard maxLengthRatio.isFinite && maxLengthRatio >= 0 && maxLengthRatio <= 100 else {
            return "the length ratio is \(maxLengthRatio); expected 0 to 100"
        }
        guard maxLengthOffset >= 1 && maxLengthLimit >= 1 else {
            return "the output length limit is \(min(maxLengthOffset, maxLengthLimit)); expected at least 1"
        }
        guard minLength >= 0 else { return "the minimum length is \(minLength); expected 0 or more" }
        if let alignmentLayer, !(0..<config.decoderLayers).contains(alignmentLayer) {
            return "the alignment layer is \(alignmentLayer); the model's decoder has layers 0 to \(config.decoderLayers - 1)"
        }
        if let alignmentHead, !(0..<config.decoderHeads).contains(alignmentHead) {
            return "the alignment head is \(alignmentHead); the model's decoder has heads 0 to \(config.decoderHeads - 1)"
        }
        return nil
    }

    /// The layer and head alignments come from for a model of `config`.
    public func alignmentSource(for config: ModelConfig) -> (layer: Int, head: Int) {
        (alignmentLayer ?? config.alignmentLayer ?? config.decoderLayers - 1, alignmentHead ?? config.alignmentHead ?? 0)
    }

    /// The length limit for a source of `sourceLength` tokens.
    public func maxLength(sourceLength: Int) -> Int {
        min(maxLengthLimit, Int(maxLengthRatio * Float(sourceLength)) + maxLengthOffset)
    }
}

/// A finished output: target token ids (decoder start first) and its score.
public struct Hypothesis: Sendable, Equatable {
    public var tokens: [Int32]
    /// Log probability, divided by length^lengthPenalty for beam search.
    public var score: Float
    /// For each token after the start token, its attention over the source tokens, row after
    /// row (empty when the model gives none).
    public var attention: [Float] = []
}
