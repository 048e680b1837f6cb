// The training corpus as distinct words with counts, and the statistics the trainer needs of it.
import Foundation

/// Distinct pre-tokenized words (with their space markers) and how often each occurs,
/// stored flat: the unigram trainer only ever looks at words, never at whole lines.
struct WordCounts: Sendable {
    private(set) var scalars: [UInt32] = []
    private(set) var ranges: [Range<Int>] = []
    private(set) var counts: [Int] = []
    private(set) var lineCount = 0

    var count: Int { counts.count }

    init(lines: some Sequence<String>, normalization: NormalizationForm) throws(TextError) {
        let normalizer = ICUNormalizer(form: normalization)
        let preTokenizer = ICUPreTokenizer()
        var index: [[UInt32]: Int] = [:]
        for line in lines {
            lineCount += 1
            let (marked, words) = try preTokenizer.markedWords(normalizer.normalize(line).scalars)
            for word in words {
                let key = Array(marked[word])
                if let known = index[key] {
                    counts[known] += 1
                } else {
                    index[key] = counts.count
                    ranges.append(scalars.count..<(scalars.count + key.count))
                    scalars += key
                    counts.append(1)
                }
            }
        }
    }

    /// The characters that cover `coverage` of all character occurrences, most frequent
    /// first; the space marker always among them.
    func requiredCharacters(coverage: Double) -> [UInt32] {
        var frequency: [UInt32: Int] = [Vocabulary.spaceMarker: 0]
        for (range, count) in zip(ranges, counts) {
            for scalar in scalars[range] { frequency[scalar, default: 0] += count }
        }
        let total = Double(frequency.values.reduce(0, +))
        var required: [UInt32] = []
        var covered = 0.0
        for (scalar, count) in frequency.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            if covered / total >= coverage && scalar != Vocabulary.spaceMarker { continue }
            required.append(scalar)
            covered += Double(count)
        }
        return required
    }

    /// Seed pieces: the required characters, and the substrings of words (made of required
    /// characters, at most `maxLength` long, seen at least twice) with the highest
    /// frequency × length; log probabilities proportional to those weights.
    func seedPieces(required: [UInt32], maxLength: Int, limit: Int) -> [ScoredPiece] {
        let allowed = Set(required)
        var frequency: [[UInt32]: Int] = [:]
        for (range, count) in zip(ranges, counts) {
            let word = Array(scalars[range])
            for start in word.indices {
                var end = start + 1
                while end <= min(word.count, start + maxLength), allowed.contains(word[end - 1]) {
                    if end - start >= 2 { frequency[Array(word[start..<end]), default: 0] += count }
                    end += 1
                }
            }
        }
        var characterFrequency: [UInt32: Int] = [:]
        for (range, count) in zip(ranges, counts) {
            for scalar in scalars[range] { characterFrequency[scalar, default: 0] += count }
        }
        let substrings = frequency.filter { $0.value >= 2 }
            .map { (scalars: $0.key, weight: Double($0.value * $0.key.count)) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.scalars.lexicographicallyPrecedes($1.scalars) }
            .prefix(limit)
        let characters = required.map { (scalars: [$0], weight: Double(max(characterFrequency[$0] ?? 0, 1))) }
        let seeds = characters + substrings
        let logTotal = log(seeds.reduce(0) { $0 + $1.weight })
        return seeds.map { ScoredPiece(scalars: $0.scalars, score: Float(log($0.weight) - logTotal)) }
    }

    /// E-step: the expected count of each piece over the corpus, and the corpus's negative
    /// log likelihood per word. Words are split into a fixed number of chunks, summed in
    /// order, so results do not depend on the thread count.
    func expectedCounts(_ pieces: [ScoredPiece]) throws(TextError) -> (expected: [Double], negativeLogLikelihood: Double) {
        let model = try Self.model(of: pieces)
        let chunks = 16
        let partial = concurrentMap(chunks) { chunk in
            var expected = [Double](repeating: 0, count: pieces.count)
            var objective = 0.0
            var lattice = Lattice()
            for word in stride(from: chunk, to: count, by: chunks) {
                fill(&lattice, word: word, model: model)
                let (logPartition, marginals) = lattice.marginals()
                let count = Double(counts[word])
                objective -= count * logPartition
                for (node, marginal) in zip(lattice.nodes, marginals) where node.id >= Self.firstId {
                    expected[Int(node.id - Self.firstId)] += count * marginal
                }
            }
            return (expected: expected, objective: objective)
        }
        var expected = [Double](repeating: 0, count: pieces.count)
        var objective = 0.0
        for result in partial {
            for index in expected.indices { expected[index] += result.expected[index] }
            objective += result.objective
        }
        return (expected, objective / Double(counts.reduce(0, +)))
    }

    /// Keeps `size` pieces: those nothing else can replace, then those whose removal would
    /// lose the most likelihood (SentencePiece's pruning).
    func prune(_ pieces: [ScoredPiece], to size: Int) throws(TextError) -> [ScoredPiece] {
        let model = try Self.model(of: pieces)
        var lattice = Lattice()
        // How each piece would be segmented without itself.
        var alwaysKeep = [Bool](repeating: true, count: pieces.count)
        var alternatives = [[Int]](repeating: [], count: pieces.count)
        for (index, piece) in pieces.enumerated() {
            piece.scalars.withUnsafeBufferPointer { buffer in
                lattice.reset(length: buffer.count)
                model.populate(&lattice, text: buffer, range: 0..<buffer.count)
            }
            let best = lattice.nBest(2)
            if best.count >= 2 {
                if best[0].path.count >= 2 {
                    alwaysKeep[index] = false
                } else {
                    alternatives[index] = best[1].path.filter { $0.id >= Self.firstId }.map { Int($0.id - Self.firstId) }
                }
            }
        }
        // How often each piece is used in the best segmentations, and by which words.
        var frequency = [Double](repeating: 0, count: pieces.count)
        var wordsUsing = [[Int]](repeating: [], count: pieces.count)
        var totalWords = 0.0
        for word in 0..<count {
            fill(&lattice, word: word, model: model)
            totalWords += Double(counts[word])
            for node in lattice.viterbi() ?? [] where node.id >= Self.firstId {
                let index = Int(node.id - Self.firstId)
                frequency[index] += Double(counts[word])
                wordsUsing[index].append(word)
            }
        }
        let logTotal = log(frequency.reduce(0, +))
        var kept: [Int] = []
        var candidates: [(index: Int, loss: Double)] = []
        for index in pieces.indices {
            guard frequency[index] > 0, alwaysKeep[index] else { continue }
            guard !alternatives[index].isEmpty else { kept.append(index); continue }
            let share = wordsUsing[index].reduce(0.0) { $0 + Double(counts[$1]) } / totalWords
            let logProbability = log(frequency[index]) - logTotal
            // Without the piece, its uses go to its alternatives and the total grows.
            let logTotalWithout = log(exp(logTotal) + frequency[index] * Double(alternatives[index].count - 1))
            let logProbabilityWithout = alternatives[index].reduce(0.0) {
                $0 + log(frequency[$1] + frequency[index]) - logTotalWithout
            }
            candidates.append((index, share * (logProbability - logProbabilityWithout)))
        }
        for candidate in candidates.sorted(by: { $0.loss > $1.loss }) where kept.count < size {
            kept.append(candidate.index)
        }
        return kept.sorted().map { pieces[$0] }
    }

    /// Ids of a training model are piece indices shifted past the special pieces.
    private static let firstId = Int32(Vocabulary.specialPieces.count)

    private static func model(of pieces: [ScoredPiece]) throws(TextError) -> UnigramModel {
        let learned = pieces.map { (piece: String(scalars: $0.scalars), score: $0.score) }
        return UnigramModel(vocabulary: try Vocabulary(learned: learned, byteFallback: false, normalization: .nfkc))
    }

    private func fill(_ lattice: inout Lattice, word: Int, model: UnigramModel) {
        let range = ranges[word]
        lattice.reset(length: range.count)
        scalars.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            model.populate(&lattice, text: slice, range: 0..<slice.count)
        }
    }
}
