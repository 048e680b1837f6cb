// Our unigram model, given SentencePiece's pieces and scores, segments as SentencePiece does.
import Foundation
import Testing
@testable import Ieum

@Suite struct SentencePieceAgreementTests {
    struct HeldOutLine: Decodable {
        let text: String
        let pieces: [String]
    }

    /// The scalar length of each SentencePiece piece; in a run of byte pieces, the last
    /// byte of a character counts for the character and the others for nothing.
    func scalarLengths(_ pieces: [String]) -> [Int] {
        var lengths: [Int] = []
        var bytes: [UInt8] = []
        for piece in pieces {
            if piece.hasPrefix("<0x"), piece.count == 6, let byte = UInt8(piece.dropFirst(3).prefix(2), radix: 16) {
                bytes.append(byte)
                if let text = String(validating: bytes, as: UTF8.self) {
                    lengths.append(text.unicodeScalars.count)
                    bytes.removeAll()
                } else {
                    lengths.append(0)
                }
            } else {
                lengths.append(piece.unicodeScalars.count)
            }
        }
        return lengths
    }

    @Test func sameSegmentationWordByWord() throws {
        let vocabulary = try VocabularyFile.read(Fixtures.url("Tests/Fixtures/sentencepiece/unigram.vocab"))
        let tokenizer = Tokenizer(vocabulary: vocabulary)
        let lines = try Fixtures.text("Tests/Fixtures/sentencepiece/heldout.jsonl")
            .split(separator: "\n").map { try JSONDecoder().decode(HeldOutLine.self, from: Data($0.utf8)) }
        #expect(lines.count == 300)

        var compared = 0, differing: [String] = []
        var scratch = ViterbiScratch()
        for line in lines {
            let (marked, words) = try tokenizer.markedWords(line.text)
            // SentencePiece's piece boundaries, as offsets into the same marked text.
            var boundaries: Set<Int> = [0]
            var position = 0
            var spPieces: [(start: Int, piece: String)] = []
            for (piece, length) in zip(line.pieces, scalarLengths(line.pieces)) {
                spPieces.append((position, piece))
                position += length
                boundaries.insert(position)
            }
            #expect(position == marked.count, "\(line.text)")
            for word in words where boundaries.contains(word.lowerBound) && boundaries.contains(word.upperBound) {
                let expected = spPieces.filter { word.contains($0.start) }.map(\.piece)
                var ids: [Int32] = []
                Array(marked[word]).withUnsafeBufferPointer { tokenizer.model.appendBestIds(of: $0, scratch: &scratch, to: &ids) }
                let ours = ids.map { vocabulary.pieces[Int($0)] }
                compared += 1
                if ours != expected { differing.append("\(ours) vs \(expected)") }
            }
        }
        print("SentencePiece agreement: compared \(compared) words of 300 held-out lines; \(differing.count) differ")
        #expect(compared >= 2000)
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }
}
