// Clipped word n-gram matches of one hypothesis against its references, as BLEU counts them.

/// An n-gram of up to four token ids of one sentence, two ids to a word; unused slots hold
/// `UInt32.max`, so n-grams of different orders never compare equal.
struct WordNGram: Hashable {
    var head: UInt64
    var tail: UInt64

    /// The n-gram of `ids`, at most `BLEU.maxOrder` of them.
    init(_ ids: ArraySlice<UInt32>) {
        func slot(_ offset: Int) -> UInt64 {
            UInt64(offset < ids.count ? ids[ids.startIndex + offset] : .max)
        }
        head = slot(0) | slot(1) << 32
        tail = slot(2) | slot(3) << 32
    }
}

/// Counts a sentence's n-grams into `BLEUStatistics`, reusing its dictionaries from one
/// sentence to the next.
struct WordNGramCounter {
    /// Each token of the current sentence and its references, by its scalars (never by
    /// `String`, whose equality would merge NFC and NFD spellings that sacreBLEU keeps apart).
    private var tokenIds: [ArraySlice<Unicode.Scalar>: UInt32] = [:]
    /// The most times each n-gram occurs in any one reference.
    private var referenceCounts: [WordNGram: Int] = [:]
    private var scratch: [WordNGram: Int] = [:]

    /// Adds the statistics of `hypothesis` against `references`, each tokenized and joined
    /// by single spaces: its length, the closest reference length, and per order the
    /// hypothesis n-grams and how many of them the references hold.
    mutating func add(hypothesis: [Unicode.Scalar], references: [[Unicode.Scalar]], to statistics: inout BLEUStatistics) {
        tokenIds.removeAll(keepingCapacity: true)
        referenceCounts.removeAll(keepingCapacity: true)
        var referenceLengths: [Int] = []
        for (index, reference) in references.enumerated() {
            let ids = tokenIds(of: reference)
            referenceLengths.append(ids.count)
            if index == 0 {
                for order in 1...BLEU.maxOrder { Self.count(ids, order: order, into: &referenceCounts) }
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            for order in 1...BLEU.maxOrder { Self.count(ids, order: order, into: &scratch) }
            for (ngram, count) in scratch where count > referenceCounts[ngram, default: 0] {
                referenceCounts[ngram] = count
            }
        }

        let ids = tokenIds(of: hypothesis)
        statistics.hypothesisLength += ids.count
        statistics.referenceLength += Self.closestLength(to: ids.count, among: referenceLengths)
        for order in 1...BLEU.maxOrder {
            scratch.removeAll(keepingCapacity: true)
            Self.count(ids, order: order, into: &scratch)
            for (ngram, count) in scratch {
                statistics.totals[order - 1] += count
                statistics.matches[order - 1] += min(count, referenceCounts[ngram, default: 0])
            }
        }
    }

    /// The ids of the space-separated tokens of `tokenized`, given out in order of first sight.
    private mutating func tokenIds(of tokenized: [Unicode.Scalar]) -> [UInt32] {
        tokenized.split(separator: " ").map { token in
            if let id = tokenIds[token] { return id }
            let id = UInt32(tokenIds.count)
            tokenIds[token] = id
            return id
        }
    }

    private static func count(_ ids: [UInt32], order: Int, into counts: inout [WordNGram: Int]) {
        guard ids.count >= order else { return }
        for start in 0...(ids.count - order) {
            counts[WordNGram(ids[start..<start + order]), default: 0] += 1
        }
    }

    /// The reference length nearest the hypothesis length; of two equally near, the shorter.
    static func closestLength(to hypothesisLength: Int, among referenceLengths: [Int]) -> Int {
        var closest: (difference: Int, length: Int)?
        for length in referenceLengths {
            let difference = abs(hypothesisLength - length)
            if let best = closest, difference > best.difference || (difference == best.difference && length >= best.length) {
                continue
            }
            closest = (difference, length)
        }
        return closest?.length ?? -1
    }
}
