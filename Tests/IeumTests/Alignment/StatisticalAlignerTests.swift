// The statistical aligner, symmetrization and AER against hand computations and the team's gold set.
import Foundation
import Testing
@testable import Ieum

@Suite struct StatisticalAlignerTests {
    static func links(_ pharaoh: String) -> WordLinks { WordLinks(pharaoh: pharaoh) ?? WordLinks() }

    /// IBM Model 1 on the classic two-pair corpus ("the house" / "the book"): each English word
    /// co-occurs with "the" twice and with its noun once, so EM moves t(das|the) towards 1 and
    /// t(Haus|house), t(Buch|book) towards 1; the Viterbi links are the diagonal.
    @Test func modelOneFindsTheHandComputedLinks() {
        var options = StatisticalAligner.Options()
        (options.model1Iterations, options.diagonalIterations, options.alpha, options.threads) = (10, 0, 0, 1)
        let pairs: [(source: [String], target: [String])] = [(["das", "Haus"], ["the", "house"]), (["das", "Buch"], ["the", "book"]),
                                                             (["ein", "Buch"], ["a", "book"])]
        let both = StatisticalAligner(options: options).alignBothWays(pairs)
        #expect(both.map(\.forward) == [Self.links("0-0 1-1"), Self.links("0-0 1-1"), Self.links("0-0 1-1")])
        #expect(both.map(\.backward) == [Self.links("0-0 1-1"), Self.links("0-0 1-1"), Self.links("0-0 1-1")])
    }

    /// One EM step by hand: on ("a b" / "x y") and ("a" / "x"), starting from uniform t, the
    /// expected count of (a, x) is 1/3 (pair 1: NULL, a and b share x) + 1/2 (pair 2: NULL and
    /// a), that of (a, y) 1/3, and t(x|a) = c(a,x) / Σ_f c(a,f) = (5/6) / (7/6) = 5/7.
    @Test func oneModelOneStepByHand() {
        var options = StatisticalAligner.Options()
        (options.model1Iterations, options.diagonalIterations, options.alpha, options.threads) = (1, 0, 0, 1)
        let corpus = AlignmentCorpus([(["a", "b"], ["x", "y"]), (["a"], ["x"])])
        var model = DirectionalModel(corpus: corpus, sourceGivesTarget: true, options: options)
        model.modelOneIteration()
        let slotAX = (0..<corpus.slotSource.count).first { corpus.slotSource[$0] == 0 && corpus.slotTarget[$0] == 0 }!
        let slotAY = (0..<corpus.slotSource.count).first { corpus.slotSource[$0] == 0 && corpus.slotTarget[$0] == 1 }!
        #expect(abs(model.probabilities[slotAX] - 5.0 / 7) < 1e-6)
        // c(a, y) = 1/3 (pair 1): t(y|a) = (1/3) / (7/6) = 2/7.
        #expect(abs(model.probabilities[slotAY] - 2.0 / 7) < 1e-6)
        #expect(model.probabilities[slotAX] > model.probabilities[slotAY])
    }

