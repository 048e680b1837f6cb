// The team-written general corpus: its held-out sets, and no sentence of the evaluation sets anywhere.
import Foundation
import Testing
@testable import Ieum

@Suite struct GeneralCorpusTests {
    static let flores: SentenceFingerprints = {
        do {
            return try SentenceFingerprints.read(Fixtures.url("corpora/recipe/flores-dev.fingerprints"))
        } catch {
            preconditionFailure("corpora/recipe/flores-dev.fingerprints must load: \(error)")
        }
    }()

    /// Values from corpora/recipe/fingerprint.py (Python's unicodedata and its own FNV-1a loop).
    @Test func fingerprintsAgreeWithThePythonScript() {
        #expect(SentenceFingerprints.fingerprint("Hello,   World ") == 0x17a1_a4f2_67be_633d)
        #expect(SentenceFingerprints.fingerprint("한국어 문장입니다.") == 0xe42a_3507_74bf_7406)
        // NFD input and upper case fold to the same fingerprint as Python's NFC lower().
        #expect(SentenceFingerprints.fingerprint("E\u{301}COLE") == 0xcc08_d719_85d9_4200)
        #expect(Self.flores.fingerprints.count == 1994)
    }

    @Test func noGeneralSentenceIsAnEvaluationSentence() throws {
        let corpus = try GeneralCorpus.read(Fixtures.url("corpora/general"))
        #expect(corpus.topics.count >= 50)
        let pairs = corpus.topics.flatMap(\.pairs)
        #expect(pairs.count >= 20_000)
        for pair in pairs {
            #expect(!Self.flores.contains(pair.korean) && !Self.flores.contains(pair.english), "\(pair.source): \(pair.english)")
        }
    }

    /// corpora/general/README.md's rule: no Korean or English sentence occurs twice across the
    /// topic files (case and spacing folded, as the fingerprints fold them).
    @Test func noSentenceRepeatsAcrossTopicFiles() throws {
        let corpus = try GeneralCorpus.read(Fixtures.url("corpora/general"))
        var korean: [UInt64: String] = [:], english: [UInt64: String] = [:]
        for pair in corpus.topics.flatMap(\.pairs) {
            let first = korean.updateValue(pair.source, forKey: SentenceFingerprints.fingerprint(pair.korean))
            #expect(first == nil, "\(pair.source) repeats a Korean sentence of \(first ?? ""): \(pair.korean)")
            let earlier = english.updateValue(pair.source, forKey: SentenceFingerprints.fingerprint(pair.english))
            #expect(earlier == nil, "\(pair.source) repeats an English sentence of \(earlier ?? ""): \(pair.english)")
        }
    }

    /// After `make corpus`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.url("corpora/build/train.tsv").path)))
    func noTrainingPairIsAnEvaluationSentence() throws {
        let train = Fixtures.url("corpora/build/train.tsv")
        for line in try String(contentsOf: train, encoding: .utf8).split(separator: "\n") {
            guard let pair = CorpusPair(line: line) else { continue }
            #expect(!Self.flores.contains(pair.korean) && !Self.flores.contains(pair.english), "\(pair.source): \(pair.english)")
        }
    }

    @Test func heldOutSetsAreDisjointFromTrain() throws {
        let corpus = try GeneralCorpus.read(Fixtures.url("corpora/general"))
        let split = corpus.split(heldOutSize: 1000, seed: 1)
        #expect(split.dev.count == 1000 && split.test.count == 1000)
        #expect(split.train.count + 2000 == corpus.topics.reduce(0) { $0 + $1.pairs.count })
        let trainKorean = Set(split.train.map(\.korean)), trainEnglish = Set(split.train.map(\.english))
        for pair in split.dev + split.test {
            #expect(!trainKorean.contains(pair.korean) && !trainEnglish.contains(pair.english), "\(pair.source): \(pair.english)")
        }
        #expect(Set(split.dev.map(\.english)).isDisjoint(with: split.test.map(\.english)))
        // Evenly across the topics: every topic file gives some of each held-out set.
        #expect(Set(split.dev.map(\.source)).count == corpus.topics.count)
    }

    @Test func sharesFollowTheFileSizes() {
        let topics = [("a.tsv", 300), ("b.tsv", 600), ("c.tsv", 100)].map { name, count in
            (name: name, pairs: (0..<count).map { CorpusPair(korean: "문장 \(name) \($0)", english: "sentence \(name) \($0)", source: "general:\(name)") })
        }
        let split = GeneralCorpus(topics: topics).split(heldOutSize: 100, seed: 7)
        // Hand computation: 100 × 300/1000 = 30, 100 × 600/1000 = 60, 100 × 100/1000 = 10.
        #expect(split.dev.count { $0.source == "general:a.tsv" } == 30)
        #expect(split.dev.count { $0.source == "general:b.tsv" } == 60)
        #expect(split.test.count { $0.source == "general:c.tsv" } == 10)
        #expect(split.train.count == 800)
    }
}
