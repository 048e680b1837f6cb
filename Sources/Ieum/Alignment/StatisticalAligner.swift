// A statistical word aligner trained by EM: IBM Model 1, then fast_align's diagonal Model 2, both ways.
import Foundation

/// Word alignment without a neural model, as fast_align does it (Dyer et al. 2013): lexical
/// translation probabilities t(f|e) with a NULL source word, trained by EM over the whole
/// corpus, first as IBM Model 1 (uniform positions) and then with a prior that favours the
/// diagonal, p(i|j) ∝ exp(−λ |i/m − j/n|), the NULL word taking `nullProbability`; the
/// M-step is variational Bayes with a small Dirichlet prior (`alpha`), which keeps rare words
/// from collecting links (with `alpha` 0, plain maximum likelihood). Both directions are trained; their Viterbi alignments are joined by
/// grow-diag-final-and. Results do not depend on the thread count.
package struct StatisticalAligner: Sendable {
    package struct Options: Sendable, Equatable {
        package var model1Iterations = 5
        package var diagonalIterations = 5
        /// Iterations of the HMM alignment model (Vogel et al. 1996) after the others: jumps
        /// between consecutive aligned positions have probabilities of their own, learned by
        /// forward-backward (0: none, the diagonal model decides).
        package var hmmIterations = 0
        /// λ of the diagonal prior.
        package var diagonalTension: Double = 4
        package var nullProbability: Double = 0.08
        package var alpha: Double = 0.01
        package var threads = ProcessInfo.processInfo.activeProcessorCount

        package init() {}
    }

    package var options: Options

    package init(options: Options = Options()) {
        self.options = options
    }

    /// Symmetrized alignments of each (source words, target words) pair, trained on all of them.
    package func align(_ pairs: [(source: [String], target: [String])]) -> [WordLinks] {
        let both = alignBothWays(pairs)
        return concurrentMap(both.count) { WordLinks.growDiagFinalAnd(both[$0].forward, both[$0].backward) }
    }

    /// The two one-way alignments of each pair (source→target, target→source), for study.
    package func alignBothWays(_ pairs: [(source: [String], target: [String])]) -> [(forward: WordLinks, backward: WordLinks)] {
        let corpus = AlignmentCorpus(pairs)
        let forward = DirectionalModel(corpus: corpus, sourceGivesTarget: true, options: options)
        let backward = DirectionalModel(corpus: corpus, sourceGivesTarget: false, options: options)
        return concurrentMap(pairs.count) { (forward.viterbi($0), backward.viterbi($0)) }
    }
}

/// The corpus as word ids, and for each pair a (m + 1) × (n + 1) table of parameter slots:
/// row 0 is the source NULL word, column 0 the target NULL word, slot (i, j) the pair of
/// source word i and target word j. Every distinct word pair has one slot.
struct AlignmentCorpus: Sendable {
    /// Where each pair's slot table starts in `slots`, and its sizes (m source, n target words).
    let tables: [(start: Int, sourceCount: Int, targetCount: Int)]
    let slots: [Int32]
    /// Each slot's source and target word ids; the NULL words are `sourceVocabularySize` and `targetVocabularySize`.
    let slotSource: [Int32]
    let slotTarget: [Int32]
    let sourceVocabularySize: Int
    let targetVocabularySize: Int

    init(_ pairs: [(source: [String], target: [String])]) {
        var sourceIds: [String: Int32] = [:], targetIds: [String: Int32] = [:]
        let encoded = pairs.map { pair in
            (pair.source.map { word in sourceIds[word] ?? { sourceIds[word] = Int32(sourceIds.count); return Int32(sourceIds.count - 1) }() },
             pair.target.map { word in targetIds[word] ?? { targetIds[word] = Int32(targetIds.count); return Int32(targetIds.count - 1) }() })
        }
        let sourceNull = Int32(sourceIds.count), targetNull = Int32(targetIds.count)
        var slotOf: [UInt64: Int32] = [:]
        var slots: [Int32] = [], slotSource: [Int32] = [], slotTarget: [Int32] = []
        var tables: [(Int, Int, Int)] = []
        for (source, target) in encoded {
            tables.append((slots.count, source.count, target.count))
            for i in 0...source.count {
                for j in 0...target.count {
                    guard i > 0 || j > 0 else { slots.append(-1); continue }
                    let s = i == 0 ? sourceNull : source[i - 1], t = j == 0 ? targetNull : target[j - 1]
                    let key = UInt64(UInt32(s)) << 32 | UInt64(UInt32(t))
                    if let slot = slotOf[key] {
                        slots.append(slot)
                    } else {
                        let slot = Int32(slotSource.count)
                        slotOf[key] = slot
                        slotSource.append(s)
                        slotTarget.append(t)
                        slots.append(slot)
                    }
                }
            }
        }
        self.tables = tables
        self.slots = slots
        self.slotSource = slotSource
        self.slotTarget = slotTarget
        sourceVocabularySize = sourceIds.count
        targetVocabularySize = targetIds.count
    }
}

/// One direction's translation table, trained at initialization: with `sourceGivesTarget`
/// each target word is generated by a source word or NULL (t(target|source)); otherwise the
/// reverse, reading the same slot tables transposed.
struct DirectionalModel: Sendable {
    let corpus: AlignmentCorpus
    let sourceGivesTarget: Bool
    let options: StatisticalAligner.Options
    private(set) var probabilities: [Float]
    /// The HMM's jump probabilities, by jump width + `HMMJumps.maximum`.
    var jumps: [Double] = []

