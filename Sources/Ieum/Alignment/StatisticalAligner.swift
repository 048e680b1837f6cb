// A statistical word aligner trained by EM: IBM Model 1, then fast_align's diagonal Model 2 trained by agreement.
import Foundation

/// Word alignment without a neural model, after fast_align (Dyer et al. 2013) and alignment
/// by agreement (Liang et al. 2006): lexical translation probabilities t(f|e) with a NULL
/// source word, trained by EM over the whole corpus in both directions, first as IBM Model 1
/// (uniform positions, each direction alone), then with a prior that favours the diagonal,
/// p(i|j) ∝ exp(−λ |i/m − j/n|), the NULL word taking `nullProbability`, the two directions
/// trained together: both take the product of their link posteriors as expected counts, so a
/// link only one direction wants loses its weight. The M-step is variational Bayes with a
/// small Dirichlet prior (`alpha`), which keeps rare words from collecting links (with
/// `alpha` 0, plain maximum likelihood). A link is kept when the average of its two
/// directions' posteriors exceeds `linkThreshold`. Results do not depend on the thread count.
package struct StatisticalAligner: Sendable {
    package struct Options: Sendable, Equatable {
        package var model1Iterations = 5
        /// Iterations of the diagonal model, both directions trained by agreement.
        package var diagonalIterations = 5
        /// Iterations of the HMM alignment model (Vogel et al. 1996) after the others, each
        /// direction alone: jumps between consecutive aligned positions have probabilities of
        /// their own, learned by forward-backward (0: none, the diagonal model decides).
        package var hmmIterations = 0
        /// λ of the diagonal prior.
        package var diagonalTension: Double = 4
        package var nullProbability: Double = 0.08
        package var alpha: Double = 0.01
        /// A link is kept when (p(source i | target j) + p(target j | source i)) / 2 exceeds this.
        package var linkThreshold: Double = 0.5
        package var threads = ProcessInfo.processInfo.activeProcessorCount

        package init() {}
    }

    package var options: Options

    package init(options: Options = Options()) {
        self.options = options
    }

    /// Symmetrized alignments of each (source words, target words) pair, trained on all of them.
    package func align(_ pairs: [(source: [String], target: [String])]) -> [WordLinks] {
        let (forward, backward) = trainedModels(AlignmentCorpus(pairs))
        let threshold = options.linkThreshold
        return concurrentMap(pairs.count) { pair in
            var scratch = AlignmentScratch()
            forward.posteriors(pair, into: &scratch.forward, weights: &scratch.weights)
            backward.posteriors(pair, into: &scratch.backward, weights: &scratch.weights)
            let table = forward.corpus.tables[pair]
            return WordLinks(averaging: scratch.forward, scratch.backward, sourceCount: table.sourceCount,
                             targetCount: table.targetCount, threshold: threshold)
        }
    }

    /// Each direction's most probable generating word of each word (NULL: no link), as
    /// source-target links (source→target, target→source), for study.
    package func alignBothWays(_ pairs: [(source: [String], target: [String])]) -> [(forward: WordLinks, backward: WordLinks)] {
        let (forward, backward) = trainedModels(AlignmentCorpus(pairs))
        return concurrentMap(pairs.count) { (forward.mostProbableLinks($0), backward.mostProbableLinks($0)) }
    }

    /// Both directions' models: Model 1 alone, the diagonal model by agreement, then the HMM alone.
    func trainedModels(_ corpus: AlignmentCorpus) -> (forward: DirectionalModel, backward: DirectionalModel) {
        var forward = DirectionalModel(corpus: corpus, sourceGivesTarget: true, options: options)
        var backward = DirectionalModel(corpus: corpus, sourceGivesTarget: false, options: options)
        for _ in 0..<options.model1Iterations {
            forward.modelOneIteration()
            backward.modelOneIteration()
        }
        if options.diagonalIterations > 0 { (forward.diagonal, backward.diagonal) = (true, true) }
        for _ in 0..<options.diagonalIterations { DirectionalModel.agreementIteration(&forward, &backward) }
        if options.hmmIterations > 0 { (forward.jumps, backward.jumps) = (HMMJumps.initial, HMMJumps.initial) }
        for _ in 0..<options.hmmIterations {
            forward.hmmIteration()
            backward.hmmIteration()
        }
        return (forward, backward)
    }
}

/// Per-thread buffers for one pair: each direction's posteriors in slot-table layout and a position's link weights.
struct AlignmentScratch {
    var forward: [Double] = []  // (S + 1, T + 1)
    var backward: [Double] = []  // (S + 1, T + 1)
    var weights: [Double] = []
}

/// Expected counts over the corpus's `pairCount` pairs in fixed chunks, summed in order, so
/// that the thread count does not change the result; `count` adds one pair's into the counts.
func summedCounts(pairCount: Int, size: Int, threads: Int,
                  _ count: @Sendable (Int, inout [Float], inout AlignmentScratch) -> Void) -> [Float] {
    let chunkCount = 16
    let partial = inParallel(Array(0..<chunkCount), threads: threads) { chunk in
        var counts = [Float](repeating: 0, count: size)
        var scratch = AlignmentScratch()
        for pair in (chunk * pairCount / chunkCount)..<((chunk + 1) * pairCount / chunkCount) { count(pair, &counts, &scratch) }
        return counts
    }
    var counts = partial[0]
    for part in partial.dropFirst() { for slot in counts.indices { counts[slot] += part[slot] } }
    return counts
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
