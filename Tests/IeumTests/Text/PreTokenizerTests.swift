// The pre-tokenizer: ICU word breaks, script and digit splits, space marks.
import Testing
@testable import Ieum

@Suite struct PreTokenizerTests {
    func words(_ text: String) throws -> [(String, Bool)] {
        let scalars = text.scalarValues
        return try ICUPreTokenizer().split(scalars).map { (String(scalars: scalars[$0.range]), $0.followsSpace) }
    }

    func expectWords(_ text: String, _ expected: [(String, Bool)]) throws {
        let found = try words(text)
        #expect(found.map { $0.0.scalarValues } == expected.map { $0.0.scalarValues }, "\(text)")
        #expect(found.map(\.1) == expected.map(\.1), "\(text)")
    }

    @Test func splitsAtScriptChanges() throws {
        try expectWords("LibreOffice에서 열기", [("LibreOffice", true), ("에서", false), ("열기", true)])
        try expectWords("漢字로", [("漢字", true), ("로", false)])
    }

    @Test func splitsDigitsFromLetters() throws {
        try expectWords("사과 3개", [("사과", true), ("3", true), ("개", false)])
        try expectWords("버전 2.4", [("버전", true), ("2", true), (".", false), ("4", false)])
    }

    @Test func punctuationAndEmojiAreWordsOfTheirOwn() throws {
        try expectWords("좋아요!! 👨‍👩‍👧", [("좋아요", true), ("!", false), ("!", false), ("👨‍👩‍👧", true)])
    }

    @Test func combiningMarksStayWithTheirBase() throws {
        try expectWords("cafe\u{301} ok", [("cafe\u{301}", true), ("ok", true)])
    }
}

@Suite struct PreTokenizerShortcutTests {
    /// Splitting without ICU where UAX #29 cannot break gives exactly what asking ICU about
    /// every chunk gives, on every line of the sample corpus and on the round-trip cases.
    @Test func shortcutAgreesWithICU() throws {
        let corpus = try Fixtures.text("corpora/sample/ko-en.tsv")
            .split(whereSeparator: { $0 == "\n" || $0 == "\t" }).map(String.init)
        let lines = corpus + RoundTripTests.hardCases.map(\.text) + ["다.. 왜?! a,b 3.5 x.y"]
        let normalizer = ICUNormalizer()
        for line in lines {
            let text = try normalizer.normalize(line).scalars
            let fast = try ICUPreTokenizer().split(text)
            let reference = try ICUPreTokenizer(usesICUForEveryChunk: true).split(text)
            #expect(fast == reference, "\(line)")
        }
    }
}
