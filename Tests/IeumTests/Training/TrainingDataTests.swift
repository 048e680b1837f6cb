// Reading a corpus for training: which side is the source, and how often each pair is shown.
import Foundation
import Testing
@testable import Ieum

@Suite struct TrainingDataTests {
    static let corpus = """
        저장\tSave\tgedit:usr/share/locale/ko/LC_MESSAGES/gedit.mo
        오늘은 날씨가 좋아요.\tThe weather is nice today.\tgeneral:weather-and-seasons.tsv
        열기\tOpen

        """

    static func load(direction: TranslationDirection = .koreanToEnglish, weights: [String: Int] = [:], alignments: Bool = false) throws -> TrainingData {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-data-\(UUID().uuidString).tsv")
        try corpus.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try TrainingData.load(file, tokenizer: Fixtures.bundledTokenizer, endId: Vocabulary.eosId, maxLength: 128, threads: 2,
                                     direction: direction, sourceWeights: weights, alignments: alignments)
    }

    static func ids(_ text: String) throws -> [Int32] { try Fixtures.bundledTokenizer.encode(text) }

    @Test func theDirectionPicksTheSourceColumn() throws {
        let forward = try Self.load(), backward = try Self.load(direction: .englishToKorean)
        #expect(forward.examples[0].source == (try Self.ids("저장")) + [Vocabulary.eosId])
        #expect(forward.examples[0].target == (try Self.ids("Save")))
        #expect(backward.examples[0].source == (try Self.ids("Save")) + [Vocabulary.eosId])
        #expect(backward.examples[0].target == (try Self.ids("저장")))
        #expect(TranslationDirection.englishToKorean.targetLanguage == "ko")
    }

    @Test func sourceWeightsRepeatPairs() throws {
        let weighted = try Self.load(weights: ["general:": 3])
        // 1 + 3 + 1 pairs; the line without a source counts once.
        #expect(weighted.examples.count == 5)
        #expect(weighted.examples.count { $0.target == (try? Self.ids("The weather is nice today.")) } == 3)
        #expect(try Self.load().examples.count == 3)
    }

    @Test func badWeightsAndDirectionsAreRefusedByKey() {
        for training in [#"{"source_weights": {"general:": 0}}"#, #"{"direction": "ko-fr"}"#] {
            #expect(throws: (any Error).self, "\(training)") {
                try JSONDecoder().decode(TrainingOptions.self, from: Data(training.utf8))
            }
        }
    }

    /// Guided alignment's targets: (target piece, source piece) pairs inside each example, the
    /// source's end token never linked.
    @Test func alignmentsLinkPiecesInsideTheExamples() throws {
        let examples = try Self.load(alignments: true).examples
        #expect(examples.contains { !$0.alignment.isEmpty })
        for example in examples {
            #expect(example.alignment.count % 2 == 0)
            for index in stride(from: 0, to: example.alignment.count, by: 2) {
                #expect((0..<example.target.count).contains(Int(example.alignment[index])))
                #expect((0..<(example.source.count - 1)).contains(Int(example.alignment[index + 1])))
            }
        }
    }
}
