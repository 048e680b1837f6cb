// Splits documents into train, dev and test, so that near-duplicates cannot leak across.

/// Train, dev and test sets made of whole documents: every pair of a catalog or help page
/// goes to the same split, chosen with a fixed seed. Train keeps one copy of each pair, and
/// dev and test drop every pair whose Korean or English also occurs in train (common strings
/// such as 취소/Cancel are in hundreds of catalogs). So documents are sized for dev and test
/// by their own pairs, those whose Korean and English occur in no other document; dev and
/// test take documents in seeded random order until each holds about `heldOutSize` of them.
package struct CorpusSplit: Sendable {
    package var train: [CorpusPair] = []
    package var dev: [CorpusPair] = []
    package var test: [CorpusPair] = []

    /// - Parameters:
    ///   - documents: each document's cleaned pairs, in a stable order.
    ///   - heldOutSize: pairs wanted in each of dev and test.
    ///   - largestHeldOutDocument: bigger documents always go to train, so that no one
    ///     program dominates the held-out sets.
    package init(documents: [[CorpusPair]], heldOutSize: Int = 2000, largestHeldOutDocument: Int = 250, seed: UInt64 = 1) {
        var documentsWithKorean: [String: Int] = [:], documentsWithEnglish: [String: Int] = [:]
        for document in documents {
            for korean in Set(document.map(\.korean)) { documentsWithKorean[korean, default: 0] += 1 }
            for english in Set(document.map(\.english)) { documentsWithEnglish[english, default: 0] += 1 }
        }
        var order = Array(documents.indices)
        var generator = SeededGenerator(seed: seed)
        order.shuffle(using: &generator)
        var devDocuments: [Int] = [], testDocuments: [Int] = [], trainDocuments: [Int] = []
        var devCount = 0, testCount = 0
        for index in order {
            let size = documents[index].count {
                documentsWithKorean[$0.korean] == 1 && documentsWithEnglish[$0.english] == 1
            }
            if size > 0 && size <= largestHeldOutDocument && devCount < heldOutSize {
                devDocuments.append(index)
                devCount += size
            } else if size > 0 && size <= largestHeldOutDocument && testCount < heldOutSize {
                testDocuments.append(index)
                testCount += size
            } else {
                trainDocuments.append(index)
            }
        }
        var seen = Set<CorpusPairKey>()
        var trainKorean = Set<String>(), trainEnglish = Set<String>()
        for index in trainDocuments.sorted() {
            for pair in documents[index] where seen.insert(CorpusPairKey(pair)).inserted {
                train.append(pair)
                trainKorean.insert(pair.korean)
                trainEnglish.insert(pair.english)
            }
        }
        func heldOut(_ indices: [Int]) -> [CorpusPair] {
            indices.sorted().flatMap { documents[$0] }.filter { pair in
                !trainKorean.contains(pair.korean) && !trainEnglish.contains(pair.english)
                    && seen.insert(CorpusPairKey(pair)).inserted
            }
        }
        dev = heldOut(devDocuments)
        test = heldOut(testDocuments)
    }
}

/// A pair without its provenance, for finding duplicates.
private struct CorpusPairKey: Hashable {
    let korean: String
    let english: String

    init(_ pair: CorpusPair) {
        korean = pair.korean
        english = pair.english
    }
}
