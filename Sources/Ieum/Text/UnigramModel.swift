// The unigram language model over pieces (Kudo 2018): lattice filling and byte fallback.

/// Segments words into the pieces of a vocabulary: every way to cut a word is scored by
/// the sum of its pieces' log probabilities. A character no piece covers becomes its UTF-8
/// bytes when the vocabulary has byte pieces, and `<unk>` otherwise.
public struct UnigramModel: Sendable {
    public let vocabulary: Vocabulary
    private let trie: PieceTrie
    /// Score of a character no piece covers: well below any real piece, as in SentencePiece.
    private let unknownScore: Float

    public init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        let learned = vocabulary.kinds.indices.lazy
            .filter { vocabulary.kinds[$0] == .normal }
            .map { (scalars: vocabulary.pieces[$0].unicodeScalars.map(\.value), id: Int32($0)) }
        self.trie = PieceTrie(pieces: learned)
        let minimum = vocabulary.kinds.indices.lazy
            .filter { vocabulary.kinds[$0] == .normal }
            .map { vocabulary.scores[$0] }
            .min() ?? 0
        self.unknownScore = minimum - 10
    }

    /// Adds to `lattice` every piece that matches inside `range` of `text`, and an unknown
    /// node for each position where no single-character piece starts.
    public func populate(_ lattice: inout Lattice, text: UnsafeBufferPointer<UInt32>, range: Range<Int>) {
        let scores = vocabulary.scores
        for start in range {
            var coversCharacter = false
            trie.forEachPrefix(of: text, from: start, upTo: range.upperBound) { length, id in
                if length == 1 { coversCharacter = true }
                lattice.add(start: start, end: start + length, id: id, score: scores[Int(id)])
            }
            if !coversCharacter {
                lattice.add(start: start, end: start + 1, id: Vocabulary.unkId, score: unknownScore)
            }
        }
    }

    /// Appends the ids of a path through a lattice over `text`, spelling unknown characters
    /// as bytes where the vocabulary can.
    public func appendIds(of path: [Lattice.Node], text: [UInt32], to ids: inout [Int32]) {
        for node in path {
            guard node.id == Vocabulary.unkId, let byteIds = vocabulary.byteIds,
                  let scalar = Unicode.Scalar(text[Int(node.start)]) else {
                ids.append(node.id)
                continue
            }
            for byte in String(Character(scalar)).utf8 { ids.append(byteIds[Int(byte)]) }
        }
    }
}
