// Corpus BLEU with sacreBLEU's default settings.

/// Corpus-level BLEU (Papineni et al., 2002) as sacreBLEU 2.x computes it by default:
/// n-grams up to 4, case-sensitive, the 13a tokenizer, "exp" smoothing, no effective
/// order, and the brevity penalty against each sentence's closest reference length.
///
/// ```swift
/// let score = try BLEU.score(hypotheses: translations, references: referenceSentences)
/// print(score.score)              // 0…100
/// print(score.signedDescription)  // BLEU|nrefs:1|case:mixed|…|version:ieum = 23.45 58.1/…
/// ```
public enum BLEU {
    /// The longest n-gram counted.
    static let maxOrder = 4

    /// Corpus BLEU of `hypotheses` against one or more reference sets: `references[k][i]`
    /// is the k-th reference of hypothesis i, so each set has one line per hypothesis
    /// (sacreBLEU's layout: one set per reference file).
    ///
    /// - Throws: `EvaluationError` when there is no reference set or one of them does not
    ///   have one line per hypothesis.
    public static func score(hypotheses: [String], references: [[String]]) throws(EvaluationError) -> BLEUScore {
        try EvaluationError.check(hypotheses: hypotheses, references: references)
        var statistics = BLEUStatistics()
        var counter = WordNGramCounter()
        var referenceTokens: [[Unicode.Scalar]] = []
        for (index, hypothesis) in hypotheses.enumerated() {
            referenceTokens.removeAll(keepingCapacity: true)
            for referenceSet in references {
                referenceTokens.append(tokenized(referenceSet[referenceSet.startIndex + index]))
            }
            counter.add(hypothesis: tokenized(hypothesis), references: referenceTokens, to: &statistics)
        }
        return BLEUScore(statistics: statistics, referenceSetCount: references.count)
    }

    /// Corpus BLEU of `hypotheses` against one reference each: `references[i]` for hypothesis i.
    ///
    /// - Throws: `EvaluationError` when the counts differ.
    public static func score(hypotheses: [String], references: [String]) throws(EvaluationError) -> BLEUScore {
        try score(hypotheses: hypotheses, references: [references])
    }

    /// A sentence as BLEU compares it: trailing whitespace stripped, then 13a-tokenized.
    static func tokenized(_ sentence: String) -> [Unicode.Scalar] {
        BLEUTokenizer13a.tokenizedScalars(Array(sentence.unicodeScalars).droppingTrailingPythonWhitespace())
    }
}
