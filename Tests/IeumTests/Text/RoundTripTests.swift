// decode(encode(x)) == normalize(x), scalar for scalar, on the cases most likely to break it.
import Testing
@testable import Ieum

@Suite struct RoundTripTests {
    static let hardCases: [(name: String, text: String)] = [
        ("Hangul syllables", "철수가 사과를 맛있게 먹었다."),
        ("compatibility jamo", "ㅋㅋㅋ 진짜 웃겨 ㅠㅠ ㄱㄱ"),
        ("conjoining jamo", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF} 자모"),
        ("lone conjoining jamo", "\u{1100}\u{1100} \u{1161}"),
        ("Hanja", "大韓民國 韓國語 𠀀 鬱"),
        ("emoji with ZWJ", "가족 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽"),
        ("fullwidth Latin", "ＡＢＣ ｄｅｆ！ （１２３）"),
        ("combining marks", "cafe\u{301} nai\u{308}ve a\u{323}\u{302}"),
        ("combining mark after a space", "a \u{301}b \u{302}"),
        ("right-to-left", "שלום עולם مرحبا بالعالم"),
        ("tabs", "a\tb\t\tc"),
        ("leading, trailing and repeated spaces", "   앞   뒤   "),
        ("empty line", ""),
        ("only spaces", "    "),
        ("space marker in text", "a▁b ▁ c"),
        ("mixed scripts and digits", "LibreOffice에서 3개의 PDF파일을 2026년에 열었다"),
        ("byte fallback", "\u{E000}\u{10FFFD} 𝔘𝔫𝔦"),
    ]

    @Test(arguments: hardCases)
    func roundTrip(_ testCase: (name: String, text: String)) throws {
        let tokenizer = Fixtures.bundledTokenizer
        let normalized = try tokenizer.normalizer.normalize(testCase.text).string
        let decoded = try tokenizer.decode(try tokenizer.encode(testCase.text))
        #expect(decoded.scalarValues == normalized.scalarValues, "\(testCase.name)")
        #expect(try !tokenizer.encode(testCase.text).contains(Vocabulary.unkId), "\(testCase.name)")
    }

    @Test func longLine() throws {
        let words = ["사과를", "LibreOffice에서", "2026년", "😊", "ㅋㅋ", "naïve", "漢字"]
        let text = String((0..<20_000).map { words[$0 % words.count] }.joined(separator: " ").prefix(100_000))
        #expect(text.unicodeScalars.count >= 100_000)
        let tokenizer = Fixtures.bundledTokenizer
        let decoded = try tokenizer.decode(try tokenizer.encode(text))
        #expect(decoded.scalarValues == (try tokenizer.normalizer.normalize(text).string.scalarValues))
    }

    @Test func specialTokensSitAtFixedIds() {
        let pieces = Fixtures.bundledTokenizer.vocabulary.pieces
        #expect(Array(pieces.prefix(4)) == ["<pad>", "<s>", "</s>", "<unk>"])
        #expect(Fixtures.bundledTokenizer.vocabulary.byteIds?.count == 256)
    }

    @Test func nBestAndSamplingSpellTheSameText() throws {
        let tokenizer = Fixtures.bundledTokenizer
        let text = "파일을 저장하려면 Ctrl+S를 누르십시오."
        let best = try tokenizer.encode(text)
        let nBest = try tokenizer.encode(text, nBest: 5)
        #expect(nBest.count == 5)
        #expect(nBest[0].ids == best)
        #expect(zip(nBest, nBest.dropFirst()).allSatisfy { $0.score >= $1.score })
        var generator = SeededGenerator(seed: 7)
        for candidate in try nBest.map(\.ids) + (0..<20).map({ _ in try tokenizer.encode(text, sampling: 0.5, using: &generator) }) {
            #expect(try tokenizer.decode(candidate).scalarValues == tokenizer.decode(best).scalarValues)
        }
    }
}

@Suite struct EncodingWorkspaceTests {
    /// A workspace carried across lines (and its cache of seen words, grown well past its
    /// first table) gives the same ids as a fresh one for each line.
    @Test func sharedWorkspaceMatchesFreshOnes() throws {
        let tokenizer = Fixtures.bundledTokenizer
        let corpus = try Fixtures.text("corpora/sample/ko-en.tsv")
            .split(whereSeparator: { $0 == "\n" || $0 == "\t" }).map(String.init)
        var workspace = EncodingWorkspace()
        for line in corpus + corpus.prefix(200) {
            var shared: [Int32] = []
            try tokenizer.encode(line, appendingTo: &shared, workspace: &workspace)
            #expect(shared == (try tokenizer.encode(line)), "\(line)")
        }
    }
}
