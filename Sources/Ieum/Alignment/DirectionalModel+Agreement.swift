// Alignment by agreement (Liang et al. 2006): both directions trained on the product of their link posteriors.

extension DirectionalModel {
    /// One EM iteration of both directions together: the E-step's counts are shared.
    static func agreementIteration(_ forward: inout DirectionalModel, _ backward: inout DirectionalModel) {
        let (sourceGivesTarget, targetGivesSource) = (forward, backward)
        let counts = summedCounts(pairCount: forward.corpus.tables.count, size: forward.probabilities.count,
                                  threads: forward.options.threads) { pair, counts, scratch in
            sourceGivesTarget.posteriors(pair, into: &scratch.forward, weights: &scratch.weights)
            targetGivesSource.posteriors(pair, into: &scratch.backward, weights: &scratch.weights)
            addAgreementCounts(sourceGivesTarget.corpus, pair: pair, forward: scratch.forward, backward: scratch.backward, into: &counts)
        }
        forward.update(lexicalCounts: counts)
        backward.update(lexicalCounts: counts)
    }

    /// Adds one pair's agreement counts: each word pair gets the product of its two link
    /// posteriors (its one slot serves both directions, which normalize it differently); each
    /// word's NULL slot keeps its own direction's NULL posterior.
    static func addAgreementCounts(_ corpus: AlignmentCorpus, pair: Int, forward: [Double], backward: [Double], into counts: inout [Float]) {
        let table = corpus.tables[pair]
        let width = table.targetCount + 1
        for i in 0...table.sourceCount {
            for j in 0...table.targetCount where i > 0 || j > 0 {
                // Row 0 holds only the forward NULL posteriors, column 0 only the backward ones.
                let count = i == 0 ? forward[j] : j == 0 ? backward[i * width] : forward[i * width + j] * backward[i * width + j]
                counts[Int(corpus.slots[table.start + i * width + j])] += Float(count)
            }
        }
    }
}
