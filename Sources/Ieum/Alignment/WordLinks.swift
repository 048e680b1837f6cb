// Hard word alignments: sets of (source word, target word) links, Pharaoh text, and their error rate.

/// A set of links between source words (i) and target words (j), 0-based, as fast_align,
/// eflomal and Marian print them: `0-0 1-2 2-1` (source-target).
package struct WordLinks: Sendable, Hashable {
    package struct Link: Sendable, Hashable, Comparable {
        package var source: Int
        package var target: Int

        package init(_ source: Int, _ target: Int) {
            self.source = source
            self.target = target
        }

        package static func < (left: Link, right: Link) -> Bool { (left.source, left.target) < (right.source, right.target) }
    }

    package var links: Set<Link>

    package init(_ links: some Sequence<Link> = []) {
        self.links = Set(links)
    }

    /// Parses Pharaoh text (`i-j` pairs separated by spaces); nil when a pair is malformed.
    package init?(pharaoh: some StringProtocol) {
        var links = Set<Link>()
        for pair in pharaoh.split(separator: " ") {
            let parts = pair.split(separator: "-")
            guard parts.count == 2, let source = Int(parts[0]), let target = Int(parts[1]), source >= 0, target >= 0 else { return nil }
            links.insert(Link(source, target))
        }
        self.links = links
    }

    /// Pharaoh text, links sorted by source then target.
    package var pharaoh: String { links.sorted().map { "\($0.source)-\($0.target)" }.joined(separator: " ") }

    /// The same links seen from the other side.
    package var inverted: WordLinks { WordLinks(links.map { Link($0.target, $0.source) }) }
}

/// Alignment error rate (Och and Ney 2003) of hypotheses against gold links with sure (S) and
/// possible (P) links, S ⊆ P: 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|), over a whole set.
package func alignmentErrorRate(hypotheses: [WordLinks], sure: [WordLinks], possible: [WordLinks]) -> Double {
    var hypothesisCount = 0, sureCount = 0, agreeSure = 0, agreePossible = 0
    for (hypothesis, (sure, possible)) in zip(hypotheses, zip(sure, possible)) {
        let possible = possible.links.union(sure.links)
        hypothesisCount += hypothesis.links.count
        sureCount += sure.links.count
        agreeSure += hypothesis.links.intersection(sure.links).count
        agreePossible += hypothesis.links.intersection(possible).count
    }
    guard hypothesisCount + sureCount > 0 else { return 0 }
    return 1 - Double(agreeSure + agreePossible) / Double(hypothesisCount + sureCount)
}
