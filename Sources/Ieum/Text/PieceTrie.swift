// Prefix search over the pieces of a vocabulary, by Unicode scalar.

/// A trie of pieces keyed by Unicode scalar values: from a start position it finds every
/// piece that matches there in one walk, which is what filling a lattice needs.
///
/// The root's children are a direct table over the Basic Multilingual Plane (most pieces
/// start with a Hangul syllable or a Latin letter, and the root is visited once per
/// position); other nodes keep their few children in sorted runs of flat arrays.
struct PieceTrie: Sendable {
    private var rootTable: [Int32]
    private var rootAstral: [UInt32: Int32]
    /// Children of node n are childScalars/childNodes[childStart[n]..<childEnd[n]], sorted.
    private var childStart: [Int32]
    private var childEnd: [Int32]
    private var childScalars: [UInt32]
    private var childNodes: [Int32]
    /// The piece id ending at each node, or -1.
    private var pieceIds: [Int32]

    private static let tableSize = 0x10000

    /// Builds the trie breadth first from the pieces in sorted order, so that each node's
    /// children are laid out together.
    init(pieces: some Sequence<(scalars: [UInt32], id: Int32)>) {
        let sorted = pieces.sorted { $0.scalars.lexicographicallyPrecedes($1.scalars) }
        rootTable = [Int32](repeating: -1, count: Self.tableSize)
        rootAstral = [:]
        childStart = []
        childEnd = []
        childScalars = []
        childNodes = []
        pieceIds = []
        // Each queued node covers the sorted pieces that share its prefix of length `depth`.
        var queue: [(pieces: Range<Int>, depth: Int)] = [(0..<sorted.count, 0)]
        var next = 0
        while next < queue.count {
            let (range, depth) = queue[next]
            let node = Int32(next)
            next += 1
            var first = range.lowerBound
            if first < range.upperBound && sorted[first].scalars.count == depth {
                pieceIds.append(sorted[first].id)
                first += 1
            } else {
                pieceIds.append(-1)
            }
            childStart.append(Int32(childScalars.count))
            var groupStart = first
            while groupStart < range.upperBound {
                let scalar = sorted[groupStart].scalars[depth]
                var groupEnd = groupStart + 1
                while groupEnd < range.upperBound && sorted[groupEnd].scalars[depth] == scalar { groupEnd += 1 }
                let child = Int32(queue.count)
                queue.append((groupStart..<groupEnd, depth + 1))
                if node == 0 {
                    if scalar < Self.tableSize { rootTable[Int(scalar)] = child } else { rootAstral[scalar] = child }
                } else {
                    childScalars.append(scalar)
                    childNodes.append(child)
                }
                groupStart = groupEnd
            }
            childEnd.append(Int32(childScalars.count))
        }
    }

    /// The root of the trie, where every walk starts.
    static let root: Int32 = 0

    /// The node reached from `node` by `scalar`, or -1.
    @inline(__always)
    func child(of node: Int32, _ scalar: UInt32) -> Int32 {
        if node == 0 {
            return scalar < Self.tableSize ? rootTable[Int(scalar)] : rootAstral[scalar] ?? -1
        }
        var low = Int(childStart[Int(node)]), high = Int(childEnd[Int(node)])
        while low < high {
            let middle = (low + high) >> 1
            let found = childScalars[middle]
            if found == scalar { return childNodes[middle] }
            if found < scalar { low = middle + 1 } else { high = middle }
        }
        return -1
    }

    /// The id of the piece spelled by the path to `node`, or -1.
    @inline(__always)
    func pieceId(at node: Int32) -> Int32 {
        pieceIds[Int(node)]
    }
}
