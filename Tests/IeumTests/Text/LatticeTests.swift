// The lattice against brute force: every segmentation enumerated and scored by hand.
import Foundation
import Testing
@testable import Ieum

@Suite struct LatticeTests {
    /// Small vocabularies over a, b, c with hand-picked log probabilities.
    static let vocabularies: [[(String, Float)]] = [
        [("a", -1), ("b", -2), ("c", -2.5), ("ab", -2.5), ("bc", -2.9), ("abc", -6), ("ca", -1.5)],
        [("a", -3), ("b", -3), ("c", -3), ("aa", -4), ("aaa", -4.5), ("ba", -2), ("cab", -5), ("abca", -7)],
        [("a", -0.5), ("b", -4), ("c", -4), ("bb", -1), ("bcb", -3), ("cc", -6)],
    ]
    static let words = ["abcab", "aaabca", "cabbcb", "bbbb", "ccacab", "abcabcaaab"]

    /// Every segmentation of `word` into known pieces, with its score.
    func allSegmentations(_ word: [UInt32], _ pieces: [[UInt32]: Float]) -> [([[UInt32]], Double)] {
        if word.isEmpty { return [([], 0)] }
        var result: [([[UInt32]], Double)] = []
        for length in 1...word.count {
            let head = Array(word[..<length])
            guard let score = pieces[head] else { continue }
            for (rest, restScore) in allSegmentations(Array(word[length...]), pieces) {
                result.append(([head] + rest, Double(score) + restScore))
            }
        }
        return result
    }

    func lattice(_ word: [UInt32], _ model: UnigramModel) -> Lattice {
        var lattice = Lattice(length: word.count)
        word.withUnsafeBufferPointer { model.populate(&lattice, text: $0, range: 0..<word.count) }
        return lattice
    }

    @Test(arguments: 0..<3)
    func viterbiAndNBestEqualBruteForce(_ which: Int) throws {
        let entries = Self.vocabularies[which].map { (piece: $0.0, score: $0.1) }
        let model = UnigramModel(vocabulary: try Vocabulary(learned: entries, byteFallback: false, normalization: .nfc))
        let scores = Dictionary(uniqueKeysWithValues: entries.map { ($0.piece.scalarValues, $0.score) })
        for word in Self.words.map(\.scalarValues) {
            let brute = allSegmentations(word, scores).sorted { $0.1 > $1.1 }
            let lattice = lattice(word, model)
            let best = try #require(lattice.viterbi())
            let pieces = best.map { Array(word[Int($0.start)..<Int($0.end)]) }
            #expect(pieces == brute[0].0, "word \(String(scalars: word))")

            let nBest = lattice.nBest(4)
            #expect(nBest.count == min(4, brute.count))
            for (found, expected) in zip(nBest, brute) {
                #expect(abs(Double(found.score) - expected.1) < 1e-5)
            }
        }
    }

    @Test func marginalsEqualBruteForcePosteriors() throws {
        let entries = Self.vocabularies[0].map { (piece: $0.0, score: $0.1) }
        let model = UnigramModel(vocabulary: try Vocabulary(learned: entries, byteFallback: false, normalization: .nfc))
        let scores = Dictionary(uniqueKeysWithValues: entries.map { ($0.piece.scalarValues, $0.score) })
        let word = "abcabca".scalarValues
        let segmentations = allSegmentations(word, scores)
        let partition = segmentations.reduce(0.0) { $0 + exp($1.1) }
        let lattice = lattice(word, model)
        let (logPartition, marginals) = lattice.marginals()
        #expect(abs(logPartition - log(partition)) < 1e-9)
        for (node, marginal) in zip(lattice.nodes, marginals) {
            // Probability mass of the segmentations that use this exact span.
            let mass = segmentations.filter { segmentation, _ in
                var position = 0
                for piece in segmentation {
                    if position == Int(node.start) && position + piece.count == Int(node.end) { return true }
                    position += piece.count
                }
                return false
            }.reduce(0.0) { $0 + exp($1.1) }
            #expect(abs(marginal - mass / partition) < 1e-9)
        }
    }

    @Test func samplingFollowsTheModel() throws {
        // "ab" is either [ab] (score -2.5) or [a][b] (-1 + -2 = -3): P([ab]) = 1 / (1 + e^-0.5).
        let entries = Self.vocabularies[0].map { (piece: $0.0, score: $0.1) }
        let model = UnigramModel(vocabulary: try Vocabulary(learned: entries, byteFallback: false, normalization: .nfc))
        let lattice = lattice("ab".scalarValues, model)
        var generator = SeededGenerator(seed: 42)
        let draws = 20_000
        let whole = (0..<draws).filter { _ in lattice.sample(inverseTemperature: 1, using: &generator).count == 1 }.count
        let expected: Double = 1 / (1 + exp(-0.5))
        let observed = Double(whole) / Double(draws)
        // Binomial standard deviation is about 0.0033: five of them.
        #expect(abs(observed - expected) < 0.017)
    }

    @Test func unknownCharactersBecomeBytes() throws {
        let model = UnigramModel(vocabulary: try Vocabulary(learned: [("a", -1)], byteFallback: true, normalization: .nfc))
        let word = "a한".scalarValues
        let path = try #require(lattice(word, model).viterbi())
        var ids: [Int32] = []
        model.appendIds(of: path, text: word, to: &ids)
        // 한 is U+D55C, UTF-8 ED 95 9C; byte pieces follow the 4 specials.
        let expected: [Int32] = [260, 4 + 0xED, 4 + 0x95, 4 + 0x9C]
        #expect(ids == expected)
    }
}

@Suite struct FastViterbiTests {
    /// The encoder's Viterbi, which stores no nodes, against the lattice's on every word of
    /// the sample corpus and of the round-trip cases (byte fallback included).
    @Test func agreesWithTheLattice() throws {
        let tokenizer = Fixtures.bundledTokenizer
        let lines = try Fixtures.text("corpora/sample/ko-en.tsv")
            .split(whereSeparator: { $0 == "\n" || $0 == "\t" }).map(String.init)
            + RoundTripTests.hardCases.map(\.text)
        var scratch = ViterbiScratch()
        var words = 0
        for line in lines {
            let (marked, ranges) = try tokenizer.markedWords(line)
            for range in ranges {
                let word = Array(marked[range])
                var lattice = Lattice(length: word.count)
                var fast: [Int32] = [], reference: [Int32] = []
                word.withUnsafeBufferPointer { buffer in
                    tokenizer.model.populate(&lattice, text: buffer, range: 0..<buffer.count)
                    tokenizer.model.appendBestIds(of: buffer, scratch: &scratch, to: &fast)
                }
                tokenizer.model.appendIds(of: try #require(lattice.viterbi()), text: word, to: &reference)
                #expect(fast == reference, "\(String(scalars: word))")
                words += 1
            }
        }
        #expect(words > 40_000)
    }
}
