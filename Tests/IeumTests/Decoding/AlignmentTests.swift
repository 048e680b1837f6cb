// Word alignments from piece attention, checked by hand on a mixed Hangul and Latin example.
import Testing
@testable import Ieum

@Suite struct AlignmentTests {
    @Test func piecesMapToWordsByHand() {
        // Source "LibreOffice에서 파일을 여세요": pieces ▁LibreOffice 에서 ▁파일을 ▁여 세요 </s>
        // Target "Open the file in LibreOffice": pieces ▁Open ▁the ▁fi le ▁in ▁Libre Office
        let sourcePieces = ["▁LibreOffice", "에서", "▁파일을", "▁여", "세요"]
        let targetPieces = ["▁Open", "▁the", "▁fi", "le", "▁in", "▁Libre", "Office"]
        #expect(Alignment.wordIndices(ofPieces: sourcePieces) == [0, 0, 1, 2, 2])
        #expect(Alignment.wordIndices(ofPieces: targetPieces) == [0, 1, 2, 2, 3, 4, 4])
        let sourceWords = ["LibreOffice에서", "파일을", "여세요"]
        let targetWords = ["Open", "the", "file", "in", "LibreOffice"]
        // Rows: target pieces; columns: the five source pieces and </s>.
        let pieceWeights: [Float] = [
            0.0, 0.0, 0.1, 0.5, 0.3, 0.1,  // ▁Open → 여세요
            0.1, 0.1, 0.6, 0.1, 0.0, 0.1,  // ▁the → 파일을
            0.0, 0.0, 0.9, 0.0, 0.0, 0.1,  // ▁fi → 파일을
            0.0, 0.1, 0.7, 0.0, 0.0, 0.2,  // le → 파일을
            0.2, 0.6, 0.0, 0.0, 0.0, 0.2,  // ▁in → 에서 (LibreOffice에서)
            0.8, 0.0, 0.0, 0.0, 0.0, 0.2,  // ▁Libre → LibreOffice에서
            0.7, 0.1, 0.0, 0.0, 0.0, 0.2,  // Office → LibreOffice에서
        ]
        let alignment = Alignment(pieceWeights: pieceWeights, sourcePieceWords: Alignment.wordIndices(ofPieces: sourcePieces) + [-1],
                                  targetPieceWords: Alignment.wordIndices(ofPieces: targetPieces),
                                  sourceWords: sourceWords, targetWords: targetWords)
        #expect(alignment.weights.count == 5 * 3)
        for row in 0..<5 {
            #expect(abs(alignment.weights[(row * 3)..<(row * 3 + 3)].reduce(0, +) - 1) < 1e-6)
        }
        // "file": mean of (0, 0.9, 0) and (0.1, 0.7, 0) = (0.05, 0.8, 0), over 0.85.
        #expect(abs(alignment.weights[2 * 3 + 1] - 0.8 / 0.85) < 1e-6)
        #expect(alignment.pharaoh == "2-0 1-1 1-2 0-3 0-4")
        #expect(alignment.links.allSatisfy { $0.source >= 0 && $0.source < 3 && $0.target >= 0 && $0.target < 5 })
    }
}
