// Training pairs as ids, and their batches: by token count, bucketed by length, shuffled by seed.
import Foundation

/// The pairs of a corpus file as model ids, and the batches of each epoch.
public struct TrainingData: Sendable {
    public let examples: [TrainingExample]
    /// Pairs left out: an empty side, or longer than the length limit.
    public let skipped: Int

    public init(examples: [TrainingExample], skipped: Int = 0) {
        self.examples = examples
        self.skipped = skipped
    }

    /// Reads a corpus TSV (`korean<TAB>english[<TAB>source]`), tokenizes both sides with the
    /// joint vocabulary on `threads` threads, and keeps pairs of 1…`maxLength` pieces on each
    /// side (the source's end token, the model's `endId`, included), Korean as the source
    /// unless `direction` says otherwise, each pair as many times as the first of `sourceWeights` whose key starts its
    /// source says. With `alignments`, each pair carries the statistical aligner's links
    /// between its pieces (the aligner trained on all pairs), for guided alignment.
    public static func load(_ url: URL, tokenizer: Tokenizer, endId: Int32, maxLength: Int, threads: Int,
                            direction: TranslationDirection = .koreanToEnglish, sourceWeights: [String: Int] = [:],
                            alignments: Bool = false) throws -> TrainingData {
        let weights = sourceWeights.sorted { $0.key < $1.key }
        let text = try String(decoding: FormatError.contents(of: url), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let chunks = stride(from: 0, to: lines.count, by: 4096).map { Array(lines[$0..<min($0 + 4096, lines.count)]) }
        let encoded = inParallel(chunks, threads: threads) { chunk in
            var workspace = EncodingWorkspace()
            func encode(_ text: String) -> [Int32] {
                var ids: [Int32] = []
                do { try tokenizer.encode(text, appendingTo: &ids, workspace: &workspace) } catch { return [] }
                return ids
            }
            return chunk.map { line -> (example: TrainingExample, copies: Int)? in
                guard let pair = CorpusPair(line: line) else { return nil }
                let sides = pair.sides(direction)
                let source = encode(sides.source), target = encode(sides.target)
                guard !source.isEmpty, !target.isEmpty, source.count < maxLength, target.count < maxLength else { return nil }
                let copies = weights.first { pair.source.hasPrefix($0.key) }?.value ?? 1
                return (TrainingExample(source: source + [endId], target: target), copies)
            }
        }.flatMap { $0 }
        var kept = encoded.compactMap { $0 }
        if alignments {
            let pieces = tokenizer.vocabulary.pieces
            let links = StatisticalAligner().align(kept.map { pair in
                (pair.example.source.dropLast().map { pieces[Int($0)] }, pair.example.target.map { pieces[Int($0)] })
            })
            for index in kept.indices {
                kept[index].example.alignment = links[index].links.sorted().flatMap { [Int32($0.target), Int32($0.source)] }
            }
        }
        let examples = kept.flatMap { Array(repeating: $0.example, count: $0.copies) }
        return TrainingData(examples: examples, skipped: encoded.count { $0 == nil })
    }

    /// The batches of epoch `epoch` (0-based), as indices into `examples`: pairs sorted by
    /// length (ties broken at random) and cut into batches of at most `batchTokens` padded
    /// tokens on the longer side, then the batches shuffled. The same seed and epoch give the
    /// same batches.
    public func batches(epoch: Int, batchTokens: Int, seed: UInt64) -> [[Int]] {
        var generator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch))
        let tieBreak = examples.indices.map { _ in generator.next() }
        let order = examples.indices.sorted {
            let (a, b) = (examples[$0], examples[$1])
            return (a.source.count, a.target.count, tieBreak[$0]) < (b.source.count, b.target.count, tieBreak[$1])
        }
        var batches: [[Int]] = [], current: [Int] = [], longest = 0
        for index in order {
            let length = max(examples[index].source.count, examples[index].target.count + 1)
            if !current.isEmpty, max(longest, length) * (current.count + 1) > batchTokens {
                batches.append(current)
                (current, longest) = ([], 0)
            }
            current.append(index)
            longest = max(longest, length)
        }
        if !current.isEmpty { batches.append(current) }
        batches.shuffle(using: &generator)
        return batches
    }

    /// Target tokens (end tokens included) in all pairs: what one epoch trains on.
    public var targetTokens: Int { examples.reduce(0) { $0 + $1.target.count + 1 } }
}
