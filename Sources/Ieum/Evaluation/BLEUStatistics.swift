// BLEU's sufficient statistics: lengths and clipped n-gram counts, summed over a corpus.

/// What corpus BLEU is computed from, added up sentence by sentence as sacreBLEU does.
struct BLEUStatistics: Equatable {
    /// Tokens in the hypotheses.
    var hypothesisLength = 0
    /// Tokens in the references, each sentence's closest one in length.
    var referenceLength = 0
    /// Hypothesis n-grams found in a reference, clipped to the reference's count: index 0 for unigrams.
    var matches = [Int](repeating: 0, count: BLEU.maxOrder)
    /// Hypothesis n-grams: index 0 for unigrams.
    var totals = [Int](repeating: 0, count: BLEU.maxOrder)
}
