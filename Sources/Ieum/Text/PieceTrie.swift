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
    /// Children of node n are childScalars/childNodes[childStart[n]..<childStart[n + 1]], sorted.
    private var childStart: [Int32]
    private var childScalars: [UInt32]
    private var childNodes: [Int32]
    /// The piece id ending at each node, or -1.
    private var pieceIds: [Int32]

    private static let tableSize = 0x10000

    init(pieces: some Sequence<(scalars: [UInt32], id: Int32)>) {
        // Build with maps, then flatten.
        var children: [[UInt32: Int32]] = [[:]]
        var pieceIds: [Int32] = [-1]
        for (scalars, id) in pieces {
            var node = 0
            for scalar in scalars {
                if let child = children[node][scalar] {
                    node = Int(child)
                } else {
                    let child = Int32(pieceIds.count)
                    children[node][scalar] = child
                    children.append([:])
                    pieceIds.append(-1)
                    node = Int(child)
                }
            }
            pieceIds[node] = id
        }
        rootTable = [Int32](repeating: -1, count: Self.tableSize)
        rootAstral = [:]
        for (scalar, child) in children[0] {
            if scalar < Self.tableSize { rootTable[Int(scalar)] = child } else { rootAstral[scalar] = child }
        }
        childStart = [0]
        childScalars = []
        childNodes = []
        for node in children.indices {
            if node > 0 {
                for (scalar, child) in children[node].sorted(by: { $0.key < $1.key }) {
                    childScalars.append(scalar)
                    childNodes.append(child)
                }
            }
            childStart.append(Int32(childScalars.count))
        }
        self.pieceIds = pieceIds
    }

    /// The root of the trie, where every walk starts.
    static let root: Int32 = 0

    /// The node reached from `node` by `scalar`, or -1.
    @inline(__always)
    func child(of node: Int32, _ scalar: UInt32) -> Int32 {
        if node == 0 {
            return scalar < Self.tableSize ? rootTable[Int(scalar)] : rootAstral[scalar] ?? -1
        }
        var low = Int(childStart[Int(node)]), high = Int(childStart[Int(node) + 1])
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
