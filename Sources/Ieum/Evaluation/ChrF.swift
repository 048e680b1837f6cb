// Corpus chrF with sacreBLEU's default settings.

/// Corpus-level chrF (Popović, 2015) as sacreBLEU 2.x computes it by default (`chrF2`):
/// character n-grams up to 6, no word n-grams, β = 2, whitespace left out, case-sensitive,
/// and no epsilon smoothing (orders without n-grams on either side are left out of the
/// averages). Statistics are summed over the corpus, each sentence taking the reference
/// that gives it the best chrF.
///
/// ```swift
/// let score = try ChrF.score(hypotheses: translations, references: referenceSentences)
/// print(score.signedDescription)  // chrF2|nrefs:1|…|version:ieum = 45.67
/// ```
public enum ChrF {
    /// The longest character n-gram counted.
    static let characterOrder = 6
    /// Recall weighs β times as much as precision.
    static let beta = 2

    /// Corpus chrF of `hypotheses` against one or more reference sets: `references[k][i]`
    /// is the k-th reference of hypothesis i, so each set has one line per hypothesis.
    ///
    /// - Throws: `EvaluationError` when there is no reference set or one of them does not
    ///   have one line per hypothesis.
    public static func score(hypotheses: [String], references: [[String]]) throws(EvaluationError) -> ChrFScore {
        try EvaluationError.check(hypotheses: hypotheses, references: references)
        var corpusStatistics = [Int](repeating: 0, count: 3 * characterOrder)
        for (index, hypothesis) in hypotheses.enumerated() {
            let hypothesisNGrams = CharacterNGramTable(hypothesis, maxOrder: characterOrder)
            // sacreBLEU starts below any score, so the first reference is always taken, and
            // of equally good ones the first wins.
            var (bestStatistics, bestFScore) = ([Int](repeating: 0, count: 3 * characterOrder), -1.0)
            for referenceSet in references {
                let referenceNGrams = CharacterNGramTable(referenceSet[referenceSet.startIndex + index], maxOrder: characterOrder)
                let statistics = matchStatistics(of: hypothesisNGrams, against: referenceNGrams)
                let fScore = fScore(statistics)
                if fScore > bestFScore { (bestStatistics, bestFScore) = (statistics, fScore) }
            }
            for position in corpusStatistics.indices { corpusStatistics[position] += bestStatistics[position] }
        }
        return ChrFScore(score: fScore(corpusStatistics), referenceSetCount: references.count)
    }

    /// Corpus chrF of `hypotheses` against one reference each: `references[i]` for hypothesis i.
    ///
    /// - Throws: `EvaluationError` when the counts differ.
    public static func score(hypotheses: [String], references: [String]) throws(EvaluationError) -> ChrFScore {
        try score(hypotheses: hypotheses, references: [references])
    }

    /// Per order, three counts: hypothesis n-grams (0 when the reference has none of that
    /// order), reference n-grams, and the n-grams they share.
    static func matchStatistics(of hypothesis: CharacterNGramTable, against reference: CharacterNGramTable) -> [Int] {
        var statistics: [Int] = []
        statistics.reserveCapacity(3 * characterOrder)
        for order in 1...characterOrder {
            let referenceCount = reference.sortedNGrams[order - 1].count
            statistics += [
                referenceCount > 0 ? hypothesis.sortedNGrams[order - 1].count : 0,
                referenceCount,
                hypothesis.sharedCount(with: reference, order: order),
            ]
        }
        return statistics
    }

    /// chrF from the counts of `matchStatistics` (of a sentence or summed over a corpus):
    /// the F-β of precision and recall averaged over the orders where both sides have
    /// n-grams. sacreBLEU's `_compute_f_score` step for step, for the same rounding.
    static func fScore(_ statistics: [Int]) -> Double {
        let factor = Double(beta * beta)
        var (averagePrecision, averageRecall, effectiveOrder) = (0.0, 0.0, 0)
        for order in 0..<characterOrder {
            let (hypothesisCount, referenceCount, matchCount) = (statistics[3 * order], statistics[3 * order + 1], statistics[3 * order + 2])
            if hypothesisCount > 0 && referenceCount > 0 {
                averagePrecision += Double(matchCount) / Double(hypothesisCount)
                averageRecall += Double(matchCount) / Double(referenceCount)
                effectiveOrder += 1
            }
        }
        guard effectiveOrder > 0 else { return 0 }
        averagePrecision /= Double(effectiveOrder)
        averageRecall /= Double(effectiveOrder)
        guard averagePrecision + averageRecall != 0 else { return 0 }
        var score = (1 + factor) * averagePrecision * averageRecall
        score /= factor * averagePrecision + averageRecall
        return 100 * score
    }
}