    /// One agreement step by hand, on the same corpus with λ = 0 (positions uniform) and NULL
    /// probability 0.2, from uniform t: in pair 1 each direction gives each word pair 0.4 (NULL
    /// 0.2), so each word pair counts 0.4 · 0.4 = 0.16; in pair 2, (a, x) counts 0.8 · 0.8 =
    /// 0.64. So c(a, x) = 0.8, c(a, y) = c(b, x) = 0.16, and t(x|a) = 0.8 / 0.96 = 5/6 (trained
    /// alone, 3/4), t(a|x) = 5/6 the other way; the NULL words keep their own posteriors:
    /// c(NULL, x) = 0.4, c(NULL, y) = 0.2, t(x|NULL) = 2/3.
    @Test func oneAgreementStepByHand() {
        var options = StatisticalAligner.Options()
        (options.model1Iterations, options.diagonalIterations, options.alpha, options.threads) = (0, 1, 0, 1)
        (options.diagonalTension, options.nullProbability) = (0, 0.2)
        let corpus = AlignmentCorpus([(["a", "b"], ["x", "y"]), (["a"], ["x"])])
        let (forward, backward) = StatisticalAligner(options: options).trainedModels(corpus)
        func slot(_ source: Int32, _ target: Int32) -> Int {
            (0..<corpus.slotSource.count).first { corpus.slotSource[$0] == source && corpus.slotTarget[$0] == target }!
        }
        let (a, b, x, y, sourceNull, targetNull): (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 1, 0, 1, 2, 2)
        #expect(abs(forward.probabilities[slot(a, x)] - 5.0 / 6) < 1e-6 && abs(forward.probabilities[slot(a, y)] - 1.0 / 6) < 1e-6)
        #expect(abs(forward.probabilities[slot(b, x)] - 0.5) < 1e-6)
        #expect(abs(forward.probabilities[slot(sourceNull, x)] - 2.0 / 3) < 1e-6)
        #expect(abs(backward.probabilities[slot(a, x)] - 5.0 / 6) < 1e-6 && abs(backward.probabilities[slot(b, x)] - 1.0 / 6) < 1e-6)
        // t(a|NULL) = c(a, NULL) / (c(a, NULL) + c(b, NULL)) = 0.4 / 0.6.
        #expect(abs(backward.probabilities[slot(a, targetNull)] - 2.0 / 3) < 1e-6)
    }

    /// Averaged posteriors by hand, 2 source and 3 target words (slot-table layout, NULL row
    /// and column first, 1-based words): source 1 generates targets 1 and 2 (forward 0.8 and
    /// 0.9), but its backward posterior splits 0.7 / 0.2: averages 0.75 and 0.55, both kept at
    /// 0.5; (2, 3): forward 0.4 (NULL 0.6), backward 0.7, average 0.55, kept; (2, 1) and
    /// (2, 2): (0.1 + 0.1) / 2, not kept.
    @Test func averagedPosteriorsByHand() {
        let forward: [Double] = [0, 0.1, 0.0, 0.6,
                                 0, 0.8, 0.9, 0.0,
                                 0, 0.1, 0.1, 0.4]
        let backward: [Double] = [0, 0, 0, 0,
                                  0.1, 0.7, 0.2, 0.0,
                                  0.1, 0.1, 0.1, 0.7]
        let links = WordLinks(averaging: forward, backward, sourceCount: 2, targetCount: 3, threshold: 0.5)
        #expect(links == Self.links("0-0 0-1 1-2"))
    }

    /// AER by hand: A = {0-0, 1-1, 1-2}, S = {0-0, 1-2}, P = S ∪ {1-1}: |A∩S| = 2, |A∩P| = 3,
    /// AER = 1 − (2 + 3) / (3 + 2) = 0; with A = {0-0, 2-2}: 1 − (1 + 1) / (2 + 2) = 0.5.
    @Test func alignmentErrorRateByHand() {
        let sure = [Self.links("0-0 1-2")], possible = [Self.links("1-1")]
        #expect(alignmentErrorRate(hypotheses: [Self.links("0-0 1-1 1-2")], sure: sure, possible: possible) == 0)
        #expect(alignmentErrorRate(hypotheses: [Self.links("0-0 2-2")], sure: sure, possible: possible) == 0.5)
        #expect(Self.links("2-1 0-0").pharaoh == "0-0 2-1" && WordLinks(pharaoh: "0-x") == nil)
    }

