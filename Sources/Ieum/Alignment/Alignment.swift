// Word alignments from cross-attention: pieces mapped back to the words of the sentences.

/// Which source words each target word attended to. Built from piece-level attention (one
/// row per target piece, one column per source piece) by mapping pieces to the words they
/// belong to: a piece starting with ▁ starts a new word. A target word's row is the mean of
/// its pieces' rows, a source word's column the sum of its pieces' columns; columns of pieces
/// outside any word (the end token) are dropped and each row renormalized to sum to 1.
/// `agreeing(with:)` joins it with the other direction's alignment of the same pair.
public struct Alignment: Sendable, Equatable {
    public let sourceWords: [String]
    public let targetWords: [String]
    /// (targetWords.count, sourceWords.count), row-major; one model's rows each sum to 1.
    public let weights: [Float]
    /// How links are read off the weights: nil, each target word with the source word it
    /// attends to most (one model); a number, every pair whose weight is above it (two).
    public let linkThreshold: Float?

    /// Links of two directions' alignments are kept where their mean weight is above this:
    /// chosen on the team's gold set (bench/alignment.py), where it gave the lowest error.
    public static let agreementThreshold: Float = 0.45

    /// - Parameters:
    ///   - pieceWeights: (targetPieceWords.count, sourcePieceWords.count), row-major.
    ///   - sourcePieceWords, targetPieceWords: the word of each piece, or -1 for none.
    public init(pieceWeights: [Float], sourcePieceWords: [Int], targetPieceWords: [Int], sourceWords: [String], targetWords: [String]) {
        self.sourceWords = sourceWords
        self.targetWords = targetWords
        let sources = sourceWords.count, targets = targetWords.count
        var weights = [Float](repeating: 0, count: targets * sources)
        var piecesPerTarget = [Int](repeating: 0, count: targets)
        for (row, targetWord) in targetPieceWords.enumerated() where targetWord >= 0 && targetWord < targets {
            piecesPerTarget[targetWord] += 1
            for (column, sourceWord) in sourcePieceWords.enumerated() where sourceWord >= 0 && sourceWord < sources {
                weights[targetWord * sources + sourceWord] += pieceWeights[row * sourcePieceWords.count + column]
            }
        }
        for target in 0..<targets {
            let row = (target * sources)..<((target + 1) * sources)
            let total = weights[row].reduce(0, +)
            guard total > 0 else { continue }
            for index in row { weights[index] /= total }
        }
        self.weights = weights
        self.linkThreshold = nil
    }

    private init(sourceWords: [String], targetWords: [String], weights: [Float], linkThreshold: Float?) {
        (self.sourceWords, self.targetWords, self.weights, self.linkThreshold) = (sourceWords, targetWords, weights, linkThreshold)
    }

    /// Both directions' view of one pair: `reverse` is the other direction's model reading the
    /// pair the other way round (its source words are this one's target words). The weights
    /// become the mean of the two (as the statistical aligner averages its two posteriors),
    /// and a link is kept wherever that mean is above `threshold`, so a word may have several
    /// links or none. Nil when the two do not split the pair into the same numbers of words.
    public func agreeing(with reverse: Alignment, threshold: Float = agreementThreshold) -> Alignment? {
        guard reverse.sourceWords.count == targetWords.count, reverse.targetWords.count == sourceWords.count else { return nil }
        let sources = sourceWords.count
        var mean = weights
        for target in targetWords.indices {
            for source in 0..<sources {
                mean[target * sources + source] = (weights[target * sources + source] + reverse.weights[source * targetWords.count + target]) / 2
            }
        }
        return Alignment(sourceWords: sourceWords, targetWords: targetWords, weights: mean, linkThreshold: threshold)
    }

    /// Hard alignment as (source, target) index pairs, target by target: see `linkThreshold`.
    public var links: [(source: Int, target: Int)] {
        guard !sourceWords.isEmpty else { return [] }
        if let linkThreshold {
            return targetWords.indices.flatMap { target in
                sourceWords.indices.filter { weights[target * sourceWords.count + $0] > linkThreshold }.map { ($0, target) }
            }
        }
        return targetWords.indices.map { target in
            let row = weights[(target * sourceWords.count)..<((target + 1) * sourceWords.count)]
            let best = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? row.startIndex
            return (best - target * sourceWords.count, target)
        }
    }

    /// Pharaoh format, as fast_align and Marian print it: "0-0 1-2 …" (source-target, 0-based).
    public var pharaoh: String {
        links.map { "\($0.source)-\($0.target)" }.joined(separator: " ")
    }

    /// The word index of each piece: a piece starting with ▁ starts the next word.
    public static func wordIndices(ofPieces pieces: [String]) -> [Int] {
        var word = -1
        return pieces.map { piece in
            if piece.hasPrefix("▁") || word < 0 { word += 1 }
            return word
        }
    }

    public static func == (left: Alignment, right: Alignment) -> Bool {
        left.sourceWords == right.sourceWords && left.targetWords == right.targetWords && left.weights == right.weights
            && left.linkThreshold == right.linkThreshold
    }
}
