// BLEU, chrF and the 13a tokenizer give sacreBLEU's numbers on the committed fixtures.
import Foundation
import Testing
@testable import Ieum

@Suite struct ScoreTests {
    /// Tests/Fixtures/sacrebleu/expected.json, written by generate.py from sacreBLEU.
    struct Expected: Decodable {
        struct ExpectedBLEU: Decodable {
            let score: Double
            let counts: [Int]
            let totals: [Int]
            let precisions: [Double]
            let bp: Double
            let ratio: Double
            let sysLen: Int
            let refLen: Int
            let text: String
            let signature: String
        }
        struct ExpectedChrF: Decodable {
            let score: Double
            let text: String
            let signature: String
        }
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let name: String
            let hypotheses: String
            let references: [String]
            let lines: Int
            let bleu: ExpectedBLEU
            let chrf: ExpectedChrF
            var testDescription: String { name }
        }
        struct Tokenized: Decodable {
            let input: String
            let tokenized: String
        }
        let sacrebleuVersion: String
        let cases: [Case]
        let tokenization: [Tokenized]
    }

    static let directory = "Tests/Fixtures/sacrebleu/"

    static func loadExpected() throws -> Expected {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Expected.self, from: Data(contentsOf: Fixtures.url(directory + "expected.json")))
    }

    static let expected = try? loadExpected()

    /// The lines of the fixture files named by `names` ("a+b": a's lines, then b's), without
    /// their line breaks, as generate.py reads them.
    static func lines(_ names: String) throws -> [String] {
        try names.split(separator: "+").flatMap { name in
            var lines = try Fixtures.text(directory + name).unicodeScalars
                .split(separator: "\n", omittingEmptySubsequences: false).map { String(Substring($0)) }
            if lines.last?.isEmpty == true { lines.removeLast() }
            return lines
        }
    }

    /// A signature of sacreBLEU's with its version field given Ieum's.
    static func withIeumVersion(_ signature: String) -> String {
        signature.split(separator: "|").map { $0.hasPrefix("version:") ? "version:ieum" : String($0) }.joined(separator: "|")
    }

    static func scores(_ testCase: Expected.Case) throws -> (BLEUScore, ChrFScore) {
        let hypotheses = try lines(testCase.hypotheses)
        let references = try testCase.references.map(lines)
        return (try BLEU.score(hypotheses: hypotheses, references: references),
                try ChrF.score(hypotheses: hypotheses, references: references))
    }

    @Test func fixturesCoverEveryCase() throws {
        let expected = try Self.loadExpected()
        #expect(expected.sacrebleuVersion.hasPrefix("2."))
        #expect(expected.cases.count == 14)
        #expect(expected.tokenization.count >= 200)
        for testCase in expected.cases {
            let hypotheses = try Self.lines(testCase.hypotheses)
            #expect(hypotheses.count == testCase.lines, "\(testCase.name)")
        }
    }

    @Test func tokenizationMatchesSacreBLEU() throws {
        var differing: [String] = []
        for line in try Self.loadExpected().tokenization {
            let ours = BLEUTokenizer13a.tokenize(line.input)
            if ours.scalarValues != line.tokenized.scalarValues {
                differing.append("\(line.input.debugDescription): \(ours.debugDescription), sacreBLEU \(line.tokenized.debugDescription)")
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    @Test(arguments: expected?.cases ?? [])
    func bleuMatchesSacreBLEU(_ testCase: Expected.Case) throws {
        let (bleu, _) = try Self.scores(testCase)
        let expected = testCase.bleu
        #expect(abs(bleu.score - expected.score) <= 1e-9)
        #expect(bleu.matchCounts == expected.counts)
        #expect(bleu.totalCounts == expected.totals)
        #expect(zip(bleu.precisions, expected.precisions).allSatisfy { abs($0 - $1) <= 1e-9 }, "\(bleu.precisions) vs \(expected.precisions)")
        #expect(abs(bleu.brevityPenalty - expected.bp) <= 1e-12)
        #expect(abs(bleu.ratio - expected.ratio) <= 1e-12)
        #expect(bleu.hypothesisLength == expected.sysLen)
        #expect(bleu.referenceLength == expected.refLen)
        #expect(bleu.description == expected.text)
        #expect(bleu.signature == Self.withIeumVersion(expected.signature))
    }

    @Test(arguments: expected?.cases ?? [])
    func chrFMatchesSacreBLEU(_ testCase: Expected.Case) throws {
        let (_, chrF) = try Self.scores(testCase)
        #expect(abs(chrF.score - testCase.chrf.score) <= 1e-9)
        #expect(chrF.description == testCase.chrf.text)
        #expect(chrF.signature == Self.withIeumVersion(testCase.chrf.signature))
    }

    /// The largest differences from sacreBLEU over all cases, for the record.
    @Test func largestDifferenceFromSacreBLEU() throws {
        let expected = try Self.loadExpected()
        var (bleuDifference, chrFDifference) = (0.0, 0.0)
        for testCase in expected.cases {
            let (bleu, chrF) = try Self.scores(testCase)
            bleuDifference = max(bleuDifference, abs(bleu.score - testCase.bleu.score))
            chrFDifference = max(chrFDifference, abs(chrF.score - testCase.chrf.score))
        }
        print("sacreBLEU \(expected.sacrebleuVersion) agreement over \(expected.cases.count) cases: largest |ΔBLEU| \(bleuDifference), |ΔchrF| \(chrFDifference)")
        #expect(bleuDifference <= 1e-9 && chrFDifference <= 1e-9)
    }

    @Test func oneReferenceListEqualsOneReferenceSet() throws {
        let hypotheses = ["The cat sat on the mat.", "It rained all day."]
        let references = ["The cat sat on a mat.", "It was raining all day long."]
        #expect(try BLEU.score(hypotheses: hypotheses, references: references) == BLEU.score(hypotheses: hypotheses, references: [references]))
        #expect(try ChrF.score(hypotheses: hypotheses, references: references) == ChrF.score(hypotheses: hypotheses, references: [references]))
    }

    @Test func mismatchedReferenceSetsAreErrors() throws {
        let hypotheses = ["one", "two"]
        #expect(throws: EvaluationError.referenceCountMismatch(stream: 2, references: 1, hypotheses: 2)) {
            try BLEU.score(hypotheses: hypotheses, references: [["one", "two"], ["one"]])
        }
        #expect(throws: EvaluationError.noReferences) { try ChrF.score(hypotheses: hypotheses, references: [[String]]()) }
        #expect("\(EvaluationError.referenceCountMismatch(stream: 2, references: 1, hypotheses: 2))".contains("reference set 2 has 1"))
    }

    /// Python compares code points, so decomposed Hangul matches nothing of the composed form.
    @Test func decomposedTextIsOtherText() throws {
        let composed = "철수가 사과를 정말 맛있게 먹었다"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(abs(try BLEU.score(hypotheses: [composed], references: [composed]).score - 100) < 1e-9)
        #expect(try BLEU.score(hypotheses: [decomposed], references: [composed]).score == 0)
        #expect(try ChrF.score(hypotheses: [decomposed], references: [composed]).score == 0)
    }

    /// Of two references equally near the hypothesis in length, BLEU takes the shorter.
    @Test func closestReferenceLengthPrefersTheShorter() {
        #expect(WordNGramCounter.closestLength(to: 5, among: [6, 4]) == 4)
        #expect(WordNGramCounter.closestLength(to: 5, among: [4, 6]) == 4)
        #expect(WordNGramCounter.closestLength(to: 5, among: [9, 6, 2]) == 6)
    }

    /// The sorted-merge count of shared character n-grams equals a plain count of each
    /// distinct n-gram on both sides.
    @Test func sharedCharacterNGramsEqualAPlainCount() {
        let sentences = ["abababab", "aaaa bbb", "안녕하세요 안녕", "👍👍🏽👍", "", "x", "the theme of the thesis", "thesis theme"]
        func plainCounts(_ sentence: String, order: Int) -> [[UInt32]: Int] {
            let scalars = sentence.unicodeScalars.filter { !$0.isPythonWhitespace }.map(\.value)
            var counts: [[UInt32]: Int] = [:]
            if scalars.count >= order {
                for start in 0...(scalars.count - order) { counts[Array(scalars[start..<start + order]), default: 0] += 1 }
            }
            return counts
        }
        for first in sentences {
            for second in sentences {
                let (firstTable, secondTable) = (CharacterNGramTable(first), CharacterNGramTable(second))
                for order in 1...6 {
                    let (firstCounts, secondCounts) = (plainCounts(first, order: order), plainCounts(second, order: order))
                    let plain = firstCounts.reduce(0) { $0 + min($1.value, secondCounts[$1.key, default: 0]) }
                    #expect(firstTable.sharedCount(with: secondTable, order: order) == plain, "\(first) / \(second), order \(order)")
                    #expect(firstTable.sortedNGrams[order - 1].count == firstCounts.values.reduce(0, +))
                }
            }
        }
    }
}
