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
