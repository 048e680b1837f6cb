// The team-written general-domain pairs of corpora/general, and their held-out sets.
import Foundation

/// `corpora/general/TOPIC.tsv` files (`korean<TAB>english`, one pair a line), split into
/// train, dev and test. Dev and test are drawn evenly across the topic files: each file gives
/// its share of `heldOutSize` (in proportion to its size), chosen by a shuffle seeded with
/// the seed and the file's name, so that every topic is in every split.
package struct GeneralCorpus: Sendable {
    /// Each topic file's pairs, sorted by file name; the source of a pair is `general:TOPIC.tsv`.
    package let topics: [(name: String, pairs: [CorpusPair])]

    /// Reads every `.tsv` file of `folder`; a line without exactly two non-empty fields is an
    /// error naming its file and line.
    package static func read(_ folder: URL) throws(FormatError) -> GeneralCorpus {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tsv") }.sorted()
        } catch {
            throw FormatError(file: folder.path, reason: "cannot be listed as a folder of topic files")
        }
        var topics: [(String, [CorpusPair])] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let text = String(data: try FormatError.contents(of: url), encoding: .utf8) else {
                throw FormatError(file: url.path, reason: "is not UTF-8 text")
            }
            var pairs: [CorpusPair] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                    throw FormatError(file: url.path, reason: "line \(index + 1) is not korean<TAB>english")
                }
                pairs.append(CorpusPair(korean: String(fields[0]), english: String(fields[1]), source: "general:\(name)"))
            }
            topics.append((name, pairs))
        }
        return GeneralCorpus(topics: topics)
    }

    package init(topics: [(name: String, pairs: [CorpusPair])]) {
        self.topics = topics
    }

    /// Train, dev and test: about `heldOutSize` pairs in each held-out set, the rest in train.
    package func split(heldOutSize: Int = 1000, seed: UInt64 = 1) -> (train: [CorpusPair], dev: [CorpusPair], test: [CorpusPair]) {
        let total = topics.reduce(0) { $0 + $1.pairs.count }
        var train: [CorpusPair] = [], dev: [CorpusPair] = [], test: [CorpusPair] = []
        var before = 0
        for topic in topics {
            // Cumulative rounding: the shares add up to exactly heldOutSize.
            func share(_ count: Int) -> Int { total == 0 ? 0 : (heldOutSize * count + total / 2) / total }
            let quota = min(share(before + topic.pairs.count) - share(before), topic.pairs.count / 3)
            before += topic.pairs.count
            var generator = SeededGenerator(seed: seed ^ SentenceFingerprints.fingerprint(topic.name))
            var order = Array(topic.pairs.indices)
            order.shuffle(using: &generator)
            dev += order.prefix(quota).sorted().map { topic.pairs[$0] }
            test += order.dropFirst(quota).prefix(quota).sorted().map { topic.pairs[$0] }
            train += order.dropFirst(2 * quota).sorted().map { topic.pairs[$0] }
        }
        return (train, dev, test)
    }
}
