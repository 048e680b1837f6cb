// Learns a unigram vocabulary: seed pieces, EM over lattices, pruning by loss (Kudo 2018).
import Foundation

/// Trains a unigram subword vocabulary the way SentencePiece's unigram trainer does:
/// seed with frequent substrings of the words, re-estimate piece probabilities by EM over
/// each word's lattice, drop the pieces whose removal costs the corpus least likelihood,
/// and repeat until the vocabulary has the requested size.
package struct UnigramTrainer: Sendable {
    package struct Options: Sendable {
        /// Total pieces, special and byte pieces included.
        package var vocabularySize = 8000
        /// Fraction of character occurrences the vocabulary must cover; rarer characters are
        /// left to byte fallback. 0.9995 suits Korean with some Hanja.
        package var characterCoverage = 0.9995
        package var maxPieceLength = 16
        package var seedSize = 1_000_000
        /// Fraction of pieces kept by each pruning round.
        package var shrinkingFactor = 0.75
        package var emIterationsPerRound = 2
        package var byteFallback = true
        package var normalization = NormalizationForm.nfkc

        package init() {}
    }

    /// What the trainer reports as it goes.
    package enum Progress: Sendable {
        case counted(lines: Int, distinctWords: Int)
        case seeded(pieces: Int, requiredCharacters: Int)
        case round(Int, pieces: Int, negativeLogLikelihood: Double)
    }

    package var options: Options

    package init(options: Options = Options()) {
        self.options = options
    }

    /// Trains on the given lines and returns the vocabulary.
    package func train(lines: some Sequence<String>, progress: (Progress) -> Void = { _ in }) throws(TextError) -> Vocabulary {
        let corpus = try WordCounts(lines: lines, normalization: options.normalization)
        progress(.counted(lines: corpus.lineCount, distinctWords: corpus.count))
        let required = corpus.requiredCharacters(coverage: options.characterCoverage)
        var pieces = corpus.seedPieces(required: required, maxLength: options.maxPieceLength, limit: options.seedSize)
        progress(.seeded(pieces: pieces.count, requiredCharacters: required.count))

        let metaCount = Vocabulary.specialPieces.count + (options.byteFallback ? 256 : 0)
        let learnedSize = options.vocabularySize - metaCount
        guard learnedSize > required.count else {
            throw .trainingFailed("a vocabulary of \(options.vocabularySize) has no room for the \(required.count) characters the corpus needs; ask for more pieces")
        }
        let desiredSize = Int(Double(options.vocabularySize) * 1.1)
        var round = 0
        while true {
            var objective = 0.0
            for _ in 0..<options.emIterationsPerRound {
                let (expected, negativeLogLikelihood) = try corpus.expectedCounts(pieces)
                pieces = maximization(pieces, expected: expected)
                objective = negativeLogLikelihood
            }
            round += 1
            progress(.round(round, pieces: pieces.count, negativeLogLikelihood: objective))
            if pieces.count <= desiredSize { break }
            pieces = try corpus.prune(pieces, to: max(desiredSize, Int(options.shrinkingFactor * Double(pieces.count))))
        }
        return try Vocabulary(learned: finalize(pieces, required: required, size: learnedSize),
                              byteFallback: options.byteFallback, normalization: options.normalization)
    }

    /// M-step: new log probabilities from expected counts, with the Bayesian (digamma)
    /// estimate SentencePiece uses, which favours dropping rarely used pieces.
    private func maximization(_ pieces: [ScoredPiece], expected: [Double]) -> [ScoredPiece] {
        let kept = pieces.indices.filter { expected[$0] >= 0.5 }
        let logTotal = digamma(kept.reduce(0) { $0 + expected[$1] })
        return kept.map { ScoredPiece(scalars: pieces[$0].scalars, score: Float(digamma(expected[$0]) - logTotal)) }
    }

    /// The final list: every required character, then the best-scoring pieces, best first.
    private func finalize(_ pieces: [ScoredPiece], required: [UInt32], size: Int) -> [(piece: String, score: Float)] {
        let scoreOf = Dictionary(pieces.map { ($0.scalars, $0.score) }, uniquingKeysWith: max)
        let floor = (pieces.map(\.score).min() ?? 0) - 1
        var chosen = required.map { ScoredPiece(scalars: [$0], score: scoreOf[[$0]] ?? floor) }
        let taken = Set(chosen.map(\.scalars))
        let rest = pieces.filter { !taken.contains($0.scalars) }.sorted { $0.score > $1.score }
        chosen += rest.prefix(size - chosen.count)
        return chosen.sorted { $0.score > $1.score }.map { (String(scalars: $0.scalars), $0.score) }
    }
}

/// A candidate piece during training.
struct ScoredPiece: Sendable {
    var scalars: [UInt32]
    var score: Float
}

/// The digamma function ψ(x), by recurrence up to x ≥ 6 and then its asymptotic series.
func digamma(_ x: Double) -> Double {
    var x = x, result = 0.0
    while x < 6 {
        result -= 1 / x
        x += 1
    }
    let inverse = 1 / x, inverse2 = inverse * inverse
    result += log(x) - 0.5 * inverse
        - inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 / 132))))
    return result
}
