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
    /// The decoder layer and head whose cross-attention alignments come from (0-based; nil
    /// layer: the last).
    public var alignmentLayer: Int? = nil
    public var alignmentHead = 0

    public init(beamSize: Int = 4, lengthPenalty: Float = 1, maxLengthRatio: Float = 1.5, maxLengthOffset: Int = 10,
                maxLengthLimit: Int = 256, minLength: Int = 0) {
        self.beamSize = beamSize
        self.lengthPenalty = lengthPenalty
        self.maxLengthRatio = maxLengthRatio
        self.maxLengthOffset = maxLengthOffset
        self.maxLengthLimit = maxLengthLimit
        self.minLength = minLength
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
