// Two one-way alignments made into one: grow-diag-final-and (Koehn et al. 2003).

extension WordLinks {
    /// grow-diag-final-and of a source→target and a target→source alignment (both given as
    /// source-target links): start from their intersection; grow it with links of the union
    /// that touch an existing link (also diagonally) and align a word not yet aligned; then
    /// add links of each direction whose two words are both still unaligned.
    package static func growDiagFinalAnd(_ forward: WordLinks, _ backward: WordLinks) -> WordLinks {
        let union = forward.links.union(backward.links)
        var result = forward.links.intersection(backward.links)
        var alignedSource = Set(result.map(\.source)), alignedTarget = Set(result.map(\.target))
        func add(_ link: Link) {
            result.insert(link)
            alignedSource.insert(link.source)
            alignedTarget.insert(link.target)
        }
        let neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
        var grew = true
        while grew {
            grew = false
            for link in result.sorted() {
                for (di, dj) in neighbours {
                    let candidate = Link(link.source + di, link.target + dj)
                    guard union.contains(candidate), !result.contains(candidate),
                          !alignedSource.contains(candidate.source) || !alignedTarget.contains(candidate.target) else { continue }
                    add(candidate)
                    grew = true
                }
            }
        }
        for direction in [forward, backward] {
            for link in direction.links.sorted() where !alignedSource.contains(link.source) && !alignedTarget.contains(link.target) {
                add(link)
            }
        }
        return WordLinks(result)
    }
}
