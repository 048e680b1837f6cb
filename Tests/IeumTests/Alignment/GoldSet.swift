// The team's hand-aligned gold set (Tests/Fixtures/alignment/gold.tsv), for the tests that score against it.
@testable import Ieum

struct GoldSet {
    struct Pair {
        let korean: String
        let english: String
        let sure: WordLinks
        let possible: WordLinks
    }

    let pairs: [Pair]

    /// Reads the file; `goldSetIsWellFormed` checks its fields strictly.
    init() throws {
        pairs = try Fixtures.text("Tests/Fixtures/alignment/gold.tsv").split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Pair(korean: fields[0], english: fields[1], sure: WordLinks(pharaoh: fields[2]) ?? WordLinks(),
                        possible: WordLinks(pharaoh: fields.count > 3 ? fields[3] : "") ?? WordLinks())
        }
    }

    /// AER of one hypothesis per gold pair, in order.
    func errorRate(of hypotheses: [WordLinks]) -> Double {
        alignmentErrorRate(hypotheses: hypotheses, sure: pairs.map(\.sure), possible: pairs.map(\.possible))
    }
}
