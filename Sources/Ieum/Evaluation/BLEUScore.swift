// A corpus BLEU score, its parts, and how sacreBLEU would print it.
import Foundation

/// The result of `BLEU.score`: the score with the parts it is made of, as sacreBLEU reports them.
public struct BLEUScore: Sendable, Equatable, CustomStringConvertible {
    /// BLEU, from 0 to 100.
    public let score: Double
    /// The n-gram precisions in percent, unigrams first; after "exp" smoothing, so an order
    /// without matches counts as 100 / (2^k × total) for its k-th such order.
    public let precisions: [Double]
    /// Hypothesis n-grams found in the references (clipped), unigrams first.
    public let matchCounts: [Int]
    /// Hypothesis n-grams, unigrams first.
    public let totalCounts: [Int]
    /// exp(1 − r/h) when the hypotheses are shorter than the references, else 1; 0 when they are empty.
    public let brevityPenalty: Double
    /// Hypothesis length over reference length (0 when the references are empty).
    public let ratio: Double
    /// Tokens in all hypotheses.
    public let hypothesisLength: Int
    /// Tokens in the references, each sentence's reference closest in length.
    public let referenceLength: Int
    /// How many reference sets the hypotheses were scored against.
    public let referenceSetCount: Int

    /// sacreBLEU's `compute_bleu` with "exp" smoothing and no effective order, step for
    /// step, so that the floating-point results are the same.
    init(statistics: BLEUStatistics, referenceSetCount: Int) {
        let (hypothesisLength, referenceLength) = (statistics.hypothesisLength, statistics.referenceLength)
        var brevityPenalty = 1.0
        if hypothesisLength < referenceLength {
            brevityPenalty = hypothesisLength > 0 ? exp(1 - Double(referenceLength) / Double(hypothesisLength)) : 0
        }
        var precisions = [Double](repeating: 0, count: BLEU.maxOrder)
        var score = 0.0
        // With no match at all the score is 0 and the precisions stay 0, as in sacreBLEU.
        if statistics.matches.contains(where: { $0 != 0 }) {
            var smoothing = 1.0
            for order in 0..<BLEU.maxOrder {
                let (matches, total) = (statistics.matches[order], statistics.totals[order])
                if total == 0 { break }
                if matches == 0 {
                    smoothing *= 2
                    precisions[order] = 100 / (smoothing * Double(total))
                } else {
                    precisions[order] = 100 * Double(matches) / Double(total)
                }
            }
            // Python's sum() before 3.12: plain left-to-right addition.
            var logSum = 0.0
            for precision in precisions { logSum += Self.flooredLog(precision) }
            score = brevityPenalty * exp(logSum / Double(BLEU.maxOrder))
        }
        self.score = score
        self.precisions = precisions
        self.matchCounts = statistics.matches
        self.totalCounts = statistics.totals
        self.brevityPenalty = brevityPenalty
        self.ratio = referenceLength > 0 ? Double(hypothesisLength) / Double(referenceLength) : 0
        self.hypothesisLength = hypothesisLength
        self.referenceLength = referenceLength
        self.referenceSetCount = referenceSetCount
    }

    /// sacreBLEU's `my_log`: the log, with a very negative number standing in for log 0.
    private static func flooredLog(_ value: Double) -> Double {
        value == 0 ? -9_999_999_999 : log(value)
    }

    /// The settings this score was computed with, in sacreBLEU's format:
    /// `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:ieum`.
    public var signature: String {
        MetricSignature.format(["nrefs": "\(referenceSetCount)", "case": "mixed", "eff": "no", "tok": "13a", "smooth": "exp"])
    }

    /// The score as sacreBLEU prints it:
    /// `BLEU = 23.45 58.1/30.2/17.0/10.1 (BP = 1.000 ratio = 1.012 hyp_len = 1234 ref_len = 1220)`.
    public var description: String {
        "BLEU = \(String(format: "%.2f", score)) \(details)"
    }

    /// The score line with the signature after the name, as sacreBLEU's text output has it:
    /// `BLEU|nrefs:1|…|version:ieum = 23.45 58.1/30.2/17.0/10.1 (BP = …)`.
    public var signedDescription: String {
        "BLEU|\(signature) = \(String(format: "%.2f", score)) \(details)"
    }

    /// The precisions and lengths part of the score line.
    private var details: String {
        let precisionText = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return "\(precisionText) (BP = \(String(format: "%.3f", brevityPenalty)) ratio = \(String(format: "%.3f", ratio)) "
            + "hyp_len = \(hypothesisLength) ref_len = \(referenceLength))"
    }
}
