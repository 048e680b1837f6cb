// The split: whole documents per split, nothing of dev or test in train, reproducible.
import Testing
@testable import Ieum

@Suite struct CorpusSplitTests {
    /// 60 documents of 5 pairs; every document shares 취소/Cancel, and neighbours share a pair.
    static let documents: [[CorpusPair]] = (0..<60).map { document in
        let source = "package\(document):catalog.mo"
        var pairs = (0..<3).map { CorpusPair(korean: "문장 \(document)-\($0)", english: "sentence \(document)-\($0)", source: source) }
        pairs.append(CorpusPair(korean: "취소", english: "Cancel", source: source))
        pairs.append(CorpusPair(korean: "공유 \(document / 2)", english: "shared \(document / 2)", source: source))
        return pairs
    }

    @Test func heldOutSetsShareNothingWithTrain() {
        let split = CorpusSplit(documents: Self.documents, heldOutSize: 20, largestHeldOutDocument: 10, seed: 3)
        let trainKorean = Set(split.train.map(\.korean)), trainEnglish = Set(split.train.map(\.english))
        for pair in split.dev + split.test {
            #expect(!trainKorean.contains(pair.korean) && !trainEnglish.contains(pair.english), "\(pair.korean)")
        }
        #expect(split.dev.count >= 20 && split.test.count >= 20)
        // Every document lies in one split.
        let splitOfSource = Dictionary(grouping: [("train", split.train), ("dev", split.dev), ("test", split.test)]
            .flatMap { name, pairs in pairs.map { ($0.source, name) } }, by: \.0).mapValues { Set($0.map(\.1)) }
        #expect(splitOfSource.values.allSatisfy { $0.count == 1 })
        // Train holds each pair once: 취소/Cancel once, not once per document.
        #expect(split.train.filter { $0.korean == "취소" }.count == 1)
    }

    @Test func theSeedDecides() {
        let first = CorpusSplit(documents: Self.documents, heldOutSize: 20, largestHeldOutDocument: 10, seed: 3)
        let again = CorpusSplit(documents: Self.documents, heldOutSize: 20, largestHeldOutDocument: 10, seed: 3)
        let other = CorpusSplit(documents: Self.documents, heldOutSize: 20, largestHeldOutDocument: 10, seed: 4)
        #expect(first.test == again.test && first.dev == again.dev && first.train == again.train)
        #expect(first.test != other.test)
    }
}
