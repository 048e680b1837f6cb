// Crawl's description files and CLDR's locale files, on fragments written by the team.
import Foundation
import Testing
@testable import Ieum

@Suite struct CrawlAndLocaleDataTests {
    @Test func crawlEntriesPairByKeyAndSentence() {
        let korean = CrawlDescriptionFile(text: """
            %%%%
            Ieum the Joiner

            잇는 신 ‘이음’ 은 끊어진 것을
            다시 잇는 신이다. 신도들은 다리를 놓는다.
            %%%%
            Only in Korean

            한국어에만 있는 항목이다.
            %%%%

            """)
        let english = CrawlDescriptionFile(text: """
            %%%%
            Ieum the Joiner

            Ieum is the god who joins what was broken.
            Followers build bridges.
            %%%%

            """)
        #expect(korean.entries.keys.sorted() == ["Ieum the Joiner", "Only in Korean"])
        let pairs = ParagraphPairing.pairs(korean: korean.entries["Ieum the Joiner"] ?? [], english: english.entries["Ieum the Joiner"] ?? [])
        #expect(pairs.map(\.english) == ["Ieum is the god who joins what was broken.", "Followers build bridges."])
        #expect(pairs.map(\.korean.scalarValues) == ["잇는 신 ‘이음’ 은 끊어진 것을 다시 잇는 신이다.", "신도들은 다리를 놓는다."].map(\.scalarValues))
        #expect(ParagraphPairing.pairs(korean: korean.entries["Only in Korean"] ?? [], english: []).isEmpty)
        // Sentence counts differ: the paragraph as a whole.
        #expect(ParagraphPairing.pairs(korean: ["하나. 둘."], english: ["One and two."]).map(\.english) == ["One and two."])
        let url = URL(fileURLWithPath: "/usr/share/crawl/dat/descript/ko/gods.txt")
        #expect(CrawlDescriptionFile.englishFile(ofKorean: url)?.path == "/usr/share/crawl/dat/descript/gods.txt")
    }

    @Test func localeNamesByKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-cldr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ko.xml")
        try """
            <?xml version="1.0" encoding="UTF-8" ?>
            <ldml>
              <localeDisplayNames>
                <languages><language type="ko">한국어</language><language type="en" alt="short">영어(짧게)</language></languages>
                <territories><territory type="KR">대한민국</territory></territories>
              </localeDisplayNames>
              <dates><calendars><calendar type="gregorian">
                <months><monthContext type="format"><monthWidth type="wide"><month type="3">3월</month></monthWidth>
                <monthWidth type="abbreviated"><month type="3">3</month></monthWidth></monthContext></months>
              </calendar></calendars></dates>
              <numbers><currencies><currency type="KRW"><displayName>대한민국 원</displayName>
                <displayName count="other">대한민국 원</displayName></currency></currencies></numbers>
              <units><unitLength type="long"><unit type="length-kilometer"><displayName>킬로미터</displayName></unit></unitLength>
                <unitLength type="short"><unit type="length-meter"><displayName>m</displayName></unit></unitLength></units>
              <annotations><annotation cp="👍">좋아요 | 엄지</annotation><annotation cp="👍" type="tts">엄지 척</annotation></annotations>
            </ldml>
            """.write(to: file, atomically: true, encoding: .utf8)
        let names = try LocaleDataFile.read(file).names
        #expect(names == ["language:ko": "한국어", "territory:KR": "대한민국", "month:3": "3월", "currency:KRW": "대한민국 원",
                          "unit:length-kilometer": "킬로미터", "emoji:👍": "엄지 척"])
        #expect(LocaleDataFile.englishFile(ofKorean: URL(fileURLWithPath: "/c/common/annotations/ko.xml"))?.path == "/c/common/annotations/en.xml")
        #expect(LocaleDataFile.englishFile(ofKorean: URL(fileURLWithPath: "/c/common/collation/ko.xml")) == nil)

        for damaged in ["<ldml><unclosed></ldml>", "<ldml><languages>", "not XML at all"] {
            try damaged.write(to: file, atomically: true, encoding: .utf8)
            #expect(throws: FormatError.self, "\(damaged)") { try LocaleDataFile.read(file) }
        }
    }
}
