// Two one-way alignments made into one: links whose two posteriors average above a threshold.

extension WordLinks {
    /// The links (i, j) whose source→target posterior p(target j from source i) and
    /// target→source posterior p(source i from target j) average above `threshold` (Liang et
    /// al. 2006 threshold their product; the average keeps a Korean word's several English
    /// words, which the one-to-one backward direction can give only one). Both posteriors are
    /// in slot-table layout, (S + 1, T + 1), row and column 0 being the NULL words (not read).
    package init(averaging forward: [Double], _ backward: [Double], sourceCount: Int, targetCount: Int, threshold: Double) {
        let width = targetCount + 1
        var links: [Link] = []
        for i in stride(from: 1, through: sourceCount, by: 1) {
            for j in stride(from: 1, through: targetCount, by: 1) where (forward[i * width + j] + backward[i * width + j]) / 2 > threshold {
                links.append(Link(i - 1, j - 1))
            }
        }
        self.init(links)
    }
}
