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

    /// Two directions joined by hand. Forward (target rows "a b c" over source columns "x y"):
    /// a (0.9, 0.1), b (0.4, 0.6), c (0.5, 0.5). Reverse (its target rows "x y" over its source
    /// columns "a b c"): x (0.7, 0.1, 0.2), y (0.0, 0.5, 0.5). Means, row by row: a (0.8, 0.05),
    /// b (0.25, 0.55), c (0.35, 0.5); above 0.3: x-a, y-b, x-c, y-c; above the default 0.45:
    /// x-a, y-b, y-c. The forward argmax alone would give x-a, y-b, x-c (a tie goes to the first).
    @Test func twoDirectionsAverageByHand() throws {
        let forward = Alignment(pieceWeights: [0.9, 0.1, 0, 0.4, 0.6, 0, 0.5, 0.5, 0], sourcePieceWords: [0, 1, -1],
                                targetPieceWords: [0, 1, 2], sourceWords: ["x", "y"], targetWords: ["a", "b", "c"])
        let reverse = Alignment(pieceWeights: [0.7, 0.1, 0.2, 0, 0.0, 0.5, 0.5, 0], sourcePieceWords: [0, 1, 2, -1],
                                targetPieceWords: [0, 1], sourceWords: ["a", "b", "c"], targetWords: ["x", "y"])
        #expect(forward.pharaoh == "0-0 1-1 0-2")
        let both = try #require(forward.agreeing(with: reverse, threshold: 0.3))
        for (index, expected) in [0.8, 0.05, 0.25, 0.55, 0.35, 0.5].enumerated() {
            #expect(abs(Double(both.weights[index]) - expected) < 1e-6)
        }
        #expect(both.pharaoh == "0-0 1-1 0-2 1-2")
        #expect(try #require(forward.agreeing(with: reverse)).pharaoh == "0-0 1-1 1-2")
        #expect(try #require(forward.agreeing(with: reverse, threshold: 0.5)).pharaoh == "0-0 1-1")
        #expect(forward.agreeing(with: forward) == nil)
    }

    /// Heatmap rows line up in a terminal whatever the script: Hangul syllables take two
    /// columns each (East Asian Wide), so "파일을" pads like a six-letter word.
    @Test func heatmapPadsByTerminalColumns() {
        #expect(Alignment.columns("파일을") == 6 && Alignment.columns("Ctrl+S") == 6 && Alignment.columns("키를") == 4)
        let alignment = Alignment(pieceWeights: [1, 0, 0, 1], sourcePieceWords: [0, -1], targetPieceWords: [0, 1],
                                  sourceWords: ["save"], targetWords: ["파일을", "Ctrl+S"])
        let rows = alignment.heatmap.split(separator: "\n").suffix(2)
        #expect(rows.map { Alignment.columns(String($0)) } == [8, 8])
    }
}
