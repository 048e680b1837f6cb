// The segmentation lattice of the unigram model: best path, n best paths, sampling, marginals.
import Foundation

/// All the ways to cut a sequence of `length` scalars into pieces: one node per candidate
/// piece, scored with the piece's log probability. A segmentation is a path of nodes from
/// position 0 to `length`.
///
/// Nodes must be added in order of their start position; every algorithm below walks them
/// in that order, which is a topological order of the lattice.
struct Lattice: Sendable {
    package struct Node: Sendable, Equatable {
        package var start: Int32
        package var end: Int32
        /// The piece id, or a caller-chosen marker such as the unknown id.
        package var id: Int32
        package var score: Float
    }

    package private(set) var length = 0
    package private(set) var nodes: [Node] = []

    package init(length: Int = 0) {
        self.length = length
        nodes.reserveCapacity(4 * length)
    }

    /// Empties the lattice for a new sequence, keeping its storage.
    package mutating func reset(length: Int) {
        self.length = length
        nodes.removeAll(keepingCapacity: true)
        nodes.reserveCapacity(4 * length)
    }

    /// Adds a candidate piece covering `start..<end`.
    package mutating func add(start: Int, end: Int, id: Int32, score: Float) {
        assert(nodes.last.map { Int($0.start) <= start } ?? true, "nodes must be added in order of start")
        nodes.append(Node(start: Int32(start), end: Int32(end), id: id, score: score))
    }

    // MARK: Best path

    /// The highest-scoring segmentation, or nil when no path covers the sequence.
    /// Ties go to the path whose earlier piece starts first, as in SentencePiece.
    package func viterbi() -> [Node]? {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: length + 1) { bestScore in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: length + 1) { bestNode in
                bestScore.initialize(repeating: -.infinity)
                bestNode.initialize(repeating: -1)
                bestScore[0] = 0
                nodes.withUnsafeBufferPointer { nodes in
                    for index in nodes.indices {
                        let node = nodes[index]
                        let reach = bestScore[Int(node.start)]
                        guard reach > -.infinity else { continue }
                        let score = reach + node.score
                        if bestNode[Int(node.end)] < 0 || score > bestScore[Int(node.end)] {
                            bestScore[Int(node.end)] = score
                            bestNode[Int(node.end)] = Int32(index)
                        }
                    }
                }
                guard length == 0 || bestNode[length] >= 0 else { return nil }
                var path: [Node] = []
                var position = length
                while position > 0 {
                    let node = nodes[Int(bestNode[position])]
                    path.append(node)
                    position = Int(node.start)
                }
                path.reverse()
                return path
            }
        }
    }

    // MARK: N best

    /// The `n` highest-scoring segmentations, best first, each with its total score.
    package func nBest(_ n: Int) -> [(path: [Node], score: Float)] {
        guard n > 0 else { return [] }
        // For each position, up to n partial paths ending there: (score, node, rank at node.start).
        struct Entry { var score: Float; var node: Int32; var previousRank: Int32 }
        var entries = [[Entry]](repeating: [], count: length + 1)
        entries[0] = [Entry(score: 0, node: -1, previousRank: -1)]
        for (index, node) in nodes.enumerated() {
            let incoming = entries[Int(node.start)]
            for (rank, entry) in incoming.enumerated() {
                let candidate = Entry(score: entry.score + node.score, node: Int32(index), previousRank: Int32(rank))
                var list = entries[Int(node.end)]
                if list.count == n, let last = list.last, last.score >= candidate.score { break }
                let slot = list.firstIndex { $0.score < candidate.score } ?? list.count
                list.insert(candidate, at: slot)
                if list.count > n { list.removeLast() }
                entries[Int(node.end)] = list
            }
        }
        return entries[length].indices.map { rank in
            var path: [Node] = []
            var position = length, currentRank = rank
            while position > 0 {
                let entry = entries[position][currentRank]
                let node = nodes[Int(entry.node)]
                path.append(node)
                position = Int(node.start)
                currentRank = Int(entry.previousRank)
            }
            return (path.reversed(), entries[length][rank].score)
        }
    }

    // MARK: Forward-backward

    /// Log of the summed probability of all paths from 0 to each position, with scores scaled
    /// by `inverseTemperature`.
    private func forward(inverseTemperature: Double) -> [Double] {
        var alpha = [Double](repeating: -.infinity, count: length + 1)
        alpha[0] = 0
        for node in nodes {
            let value = alpha[Int(node.start)] + inverseTemperature * Double(node.score)
            alpha[Int(node.end)] = logAddExp(alpha[Int(node.end)], value)
        }
        return alpha
    }

    /// The log partition function and, for each node, the probability that a segmentation
    /// drawn from the model uses it (the E-step of unigram training).
    package func marginals() -> (logPartition: Double, marginals: [Double]) {
        let alpha = forward(inverseTemperature: 1)
        var beta = [Double](repeating: -.infinity, count: length + 1)
        beta[length] = 0
        for node in nodes.reversed() {
            let value = beta[Int(node.end)] + Double(node.score)
            beta[Int(node.start)] = logAddExp(beta[Int(node.start)], value)
        }
        let logPartition = alpha[length]
        let marginals = nodes.map { node in
            exp(alpha[Int(node.start)] + Double(node.score) + beta[Int(node.end)] - logPartition)
        }
        return (logPartition, marginals)
    }

    /// A segmentation drawn with probability proportional to exp(inverseTemperature × score):
    /// subword regularization (Kudo 2018). `inverseTemperature` 0 draws uniformly over paths.
    package func sample(inverseTemperature: Float, using generator: inout some RandomNumberGenerator) -> [Node] {
        let theta = Double(inverseTemperature)
        let alpha = forward(inverseTemperature: theta)
        var endingAt = [[Int]](repeating: [], count: length + 1)
        for (index, node) in nodes.enumerated() { endingAt[Int(node.end)].append(index) }
        var path: [Node] = []
        var position = length
        while position > 0 {
            let candidates = endingAt[position]
            let weights = candidates.map { index in
                let node = nodes[index]
                return exp(alpha[Int(node.start)] + theta * Double(node.score) - alpha[position])
            }
            var draw = Double.random(in: 0..<weights.reduce(0, +), using: &generator)
            var chosen = candidates[candidates.count - 1]
            for (candidate, weight) in zip(candidates, weights) {
                if draw < weight { chosen = candidate; break }
                draw -= weight
            }
            path.append(nodes[chosen])
            position = Int(nodes[chosen].start)
        }
        return path.reversed()
    }
}

/// log(exp(a) + exp(b)) without overflow.
@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
}
