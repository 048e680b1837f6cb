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
            var node = PieceTrie.root
            var end = start
            while end < range.upperBound {
                node = trie.child(of: node, text[end])
                if node < 0 { break }
                end += 1
                let id = trie.pieceId(at: node)
                if id >= 0 {
                    if end == start + 1 { coversCharacter = true }
                    lattice.add(start: start, end: end, id: id, score: scores[Int(id)])
                }
            }
            if !coversCharacter {
                lattice.add(start: start, end: start + 1, id: Vocabulary.unkId, score: unknownScore)
            }
        }
    }

    /// Appends the ids of the best segmentation of one word, using `lattice` as scratch space.
    public func appendBestIds(of word: UnsafeBufferPointer<UInt32>, lattice: inout Lattice, to ids: inout [Int32]) {
        lattice.reset(length: word.count)
        populate(&lattice, text: word, range: 0..<word.count)
        guard let best = lattice.viterbi() else { return }
        appendIds(of: best, text: word, to: &ids)
    }

    /// Appends the ids of a path through a lattice over `text`, spelling unknown characters
    /// as bytes where the vocabulary can.
    public func appendIds<Text: RandomAccessCollection<UInt32>>(of path: [Lattice.Node], text: Text, to ids: inout [Int32])
    where Text.Index == Int {
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
