// Prefix search over the pieces of a vocabulary, by Unicode scalar.

/// A trie of pieces keyed by Unicode scalar values: from a start position it finds every
/// piece that matches there in one walk, which is what filling a lattice needs.
///
/// The root's children are a direct table over the Basic Multilingual Plane (the root is
/// visited once per position); every other transition lives in one open-addressing hash
/// table keyed by (node, scalar), so a step costs about one cache miss whether the node has
/// two children or, like `▁`, thousands.
struct PieceTrie: Sendable {
    private var rootTable: [Int32]
    private var rootAstral: [UInt32: Int32]
    /// Transition keys `node << 32 | scalar` (`emptyKey` for a free slot) and their targets.
    private var keys: [UInt64]
    private var targets: [Int32]
    private var shift: UInt64
    /// The piece id ending at each node, or -1.
    private var pieceIds: [Int32]

    private static let tableSize = 0x10000
    private static let emptyKey = UInt64.max

    /// Builds the trie breadth first from the pieces in sorted order.
    init(pieces: some Sequence<(scalars: [UInt32], id: Int32)>) {
        let sorted = pieces.sorted { $0.scalars.lexicographicallyPrecedes($1.scalars) }
        rootTable = [Int32](repeating: -1, count: Self.tableSize)
        rootAstral = [:]
        pieceIds = []
        var transitions: [(key: UInt64, target: Int32)] = []
        // Each queued node covers the sorted pieces that share its prefix of length `depth`.
        var queue: [(pieces: Range<Int>, depth: Int)] = [(0..<sorted.count, 0)]
        var next = 0
        while next < queue.count {
            let (range, depth) = queue[next]
            let node = UInt64(next)
            next += 1
            var first = range.lowerBound
            if first < range.upperBound && sorted[first].scalars.count == depth {
                pieceIds.append(sorted[first].id)
                first += 1
            } else {
                pieceIds.append(-1)
            }
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
                    transitions.append((node << 32 | UInt64(scalar), child))
                }
                groupStart = groupEnd
            }
        }
        // A table at most half full.
        var bits: UInt64 = 4
        while (1 << bits) < 2 * transitions.count { bits += 1 }
        shift = 64 - bits
        keys = [UInt64](repeating: Self.emptyKey, count: 1 << bits)
        targets = [Int32](repeating: -1, count: 1 << bits)
        let mask = (1 << Int(bits)) - 1
        for (key, target) in transitions {
            var slot = Self.slot(of: key, shift: shift)
            while keys[slot] != Self.emptyKey { slot = (slot + 1) & mask }
            keys[slot] = key
            targets[slot] = target
        }
    }

    /// The root of the trie, where every walk starts.
    static let root: Int32 = 0

    /// Fibonacci hashing: the top bits of the key times 2^64/φ.
    @inline(__always)
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The node reached from `node` by `scalar`, or -1.
    @inline(__always)
    func child(of node: Int32, _ scalar: UInt32) -> Int32 {
        if node == 0 {
            return scalar < Self.tableSize ? rootTable[Int(scalar)] : rootAstral[scalar] ?? -1
        }
        let key = UInt64(node) << 32 | UInt64(scalar)
        let mask = keys.count - 1
        var slot = Self.slot(of: key, shift: shift)
        while true {
            let found = keys[slot]
            if found == key { return targets[slot] }
            if found == Self.emptyKey { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// The id of the piece spelled by the path to `node`, or -1.
    @inline(__always)
    func pieceId(at node: Int32) -> Int32 {
        pieceIds[Int(node)]
    }
}
