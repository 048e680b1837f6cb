// The HMM alignment model: each generated word's position depends on the previous one's.
import Foundation

/// Jump widths of the HMM: a word aligned at position i after one aligned at i′ jumped
/// i − i′, clipped to ±`maximum`; the NULL word keeps the previous position (Och and Ney 2003).
enum HMMJumps {
    static let maximum = 30
    /// The least emission probability (see `emissions`).
    static let emissionFloor = 1e-12
    /// Before training: jumps near +1 likelier, as the diagonal prior has them.
    static var initial: [Double] {
        let raw = (-maximum...maximum).map { exp(-abs(Double($0) - 1) / 2) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    static func index(_ jump: Int) -> Int { min(max(jump, -maximum), maximum) + maximum }
}

extension DirectionalModel {
    /// The probability of moving from generating position `from` (0-based word) to `to`, NULL
    /// excluded, normalized over the sentence's `count` positions.
    private func transitions(count: Int) -> [Double] {
        var table = [Double](repeating: 0, count: count * count)  // (from, to)
        for from in 0..<count {
            var total = 0.0
            for to in 0..<count { table[from * count + to] = jumps[HMMJumps.index(to - from)]; total += table[from * count + to] }
            for to in 0..<count { table[from * count + to] /= max(total, .leastNormalMagnitude) }
        }
        return table
    }

    /// Emission probabilities (generated position j, state s): states 0..<I are the words,
    /// I..<2I the NULL word remembering position s − I. (J, 2I) Each is at least
    /// `emissionFloor`: a word whose every emission had underflowed to 0 would leave no path
    /// through the sentence, the scaled backward pass would divide by nothing, and the NaN
    /// would spread through the shared counts to every pair.
    private func emissions(_ table: (start: Int, sourceCount: Int, targetCount: Int)) -> (I: Int, J: Int, values: [Double]) {
        let (I, J) = sourceGivesTarget ? (table.sourceCount, table.targetCount) : (table.targetCount, table.sourceCount)
        var values = [Double](repeating: 0, count: J * 2 * I)
        for j in 0..<J {
            let null = max(Double(probabilities[slot(table, from: 0, to: j + 1)]), HMMJumps.emissionFloor)
            for i in 0..<I {
                values[j * 2 * I + i] = max(Double(probabilities[slot(table, from: i + 1, to: j + 1)]), HMMJumps.emissionFloor)
                values[j * 2 * I + I + i] = null
            }
        }
        return (I, J, values)
    }

    /// Forward-backward over one pair, scaled per position: forward × backward of a state is
    /// its posterior. nil for an empty side.
    private func forwardBackward(_ table: (start: Int, sourceCount: Int, targetCount: Int))
        -> (I: Int, J: Int, emission: [Double], move: [Double], forward: [Double], backward: [Double], scale: [Double])? {
        let (I, J, emission) = emissions(table)
        guard I > 0, J > 0 else { return nil }
        let S = 2 * I, p0 = options.nullProbability
        let move = transitions(count: I)
        var forward = [Double](repeating: 0, count: J * S), backward = [Double](repeating: 0, count: J * S)
        var scale = [Double](repeating: 0, count: J)
        // Start: a word position uniformly, or NULL.
        for s in 0..<S { forward[s] = (s < I ? (1 - p0) / Double(I) : p0 / Double(I)) * emission[s] }
        for j in 0..<J {
            if j > 0 {
                for s in 0..<S {
                    let position = s % I
                    var sum = 0.0
                    if s < I {
                        for previous in 0..<S { sum += forward[(j - 1) * S + previous] * move[(previous % I) * I + position] }
                        sum *= 1 - p0
                    } else {
                        // NULL keeps the position of the previous state.
                        sum = p0 * (forward[(j - 1) * S + position] + forward[(j - 1) * S + I + position])
                    }
                    forward[j * S + s] = sum * emission[j * S + s]
                }
            }
            scale[j] = max(forward[(j * S)..<((j + 1) * S)].reduce(0, +), .leastNormalMagnitude)
            for s in 0..<S { forward[j * S + s] /= scale[j] }
        }
        for s in 0..<S { backward[(J - 1) * S + s] = 1 }
        for j in stride(from: J - 2, through: 0, by: -1) {
            for previous in 0..<S {
                let position = previous % I
                var sum = 0.0
                for s in 0..<I { sum += (1 - p0) * move[position * I + s] * emission[(j + 1) * S + s] * backward[(j + 1) * S + s] }
                sum += p0 * emission[(j + 1) * S + I + position] * backward[(j + 1) * S + I + position]
                backward[j * S + previous] = sum / scale[j + 1]
            }
        }
        return (I, J, emission, move, forward, backward, scale)
    }

    /// The HMM's link posteriors of one pair, in the layout of `posteriors`.
    func hmmPosteriors(_ table: (start: Int, sourceCount: Int, targetCount: Int), into matrix: inout [Double]) {
        guard let (I, J, _, _, forward, backward, _) = forwardBackward(table) else { return }
        let S = 2 * I, width = table.targetCount + 1
        for j in 0..<J {
            for s in 0..<S {
                let from = s < I ? s + 1 : 0
                matrix[sourceGivesTarget ? from * width + j + 1 : (j + 1) * width + from] += forward[j * S + s] * backward[j * S + s]
            }
        }
    }

    /// Adds the posterior of each state of one pair into the lexical counts and of each
    /// word-to-word jump into the jump counts (after the lexical ones).
    func hmmCounts(pair: Int, into counts: inout [Float]) {
        let table = corpus.tables[pair]
        guard let (I, J, emission, move, forward, backward, scale) = forwardBackward(table) else { return }
        let S = 2 * I, p0 = options.nullProbability
        let jumpBase = probabilities.count
        for j in 0..<J {
            for s in 0..<S {
                let posterior = forward[j * S + s] * backward[j * S + s]
                counts[slot(table, from: s < I ? s + 1 : 0, to: j + 1)] += Float(posterior)
            }
            guard j > 0 else { continue }
            for previous in 0..<S {
                let from = forward[(j - 1) * S + previous], position = previous % I
                guard from > 0 else { continue }
                for s in 0..<I {
                    let joint = from * (1 - p0) * move[position * I + s] * emission[j * S + s] * backward[j * S + s] / scale[j]
                    counts[jumpBase + HMMJumps.index(s - position)] += Float(joint)
                }
            }
        }
    }

    /// One HMM EM iteration: lexical and jump counts, then both M-steps.
    mutating func hmmIteration() {
        let lexical = probabilities.count
        let model = self
        let counts = summedCounts(pairCount: corpus.tables.count, size: lexical + jumps.count, threads: options.threads) { pair, counts, _ in
            model.hmmCounts(pair: pair, into: &counts)
        }
        update(lexicalCounts: Array(counts[..<lexical]))
        let jumpCounts = counts[lexical...].map { Double($0) + 1e-3 }
        let total = jumpCounts.reduce(0, +)
        jumps = jumpCounts.map { $0 / total }
    }
}
