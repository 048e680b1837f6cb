// How to search for a translation: beam size, n-best, length limit and penalty, alignments.

/// Which cross-attention head word alignments are read from: nil fields take the model's
/// supervised head (`alignment_layer`, `alignment_head` of its config), or else the last
/// decoder layer and head 0.
public struct AttentionProbe: Sendable, Equatable {
    public var layer: Int?
    public var head: Int?

    public init(layer: Int? = nil, head: Int? = nil) {
        self.layer = layer
        self.head = head
    }

    /// The layer and head for a model of `config`.
    public func resolved(for config: ModelConfig) -> (layer: Int, head: Int) {
        (layer ?? config.alignmentLayer ?? config.decoderLayers - 1, head ?? config.alignmentHead ?? 0)
    }
}

/// Options of greedy and beam search. Value type: pass one, not a long argument list.
public struct DecodingOptions: Sendable, Equatable {
    /// 1 is greedy search.
    public var beamSize = 4
    /// Translations kept per input, best first (at most the beam size).
    public var nBest = 1
    /// Finished hypotheses are ranked by log probability / length^lengthPenalty.
    public var lengthPenalty: Float = 1
    /// The longest output, decoder start token included: a·source length + b, at most `maxLengthLimit`.
    public var maxLengthRatio: Float = 1.5
    public var maxLengthOffset = 10
    public var maxLengthLimit = 256
    /// The end token cannot come before this many tokens (decoder start included).
    public var minLength = 0
    /// Word alignments from this head, or nil: then no attention is recorded at all.
    public var alignment: AttentionProbe? = nil

    public init(beamSize: Int = 4, nBest: Int = 1, lengthPenalty: Float = 1, maxLengthRatio: Float = 1.5, maxLengthOffset: Int = 10,
                maxLengthLimit: Int = 256, minLength: Int = 0, alignment: AttentionProbe? = nil) {
        self.beamSize = beamSize
        self.nBest = nBest
        self.alignment = alignment
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
    public func problem(for config: ModelConfig) -> String? {
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
        if let layer = alignment?.layer, !(0..<config.decoderLayers).contains(layer) {
            return "the alignment layer is \(layer); the model's decoder has layers 0 to \(config.decoderLayers - 1)"
        }
        if let head = alignment?.head, !(0..<config.decoderHeads).contains(head) {
            return "the alignment head is \(head); the model's decoder has heads 0 to \(config.decoderHeads - 1)"
        }
        return nil
    }

    /// The length limit for a source of `sourceLength` tokens.
    public func maxLength(sourceLength: Int) -> Int {
        min(maxLengthLimit, Int(maxLengthRatio * Float(sourceLength)) + maxLengthOffset)
    }
}

/// A finished output: target token ids (decoder start first) and its score.
package struct Hypothesis: Sendable, Equatable {
    package var tokens: [Int32]
    /// Log probability, divided by length^lengthPenalty for beam search.
    package var score: Float
    /// For each token after the start token, its attention over the source tokens, row after
    /// row (empty when the model gives none).
    package var attention: [Float] = []
}
