// The unigram language model over pieces (Kudo 2018): lattice filling and byte fallback.

/// Segments words into the pieces of a vocabulary: every way to cut a word is scored by
/// the sum of its pieces' log probabilities. A character no piece covers becomes its UTF-8
/// bytes when the vocabulary has byte pieces, and `<unk>` otherwise.
package struct UnigramModel: Sendable {
    package let vocabulary: Vocabulary
    private let trie: PieceTrie
    /// Score of a character no piece covers: well below any real piece, as in SentencePiece.
    private let unknownScore: Float

    package init(vocabulary: Vocabulary) {
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
    func populate(_ lattice: inout Lattice, text: UnsafeBufferPointer<UInt32>, range: Range<Int>) {
        for start in range {
            forEachCandidate(in: text, from: start, upTo: range.upperBound) { end, id, score in
                lattice.add(start: start, end: end, id: id, score: score)
            }
        }
    }

    /// Calls `body(end, id, score)` for each piece that starts at `start` and ends by
    /// `limit`, shortest first, then for an unknown character when no single-character piece
    /// starts there: the nodes of the lattice that start at `start`.
    @inline(__always)
    private func forEachCandidate(in text: UnsafeBufferPointer<UInt32>, from start: Int, upTo limit: Int,
                                  _ body: (Int, Int32, Float) -> Void) {
        var coversCharacter = false
        var node = PieceTrie.root
        var end = start
        while end < limit {
            node = trie.child(of: node, text[end])
            if node < 0 { break }
            end += 1
            let id = trie.pieceId(at: node)
            if id >= 0 {
                if end == start + 1 { coversCharacter = true }
                body(end, id, vocabulary.scores[Int(id)])
            }
        }
        if !coversCharacter { body(start + 1, Vocabulary.unkId, unknownScore) }
    }

    /// Appends the ids of the best segmentation of one word. The same dynamic programme as
    /// `Lattice.viterbi` over the nodes `populate` adds, in the same order (so ties break
    /// the same way), without storing the nodes: the hot path of encoding.
    func appendBestIds(of word: UnsafeBufferPointer<UInt32>, scratch: inout ViterbiScratch, to ids: inout [Int32]) {
        let length = word.count
        scratch.prepare(length: length)
        scratch.bestScore.withUnsafeMutableBufferPointer { bestScore in
            scratch.bestStart.withUnsafeMutableBufferPointer { bestStart in
                scratch.bestId.withUnsafeMutableBufferPointer { bestId in
                    for start in 0..<length {
                        let reach = bestScore[start]
                        forEachCandidate(in: word, from: start, upTo: length) { end, id, score in
                            let total = reach + score
                            if bestStart[end] < 0 || total > bestScore[end] {
                                bestScore[end] = total
                                bestStart[end] = Int32(start)
                                bestId[end] = id
                            }
                        }
                    }
                }
            }
        }
        // Walk back from the end, then emit front to back.
        scratch.path.removeAll(keepingCapacity: true)
        var position = length
        while position > 0 {
            scratch.path.append(Int32(position))
            position = Int(scratch.bestStart[position])
        }
        for end in scratch.path.reversed() {
            let id = scratch.bestId[Int(end)]
            if id == Vocabulary.unkId, let byteIds = vocabulary.byteIds, let scalar = Unicode.Scalar(word[Int(end) - 1]) {
                for byte in String(Character(scalar)).utf8 { ids.append(byteIds[Int(byte)]) }
            } else {
                ids.append(id)
            }
        }
    }

    /// Appends the ids of a path through a lattice over `text`, spelling unknown characters
    /// as bytes where the vocabulary can.
    func appendIds<Text: RandomAccessCollection<UInt32>>(of path: [Lattice.Node], text: Text, to ids: inout [Int32])
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

/// Buffers for `UnigramModel.appendBestIds`, reused from word to word.
struct ViterbiScratch {
    /// Per end position: the best score of a path to it, and the last piece of that path.
    var bestScore: [Float] = []
    var bestStart: [Int32] = []
    var bestId: [Int32] = []
    /// End positions of the best path, last first.
    var path: [Int32] = []

    package init() {}

    mutating func prepare(length: Int) {
        if bestScore.count < length + 1 {
            bestScore = [Float](repeating: 0, count: 2 * length + 1)
            bestStart = [Int32](repeating: -1, count: 2 * length + 1)
            bestId = [Int32](repeating: -1, count: 2 * length + 1)
        }
        bestScore[0] = 0
        for position in stride(from: 1, through: length, by: 1) { bestStart[position] = -1 }
    }
}