    init(corpus: AlignmentCorpus, sourceGivesTarget: Bool, options: StatisticalAligner.Options) {
        self.corpus = corpus
        self.sourceGivesTarget = sourceGivesTarget
        self.options = options
        probabilities = [Float](repeating: 1, count: corpus.slotSource.count)
        for iteration in 0..<(options.model1Iterations + options.diagonalIterations) {
            let diagonal = iteration >= options.model1Iterations
            update(lexicalCounts: summedCounts { model, pair, counts, weights in
                model.expectedCounts(pair: pair, diagonal: diagonal, into: &counts, weights: &weights)
            })
        }
        if options.hmmIterations > 0 { jumps = HMMJumps.initial }
        for _ in 0..<options.hmmIterations { hmmIteration() }
    }

    /// Expected counts over the corpus in fixed chunks, summed in order, so that the thread
    /// count does not change the result; `count` adds one pair's into its arguments.
    func summedCounts(extra: Int = 0, _ count: @Sendable (DirectionalModel, Int, inout [Float], inout [Double]) -> Void) -> [Float] {
        let chunkCount = 16, pairCount = corpus.tables.count, size = probabilities.count + extra
        let model = self
        let partial = inParallel(Array(0..<chunkCount), threads: options.threads) { chunk in
            var counts = [Float](repeating: 0, count: size)
            var scratch: [Double] = []
            for pair in (chunk * pairCount / chunkCount)..<((chunk + 1) * pairCount / chunkCount) { count(model, pair, &counts, &scratch) }
            return counts
        }
        var counts = partial[0]
        for part in partial.dropFirst() { for slot in counts.indices { counts[slot] += part[slot] } }
        return counts
    }

    /// The variational-Bayes M-step for the lexical table, from expected counts per slot.
    mutating func update(lexicalCounts counts: [Float]) {
        // Per conditioning word: t = exp ψ(count + α) / exp ψ(total + α V) (variational Bayes),
        // or count / total when α is 0 (maximum likelihood).
        let conditions = sourceGivesTarget ? corpus.slotSource : corpus.slotTarget
        let vocabulary = Double(sourceGivesTarget ? corpus.targetVocabularySize : corpus.sourceVocabularySize)
        var totals = [Double](repeating: 0, count: (sourceGivesTarget ? corpus.sourceVocabularySize : corpus.targetVocabularySize) + 1)
        for slot in counts.indices { totals[Int(conditions[slot])] += Double(counts[slot]) }
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

    /// Posterior weights of each generating position (0: NULL) for generated word `to`.
    private func posterior(_ table: (start: Int, sourceCount: Int, targetCount: Int), to: Int, diagonal: Bool,
                           into weights: inout [Double]) {
        let (fromCount, toCount) = sourceGivesTarget ? (table.sourceCount, table.targetCount) : (table.targetCount, table.sourceCount)
        weights.removeAll(keepingCapacity: true)
        if diagonal {
            let relativeTarget = Double(to) / Double(toCount)
            var priorTotal = 0.0
            for from in stride(from: 1, through: fromCount, by: 1) {
                priorTotal += exp(-options.diagonalTension * abs(Double(from) / Double(fromCount) - relativeTarget))
            }
            weights.append(options.nullProbability * Double(probabilities[slot(table, from: 0, to: to)]))
            let scale = (1 - options.nullProbability) / max(priorTotal, .leastNormalMagnitude)
            for from in stride(from: 1, through: fromCount, by: 1) {
                let prior = exp(-options.diagonalTension * abs(Double(from) / Double(fromCount) - relativeTarget)) * scale
                weights.append(prior * Double(probabilities[slot(table, from: from, to: to)]))
            }
        } else {
            for from in 0...fromCount { weights.append(Double(probabilities[slot(table, from: from, to: to)])) }
        }
    }

    private func expectedCounts(pair: Int, diagonal: Bool, into counts: inout [Float], weights: inout [Double]) {
        let table = corpus.tables[pair]
        let toCount = sourceGivesTarget ? table.targetCount : table.sourceCount
        guard toCount > 0 else { return }
        for to in 1...toCount {
            posterior(table, to: to, diagonal: diagonal, into: &weights)
            let total = weights.reduce(0, +)
            guard total > 0 else { continue }
            for (from, weight) in weights.enumerated() { counts[slot(table, from: from, to: to)] += Float(weight / total) }
        }
    }

    /// The most probable generating word of each generated word, as source-target links (NULL: no link).
    func viterbi(_ pair: Int) -> WordLinks {
        if !jumps.isEmpty { return hmmViterbi(pair) }
        let table = corpus.tables[pair]
        let toCount = sourceGivesTarget ? table.targetCount : table.sourceCount
        guard toCount > 0 else { return WordLinks() }
        var weights: [Double] = []
        var links: [WordLinks.Link] = []
        for to in 1...toCount {
            posterior(table, to: to, diagonal: options.diagonalIterations > 0, into: &weights)
            guard let best = weights.indices.max(by: { weights[$0] < weights[$1] }), best > 0 else { continue }
            links.append(sourceGivesTarget ? WordLinks.Link(best - 1, to - 1) : WordLinks.Link(to - 1, best - 1))
        }
        return WordLinks(links)
    }
}
