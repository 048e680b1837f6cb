// The trainer against SentencePiece's trainer on the same lines, and its special functions.
import Foundation
import Testing
@testable import Ieum

@Suite struct UnigramTrainerTests {
    struct Summary: Decodable {
        let vocab_size: Int
        let training_sentences: Int
        let average_pieces_per_sentence: Double
    }

    @Test func piecesPerSentenceMatchSentencePiece() throws {
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: Fixtures.url("Tests/Fixtures/sentencepiece/summary.json")))
        let lines = try Fixtures.text("Tests/Fixtures/sentencepiece/training.txt").split(separator: "\n").map(String.init)
        #expect(lines.count == summary.training_sentences)
        var options = UnigramTrainer.Options()
        options.vocabularySize = summary.vocab_size
        options.normalization = .nfc  // SentencePiece was trained with identity normalization
        let vocabulary = try UnigramTrainer(options: options).train(lines: lines)
        #expect(vocabulary.count == summary.vocab_size)

        let tokenizer = Tokenizer(vocabulary: vocabulary)
        let pieces = try lines.reduce(0) { $0 + (try tokenizer.encode($1)).count }
        let average = Double(pieces) / Double(lines.count)
        print("pieces per sentence: Ieum \(average), SentencePiece \(summary.average_pieces_per_sentence)")
        #expect(abs(average / summary.average_pieces_per_sentence - 1) <= 0.10)
    }

    @Test func trainedVocabularyRoundTrips() throws {
        let lines = ["사과를 먹었다", "사과가 맛있다", "배를 먹었다", "apple pie", "apple juice"]
        var options = UnigramTrainer.Options()
        options.vocabularySize = 300
        let tokenizer = Tokenizer(vocabulary: try UnigramTrainer(options: options).train(lines: lines))
        for line in lines {
            #expect(try tokenizer.decode(tokenizer.encode(line)).scalarValues == line.scalarValues)
        }
    }

    @Test func digammaMatchesKnownValues() {
        // ψ(1) = −γ; ψ(1/2) = −γ − 2 ln 2; ψ(10) = H₉ − γ (Euler–Mascheroni γ = 0.5772156649…).
        let gamma = 0.57721566490153286
        let harmonic9 = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(digamma(1) + gamma) < 1e-10)
        #expect(abs(digamma(0.5) + gamma + 2 * log(2)) < 1e-10)
        #expect(abs(digamma(10) - (harmonic9 - gamma)) < 1e-10)
    }
}
