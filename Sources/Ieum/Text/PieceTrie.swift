// Prefix search over the pieces of a vocabulary, by Unicode scalar.

/// A trie of pieces keyed by Unicode scalar values: from a start position it finds every
/// piece that matches there in one walk, which is what filling a lattice needs.
struct PieceTrie: Sendable {
    /// Child node of (node, scalar), keyed by `node << 32 | scalar`.
    private var children: [UInt64: Int32] = [:]
    /// The piece id ending at each node, or -1.
    private var pieceIds: [Int32] = [-1]

    init(pieces: some Sequence<(scalars: [UInt32], id: Int32)>) {
        for (scalars, id) in pieces {
            var node: Int32 = 0
            for scalar in scalars {
                let key = UInt64(UInt32(node)) << 32 | UInt64(scalar)
                if let child = children[key] {
                    node = child
                } else {
                    let child = Int32(pieceIds.count)
                    pieceIds.append(-1)
                    children[key] = child
                    node = child
                }
            }
            pieceIds[Int(node)] = id
        }
    }

    /// Calls `body(length, id)` for every piece that `text[start...]` begins with, shortest first.
    @inline(__always)
    func forEachPrefix(of text: UnsafeBufferPointer<UInt32>, from start: Int, upTo end: Int, _ body: (Int, Int32) -> Void) {
        var node: Int32 = 0
        var position = start
        while position < end {
            let key = UInt64(UInt32(node)) << 32 | UInt64(text[position])
            guard let child = children[key] else { return }
            node = child
            position += 1
            let id = pieceIds[Int(node)]
            if id >= 0 { body(position - start, id) }
        }
    }
}