    /// The gold set is well formed: four fields, indices inside the sentences, sure and possible disjoint.
    @Test func goldSetIsWellFormed() throws {
        let lines = try Fixtures.text("Tests/Fixtures/alignment/gold.tsv").split(separator: "\n")
        #expect(lines.count >= 100)
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 4, "\(line)")
            let sourceCount = fields[0].split(separator: " ").count, targetCount = fields[1].split(separator: " ").count
            let sure = try #require(WordLinks(pharaoh: fields[2])), possible = try #require(WordLinks(pharaoh: fields[3]))
            #expect(sure.links.isDisjoint(with: possible.links), "\(fields[0])")
            #expect(sure.links.union(possible.links).allSatisfy { $0.source < sourceCount && $0.target < targetCount }, "\(fields[0])")
        }
    }

    /// The HMM after Model 1 on the toy corpus keeps the diagonal links, and its jump
    /// probabilities learn that +1 (the next word) is the likeliest jump.
    @Test func hmmFindsTheLinksAndLearnsJumps() {
        var options = StatisticalAligner.Options()
        (options.model1Iterations, options.diagonalIterations, options.hmmIterations, options.alpha, options.threads) = (5, 0, 5, 0, 1)
        let pairs: [(source: [String], target: [String])] = [(["das", "Haus", "ist", "klein"], ["the", "house", "is", "small"]),
                                                             (["das", "Buch", "ist", "klein"], ["the", "book", "is", "small"]),
                                                             (["ein", "Buch"], ["a", "book"])]
        let both = StatisticalAligner(options: options).alignBothWays(pairs)
        #expect(both[0].forward == Self.links("0-0 1-1 2-2 3-3") && both[2].forward == Self.links("0-0 1-1"))
        let model = StatisticalAligner(options: options).trainedModels(AlignmentCorpus(pairs)).forward
        let best = model.jumps.indices.max { model.jumps[$0] < model.jumps[$1] }! - HMMJumps.maximum
        #expect(best == 1)
    }

    @Test func threadsDoNotChangeTheResult() {
        let pairs = try! Fixtures.text("corpora/sample/ko-en.tsv").split(separator: "\n").prefix(400).map { line in
            let fields = line.split(separator: "\t")
            return (source: fields[0].split(separator: " ").map(String.init), target: fields[1].split(separator: " ").map(String.init))
        }
        var one = StatisticalAligner.Options(), two = one
        (one.threads, two.threads) = (1, 2)
        #expect(StatisticalAligner(options: one).align(pairs) == StatisticalAligner(options: two).align(pairs))
    }

    /// The HMM on the team sample with the gold pairs after it: some words' emission
    /// probabilities underflow to 0 there, which once left a pair with no path, a NaN in the
    /// shared counts and every line of the corpus without links. Now the gold pairs' AER is a
    /// real one (measured 47.2 on this small corpus; the diagonal model alone 48.4).
    @Test func hmmSurvivesEmissionsThatUnderflow() throws {
        let gold = try GoldSet()
        let sample = try Fixtures.text("corpora/sample/ko-en.tsv").split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let pairs = (sample.map { ($0[0], $0[1]) } + gold.pairs.map { ($0.korean, $0.english) }).map {
            (source: $0.0.split(separator: " ").map(String.init), target: $0.1.split(separator: " ").map(String.init))
        }
        var options = StatisticalAligner.Options()
        options.hmmIterations = 1
        let links = StatisticalAligner(options: options).align(pairs)
        #expect(links.filter { !$0.links.isEmpty }.count >= pairs.count * 9 / 10)
        let error = gold.errorRate(of: Array(links.suffix(gold.pairs.count)))
        #expect(error < 0.5, "AER \(error)")
    }

    /// `ieum align --corpus`: one line out per line in; empty lines stay empty, malformed
    /// ones are reported by number.
    @Test func corpusLinesAreKept() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-align-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "파일을 저장합니다.\tSaves the file.\n\nno tab here\n파일을 엽니다.\tOpens the file.\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try TokenizeCommandTests.run(["align", "--corpus", file.path])
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 4)
        #expect(!lines[0].isEmpty && lines[1].isEmpty && lines[2].isEmpty && !lines[3].isEmpty)
        #expect(lines.allSatisfy { $0.isEmpty || WordLinks(pharaoh: $0) != nil })
        #expect(result.errors.contains("line 3") && result.status == 1)
    }
}
