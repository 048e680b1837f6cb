// One direction of the statistical aligner: its translation table, link posteriors and Model 1 EM step.
import Foundation

/// One direction's translation table: with `sourceGivesTarget` each target word is generated
/// by a source word or NULL (t(target|source)); otherwise the reverse, reading the same slot
/// tables transposed. Starts uniform; `StatisticalAligner` trains it.
struct DirectionalModel: Sendable {
    let corpus: AlignmentCorpus
    let sourceGivesTarget: Bool
    let options: StatisticalAligner.Options
    private(set) var probabilities: [Float]
    /// Whether positions follow the diagonal prior (else uniform, as in Model 1).
    var diagonal = false
    /// The HMM's jump probabilities, by jump width + `HMMJumps.maximum` (empty: no HMM).
    var jumps: [Double] = []

    init(corpus: AlignmentCorpus, sourceGivesTarget: Bool, options: StatisticalAligner.Options) {
        self.corpus = corpus
        self.sourceGivesTarget = sourceGivesTarget
        self.options = options
        probabilities = [Float](repeating: 1, count: corpus.slotSource.count)
    }

    /// One EM iteration of this direction alone, without the HMM.
    mutating func modelOneIteration() {
        let model = self
        update(lexicalCounts: summedCounts(pairCount: corpus.tables.count, size: probabilities.count, threads: options.threads) { pair, counts, scratch in
            model.posteriors(pair, into: &scratch.forward, weights: &scratch.weights)
            model.addGenerated(pair, posteriors: scratch.forward, into: &counts)
        })
    }

    /// Adds the posteriors of one pair's generating words (NULL included) into their slots.
    func addGenerated(_ pair: Int, posteriors: [Double], into counts: inout [Float]) {
        let table = corpus.tables[pair]
        let width = table.targetCount + 1
        for i in 0...table.sourceCount {
            for j in 0...table.targetCount where (sourceGivesTarget ? j : i) > 0 {
                counts[Int(corpus.slots[table.start + i * width + j])] += Float(posteriors[i * width + j])
            }
        }
    }

    /// The variational-Bayes M-step for the lexical table, from expected counts per slot
    /// (slots of a NULL generated word belong to the other direction and are skipped).
    mutating func update(lexicalCounts counts: [Float]) {
        // Per conditioning word: t = exp ψ(count + α) / exp ψ(total + α V) (variational Bayes),
        // or count / total when α is 0 (maximum likelihood).
        let conditions = sourceGivesTarget ? corpus.slotSource : corpus.slotTarget
        let generated = sourceGivesTarget ? corpus.slotTarget : corpus.slotSource
        let generatedNull = Int32(sourceGivesTarget ? corpus.targetVocabularySize : corpus.sourceVocabularySize)
        let vocabulary = Double(generatedNull)
        var totals = [Double](repeating: 0, count: (sourceGivesTarget ? corpus.sourceVocabularySize : corpus.targetVocabularySize) + 1)
        for slot in counts.indices where generated[slot] != generatedNull { totals[Int(conditions[slot])] += Double(counts[slot]) }
        let alpha = options.alpha
        if alpha > 0 {
            let normalizers = totals.map { exp(digamma($0 + alpha * vocabulary)) }
            for slot in counts.indices {
                probabilities[slot] = Float(exp(digamma(Double(counts[slot]) + alpha)) / normalizers[Int(conditions[slot])])
            }
        } else {
            for slot in counts.indices {
                let total = totals[Int(conditions[slot])]
                probabilities[slot] = total > 0 ? Float(Double(counts[slot]) / total) : 0
            }
        }
    }

    /// The slot of (generating word `from`, generated word `to`) in a pair's table, position 0 being NULL.
    @inline(__always)
    func slot(_ table: (start: Int, sourceCount: Int, targetCount: Int), from: Int, to: Int) -> Int {
        let (i, j) = sourceGivesTarget ? (from, to) : (to, from)
        return Int(corpus.slots[table.start + i * (table.targetCount + 1) + j])
    }

    /// Unnormalized posterior weights of each generating position (0: NULL) for generated word `to`.
    private func linkWeights(_ table: (start: Int, sourceCount: Int, targetCount: Int), to: Int, into weights: inout [Double]) {
        let (fromCount, toCount) = sourceGivesTarget ? (table.sourceCount, table.targetCount) : (table.targetCount, table.sourceCount)
        weights.removeAll(keepingCapacity: true)
        if diagonal {
            let relativeTarget = Double(to) / Double(toCount)
            weights.append(options.nullProbability * Double(probabilities[slot(table, from: 0, to: to)]))
            // The unnormalized priors first, each computed once, then scaled and weighted by t.
            var priorTotal = 0.0
            for from in stride(from: 1, through: fromCount, by: 1) {
                let prior = exp(-options.diagonalTension * abs(Double(from) / Double(fromCount) - relativeTarget))
                priorTotal += prior
                weights.append(prior)
            }
            let scale = (1 - options.nullProbability) / max(priorTotal, .leastNormalMagnitude)
            for from in stride(from: 1, through: fromCount, by: 1) {
                weights[from] = weights[from] * scale * Double(probabilities[slot(table, from: from, to: to)])
            }
        } else {
            for from in 0...fromCount { weights.append(Double(probabilities[slot(table, from: from, to: to)])) }
        }
    }

    /// One pair's link posteriors in its slot-table layout, (m + 1) × (n + 1): forward, entry
    /// (i, j) is p(target word j generated by source i); backward, p(source word i generated by
    /// target j); row 0 (forward) or column 0 (backward) is NULL, the other one stays 0.
    func posteriors(_ pair: Int, into matrix: inout [Double], weights: inout [Double]) {
        let table = corpus.tables[pair]
        let width = table.targetCount + 1
        matrix.removeAll(keepingCapacity: true)
        matrix.append(contentsOf: repeatElement(0, count: (table.sourceCount + 1) * width))
        if !jumps.isEmpty { return hmmPosteriors(table, into: &matrix) }
        let toCount = sourceGivesTarget ? table.targetCount : table.sourceCount
        guard toCount > 0 else { return }
        for to in 1...toCount {
            linkWeights(table, to: to, into: &weights)
            var total = 0.0
            for weight in weights { total += weight }
            guard total > 0 else { continue }
            for from in weights.indices { matrix[sourceGivesTarget ? from * width + to : to * width + from] = weights[from] / total }
        }
    }

    /// Each generated word's most probable generating word, as source-target links (NULL: no link).
    func mostProbableLinks(_ pair: Int) -> WordLinks {
        var matrix: [Double] = [], weights: [Double] = []
        posteriors(pair, into: &matrix, weights: &weights)
        let table = corpus.tables[pair], width = table.targetCount + 1
        let (fromCount, toCount) = sourceGivesTarget ? (table.sourceCount, table.targetCount) : (table.targetCount, table.sourceCount)
        var links: [WordLinks.Link] = []
        for to in stride(from: 1, through: toCount, by: 1) {
            var best = 0, bestPosterior = -1.0
            for from in 0...fromCount {
                let posterior = matrix[sourceGivesTarget ? from * width + to : to * width + from]
                if posterior > bestPosterior { (best, bestPosterior) = (from, posterior) }
            }
            guard best > 0 else { continue }
            links.append(sourceGivesTarget ? WordLinks.Link(best - 1, to - 1) : WordLinks.Link(to - 1, best - 1))
        }
        return WordLinks(links)
    }
}
